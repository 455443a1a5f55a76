/*
 * kmemleak-boot.test.ts: scenarios A1, A2, A4 and A7 of kmemleak.md Part A,
 * end to end: boot the lab's kernel, run the commands in the guest shell,
 * compare the lines exactly (timestamps masked).
 */
import { describe, it, expect } from "vitest";
import { bootGuest, session, userOutput } from "./guest.ts";

const KL = "/sys/kernel/debug/kmemleak";

describe("A1: kmemleak built in but disabled at boot", () => {
  const r = bootGuest({
    exec: `echo scan > ${KL}; echo "status $?"; dmesg | grep kmemleak; cat ${KL}; echo "cat $?"; echo clear > ${KL}; echo "clear $?"; ls ${KL}`,
  });
  it("refuses scan with EPERM, logs the one 'disabled' line, keeps the file", () => {
    expect(r.status).toBe(0);
    expect(session(r)).toEqual([
      "sh: echo: write error: Operation not permitted",
      "status 1",
      "[T] kmemleak: Kernel memory leak detector disabled",
      "cat 0",
      "clear 0",
      KL,
      "[T] reboot: Power down",
      "",
    ]);
  });
});

describe("A2: debug initcall_debug shows why", () => {
  const r = bootGuest({ append: "debug initcall_debug", exec: "dmesg | grep kmemleak" });
  it("brackets kmemleak_late_init and shows -12 and the book's line", () => {
    const s = session(r).map((l) => l.replace(/\+0x0\/0x[0-9a-f]+/, "+0x0/0xSIZE").replace(/after \d+ usecs/, "after N usecs"));
    expect(s).toEqual([
      "[T] kmemleak: Kernel memory leak detector disabled",
      "[T] calling  kmemleak_late_init+0x0/0xSIZE @ 1",
      "[T] initcall kmemleak_late_init+0x0/0xSIZE returned -12 after N usecs",
      "[T] kmemleak: kmemleak_late_init() failed (-12)",
      "[T] reboot: Power down",
      "",
    ]);
  });
  it("prints every initcall in Linux's format on the console", () => {
    const calls = r.lines.filter((l) => l.startsWith("[T] calling  "));
    const rets = r.lines.filter((l) => l.startsWith("[T] initcall "));
    expect(calls.length).toBeGreaterThan(5);
    expect(rets.length).toBe(calls.length);
    for (const l of calls) expect(l).toMatch(/^\[T\] calling  \w+\+0x0\/0x[0-9a-f]+ @ 1$/);
    for (const l of rets) expect(l).toMatch(/^\[T\] initcall \w+\+0x0\/0x[0-9a-f]+ returned -?\d+ after \d+ usecs$/);
  });
});

describe("A4: kmemleak=on", () => {
  const r = bootGuest({
    append: "kmemleak=on",
    exec: `dmesg -t | grep kmemleak; ps | grep -c kmemleak; for d in /proc/[0-9]*; do grep -q '^kmemleak$' $d/comm && cut -d' ' -f2,19 $d/stat; done; echo scan > ${KL}; echo "scan $?"; cat ${KL} | wc -l`,
  });
  it("initializes with the pool count, starts the thread at nice 10; a scan of a quiet system reports nothing", () => {
    const u = userOutput(r);
    expect(u.shift()).toBe("Kernel command line: kmemleak=on");
    expect(u[0]).toMatch(/^kmemleak: Kernel memory leak detector initialized \(mem pool available: \d+\)$/);
    const avail = Number(/available: (\d+)/.exec(u[0]!)![1]);
    expect(avail).toBeGreaterThan(15000);
    expect(avail).toBeLessThan(16000);
    expect(u.slice(1)).toEqual([
      "kmemleak: Automatic memory scanning thread started",
      "1",
      "(kmemleak) 10",
      "scan 0",
      "0",
      "",
    ]);
  });
});

describe("A7: the rest of the control file", () => {
  const cmds = ["on", "bogus", "stack=off", "scan=off", "scan=5", "scan=on", "scanxyz", "clear", "dump=0x1234", "offline", "scan", "clear"];
  const r = bootGuest({
    append: "kmemleak=on",
    exec: cmds.map((c) => `echo ${c} > ${KL}; echo "${c}: $?"`).join("; ") + "; dmesg -t | grep kmemleak: | tail -n 6",
  });
  it("answers each command as Linux 5.10 does, and logs what happened in order", () => {
    expect(userOutput(r)).toEqual([
      "sh: echo: write error: Invalid argument",
      "on: 1",
      "sh: echo: write error: Invalid argument",
      "bogus: 1",
      "stack=off: 0",
      "scan=off: 0",
      "scan=5: 0",
      "scan=on: 0",
      "scanxyz: 0",
      "clear: 0",
      "sh: echo: write error: Invalid argument",
      "dump=0x1234: 1",
      "offline: 0",
      "sh: echo: write error: Operation not permitted",
      "scan: 1",
      "clear: 0",
      // scan=off ends the thread, scan=5 starts it again (scan=on finds it running),
      // dump= of an unknown address, "offline" is "off" by prefix: disabled, then the cleanup ends the thread
      "kmemleak: Automatic memory scanning thread started",
      "kmemleak: Automatic memory scanning thread ended",
      "kmemleak: Automatic memory scanning thread started",
      "kmemleak: Unknown object at 0x00001234",
      "kmemleak: Kernel memory leak detector disabled",
      "kmemleak: Automatic memory scanning thread ended",
      "",
    ]);
  });
});

describe("the automatic scanning thread", () => {
  const r = bootGuest({ append: "kmemleak=on", exec: "modprobe kmemleak-test; sleep 61; sleep 600; dmesg | grep 'new suspected'" });
  it("scans 60 s after it starts, then every 600 s (kmemleak-test: 5 zero-filled blocks, then the 8 others)", () => {
    // the console and the dmesg at the end show the same two lines: [seconds, count] of each
    const log = r.out.replace(/\r/g, "").split("\n").filter((l) => /^\[ *\d+\.\d{6}\] kmemleak: \d+ new suspected/.test(l));
    const seen = [...new Set(log)].map((l) => /^\[ *(\d+)\.\d{6}\] kmemleak: (\d+) new/.exec(l)!).map((m) => [Number(m[1]), Number(m[2])]);
    expect(seen).toEqual([[60, 5], [660, 8]]);
  });
});
