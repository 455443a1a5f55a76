# read: fields, IFS, -r, the rest of the line, end of input
printf 'one two three four\n' | { read a b rest; echo "[$a] [$b] [$rest]"; }
printf 'root:x:0:0\n' | { IFS=: read u p uid gid; echo "$u $uid $gid"; }
printf 'back\\slash\n' | { read -r l; echo "$l"; }
printf 'back\\slash\n' | { read l; echo "$l"; }
printf 'no newline' | { read l; echo "status $? [$l]"; }
: | { read l; echo "eof status $?"; }
printf 'x 1\ny 2\nz 3\n' | while read k v; do echo "$v=$k"; done
