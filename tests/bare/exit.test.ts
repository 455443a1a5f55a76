/* exit.test.ts: isa-debug-exit (exit.S): a write of v to port 0xf4 ends the run with status (v << 1) | 1. */
import { describe, it, expect, beforeAll } from "vitest";
import { buildImage, runKmemlab, runQemu, HAS_QEMU } from "./harness.ts";
import { CPU_TIERS } from "../cpu-tiers-lead.ts";

const CASES: [string, number][] = [["0", 1], ["1", 3], ["2a", 85], ["7f", 255]];
const transcript = (v: string) => `cmdline: ${v}\nexit ${v}\n`;
let elf = "";
beforeAll(() => { elf = buildImage("exit"); });

for (const tier of CPU_TIERS) {
  describe(`bare exit on kmemlab [${tier}]`, () => {
    for (const [v, status] of CASES) {
      it(`exits with status ${status} for value 0x${v}`, async () => {
        const r = await runKmemlab(elf, v, undefined, tier);
        expect(r.out).toBe(transcript(v));
        expect(r.exit).toBe(status);
      });
    }
  });
}

describe.runIf(HAS_QEMU)("bare exit on QEMU (same image)", () => {
  for (const [v, status] of CASES) {
    it(`exits with status ${status} for value 0x${v}`, () => {
      const r = runQemu(elf, v);
      expect(r.out).toBe(transcript(v));
      expect(r.exit).toBe(status);
    });
  }
});
