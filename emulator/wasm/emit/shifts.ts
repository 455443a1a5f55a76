/*
 * wasm/emit/shifts.ts: shifts and rotates (rol, ror, shl/sal, shr, sar; rcl
 * and rcr are the interpreter's) by a constant and by CL, with the flags
 * alu.ts gives them.
 */

import { STATUS } from "../../cpu/forms.ts";
import { L_A, L_B, L_R, L_T } from "../layout.ts";
import { MASKS, type Ctx, type Family } from "./ctx.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const SHIFTS_SOURCE = import.meta.url;

export const SHIFTS = {
  shift: (c) => [...c.loadE(c.s, true), ...shift(c, c.o.imm())],
  shiftCL: (c) => {
    // count = CL masked; zero: nothing changes (a 32-bit register is still zero-extended)
    const { m, s, f } = c;
    return [...c.loadE(s, true), c.set(L_T, m.i64.and(c.RD(1, 1), c.c64(s === 8 ? 63n : 31n))),
      m.if(m.i64.eqz(c.g64(L_T)), s === 4 && !f.mem ? c.WR("e", 4, c.g64(L_A)) : m.nop(), m.block(null, shift(c, c.g64(L_T))))];
  },
} satisfies Family;

/** The shift of A (already loaded) by `count` (i64, masked, non-zero), flags, store. The first statement sets B. */
function shift(c: Ctx, count: number): number[] {
  const { m, s, f } = c, i32 = c.i32;
  const op = f.op, bits = s * 8;
  const M = c.c64(MASKS[s]!);
  const a = () => c.g64(L_A), r = () => c.g64(L_R), n = () => c.g64(L_B);
  const c32 = (v: number) => c.c32(v), c64 = (v: bigint) => c.c64(v);
  /** Bit k (an i64 expression) of v, as i32. */
  const bitAt = (v: number, k: number) => m.i32.wrap(m.i64.and(m.i64.shr_u(v, k), c64(1n)));
  const bit = (v: number, k: number) => bitAt(v, c64(BigInt(k)));
  const sext = () => c.sx(a());
  const o2: number[] = [c.set(L_B, count)];
  let cf: number, of: number, mask = STATUS;
  if (op === 0 || op === 1) {
    // Rotate by count mod width (0 leaves the value, but CF/OF are still set from it).
    const k = () => m.i64.rem_u(n(), c64(BigInt(bits)));
    let rv: number;
    if (s === 8) rv = op === 0 ? m.i64.rotl(a(), n()) : m.i64.rotr(a(), n());
    else rv = m.i64.and(op === 0
      ? m.i64.or(m.i64.shl(a(), k()), m.i64.shr_u(a(), m.i64.sub(c64(BigInt(bits)), k())))
      : m.i64.or(m.i64.shr_u(a(), k()), m.i64.shl(a(), m.i64.sub(c64(BigInt(bits)), k()))), M);
    o2.push(c.set(L_R, rv));
    if (op === 0) { cf = bit(r(), 0); of = m.i32.xor(bit(r(), bits - 1), bit(r(), 0)); }
    else { cf = bit(r(), bits - 1); of = m.i32.xor(bit(r(), bits - 1), bit(r(), bits - 2)); }
    mask = 0x801;
  } else if (op === 4 || op === 6) {
    o2.push(c.set(L_R, m.i64.and(m.i64.shl(a(), n()), M)));
    // CF = the last bit shifted out (none left when count > width).
    const outBit = () => m.select(m.i64.le_u(n(), c64(BigInt(bits))), bitAt(a(), m.i64.sub(c64(BigInt(bits)), n())), c32(0), i32);
    cf = outBit();
    of = m.i32.xor(bit(r(), bits - 1), outBit());
  } else if (op === 5) {
    o2.push(c.set(L_R, m.i64.shr_u(a(), n())));
    cf = bitAt(a(), m.i64.sub(n(), c64(1n)));
    of = bit(a(), bits - 1);
  } else {
    o2.push(c.set(L_R, m.i64.and(m.i64.shr_s(sext(), n()), M)));
    cf = m.i32.wrap(m.i64.and(m.i64.shr_s(sext(), m.i64.sub(n(), c64(1n))), c64(1n)));
    of = c32(0);
  }
  if (c.want) {
    let fv = m.i32.or(cf, m.i32.shl(of, c32(11)));
    if (mask === STATUS) fv = m.i32.or(fv, c.szpOf(s));
    o2.push(c.setStatus(fv, mask));
  }
  o2.push(c.storeE(s, r()));
  return o2;
}
