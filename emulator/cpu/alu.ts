/*
 * alu.ts: integer arithmetic with exact RFLAGS, for every operand size.
 *
 * Values are (lo, hi) 32-bit halves; sizes 1, 2 and 4 use lo only. Every
 * function writes the result's low half as its return value and the high
 * half to c.vhi, and updates the six status flags eagerly. Flags the SDM
 * leaves undefined are given the values listed in the README's Quirks
 * section (they match what the differential tests' host CPU produces where
 * the test masks them anyway).
 *
 * Carry/overflow formulas (s = operand width in bits, r = result):
 *   add: CF = carry out of bit s-1;  OF = ((a ^ r) & (b ^ r)) >> (s-1)
 *   sub: CF = borrow (a < b + cin);   OF = ((a ^ b) & (a ^ r)) >> (s-1)
 *   AF = (a ^ b ^ r) & 0x10 for both.
 */

import type { Cpu } from "./cpu.ts";
import { FLAG_CF, FLAG_PF, FLAG_AF, FLAG_ZF, FLAG_SF, FLAG_OF, FLAGS_STATUS } from "./state.ts";

/** PF for each low byte: set when the number of one bits is even. */
export const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let b = i, n = 0;
  while (b) { n += b & 1; b >>= 1; }
  PARITY[i] = n % 2 === 0 ? FLAG_PF : 0;
}

export const MASK = [0, 0xff, 0xffff, 0, 0xffffffff, 0, 0, 0, 0xffffffff];
const SIGN = [0, 0x80, 0x8000, 0, 0x80000000, 0, 0, 0, 0x80000000];

/** ZF, SF, PF of a result (sign taken from the top half for 64-bit). */
export function szp(s: number, lo: number, hi: number): number {
  let f = PARITY[lo & 0xff]!;
  if (s === 8) {
    if ((lo | hi) === 0) f |= FLAG_ZF;
    if (hi & 0x80000000) f |= FLAG_SF;
  } else {
    if (lo === 0) f |= FLAG_ZF;
    if (lo & SIGN[s]!) f |= FLAG_SF;
  }
  return f;
}

function setStatus(c: Cpu, f: number): void {
  c.flags = ((c.flags & ~FLAGS_STATUS) | f) >>> 0;
}

/** ALU operation numbers in the ModRM /reg order of opcodes 00-3F and 80-83. */
export const ALU_ADD = 0, ALU_OR = 1, ALU_ADC = 2, ALU_SBB = 3, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7;

export function add(c: Cpu, s: number, alo: number, ahi: number, blo: number, bhi: number, cin: number): number {
  let lo: number, hi = 0, f: number;
  if (s === 8) {
    let l = alo + blo + cin;
    const c1 = l > 0xffffffff ? 1 : 0;
    l = l >>> 0;
    const h = ahi + bhi + c1;
    f = h > 0xffffffff ? FLAG_CF : 0;
    lo = l; hi = h >>> 0;
    if (((ahi ^ hi) & (bhi ^ hi)) & 0x80000000) f |= FLAG_OF;
  } else {
    const m = MASK[s]!;
    const r = alo + blo + cin;
    f = r > m ? FLAG_CF : 0;
    lo = s === 4 ? r >>> 0 : r & m;
    if (((alo ^ lo) & (blo ^ lo)) & SIGN[s]!) f |= FLAG_OF;
  }
  f |= ((alo ^ blo ^ lo) & FLAG_AF) | szp(s, lo, hi);
  setStatus(c, f);
  c.vhi = hi;
  return lo;
}

