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
 * path of these (a TLB miss addWalk cannot serve, page-crossing access, address outside RAM,
 * store to a page holding code, non-canonical branch target), is left to
 * the TypeScript interpreter. A bail-out happens before the instruction
 * has changed anything, so the state is exactly the interpreter's and the
 * interpreter then executes that instruction (taking the fault, walking
 * the page tables, invalidating code...).
 *
 * Flags are exact for every status bit the interpreter defines (alu.ts),
 * including its choices for the bits the SDM leaves undefined.
 */

import { TLB_SETS, TLB_HASH_SHIFTS, PTE_P, PTE_RW, PTE_US, PTE_A, PTE_D, PTE_PS, WALK_ON, WALK_NXE, WALK_WP, type JitLayout } from "../cpu/mmu.ts";
import { SCR_WALK, SCR_WALK_CR3 } from "./layout.ts";
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
 * Add `tr(lin i64, permBit i32, size i32, write i32) -> i32`: Mmu.tr's
 * TLB hit path, and on a miss the page walk of its common case (walk,
 * below); -1 when the access needs the interpreter.
 */
export function addTr(m: Bn, L: JitLayout): void {
  const b = bn(), i32 = b.i32, i64 = b.i64;
  const T_LIN = 0, T_BIT = 1, T_SIZE = 2, T_WR = 3, T_VPN = 4, T_V = 5, T_IDX = 6, T_PP = 7;
  const c32 = (v: number) => m.i32.const(v | 0), c64 = (v: bigint) => m.i64.const(v);
  const get = (n: number, t: number) => m.local.get(n, t), set = (n: number, v: number) => m.local.set(n, v);
  const idxAddr = () => m.i32.shl(get(T_IDX, i32), c32(3));
  addWalk(m, L);
  const body = m.block(null, [
    set(T_VPN, m.i64.shr_s(get(T_LIN, i64), c64(12n))),
    set(T_V, m.i32.wrap(get(T_VPN, i64))),
    set(T_IDX, m.i32.and(TLB_HASH_SHIFTS.reduce((h, k) => m.i32.xor(h, m.i32.shr_s(get(T_V, i32), c32(k))), get(T_V, i32)), c32(TLB_SETS - 1))),   // mmu.ts tlbSet
    m.if(m.i32.or(m.i64.ne(m.i64.load(L.vpn, 8, idxAddr()), get(T_VPN, i64)), m.i32.eqz(m.i32.and(m.i32.load8_u(L.perm, 1, get(T_IDX, i32)), get(T_BIT, i32)))),
      m.if(m.i32.eqz(m.call("walk", [get(T_LIN, i64), get(T_BIT, i32), get(T_WR, i32), get(T_IDX, i32)], i32)), m.return(c32(-1)))),
    m.if(m.i32.gt_u(m.i32.add(m.i32.and(m.i32.wrap(get(T_LIN, i64)), c32(0xfff)), get(T_SIZE, i32)), c32(0x1000)), m.return(c32(-1))),
    // frame + offset < 4 GiB; RAM ends below 4032 MiB, so adding the size cannot wrap
    set(T_PP, m.i32.add(m.i32.load(L.phys, 4, m.i32.shl(get(T_IDX, i32), c32(2))), m.i32.and(m.i32.wrap(get(T_LIN, i64)), c32(0xfff)))),
    m.if(m.i32.gt_u(m.i32.add(get(T_PP, i32), get(T_SIZE, i32)), c32(L.ramSize)), m.return(c32(-1))),
    m.if(m.i32.and(get(T_WR, i32), m.i32.ne(m.i32.load8_u(L.codePages, 1, m.i32.shr_u(get(T_PP, i32), c32(12))), c32(0))), m.return(c32(-1))),
    m.return(get(T_PP, i32)),
  ]);
  m.addFunction("tr", b.createType([i64, i32, i32, i32]), i32, [i64, i32, i32, i32], body);
}

/**
 * `walk(lin i64, permBit i32, write i32, set i32) -> i32`: Mmu.walk for an
 * access the TLB missed, done here when nothing but the TLB entry changes:
 * every level present with its accessed bit set (and the leaf's dirty bit
 * for a write), no reserved bit, permission granted, the frame below
 * 4 GiB, and the MMU's word (SCR_WALK) saying paging is on with no
 * watchpoints and no write tracking. Then it fills TLB set `set` as
 * Mmu.walk does (what was proven: this access, and read for a write) and
 * returns 1; anything else returns 0 and the interpreter walks (setting
 * bits, raising the fault). Kernel code scanning memory (kmemleak) misses
 * the TLB tens of thousands of times a scan: each was a bail to TypeScript.
 */
