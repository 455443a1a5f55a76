# pathname expansion in a scratch directory
d=${TMPDIR:-/tmp}/sh-parity-21.$$
mkdir -p $d && cd $d || exit 1
for f in b.txt a.txt c.log .hidden; do echo $f > $f; done
echo *.txt
echo *
echo ?.log
echo [ab].*
echo *.none
echo "*.txt"
for f in *.txt; do echo "file $f: $(cat $f)"; done
cd /
rm -r $d
