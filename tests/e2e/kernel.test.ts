/*
 * kernel.test.ts: the kernel core, booted for real: the boot-time
 * self-tests (selftest=1), command-line handling messages, the console
 * log levels, and what a kernel panic does to the host command.
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { bootGuest, userOutput } from "./guest.ts";

const SELFTESTS = [
  "kmalloc size classes", "slub poison", "kzalloc zeroes", "kmalloc above 8k uses pages", "vmalloc",
  "irq_work runs in hardirq with interrupts off", "timer runs in softirq", "msleep(100)", "jiffies conversions (HZ=300)",
  "kthreads", "workqueue runs in process context", "stack traces resolve symbols",
];

describe("kernel self-tests (selftest=1)", () => {
  it("all pass", () => {
    const r = bootGuest({ append: "selftest=1", exec: "dmesg -t | grep '^selftest:'" });
    expect(userOutput(r)).toEqual([...SELFTESTS.map((n) => `selftest: ${n}: PASS`), ""]);
  });
});

describe("command line", () => {
  it("warns about a malformed early option and passes unknown ones to init", () => {
    const r = bootGuest({ append: "kmemleak=maybe foo bar=baz kmemleak.verbose=1", exec: "dmesg -t | grep -e Malformed -e Unknown; cat /proc/cmdline" });
    expect(userOutput(r)).toEqual([
      "Malformed early option 'kmemleak'",
      "Unknown kernel command line parameters \"foo bar=baz\", will be passed to user space.",
      "kmemleak=maybe foo bar=baz kmemleak.verbose=1",
      "",
    ]);
  });

  it("'quiet' keeps informational messages off the console but in the log", () => {
    const r = bootGuest({ append: "quiet", exec: "dmesg -t | grep -c 'Run /init'" });
    expect(r.lines.some((l) => l.includes("Run /init"))).toBe(false);
    expect(r.lines).toContain("1");
  });

  it("'debug' shows KERN_DEBUG lines on the console", () => {
    const r = bootGuest({ append: "debug", exec: "true" });
    expect(r.lines).toContain("[T]   with arguments:");
  });
});

describe("a kernel panic", () => {
  it("prints the reason and a backtrace, and the host command exits with status 3", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "-a", "rdinit=/nope"], { encoding: "utf8" });
    expect(r.status).toBe(3);
    const out = r.stdout.replace(/\r/g, "");
    expect(out).toMatch(/\] Failed to execute \/nope \(error -2\)\n/);
    expect(out).toMatch(/\] Kernel panic - not syncing: No working init found\./);
    expect(out).toMatch(/\] Call Trace:\n.*\] +dump_stack\+0x[0-9a-f]+\/0x[0-9a-f]+\n.*\] +panic\+0x[0-9a-f]+\/0x[0-9a-f]+\n.*\] +kernel_init\+0x/);
  });
});
