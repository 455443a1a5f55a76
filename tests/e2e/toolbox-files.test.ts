/*
 * toolbox-files.test.ts: cp, ln, touch, stat, chmod, date -r, which and mv
 * in the guest's ramfs: a copy and a recursive copy, symbolic and hard
 * links (stat's Links: count), a time set through utimensat and read back
 * by stat and date -r; then mv and ln's cases (rename(2)'s errnos as the
 * tools report them, hard links, rmdir, a move across filesystems onto a
 * tmpfs mount) run in the same boot and, as a script, by GNU coreutils on the
 * host: the same lines and statuses.
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootGuest, userOutput } from "./guest.ts";

/* $X is a second filesystem: a tmpfs mount in the guest, /dev/shm on the host */
const MV_LN = `t(){ echo "\\$ $*"; "$@" 2>&1; echo "st=$?"; }
mkdir -p d/sub e/d f1; touch e/d/y a b c z k k3; echo q > m
t mv; t mv a; t mv nosuch x; t mv a b nodir; t mv a b f1 e; echo *
t mv d e; t mv d d; t mv f1 f1/x; t mv e/f1/../c c; t ln b h; t mv b h; t mv h h; stat -c '%h %n' b h
mkdir b2; t mv b2 e/d/y; touch y2; t mv y2 e/d; t mv -T z e; t mv -v k e/; t mv k2 e/nodir/; t mv k3 k4/
touch n1 n2; t mv -n n1 n2; t mv -vn n1 n2; echo n*; t mv -nf n1 n2; echo n*
mkdir dd; t mv -v dd dd2; t mv -v z dd2/y; t mv -t dd2 c m; echo dd2/*; t mv -vt dd2; t mv -t nodir m; t mv -t dd2/y m
t mv --bogus; t mv -q a b; t mv -T a b c
echo hi > h1; t ln h1 h2; t ln h1 h2; t ln -f h1 h2; t ln -v h1 h3; stat -c '%h %n' h1 h3; t ln d dh; t ln nosuch x
t ln h1 dd2; t ln h1 nodir/x; t ln -s h1 s; t ln s hs; stat -c '%h %F %n' h1 hs; t ln h1 h3 dd2; t ln -v h1 h3 nod
mkdir -p r/a/b r/e; touch r/f; t rmdir r/a; t rmdir r/f; t rmdir -p r/a/b; t rmdir -v r/e; t rmdir --ignore-fail-on-non-empty r; t rmdir
mkdir -p mx/s; echo 1 > mx/s/f; touch -d @1700000000 mx/s/f; t mv -v mx/s $X/; stat -c '%a %Y %s %n' $X/s/f; echo mx/*
t mv -v h3 $X/h3; t mv -n h1 $X/h3; stat -c '%h %n' h1 $X/h3
`;

function onHost(script: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "kmemlab-mv-")), x = mkdtempSync("/dev/shm/kmemlab-mv-");
  try {
    const r = spawnSync("bash", ["--norc", "--noprofile", "-c", "exec 2>&1\n" + script],
      { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { PATH: "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC", X: x } });
    return r.stdout.replace(/[\u2018\u2019]/g, "'").replaceAll(x, "/x").split("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(x, { recursive: true, force: true });
  }
}

describe("file tools in the guest", () => {
  it("cp, ln, touch, stat, chmod, date -r, which", () => {
    const r = bootGuest({
      exec: "cd /tmp; echo hi > a; cp -v a b; cat b; mkdir d; echo x > d/f; cp -r d e; cat e/f; cp d z; echo rc=$?; " +
        "ln -sv a l; ln a h; echo rc=$?; stat -c '%h %i' a h | uniq -c | tr -s ' '; rm h; touch -d @1700000000 a; stat -c '%n %Y %s %a %F' a l; stat -L -c '%n %F' l; " +
        "stat a | sed -n '1p;2p;4p;6p;8p'; touch new; stat -c '%F %s' new; date -r a; chmod -v 600 a; which awk top nosuch; echo rc=$?; " +
        "rm /proc/sys/kernel/printk; rmdir /sys/module/kmemleak/parameters; mv /sys/module/kmemleak /sys/module/k2; " +
        "mv /proc/sys/kernel/printk /proc/sys/kernel/p2; ln /proc/sys/kernel/printk /tmp/p3; cat /proc/sys/kernel/printk; " +
        "echo ===; mkdir /tmp/w /x; mount -t tmpfs tmpfs /x; cd /tmp/w; X=/x; " + MV_LN,
    });
    const all = userOutput(r), mark = all.indexOf("===");
    expect(all.slice(mark + 1)).toEqual(onHost(MV_LN));
    expect(all.slice(0, mark)).toEqual([
      "'a' -> 'b'", "hi", "x", "cp: -r not specified; omitting directory 'd'", "rc=1",
      "'l' -> 'a'", "rc=0", expect.stringMatching(/^ 2 2 \d+$/),
      "a 1700000000 3 644 regular file", "l 1767225600 1 777 symbolic link", "l regular file",
      "  File: a", "  Size: 3         \tBlocks: 1          IO Block: 4096   regular file",
      "Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)",
      "Modify: 2023-11-14 22:13:20.000000000 +0000", " Birth: -",
      "regular empty file 0", "Tue Nov 14 22:13:20 UTC 2023",
      "mode of 'a' changed from 0644 (rw-r--r--) to 0600 (rw-------)",
      "/bin/awk", "/bin/top", "rc=1",
      /* the kernel's own entries keep their names: sysfs EPERM, /proc/sys EACCES, another filesystem EXDEV */
      "rm: cannot remove '/proc/sys/kernel/printk': Permission denied",
      "rmdir: failed to remove '/sys/module/kmemleak/parameters': Operation not permitted",
      "mv: cannot move '/sys/module/kmemleak' to '/sys/module/k2': Operation not permitted",
      "mv: cannot move '/proc/sys/kernel/printk' to '/proc/sys/kernel/p2': Permission denied",
      "ln: failed to create hard link '/tmp/p3' => '/proc/sys/kernel/printk': Invalid cross-device link",
      "7\t4\t1\t7",
    ]);
  });

  it("the shell's time keyword, set -o pipefail and an EXIT trap", () => {
    const r = bootGuest({ exec: "time -p true; set -o pipefail; false | true; echo pf=$?; set +o pipefail; false | true; echo pf=$?; trap 'echo bye' EXIT; echo hi" });
    expect(userOutput(r)).toEqual(["real 0.00", "user 0.00", "sys 0.00", "pf=1", "pf=0", "hi", "bye", ""]);
  });
});
