# here-documents: expanded, quoted delimiter, <<- strips tabs
name=doc
cat <<EOF
hello $name
sum $((2 + 3))
cmd $(echo subst)
EOF
cat <<'EOF'
literal $name $(nope)
EOF
cat <<-EOF
	tab stripped
		twice
	EOF
while read l; do echo "got: $l"; done <<EOF
first
second
EOF
wc -l <<EOF | tr -d " "
a
b
c
EOF
