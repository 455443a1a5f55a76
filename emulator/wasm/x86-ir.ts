/*
 * wasm/x86-ir.ts: x86-64 instruction semantics as binaryen IR builders,
 * written once and used by both WebAssembly tiers:
 *
 *   - the interpreter core (wasm/core.ts), whose operands are read at run
 *     time from a pre-decoded record, and
 *   - the JIT (jit/index.ts), whose operands are constants of the region.
 *
 * The difference is hidden behind `Operands`: where is the G register,
 * the E register, what is the effective address, the immediate, the next
 * RIP, how does the instruction give up (bail) or transfer control (jump).
 *
 * Each instruction with a `Form` (cpu/forms.ts, derived from its opcode
 * table row) runs in wasm, through its case in emitInsn; every other
 * instruction, and every slow path of these (TLB miss, page-crossing
 * access, address outside RAM, store to a page holding code, non-canonical
 * branch target), is left to the TypeScript interpreter. A bail-out happens
 * before the instruction has changed anything, so the state is exactly the
 * interpreter's and the interpreter then executes that instruction (taking
 * the fault, walking the page tables, invalidating code...).
 *
 * Flags are exact for every status bit the interpreter defines (alu.ts),
 * including its choices for the bits the SDM leaves undefined.
 */

import { TLB_SETS, TLB_HASH_SHIFTS, type JitLayout } from "../cpu/mmu.ts";
import { STATUS, CF, ALU_KIND, conditionFlags, type AluKind, type Form } from "../cpu/forms.ts";
import { FLAG_DF, FLAG_IF, FLAG_TF, FLAG_IOPL, FLAG_RF, FLAGS_WRITABLE, REP_CHUNK } from "../cpu/state.ts";
import { bn, type Bn } from "./binaryen.ts";
import { L_F, L_A, L_B, L_R, L_LIN, L_P, L_T, L_X, L_Y, L_Z, L_K, type ExitCause } from "./layout.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const IR_SOURCE = import.meta.url;

/* ================= code generation ================= */

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
  /** Statement after sti sets IF: `wasClear` (i32) says whether it was clear (an interrupt shadow follows). */
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

export const MASKS: Record<number, bigint> = { 1: 0xffn, 2: 0xffffn, 4: 0xffffffffn, 8: -1n };

