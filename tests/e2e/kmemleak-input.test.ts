/*
 * kmemleak-input.test.ts: bad input to /sys/kernel/debug/kmemleak (issue 7,
 * "Bad input"): writes are cut at 63 bytes and matched by prefix, numbers
 * are parsed like kstrtoul, and nothing crashes or loses tracked objects.
 */
import { describe, it, expect } from "vitest";
import { bootGuest, userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

const KL = "/sys/kernel/debug/kmemleak";
const cases: [string, string][] = [
  ["scan=5" + "x".repeat(70), "Invalid argument"],
  ["scan=abc", "Invalid argument"],
  ["scan=99999999999999999999999", "Numerical result out of range"],
  ["dump=garbage", "Invalid argument"],
  ["dump=", "Invalid argument"],
  ["scan=0x10", ""],
  ["scan=010", ""],
  ["clear" + " ".repeat(70) + "ignored", ""],
];

describe("kmemleak control file: bad input", () => {
  const r = bootFromState({
    append: "kmemleak=on",
    exec: cases.map(([c], i) => `echo "${c}" > ${KL}; echo "case ${i}: $?"`).join("; ") +
      `; modprobe kmemleak-test; sleep 6; echo scan > ${KL}; sleep 6; echo scan > ${KL}; grep -c unreferenced ${KL}; cat ${KL} ${KL} | grep -c unreferenced`,
  });
  it("answers like Linux and keeps working afterwards", () => {
    const expected: string[] = [];
    cases.forEach(([, err], i) => {
      if (err) expected.push(`sh: echo: write error: ${err}`);
      expected.push(`case ${i}: ${err ? 1 : 0}`);
    });
    expect(userOutput(r)).toEqual([...expected, "13", "26", ""]);
  });
});

describe("a scan interrupted by a signal", () => {
  // The writer is a background job, so SIGINT is ignored there (POSIX); SIGTERM
  // interrupts it like Ctrl-C interrupts a foreground `echo scan`.
  // (a fresh boot: the saved state's interactive shell reports background jobs, as bash does)
  const r = bootGuest({
    append: "kmemleak=on",
    exec: `modprobe kmemleak-test; sleep 6; (echo scan > ${KL}; echo "not interrupted") & kill -TERM $!; wait $!; echo "writer $?"; ` +
      `dmesg -t | grep -c "new suspected"; sleep 6; echo scan > ${KL}; dmesg -t | grep "new suspected"; grep -c unreferenced ${KL}`,
  });
  it("reports nothing, and loses nothing: the next scan reports all 13 of kmemleak-test", () => {
    expect(userOutput(r)).toEqual([
      "writer 143",
      "0",
      "kmemleak: 13 new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
      "13",
      "",
    ]);
  });
});
