/*
 * exec-data.ts: handlers for data movement: mov and its extending forms,
 * lea, xchg, cmovcc/setcc, the stack (push/pop/enter/leave/pushf/popf),
 * flag transfers and the string instructions with their rep prefixes.
 */

import type { Cpu } from "./cpu.ts";
import { toLinear, linLo, linHi, isCanonical } from "./cpu.ts";
import { CpuFault, gp, ud } from "./fault.ts";
import { MASK, alu, ALU_CMP } from "./alu.ts";
import { ACC_READ, ACC_WRITE } from "./mmu.ts";
import {
  FLAG_CF, FLAG_PF, FLAG_AF, FLAG_ZF, FLAG_SF, FLAG_OF, FLAG_DF, FLAG_IF, FLAG_IOPL, FLAG_RF,
  FLAGS_WRITABLE, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, REP_CHUNK, EXC_SS,
} from "./state.ts";

/** Evaluate condition code cc (0-15) against RFLAGS. */
export function cond(c: Cpu, cc: number): boolean {
  const f = c.flags;
  let r: boolean;
  switch (cc >> 1) {
    case 0: r = (f & FLAG_OF) !== 0; break;
    case 1: r = (f & FLAG_CF) !== 0; break;
    case 2: r = (f & FLAG_ZF) !== 0; break;
    case 3: r = (f & (FLAG_CF | FLAG_ZF)) !== 0; break;
    case 4: r = (f & FLAG_SF) !== 0; break;
    case 5: r = (f & FLAG_PF) !== 0; break;
    case 6: r = ((f & FLAG_SF) !== 0) !== ((f & FLAG_OF) !== 0); break;
    default: r = (f & FLAG_ZF) !== 0 || (((f & FLAG_SF) !== 0) !== ((f & FLAG_OF) !== 0)); break;
  }
  return (cc & 1) !== 0 ? !r : r;
}