/** Loop and block labels of string instructions, unique per module (several may be in one function). */
const labels = new WeakMap<object, number>();
function label(m: Bn, what: string): string {
  const k = labels.get(m) ?? 0;
  labels.set(m, k + 1);
  return `${what}${k}`;
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

/**
 * The statements of one instruction of form `f`. `want`: compute the
 * status flags (the JIT skips them when a later instruction overwrites
 * them first). `stackAddr` is the state address of RSP. The caller adds
 * what follows a non-branching instruction (RIP = next).
 */
export function emitInsn(m: Bn, f: Form, o: Operands, want: boolean, rspAddr: number): number[] {
  const b = bn(), i32 = b.i32, i64 = b.i64;
  const c32 = (v: number) => m.i32.const(v | 0), c64 = (v: bigint) => m.i64.const(v);
  const get = (n: number, t: number) => m.local.get(n, t), set = (n: number, v: number) => m.local.set(n, v);
  const s = f.s;

  const load = (sz: number, a: number) =>
    sz === 8 ? m.i64.load(0, 1, a) : sz === 4 ? m.i64.load32_u(0, 1, a) : sz === 2 ? m.i64.load16_u(0, 1, a) : m.i64.load8_u(0, 1, a);
  /** Register write: 32-bit writes zero the upper half; 8/16-bit writes merge. */
  const store = (sz: number, a: number, v: number) =>
    sz === 8 ? m.i64.store(0, 1, a, v) : sz === 4 ? m.i64.store(0, 1, a, m.i64.and(v, c64(0xffffffffn)))
      : sz === 2 ? m.i64.store16(0, 1, a, v) : m.i64.store8(0, 1, a, v);
  const addr = (r: RegRef) => r === "g" ? o.gReg() : r === "e" ? o.eReg() : c32(rspAddr + 8 * (r - 4));
  const RD = (r: RegRef, sz: number) => load(sz, addr(r));
  const WR = (r: RegRef, sz: number, v: number) => store(sz, addr(r), v);
  const rdMem = (sz: number) => load(sz, get(L_P, i32));
  const wrMem = (sz: number, v: number) => {
    const a = get(L_P, i32);
    return sz === 8 ? m.i64.store(0, 1, a, v) : sz === 4 ? m.i64.store32(0, 1, a, v) : sz === 2 ? m.i64.store16(0, 1, a, v) : m.i64.store8(0, 1, a, v);
  };
  /** P = tr(lin); bail out when the fast path does not apply. */
  const translate = (lin: number, sz: number, write: boolean) => o.translate !== undefined ? o.translate(lin, sz, write) : [
    set(L_P, m.call("tr", [lin, o.perm(write), c32(sz), c32(write ? 1 : 0)], i32)),
    m.if(m.i32.eq(get(L_P, i32), c32(-1)), o.bail("bailMemory")),
  ];
  /** Bail unless `t` (i64 local) is canonical. */
  const canonical = (t: number) => m.if(m.i64.ne(m.i64.shr_u(m.i64.add(get(t, i64), c64(1n << 47n)), c64(48n)), c64(0n)), o.bail());

  const flagsOf = (kind: AluKind, sz: number, mask: number, carry = false) => statusFlags(m, kind, sz, mask, carry, L_A, L_B, L_R);
  const szpOf = (sz: number) => szpFlags(m, sz, L_R);
  /** R = A op B (masked to s), with flags when wanted. op: 0 add, 1 or, 2 adc, 3 sbb, 4 and, 5 sub, 6 xor, 7 cmp. */
  const aluOp = (op: number, wrMask: number): number[] => {
    const a = get(L_A, i64), bb = get(L_B, i64);
    const kind = ALU_KIND[op]!;
    let r: number;
    switch (op) {
      case 0: r = m.i64.add(a, bb); break;
      case 1: r = m.i64.or(a, bb); break;
      case 4: r = m.i64.and(a, bb); break;
      case 6: r = m.i64.xor(a, bb); break;
      case 2: r = m.i64.add(m.i64.add(a, bb), m.i64.extend_u(m.i32.and(get(L_F, i32), c32(1)))); break;
      case 3: r = m.i64.sub(m.i64.sub(a, bb), m.i64.extend_u(m.i32.and(get(L_F, i32), c32(1)))); break;
      default: r = m.i64.sub(a, bb); break;
    }
    if (s !== 8 && kind !== "logic") r = m.i64.and(r, c64(MASKS[s]!));
    const out = [set(L_R, r)];
    if (want) {
      // The JIT may keep the operands instead and derive the flags when something needs them.
      const lazy = op === 2 || op === 3 ? null : o.deferFlags?.(kind, s, wrMask) ?? null;
      out.push(...(lazy ?? [flagsOf(kind, s, wrMask, op === 2 || op === 3)]));
    }
    return out;
  };
  const condExpr = (cc: number) => o.cond?.(cc) ?? condition(m, cc);

  /** Read E into A (for a read-modify-write when `write`), translating first. */
  const loadE = (sz: number, write: boolean): number[] =>
    f.mem ? [...translate(o.ea(), sz, write), set(L_A, rdMem(sz))] : [set(L_A, RD("e", sz))];
  const storeE = (sz: number, v: number) => f.mem ? wrMem(sz, v) : WR("e", sz, v);
  /** T = next + rel (the immediate), bail if not canonical, then jump there. */
  const relJump = () => [set(L_T, m.i64.add(o.next(), o.imm())), canonical(L_T), o.jump(get(L_T, i64), "exitBranch")];
  const out: number[] = [];

  switch (f.kind) {
    case "movEG":
      if (f.mem) out.push(...translate(o.ea(), s, true));
      out.push(storeE(s, RD("g", s)));
      break;
    case "movGE":
      out.push(...loadE(s, false), WR("g", s, get(L_A, i64)));
      break;
    case "movEI":
      if (f.mem) out.push(...translate(o.ea(), s, true));
      out.push(storeE(s, o.imm()));
      break;
    case "movRI":
      out.push(WR("e", s, o.imm()));
      break;
    case "lea":
      out.push(WR("g", s, o.ea()));
      break;
    case "movx": {
      const src = f.op & 3;
      out.push(...loadE(src, false));
      let v = get(L_A, i64);
      if ((f.op & 4) !== 0) v = m.i64.and(src === 1 ? m.i64.extend8_s(v) : m.i64.extend16_s(v), c64(MASKS[s]!));
      out.push(WR("g", s, v));
      break;
    }
    case "movsxd":
      out.push(...loadE(4, false));
      out.push(WR("g", s, s === 8 ? m.i64.extend32_s(get(L_A, i64)) : get(L_A, i64)));
      break;
    case "aluAI":
      out.push(set(L_A, RD("e", s)), set(L_B, o.imm()), ...aluOp(f.op, STATUS));
      if (f.op !== 7) out.push(WR("e", s, get(L_R, i64)));
      break;
    case "aluGE":
      // A = G (destination), B = E
      out.push(...loadE(s, false), set(L_B, get(L_A, i64)), set(L_A, RD("g", s)), ...aluOp(f.op, STATUS));
      if (f.op !== 7) out.push(WR("g", s, get(L_R, i64)));
      break;
    case "aluEG": case "aluEI":
      out.push(...loadE(s, f.op !== 7), set(L_B, f.kind === "aluEI" ? o.imm() : RD("g", s)), ...aluOp(f.op, STATUS));
      if (f.op !== 7) out.push(storeE(s, get(L_R, i64)));
      break;
    case "testAI": case "testEG": case "testEI":
      out.push(f.kind === "testAI" ? set(L_A, RD("e", s)) : m.block(null, loadE(s, false)));
      out.push(set(L_B, f.kind === "testEG" ? RD("g", s) : o.imm()), ...aluOp(4, STATUS));
      break;
    case "incdec":
      out.push(...loadE(s, true), set(L_B, c64(1n)), ...aluOp(f.op === 1 ? 5 : 0, STATUS & ~CF), storeE(s, get(L_R, i64)));
      break;
    case "shift": out.push(...loadE(s, true), ...emitShift(o.imm())); break;
    case "imul": {
      // A = E, B = the other factor; T = the exact (s < 8) or wrapped (s = 8) product.
      out.push(...loadE(s, false), set(L_B, f.op === 0 ? RD("g", s) : o.imm()));
      const sx = (v: number) => s === 8 ? v : s === 4 ? m.i64.extend32_s(v) : m.i64.extend16_s(v);
      out.push(set(L_T, m.i64.mul(sx(get(L_A, i64)), sx(get(L_B, i64)))));
      out.push(set(L_R, s === 8 ? get(L_T, i64) : m.i64.and(get(L_T, i64), c64(MASKS[s]!))));
      if (want) {
        let over: number;
        if (s !== 8) over = m.i64.ne(get(L_T, i64), sx(get(L_R, i64)));
        else {
          const a = () => get(L_A, i64), bb = () => get(L_B, i64);
          over = m.if(m.i64.eqz(a()), c32(0),
            m.if(m.i64.eq(a(), c64(-1n)), m.i64.eq(bb(), c64(-(1n << 63n))), m.i64.ne(m.i64.div_s(get(L_R, i64), a()), bb())));
        }
        out.push(set(L_F, m.i32.or(m.i32.and(get(L_F, i32), c32(~STATUS)), m.i32.or(szpOf(s), m.i32.mul(over, c32(0x801))))));
      }
      out.push(WR("g", s, get(L_R, i64)));
      break;
    }
    case "push": case "pushI": case "call": case "pushf":
      out.push(set(L_T, f.kind === "push" ? RD("e", 8) : f.kind === "pushI" ? o.imm()
        : f.kind === "pushf" ? m.i64.extend_u(m.i32.and(get(L_F, i32), c32(~0x30000))) : o.next()));
      if (f.kind === "call") {
        // The target is checked before anything changes (#GP from the interpreter otherwise).
        out.push(set(L_R, m.i64.add(o.next(), o.imm())), canonical(L_R));
      }
      out.push(set(L_LIN, m.i64.sub(RD(4, 8), c64(8n))), ...translate(get(L_LIN, i64), 8, true));
      out.push(wrMem(8, get(L_T, i64)), WR(4, 8, get(L_LIN, i64)));
      if (f.kind === "call") out.push(o.jump(get(L_R, i64), "exitBranch"));
      break;
    case "pop": case "ret":
      out.push(set(L_LIN, RD(4, 8)), ...translate(get(L_LIN, i64), 8, false), set(L_T, rdMem(8)));
      if (f.kind === "ret") out.push(canonical(L_T));
      out.push(WR(4, 8, m.i64.add(get(L_LIN, i64), c64(8n))));
      if (f.kind === "ret") out.push(o.jump(get(L_T, i64), "exitRet"));
      else out.push(WR("e", 8, get(L_T, i64)));
      break;
    case "jcc":
      out.push(m.if(condExpr(f.op), m.block(null, relJump())));
      break;
    case "jmp":
      out.push(...relJump());
      break;
    case "cmov":
      // E is read (and may fault) whatever the condition; a false 32-bit cmov still zero-extends G.
      out.push(...loadE(s, false));
      out.push(m.if(condExpr(f.op), WR("g", s, get(L_A, i64)),
        s === 4 ? WR("g", 4, RD("g", 4)) : m.nop()));
      break;
    case "setcc":
      if (f.mem) out.push(...translate(o.ea(), 1, true));
      out.push(storeE(1, m.i64.extend_u(m.i32.ne(condExpr(f.op), c32(0)))));
      break;
    case "not":
      out.push(...loadE(s, true), storeE(s, m.i64.xor(get(L_A, i64), c64(MASKS[s]!))));
      break;
    case "neg":
      out.push(...loadE(s, true), set(L_B, get(L_A, i64)), set(L_A, c64(0n)), ...aluOp(5, STATUS), storeE(s, get(L_R, i64)));
      break;
    case "shiftCL": {
      // count = CL masked; zero: nothing changes (a 32-bit register is still zero-extended)
      out.push(...loadE(s, true), set(L_T, m.i64.and(RD(1, 1), c64(s === 8 ? 63n : 31n))));
      out.push(m.if(m.i64.eqz(get(L_T, i64)), s === 4 && !f.mem ? WR("e", 4, get(L_A, i64)) : m.nop(),
        m.block(null, emitShift(get(L_T, i64)))));
      break;
    }
    case "nop": break;
    case "leave":
      // RSP = RBP + 8, RBP = [RBP]
      out.push(set(L_LIN, RD(5, 8)), ...translate(get(L_LIN, i64), 8, false), set(L_T, rdMem(8)));
      out.push(WR(4, 8, m.i64.add(get(L_LIN, i64), c64(8n))), WR(5, 8, get(L_T, i64)));
      break;
    case "cbw": {
      const from = s / 2;
      const v = RD("e", from);
      out.push(WR("e", s, from === 1 ? m.i64.extend8_s(v) : from === 2 ? m.i64.extend16_s(v) : m.i64.extend32_s(v)));
      break;
    }
    case "cwd": {
      // rDX = the sign of rAX, repeated
      const v = RD("e", s);
      const sign = m.i64.shr_s(s === 8 ? v : s === 4 ? m.i64.extend32_s(v) : m.i64.extend16_s(v), c64(63n));
      out.push(WR(2, s, sign));
      break;
    }
    case "xchg":
      out.push(...loadE(s, true), set(L_B, RD("g", s)), storeE(s, get(L_B, i64)), WR("g", s, get(L_A, i64)));
      break;
    case "cli":
      out.push(m.if(m.i32.eqz(o.kernel!()), o.bail()), set(L_F, m.i32.and(get(L_F, i32), c32(~0x200))));
      break;
    case "sti":
      out.push(m.if(m.i32.eqz(o.kernel!()), o.bail()));
      out.push(o.stiDone!(m.i32.eqz(m.i32.and(get(L_F, i32), c32(0x200)))), set(L_F, m.i32.or(get(L_F, i32), c32(0x200))));
      break;
    case "mulA": out.push(...loadE(s, false), ...emitMul(f.op === 1)); break;
    case "div": out.push(...loadE(s, false), ...emitDiv(f.op === 1)); break;
    case "btG": case "btI": out.push(...emitBitTest()); break;
    case "jmpE":
      out.push(...loadE(8, false), canonical(L_A), o.jump(get(L_A, i64), "exitIndirect"));
      break;
    case "callE":
      // the target (read first: it may be addressed by RSP) is checked before anything changes
      out.push(...loadE(8, false), canonical(L_A));
      out.push(set(L_LIN, m.i64.sub(RD(4, 8), c64(8n))), ...translate(get(L_LIN, i64), 8, true));
      out.push(wrMem(8, o.next()), WR(4, 8, get(L_LIN, i64)), o.jump(get(L_A, i64), "exitIndirect"));
      break;
    case "popf": {
      // exec-data.ts popf: RF never, IOPL only at CPL 0, IF when CPL <= IOPL (the JIT's kernel is CPL 0)
      const W = FLAGS_WRITABLE & ~FLAG_RF;
      const mask = () => m.select(o.kernel!(), c32(W),
        m.select(m.i32.eq(m.i32.and(get(L_F, i32), c32(FLAG_IOPL)), c32(FLAG_IOPL)), c32(W & ~FLAG_IOPL), c32(W & ~FLAG_IOPL & ~FLAG_IF), i32), i32);
      out.push(set(L_LIN, RD(4, 8)), ...translate(get(L_LIN, i64), 8, false), set(L_T, rdMem(8)));
      out.push(set(L_K, m.i32.or(m.i32.or(m.i32.and(get(L_F, i32), m.i32.xor(mask(), c32(-1))), m.i32.and(m.i32.wrap(get(L_T, i64)), mask())), c32(2))));
      // a change of IF or TF is the interpreter's (it checks for interrupts after it)
      out.push(m.if(m.i32.and(m.i32.xor(get(L_K, i32), get(L_F, i32)), c32(FLAG_IF | FLAG_TF)), o.bail()));
      out.push(WR(4, 8, m.i64.add(get(L_LIN, i64), c64(8n))), set(L_F, get(L_K, i32)));
      break;
    }
    case "movs": case "stos": out.push(...(f.op === 0 ? emitStringOnce() : emitRepStore())); break;
    case "cmps": case "scas": out.push(...(f.op === 0 ? emitStringOnce() : emitRepCompare())); break;
    case "lods": out.push(...emitStringOnce()); break;
    case "flag":
      if (f.op === 3 || f.op === 4) out.push(set(L_F, f.op === 3 ? m.i32.and(get(L_F, i32), c32(~FLAG_DF)) : m.i32.or(get(L_F, i32), c32(FLAG_DF))));
      else if (want) out.push(set(L_F, f.op === 0 ? m.i32.and(get(L_F, i32), c32(~CF)) : f.op === 1 ? m.i32.or(get(L_F, i32), c32(CF)) : m.i32.xor(get(L_F, i32), c32(CF))));
      break;
    case "io": {
      const out1 = (f.op & 1) !== 0;
      const port = (f.op & 2) !== 0 ? m.i32.wrap(RD(2, 2)) : m.i32.wrap(o.imm());
      const v = o.io!(port, s, out1, out1 ? m.i32.wrap(RD("e", s)) : c32(0));
      out.push(out1 ? m.drop(v) : WR("e", s, m.i64.extend_u(v)));
      break;
    }
  }
  return out;

  /** Sign-extension of an s-byte value to 64 bits. */
  function sx(v: number, sz = s): number {
    return sz === 8 ? v : sz === 4 ? m.i64.extend32_s(v) : sz === 2 ? m.i64.extend16_s(v) : m.i64.extend8_s(v);
  }

  /**
   * mul/imul rDX:rAX = rAX * A (A loaded). Flags as alu.ts mulWide: SF ZF
   * PF from the low half, AF clear, CF = OF = the high half is significant.
   */
  function emitMul(signed: boolean): number[] {
    const a = () => get(L_A, i64), b = () => get(L_B, i64);
    const r: number[] = [set(L_B, RD(0, s))];
    let over: number;
    if (s < 8) {
      // the exact product fits in 64 bits: T = product, R = its low half
      r.push(set(L_T, signed ? m.i64.mul(sx(a()), sx(b())) : m.i64.mul(a(), b())));
      r.push(set(L_R, m.i64.and(get(L_T, i64), c64(MASKS[s]!))));
      over = signed ? m.i64.ne(get(L_T, i64), sx(get(L_R, i64))) : m.i64.ne(m.i64.shr_u(get(L_T, i64), c64(BigInt(s * 8))), c64(0n));
      if (s === 1) r.push(WR(0, 2, get(L_T, i64)));
      else r.push(WR(0, s, get(L_R, i64)), WR(2, s, m.i64.shr_u(get(L_T, i64), c64(BigInt(s * 8)))));
    } else {
      // 64 x 64 -> 128 from 32-bit halves: R = low, T = high
      const M = () => c64(0xffffffffn), lo = (v: number) => m.i64.and(v, M()), hi = (v: number) => m.i64.shr_u(v, c64(32n));
      r.push(set(L_X, m.i64.mul(lo(a()), lo(b()))));
      r.push(set(L_Y, m.i64.add(m.i64.mul(hi(a()), lo(b())), hi(get(L_X, i64)))));
      r.push(set(L_Z, m.i64.add(m.i64.mul(lo(a()), hi(b())), lo(get(L_Y, i64)))));
      r.push(set(L_R, m.i64.or(lo(get(L_X, i64)), m.i64.shl(get(L_Z, i64), c64(32n)))));
      r.push(set(L_T, m.i64.add(m.i64.add(m.i64.mul(hi(a()), hi(b())), hi(get(L_Y, i64))), hi(get(L_Z, i64)))));
      if (signed) {
        // the signed high half: minus b when a < 0, minus a when b < 0
        r.push(set(L_T, m.i64.sub(m.i64.sub(get(L_T, i64),
          m.select(m.i64.lt_s(a(), c64(0n)), b(), c64(0n), i64)), m.select(m.i64.lt_s(b(), c64(0n)), a(), c64(0n), i64))));
      }
      over = signed ? m.i64.ne(get(L_T, i64), m.i64.shr_s(get(L_R, i64), c64(63n))) : m.i64.ne(get(L_T, i64), c64(0n));
      r.push(WR(0, 8, get(L_R, i64)), WR(2, 8, get(L_T, i64)));
    }
    // (the flags are computed before rAX/rDX are written: over reads T and R only)
    if (want) r.splice(r.length - (s === 1 ? 1 : 2), 0, set(L_F, m.i32.or(m.i32.and(get(L_F, i32), c32(~STATUS)), m.i32.or(szpOf(s), m.i32.mul(over, c32(0x801))))));
    return r;
  }

  /**
   * div/idiv rDX:rAX by A (loaded). Every #DE (zero divisor, quotient out of
   * range) and a 64-bit division whose dividend needs more than 64 bits
   * leave before anything is written: the interpreter does them. Flags are
   * unchanged (alu.ts divide).
   */
  function emitDiv(signed: boolean): number[] {
    const bits = BigInt(s * 8);
    const x = () => get(L_X, i64), d = () => get(L_B, i64);
    const r: number[] = [];
    // X = the dividend, B = the divisor (sign-extended when signed)
    if (s === 1) r.push(set(L_X, signed ? m.i64.extend16_s(RD(0, 2)) : RD(0, 2)));
    else if (s === 8) {
      r.push(set(L_X, RD(0, 8)));
      r.push(m.if(signed ? m.i64.ne(RD(2, 8), m.i64.shr_s(x(), c64(63n))) : m.i64.ne(RD(2, 8), c64(0n)), o.bail()));
    } else {
      const wide = m.i64.or(m.i64.shl(RD(2, s), c64(bits)), RD(0, s));
      r.push(set(L_X, signed && s === 2 ? m.i64.extend32_s(wide) : wide));
    }
    r.push(set(L_B, signed ? sx(get(L_A, i64)) : get(L_A, i64)));
    r.push(m.if(m.i64.eqz(d()), o.bail()));
    if (signed && s >= 4) r.push(m.if(m.i32.and(m.i64.eq(x(), c64(-(1n << 63n))), m.i64.eq(d(), c64(-1n))), o.bail()));   // (a wasm trap)
    r.push(set(L_R, signed ? m.i64.div_s(x(), d()) : m.i64.div_u(x(), d())));
    if (s < 8) r.push(m.if(signed ? m.i64.ne(get(L_R, i64), sx(get(L_R, i64))) : m.i64.gt_u(get(L_R, i64), c64(MASKS[s]!)), o.bail()));
    r.push(set(L_T, signed ? m.i64.rem_s(x(), d()) : m.i64.rem_u(x(), d())));
    if (s === 1) r.push(WR(0, 2, m.i64.or(m.i64.shl(m.i64.and(get(L_T, i64), c64(0xffn)), c64(8n)), m.i64.and(get(L_R, i64), c64(0xffn)))));
    else r.push(WR(0, s, get(L_R, i64)), WR(2, s, get(L_T, i64)));
    return r;
  }

  /**
   * bt/bts/btr/btc: CF = the bit; bts/btr/btc write it back. With a
   * register offset and a memory operand the signed offset selects the
   * operand-sized unit (exec-alu.ts btEG): ea + (offset >> log2 bits) * s.
   */
  function emitBitTest(): number[] {
    const bits = s * 8, lg = BigInt(Math.log2(bits)), write = f.op !== 0;
    const r: number[] = [];
    if (f.kind === "btG" && f.mem) {
      r.push(set(L_B, sx(RD("g", s))));
      r.push(...translate(m.i64.add(o.ea(), m.i64.shl(m.i64.shr_s(get(L_B, i64), c64(lg)), c64(BigInt(Math.log2(s))))), s, write));
      r.push(set(L_A, rdMem(s)));
    } else {
      r.push(set(L_B, f.kind === "btG" ? RD("g", s) : o.imm()), ...loadE(s, write));
    }
    r.push(set(L_B, m.i64.and(get(L_B, i64), c64(BigInt(bits - 1)))));
    if (want) r.push(set(L_F, m.i32.or(m.i32.and(get(L_F, i32), c32(~CF)), m.i32.wrap(m.i64.and(m.i64.shr_u(get(L_A, i64), get(L_B, i64)), c64(1n))))));
    if (write) {
      const bit = m.i64.shl(c64(1n), get(L_B, i64));
      const v = f.op === 1 ? m.i64.or(get(L_A, i64), bit) : f.op === 2 ? m.i64.and(get(L_A, i64), m.i64.xor(bit, c64(-1n))) : m.i64.xor(get(L_A, i64), bit);
      r.push(f.mem ? wrMem(s, v) : WR("e", s, v));
    }
    return r;
  }

  /** i64: the element step, -s when DF is set. */
  function delta(): number { return m.select(m.i32.and(get(L_F, i32), c32(FLAG_DF)), c64(BigInt(-s)), c64(BigInt(s)), i64); }

  /** One element of movs/stos/cmps/scas/lods (no rep prefix). */
  function emitStringOnce(): number[] {
    const r: number[] = [];
    const si = () => RD(6, 8), di = () => RD(7, 8);
    if (f.kind === "movs" || f.kind === "cmps" || f.kind === "lods") r.push(...translate(si(), s, false), set(L_A, rdMem(s)));
    if (f.kind === "lods") return [...r, WR(0, s, get(L_A, i64)), WR(6, 8, m.i64.add(si(), delta()))];
    if (f.kind === "scas") r.push(set(L_A, RD(0, s)));
    if (f.kind === "movs" || f.kind === "stos") {
      r.push(...translate(di(), s, true), wrMem(s, f.kind === "stos" ? RD(0, s) : get(L_A, i64)));
    } else {
      r.push(...translate(di(), s, false), set(L_B, rdMem(s)), set(L_R, m.i64.and(m.i64.sub(get(L_A, i64), get(L_B, i64)), c64(MASKS[s]!))));
      if (want) r.push(flagsOf("sub", s, STATUS));
    }
    if (f.kind === "movs" || f.kind === "cmps") r.push(WR(6, 8, m.i64.add(si(), delta())));
    r.push(WR(7, 8, m.i64.add(di(), delta())));
    return r;
  }

  /**
   * rep movs / rep stos, forward (DF set: the interpreter's), as
   * exec-data.ts does it: min(rCX, REP_CHUNK) elements, then RIP stays on
   * the instruction while rCX is not 0. A first pass translates every
   * page run (the bytes of both operands in one page) without writing, and
   * leaves on anything the interpreter must do (a fault, a page holding
   * code, MMIO, an element across a page boundary); the second pass, whose
   * translations then all succeed, copies.
   */
  function emitRepStore(): number[] {
    const movs = f.kind === "movs";
    const S = BigInt(s);
    // whole elements left in the page at the address in local v (binaryen expressions are trees: built anew each use)
    const left = (v: number) => m.i64.sub(c64(4096n), m.i64.and(get(v, i64), c64(0xfffn)));
    const room = (v: number) => m.i64.sub(left(v), m.i64.rem_u(left(v), c64(S)));
    const pass = (dry: boolean): number[] => {
      const top = label(m, "rep");
      const chunk: number[] = [
        // R = the bytes of this page run: min(left, room at rDI, room at rSI)
        set(L_R, get(L_B, i64)),
        set(L_T, room(L_Y)), m.if(m.i64.lt_u(get(L_T, i64), get(L_R, i64)), set(L_R, get(L_T, i64))),
        ...(movs ? [set(L_T, room(L_X)), m.if(m.i64.lt_u(get(L_T, i64), get(L_R, i64)), set(L_R, get(L_T, i64)))] : []),
        ...(dry ? [m.if(m.i64.eqz(get(L_R, i64)), o.bail("bailMemory"))] : []),
        set(L_P, m.call("tr", [get(L_Y, i64), o.perm(true), m.i32.wrap(get(L_R, i64)), c32(1)], i32)),
        ...(dry ? [m.if(m.i32.eq(get(L_P, i32), c32(-1)), o.bail("bailMemory"))] : []),
        ...(movs ? [
          set(L_K, m.call("tr", [get(L_X, i64), o.perm(false), m.i32.wrap(get(L_R, i64)), c32(0)], i32)),
          ...(dry ? [m.if(m.i32.eq(get(L_K, i32), c32(-1)), o.bail("bailMemory"))] : []),
          set(L_X, m.i64.add(get(L_X, i64), get(L_R, i64))),
        ] : []),
        set(L_Y, m.i64.add(get(L_Y, i64), get(L_R, i64))),
        set(L_B, m.i64.sub(get(L_B, i64), get(L_R, i64))),
      ];
      if (!dry) {
        // element by element (an overlapping forward copy repeats, as it does on the CPU)
        const el = label(m, "repe"), eld = label(m, "reped");
        const P = () => get(L_P, i32);
        const st = (v: number) => s === 8 ? m.i64.store(0, 1, P(), v) : s === 4 ? m.i64.store32(0, 1, P(), v) : s === 2 ? m.i64.store16(0, 1, P(), v) : m.i64.store8(0, 1, P(), v);
        chunk.push(m.block(eld, [m.loop(el, m.block(null, [
          m.br(eld, m.i64.eqz(get(L_R, i64))),
          st(movs ? load(s, get(L_K, i32)) : get(L_A, i64)),
          set(L_P, m.i32.add(P(), c32(s))),
          ...(movs ? [set(L_K, m.i32.add(get(L_K, i32), c32(s)))] : []),
          set(L_R, m.i64.sub(get(L_R, i64), c64(S))),
          m.br(el),
        ]))]));
      }
      return [
        set(L_X, RD(6, 8)), set(L_Y, RD(7, 8)), set(L_B, m.i64.mul(get(L_Z, i64), c64(S))),
        m.loop(top, m.block(null, [...chunk, m.br(top, m.i64.ne(get(L_B, i64), c64(0n)))])),
      ];
    };
    return [
      set(L_T, RD(1, 8)),
      m.if(m.i64.ne(get(L_T, i64), c64(0n)), m.block(null, [
        // DF set, or a count a double cannot hold (the interpreter counts in one): the interpreter's
        m.if(m.i32.or(m.i32.and(get(L_F, i32), c32(FLAG_DF)), m.i64.gt_u(get(L_T, i64), c64(1n << 53n))), o.bail()),
        set(L_Z, m.select(m.i64.lt_u(get(L_T, i64), c64(BigInt(REP_CHUNK))), get(L_T, i64), c64(BigInt(REP_CHUNK)), i64)),
        ...(movs ? [] : [set(L_A, RD(0, s))]),
        ...pass(true),
        ...pass(false),
        WR(1, 8, m.i64.sub(RD(1, 8), get(L_Z, i64))),
        WR(7, 8, get(L_Y, i64)),
        ...(movs ? [WR(6, 8, get(L_X, i64))] : []),
        m.if(m.i64.ne(RD(1, 8), c64(0n)), o.jump(o.rip(), "exitRep")),
      ])),
    ];
  }

  /**
   * repe/repne cmps and scas: element by element in locals (X = rSI, Y =
   * rDI, T = rCX, Z = elements left in this execution), so a translation
   * that leaves part-way has changed nothing; then the registers and the
   * last comparison's flags, and RIP stays on the instruction when the
   * chunk ended with rCX not 0.
   */
  function emitRepCompare(): number[] {
    const cmps = f.kind === "cmps", top = label(m, "cmp"), done = label(m, "cmpd");
    const stop = f.op === 1 ? m.i64.ne(get(L_R, i64), c64(0n)) : m.i64.eqz(get(L_R, i64));
    return [
      set(L_T, RD(1, 8)),
      m.if(m.i64.ne(get(L_T, i64), c64(0n)), m.block(null, [
        m.if(m.i64.gt_u(get(L_T, i64), c64(1n << 53n)), o.bail()),
        set(L_Z, m.select(m.i64.lt_u(get(L_T, i64), c64(BigInt(REP_CHUNK))), get(L_T, i64), c64(BigInt(REP_CHUNK)), i64)),
        set(L_X, RD(6, 8)), set(L_Y, RD(7, 8)),
        ...(cmps ? [] : [set(L_A, RD(0, s))]),
        set(L_K, c32(0)),                                  // 1: stopped by the comparison
        m.block(done, [m.loop(top, m.block(null, [
          ...(cmps ? [...translate(get(L_X, i64), s, false), set(L_A, rdMem(s))] : []),
          ...translate(get(L_Y, i64), s, false), set(L_B, rdMem(s)),
          set(L_R, m.i64.and(m.i64.sub(get(L_A, i64), get(L_B, i64)), c64(MASKS[s]!))),
          ...(cmps ? [set(L_X, m.i64.add(get(L_X, i64), delta()))] : []),
          set(L_Y, m.i64.add(get(L_Y, i64), delta())),
          set(L_T, m.i64.sub(get(L_T, i64), c64(1n))),
          set(L_Z, m.i64.sub(get(L_Z, i64), c64(1n))),
          m.if(stop, m.block(null, [set(L_K, c32(1)), m.br(done)])),
          m.br(top, m.i64.ne(get(L_Z, i64), c64(0n))),
        ]))]),
        WR(1, 8, get(L_T, i64)), WR(7, 8, get(L_Y, i64)),
        ...(cmps ? [WR(6, 8, get(L_X, i64))] : []),
        ...(want ? [flagsOf("sub", s, STATUS)] : []),
        m.if(m.i32.and(m.i32.eqz(get(L_K, i32)), m.i64.ne(get(L_T, i64), c64(0n))), o.jump(o.rip(), "exitRep")),
      ])),
    ];
  }

  /** The shift of A (already loaded) by `count` (i64, masked, non-zero), flags, store. The first statement sets B. */
  function emitShift(count: number): number[] {
    const op = f.op, bits = s * 8;
    const M = c64(MASKS[s]!);
    const a = () => get(L_A, i64), r = () => get(L_R, i64), n = () => get(L_B, i64);
    /** Bit k (an i64 expression) of v, as i32. */
    const bitAt = (v: number, k: number) => m.i32.wrap(m.i64.and(m.i64.shr_u(v, k), c64(1n)));
    const bit = (v: number, k: number) => bitAt(v, c64(BigInt(k)));
    const sext = () => s === 8 ? a() : s === 4 ? m.i64.extend32_s(a()) : s === 2 ? m.i64.extend16_s(a()) : m.i64.extend8_s(a());
    const o2: number[] = [set(L_B, count)];
    let cf: number, of: number, mask = STATUS;
    if (op === 0 || op === 1) {
      // Rotate by count mod width (0 leaves the value, but CF/OF are still set from it).
      const k = () => m.i64.rem_u(n(), c64(BigInt(bits)));
      let rv: number;
      if (s === 8) rv = op === 0 ? m.i64.rotl(a(), n()) : m.i64.rotr(a(), n());
      else rv = m.i64.and(op === 0
        ? m.i64.or(m.i64.shl(a(), k()), m.i64.shr_u(a(), m.i64.sub(c64(BigInt(bits)), k())))
        : m.i64.or(m.i64.shr_u(a(), k()), m.i64.shl(a(), m.i64.sub(c64(BigInt(bits)), k()))), M);
      o2.push(set(L_R, rv));
      if (op === 0) { cf = bit(r(), 0); of = m.i32.xor(bit(r(), bits - 1), bit(r(), 0)); }
      else { cf = bit(r(), bits - 1); of = m.i32.xor(bit(r(), bits - 1), bit(r(), bits - 2)); }
      mask = 0x801;
    } else if (op === 4 || op === 6) {
      o2.push(set(L_R, m.i64.and(m.i64.shl(a(), n()), M)));
      // CF = the last bit shifted out (none left when count > width).
      const outBit = m.select(m.i64.le_u(n(), c64(BigInt(bits))), bitAt(a(), m.i64.sub(c64(BigInt(bits)), n())), c32(0), i32);
      cf = outBit;
      of = m.i32.xor(bit(r(), bits - 1), m.select(m.i64.le_u(n(), c64(BigInt(bits))), bitAt(a(), m.i64.sub(c64(BigInt(bits)), n())), c32(0), i32));
    } else if (op === 5) {
      o2.push(set(L_R, m.i64.shr_u(a(), n())));
      cf = bitAt(a(), m.i64.sub(n(), c64(1n)));
      of = bit(a(), bits - 1);
    } else {
      o2.push(set(L_R, m.i64.and(m.i64.shr_s(sext(), n()), M)));
      cf = m.i32.wrap(m.i64.and(m.i64.shr_s(sext(), m.i64.sub(n(), c64(1n))), c64(1n)));
      of = c32(0);
    }
    if (want) {
      let fv = m.i32.or(cf, m.i32.shl(of, c32(11)));
      if (mask === STATUS) fv = m.i32.or(fv, szpOf(s));
      o2.push(set(L_F, m.i32.or(m.i32.and(get(L_F, i32), c32(~mask)), fv)));
    }
    o2.push(storeE(s, r()));
    return o2;
  }
}
