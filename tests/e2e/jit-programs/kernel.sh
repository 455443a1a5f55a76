# kernel.sh: programs whose output depends on the guest kernel (compared
# between CPU tiers only), then usertests and the shell's scripts.
echo "== kernel tools"; uname -a; id; sudo id; hostname; nproc; free | head -1; mount | head -3
modprobe kmemleak-test; lsmod; modinfo kmemleak-test | head -2; rmmod kmemleak_test; lsmod; ps | head -3
dmesg | grep -c kmemleak; dmesg | tail -3; cat /proc/meminfo | head -2
echo "== usertests"; usertests 2>&1 | grep -v segfault; echo "usertests $?"
echo "== sh scripts"
for f in /mnt/host/sh-scripts/*.sh; do echo "@@ ${f##*/}"; sh $f </dev/null 2>&1; echo "status $?"; done
echo "== end"
