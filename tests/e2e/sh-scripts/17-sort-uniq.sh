# sort and uniq
printf '10\n9\n100\n9\n1\n' | sort
printf '10\n9\n100\n9\n1\n' | sort -n
printf '10\n9\n100\n9\n1\n' | sort -rn
printf 'b\na\nb\nc\na\n' | sort -u
printf 'a\na\nb\nc\nc\nc\n' | uniq
printf 'a\na\nb\nc\nc\nc\n' | uniq -c
printf 'a\na\nb\nc\nc\nc\n' | uniq -d
printf 'pear\nApple\nfig\n' | sort -r
printf 'w\nv\nw\nv\nw\n' | sort | uniq -c | sort -rn
