# parameters and their expansions
name=world
echo "hello $name" 'hello $name' hello${name}s
empty=
echo "[${unset_var:-default}] [${empty:-dflt}] [${empty-set}] [${name:+alt}]"
: ${assigned:=now}; echo "$assigned"
path=/usr/local/lib/file.tar.gz
echo "${#path} ${path##*/} ${path#*/} ${path%.*} ${path%%.*}"
export EXPORTED=yes
NOTEXP=no
sh -c 'echo "child sees [$EXPORTED] [$NOTEXP]"'
INLINE=one sh -c 'echo "inline [$INLINE]"'; echo "after [$INLINE]"
unset name; echo "unset [${name}]"
a=1 b=2; echo $a$b
