# sed: s///g, -n with p, d, line addresses, several -e
printf 'one\ntwo\nthree\nfour\n' > ${TMPDIR:-/tmp}/sh-parity-16.$$
f=${TMPDIR:-/tmp}/sh-parity-16.$$
sed 's/o/0/' $f
sed 's/o/0/g' $f
sed -n '2p' $f
sed '2d' $f
sed -n '/t/p' $f
sed -e 's/one/1/' -e 's/two/2/' $f
echo 'a-b-c' | sed 's/-/ /g'
echo 'hello world' | sed 's/\(hello\) \(world\)/\2 \1/'
sed '1,2d' $f
rm -f $f
