/*
 * interp.ts: the interpreter tier: fetch a decoded instruction (from the
 * per-physical-page decode cache, or by decoding) and execute it.
 *
 * RIP is advanced before the handler runs, so relative branches and
 * RIP-relative operands see the address of the next instruction, and a
 * fault rewinds to iStart (cpu.ts deliverFault). Cached instructions are
 * keyed by physical address and dropped per page on stores (mmu.ts). Only
 * 64-bit decodes are cached (the same bytes decode differently in legacy
 * modes, which decode every time), so a mode switch needs no flush.
 * Instructions where a debugger has breakpoints (Mmu.noCode) are not
 * cached, so the wasm core, which needs cached ones, leaves them to us
 * (only those: the rest of their page is cached as usual).
 */

import type { Cpu, Insn } from "./cpu.ts";
import { decode } from "./decoder.ts";

export function step(c: Cpu): void {
  const ins = fetchInsn(c);
  c.rip = c.iNext;
  ins.exec(c);
}

/**
 * The instruction at RIP, from the decode cache or decoded and cached; sets
 * c.i and c.iNext, leaves RIP. Throws CpuFault (#PF on fetch, #UD...).
 */
export function fetchInsn(c: Cpu): Insn {
  const rip = c.rip;
  const m = c.mmu;
  if (c.long && (rip & 0xfff) <= 0x1000 - 15) {
    const phys = m.codePhys(rip);
    const page = m.codeCache[phys >>> 12];
    if (page !== undefined) {
      const ins = page[phys & 0xfff] as Insn | undefined;
      if (ins !== undefined) {
        c.i = ins;
        c.iNext = rip + ins.len;
        return ins;
      }
    }
  }
  const { ins, phys } = decode(c);
  if (c.long && phys >= 0 && phys + 15 <= m.ramSize && (m.noCode === null || !m.noCode(c.rip, phys))) {
    const pg = phys >>> 12;
    let page = m.codeCache[pg];
    if (page === undefined) { page = m.codeCache[pg] = new Array(4096); m.codePages[pg] = 1; }
    page[phys & 0xfff] = ins;
  }
  return ins;
}
