#!/bin/sh
# kconfig.sh: the two things the build needs from Kconfig.
#   kconfig.sh defconfig Kconfig > .config     every option at its default
#   kconfig.sh autoconf Kconfig .config > autoconf.h
#   kconfig.sh olddefconfig Kconfig .config    add defaults for new options
# Only the Kconfig subset used in ../Kconfig: config, bool/tristate/int/string,
# range, default, depends on (recorded, not evaluated).
set -e
cmd=$1; kconfig=$2; dotconfig=$3
case "$cmd" in
defconfig)
	awk '
	/^config / { name = $2; type = ""; next }
	/^[ \t]+(bool|tristate|int|string)/ { type = $1; next }
	/^[ \t]+default / && name != "" {
		v = $0; sub(/^[ \t]+default /, "", v)
		if (type == "bool" || type == "tristate") {
			if (v == "n") print "# CONFIG_" name " is not set"; else print "CONFIG_" name "=" v
		} else print "CONFIG_" name "=" v
		name = ""
	}' "$kconfig"
	;;
olddefconfig)
	# options Kconfig has gained since the .config was written get their defaults
	sh "$0" defconfig "$kconfig" | while IFS= read -r line; do
		name=$(printf '%s\n' "$line" | sed -n 's/^CONFIG_\([A-Za-z0-9_]*\)=.*/\1/p; s/^# CONFIG_\([A-Za-z0-9_]*\) is not set/\1/p')
		grep -q "^CONFIG_$name=\|^# CONFIG_$name is not set" "$dotconfig" || printf '%s\n' "$line" >> "$dotconfig"
	done
	;;
autoconf)
	echo "/* generated from .config by scripts/kconfig.sh; do not edit */"
	echo "#ifndef __AUTOCONF_H"
	echo "#define __AUTOCONF_H"
	awk '
	/^CONFIG_[A-Za-z0-9_]+=/ {
		i = index($0, "="); n = substr($0, 1, i - 1); v = substr($0, i + 1)
		if (v == "y") print "#define " n " 1"
		else if (v == "m") print "#define " n "_MODULE 1"
		else print "#define " n " " v
	}' "$dotconfig"
	echo "#endif"
	;;
*) echo "usage: kconfig.sh defconfig|autoconf ..." >&2; exit 2 ;;
esac
