/*
 * kmemleak-boot.test.ts: scenarios A1, A2, A4 and A7 of kmemleak.md Part A,
 * end to end: boot the lab's kernel, run the commands in the guest shell,
 * compare the lines exactly (timestamps masked). The scenarios' commands and
 * lines are kmemleak-scenarios.ts's (kmemleak-book-debug runs them too).
 */
import { describe, it, expect } from "vitest";
import { bootGuest, session, userOutput } from "./guest.ts";
import { A2, A4, A7, KL } from "./kmemleak-scenarios.ts";

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
  const r = bootGuest({ append: A2.append, exec: A2.exec });
  it("brackets kmemleak_late_init and shows -12 and the book's line", () => {
    const s = session(r);
    expect(s.slice(-2)).toEqual(["[T] reboot: Power down", ""]);
    A2.check(s.slice(0, -2));
  });
  it("prints every initcall in Linux's format on the console", () => A2.checkConsole(r));
});

describe("A4: kmemleak=on", () => {
  const r = bootGuest({ append: A4.append, exec: A4.exec });
  it("initializes with the pool count, starts the thread at nice 10; a scan of a quiet system reports nothing", () => {
    const u = userOutput(r);
    expect(u.pop()).toBe("");
    expect(A4.check(u)).toBe(15984);
  });
});

describe("A7: the rest of the control file", () => {
  const r = bootGuest({ append: A7.append, exec: A7.exec });
  it("answers each command as Linux 5.10 does, and logs what happened in order", () => {
    expect(userOutput(r)).toEqual([...A7.expected, ""]);
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
