/*
 * wasm/emit/flags.ts: the status flags and conditions as binaryen IR: the
 * ALU's flags from its operands (exact for every bit alu.ts defines,
 * including its choices for the bits the SDM leaves undefined), a
 * condition code from RFLAGS, and a condition fused with the operation
 * that set it (the JIT's deferred flags).
 */

import { conditionFlags, type AluKind } from "../../cpu/forms.ts";
import { bn, type Bn } from "../binaryen.ts";
import { L_F } from "../layout.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const FLAGS_SOURCE = import.meta.url;

/** i32 expression, non-zero when condition `cc` (the low nibble of jcc/setcc/cmov) holds for the flags in L_F. */
export function condition(m: Bn, cc: number): number {
  const i32 = bn().i32, c32 = (v: number) => m.i32.const(v | 0);
  const fl = () => m.local.get(L_F, i32);
  const sNeO = () => m.i32.and(m.i32.xor(m.i32.shr_u(fl(), c32(7)), m.i32.shr_u(fl(), c32(11))), c32(1));
  // O, C, Z, CZ, S, P are a test of their bits; L and LE compare SF with OF
  const r = cc >> 1 === 6 ? sNeO() : cc >> 1 === 7 ? m.i32.or(m.i32.and(fl(), c32(0x40)), sNeO()) : m.i32.and(fl(), c32(conditionFlags(cc)));
  return (cc & 1) !== 0 ? m.i32.eqz(r) : r;
}


/** i32 expression: ZF, SF and PF of the sz-byte result in i64 local r. */
export function szpFlags(m: Bn, sz: number, lr: number): number {
  const i32 = bn().i32, i64 = bn().i64;
  const c32 = (v: number) => m.i32.const(v | 0), c64 = (v: bigint) => m.i64.const(v);
  const r = () => m.local.get(lr, i64);
  return m.i32.or(m.i32.or(
    m.select(m.i64.eqz(r()), c32(0x40), c32(0), i32),
    m.i32.and(m.i32.wrap(m.i64.shr_u(r(), c64(BigInt(sz * 8 - 8)))), c32(0x80))),
  m.i32.shl(m.i32.xor(m.i32.and(m.i32.popcnt(m.i32.and(m.i32.wrap(r()), c32(0xff))), c32(1)), c32(1)), c32(2)));
}

/**
 * Statement: the status flags in `mask` of an operation of `kind` on
 * sz-byte values in i64 locals a, b with result r (masked to sz), merged
 * into L_F. `carry`: adc/sbb (the carry in is L_F's CF).
 */
export function statusFlags(m: Bn, kind: AluKind, sz: number, mask: number, carry: boolean, la: number, lb: number, lr: number): number {
  const i32 = bn().i32, i64 = bn().i64;
  const c32 = (v: number) => m.i32.const(v | 0), c64 = (v: bigint) => m.i64.const(v);
  const get = (n: number, t: number) => m.local.get(n, t);
  const bits = sz * 8;
  const a = () => get(la, i64), bb = () => get(lb, i64), r = () => get(lr, i64);
  const wr = (v: number) => m.i32.wrap(v);
  let fl = szpFlags(m, sz, lr);
  if (kind !== "logic") {
    fl = m.i32.or(fl, m.i32.and(wr(m.i64.xor(m.i64.xor(a(), bb()), r())), c32(0x10)));
    const ofx = kind === "add" ? m.i64.and(m.i64.xor(a(), r()), m.i64.xor(bb(), r())) : m.i64.and(m.i64.xor(a(), bb()), m.i64.xor(a(), r()));
    fl = m.i32.or(fl, m.i32.shl(m.i32.and(wr(m.i64.shr_u(ofx, c64(BigInt(bits - 1)))), c32(1)), c32(11)));
    const cin = () => m.i64.extend_u(m.i32.and(get(L_F, i32), c32(1)));
    let cf: number;
    if (!carry) {
      cf = kind === "add"
        ? (sz === 8 ? m.i64.lt_u(r(), a()) : m.i64.ne(m.i64.shr_u(m.i64.add(a(), bb()), c64(BigInt(bits))), c64(0n)))
        : m.i64.lt_u(a(), bb());
    } else if (sz === 8) {
      // adc: r < a, or r == a with a carry in; sbb: a < b, or a == b with a borrow in
      const eq = kind === "add" ? m.i64.eq(r(), a()) : m.i64.eq(a(), bb());
      cf = m.i32.or(kind === "add" ? m.i64.lt_u(r(), a()) : m.i64.lt_u(a(), bb()), m.i32.and(eq, m.i32.and(get(L_F, i32), c32(1))));
    } else {
      cf = kind === "add"
        ? m.i64.ne(m.i64.shr_u(m.i64.add(m.i64.add(a(), bb()), cin()), c64(BigInt(bits))), c64(0n))
        : m.i64.lt_u(a(), m.i64.add(bb(), cin()));
    }
    fl = m.i32.or(fl, cf);
  }
  return m.local.set(L_F, m.i32.or(m.i32.and(get(L_F, i32), c32(~mask)), m.i32.and(fl, c32(mask))));
}

/**
 * True when fusedCondition derives condition `cc` of an operation of
 * `kind`: ZF and SF always; CF, CF|ZF, SF!=OF and ZF|SF!=OF except after
 * an add (PF, and the add's CF and OF, need RFLAGS).
 */
export function hasFusedCondition(kind: AluKind, cc: number): boolean {
  const c = cc >> 1;
  return c === 2 || c === 4 || (kind !== "add" && (c === 1 || c === 3 || c === 6 || c === 7));
}

/**
 * i32 expression for condition `cc` straight from an operation's operands
 * (locals a, b, r as in statusFlags), without computing RFLAGS, or null
 * when hasFusedCondition says it cannot.
 */
export function fusedCondition(m: Bn, kind: AluKind, sz: number, cc: number, la: number, lb: number, lr: number): number | null {
  if (!hasFusedCondition(kind, cc)) return null;
  const i64 = bn().i64, c64 = (v: bigint) => m.i64.const(v);
  const a = () => m.local.get(la, i64), b = () => m.local.get(lb, i64), r = () => m.local.get(lr, i64);
  const sh = BigInt(64 - sz * 8);
  const sx = (v: number) => sh === 0n ? v : m.i64.shr_s(m.i64.shl(v, c64(sh)), c64(sh));
  const zf = () => m.i64.eqz(r());
  const sf = () => m.i64.lt_s(sx(r()), c64(0n));
  // (kind is "sub" or "logic" from here on for B, BE, L, LE: logic ops clear CF and OF)
  let e: number;
  switch (cc >> 1) {
    case 1: e = kind === "logic" ? m.i32.const(0) : m.i64.lt_u(a(), b()); break;                       // B: CF
    case 2: e = zf(); break;
    case 3: e = kind === "logic" ? zf() : m.i64.le_u(a(), b()); break;                                  // BE: CF | ZF
    case 4: e = sf(); break;
    case 6: e = kind === "logic" ? sf() : m.i64.lt_s(sx(a()), sx(b())); break;                          // L: SF != OF
    default: e = kind === "logic" ? m.i32.or(zf(), sf()) : m.i64.le_s(sx(a()), sx(b())); break;        // LE: ZF | SF != OF
  }
  return (cc & 1) !== 0 ? m.i32.eqz(e) : e;
}
