/*
 * toolbox-ps.test.ts: processes as a kernel engineer checks them in the
 * guest: ps's formats over the guest's /proc, /proc/<pid>/stat with its 52
 * fields and Linux's state letters (kmemleak sleeping interruptibly is S at
 * nice 10, the idle kworker I), status, stack, wchan, maps, cmdline and
 * environ. The same ps binary is compared with procps-ng on the host in
 * tests/user/toolbox-ps.test.ts.
 */
import { describe, it, expect } from "vitest";
import { bootGuest, userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

describe("ps in the guest", () => {
  it("ps -eo pid,ni,pri,stat,comm shows kmemleak at nice 10 in state S and the idle kworker in I", () => {
    const r = bootGuest({ append: "kmemleak=on", exec: "ps -eo pid,ni,pri,stat,comm; ps -p 4 -o pid=PID,ni,comm; ps -p 4 -o wchan:22,args" });
    expect(userOutput(r)).toEqual([
      "  PID  NI PRI STAT COMMAND",
      "    1   0  19 Ss   init",
      "    2   0  19 S    kthreadd",
      "    3   0  19 I    kworker/0:1",
      "    4  10   9 SN   kmemleak",
      "    8   0  19 S    sh",
      "    9   0  19 R    ps",
      "  PID  NI COMMAND",
      "    4  10 kmemleak",
      "WCHAN                  COMMAND",
      "kmemleak_scan_thread   [kmemleak]",
      "",
    ]);
  });

  it("ps, ps -l, ps -ef, ps aux", () => {
    const r = bootGuest({ exec: "ps; ps -l; ps -ef; ps aux" });
    expect(userOutput(r)).toEqual([
      "  PID TTY          TIME CMD",
      "    1 ?        00:00:00 init",
      "    2 ?        00:00:00 kthreadd",
      "    3 ?        00:00:00 kworker/0:1",
      "    7 ?        00:00:00 sh",
      "    8 ?        00:00:00 ps",
      "F S   UID   PID  PPID  C PRI  NI ADDR SZ WCHAN  TTY          TIME CMD",
      "0 S     0     1     0  0  80   0 -  2108 __x64_ ?        00:00:00 init",
      "0 S     0     2     0  0  80   0 -     0 kthrea ?        00:00:00 kthreadd",
      "0 I     0     3     2  0  80   0 -     0 worker ?        00:00:00 kworker/0:1",
      "0 R     0     7     1  0  80   0 -  2108 -      ?        00:00:00 sh",
      "0 R     0     9     7  0  80   0 -  2098 -      ?        00:00:00 ps",
      "UID        PID  PPID  C STIME TTY          TIME CMD",
      "root         1     0  0 00:00 ?        00:00:00 /bin/sh /init",
      "root         2     0  0 00:00 ?        00:00:00 [kthreadd]",
      "root         3     2  0 00:00 ?        00:00:00 [kworker/0:1]",
      "root         7     1  0 00:00 ?        00:00:00 sh /etc/kmemlab/exec",
      "root        10     7  0 00:00 ?        00:00:00 ps -ef",
      "USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND",
      "root         1  0.0  0.1   8432   140 ?        Ss   00:00   0:00 /bin/sh /init",
      "root         2  0.0  0.0      0     0 ?        S    00:00   0:00 [kthreadd]",
      "root         3  0.0  0.0      0     0 ?        I    00:00   0:00 [kworker/0:1]",
      "root         7  0.0  0.1   8432   128 ?        S    00:00   0:00 sh /etc/kmemlab",
      "root        11  0.0  0.0   8392    92 ?        R    00:00   0:00 ps aux",
      "",
    ]);
  });

  it("bad options get procps-ng's message and status 1", () => {
    const r = bootFromState({ exec: "ps -Y; echo rc=$?; ps -p 0x; echo rc=$?; ps -p 99; echo rc=$?" });
    const usage = ["", "Usage:", " ps [options]", "", " Try 'ps --help <simple|list|output|threads|misc|all>'",
      "  or 'ps --help <s|l|o|t|m|a>'", " for additional help text.", "", "For more details see ps(1)."];
    expect(userOutput(r)).toEqual([
      "error: unsupported SysV option", ...usage, "rc=1",
      "error: process ID list syntax error", ...usage, "rc=1",
      "  PID TTY          TIME CMD", "rc=1", "",
    ]);
  });
});

describe("/proc/<pid>", () => {
  it("stat has Linux's 52 fields; states and priorities as Linux assigns them", () => {
    // (a fresh boot: the saved state's interactive shell runs each command in its own process group)
    const r = bootGuest({ append: "kmemleak=on", exec: "for p in 1 2 3 4 self; do cat /proc/$p/stat; done" });
    const stats = userOutput(r).filter((l) => l).map((l) => l.split(" "));
    expect(stats.map((f) => f.length)).toEqual([52, 52, 52, 52, 52]);
    /* pid comm state ppid pgrp session tty_nr tpgid ... priority(18) nice(19) num_threads(20) */
    expect(stats.map((f) => [f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[17], f[18], f[19]])).toEqual([
      ["1", "(init)", "S", "0", "1", "1", "0", "-1", "20", "0", "1"],
      ["2", "(kthreadd)", "S", "0", "0", "0", "0", "-1", "20", "0", "1"],
      ["3", "(kworker/0:1)", "I", "2", "0", "0", "0", "-1", "20", "0", "1"],
      ["4", "(kmemleak)", "S", "2", "0", "0", "0", "-1", "30", "10", "1"],
      ["13", "(cat)", "R", "8", "1", "1", "0", "-1", "20", "0", "1"],
    ]);
    /* kthreads: flags PF_KTHREAD, no mm (vsize, rss, code and stack bounds 0), rsslim unlimited, wchan flag 1 */
    expect(stats[3]).toEqual(("4 (kmemleak) S 2 0 0 0 -1 2097152 0 0 0 0 0 0 0 0 30 10 1 0 1 0 0 18446744073709551615 " +
      "0 0 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0").split(" "));
    /* a user task: code below data, stack top, argument and environment bounds in order; running: wchan 0 */
    const self = stats[4]!.map((v, i) => (i < 3 ? 0n : BigInt(v)));
    const [startcode, endcode, startstack] = [self[25]!, self[26]!, self[27]!];
    expect(startcode).toBe(0x401000n); /* the first executable segment, as load_elf_binary sets it */
    expect(endcode > startcode).toBe(true);
    expect(startstack > 0x7fff00000000n).toBe(true);
    expect(self[34]).toBe(0n);
    const [argStart, argEnd, envStart, envEnd] = [self[47]!, self[48]!, self[49]!, self[50]!];
    expect(argStart < argEnd && argEnd === envStart && envStart < envEnd).toBe(true);
  });

  it("status, wchan, stack, maps, cmdline, environ", () => {
    const r = bootFromState({
      append: "kmemleak=on",
      exec: "head -8 /proc/4/status; grep -e State -e Vm -e Sig /proc/1/status; cat /proc/4/wchan; echo; cat /proc/4/stack; " +
        "cat /proc/3/wchan; echo; cat /proc/1/stack; cat /proc/self/maps; tr '\\0' ' ' < /proc/1/cmdline; echo; tr '\\0' '\\n' < /proc/1/environ",
    });
    const out = userOutput(r).map((l) => l.replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/, "+X/Y"));
    expect(out).toEqual([
      "Name:\tkmemleak", "Umask:\t0022", "State:\tS (sleeping)", "Tgid:\t4", "Ngid:\t0", "Pid:\t4", "PPid:\t2", "TracerPid:\t0",
      "State:\tS (sleeping)", "VmPeak:\t    8432 kB", "VmSize:\t    8432 kB", "VmLck:\t       0 kB", "VmPin:\t       0 kB",
      "VmHWM:\t     140 kB", "VmRSS:\t     140 kB", "VmData:\t     148 kB", "VmStk:\t    8192 kB", "VmExe:\t      72 kB",
      "VmLib:\t       0 kB", "VmPTE:\t       0 kB", "VmSwap:\t       0 kB",
      "SigQ:\t0/3843", "SigPnd:\t0000000000000000", "SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000", "SigCgt:\t0000000000000000",
      "kmemleak_scan_thread",
      "[<0>] kmemleak_scan_thread+X/Y", "[<0>] ret_from_fork+X/Y",
      "worker_thread",
      "[<0>] __x64_sys_wait4+X/Y", "[<0>] do_syscall_64+X/Y", "[<0>] entry_SYSCALL_64_after_hwframe+X/Y",
      "00400000-00401000 r--p 00000000 00:00 0 ",
      "00401000-00403000 r-xp 00000000 00:00 0 ",
      "00403000-00405000 r--p 00000000 00:00 0 ",
      "00405000-0040b000 rw-p 00000000 00:00 0 ",
      "7fffff7ff000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]",
      "/bin/sh /init ",
      "HOME=/", "TERM=linux", "",
    ]);
  });
});
