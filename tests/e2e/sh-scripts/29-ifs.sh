# field splitting with IFS
line='a:b::c'
IFS=:
for f in $line; do echo "[$f]"; done
IFS=' '
set -- $(echo "  spaced    words here ")
echo "$# fields: $*"
IFS=,
v="x,y,z"
echo $v
unset IFS
v='p  q'
echo $v
