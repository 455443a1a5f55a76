/*
 * wasm/emit/ctx.ts: what every emitter works with. An `Emitter` turns one
 * instruction of a form (cpu/forms.ts) into binaryen statements; it gets a
 * `Ctx`: the module, the form, where the operands come from (`Operands`:
 * constants in the JIT, record fields in the interpreter core), whether
 * the status flags are wanted, and the helpers shared by the families
 * (register and memory access, translation, the ALU's flags, conditions).
 * Emitters live one family per file beside this one (moves.ts, alu.ts,
 * shifts.ts, stack.ts, branches.ts, strings.ts, system.ts); x86-ir.ts
 * puts them in one table by kind.
 */

import type { Form, Kind, AluKind } from "../../cpu/forms.ts";
import { STATUS, ALU_KIND } from "../../cpu/forms.ts";
import { bn, type Bn } from "../binaryen.ts";
import { L_F, L_A, L_B, L_R, L_P, type ExitCause } from "../layout.ts";
import { condition, statusFlags, szpFlags } from "./flags.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const CTX_SOURCE = import.meta.url;

/** A register operand: the ModRM G or E register, or a fixed register by number (4 = RSP...). */
export type RegRef = "g" | "e" | number;

/** Where an instruction's operands come from (constants in the JIT, record fields in the core). */
export interface Operands {
  /** i32 address of the G register (ModRM reg), adjusted for AH..BH. */
  gReg(): number;
  /** i32 address of the E register (ModRM rm with mod 3, or the register in the opcode). */
  eReg(): number;
  /** i64 effective address of the memory operand (no segment base in 64-bit mode). */
  ea(): number;
  /** i64 immediate (sign-extended as decoded); the count for shifts. */
  imm(): number;
  /** i64 linear address of the next instruction. */
  next(): number;
  /** i64 linear address of this instruction (a rep string instruction with elements left stays there). */
  rip(): number;
  /** i32 TLB permission bit for a data access by the current privilege. */
  perm(write: boolean): number;
  /** Statement: give up before the instruction (state unchanged); `cause` for the JIT's counts (default bailOther). */
  bail(cause?: ExitCause): number;
  /** Statement: the instruction is done and control goes to `target` (i64); `cause` for the JIT's counts. */
  jump(target: number, cause: ExitCause): number;
  /** i32 expression, non-zero at CPL 0 (cli, sti, popf: other rings are left to TypeScript's IOPL checks). */
  kernel?(): number;
  /** Statement of sti before it sets IF: `wasClear` (i32) says whether it was clear (an interrupt shadow follows); the JIT may bail there. */
  stiDone?(wasClear: number): number;
  /** Statements setting L_P to the physical address of the sz-byte access at linear `lin` (i64), or bailing out; without it, a call of `tr`. */
  translate?(lin: number, sz: number, write: boolean): number[];
  /** Statements that keep an ALU op's operands (locals A, B, R) for later instead of computing its flags, or null to compute them (JIT). */
  deferFlags?(kind: AluKind, s: number, mask: number): number[] | null;
  /** i32 expression for condition `cc` of cmov/setcc, or null to read L_F (JIT, with deferred flags). */
  cond?(cc: number): number | null;
  /** i32 expression: port I/O through the host (in: returns the value). Only the interpreter core has it. */
  io?(port: number, size: number, out: boolean, value: number): number;
}

/** The statements of one instruction (the caller adds RIP = next after a non-branching one). */
export type Emitter = (c: Ctx) => number[];
/** A family's emitters by kind (x86-ir.ts checks that every kind has one). */
export type Family = { readonly [K in Kind]?: Emitter };

export const MASKS: Record<number, bigint> = { 1: 0xffn, 2: 0xffffn, 4: 0xffffffffn, 8: -1n };

/** Loop and block labels of string instructions, unique per module (several may be in one function). */
const labels = new WeakMap<object, number>();

/** One instruction being emitted and the helpers its emitter uses. */
export class Ctx {
  readonly i32: number;
  readonly i64: number;
  /** The operand size. */
  readonly s: number;

  /**
   * `want`: compute the status flags (the JIT skips them when a later
   * instruction overwrites them first); `rspAddr`: the state address of RSP.
   */
  constructor(readonly m: Bn, readonly f: Form, readonly o: Operands, readonly want: boolean, readonly rspAddr: number) {
    const b = bn();
    this.i32 = b.i32; this.i64 = b.i64; this.s = f.s;
  }

  c32(v: number): number { return this.m.i32.const(v | 0); }
  c64(v: bigint): number { return this.m.i64.const(v); }
  get(n: number, t: number): number { return this.m.local.get(n, t); }
  set(n: number, v: number): number { return this.m.local.set(n, v); }
  /** i64 local n. */
  g64(n: number): number { return this.m.local.get(n, this.i64); }
  /** i32 local n. */
  g32(n: number): number { return this.m.local.get(n, this.i32); }

  /** A fresh label for a loop or block of this module. */
  label(what: string): string {
    const k = labels.get(this.m) ?? 0;
    labels.set(this.m, k + 1);
    return `${what}${k}`;
  }