function addWalk(m: Bn, L: JitLayout): void {
  const b = bn(), i32 = b.i32, i64 = b.i64;
  const W_LIN = 0, W_BIT = 1, W_WR = 2, W_IDX = 3;
  const W_FL = 4, W_TBL = 5, W_SHIFT = 6, W_LO = 7, W_HI = 8, W_WRT = 9, W_USR = 10, W_NX = 11, W_E = 12, W_BASE = 13, W_FRAME = 14;
  const c32 = (v: number) => m.i32.const(v | 0), c64 = (v: bigint) => m.i64.const(v);
  const get = (n: number, t: number) => m.local.get(n, t), set = (n: number, v: number) => m.local.set(n, v);
  const fail = () => m.return(c32(0));
  const g32 = (n: number) => get(n, i32);
  const user = () => m.i32.ge_u(g32(W_BIT), c32(8));                 // permission bits 3-5: user (Mmu.userShift 3)
  const pageMask = () => m.i64.sub(m.i64.shl(c64(1n), m.i64.extend_u(g32(W_SHIFT))), c64(1n));   // the level's page size - 1
  const leafCheck = m.block(null, [
    m.if(m.i32.and(user(), m.i32.eqz(g32(W_USR))), fail()),
    // (booleans 0/1 throughout: i32.and of two conditions)
    m.if(m.i32.and(g32(W_WR), m.i32.and(m.i32.eqz(g32(W_WRT)), m.i32.or(user(), m.i32.ne(m.i32.and(g32(W_FL), c32(WALK_WP)), c32(0))))), fail()),
    m.if(m.i32.and(m.i32.ne(m.i32.and(g32(W_BIT), c32(0x24)), c32(0)), g32(W_NX)), fail()),   // an instruction fetch from an NX page
    m.if(m.i32.and(g32(W_WR), m.i32.eqz(m.i32.and(g32(W_LO), c32(PTE_D)))), fail()),
    // frame = the leaf's base, aligned to its page size, plus the 4 KiB page's offset in it
    set(W_FRAME, m.i64.add(
      m.i64.and(get(W_BASE, i64), m.i64.xor(pageMask(), c64(-1n))),
      m.i64.and(get(W_LIN, i64), m.i64.and(pageMask(), c64(~0xfffn))))),
    m.if(m.i64.ge_u(get(W_FRAME, i64), c64(1n << 32n)), fail()),
    m.break("found"),
  ]);
  const level = m.loop("level", m.block(null, [
    set(W_E, m.i32.add(g32(W_TBL), m.i32.shl(m.i32.wrap(m.i64.and(m.i64.shr_u(get(W_LIN, i64), m.i64.extend_u(g32(W_SHIFT))), c64(511n))), c32(3)))),
    m.if(m.i32.gt_u(g32(W_E), c32(L.ramSize - 8)), fail()),
    set(W_LO, m.i32.load(0, 4, g32(W_E))),
    set(W_HI, m.i32.load(4, 4, g32(W_E))),
    m.if(m.i32.ne(m.i32.and(g32(W_LO), c32(PTE_P | PTE_A)), c32(PTE_P | PTE_A)), fail()),
    m.if(m.i32.lt_s(g32(W_HI), c32(0)), m.if(m.i32.eqz(m.i32.and(g32(W_FL), c32(WALK_NXE))), fail(), set(W_NX, c32(1)))),
    m.if(m.i32.eqz(m.i32.and(g32(W_LO), c32(PTE_RW))), set(W_WRT, c32(0))),
    m.if(m.i32.eqz(m.i32.and(g32(W_LO), c32(PTE_US))), set(W_USR, c32(0))),
    set(W_BASE, m.i64.or(m.i64.shl(m.i64.extend_u(m.i32.and(g32(W_HI), c32(0xfffff))), c64(32n)), m.i64.extend_u(m.i32.and(g32(W_LO), c32(0xfffff000))))),
    // a leaf: level 1, or a large page at level 2 or 3
    m.if(m.i32.or(m.i32.eq(g32(W_SHIFT), c32(12)), m.i32.and(m.i32.le_u(g32(W_SHIFT), c32(30)), m.i32.ne(m.i32.and(g32(W_LO), c32(PTE_PS)), c32(0)))), leafCheck),
    m.if(m.i64.ge_u(get(W_BASE, i64), c64(BigInt(L.ramSize))), fail()),
    set(W_TBL, m.i32.wrap(get(W_BASE, i64))),
    set(W_SHIFT, m.i32.sub(g32(W_SHIFT), c32(9))),
    m.break("level"),
  ]));
  const vpn = () => m.i64.shr_s(get(W_LIN, i64), c64(12n));
  const body = m.block(null, [
    set(W_FL, m.i32.load(0, 4, c32(L.scratch + SCR_WALK))),
    m.if(m.i32.eqz(m.i32.and(g32(W_FL), c32(WALK_ON))), fail()),
    // a non-canonical address never reaches the TLB (the interpreter raises #GP)
    m.if(m.i64.ne(m.i64.shr_s(m.i64.shl(get(W_LIN, i64), c64(16n)), c64(16n)), get(W_LIN, i64)), fail()),
    set(W_BASE, m.i64.and(m.i64.trunc_u.f64(m.f64.load(0, 8, c32(L.scratch + SCR_WALK_CR3))), c64(~0xfffn))),
    m.if(m.i64.ge_u(get(W_BASE, i64), c64(BigInt(L.ramSize))), fail()),
    set(W_TBL, m.i32.wrap(get(W_BASE, i64))),
    set(W_SHIFT, c32(39)),
    set(W_WRT, c32(1)), set(W_USR, c32(1)), set(W_NX, c32(0)),
    m.block("found", [level]),
    // fill the set as Mmu.walk does: a new page starts with no permission proven
    m.if(m.i64.ne(m.i64.load(L.vpn, 8, m.i32.shl(g32(W_IDX), c32(3))), vpn()), m.block(null, [
      m.i64.store(L.vpn, 8, m.i32.shl(g32(W_IDX), c32(3)), vpn()),
      m.i32.store8(L.perm, 1, g32(W_IDX), c32(0)),
    ])),
    m.i32.store(L.phys, 4, m.i32.shl(g32(W_IDX), c32(2)), m.i32.wrap(get(W_FRAME, i64))),
    m.i32.store8(L.perm, 1, g32(W_IDX), m.i32.or(m.i32.load8_u(L.perm, 1, g32(W_IDX)),
      m.i32.or(g32(W_BIT), m.if(g32(W_WR), m.i32.shr_u(g32(W_BIT), c32(1)), c32(0))))),
    m.return(c32(1)),
  ]);
  m.addFunction("walk", b.createType([i64, i32, i32, i32]), i32, [i32, i32, i32, i32, i32, i32, i32, i32, i32, i64, i64], body);
}
