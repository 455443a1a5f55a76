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

/* ---- 64-bit shifts on (lo, hi) pairs; n in 0..63; high half left in pairHi ---- */
let pairHi = 0;
function shl64(lo: number, hi: number, n: number): number {
  if (n === 0) { pairHi = hi; return lo; }
  if (n < 32) { pairHi = ((hi << n) | (lo >>> (32 - n))) >>> 0; return (lo << n) >>> 0; }
  pairHi = (lo << (n - 32)) >>> 0; return 0;
}
function shr64(lo: number, hi: number, n: number): number {
  if (n === 0) { pairHi = hi; return lo; }
  if (n < 32) { pairHi = hi >>> n; return ((lo >>> n) | (hi << (32 - n))) >>> 0; }
  pairHi = 0; return hi >>> (n - 32);
}
function sar64(lo: number, hi: number, n: number): number {
  if (n === 0) { pairHi = hi; return lo; }
  if (n < 32) { pairHi = (hi >> n) >>> 0; return ((lo >>> n) | (hi << (32 - n))) >>> 0; }
  pairHi = (hi >> 31) >>> 0; return (hi >> (n - 32)) >>> 0;
}

/** Shift/rotate group 2 (/reg: 0 rol, 1 ror, 2 rcl, 3 rcr, 4 shl, 5 shr, 6 sal, 7 sar). */
export function shift(c: Cpu, op: number, s: number, lo: number, hi: number, count: number): number {
  count &= s === 8 ? 63 : 31;
  if (count === 0) { c.vhi = hi; return lo; }
  if (op === 2 || op === 3) return shiftThroughCarry(c, op, s, lo, hi, count);
  let f = c.flags;
  let rlo: number, rhi = 0, cf: number;
  if (s === 8) {
    switch (op) {
      case 0: { // rol
        const n = count;
        const a = shl64(lo, hi, n), ah = pairHi;
        const b = shr64(lo, hi, 64 - n), bh = pairHi;
        rlo = (a | b) >>> 0; rhi = (ah | bh) >>> 0;
        cf = rlo & 1;
        c.flags = ((f & ~(FLAG_CF | FLAG_OF)) | cf | (((rhi >>> 31) ^ cf) ? FLAG_OF : 0) | 2) >>> 0;
        c.vhi = rhi; return rlo;
      }
      case 1: { // ror
        const n = count;
        const a = shr64(lo, hi, n), ah = pairHi;
        const b = shl64(lo, hi, 64 - n), bh = pairHi;
        rlo = (a | b) >>> 0; rhi = (ah | bh) >>> 0;
        cf = rhi >>> 31;
        c.flags = ((f & ~(FLAG_CF | FLAG_OF)) | cf | ((((rhi >>> 31) ^ (rhi >>> 30)) & 1) ? FLAG_OF : 0) | 2) >>> 0;
        c.vhi = rhi; return rlo;
      }
      case 4: case 6:
        rlo = shl64(lo, hi, count); rhi = pairHi;
        cf = shr64(lo, hi, 64 - count) & 1;
        f = (f & ~FLAGS_STATUS) | szp(8, rlo, rhi) | cf | (((rhi >>> 31) ^ cf) ? FLAG_OF : 0);
        break;
      case 5:
        rlo = shr64(lo, hi, count); rhi = pairHi;
        cf = shr64(lo, hi, count - 1) & 1;
        f = (f & ~FLAGS_STATUS) | szp(8, rlo, rhi) | cf | ((hi >>> 31) ? FLAG_OF : 0);
        break;
      default:
        rlo = sar64(lo, hi, count); rhi = pairHi;
        cf = sar64(lo, hi, count - 1) & 1;
        f = (f & ~FLAGS_STATUS) | szp(8, rlo, rhi) | cf;
        break;
    }
    c.flags = (f | 2) >>> 0;
    c.vhi = rhi;
    return rlo;
  }
  const bits = s * 8, m = MASK[s]!, top = SIGN[s]!;
  switch (op) {
    case 0: { // rol
      const n = count % bits;
      rlo = n === 0 ? lo : (((lo << n) | (lo >>> (bits - n))) & m) >>> 0;
      cf = rlo & 1;
      c.flags = ((f & ~(FLAG_CF | FLAG_OF)) | cf | ((((rlo & top) !== 0 ? 1 : 0) ^ cf) ? FLAG_OF : 0) | 2) >>> 0;
      c.vhi = 0; return rlo;
    }
    case 1: { // ror
      const n = count % bits;
      rlo = n === 0 ? lo : (((lo >>> n) | (lo << (bits - n))) & m) >>> 0;
      const msb = (rlo & top) !== 0 ? 1 : 0, msb2 = (rlo & (top >>> 1)) !== 0 ? 1 : 0;
      c.flags = ((f & ~(FLAG_CF | FLAG_OF)) | msb | ((msb ^ msb2) ? FLAG_OF : 0) | 2) >>> 0;
      c.vhi = 0; return rlo;
    }
    case 4: case 6:
      rlo = count >= 32 ? 0 : ((lo << count) & m) >>> 0;
      cf = count <= bits ? (lo >>> (bits - count)) & 1 : 0;
      f = (f & ~FLAGS_STATUS) | szp(s, rlo, 0) | cf | ((((rlo & top) !== 0 ? 1 : 0) ^ cf) ? FLAG_OF : 0);
      break;
    case 5:
      rlo = lo >>> count;
      cf = (lo >>> (count - 1)) & 1;
      f = (f & ~FLAGS_STATUS) | szp(s, rlo, 0) | cf | ((lo & top) !== 0 ? FLAG_OF : 0);
      break;
    default: {
      const sv = (lo << (32 - bits)) >> (32 - bits);
      rlo = ((sv >> count) & m) >>> 0;
      cf = (sv >> (count - 1)) & 1;
      f = (f & ~FLAGS_STATUS) | szp(s, rlo, 0) | cf;
      break;
    }
  }
  c.flags = (f | 2) >>> 0;
  c.vhi = 0;
  return rlo;
}