  /** i64: the sz-byte value at i32 address a, zero-extended. */
  load(sz: number, a: number): number {
    const m = this.m;
    return sz === 8 ? m.i64.load(0, 1, a) : sz === 4 ? m.i64.load32_u(0, 1, a) : sz === 2 ? m.i64.load16_u(0, 1, a) : m.i64.load8_u(0, 1, a);
  }
  /** Register write: 32-bit writes zero the upper half; 8/16-bit writes merge. */
  store(sz: number, a: number, v: number): number {
    const m = this.m;
    return sz === 8 ? m.i64.store(0, 1, a, v) : sz === 4 ? m.i64.store(0, 1, a, m.i64.and(v, this.c64(0xffffffffn)))
      : sz === 2 ? m.i64.store16(0, 1, a, v) : m.i64.store8(0, 1, a, v);
  }
  /** A memory write of sz bytes at i32 address a (no zero extension). */
  storeMem(sz: number, a: number, v: number): number {
    const m = this.m;
    return sz === 8 ? m.i64.store(0, 1, a, v) : sz === 4 ? m.i64.store32(0, 1, a, v) : sz === 2 ? m.i64.store16(0, 1, a, v) : m.i64.store8(0, 1, a, v);
  }
  addr(r: RegRef): number { return r === "g" ? this.o.gReg() : r === "e" ? this.o.eReg() : this.c32(this.rspAddr + 8 * (r - 4)); }
  /** i64: register r's sz-byte value. */
  RD(r: RegRef, sz: number): number { return this.load(sz, this.addr(r)); }
  /** Statement: register r's sz bytes = v. */
  WR(r: RegRef, sz: number, v: number): number { return this.store(sz, this.addr(r), v); }
  /** i64: the sz bytes at L_P. */
  rdMem(sz: number): number { return this.load(sz, this.g32(L_P)); }
  /** Statement: the sz bytes at L_P = v. */
  wrMem(sz: number, v: number): number { return this.storeMem(sz, this.g32(L_P), v); }

  /** L_P = the physical address of the access at linear `lin`; bail out when the fast path does not apply. */
  translate(lin: number, sz: number, write: boolean): number[] {
    const { m, o } = this;
    return o.translate !== undefined ? o.translate(lin, sz, write) : [
      this.set(L_P, m.call("tr", [lin, o.perm(write), this.c32(sz), this.c32(write ? 1 : 0)], this.i32)),
      m.if(m.i32.eq(this.g32(L_P), this.c32(-1)), o.bail("bailMemory")),
    ];
  }
  /** Bail unless i64 local t is canonical. */
  canonical(t: number): number {
    const m = this.m;
    return m.if(m.i64.ne(m.i64.shr_u(m.i64.add(this.g64(t), this.c64(1n << 47n)), this.c64(48n)), this.c64(0n)), this.o.bail());
  }

  /** Read E into A (for a read-modify-write when `write`), translating first. */
  loadE(sz: number, write: boolean): number[] {
    return this.f.mem ? [...this.translate(this.o.ea(), sz, write), this.set(L_A, this.rdMem(sz))] : [this.set(L_A, this.RD("e", sz))];
  }
  /** Statement: E = v (the memory operand already translated). */
  storeE(sz: number, v: number): number { return this.f.mem ? this.wrMem(sz, v) : this.WR("e", sz, v); }

  /** Sign-extension of an sz-byte value to 64 bits. */
  sx(v: number, sz = this.s): number {
    const m = this.m;
    return sz === 8 ? v : sz === 4 ? m.i64.extend32_s(v) : sz === 2 ? m.i64.extend16_s(v) : m.i64.extend8_s(v);
  }

  /** Statement: the flags in `mask` of an operation of `kind` on A, B with result R. */
  flagsOf(kind: AluKind, sz: number, mask: number, carry = false): number { return statusFlags(this.m, kind, sz, mask, carry, L_A, L_B, L_R); }
  /** i32: ZF, SF and PF of the sz-byte result R. */
  szpOf(sz: number): number { return szpFlags(this.m, sz, L_R); }
  /** Statement: L_F's status flags = `flags` (i32). */
  setStatus(flags: number, mask = STATUS): number {
    const m = this.m;
    return this.set(L_F, m.i32.or(m.i32.and(this.g32(L_F), this.c32(~mask)), flags));
  }
  /** i32: condition cc (the JIT's deferred flags, or L_F). */
  cond(cc: number): number { return this.o.cond?.(cc) ?? condition(this.m, cc); }

  /** R = A op B (masked to s), with flags when wanted. op: 0 add, 1 or, 2 adc, 3 sbb, 4 and, 5 sub, 6 xor, 7 cmp. */
  aluOp(op: number, wrMask: number): number[] {
    const { m, s } = this;
    const a = this.g64(L_A), bb = this.g64(L_B);
    const kind = ALU_KIND[op]!;
    const cin = () => m.i64.extend_u(m.i32.and(this.g32(L_F), this.c32(1)));
    let r: number;
    switch (op) {
      case 0: r = m.i64.add(a, bb); break;
      case 1: r = m.i64.or(a, bb); break;
      case 4: r = m.i64.and(a, bb); break;
      case 6: r = m.i64.xor(a, bb); break;
      case 2: r = m.i64.add(m.i64.add(a, bb), cin()); break;
      case 3: r = m.i64.sub(m.i64.sub(a, bb), cin()); break;
      default: r = m.i64.sub(a, bb); break;
    }
    if (s !== 8 && kind !== "logic") r = m.i64.and(r, this.c64(MASKS[s]!));
    const out = [this.set(L_R, r)];
    if (this.want) {
      // The JIT may keep the operands instead and derive the flags when something needs them.
      const lazy = op === 2 || op === 3 ? null : this.o.deferFlags?.(kind, s, wrMask) ?? null;
      out.push(...(lazy ?? [this.flagsOf(kind, s, wrMask, op === 2 || op === 3)]));
    }
    return out;
  }
}