/* 88/89 mov Eb,Gb / Ev,Gv */
export function movEG(c: Cpu): void {
  const s = c.i.osz;
  const v = c.rdReg(c.i.reg, s);
  c.wrE(s, v, c.vhi);
}
/* 8A/8B mov Gb,Eb / Gv,Ev */
export function movGE(c: Cpu): void {
  const s = c.i.osz;
  const v = c.rdE(s);
  c.wrReg(c.i.reg, s, v, c.vhi);
}
/* C6/C7 /0 mov E,I */
export function movEI(c: Cpu): void { c.wrE(c.i.osz, c.i.imm, c.i.immHi); }
/* B0-B7 mov r8,Ib; B8-BF mov r,Iv */
export function movRI(c: Cpu): void {
  const n = (c.i.op & 7) | ((c.i.rex & 1) << 3);
  c.wrReg(n, c.i.osz, c.i.imm, c.i.immHi);
}
/* A0-A3: mov AL/rAX <-> moffs */
export function movMoffs(c: Cpu): void {
  const s = c.i.osz;
  const off = c.i.asz === 8 ? toLinear(c.i.imm, c.i.immHi) : c.i.imm;
  const a = c.segAddr(off, SEG_DS);
  if (c.i.op === 0xa0 || c.i.op === 0xa1) { const v = c.rdMem(a, s); c.wrReg(0, s, v, c.vhi); }
  else { const v = c.rdReg(0, s); c.wrMem(a, s, v, c.vhi); }
}
/* 0F B6/B7 movzx, 0F BE/BF movsx */
export function movx(c: Cpu): void {
  const src = (c.i.op & 1) === 0 ? 1 : 2;
  let v = c.rdE(src);
  if (c.i.op >= 0x1be) {
    v = src === 1 ? (v << 24) >> 24 : (v << 16) >> 16;
    const hi = v < 0 ? 0xffffffff : 0;
    c.wrReg(c.i.reg, c.i.osz, (v & MASK[c.i.osz]!) >>> 0, hi);
  } else c.wrReg(c.i.reg, c.i.osz, v, 0);
}
/* 63: movsxd Gv,Ed */
export function movsxd(c: Cpu): void {
  const v = c.rdE(4);
  if (c.i.osz === 8) c.wrReg(c.i.reg, 8, v, v & 0x80000000 ? 0xffffffff : 0);
  else c.wrReg(c.i.reg, c.i.osz, v, 0);
}
/* 8D lea */
export function lea(c: Cpu): void {
  if (c.i.mod === 3) ud();
  // The offset only: no segment base.
  if (c.long) {
    // Compute exactly in (lo, hi) even for non-canonical results (lea is arithmetic).
    const r = c.r;
    let lo: number, hi: number;
    if (c.i.ripRel) { const t = c.iNext + c.i.disp; lo = linLo(t); hi = linHi(t); }
    else {
      lo = c.i.disp; hi = 0;   // a negative disp borrows through `carry`
      if (c.i.base >= 0) { lo += r[2 * c.i.base]!; hi += r[2 * c.i.base + 1]!; }
      if (c.i.index >= 0) { lo += r[2 * c.i.index]! * c.i.scale; hi += r[2 * c.i.index + 1]! * c.i.scale; }
      const carry = Math.floor(lo / 4294967296);
      lo = lo >>> 0; hi = (hi + carry) >>> 0;
    }
    if (c.i.asz === 4) hi = 0;
    c.wrReg(c.i.reg, c.i.osz, c.i.osz === 2 ? lo & 0xffff : lo, hi);
    return;
  }
  const r = c.r;
  let a = c.i.disp;
  if (c.i.base >= 0) a += r[2 * c.i.base]!;
  if (c.i.index >= 0) a += r[2 * c.i.index]! * c.i.scale;
  c.wrReg(c.i.reg, c.i.osz, a >>> 0, 0);
}
/* 86/87 xchg E,G */
export function xchgEG(c: Cpu): void {
  const s = c.i.osz;
  const a = c.rdEw(s), ah = c.vhi;
  const b = c.rdReg(c.i.reg, s), bh = c.vhi;
  c.wrEsame(s, b, bh);
  c.wrReg(c.i.reg, s, a, ah);
}
/* 90-97 xchg rAX,r (90 without REX.B is nop / pause) */
export function xchgAR(c: Cpu): void {
  const n = (c.i.op & 7) | ((c.i.rex & 1) << 3);
  if (n === 0) {
    if (c.i.osz === 4 && c.i.op === 0x90 && c.long) { /* xchg eax,eax is nop in 64-bit mode */ }
    return;
  }
  const s = c.i.osz;
  const a = c.rdReg(0, s), ah = c.vhi;
  const b = c.rdReg(n, s), bh = c.vhi;
  c.wrReg(0, s, b, bh);
  c.wrReg(n, s, a, ah);
}
/* 0F 40-4F cmovcc: the destination is written (zero-extended for 32-bit) even when false */
export function cmov(c: Cpu): void {
  const s = c.i.osz;
  const v = c.rdE(s), vh = c.vhi;
  if (cond(c, c.i.op & 15)) c.wrReg(c.i.reg, s, v, vh);
  else if (s === 4) c.r[2 * c.i.reg + 1] = 0;
}
/* 0F 90-9F setcc */
export function setcc(c: Cpu): void { c.wrE(1, cond(c, c.i.op & 15) ? 1 : 0, 0); }

/* ---- stack ---- */

