# wc, head, tail
seq 1 10 > ${TMPDIR:-/tmp}/sh-parity-18.$$
f=${TMPDIR:-/tmp}/sh-parity-18.$$
head -n 3 $f
tail -n 2 $f
tail -n +9 $f
head -3 $f | tail -1
wc -l < $f
printf 'one two\nthree\n' | wc -w
printf 'abc\n' | wc -c
printf 'one two\nthree\n' | wc
seq 1 100 | head -n 2
rm -f $f
