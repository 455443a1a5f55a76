/*
 * sti-shadow.test.ts: sti in ring 0 on the WebAssembly tiers (the
 * interpreter core, wasm/core.ts, and the JIT's regions). An sti that sets
 * IF shadows the next instruction: no interrupt before it. The core goes on
 * after sti when no interrupt can be pending (layout.ts SCR_IRQ), and
 * stops for TypeScript to apply the shadow when one is, or when its run
 * would end with the next instruction still shadowed; a region compiles
 * sti and leaves the rest to the core. Checked on the core's own entry
 * (Cpu.core.enter): where it stops and what it hands back.
 */
import { describe, it, expect } from "vitest";
import { snippetCpu, CODE_BASE, SNIPPET_PHYS } from "../../../emulator/cpu/testing.ts";
import { SEG_CS } from "../../../emulator/cpu/state.ts";
import type { Jit } from "../../../emulator/jit/index.ts";
import "../../cpu-tiers-lead.ts";
import { assemble } from "../../asm.ts";

const FLAG_IF = 0x200;
const CODE = assemble("sti; nop; nop; nop");      // then the 0xcc filler: the core stops there

/** The snippet CPU of `tier` in ring 0 with CODE at CODE_BASE, IF as given and a PIC whose pending state is `pending`. */
function kernelCpu(tier: string, pending: boolean, ifSet: boolean) {
  const c = snippetCpu(tier);
  c.cpl = 0;
  const cs = c.seg[SEG_CS]!; cs.sel = 0x10; cs.attr = 0xa09b;
  c.updateMode();
  c.pic = { hasInterrupt: () => pending, acknowledge: () => 0x20 } as unknown as typeof c.pic;
  c.mmu.mem.fill(0xcc, SNIPPET_PHYS.code, SNIPPET_PHYS.code + 0x1000);
  c.mmu.mem.set(CODE, SNIPPET_PHYS.code);
  c.mmu.flushCode();
  c.rip = CODE_BASE;
  c.flags = 2 | (ifSet ? FLAG_IF : 0);
  c.shadow = false;
  c.checkIrq = false;
  return c;
}

describe("sti's interrupt shadow on the WebAssembly tiers", () => {
  for (const tier of ["interpreter", "jit"]) {
    it(`${tier}: no interrupt pending: sti and what follows run on`, () => {
      const c = kernelCpu(tier, false, false);
      const jit = c.jit as Jit | null;
      const before = jit?.stats.insns ?? 0;
      expect(c.core!.enter(c, 100)).toBe(4);
      expect(c.rip).toBe(CODE_BASE + CODE.length);
      expect(c.flags & FLAG_IF).toBe(FLAG_IF);
      expect(c.shadow).toBe(false);
      if (jit !== null) expect(jit.stats.insns - before).toBe(4);      // the region ran sti itself
    });
    it(`${tier}: an interrupt pending: it stops after sti with the shadow set`, () => {
      const c = kernelCpu(tier, true, false);
      expect(c.core!.enter(c, 100)).toBe(1);
      expect(c.rip).toBe(CODE_BASE + 1);
      expect(c.flags & FLAG_IF).toBe(FLAG_IF);
      expect([c.shadow, c.checkIrq]).toEqual([true, true]);
    });
    it(`${tier}: the run ends at sti: the shadow goes with it`, () => {
      const c = kernelCpu(tier, false, false);
      expect(c.core!.enter(c, 1)).toBe(1);
      expect([c.rip, c.shadow]).toEqual([CODE_BASE + 1, true]);
    });
    it(`${tier}: sti with IF already set and an interrupt pending: no shadow`, () => {
      const c = kernelCpu(tier, true, true);
      expect(c.core!.enter(c, 100)).toBe(1);
      expect([c.rip, c.shadow, c.checkIrq]).toEqual([CODE_BASE + 1, false, true]);
    });
  }
});