/* 50-57 push r */
export function pushR(c: Cpu): void {
  const n = (c.i.op & 7) | ((c.i.rex & 1) << 3);
  const s = c.stackSize();
  const v = c.rdReg(n, s);
  c.push(s, v, c.vhi);
}
/* 58-5F pop r */
export function popR(c: Cpu): void {
  const n = (c.i.op & 7) | ((c.i.rex & 1) << 3);
  const s = c.stackSize();
  const v = c.pop(s);
  c.wrReg(n, s, v, c.vhi);
}
/* 68 push Iz, 6A push Ib (sign-extended to the stack width) */
export function pushI(c: Cpu): void {
  const s = c.stackSize();
  const neg = c.i.op === 0x6a ? (c.i.imm & 0x80) !== 0 : s === 2 ? (c.i.imm & 0x8000) !== 0 : (c.i.imm & 0x80000000) !== 0;
  let lo = c.i.imm;
  if (c.i.op === 0x6a && neg) lo = (lo | 0xffffff00) >>> 0;
  if (s === 2) lo &= 0xffff;
  c.push(s, lo, neg ? 0xffffffff : 0);
}
/* FF /6 push Ev */
export function pushE(c: Cpu): void {
  const s = c.stackSize();
  const v = c.rdE(s);
  c.push(s, v, c.vhi);
}
/* 8F /0 pop Ev: RSP is incremented before the destination address is computed */
export function popE(c: Cpu): void {
  const s = c.stackSize();
  const lo = c.r[8]!, hi = c.r[9]!;
  const v = c.pop(s), vh = c.vhi;
  // the store comes after RSP moved (an RSP-based address sees the new value), but a
  // faulting store leaves RSP as it was: the instruction restarts
  try { c.wrE(s, v, vh); } catch (e) { c.r[8] = lo; c.r[9] = hi; throw e; }
}
/* C9 leave */
export function leave(c: Cpu): void {
  const s = c.stackSize();
  const lo = c.r[8]!, hi = c.r[9]!;
  try { leaveBody(c, s); } catch (e) { c.r[8] = lo; c.r[9] = hi; throw e; }
}
function leaveBody(c: Cpu, s: number): void {
  if (c.long) { c.r[8] = c.r[10]!; c.r[9] = c.r[11]!; }
  else c.r[8] = c.r[10]!;
  const v = c.pop(s);
  c.wrReg(5, s, v, c.vhi);
}
/* C8 enter Iw,Ib */
export function enter(c: Cpu): void {
  const s = c.stackSize();
  const level = c.i.imm2 & 31;
  const bp = c.rdReg(5, s), bph = c.vhi;
  // a fault part-way (a push, or a read of the enclosing frames) leaves RSP as it was, as on hardware
  const sp = c.r[8]!, sph = c.r[9]!;
  let frame: number;
  try {
    c.push(s, bp, bph);
    frame = c.regLin(4);
    for (let i = 1; i < level; i++) {
      const p = c.regLin(5) - i * s;
      if (c.long && (!isCanonical(p) || !isCanonical(p + s - 1))) throw new CpuFault(EXC_SS, 0);   // SS-relative: #SS, not #PF
      const v = c.rdMem(p, s);
      c.push(s, v, c.vhi);
    }
    if (level > 0) c.push(s, linLo(frame), linHi(frame));
    // "a write using the final value of the stack pointer" that would fault faults here (SDM, ENTER): hardware checks it
    const final = c.regLin(4) - c.i.imm;
    if (c.long && !isCanonical(final)) throw new CpuFault(EXC_SS, 0);
    c.mmu.tr(final, ACC_WRITE, s);
  } catch (e) {
    c.r[8] = sp; c.r[9] = sph;
    throw e;
  }
  c.setRegLin(5, frame);
  if (!c.long) c.r[11] = 0;
  c.setRegLin(4, c.regLin(4) - c.i.imm);
}
/* 9C pushf */
export function pushf(c: Cpu): void {
  if (c.cpl === 3 && (c.flags & FLAG_IOPL) !== FLAG_IOPL && !c.long) gp(0);
  const s = c.stackSize();
  c.push(s, (c.flags & ~(FLAG_RF | 0x20000)) >>> 0, 0);
}
/* 9D popf: IF changes only if CPL <= IOPL, IOPL only at CPL 0 */
export function popf(c: Cpu): void {
  const s = c.stackSize();
  const v = c.pop(s);
  let mask = FLAGS_WRITABLE & ~FLAG_RF;
  if (c.cpl > 0) mask &= ~FLAG_IOPL;
  if (c.cpl > ((c.flags & FLAG_IOPL) >>> 12)) mask &= ~FLAG_IF;
  if (s === 2) mask &= 0xffff;
  c.setFlags(v, mask);
}
/* 9E sahf, 9F lahf */
export function sahf(c: Cpu): void {
  const ah = (c.r[0]! >>> 8) & 0xff;
  const m = FLAG_SF | FLAG_ZF | FLAG_AF | FLAG_PF | FLAG_CF;
  c.flags = ((c.flags & ~m) | (ah & m) | 2) >>> 0;
}
export function lahf(c: Cpu): void {
  c.r[0] = (c.r[0]! & 0xffff00ff) | (((c.flags & 0xd5) | 2) << 8);
}

/* 8C mov Ev,Sw; 8E mov Sw,Ew */
export function movFromSeg(c: Cpu): void {
  const sr = c.i.reg & 7;
  if (sr > 5) ud();
  const v = c.seg[sr]!.sel;
  if (c.i.mod === 3) c.wrReg(c.i.rm, c.i.osz, v, 0);
  else c.wrE(2, v, 0);
}
export function movToSeg(c: Cpu): void {
  const sr = c.i.reg & 7;
  if (sr > 5 || sr === SEG_CS) ud();
  const v = c.rdE(2);
  c.loadSeg(sr, v);
  if (sr === SEG_SS) c.shadow = true;
}
/* 0F A0/A8 push fs/gs, 0F A1/A9 pop fs/gs */
export function pushSeg(c: Cpu): void {
  const sr = c.i.op === 0x1a0 ? SEG_FS : SEG_GS;
  c.push(c.stackSize(), c.seg[sr]!.sel, 0);
}
export function popSeg(c: Cpu): void {
  const sr = c.i.op === 0x1a1 ? SEG_FS : SEG_GS;
  const v = c.pop(c.stackSize());
  const base = c.seg[sr]!.base;
  c.loadSeg(sr, v & 0xffff);
  if (c.long) c.seg[sr]!.base = (v & 0xfffc) === 0 ? base : c.seg[sr]!.base;
}

