#!/bin/sh
# kallsyms.sh: turn `nm -n vmlinux` into kallsyms.S, the symbol table that
# %pS, stack traces and /proc/kallsyms use. Sizes are not stored: a
# symbol's size is the distance to the next symbol, as in Linux.
# Usage: kallsyms.sh NM-OUTPUT > kallsyms.S   (an empty file gives an empty table)
set -e
awk 'BEGIN { n = 0 }
$2 ~ /^[TtWwDdBbRrVv]$/ && $3 !~ /^(\.L|__UNIQUE_ID|\$)/ && $3 !~ /^kallsyms_/ && $3 !~ /^__(start|stop)_/ {
	addr[n] = $1; type[n] = $2; name[n] = $3; n++
}
END {
	print "\t.section .kallsyms, \"a\""
	print "\t.balign 8"
	print "\t.globl kallsyms_num_syms, kallsyms_addresses, kallsyms_offsets, kallsyms_types, kallsyms_names"
	print "kallsyms_num_syms:\t.quad " n
	print "kallsyms_addresses:"
	for (i = 0; i < n; i++) print "\t.quad 0x" addr[i]
	print "kallsyms_offsets:"
	off = 0
	for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "kallsyms_types:"
	for (i = 0; i < n; i++) print "\t.byte \x27" type[i] "\x27"
	print "kallsyms_names:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
}' "$1"
