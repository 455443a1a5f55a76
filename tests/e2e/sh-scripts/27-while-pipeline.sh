# a while loop fed by a pipeline, summing numbers
seq 1 10 | { sum=0; while read n; do sum=$((sum + n)); done; echo "sum $sum"; }
printf 'b 2\na 1\nc 3\n' | sort | while read k v; do echo "$k=$v"; done
i=0
while true; do i=$((i + 1)); [ $i -ge 50 ] && break; done
echo "looped $i"
