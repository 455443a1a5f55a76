/*
 * wasm/emit/moves.ts: data movement without flags: mov, lea, movzx/movsx,
 * movsxd, cbw/cwd and their wider forms, xchg, nop, cmov and setcc.
 */

import { L_A, L_B } from "../layout.ts";
import { MASKS, type Family } from "./ctx.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const MOVES_SOURCE = import.meta.url;

export const MOVES = {
  movEG: (c) => [...(c.f.mem ? c.translate(c.o.ea(), c.s, true) : []), c.storeE(c.s, c.RD("g", c.s))],
  movGE: (c) => [...c.loadE(c.s, false), c.WR("g", c.s, c.g64(L_A))],
  movEI: (c) => [...(c.f.mem ? c.translate(c.o.ea(), c.s, true) : []), c.storeE(c.s, c.o.imm())],
  movRI: (c) => [c.WR("e", c.s, c.o.imm())],
  lea: (c) => [c.WR("g", c.s, c.o.ea())],
  movx: (c) => {
    // op: the source size, | 4 when sign-extending
    const { m, s, f } = c, src = f.op & 3;
    let v = c.g64(L_A);
    if ((f.op & 4) !== 0) v = m.i64.and(src === 1 ? m.i64.extend8_s(v) : m.i64.extend16_s(v), c.c64(MASKS[s]!));
    return [...c.loadE(src, false), c.WR("g", s, v)];
  },
  movsxd: (c) => [...c.loadE(4, false), c.WR("g", c.s, c.s === 8 ? c.m.i64.extend32_s(c.g64(L_A)) : c.g64(L_A))],
  cbw: (c) => {
    const { m, s } = c, from = s / 2, v = c.RD("e", from);
    return [c.WR("e", s, from === 1 ? m.i64.extend8_s(v) : from === 2 ? m.i64.extend16_s(v) : m.i64.extend32_s(v))];
  },
  // rDX = the sign of rAX, repeated
  cwd: (c) => {
    const { m, s } = c, v = c.RD("e", s);
    return [c.WR(2, s, m.i64.shr_s(s === 8 ? v : s === 4 ? m.i64.extend32_s(v) : m.i64.extend16_s(v), c.c64(63n)))];
  },
  xchg: (c) => [...c.loadE(c.s, true), c.set(L_B, c.RD("g", c.s)), c.storeE(c.s, c.g64(L_B)), c.WR("g", c.s, c.g64(L_A))],
  nop: () => [],
  // E is read (and may fault) whatever the condition; a false 32-bit cmov still zero-extends G.
  cmov: (c) => [...c.loadE(c.s, false),
    c.m.if(c.cond(c.f.op), c.WR("g", c.s, c.g64(L_A)), c.s === 4 ? c.WR("g", 4, c.RD("g", 4)) : c.m.nop())],
  setcc: (c) => [...(c.f.mem ? c.translate(c.o.ea(), 1, true) : []),
    c.storeE(1, c.m.i64.extend_u(c.m.i32.ne(c.cond(c.f.op), c.c32(0))))],
} satisfies Family;