/* ---- strings ---- */

/** Read and step a string index register (RSI=6/RDI=7) by `delta` within the address size. */
function idx(c: Cpu, n: number): number {
  if (c.i.asz === 8) return toLinear(c.r[2 * n]!, c.r[2 * n + 1]!);
  return c.r[2 * n]!;
}
function step(c: Cpu, n: number, delta: number): void {
  if (c.i.asz === 8) c.setRegLin(n, toLinear(c.r[2 * n]!, c.r[2 * n + 1]!) + delta);
  else { c.r[2 * n] = (c.r[2 * n]! + delta) >>> 0; c.r[2 * n + 1] = 0; }
}
/*
 * The count: rCX, read as 2^53 when it is larger (a double holds no more
 * exactly, and no execution gets near it: REP_CHUNK); the elements done are
 * taken off the register itself (decCount), exactly. (Counting in a double
 * rounded RCX 0x54e19dad5924d2d6 to ...d400, and every decrement was lost:
 * cpufuzz ring 0 seed 3 batch 3003 stream 1141, pop %rcx then repnz scasl.)
 */
function count(c: Cpu): number {
  if (c.i.asz !== 8) return c.r[2]!;
  return c.r[3]! >= 0x200000 ? 2 ** 53 : c.r[3]! * 4294967296 + c.r[2]!;
}
/** rCX -= k (k <= REP_CHUNK: the count was at least k). */
function decCount(c: Cpu, k: number): void {
  const lo = c.r[2]! - k;
  if (c.i.asz === 8 && lo < 0) c.r[3] = (c.r[3]! - 1) >>> 0;
  else if (c.i.asz !== 8) c.r[3] = 0;
  c.r[2] = lo >>> 0;
}
function srcAddr(c: Cpu): number { return c.segAddr(idx(c, 6), SEG_DS); }
function dstAddr(c: Cpu): number {
  const off = idx(c, 7);
  if (c.long && !isCanonical(off)) gp(0);
  return c.long ? off : (off + c.seg[0]!.base) >>> 0;   // ES, no override
}

/*
 * Run one string element per iteration. Long rep runs are executed in one
 * call up to a chunk (state.ts REP_CHUNK), then RIP is left on the
 * instruction so interrupts can be taken (as hardware does between
 * iterations).
 */

/*
 * Fast paths for forward rep movs/stos in long mode: the elements that lie
 * in one page are done with one translation and a typed-array fill or
 * copy. The architectural result, the fault behaviour (a fault happens
 * before anything of that page is written) and the chunking (REP_CHUNK
 * elements per execution, which the virtual clock counts) are those of
 * the element-by-element loop.
 */
function pageRun(lin: number, s: number, left: number): number {
  return Math.min(left, Math.floor((4096 - (lin & 0xfff)) / s));
}

function fastStos(c: Cpu, s: number, v: number, vh: number, cnt: number): void {
  const m = c.mmu;
  const a = dstAddr(c);
  const bytes = cnt * s;
  const p = m.tr(a, ACC_WRITE, bytes);
  if (p + bytes > m.ramSize) { for (let i = 0; i < cnt; i++) c.wrMem(a + i * s, s, v, vh); }
  else if (s === 1 || (v === 0 && vh === 0) || (s === 2 && (v & 0xff) === (v >>> 8)) ||
           (s >= 4 && v === (v & 0xff) * 0x01010101 && (s === 4 || vh === v))) m.mem.fill(v & 0xff, p, p + bytes);
  else if (s === 8) for (let i = 0; i < bytes; i += 8) { m.dv.setUint32(p + i, v, true); m.dv.setUint32(p + i + 4, vh, true); }
  else if (s === 4) for (let i = 0; i < bytes; i += 4) m.dv.setUint32(p + i, v, true);
  else for (let i = 0; i < bytes; i += 2) m.dv.setUint16(p + i, v, true);
  if (m.codePages[p >>> 12] !== 0) m.invalidateCode(p >>> 12);
  c.setRegLin(7, a + bytes);
}

