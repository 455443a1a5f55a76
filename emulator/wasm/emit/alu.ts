/*
 * wasm/emit/alu.ts: arithmetic and logic with their flags: the eight ALU
 * operations in every operand form, test, inc/dec, not, neg, imul, the
 * one-operand mul/imul/div/idiv with rDX:rAX, bt/bts/btr/btc, and the
 * flag instructions (clc, stc, cmc, cld, std).
 */

import { STATUS, CF } from "../../cpu/forms.ts";
import { FLAG_DF } from "../../cpu/state.ts";
import { L_F, L_A, L_B, L_R, L_T, L_X, L_Y, L_Z } from "../layout.ts";
import { MASKS, type Ctx, type Emitter, type Family } from "./ctx.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const ALU_SOURCE = import.meta.url;

/** Destination E (register or memory), source G or the immediate. */
const aluE: Emitter = (c) => {
  const { f, s } = c;
  return [...c.loadE(s, f.op !== 7), c.set(L_B, f.kind === "aluEI" ? c.o.imm() : c.RD("g", s)), ...c.aluOp(f.op, STATUS),
    ...(f.op !== 7 ? [c.storeE(s, c.g64(L_R))] : [])];
};
const test: Emitter = (c) => [c.f.kind === "testAI" ? c.set(L_A, c.RD("e", c.s)) : c.m.block(null, c.loadE(c.s, false)),
  c.set(L_B, c.f.kind === "testEG" ? c.RD("g", c.s) : c.o.imm()), ...c.aluOp(4, STATUS)];

export const ALU = {
  aluAI: (c) => [c.set(L_A, c.RD("e", c.s)), c.set(L_B, c.o.imm()), ...c.aluOp(c.f.op, STATUS),
    ...(c.f.op !== 7 ? [c.WR("e", c.s, c.g64(L_R))] : [])],
  // A = G (destination), B = E
  aluGE: (c) => [...c.loadE(c.s, false), c.set(L_B, c.g64(L_A)), c.set(L_A, c.RD("g", c.s)), ...c.aluOp(c.f.op, STATUS),
    ...(c.f.op !== 7 ? [c.WR("g", c.s, c.g64(L_R))] : [])],
  aluEG: aluE,
  aluEI: aluE,
  testAI: test,
  testEG: test,
  testEI: test,
  incdec: (c) => [...c.loadE(c.s, true), c.set(L_B, c.c64(1n)), ...c.aluOp(c.f.op === 1 ? 5 : 0, STATUS & ~CF), c.storeE(c.s, c.g64(L_R))],
  not: (c) => [...c.loadE(c.s, true), c.storeE(c.s, c.m.i64.xor(c.g64(L_A), c.c64(MASKS[c.s]!)))],
  neg: (c) => [...c.loadE(c.s, true), c.set(L_B, c.g64(L_A)), c.set(L_A, c.c64(0n)), ...c.aluOp(5, STATUS), c.storeE(c.s, c.g64(L_R))],
  imul: (c) => {
    // A = E, B = the other factor; T = the exact (s < 8) or wrapped (s = 8) product.
    const { m, s } = c;
    const out = [...c.loadE(s, false), c.set(L_B, c.f.op === 0 ? c.RD("g", s) : c.o.imm())];
    const sx = (v: number) => s === 8 ? v : s === 4 ? m.i64.extend32_s(v) : m.i64.extend16_s(v);
    out.push(c.set(L_T, m.i64.mul(sx(c.g64(L_A)), sx(c.g64(L_B)))));
    out.push(c.set(L_R, s === 8 ? c.g64(L_T) : m.i64.and(c.g64(L_T), c.c64(MASKS[s]!))));
    if (c.want) {
      let over: number;
      if (s !== 8) over = m.i64.ne(c.g64(L_T), sx(c.g64(L_R)));
      else {
        const a = () => c.g64(L_A), bb = () => c.g64(L_B);
        over = m.if(m.i64.eqz(a()), c.c32(0),
          m.if(m.i64.eq(a(), c.c64(-1n)), m.i64.eq(bb(), c.c64(-(1n << 63n))), m.i64.ne(m.i64.div_s(c.g64(L_R), a()), bb())));
      }
      out.push(c.setStatus(m.i32.or(c.szpOf(s), m.i32.mul(over, c.c32(0x801)))));
    }
    out.push(c.WR("g", s, c.g64(L_R)));
    return out;
  },
  mulA: (c) => [...c.loadE(c.s, false), ...mul(c, c.f.op === 1)],
  div: (c) => [...c.loadE(c.s, false), ...div(c, c.f.op === 1)],
  btG: (c) => bitTest(c),
  btI: (c) => bitTest(c),
  flag: (c) => {
    const { m, f } = c, fl = () => c.g32(L_F);
    if (f.op === 3 || f.op === 4) return [c.set(L_F, f.op === 3 ? m.i32.and(fl(), c.c32(~FLAG_DF)) : m.i32.or(fl(), c.c32(FLAG_DF)))];
    if (!c.want) return [];
    return [c.set(L_F, f.op === 0 ? m.i32.and(fl(), c.c32(~CF)) : f.op === 1 ? m.i32.or(fl(), c.c32(CF)) : m.i32.xor(fl(), c.c32(CF)))];
  },
} satisfies Family;

