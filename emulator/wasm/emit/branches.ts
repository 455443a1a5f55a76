/*
 * wasm/emit/branches.ts: control transfers: jcc, jmp and call relative,
 * ret, jmp and call through a register or memory. A target is checked to
 * be canonical before anything changes (the interpreter raises the #GP).
 */

import { L_A, L_R, L_T, L_LIN } from "../layout.ts";
import type { Ctx, Family } from "./ctx.ts";
import { pushT, popT, popDone } from "./stack.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const BRANCHES_SOURCE = import.meta.url;

/** T = next + rel (the immediate), bail if not canonical, then jump there. */
const relJump = (c: Ctx): number[] => [c.set(L_T, c.m.i64.add(c.o.next(), c.o.imm())), c.canonical(L_T), c.o.jump(c.g64(L_T), "exitBranch")];

export const BRANCHES = {
  jcc: (c) => [c.m.if(c.cond(c.f.op), c.m.block(null, relJump(c)))],
  jmp: relJump,
  call: (c) => [c.set(L_T, c.o.next()), c.set(L_R, c.m.i64.add(c.o.next(), c.o.imm())), c.canonical(L_R),
    ...pushT(c), c.o.jump(c.g64(L_R), "exitBranch")],
  ret: (c) => [...popT(c), c.canonical(L_T), popDone(c), c.o.jump(c.g64(L_T), "exitRet")],
  jmpE: (c) => [...c.loadE(8, false), c.canonical(L_A), c.o.jump(c.g64(L_A), "exitIndirect")],
  // the target (read first: it may be addressed by RSP) is checked before anything changes
  callE: (c) => [...c.loadE(8, false), c.canonical(L_A),
    c.set(L_LIN, c.m.i64.sub(c.RD(4, 8), c.c64(8n))), ...c.translate(c.g64(L_LIN), 8, true),
    c.wrMem(8, c.o.next()), c.WR(4, 8, c.g64(L_LIN)), c.o.jump(c.g64(L_A), "exitIndirect")],
} satisfies Family;