export function movs(c: Cpu): void {
  const s = c.i.osz, d = (c.flags & FLAG_DF) ? -s : s;
  if (c.i.rep === 0) { const v = c.rdMem(srcAddr(c), s); c.wrMem(dstAddr(c), s, v, c.vhi); step(c, 6, d); step(c, 7, d); return; }
  let n = count(c);
  let k = 0;
  if (d > 0 && c.long && c.i.asz === 8 && c.i.seg < 0) {
    const m = c.mmu;
    while (n > 0 && k < REP_CHUNK) {
      const sa = srcAddr(c), da = dstAddr(c);
      const cnt = pageRun(da, s, pageRun(sa, s, Math.min(n, REP_CHUNK - k)));
      if (cnt < 1) break;
      const bytes = cnt * s, ps = m.tr(sa, ACC_READ, bytes), pd = m.tr(da, ACC_WRITE, bytes);
      if (ps + bytes > m.ramSize || pd + bytes > m.ramSize || (pd > ps && pd < ps + bytes)) break;
      m.mem.copyWithin(pd, ps, ps + bytes);
      if (m.codePages[pd >>> 12] !== 0) m.invalidateCode(pd >>> 12);
      c.setRegLin(6, sa + bytes); c.setRegLin(7, da + bytes);
      n -= cnt; k += cnt;
      decCount(c, cnt);
    }
  }
  while (n > 0 && k < REP_CHUNK) {
    const v = c.rdMem(srcAddr(c), s); c.wrMem(dstAddr(c), s, v, c.vhi);
    step(c, 6, d); step(c, 7, d); n--; k++;
    decCount(c, 1);
  }
  if (n > 0) c.rip = c.iStart;
}
export function stos(c: Cpu): void {
  const s = c.i.osz, d = (c.flags & FLAG_DF) ? -s : s;
  const v = c.rdReg(0, s), vh = c.vhi;
  if (c.i.rep === 0) { c.wrMem(dstAddr(c), s, v, vh); step(c, 7, d); return; }
  let n = count(c);
  let k = 0;
  if (d > 0 && c.long && c.i.asz === 8) {
    while (n > 0 && k < REP_CHUNK) {
      const cnt = pageRun(dstAddr(c), s, Math.min(n, REP_CHUNK - k));
      if (cnt < 1) break;
      fastStos(c, s, v, vh, cnt);
      n -= cnt; k += cnt;
      decCount(c, cnt);
    }
  }
  while (n > 0 && k < REP_CHUNK) {
    c.wrMem(dstAddr(c), s, v, vh);
    step(c, 7, d); n--; k++;
    decCount(c, 1);
  }
  if (n > 0) c.rip = c.iStart;
}
export function lods(c: Cpu): void {
  const s = c.i.osz, d = (c.flags & FLAG_DF) ? -s : s;
  let n = c.i.rep === 0 ? 1 : count(c);
  while (n > 0) {
    const v = c.rdMem(srcAddr(c), s); c.wrReg(0, s, v, c.vhi);
    step(c, 6, d); n--;
    if (c.i.rep !== 0) decCount(c, 1);
  }
}
/* cmps/scas: repe (F3) stops when not equal, repne (F2) when equal */
export function cmps(c: Cpu): void {
  const s = c.i.osz, d = (c.flags & FLAG_DF) ? -s : s;
  const once = () => {
    const a = c.rdMem(srcAddr(c), s), ah = c.vhi;
    const b = c.rdMem(dstAddr(c), s), bh = c.vhi;
    alu(c, ALU_CMP, s, a, ah, b, bh);
    step(c, 6, d); step(c, 7, d);
  };
  if (c.i.rep === 0) { once(); return; }
  repCompare(c, once);
}
export function scas(c: Cpu): void {
  const s = c.i.osz, d = (c.flags & FLAG_DF) ? -s : s;
  const a = c.rdReg(0, s), ah = c.vhi;
  const once = () => {
    const b = c.rdMem(dstAddr(c), s), bh = c.vhi;
    alu(c, ALU_CMP, s, a, ah, b, bh);
    step(c, 7, d);
  };
  if (c.i.rep === 0) { once(); return; }
  repCompare(c, once);
}
function repCompare(c: Cpu, once: () => void): void {
  let n = count(c);
  let k = 0;
  while (n > 0 && k < REP_CHUNK) {
    once(); n--; k++;
    decCount(c, 1);
    const zf = (c.flags & FLAG_ZF) !== 0;
    if (c.i.rep === 0xf3 ? !zf : zf) return;
  }
  if (n > 0) c.rip = c.iStart;
}

/* D7 xlat */
export function xlat(c: Cpu): void {
  const off = (c.i.asz === 8 ? toLinear(c.r[6]!, c.r[7]!) : c.r[6]!) + (c.r[0]! & 0xff);
  const v = c.rdMem(c.segAddr(off, SEG_DS), 1);
  c.wrReg(0, 1, v, 0);
}

export { SEG_SS };
