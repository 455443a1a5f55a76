# quoting: single, double, backslashes, "$@" against $*, empty words
echo 'single $HOME "dq"' "double 'sq' \$HOME \"esc\" \\"
echo a\ b c\\d \'q\'
set -- "a b" c ""
echo "$#"
for x in "$@"; do echo "<$x>"; done
for x in $*; do echo "[$x]"; done
for x in "$*"; do echo "{$x}"; done
v="  spaced   out  "
echo $v.
echo "$v".
echo "a""b"'c'd
echo ''
echo "tab	in"