/**
 * mul/imul rDX:rAX = rAX * A (A loaded). Flags as alu.ts mulWide: SF ZF
 * PF from the low half, AF clear, CF = OF = the high half is significant.
 */
function mul(c: Ctx, signed: boolean): number[] {
  const { m, s } = c, i64 = c.i64;
  const a = () => c.g64(L_A), b = () => c.g64(L_B), sx = (v: number) => c.sx(v);
  const r: number[] = [c.set(L_B, c.RD(0, s))];
  let over: number;
  if (s < 8) {
    // the exact product fits in 64 bits: T = product, R = its low half
    r.push(c.set(L_T, signed ? m.i64.mul(sx(a()), sx(b())) : m.i64.mul(a(), b())));
    r.push(c.set(L_R, m.i64.and(c.g64(L_T), c.c64(MASKS[s]!))));
    over = signed ? m.i64.ne(c.g64(L_T), sx(c.g64(L_R))) : m.i64.ne(m.i64.shr_u(c.g64(L_T), c.c64(BigInt(s * 8))), c.c64(0n));
    if (s === 1) r.push(c.WR(0, 2, c.g64(L_T)));
    else r.push(c.WR(0, s, c.g64(L_R)), c.WR(2, s, m.i64.shr_u(c.g64(L_T), c.c64(BigInt(s * 8)))));
  } else {
    // 64 x 64 -> 128 from 32-bit halves: R = low, T = high
    const M = () => c.c64(0xffffffffn), lo = (v: number) => m.i64.and(v, M()), hi = (v: number) => m.i64.shr_u(v, c.c64(32n));
    r.push(c.set(L_X, m.i64.mul(lo(a()), lo(b()))));
    r.push(c.set(L_Y, m.i64.add(m.i64.mul(hi(a()), lo(b())), hi(c.g64(L_X)))));
    r.push(c.set(L_Z, m.i64.add(m.i64.mul(lo(a()), hi(b())), lo(c.g64(L_Y)))));
    r.push(c.set(L_R, m.i64.or(lo(c.g64(L_X)), m.i64.shl(c.g64(L_Z), c.c64(32n)))));
    r.push(c.set(L_T, m.i64.add(m.i64.add(m.i64.mul(hi(a()), hi(b())), hi(c.g64(L_Y))), hi(c.g64(L_Z)))));
    if (signed) {
      // the signed high half: minus b when a < 0, minus a when b < 0
      r.push(c.set(L_T, m.i64.sub(m.i64.sub(c.g64(L_T),
        m.select(m.i64.lt_s(a(), c.c64(0n)), b(), c.c64(0n), i64)), m.select(m.i64.lt_s(b(), c.c64(0n)), a(), c.c64(0n), i64))));
    }
    over = signed ? m.i64.ne(c.g64(L_T), m.i64.shr_s(c.g64(L_R), c.c64(63n))) : m.i64.ne(c.g64(L_T), c.c64(0n));
    r.push(c.WR(0, 8, c.g64(L_R)), c.WR(2, 8, c.g64(L_T)));
  }
  // (the flags are computed before rAX/rDX are written: over reads T and R only)
  if (c.want) r.splice(r.length - (s === 1 ? 1 : 2), 0, c.setStatus(m.i32.or(c.szpOf(s), m.i32.mul(over, c.c32(0x801)))));
  return r;
}