export function sub(c: Cpu, s: number, alo: number, ahi: number, blo: number, bhi: number, bin: number): number {
  let lo: number, hi = 0, f: number;
  if (s === 8) {
    let l = alo - blo - bin;
    const b1 = l < 0 ? 1 : 0;
    l = l >>> 0;
    const h = ahi - bhi - b1;
    f = h < 0 ? FLAG_CF : 0;
    lo = l; hi = h >>> 0;
    if (((ahi ^ bhi) & (ahi ^ hi)) & 0x80000000) f |= FLAG_OF;
  } else {
    const m = MASK[s]!;
    const r = alo - blo - bin;
    f = r < 0 ? FLAG_CF : 0;
    lo = s === 4 ? r >>> 0 : r & m;
    if (((alo ^ blo) & (alo ^ lo)) & SIGN[s]!) f |= FLAG_OF;
  }
  f |= ((alo ^ blo ^ lo) & FLAG_AF) | szp(s, lo, hi);
  setStatus(c, f);
  c.vhi = hi;
  return lo;
}

/** Logic result: CF = OF = 0, AF cleared (undefined by the SDM), SZP from the result. */
export function logic(c: Cpu, s: number, lo: number, hi: number): number {
  setStatus(c, szp(s, lo, hi));
  c.vhi = hi;
  return lo;
}

/** Dispatch one of the eight classic ALU operations. */
export function alu(c: Cpu, op: number, s: number, alo: number, ahi: number, blo: number, bhi: number): number {
  switch (op) {
    case ALU_ADD: return add(c, s, alo, ahi, blo, bhi, 0);
    case ALU_OR: return logic(c, s, (alo | blo) >>> 0, (ahi | bhi) >>> 0);
    case ALU_ADC: return add(c, s, alo, ahi, blo, bhi, c.flags & FLAG_CF);
    case ALU_SBB: return sub(c, s, alo, ahi, blo, bhi, c.flags & FLAG_CF);
    case ALU_AND: return logic(c, s, (alo & blo) >>> 0, (ahi & bhi) >>> 0);
    case ALU_SUB: case ALU_CMP: return sub(c, s, alo, ahi, blo, bhi, 0);
    default: return logic(c, s, (alo ^ blo) >>> 0, (ahi ^ bhi) >>> 0);
  }
}

/** inc/dec: like add/sub 1 but CF is preserved. */
export function incdec(c: Cpu, s: number, lo: number, hi: number, dec: boolean): number {
  const cf = c.flags & FLAG_CF;
  const r = dec ? sub(c, s, lo, hi, 1, 0, 0) : add(c, s, lo, hi, 1, 0, 0);
  c.flags = ((c.flags & ~FLAG_CF) | cf) >>> 0;
  return r;
}

/** neg: 0 - x; CF = (x != 0). */
export function neg(c: Cpu, s: number, lo: number, hi: number): number {
  return sub(c, s, 0, 0, lo, hi, 0);
}

/* ---------------- BigInt helpers for the rare wide operations ---------------- */

export function big(s: number, lo: number, hi: number): bigint {
  return s === 8 ? (BigInt(hi) << 32n) | BigInt(lo) : BigInt(lo);
}
export function bigSigned(s: number, lo: number, hi: number): bigint {
  return BigInt.asIntN(s * 8, big(s, lo, hi));
}
/** Split a BigInt into (lo, c.vhi) truncated to size s. */
export function unbig(c: Cpu, s: number, v: bigint): number {
  const u = BigInt.asUintN(s * 8, v);
  c.vhi = s === 8 ? Number(u >> 32n) : 0;
  return Number(u & 0xffffffffn);
}

/* ---------------- shifts and rotates ---------------- */

