# cut and tr
echo 'root:x:0:0:root:/root:/bin/sh' | cut -d: -f1,6
echo 'root:x:0:0:root:/root:/bin/sh' | cut -d: -f7
echo 'abcdefgh' | cut -c2-4
echo 'hello world' | tr a-z A-Z
echo 'hello world' | tr -d lo
echo 'aaabbbccc' | tr -s ab
echo 'a,b,c' | tr , '\n'
printf 'k1 v1\nk2 v2\n' | cut -d' ' -f2
