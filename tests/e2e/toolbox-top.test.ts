/*
 * toolbox-top.test.ts: top, vmstat, uptime, free, pidof, pgrep and pkill
 * in the guest, over the guest's /proc, line for line (the virtual clock
 * makes every figure repeatable): top's summary and task table with the
 * kmemleak thread at PR 30, NI 10 in state S, vmstat's first line and its
 * interval lines (300 timer interrupts a second at HZ=300, an idle CPU),
 * uptime's three forms, free in MiB and human units. Free and used
 * memory move with the size of the initramfs (every program in it is
 * RAM), so those figures are matched by their column layout, the rest
 * exactly. The same programs are
 * compared with procps-ng on the host in tests/user/toolbox-procps.test.ts.
 */
import { describe, it, expect } from "vitest";
import { userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

const MEM = expect.stringMatching(/^MiB Mem :    120\.1 total,    11\d\.\d free,      \d\.\d used,      0\.0 buff\/cache     $/);
const SWAP = expect.stringMatching(/^MiB Swap:      0\.0 total,      0\.0 free,      0\.0 used\.    11\d\.\d avail Mem $/);
/** a shell's task row: its VIRT and RES follow the size of the sh binary, the rest is exact */
const SH = (pid: number, s: string, comm: string, time = "0:00\\.00") =>
  /* %MEM: 0.0 or 0.1 as the shell's ~130 kB resident grows with its code */
  expect.stringMatching(new RegExp(`^    ${pid} root      20   0    8\\d{3}    1\\d\\d      0 ${s}   0\\.0   0\\.[01]   ${time} ${comm}$`));
/** a vmstat line: r, b, swpd 0, the free column (6 wide), then the exact rest */
const vm = (r: number, rest: string) => expect.stringMatching(new RegExp(`^ ${r}  0      0 11\\d{4}${rest.replace(/\s/g, " ")}$`));

describe("procps tools in the guest", () => {
  const r = bootFromState({
    append: "kmemleak=on",
    exec: "top -b -n 1; echo =; top -b -n 2 -d 1 -p 4 | grep -v '^top -'; echo =; vmstat; vmstat 1 3; vmstat -s | head -3; grep MemTotal /proc/meminfo; echo =; " +
      "uptime; uptime -p; uptime -s; free -m; free -h; echo =; " +
      "pidof sh; pidof kmemleak; echo rc=$?; pidof -w kmemleak; pgrep -l k; pgrep -a -P 0; pkill -0 -e kmemleak; echo rc=$?; " +
      "pgrep nosuch; echo rc=$?; cat /proc/4/statm /proc/1/statm",
  });
  const parts = userOutput(r).join("\n").split("\n=\n");

  it("top -b -n 1: the summary and every task; kmemleak at PR 30, NI 10, S", () => {
    expect(parts[0]!.split("\n")).toEqual([
      "top - 00:00:00 up 0 min,  0 user,  load average: 0.00, 0.00, 0.00",
      "Tasks:   6 total,   1 running,   5 sleeping,   0 stopped,   0 zombie",
      "%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st ",
      MEM, SWAP,
      "",
      "  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND",
      SH(1, "S", "init", "0:00\\.01"),	// the boot's forks and execs: one tick of system time
      "    2 root      20   0       0      0      0 S   0.0   0.0   0:00.00 kthreadd",
      "    3 root      20   0       0      0      0 I   0.0   0.0   0:00.00 kworker/0+",
      "    4 root      30  10       0      0      0 S   0.0   0.0   0:00.00 kmemleak",
      SH(8, "S", "sh"),
      "    9 root      20   0   13476     64      0 R   0.0   0.0   0:00.00 top",
    ]);
  });

  it("top -b -n 2 -d 1 -p 4: two frames of one task, an empty line between them", () => {
    const frame = () => [
      "Tasks:   1 total,   0 running,   1 sleeping,   0 stopped,   0 zombie",
      "%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st ",
      MEM, SWAP,
      "",
      "  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND",
      "    4 root      30  10       0      0      0 S   0.0   0.0   0:00.00 kmemleak",
    ];
    expect(parts[1]!.split("\n")).toEqual([...frame(), "", ...frame()]);
  });

  it("vmstat, vmstat 1 3, vmstat -s", () => {
    /* the total is MemTotal, which moves with the kernel image's size: read in the same boot */
    const total = /^MemTotal:\s+(\d+) kB$/.exec(parts[2]!.split("\n").at(-1)!)?.[1];
    expect(Number(total)).toBeGreaterThan(120_000);
    const head = ["procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----",
      " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st"];
    expect(parts[2]!.split("\n")).toEqual([
      // the first line averages since boot (timer interrupts over the ticks so far: the boot's 1% system time), the next ones over 1 s at HZ=300
      ...head, vm(2, "      0      0    0    0     0     0  3\\d\\d    0  0  1 99  0  0"),
      ...head, vm(2, "      0      0    0    0     0     0  3\\d\\d    0  0  1 99  0  0"),
      vm(1, "      0      0    0    0     0     0  300    0  0  0 100  0  0"),
      vm(1, "      0      0    0    0     0     0  300    0  0  0 100  0  0"),
      `${total!.padStart(13)} K total memory`, expect.stringMatching(/^ {9}\d{4} K used memory$/), "            0 K active memory",
      `MemTotal:         ${total} kB`,
    ]);
  });

  it("uptime, uptime -p, uptime -s; free -m, free -h", () => {
    expect(parts[3]!.split("\n")).toEqual([
      " 00:00:03 up 0 min,  0 user,  load average: 0.00, 0.00, 0.00", "up 0 minutes", "2026-01-01 00:00:00",
      "               total        used        free      shared  buff/cache   available",
      expect.stringMatching(/^Mem:             120           \d         11\d           0           0         11\d$/),
      "Swap:              0           0           0",
      "               total        used        free      shared  buff/cache   available",
      expect.stringMatching(/^Mem:           120Mi       \d\.\dMi       11\dMi          0B          0B       11\dMi$/),
      "Swap:             0B          0B          0B",
    ]);
  });

  it("pidof (kernel threads only with -w), pgrep -l / -a / -P, pkill -0 -e, statm", () => {
    expect(parts[4]!.split("\n")).toEqual([
      "8 1", "rc=1", "4",
      "2 kthreadd", "3 kworker/0:1", "4 kmemleak",
      "1 /bin/sh /init", "2 [kthreadd]",
      "kmemleak killed (pid 4)", "rc=0",
      "rc=1",
      "0 0 0 0 0 0 0", expect.stringMatching(/^21\d\d \d\d 0 1\d 0 20\d\d 0$/),
      "",
    ]);
  });
});
