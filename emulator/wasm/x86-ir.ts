/*
 * wasm/x86-ir.ts: x86-64 instruction semantics as binaryen IR builders,
 * written once and used by both WebAssembly tiers:
 *
 *   - the interpreter core (wasm/core.ts), whose operands are read at run
 *     time from a pre-decoded record, and
 *   - the JIT (jit/index.ts), whose operands are constants of the region.
 *
 * The difference is hidden behind `Operands` (emit/ctx.ts): where is the
 * G register, the E register, what is the effective address, the
 * immediate, the next RIP, how does the instruction give up (bail) or
 * transfer control (jump).
 *
 * Each instruction with a `Form` (cpu/forms.ts, derived from its opcode
 * table row) runs in wasm through the emitter of its kind: EMITTERS below,
 * one family per file in emit/; every other instruction, and every slow
 * path of these (TLB miss, page-crossing access, address outside RAM,
 * store to a page holding code, non-canonical branch target), is left to
 * the TypeScript interpreter. A bail-out happens before the instruction
 * has changed anything, so the state is exactly the interpreter's and the
 * interpreter then executes that instruction (taking the fault, walking
 * the page tables, invalidating code...).
 *
 * Flags are exact for every status bit the interpreter defines (alu.ts),
 * including its choices for the bits the SDM leaves undefined.
 */

import { TLB_SETS, TLB_HASH_SHIFTS, type JitLayout } from "../cpu/mmu.ts";
import type { Form, Kind } from "../cpu/forms.ts";
import { bn, type Bn } from "./binaryen.ts";
import { Ctx, CTX_SOURCE, type Emitter, type Operands } from "./emit/ctx.ts";
import { FLAGS_SOURCE } from "./emit/flags.ts";
import { MOVES, MOVES_SOURCE } from "./emit/moves.ts";
import { ALU, ALU_SOURCE } from "./emit/alu.ts";
import { SHIFTS, SHIFTS_SOURCE } from "./emit/shifts.ts";
import { STACK, STACK_SOURCE } from "./emit/stack.ts";
import { BRANCHES, BRANCHES_SOURCE } from "./emit/branches.ts";
import { STRINGS, STRINGS_SOURCE } from "./emit/strings.ts";
import { SYSTEM, SYSTEM_SOURCE } from "./emit/system.ts";

export type { Operands, RegRef } from "./emit/ctx.ts";
export { MASKS } from "./emit/ctx.ts";
export { condition, szpFlags, statusFlags, hasFusedCondition, fusedCondition } from "./emit/flags.ts";

/** The generators' files (the interpreter core's disk cache is keyed by their source). */
export const IR_SOURCES: readonly string[] = [import.meta.url, CTX_SOURCE, FLAGS_SOURCE, MOVES_SOURCE, ALU_SOURCE, SHIFTS_SOURCE,
  STACK_SOURCE, BRANCHES_SOURCE, STRINGS_SOURCE, SYSTEM_SOURCE];

/** Every kind's emitter (a kind without one does not type-check). */
const EMITTERS: Readonly<Record<Kind, Emitter>> = { ...MOVES, ...ALU, ...SHIFTS, ...STACK, ...BRANCHES, ...STRINGS, ...SYSTEM };

/**
 * The statements of one instruction of form `f`. `want`: compute the
 * status flags (the JIT skips them when a later instruction overwrites
 * them first). `rspAddr` is the state address of RSP. The caller adds
 * what follows a non-branching instruction (RIP = next).
 */
export function emitInsn(m: Bn, f: Form, o: Operands, want: boolean, rspAddr: number): number[] {
  return EMITTERS[f.kind](new Ctx(m, f, o, want, rspAddr));
}

/**
 * Add `tr(lin i64, permBit i32, size i32, write i32) -> i32`: the Mmu.tr
 * TLB hit path; -1 when the access needs the interpreter.
 */
export function addTr(m: Bn, L: JitLayout): void {
  const b = bn(), i32 = b.i32, i64 = b.i64;
  const T_LIN = 0, T_BIT = 1, T_SIZE = 2, T_WR = 3, T_VPN = 4, T_V = 5, T_IDX = 6, T_PP = 7;
  const c32 = (v: number) => m.i32.const(v | 0), c64 = (v: bigint) => m.i64.const(v);
  const get = (n: number, t: number) => m.local.get(n, t), set = (n: number, v: number) => m.local.set(n, v);
  const idxAddr = () => m.i32.shl(get(T_IDX, i32), c32(3));
  const body = m.block(null, [
    set(T_VPN, m.i64.shr_s(get(T_LIN, i64), c64(12n))),
    set(T_V, m.i32.wrap(get(T_VPN, i64))),
    set(T_IDX, m.i32.and(TLB_HASH_SHIFTS.reduce((h, k) => m.i32.xor(h, m.i32.shr_s(get(T_V, i32), c32(k))), get(T_V, i32)), c32(TLB_SETS - 1))),   // mmu.ts tlbSet
    m.if(m.i64.ne(m.i64.load(L.vpn, 8, idxAddr()), get(T_VPN, i64)), m.return(c32(-1))),
    m.if(m.i32.eqz(m.i32.and(m.i32.load8_u(L.perm, 1, get(T_IDX, i32)), get(T_BIT, i32))), m.return(c32(-1))),
    m.if(m.i32.gt_u(m.i32.add(m.i32.and(m.i32.wrap(get(T_LIN, i64)), c32(0xfff)), get(T_SIZE, i32)), c32(0x1000)), m.return(c32(-1))),
    // frame + offset < 4 GiB; RAM ends below 4032 MiB, so adding the size cannot wrap
    set(T_PP, m.i32.add(m.i32.load(L.phys, 4, m.i32.shl(get(T_IDX, i32), c32(2))), m.i32.and(m.i32.wrap(get(T_LIN, i64)), c32(0xfff)))),
    m.if(m.i32.gt_u(m.i32.add(get(T_PP, i32), get(T_SIZE, i32)), c32(L.ramSize)), m.return(c32(-1))),
    m.if(m.i32.and(get(T_WR, i32), m.i32.ne(m.i32.load8_u(L.codePages, 1, m.i32.shr_u(get(T_PP, i32), c32(12))), c32(0))), m.return(c32(-1))),
    m.return(get(T_PP, i32)),
  ]);
  m.addFunction("tr", b.createType([i64, i32, i32, i32]), i32, [i64, i32, i32, i32], body);
}
