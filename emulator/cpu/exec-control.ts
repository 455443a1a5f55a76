/*
 * exec-control.ts: handlers that change the flow of control: near and far
 * jumps, calls and returns, conditional branches, loops, software
 * interrupts, iret, and the fast system call pair syscall/sysret.
 */

import type { Cpu } from "./cpu.ts";
import { toLinear, linLo, linHi, isCanonical } from "./cpu.ts";
import { CpuFault, gp, ud } from "./fault.ts";
import { cond } from "./exec-data.ts";
import {
  FLAG_IF, FLAG_RF, FLAG_OF, FLAG_IOPL, FLAG_NT, FLAG_TF, FLAG_VM_MASK, FLAGS_WRITABLE, SEG_CS, SEG_SS,
  MSR_STAR, MSR_LSTAR, MSR_FMASK, EFER_SCE, EXC_BP, EXC_OF, REG_RSP,
} from "./state.ts";

/** Set RIP to a branch target (checks canonical form in 64-bit mode, truncates otherwise). */
export function jumpTo(c: Cpu, target: number): void {
  if (c.long) {
    if (c.i.osz === 2 && c.i.pfx66) target = target & 0xffff;
    if (!isCanonical(target)) gp(0);
    c.rip = target;
  } else c.rip = target >>> 0;
}

/* 70-7F, 0F 80-8F: jcc rel */
export function jcc(c: Cpu): void {
  if (cond(c, c.i.op & 15)) jumpTo(c, c.iNext + c.i.imm);
}
/* E9/EB jmp rel */
export function jmpRel(c: Cpu): void { jumpTo(c, c.iNext + c.i.imm); }
/* E8 call rel */
export function callRel(c: Cpu): void {
  const target = c.iNext + c.i.imm;
  const s = c.long ? 8 : 4;
  c.push(s, linLo(c.iNext), linHi(c.iNext));
  jumpTo(c, target);
}
/* FF /2 call Ev */
export function callE(c: Cpu): void {
  const s = c.long ? 8 : 4;
  const lo = c.rdE(s), hi = c.vhi;
  c.push(s, linLo(c.iNext), linHi(c.iNext));
  jumpTo(c, s === 8 ? toLinear(lo, hi) : lo);
}
/* FF /4 jmp Ev */
export function jmpE(c: Cpu): void {
  const s = c.long ? 8 : 4;
  const lo = c.rdE(s), hi = c.vhi;
  jumpTo(c, s === 8 ? toLinear(lo, hi) : lo);
}
/* C3 ret, C2 ret Iw */
export function ret(c: Cpu): void {
  const s = c.long ? 8 : 4;
  const lo = c.pop(s), hi = c.vhi;
  if (c.i.op === 0xc2) c.setRegLin(REG_RSP, c.regLin(REG_RSP) + c.i.imm);
  jumpTo(c, s === 8 ? toLinear(lo, hi) : lo);
}
/* E0-E2 loopne/loope/loop, E3 jrcxz */
export function loop(c: Cpu): void {
  const r = c.r;
  if (c.i.op === 0xe3) {
    const z = c.i.asz === 8 ? (r[2]! | r[3]!) === 0 : r[2] === 0;
    if (z) jumpTo(c, c.iNext + c.i.imm);
    return;
  }
  let zero: boolean;
  if (c.i.asz === 8) {
    // RCX is a 64-bit count, not an address: decrement the halves exactly (a double would round).
    if (r[2] === 0) r[3] = (r[3]! - 1) >>> 0;
    r[2] = (r[2]! - 1) >>> 0;
    zero = (r[2]! | r[3]!) === 0;
  } else { r[2] = (r[2]! - 1) >>> 0; r[3] = 0; zero = r[2] === 0; }
  let take = !zero;
  const zf = (c.flags & 0x40) !== 0;
  if (c.i.op === 0xe0) take = take && !zf;
  if (c.i.op === 0xe1) take = take && zf;
  if (take) jumpTo(c, c.iNext + c.i.imm);
}

/* EA jmp ptr16:32 (legacy mode only) */
export function jmpFarImm(c: Cpu): void {
  if (c.long) ud();
  c.loadCs(c.i.imm2, c.cpl);
  c.rip = c.long ? c.i.imm : c.i.imm >>> 0;
}
/*
 * FF /3 call far m16:xx, FF /5 jmp far m16:xx: a bad selector faults before the call pushes
 * anything (the stack bytes stay as they were: cpufuzz ring 3 seed 1, ff 5b 29 .., checked on the
 * host CPU), a fault in the pushes leaves RSP as it was (restartable)
 */