/** rcl/rcr: rotate through CF, as a (bits+1)-bit rotation (rare: BigInt is fine). */
function shiftThroughCarry(c: Cpu, op: number, s: number, lo: number, hi: number, count: number): number {
  const bits = s * 8;
  const n = count % (bits + 1);
  if (n === 0) { c.vhi = hi; return lo; }
  const w = BigInt(bits), m = (1n << w) - 1n, top = 1n << (w - 1n);
  const v = big(s, lo, hi);
  const wide = (BigInt(c.flags & FLAG_CF) << w) | v;
  const W = w + 1n, M = (1n << W) - 1n, N = BigInt(n);
  const rr = op === 2 ? ((wide << N) | (wide >> (W - N))) & M : ((wide >> N) | (wide << (W - N))) & M;
  const r = rr & m;
  const cf = Number(rr >> w);
  const of = op === 2 ? Number((r & top) !== 0n) ^ cf : Number((r & top) !== 0n) ^ Number((r & (top >> 1n)) !== 0n);
  c.flags = ((c.flags & ~(FLAG_CF | FLAG_OF)) | cf | (of ? FLAG_OF : 0) | 2) >>> 0;
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
export function mulWide64(c: Cpu, signed: boolean, blo: number, bhi: number): void {
  const r = c.r;
  if (signed) imul128(r[0]!, r[1]!, blo, bhi); else mul128(r[0]!, r[1]!, blo, bhi);
  const lo = prod[0]!, hi = prod[1]!;
  const ext = signed && (hi & 0x80000000) !== 0 ? 0xffffffff : 0;
  const over = prod[2] !== ext || prod[3] !== ext;
  r[0] = lo; r[1] = hi; r[4] = prod[2]!; r[5] = prod[3]!;
  c.flags = ((c.flags & ~FLAGS_STATUS) | szp(8, lo, hi) | (over ? FLAG_CF | FLAG_OF : 0) | 2) >>> 0;
}

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

/**
 * Truncating signed multiply without BigInt when both operands are
 * sign-extended 32-bit values (the common case; their product always fits
 * in 64 bits, so CF = OF = 0 for 64-bit operands). Returns null if the
 * slow path is needed.
 */
export function imulFast(c: Cpu, s: number, alo: number, ahi: number, blo: number, bhi: number): number | null {
  if (s === 4) {
    const a = alo | 0, b = blo | 0;
    const p = a * b;
    if (p > 9007199254740991 || p < -9007199254740991) return null;
    const lo = Math.imul(a, b) >>> 0;
    const over = p !== (lo | 0);
    c.flags = ((c.flags & ~FLAGS_STATUS) | szp(4, lo, 0) | (over ? FLAG_CF | FLAG_OF : 0) | 2) >>> 0;
    c.vhi = 0;
    return lo;
  }
  if (s !== 8) return null;
  if (ahi !== ((alo | 0) < 0 ? 0xffffffff : 0) || bhi !== ((blo | 0) < 0 ? 0xffffffff : 0)) {
    imul128(alo, ahi, blo, bhi);
    const lo = prod[0]!, hi = prod[1]!;
    const ext = (hi & 0x80000000) !== 0 ? 0xffffffff : 0;
    const over = prod[2] !== ext || prod[3] !== ext;
    c.flags = ((c.flags & ~FLAGS_STATUS) | szp(8, lo, hi) | (over ? FLAG_CF | FLAG_OF : 0) | 2) >>> 0;
    c.vhi = hi;
    return lo;
  }
  const a = alo | 0, b = blo | 0;
  // 64-bit product of two int32 values, exactly, from 16-bit limbs of |a| and |b|.
  const neg = (a < 0) !== (b < 0);
  const ua = Math.abs(a), ub = Math.abs(b);
  const a0 = ua % 65536, a1 = Math.floor(ua / 65536), b0 = ub % 65536, b1 = Math.floor(ub / 65536);
  const mid = a0 * b1 + a1 * b0;
  let lo = a0 * b0 + (mid % 65536) * 65536;
  let hi = a1 * b1 + Math.floor(mid / 65536) + Math.floor(lo / 4294967296);
  lo = lo >>> 0; hi = hi >>> 0;
  if (neg && (lo | hi) !== 0) { lo = (~lo + 1) >>> 0; hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0; }
  c.flags = ((c.flags & ~FLAGS_STATUS) | szp(8, lo, hi) | 2) >>> 0;
  c.vhi = hi;
  return lo;
}

/** The 128-bit product of the last mul128 call, as four 32-bit words (least significant first). */
export const prod = new Uint32Array(4);
const limbs = new Float64Array(8);

/** Unsigned 64x64 -> 128-bit multiply into `prod`, exact, from 16-bit limbs. */
export function mul128(alo: number, ahi: number, blo: number, bhi: number): void {
  const a0 = alo & 0xffff, a1 = alo >>> 16, a2 = ahi & 0xffff, a3 = ahi >>> 16;
  const b0 = blo & 0xffff, b1 = blo >>> 16, b2 = bhi & 0xffff, b3 = bhi >>> 16;
  limbs[0] = a0 * b0;
  limbs[1] = a0 * b1 + a1 * b0;
  limbs[2] = a0 * b2 + a1 * b1 + a2 * b0;
  limbs[3] = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
  limbs[4] = a1 * b3 + a2 * b2 + a3 * b1;
  limbs[5] = a2 * b3 + a3 * b2;
  limbs[6] = a3 * b3;
  limbs[7] = 0;
  let carry = 0;
  for (let i = 0; i < 8; i++) {
    const v = limbs[i]! + carry;
    limbs[i] = v % 65536;
    carry = Math.floor(v / 65536);
  }
  prod[0] = (limbs[0]! + limbs[1]! * 65536) >>> 0;
  prod[1] = (limbs[2]! + limbs[3]! * 65536) >>> 0;
  prod[2] = (limbs[4]! + limbs[5]! * 65536) >>> 0;
  prod[3] = (limbs[6]! + limbs[7]! * 65536) >>> 0;
}

/** Signed 64x64 -> 128: the unsigned product corrected by the operands' signs. */
export function imul128(alo: number, ahi: number, blo: number, bhi: number): void {
  mul128(alo, ahi, blo, bhi);
  let h0 = prod[2]!, h1 = prod[3]!;
  if (ahi & 0x80000000) { const l = h0 - blo; h0 = l >>> 0; h1 = (h1 - bhi - (l < 0 ? 1 : 0)) >>> 0; }
  if (bhi & 0x80000000) { const l = h0 - alo; h0 = l >>> 0; h1 = (h1 - ahi - (l < 0 ? 1 : 0)) >>> 0; }
  prod[2] = h0; prod[3] = h1;
}

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
