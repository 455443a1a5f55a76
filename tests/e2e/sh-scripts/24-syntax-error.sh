# a syntax error stops the script with status 2
echo before
if true; then
	echo inside
fi )
echo never
