/*
 * wasm/emit/stack.ts: the 64-bit stack: push (a register, an immediate,
 * RFLAGS), pop, leave and popf; pushT/popT are also the calls' and ret's.
 */

import { FLAG_IF, FLAG_TF, FLAG_IOPL, FLAG_RF, FLAGS_WRITABLE } from "../../cpu/state.ts";
import { L_F, L_LIN, L_T, L_K } from "../layout.ts";
import type { Ctx, Family } from "./ctx.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const STACK_SOURCE = import.meta.url;

/** Push local T: LIN = RSP - 8, translated (or bail), [LIN] = T, RSP = LIN. */
export function pushT(c: Ctx): number[] {
  const m = c.m;
  return [c.set(L_LIN, m.i64.sub(c.RD(4, 8), c.c64(8n))), ...c.translate(c.g64(L_LIN), 8, true),
    c.wrMem(8, c.g64(L_T)), c.WR(4, 8, c.g64(L_LIN))];
}

/** T = the quadword at RSP (translated, or bail); RSP is not changed yet: LIN holds it. */
export function popT(c: Ctx): number[] {
  return [c.set(L_LIN, c.RD(4, 8)), ...c.translate(c.g64(L_LIN), 8, false), c.set(L_T, c.rdMem(8))];
}

/** Statement: RSP = LIN + 8 (after popT). */
export const popDone = (c: Ctx): number => c.WR(4, 8, c.m.i64.add(c.g64(L_LIN), c.c64(8n)));

export const STACK = {
  push: (c) => [c.set(L_T, c.RD("e", 8)), ...pushT(c)],
  pushI: (c) => [c.set(L_T, c.o.imm()), ...pushT(c)],
  // (VM and RF are pushed clear)
  pushf: (c) => [c.set(L_T, c.m.i64.extend_u(c.m.i32.and(c.g32(L_F), c.c32(~0x30000)))), ...pushT(c)],
  pop: (c) => [...popT(c), popDone(c), c.WR("e", 8, c.g64(L_T))],
  // RSP = RBP + 8, RBP = [RBP]
  leave: (c) => [c.set(L_LIN, c.RD(5, 8)), ...c.translate(c.g64(L_LIN), 8, false), c.set(L_T, c.rdMem(8)),
    popDone(c), c.WR(5, 8, c.g64(L_T))],
  popf: (c) => {
    // exec-data.ts popf: RF never, IOPL only at CPL 0, IF when CPL <= IOPL (the JIT's kernel is CPL 0)
    const { m, o } = c, i32 = c.i32;
    const W = FLAGS_WRITABLE & ~FLAG_RF;
    const mask = () => m.select(o.kernel!(), c.c32(W),
      m.select(m.i32.eq(m.i32.and(c.g32(L_F), c.c32(FLAG_IOPL)), c.c32(FLAG_IOPL)), c.c32(W & ~FLAG_IOPL), c.c32(W & ~FLAG_IOPL & ~FLAG_IF), i32), i32);
    return [...popT(c),
      c.set(L_K, m.i32.or(m.i32.or(m.i32.and(c.g32(L_F), m.i32.xor(mask(), c.c32(-1))), m.i32.and(m.i32.wrap(c.g64(L_T)), mask())), c.c32(2))),
      // a change of IF or TF is the interpreter's (it checks for interrupts after it)
      m.if(m.i32.and(m.i32.xor(c.g32(L_K), c.g32(L_F)), c.c32(FLAG_IF | FLAG_TF)), o.bail()),
      popDone(c), c.set(L_F, c.g32(L_K))];
  },
} satisfies Family;
