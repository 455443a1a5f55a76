# exit statuses: &&, ||, !, subshells, the script's own exit status
true && echo "and ran"
false && echo "never"
false || echo "or ran"
! false; echo "not false $?"
(exit 4); echo "subshell $?"
if false; then :; else echo "else branch $?"; fi
sh -c 'exit 9'; echo "child $?"
x=$(false) || echo "subst failed $?"
false; false || true; echo "list $?"
exit 3
