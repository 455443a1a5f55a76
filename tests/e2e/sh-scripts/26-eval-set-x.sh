# eval and set -x tracing (on stderr)
cmd='echo evaluated $((1+1))'
eval "$cmd"
v=name; eval "$v=value"; echo "name=$name"
set -x
echo traced
x=1
set +x
echo quiet
