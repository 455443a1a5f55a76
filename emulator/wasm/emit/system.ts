/*
 * wasm/emit/system.ts: cli and sti at CPL 0 (other rings: the
 * interpreter's IOPL checks) and port I/O through the host (the
 * interpreter core only).
 */

import { FLAG_IF } from "../../cpu/state.ts";
import { L_F } from "../layout.ts";
import type { Family } from "./ctx.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const SYSTEM_SOURCE = import.meta.url;

export const SYSTEM = {
  cli: (c) => [c.m.if(c.m.i32.eqz(c.o.kernel!()), c.o.bail()), c.set(L_F, c.m.i32.and(c.g32(L_F), c.c32(~FLAG_IF)))],
  sti: (c) => [c.m.if(c.m.i32.eqz(c.o.kernel!()), c.o.bail()),
    c.o.stiDone!(c.m.i32.eqz(c.m.i32.and(c.g32(L_F), c.c32(FLAG_IF)))), c.set(L_F, c.m.i32.or(c.g32(L_F), c.c32(FLAG_IF)))],
  io: (c) => {
    const { m, s, f } = c, out = (f.op & 1) !== 0;
    const port = (f.op & 2) !== 0 ? m.i32.wrap(c.RD(2, 2)) : m.i32.wrap(c.o.imm());
    const v = c.o.io!(port, s, out, out ? m.i32.wrap(c.RD("e", s)) : c.c32(0));
    return [out ? m.drop(v) : c.WR("e", s, m.i64.extend_u(v))];
  },
} satisfies Family;
