/*
 * exec-system.ts: handlers for system instructions: flag control, port
 * I/O, control/debug registers, MSRs, descriptor tables, cpuid, rdtsc,
 * hlt, invlpg, swapgs and the no-operation family.
 */

import type { Cpu } from "./cpu.ts";
import { toLinear, linLo, linHi, TWO32 } from "./cpu.ts";
import { CpuFault, gp, ud, MachineStop } from "./fault.ts";
import {
  FLAG_CF, FLAG_IF, FLAG_DF, FLAG_IOPL, SEG_CS, SEG_FS, SEG_GS,
  MSR_EFER, MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE, MSR_TSC, EFER_LMA, EFER_LME, EFER_NXE, EFER_SCE,
  CR0_TS, MSR_APIC_BASE, MSR_PAT, MSR_MISC_ENABLE,
} from "./state.ts";

function requireCpl0(c: Cpu): void { if (c.cpl !== 0) gp(0); }

export function clc(c: Cpu): void { c.flags = (c.flags & ~FLAG_CF) >>> 0; }
export function stc(c: Cpu): void { c.flags = (c.flags | FLAG_CF) >>> 0; }
export function cmc(c: Cpu): void { c.flags = (c.flags ^ FLAG_CF) >>> 0; }
export function cld(c: Cpu): void { c.flags = (c.flags & ~FLAG_DF) >>> 0; }
export function std(c: Cpu): void { c.flags = (c.flags | FLAG_DF) >>> 0; }
export function cli(c: Cpu): void {
  if (c.cpl > ((c.flags & FLAG_IOPL) >>> 12)) gp(0);
  c.flags = (c.flags & ~FLAG_IF) >>> 0;
}
export function sti(c: Cpu): void {
  if (c.cpl > ((c.flags & FLAG_IOPL) >>> 12)) gp(0);
  if ((c.flags & FLAG_IF) === 0) c.shadow = true;
  c.flags = (c.flags | FLAG_IF) >>> 0;
  c.checkIrq = true;
}
export function nop(_c: Cpu): void {}

/* D8-DF x87 escape: there is no FPU to run it, but CR0.EM or CR0.TS make
   every escape opcode #NM before it is decoded any further (as on hardware);
   otherwise it is #UD (not implemented) */
export function x87(c: Cpu): void {
  if ((c.cr0 & 0xc) !== 0) throw new CpuFault(7);
  ud();
}

/* F4 hlt */
export function hlt(c: Cpu): void {
  requireCpl0(c);
  if ((c.flags & FLAG_IF) === 0) {
    c.stop = new MachineStop(`guest halted with interrupts disabled at rip ${hexs(c.iStart)}`);
    return;
  }
  c.halted = true;
  c.checkIrq = true;
  c.hooks.onHalt();
}

/* E4/E5 in imm, EC/ED in dx, E6/E7 out imm, EE/EF out dx */
export function inOut(c: Cpu): void {
  if (!c.ioPermitted()) gp(0);
  const op = c.i.op;
  const port = op >= 0xec ? c.r[4]! & 0xffff : c.i.imm & 0xff;
  const size = (op & 1) === 0 ? 1 : c.i.osz === 2 ? 2 : 4;
  if ((op & 2) === 0) {
    const v = c.io.in(port, size as 1 | 2 | 4);
    c.wrReg(0, size, v, 0);
  } else {
    c.io.out(port, size as 1 | 2 | 4, c.rdReg(0, size));
  }
  c.checkIrq = true;     // a device may have raised or cleared an interrupt
}

