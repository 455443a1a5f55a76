# pipelines: data flows left to right, the status is the last command's
echo one two three | tr ' ' '\n' | sort -r
printf 'x\ny\nz\n' | wc -l
echo hello | cat | cat | cat
false | true; echo "status $?"
true | false; echo "status $?"
! true | false; echo "negated $?"
