# for, while, until, break, continue, nesting
for w in alpha beta gamma; do echo "word $w"; done
for i in 1 2 3 4 5 6; do
	[ $i = 2 ] && continue
	[ $i = 5 ] && break
	echo "i=$i"
done
n=3; while [ $n -gt 0 ]; do echo "n=$n"; n=$((n - 1)); done
k=0; until [ $k -ge 2 ]; do echo "k=$k"; k=$((k + 1)); done
for a in x y; do for b in 1 2; do echo "$a$b"; done; done
for a in x y; do for b in 1 2; do [ $b = 2 ] && break 2; echo "outer-break $a$b"; done; done
for f in; do echo never; done; echo "empty for $?"
