# tools.sh: every portable program of user/bin on typical inputs, run by
# jit-programs.test.ts natively on the host and in the guest on every CPU
# tier. $IN holds the inputs (read-only; named relative to it), the
# script writes in $WORK.
cd "$IN" || exit 1
echo "== echo printf"; echo a b "c  d"; echo -n x; echo; printf '%s=%d %05d %x %-4s|%c\n' k 42 -17 255 ab z
echo "== seq"; seq 5; seq -s , 2 3 17; seq -w 8 11
echo "== basename dirname"; basename /usr/lib/libc.so .so; dirname /usr/lib/libc.so; dirname plain
echo "== cat head tail wc"; cat words | head -3; tail -n 2 words; wc words; wc -l < words; head -n 1 nums pairs
echo "== grep"; grep -n 'an' words; grep -c -v e words; grep -i -E '^(b|C)' words; grep -l an words nums; echo nothing | grep zz; echo "status $?"
echo "== sed"; sed -n '2,4p' words; sed 's/a/A/g; s/^b\(.*\)$/[\1]/' words | head -5; sed '/e/d' words
echo "== sort uniq"; sort words | uniq -c; sort -r -n nums | head -4; sort -u words; sort -n nums pairs
echo "== cut tr"; cut -d : -f 2 colon; cut -c 2-4 words; tr a-z A-Z < words | head -2; echo hello | tr -d l; echo aabbcc | tr -s abc
cd "$WORK" || exit 1
echo "== tee"; echo teed | tee t1 t2 > /dev/null; cat t1 t2
echo "== mkdir ls rm find"; mkdir -p d/e/f; echo x > d/a; echo y > d/e/b; ls d; ls -a d/e; find d | sort; find d -name b; rm d/a; rm -r d/e; ls d; rm -r d; ls
echo "== xargs"; seq 7 | xargs echo; seq 6 | xargs -n 2 echo n
echo "== yes"; yes | head -3; yes ab | head -2
echo "== env"; env -i A=1 B=two env | sort
echo "== true false"; true; echo "true $?"; false; echo "false $?"
echo "== zcat gunzip"; zcat "$IN/words.gz" | wc -l; cat "$IN/words.gz" > w.gz; gunzip w.gz; cat w | tail -1; ls
echo "== sleep sync kill"; sleep 0; sync; sh -c 'kill -TERM $$'; echo "killed $?"
echo "== sh"; for i in 1 2 3; do x=$((i * i + 1)); echo "sq $x"; done; f() { echo "f($#): $*"; }; f a "b c"; case abc in a*) echo glob;; esac
echo "== cpumix"; cpumix 1 | sed 's/, [0-9]* us$//'
echo "== cpubench"; cpubench 30 | sed 's/, [0-9]* us$//'
echo "== done"