/* 0F 20 mov r,CRn; 0F 22 mov CRn,r */
export function movCr(c: Cpu): void {
  requireCpl0(c);
  const n = c.i.reg;
  if (c.i.op === 0x120) {
    const v = c.readCr(n);
    c.wrReg(c.i.rm, c.long ? 8 : 4, v, c.long ? c.vhi : 0);
  } else {
    const v = c.rdReg(c.i.rm, c.long ? 8 : 4);
    c.writeCr(n, v, c.long ? c.vhi : 0);
  }
}
/* 0F 21 mov r,DRn; 0F 23 mov DRn,r (stored only; no hardware breakpoints) */
export function movDr(c: Cpu): void {
  requireCpl0(c);
  const n = c.i.reg & 7;
  if (c.i.op === 0x121) c.wrReg(c.i.rm, c.long ? 8 : 4, c.dr[n]! >>> 0, 0);
  else c.dr[n] = c.rdReg(c.i.rm, 4);
}
/* 0F 06 clts */
export function clts(c: Cpu): void { requireCpl0(c); c.cr0 = (c.cr0 & ~CR0_TS) >>> 0; }
/* 0F 08 invd, 0F 09 wbinvd */
export function invd(c: Cpu): void { requireCpl0(c); }

/* 0F 30 wrmsr, 0F 32 rdmsr */
export function wrmsr(c: Cpu): void {
  requireCpl0(c);
  const n = c.r[2]!;
  const lo = c.r[0]!, hi = c.r[4]!;
  const v = (BigInt(hi) << 32n) | BigInt(lo);
  switch (n) {
    case MSR_EFER: {
      const keep = c.efer & EFER_LMA;
      c.efer = ((lo & (EFER_SCE | EFER_LME | EFER_NXE)) | keep) >>> 0;
      c.updateMode();
      c.mmu.flushTlb();
      return;
    }
    case MSR_FS_BASE: c.seg[SEG_FS]!.base = toLinear(lo, hi); return;
    case MSR_GS_BASE: c.seg[SEG_GS]!.base = toLinear(lo, hi); return;
    case MSR_KERNEL_GS_BASE: c.kernelGsBase = toLinear(lo, hi); return;
    case MSR_TSC: return;
    default:
      if (!KNOWN_MSRS.has(n)) { c.hooks.log(`cpu: wrmsr to unknown MSR 0x${n.toString(16)}`); gp(0); }
      c.msr.set(n, v);
  }
}
export function rdmsr(c: Cpu): void {
  requireCpl0(c);
  const n = c.r[2]!;
  let lo: number, hi: number;
  switch (n) {
    case MSR_EFER: lo = c.efer; hi = 0; break;
    case MSR_FS_BASE: lo = linLo(c.seg[SEG_FS]!.base); hi = linHi(c.seg[SEG_FS]!.base); break;
    case MSR_GS_BASE: lo = linLo(c.seg[SEG_GS]!.base); hi = linHi(c.seg[SEG_GS]!.base); break;
    case MSR_KERNEL_GS_BASE: lo = linLo(c.kernelGsBase); hi = linHi(c.kernelGsBase); break;
    case MSR_TSC: { const t = c.hooks.readTsc(); lo = t >>> 0; hi = Math.floor(t / TWO32) >>> 0; break; }
    default: {
      if (!KNOWN_MSRS.has(n)) { c.hooks.log(`cpu: rdmsr of unknown MSR 0x${n.toString(16)}`); gp(0); }
      const v = c.msr.get(n) ?? MSR_DEFAULTS.get(n) ?? 0n;
      lo = Number(v & 0xffffffffn); hi = Number(v >> 32n);
    }
  }
  c.wrReg(0, 4, lo >>> 0, 0);
  c.wrReg(2, 4, hi >>> 0, 0);
}
const KNOWN_MSRS = new Set<number>([0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, MSR_APIC_BASE, MSR_PAT, MSR_MISC_ENABLE, 0x174, 0x175, 0x176, 0x8b, 0xc0000103]);
const MSR_DEFAULTS = new Map<number, bigint>([[MSR_PAT, 0x0007040600070406n], [MSR_MISC_ENABLE, 1n]]);

/* 0F 31 rdtsc, 0F 01 F9 rdtscp */
export function rdtsc(c: Cpu): void {
  const t = c.hooks.readTsc();
  c.wrReg(0, 4, t >>> 0, 0);
  c.wrReg(2, 4, Math.floor(t / TWO32) >>> 0, 0);
}

