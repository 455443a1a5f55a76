# test and [ ]: strings, numbers, files, negation, -a/-o
t() { if "$@"; then echo "yes: $*"; else echo "no ($?): $*"; fi; }
t [ -z "" ]
t [ -n "" ]
t [ abc = abc ]
t [ abc != abc ]
t [ 3 -lt 10 ]
t [ 10 -le 3 ]
t [ 5 -eq 5 ]
t [ 5 -ge 6 ]
t [ -d / ]
t [ -f / ]
t [ -e /nonexistent ]
t [ ! -e /nonexistent ]
t [ 1 = 1 -a 2 = 2 ]
t [ 1 = 2 -o 2 = 2 ]
t test x
t test ""
t [ ]
