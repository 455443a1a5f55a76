# . (source) and command
d=${TMPDIR:-/tmp}/sh-parity-31.$$
echo 'SOURCED=yes; echo "sourced with $#"' > $d
. $d
echo "SOURCED=$SOURCED"
rm -f $d
command echo via command
command -v echo
command -v nosuchcmd; echo "v $?"
exit 0