export function farE(c: Cpu): void { restartable(c, farEBody); }
function farEBody(c: Cpu): void {
  if (c.i.mod === 3) ud();
  const a = c.ea();
  const s = c.i.osz;
  let off: number;
  if (s === 8) { const lo = c.mmu.rd64(a); off = toLinear(lo, c.mmu.hi); }
  else off = s === 4 ? c.mmu.rd32(a) : c.mmu.rd16(a);
  const sel = c.mmu.rd16(a + s);
  const isCall = (c.i.reg & 7) === 3;
  const oldCs = c.seg[SEG_CS]!.sel;
  if (isCall) {
    const ps = c.long ? 8 : 4;
    c.checkCs(sel);
    c.push(ps, oldCs, 0);
    c.push(ps, linLo(c.iNext), linHi(c.iNext));
  }
  c.loadCs(sel, c.cpl);
  c.rip = off;
}
/**
 * A far call, far return or iret that faults part-way (a bad selector, a
 * non-canonical target) leaves nothing changed, as on hardware: RSP, the
 * privilege level, CS, SS and RFLAGS are put back before the fault goes on.
 */
function restartable(c: Cpu, body: (c: Cpu) => void): void {
  const spLo = c.r[8]!, spHi = c.r[9]!, cpl = c.cpl, flags = c.flags;
  const cs = { ...c.seg[SEG_CS]! }, ss = { ...c.seg[SEG_SS]! };
  try {
    body(c);
  } catch (e) {
    c.r[8] = spLo; c.r[9] = spHi; c.flags = flags;
    Object.assign(c.seg[SEG_CS]!, cs); Object.assign(c.seg[SEG_SS]!, ss);
    c.cpl = cpl; c.updateMode();
    throw e;
  }
}

/* CB lret, CA lret Iw: same privilege, or return to an outer ring */
export function lret(c: Cpu): void { restartable(c, lretBody); }
function lretBody(c: Cpu): void {
  const s = c.i.osz === 8 ? 8 : c.i.osz === 2 ? 2 : 4;
  const lo = c.pop(s), hi = c.vhi;
  const sel = c.pop(s) & 0xffff;
  const rpl = sel & 3;
  if (rpl < c.cpl) gp(sel & 0xfffc);
  if (c.i.op === 0xca) c.setRegLin(REG_RSP, c.regLin(REG_RSP) + c.i.imm);
  if (rpl > c.cpl) {
    const nsp = c.pop(s), nsph = c.vhi;
    const nss = c.pop(s) & 0xffff;
    c.loadCs(sel, rpl);
    c.loadSeg(SEG_SS, nss);
    c.r[8] = nsp; c.r[9] = s === 8 ? nsph : 0;
  } else c.loadCs(sel, rpl);
  c.rip = s === 8 ? toLinear(lo, hi) : lo;
}
/* CF iret / iretd / iretq */
export function iret(c: Cpu): void { restartable(c, iretBody); }
function iretBody(c: Cpu): void {
  if (!c.long) {
    if ((c.flags & FLAG_NT) !== 0) gp(0);
    const ip = c.pop(4), cs = c.pop(4) & 0xffff, fl = c.pop(4);
    if ((cs & 3) !== c.cpl) gp(cs & 0xfffc);      // no privilege change in legacy mode here
    c.loadCs(cs, c.cpl);
    c.rip = ip;
    c.setFlags(fl, FLAGS_WRITABLE);
    return;
  }
  const s = c.i.osz === 8 ? 8 : c.i.osz === 2 ? 2 : 4;
  const ipLo = c.pop(s), ipHi = c.vhi;
  const cs = c.pop(s) & 0xffff;
  const fl = c.pop(s);
  const spLo = c.pop(s), spHi = c.vhi;
  const ss = c.pop(s) & 0xffff;
  const newCpl = cs & 3;
  if (newCpl < c.cpl) gp(cs & 0xfffc);
  let mask = FLAGS_WRITABLE;
  if (c.cpl > 0) mask &= ~FLAG_IOPL;
  if (c.cpl > ((c.flags & FLAG_IOPL) >>> 12)) mask &= ~FLAG_IF;
  const oldCpl = c.cpl;
  c.loadCs(cs, newCpl);
  if (newCpl !== oldCpl || (ss & 0xfffc) !== 0) {
    const sreg = c.seg[SEG_SS]!;
    if ((ss & 0xfffc) === 0) { if (newCpl === 3) gp(0); sreg.sel = ss; sreg.base = 0; sreg.attr = 0; }
    else { c.cpl = newCpl; c.loadSeg(SEG_SS, ss); }
  } else c.seg[SEG_SS]!.sel = ss;
  c.setFlags(fl, mask);
  c.r[8] = spLo; c.r[9] = s === 8 ? spHi : 0;
  const target = s === 8 ? toLinear(ipLo, ipHi) : ipLo;
  if (c.long && !isCanonical(target)) gp(0);
  c.rip = target;
  if (newCpl === 3) {
    // Data segments with DPL < 3 become null on a return to user mode.
    for (const sr of [0, 3, 4, 5]) {
      const sg = c.seg[sr]!;
      if ((sg.sel & 0xfffc) !== 0 && ((sg.attr >> 5) & 3) < 3 && (sg.attr & 0xc) !== 0xc) { sg.sel = 0; sg.attr = 0; }
    }
  }
}