/**
 * div/idiv rDX:rAX by A (loaded). Every #DE (zero divisor, quotient out of
 * range) and a 64-bit division whose dividend needs more than 64 bits
 * leave before anything is written: the interpreter does them. Flags are
 * unchanged (alu.ts divide).
 */
function div(c: Ctx, signed: boolean): number[] {
  const { m, s, o } = c, bits = BigInt(s * 8);
  const x = () => c.g64(L_X), d = () => c.g64(L_B), sx = (v: number) => c.sx(v);
  const r: number[] = [];
  // X = the dividend, B = the divisor (sign-extended when signed)
  if (s === 1) r.push(c.set(L_X, signed ? m.i64.extend16_s(c.RD(0, 2)) : c.RD(0, 2)));
  else if (s === 8) {
    r.push(c.set(L_X, c.RD(0, 8)));
    r.push(m.if(signed ? m.i64.ne(c.RD(2, 8), m.i64.shr_s(x(), c.c64(63n))) : m.i64.ne(c.RD(2, 8), c.c64(0n)), o.bail()));
  } else {
    const wide = m.i64.or(m.i64.shl(c.RD(2, s), c.c64(bits)), c.RD(0, s));
    r.push(c.set(L_X, signed && s === 2 ? m.i64.extend32_s(wide) : wide));
  }
  r.push(c.set(L_B, signed ? sx(c.g64(L_A)) : c.g64(L_A)));
  r.push(m.if(m.i64.eqz(d()), o.bail()));
  if (signed && s >= 4) r.push(m.if(m.i32.and(m.i64.eq(x(), c.c64(-(1n << 63n))), m.i64.eq(d(), c.c64(-1n))), o.bail()));   // (a wasm trap)
  r.push(c.set(L_R, signed ? m.i64.div_s(x(), d()) : m.i64.div_u(x(), d())));
  if (s < 8) r.push(m.if(signed ? m.i64.ne(c.g64(L_R), sx(c.g64(L_R))) : m.i64.gt_u(c.g64(L_R), c.c64(MASKS[s]!)), o.bail()));
  r.push(c.set(L_T, signed ? m.i64.rem_s(x(), d()) : m.i64.rem_u(x(), d())));
  if (s === 1) r.push(c.WR(0, 2, m.i64.or(m.i64.shl(m.i64.and(c.g64(L_T), c.c64(0xffn)), c.c64(8n)), m.i64.and(c.g64(L_R), c.c64(0xffn)))));
  else r.push(c.WR(0, s, c.g64(L_R)), c.WR(2, s, c.g64(L_T)));
  return r;
}

/**
 * bt/bts/btr/btc: CF = the bit; bts/btr/btc write it back. With a
 * register offset and a memory operand the signed offset selects the
 * operand-sized unit (exec-alu.ts btEG): ea + (offset >> log2 bits) * s.
 */
function bitTest(c: Ctx): number[] {
  const { m, s, f } = c;
  const bits = s * 8, lg = BigInt(Math.log2(bits)), write = f.op !== 0;
  const r: number[] = [];
  if (f.kind === "btG" && f.mem) {
    r.push(c.set(L_B, c.sx(c.RD("g", s))));
    r.push(...c.translate(m.i64.add(c.o.ea(), m.i64.shl(m.i64.shr_s(c.g64(L_B), c.c64(lg)), c.c64(BigInt(Math.log2(s))))), s, write));
    r.push(c.set(L_A, c.rdMem(s)));
  } else {
    r.push(c.set(L_B, f.kind === "btG" ? c.RD("g", s) : c.o.imm()), ...c.loadE(s, write));
  }
  r.push(c.set(L_B, m.i64.and(c.g64(L_B), c.c64(BigInt(bits - 1)))));
  if (c.want) r.push(c.setStatus(m.i32.wrap(m.i64.and(m.i64.shr_u(c.g64(L_A), c.g64(L_B)), c.c64(1n))), CF));
  if (write) {
    const bit = m.i64.shl(c.c64(1n), c.g64(L_B));
    const v = f.op === 1 ? m.i64.or(c.g64(L_A), bit) : f.op === 2 ? m.i64.and(c.g64(L_A), m.i64.xor(bit, c.c64(-1n))) : m.i64.xor(c.g64(L_A), bit);
    r.push(f.mem ? c.wrMem(s, v) : c.WR("e", s, v));
  }
  return r;
}