/** Shift/rotate group 2 (/reg: 0 rol, 1 ror, 2 rcl, 3 rcr, 4 shl, 5 shr, 6 sal, 7 sar). */
export function shift(c: Cpu, op: number, s: number, lo: number, hi: number, count: number): number {
  const bits = s * 8;
  count &= s === 8 ? 63 : 31;
  if (count === 0) { c.vhi = hi; return lo; }
  const v = big(s, lo, hi);
  const w = BigInt(bits);
  const top = 1n << (w - 1n);
  const m = (1n << w) - 1n;
  let r: bigint, cf: number, of: number;
  let f = c.flags;
  switch (op) {
    case 0: { // rol
      const n = BigInt(count % bits);
      r = ((v << n) | (v >> ((w - n) % w))) & m;
      cf = Number(r & 1n);
      of = (Number((r & top) !== 0n) ^ cf);
      f = (f & ~(FLAG_CF | FLAG_OF)) | cf | (of ? FLAG_OF : 0);
      break;
    }
    case 1: { // ror
      const n = BigInt(count % bits);
      r = ((v >> n) | (v << ((w - n) % w))) & m;
      cf = Number((r & top) !== 0n);
      of = Number((r & top) !== 0n) ^ Number((r & (top >> 1n)) !== 0n);
      f = (f & ~(FLAG_CF | FLAG_OF)) | cf | (of ? FLAG_OF : 0);
      break;
    }
    case 2: case 3: { // rcl, rcr through a (bits+1)-bit rotation
      const n = count % (bits + 1);
      if (n === 0) { c.vhi = hi; return lo; }
      const wide = (BigInt(c.flags & FLAG_CF) << w) | v;
      const W = w + 1n, M = (1n << W) - 1n, N = BigInt(n);
      const rr = op === 2 ? ((wide << N) | (wide >> (W - N))) & M : ((wide >> N) | (wide << (W - N))) & M;
      r = rr & m;
      cf = Number(rr >> w);
      if (op === 2) of = Number((r & top) !== 0n) ^ cf;
      else of = Number((r & top) !== 0n) ^ Number((r & (top >> 1n)) !== 0n);
      f = (f & ~(FLAG_CF | FLAG_OF)) | cf | (of ? FLAG_OF : 0);
      break;
    }
    case 4: case 6: { // shl
      const N = BigInt(count);
      r = (v << N) & m;
      cf = count <= bits ? Number((v >> (w - N)) & 1n) : 0;
      of = Number((r & top) !== 0n) ^ cf;
      f = szpBig(s, r) | cf | (of ? FLAG_OF : 0) | (f & ~FLAGS_STATUS);
      break;
    }
    case 5: { // shr
      const N = BigInt(count);
      r = v >> N;
      cf = Number((v >> (N - 1n)) & 1n);
      of = Number((v & top) !== 0n);
      f = szpBig(s, r) | cf | (of ? FLAG_OF : 0) | (f & ~FLAGS_STATUS);
      break;
    }
    default: { // sar
      const N = BigInt(count);
      const sv = BigInt.asIntN(bits, v);
      r = BigInt.asUintN(bits, sv >> N);
      cf = Number((sv >> (N - 1n)) & 1n);
      f = szpBig(s, r) | cf | (f & ~FLAGS_STATUS);
      break;
    }
  }
  c.flags = (f | 2) >>> 0;
  return unbig(c, s, r);
}

function szpBig(s: number, r: bigint): number {
  const lo = Number(r & 0xffffffffn), hi = s === 8 ? Number(r >> 32n) : 0;
  return szp(s, lo, hi);
}

/** shld/shrd: shift `dst` by `count`, filling from `src`. */
export function shiftDouble(c: Cpu, left: boolean, s: number, dlo: number, dhi: number, slo: number, shi: number, count: number): number {
  const bits = s * 8;
  count &= s === 8 ? 63 : 31;
  if (count === 0) { c.vhi = dhi; return dlo; }
  const w = BigInt(bits), m = (1n << w) - 1n, top = 1n << (w - 1n);
  const d = big(s, dlo, dhi), sv = big(s, slo, shi);
  const N = BigInt(count);
  let r: bigint, cf: number;
  if (left) {
    const wide = (d << w) | sv;
    r = (wide << N >> w) & m;
    cf = Number((d >> (w - N)) & 1n);
    if (count > bits) cf = 0;
  } else {
    const wide = (sv << w) | d;
    r = (wide >> N) & m;
    cf = Number((d >> (N - 1n)) & 1n);
  }
  const of = Number((r & top) !== 0n) ^ Number((d & top) !== 0n);
  c.flags = (szpBig(s, r) | cf | (of ? FLAG_OF : 0) | (c.flags & ~FLAGS_STATUS) | 2) >>> 0;
  return unbig(c, s, r);
}

