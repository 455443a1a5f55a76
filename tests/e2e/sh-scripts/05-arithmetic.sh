# arithmetic expansion
echo $((1 + 2 * 3)) $(( (1 + 2) * 3 )) $((7 / 2)) $((7 % 3)) $((-5 + 2))
i=5
echo $((i * i)) $(($i + 1)) $((i > 3)) $((i == 4)) $((i != 4 && 1)) $((i < 3 || 0))
i=$((i + 1)); echo $i
echo $((1 << 4)) $((255 & 15)) $((8 | 1)) $((6 ^ 3))
n=0; while [ $n -lt 5 ]; do n=$((n + 1)); done; echo "counted $n"
echo $(( 10 - 2 - 3 ))
