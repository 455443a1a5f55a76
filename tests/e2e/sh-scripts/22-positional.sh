# positional parameters: set --, shift, $#, $@, $*
set -- a b c d
echo "$# $1 $4"
shift; echo "$# $*"
shift 2; echo "$# $@"
set -- "x y" z
echo "$#: $1"
f() { echo "in f: $# [$*]"; shift; echo "shifted: [$*]"; }
f 1 2 3
echo "still: $# [$*]"
set --; echo "cleared $#"