/* ---------------- multiply and divide ---------------- */

/** Unsigned (signed=false) or signed widening multiply: rDX:rAX = rAX * src. */
export function mulWide(c: Cpu, s: number, signed: boolean, src: bigint): void {
  const bits = BigInt(s * 8);
  const a = signed ? bigSigned(s, regA(c, s), c.vhi) : big(s, regA(c, s), c.vhi);
  const b = signed ? BigInt.asIntN(s * 8, src) : src;
  const p = a * b;
  const lowPart = BigInt.asUintN(s * 8, p);
  const highPart = BigInt.asUintN(s * 8, p >> bits);
  let over: boolean;
  if (signed) over = BigInt.asIntN(s * 8, lowPart) !== p;
  else over = highPart !== 0n;
  if (s === 1) {
    c.wrReg(0, 2, Number(BigInt.asUintN(16, p)), 0);
  } else {
    c.wrReg(0, s, unbig(c, s, lowPart), c.vhi);
    c.wrReg(2, s, unbig(c, s, highPart), c.vhi);
  }
  const lo = Number(lowPart & 0xffffffffn);
  const hi = s === 8 ? Number(lowPart >> 32n) : 0;
  // SF/ZF/PF/AF are undefined; we set SZP from the low half, AF clear.
  c.flags = ((c.flags & ~FLAGS_STATUS) | szp(s, lo, hi) | (over ? FLAG_CF | FLAG_OF : 0) | 2) >>> 0;
}

function regA(c: Cpu, s: number): number { return c.rdReg(0, s); }

/** Truncating multiply for imul r, r/m(, imm): returns the low half; CF=OF=overflow. */
export function imulTrunc(c: Cpu, s: number, a: bigint, b: bigint): number {
  const p = BigInt.asIntN(s * 8, a) * BigInt.asIntN(s * 8, b);
  const low = BigInt.asUintN(s * 8, p);
  const over = BigInt.asIntN(s * 8, low) !== p;
  const lo = unbig(c, s, low);
  const hi = c.vhi;
  c.flags = ((c.flags & ~FLAGS_STATUS) | szp(s, lo, hi) | (over ? FLAG_CF | FLAG_OF : 0) | 2) >>> 0;
  c.vhi = hi;
  return lo;
}

/** div/idiv: rDX:rAX / src; #DE on zero divisor or quotient overflow. Returns false on #DE. */
export function divide(c: Cpu, s: number, signed: boolean, src: bigint): boolean {
  const bits = BigInt(s * 8);
  let dividend: bigint;
  if (s === 1) dividend = BigInt(c.rdReg(0, 2));
  else {
    const alo = c.rdReg(0, s), ahi = c.vhi;
    const dlo = c.rdReg(2, s), dhi = c.vhi;
    dividend = (big(s, dlo, dhi) << bits) | big(s, alo, ahi);
  }
  let divisor = src;
  if (signed) {
    dividend = BigInt.asIntN(s * 16, dividend);
    divisor = BigInt.asIntN(s * 8, src);
  }
  if (divisor === 0n) return false;
  const q = dividend / divisor;             // BigInt division truncates toward zero, like idiv
  const rem = dividend % divisor;
  if (signed) {
    if (q !== BigInt.asIntN(s * 8, q)) return false;
  } else if (q >> bits !== 0n) return false;
  if (s === 1) {
    const v = (Number(BigInt.asUintN(8, rem)) << 8) | Number(BigInt.asUintN(8, q));
    c.wrReg(0, 2, v, 0);
  } else {
    c.wrReg(0, s, unbig(c, s, q), c.vhi);
    c.wrReg(2, s, unbig(c, s, rem), c.vhi);
  }
  return true;
}

export { FLAG_CF, FLAG_PF, FLAG_AF, FLAG_ZF, FLAG_SF, FLAG_OF };
