/*
 * downloads.test.ts: the kmemleak report the page offers is the last
 * printout of /sys/kernel/debug/kmemleak on the console, found in the
 * transcript as the guest wrote it (web/downloads.ts), never one the page
 * makes up.
 */
import { describe, expect, it } from "vitest";
import { lastReport } from "../../web/downloads.ts";

const block = (addr: string, size: number) =>
  `unreferenced object ${addr} (size ${size}):\r\n  comm "modprobe", pid 52, jiffies 4294668760 (age 12.040s)\r\n  hex dump (first 32 bytes):\r\n` +
  `    6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b  kkkkkkkkkkkkkkkk\r\n  backtrace:\r\n    [<00000000a1b2c3d4>] kmem_cache_alloc_trace+0x10f/0x220\r\n`;

describe("lastReport", () => {
  it("is null when the console shows no report", () => {
    expect(lastReport("# echo scan > /sys/kernel/debug/kmemleak\r\n# ")).toBe(null);
  });

  it("takes the last printout, all of its blocks, with \\n line ends", () => {
    const first = block("0xffff888001000000", 32);
    const a = block("0xffff888002000000", 1024), b = block("0xffff888002000800", 2048);
    const t = `# cat /sys/kernel/debug/kmemleak\r\n${first}# echo scan > /sys/kernel/debug/kmemleak\r\n` +
      `[   12.000000] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\r\n# cat /sys/kernel/debug/kmemleak\r\n${a}${b}# `;
    expect(lastReport(t)).toBe(`${a}${b}`.replace(/\r/g, ""));
  });

  it("ends the printout at the first line that is not part of a block", () => {
    const a = block("0xffff888002000000", 1024);
    expect(lastReport(`${a}13\r\n# `)).toBe(a.replace(/\r/g, ""));
  });
});
