# functions: arguments, $#, return status, recursion, globals
greet() { echo "hello $1 ($# args)"; }
greet there
greet a b c
status() { return $1; }
status 7; echo "returned $?"
fact() {
	if [ $1 -le 1 ]; then echo 1; return; fi
	echo $(( $1 * $(fact $(( $1 - 1 ))) ))
}
echo "5! = $(fact 5)"
setg() { G=global; }
setg; echo "G=$G"
args() { for a in "$@"; do echo "<$a>"; done; }
args "one two" three ""
echo "outside: $#"