/* 0F A2 cpuid: a modest x86-64 CPU without APIC, SSE3+ or AVX */
export function cpuid(c: Cpu): void {
  const leaf = c.r[0]!, sub = c.r[2]!;
  let a = 0, b = 0, cc = 0, d = 0;
  const str = (s: string, i: number) => s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
  const vendor = "kmemlabVirtC";   // 12 bytes: EBX, EDX, ECX
  const brand = "kmemlab virtual x86-64 CPU".padEnd(48, "\0");
  switch (leaf) {
    case 0: a = 0x15; b = str(vendor, 0); d = str(vendor, 4); cc = str(vendor, 8); break;
    case 1:
      a = 0x000006f1;                  // family 6, model 15, stepping 1
      b = 0x00000800;                  // CLFLUSH line size 8*8, one logical CPU
      cc = (1 << 13) | (1 << 23);      // CMPXCHG16B, POPCNT
      d = (1 << 0) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 8) | (1 << 11) | (1 << 13) | (1 << 15) | (1 << 16)
        | (1 << 19) | (1 << 24) | (1 << 25) | (1 << 26);  // FPU TSC MSR PAE CX8 SEP PGE CMOV PAT CLFSH FXSR SSE SSE2
      break;
    case 7: if (sub === 0) { a = 0; b = 1 << 3; /* BMI1 (tzcnt) */ } break;
    // TSC = 25 MHz crystal x 40 / 1 = 1 GHz, the virtual clock's rate (NS_PER_INSN = 1)
    case 0x15: a = 1; b = 40; cc = 25_000_000; break;
    case 0x80000000: a = 0x80000008; break;
    case 0x80000001: cc = 1 << 5 /* LZCNT (ABM) */; d = (1 << 11) | (1 << 20) | (1 << 29); break; // SYSCALL, NX, LM
    case 0x80000002: case 0x80000003: case 0x80000004: {
      const o = (leaf - 0x80000002) * 16;
      a = str(brand, o); b = str(brand, o + 4); cc = str(brand, o + 8); d = str(brand, o + 12);
      break;
    }
    case 0x80000008: a = 0x3028; break;   // 40 physical, 48 linear address bits
    default: break;
  }
  c.wrReg(0, 4, a >>> 0, 0); c.wrReg(3, 4, b >>> 0, 0); c.wrReg(1, 4, cc >>> 0, 0); c.wrReg(2, 4, d >>> 0, 0);
}

/* 0F 01: group 7 (sgdt sidt lgdt lidt smsw lmsw invlpg; swapgs rdtscp in the mod=3 space) */
export function grp7(c: Cpu): void {
  const reg = c.i.reg & 7;
  if (c.i.mod === 3) {
    const rm = c.i.rm & 7;
    if (reg === 7 && rm === 0) { // swapgs
      if (!c.long) ud();
      requireCpl0(c);
      const g = c.seg[SEG_GS]!;
      const t = g.base; g.base = c.kernelGsBase; c.kernelGsBase = t;
      return;
    }
    if (reg === 7 && rm === 1) { rdtsc(c); c.wrReg(1, 4, 0, 0); return; }  // rdtscp, TSC_AUX = 0
    if (reg === 4) { c.wrReg(c.i.rm, c.i.osz, c.cr0 & 0xffff, 0); return; }   // smsw r
    ud();
  }
  if (reg === 5) ud();   // no instruction (before the address: a bad one is still #UD, not #GP)
  const a = c.ea();
  const tsz = c.long ? 8 : 4;
  switch (reg) {
    case 0: case 1: { // sgdt / sidt
      const base = reg === 0 ? c.gdtBase : c.idtBase, limit = reg === 0 ? c.gdtLimit : c.idtLimit;
      c.mmu.wr16(a, limit);
      if (tsz === 8) c.mmu.wr64(a + 2, linLo(base), linHi(base)); else c.mmu.wr32(a + 2, base >>> 0);
      return;
    }
    case 2: case 3: { // lgdt / lidt
      requireCpl0(c);
      const limit = c.mmu.rd16(a);
      let base: number;
      if (tsz === 8) { const lo = c.mmu.rd64(a + 2); base = toLinear(lo, c.mmu.hi); }
      else base = c.mmu.rd32(a + 2);
      if (reg === 2) { c.gdtBase = base; c.gdtLimit = limit; } else { c.idtBase = base; c.idtLimit = limit; }
      return;
    }
    case 4: c.mmu.wr16(a, c.cr0 & 0xffff); return;
    case 6: { requireCpl0(c); const v = c.mmu.rd16(a); c.writeCr(0, ((c.cr0 & ~0xe) | (v & 0xf)) >>> 0, 0); return; }
    case 7: requireCpl0(c); c.mmu.invlpg(a); return;
    default: ud();
  }
}

