# command substitution: $(...), nested, backquotes, trailing newlines dropped
x=$(echo hello)
echo "$x"
echo "nested: $(echo $(echo inner) outer)"
echo "backquotes: `echo old style`"
lines=$(printf 'a\nb\n\n\n')
echo "[$lines]"
n=$(echo one two three | wc -w)
echo "words: $n"
echo "status of subst: $(false; echo $?)"
v=$(exit 3); echo "assignment status $?"
echo $(printf '%s ' 1 2 3)end
