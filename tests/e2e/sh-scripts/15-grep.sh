# grep: -v -c -i -n -E, exit statuses
cat > ${TMPDIR:-/tmp}/sh-parity-15.$$ <<'DATA'
apple pie
Banana split
cherry tart
apple crumble
date loaf
DATA
f=${TMPDIR:-/tmp}/sh-parity-15.$$
grep apple $f
grep -c apple $f
grep -v a $f
grep -i banana $f
grep -n tart $f
grep -E 'pie|loaf' $f
grep -q cherry $f; echo "q $?"
grep nothing $f; echo "none $?"
grep x /nonexistent 2>/dev/null; echo "missing $?"
grep '^[a-c]' $f | wc -l
rm -f $f
