/*
 * gdb-breakspeed.test.ts: a breakpoint costs only at its address. With
 * `break kmemleak_scan` set for a whole session, each scan stops there
 * once and the rest of the scan (scan_block shares kmemleak_scan's code
 * page) runs in the wasm core and the JIT, not instruction by instruction
 * in TypeScript. Measured with the tiers' counters (KMEMLAB_STATS: all
 * instructions retired, and those the core ran, its JIT regions
 * included), not wall time.
 */
import { describe, it, expect } from "vitest";
import { bootForGdb, runGdb } from "./gdb-session.ts";

const SCANS = 3;
const EXEC = Array.from({ length: SCANS }, () => "echo scan > /sys/kernel/debug/kmemleak").join("; ") + "; echo scanned";

/** The final KMEMLAB_STATS line's counts: every instruction, the core's (JIT included), the JIT's (0 without one). */
function tiers(stderr: string): { insns: number; core: number; jit: number } {
  const m = /^kmemlab: insns=(\d+) walks=\d+ core: runs=\d+ insns=(\d+) .*jit: (?:-|.*?\binsns=(\d+))/m.exec(stderr);
  if (m === null) throw new Error(`no tier statistics in: ${stderr}`);
  return { insns: Number(m[1]), core: Number(m[2]), jit: Number(m[3] ?? 0) };
}

describe("gdb breakpoints and the fast tiers", () => {
  for (const tier of [[], ["--jit-threshold", "1"]]) {
    it(`break kmemleak_scan, ${SCANS} scans: each stops once, TypeScript runs almost nothing (${tier.join(" ") || "default tiers"})`, async () => {
      const vm = await bootForGdb(EXEC, tier, false, undefined, { KMEMLAB_STATS: "1" });
      const g = await runGdb(vm.port, ["break kmemleak_scan", ...Array.from({ length: SCANS + 1 }, () => "continue")]);
      const status = await vm.exited;
      expect(g.out.match(/^Breakpoint 1, kmemleak_scan \(\) at mm\/kmemleak\.c:\d+$/gm)?.length).toBe(SCANS);
      expect(g.out).toMatch(/\[Inferior 1 \(Remote target\) exited normally\]/);
      expect(vm.stdout()).toContain("\nscanned\n");
      expect(status).toBe(0);
      const t = tiers(vm.stderr());
      console.log(`tiers with a breakpoint set: ${JSON.stringify(t)} (TypeScript ran ${t.insns - t.core})`);
      // a scan alone is millions of instructions; with the breakpoint's whole page left to TypeScript it ran them all there
      expect(t.insns).toBeGreaterThan(10_000_000);
      expect((t.insns - t.core) / t.insns).toBeLessThan(0.02);
      if (tier.length > 0) expect(t.jit / t.insns).toBeGreaterThan(0.5);
    }, 300_000);
  }
});
