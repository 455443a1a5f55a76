# seq and xargs
seq 3
seq 2 4
seq 5 -2 1
seq 1 6 | xargs echo
seq 1 5 | xargs -n 2 echo n:
echo a b c | xargs printf '<%s>\n'
