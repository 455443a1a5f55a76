# ( subshells ) keep their changes, { groups } do not
x=outer
(x=inner; echo "in subshell $x")
echo "after subshell $x"
{ x=group; echo "in group $x"; }
echo "after group $x"
(cd /; pwd)
pwd > /dev/null
{ echo a; echo b; } | wc -l
(echo one; echo two) | sort -r