/* 0F 00: group 6 (sldt str lldt ltr verr verw) */
export function grp6(c: Cpu): void {
  const reg = c.i.reg & 7;
  switch (reg) {
    case 0: c.wrE(c.i.mod === 3 ? c.i.osz : 2, c.ldtr.sel, 0); return;
    case 1: c.wrE(c.i.mod === 3 ? c.i.osz : 2, c.tr.sel, 0); return;
    case 2: case 3: {
      requireCpl0(c);
      const sel = c.rdE(2);
      const target = reg === 2 ? c.ldtr : c.tr;
      if ((sel & 0xfffc) === 0) { if (reg === 3) gp(0); target.sel = 0; target.base = 0; target.limit = 0; return; }
      if (sel & 4) gp(sel & 0xfffc);
      const d = c.readDescriptor(sel);
      const type = (d.hi >>> 8) & 0x1f;
      if (reg === 2 && type !== 0x02) gp(sel & 0xfffc);
      if (reg === 3 && type !== 0x09) gp(sel & 0xfffc);   // available 64-bit / 32-bit TSS
      if ((d.hi & 0x8000) === 0) throw new CpuFault(11, sel & 0xfffc);
      let base = (d.lo >>> 16) | ((d.hi & 0xff) << 16) | (d.hi & 0xff000000);
      base = base >>> 0;
      if (c.long) {
        const upper = c.mmu.rd32(d.addr + 8);
        base = toLinear(base, upper);
      }
      target.sel = sel; target.base = base; target.limit = (d.lo & 0xffff) | (d.hi & 0xf0000); target.attr = (d.hi >>> 8) & 0xff;
      if (reg === 3) c.mmu.wr32(d.addr + 4, (d.hi | 0x200) >>> 0);     // mark busy
      return;
    }
    default: ud();
  }
}

/* 0F AE: group 15 (fences, ldmxcsr/stmxcsr, clflush; fxsave/fxrstor save only our XMM state) */
export function grp15(c: Cpu): void {
  const reg = c.i.reg & 7;
  if (c.i.rep !== 0 || c.i.pfx66) ud();                 // rdfsbase.., clwb, clflushopt, pcommit: not implemented
  if (c.i.mod === 3) { if (reg >= 5) return; ud(); }   // lfence, mfence, sfence
  const a = c.ea();
  switch (reg) {
    case 2: c.mxcsr = c.mmu.rd32(a); return;
    case 3: c.mmu.wr32(a, c.mxcsr); return;
    case 7: return;                                     // clflush
    case 0: { // fxsave: MXCSR at +24, XMM0-15 at +160
      c.mmu.wr32(a + 24, c.mxcsr);
      for (let i = 0; i < 64; i++) c.mmu.wr32(a + 160 + i * 4, c.xmm[i]!);
      return;
    }
    case 1: {
      c.mxcsr = c.mmu.rd32(a + 24);
      for (let i = 0; i < 64; i++) c.xmm[i] = c.mmu.rd32(a + 160 + i * 4);
      return;
    }
    default: ud();
  }
}

/* 0F 0B ud2 and every unimplemented opcode */
export function undefinedOp(_c: Cpu): void { ud(); }

function hexs(v: number): string {
  return v < 0 ? "0x" + (BigInt(v) + (1n << 64n)).toString(16) : "0x" + v.toString(16);
}

export { SEG_CS };
