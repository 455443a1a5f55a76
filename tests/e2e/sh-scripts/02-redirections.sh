# redirections: > >> < 2> 2>&1 >&2 and a file reopened
T=${TMPDIR:-/tmp}/sh-parity-02.$$
echo first > $T
echo second >> $T
cat < $T
wc -l < $T
ls /nonexistent-dir 2> $T; echo "ls status $?"
grep -c 'No such file' $T
echo to-stderr >&2
{ echo out; echo err >&2; } 2>&1 | sort
echo gone > /dev/null
cat $T.missing 2>/dev/null || echo "no such file"
rm -f $T
