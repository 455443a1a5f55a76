# a missing command: message on stderr, status 127; a directory: 126
nope
echo "status $?"
nope arg1 arg2 2>&1 | sed 's/^/piped: /'
/nonexistent/prog
echo "status $?"
/
echo "status $?"