/* CC int3, CD int Ib, CE into */
export function int3(c: Cpu): void { c.rip = c.iNext; c.softInterrupt(EXC_BP); }
export function intN(c: Cpu): void { c.rip = c.iNext; c.softInterrupt(c.i.imm & 0xff); }
export function into(c: Cpu): void {
  if (c.long) ud();
  if ((c.flags & FLAG_OF) !== 0) { c.rip = c.iNext; c.softInterrupt(EXC_OF); }
}

/* 0F 05 syscall (SDM Vol. 2B SYSCALL) */
export function syscall(c: Cpu): void {
  if (!c.long || (c.efer & EFER_SCE) === 0) ud();
  const r = c.r;
  r[2 * 1] = linLo(c.iNext); r[2 * 1 + 1] = linHi(c.iNext);     // RCX = return RIP
  r[2 * 11] = c.flags & ~FLAG_RF; r[2 * 11 + 1] = 0;              // R11 = RFLAGS
  const star = c.msr.get(MSR_STAR) ?? 0n;
  const lstar = c.msr.get(MSR_LSTAR) ?? 0n;
  const fmask = Number((c.msr.get(MSR_FMASK) ?? 0n) & 0xffffffffn);
  const sel = Number((star >> 32n) & 0xffffn);
  const cs = c.seg[SEG_CS]!, ss = c.seg[SEG_SS]!;
  cs.sel = sel & 0xfffc; cs.base = 0; cs.limit = 0xffffffff; cs.attr = 0xa09b;  // 64-bit code, DPL 0
  ss.sel = (sel + 8) & 0xfffc; ss.base = 0; ss.limit = 0xffffffff; ss.attr = 0xc093;
  c.cpl = 0;
  c.flags = ((c.flags & ~fmask & ~FLAG_RF) | 2) >>> 0;
  c.rip = Number(BigInt.asIntN(64, lstar));
  c.updateMode();
  c.checkIrq = true;
}
/* 0F 07 sysret (to 64-bit code with REX.W, else compatibility mode) */
export function sysret(c: Cpu): void {
  if (!c.long || (c.efer & EFER_SCE) === 0) ud();
  if (c.cpl !== 0) gp(0);
  const r = c.r;
  const star = c.msr.get(MSR_STAR) ?? 0n;
  const base = Number((star >> 48n) & 0xffffn);
  const cs = c.seg[SEG_CS]!, ss = c.seg[SEG_SS]!;
  let target: number;
  if (c.i.osz === 8) {
    target = toLinear(r[2]!, r[3]!);
    if (!isCanonical(target)) gp(0);
    cs.sel = (base + 16) | 3; cs.attr = 0xa0fb;
  } else {
    target = r[2]!;
    cs.sel = base | 3; cs.attr = 0xc0fb;
  }
  cs.base = 0; cs.limit = 0xffffffff;
  ss.sel = (base + 8) | 3; ss.base = 0; ss.limit = 0xffffffff; ss.attr = 0xc0f3;
  c.cpl = 3;
  c.flags = ((r[22]! & FLAGS_WRITABLE & ~(FLAG_RF | FLAG_VM_MASK)) | 2) >>> 0;
  c.rip = target;
  c.updateMode();
  c.checkIrq = true;
}

export { CpuFault, FLAG_TF };
