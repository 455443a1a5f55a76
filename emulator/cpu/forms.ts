/*
 * forms.ts: what the WebAssembly tiers (the interpreter's core and the
 * JIT) know of an instruction, derived from the opcode table.
 *
 * A `Form` is the static part of an instruction (family, operand size,
 * memory or register, ALU/shift operation, condition code). A table row
 * whose instruction runs in wasm carries a `FormOf` (opcode-table.ts,
 * OpRow.form): it gives the decoded instruction's form, or null for the
 * variants left to the TypeScript interpreter. Everything else is a
 * property of the form's `Kind`, said once in KINDS below: the forms it
 * can take (the core's handler numbers, allForms), the status flags it
 * writes, may write and reads, whether it may leave before the next
 * instruction, ends a basic block or is compiled by the JIT at all.
 *
 * Adding an instruction to the wasm tiers: give its row a `form` (one of
 * the FORM_* extractors, or a new one with a new Kind and its KINDS
 * entry), and write its emitter (wasm/x86-ir.ts emitInsn) and its text
 * (jit/disasm.ts).
 */

import type { Insn, InsnFields } from "./cpu.ts";
import type { OpRow } from "./opcode-table.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source: KINDS numbers its handlers). */
export const FORMS_SOURCE = import.meta.url;

export const STATUS = 0x8d5;             // CF PF AF ZF SF OF
export const CF = 1;

export type Kind =
  | "movEG" | "movGE" | "movEI" | "movRI" | "lea" | "movx" | "movsxd"
  | "aluEG" | "aluGE" | "aluAI" | "aluEI" | "testEG" | "testAI" | "testEI" | "incdec" | "shift" | "imul"
  | "push" | "pushI" | "pop" | "jcc" | "jmp" | "call" | "ret"
  | "cmov" | "setcc" | "not" | "neg" | "shiftCL" | "nop" | "leave" | "cbw" | "cwd" | "xchg" | "io"
  | "pushf" | "cli" | "sti"
  | "mulA" | "div" | "btG" | "btI" | "jmpE" | "callE" | "popf" | "movs" | "stos" | "cmps" | "scas" | "lods" | "flag";

/**
 * The static part of an instruction. `op`: ALU operation (0-7), shift
 * operation (0-7), condition code, 0 inc / 1 dec, movx source size | 4 when
 * sign-extending, imul 0 = Gv,Ev / 1 = with an immediate, io: 1 = out,
 * 2 = port in DX, mulA/div 0 = unsigned / 1 = signed, btG/btI 0-3 = bt,
 * bts, btr, btc, string instructions 0 = once / 1 = rep (repe) / 2 = repne,
 * flag 0-4 = clc, stc, cmc, cld, std.
 */
export interface Form { kind: Kind; s: number; mem: boolean; op: number }

/** A row's wasm form: the form of an instruction decoded from it, or null when that one is not run in wasm. */
export type FormOf = (i: Insn) => Form | null;

/* ================= the extractors rows carry ================= */

/*
 * Memory operands must use 64-bit addressing without a segment override
 * (no segment base in 64-bit mode); F is a ModRM form, R one without a
 * ModRM operand.
 */
const F = (i: Insn, kind: Kind, op = 0): Form | null =>
  i.mod === 3 || (i.asz === 8 && i.seg < 0) ? { kind, s: i.osz, mem: i.mod !== 3, op } : null;
const R = (kind: Kind, op: number, s: number): Form => ({ kind, s, mem: false, op });
const aluOp = (i: Insn) => (i.op >> 3) & 7;
/** Only with a 64-bit operand (push, pop, leave, pushf: 66h makes them 16-bit, left to TypeScript). */
const q = (i: Insn, kind: Kind): Form | null => i.osz === 8 ? R(kind, 0, 8) : null;
/** Near branches with 66h are left to TypeScript. */
const near = (i: Insn, kind: Kind, op = 0): Form | null => i.pfx66 ? null : R(kind, op, 8);
const sized = (f: Form | null, s: number): Form | null => f === null ? null : { ...f, s };

export const FORM_MOV_EG: FormOf = (i) => F(i, "movEG");
export const FORM_MOV_GE: FormOf = (i) => F(i, "movGE");
export const FORM_MOV_EI: FormOf = (i) => F(i, "movEI");
export const FORM_MOV_RI: FormOf = (i) => R("movRI", 0, i.osz);
export const FORM_LEA: FormOf = (i) => i.mod !== 3 && i.asz === 8 ? { kind: "lea", s: i.osz, mem: true, op: 0 } : null;
export const FORM_MOVX: FormOf = (i) => F(i, "movx", ((i.op & 1) === 0 ? 1 : 2) | (i.op >= 0x1be ? 4 : 0));
export const FORM_MOVSXD: FormOf = (i) => F(i, "movsxd");
export const FORM_ALU_EG: FormOf = (i) => F(i, "aluEG", aluOp(i));
export const FORM_ALU_GE: FormOf = (i) => F(i, "aluGE", aluOp(i));
export const FORM_ALU_AI: FormOf = (i) => R("aluAI", aluOp(i), i.osz);
export const FORM_ALU_EI: FormOf = (i) => F(i, "aluEI", i.reg & 7);
export const FORM_TEST_EG: FormOf = (i) => F(i, "testEG");
export const FORM_TEST_AI: FormOf = (i) => R("testAI", 0, i.osz);
export const FORM_TEST_EI: FormOf = (i) => F(i, "testEI");
export const FORM_INCDEC: FormOf = (i) => F(i, "incdec", (i.reg & 7) === 1 ? 1 : 0);
/** Shifts and rotates by a constant (rcl and rcr, and a count of 0, are TypeScript's). */
export const FORM_SHIFT: FormOf = (i) => {
  const op = i.reg & 7;
  return op === 2 || op === 3 || shiftCount(i) === 0 ? null : F(i, "shift", op);
};
export const FORM_SHIFT_CL: FormOf = (i) => {
  const op = i.reg & 7;
  return op === 2 || op === 3 ? null : F(i, "shiftCL", op);
};
export const FORM_IMUL: FormOf = (i) => i.osz !== 1 ? F(i, "imul", i.op === 0x1af ? 0 : 1) : null;
export const FORM_PUSH: FormOf = (i) => q(i, "push");
export const FORM_POP: FormOf = (i) => q(i, "pop");
export const FORM_PUSH_I: FormOf = (i) => q(i, "pushI");
export const FORM_JCC: FormOf = (i) => near(i, "jcc", i.op & 15);
export const FORM_JMP: FormOf = (i) => near(i, "jmp");
export const FORM_CALL: FormOf = (i) => near(i, "call");
export const FORM_RET: FormOf = (i) => near(i, "ret");
export const FORM_CMOV: FormOf = (i) => F(i, "cmov", i.op & 15);
export const FORM_SETCC: FormOf = (i) => F(i, "setcc", i.op & 15);
export const FORM_NOT: FormOf = (i) => F(i, "not");
export const FORM_NEG: FormOf = (i) => F(i, "neg");
export const FORM_NOP: FormOf = (i) => R("nop", 0, i.osz);
/** 90+r: xchg rAX with r; 90 itself (without REX.B) is nop. */
export const FORM_XCHG_AR: FormOf = (i) => R(opcodeReg(i) === 0 ? "nop" : "xchg", 0, i.osz);
export const FORM_XCHG: FormOf = (i) => F(i, "xchg");
export const FORM_LEAVE: FormOf = (i) => q(i, "leave");
export const FORM_CBW: FormOf = (i) => R("cbw", 0, i.osz);
export const FORM_CWD: FormOf = (i) => R("cwd", 0, i.osz);
export const FORM_PUSHF: FormOf = (i) => q(i, "pushf");
export const FORM_CLI: FormOf = () => R("cli", 0, 8);
export const FORM_STI: FormOf = () => R("sti", 0, 8);
/** F6/F7 /4-/7: mul, imul, div, idiv with rDX:rAX. */
export const FORM_MULDIV: FormOf = (i) => F(i, (i.reg & 7) < 6 ? "mulA" : "div", i.reg & 1);
/** 0F A3/AB/B3/BB: bt/bts/btr/btc Ev,Gv (a memory operand is addressed by the signed bit offset). */
export const FORM_BT_G: FormOf = (i) => F(i, "btG", i.op === 0x1a3 ? 0 : i.op === 0x1ab ? 1 : i.op === 0x1b3 ? 2 : 3);
/** 0F BA /4-/7: bt/bts/btr/btc Ev,Ib. */
export const FORM_BT_I: FormOf = (i) => F(i, "btI", (i.reg & 7) - 4);
/** FF /4, FF /2: jmp and call through a register or memory (66h: TypeScript's). */
export const FORM_JMP_E: FormOf = (i) => i.pfx66 ? null : sized(F(i, "jmpE"), 8);
export const FORM_CALL_E: FormOf = (i) => i.pfx66 ? null : sized(F(i, "callE"), 8);
export const FORM_POPF: FormOf = (i) => q(i, "popf");
/*
 * String instructions with 64-bit addresses; movs and cmps read DS:rSI, so
 * a segment override (FS, GS) leaves them to TypeScript. F2 on movs/stos
 * repeats as F3 does.
 */
const str = (i: Insn, kind: Kind, seg: boolean): Form | null =>
  i.asz !== 8 || (seg && i.seg >= 0) ? null
    : R(kind, i.rep === 0 ? 0 : kind === "movs" || kind === "stos" || i.rep === 0xf3 ? 1 : 2, i.osz);
export const FORM_MOVS: FormOf = (i) => str(i, "movs", true);
export const FORM_STOS: FormOf = (i) => str(i, "stos", false);
export const FORM_CMPS: FormOf = (i) => str(i, "cmps", true);
export const FORM_SCAS: FormOf = (i) => str(i, "scas", false);
/** lods without rep (rep lods runs all of rCX in one execution: TypeScript's). */
export const FORM_LODS: FormOf = (i) => i.rep !== 0 ? null : str(i, "lods", true);
/** F8 clc, F9 stc, F5 cmc, FC cld, FD std. */
export const FORM_FLAG: FormOf = (i) => R("flag", FLAG_OPS.indexOf(i.op), 8);
export const FLAG_OPS: readonly number[] = [0xf8, 0xf9, 0xf5, 0xfc, 0xfd];
export const FORM_IO: FormOf = (i) => R("io", ((i.op & 2) !== 0 ? 1 : 0) | (i.op >= 0xec ? 2 : 0), (i.op & 1) === 0 ? 1 : i.osz === 2 ? 2 : 4);

/**
 * The form of a decoded 64-bit-mode instruction and its table row (the
 * group member for group opcodes: opcode-table.ts rowOf), or null when it
 * is not run in wasm.
 */
export function formOf(i: Insn, row: OpRow | null): Form | null {
  return row?.form?.(i) ?? null;
}

/* ================= what each kind is ================= */

interface KindInfo {
  /** The forms it takes: every size × memory/register × op (allForms). */
  sizes: readonly number[]; mems: readonly boolean[]; ops: readonly number[];
  /** Status flags it always writes and reads, by op (default: none). */
  flags?(op: number): { wr: number; rd: number };
  /** Status flags it may write (default: wr): a shift by CL of zero writes none. */
  may?(op: number): number;
  /** It may leave the region before the next instruction whatever its operands (default: when it touches memory). */
  exit?: boolean;
  /** It touches the stack (so it may leave: TLB miss, page crossing...). */
  stack?: boolean;
  /** It always transfers control: a basic block ends there. */
  ends?: boolean;
  /** Its target is the next instruction plus the immediate (jcc, jmp, call rel). */
  rel?: boolean;
  /** Not compiled by the JIT (port I/O: regions have no host imports; sti, after which the core applies the interrupt shadow). */
  coreOnly?: boolean;
}

const S4 = [1, 2, 4, 8], S3 = [2, 4, 8], RM = [false, true], REG = [false], MEM = [true], Q = [8];
const ALU = [0, 1, 2, 3, 4, 5, 6, 7], CC = [...Array(16).keys()], SHIFTS = [0, 1, 4, 5, 6, 7], ZERO = [0];
const writes = (wr: number) => () => ({ wr, rd: 0 });
const reads = () => ({ wr: 0, rd: STATUS });
const alu = (op: number) => ({ wr: STATUS, rd: op === 2 || op === 3 ? CF : 0 });
const shiftWrites = (op: number) => op <= 1 ? 0x801 : STATUS;   // rol/ror: CF and OF only

/** Every kind, in the order of allForms (the core's handler numbers). */
const KINDS: Readonly<Record<Kind, KindInfo>> = {
  movEG: { sizes: S4, mems: RM, ops: ZERO },
  movGE: { sizes: S4, mems: RM, ops: ZERO },
  movEI: { sizes: S4, mems: RM, ops: ZERO },
  movRI: { sizes: S4, mems: REG, ops: ZERO },
  lea: { sizes: S3, mems: MEM, ops: ZERO },
  movx: { sizes: S3, mems: RM, ops: [1, 2, 5, 6] },
  movsxd: { sizes: S3, mems: RM, ops: ZERO },
  aluEG: { sizes: S4, mems: RM, ops: ALU, flags: alu },
  aluGE: { sizes: S4, mems: RM, ops: ALU, flags: alu },
  aluAI: { sizes: S4, mems: REG, ops: ALU, flags: alu },
  aluEI: { sizes: S4, mems: RM, ops: ALU, flags: alu },
  testEG: { sizes: S4, mems: RM, ops: ZERO, flags: writes(STATUS) },
  testAI: { sizes: S4, mems: REG, ops: ZERO, flags: writes(STATUS) },
  testEI: { sizes: S4, mems: RM, ops: ZERO, flags: writes(STATUS) },
  incdec: { sizes: S4, mems: RM, ops: [0, 1], flags: writes(STATUS & ~CF) },
  shift: { sizes: S4, mems: RM, ops: SHIFTS, flags: (op) => ({ wr: shiftWrites(op), rd: 0 }) },
  imul: { sizes: S3, mems: RM, ops: [0, 1], flags: writes(STATUS) },
  push: { sizes: Q, mems: REG, ops: ZERO, stack: true },
  pushI: { sizes: Q, mems: REG, ops: ZERO, stack: true },
  pop: { sizes: Q, mems: REG, ops: ZERO, stack: true },
  jcc: { sizes: Q, mems: REG, ops: CC, flags: reads, exit: true, rel: true },
  jmp: { sizes: Q, mems: REG, ops: ZERO, flags: reads, exit: true, ends: true, rel: true },
  call: { sizes: Q, mems: REG, ops: ZERO, flags: reads, exit: true, ends: true, stack: true, rel: true },
  ret: { sizes: Q, mems: REG, ops: ZERO, flags: reads, exit: true, ends: true, stack: true },
  cmov: { sizes: S3, mems: RM, ops: CC, flags: reads },
  setcc: { sizes: [1], mems: RM, ops: CC, flags: reads },
  not: { sizes: S4, mems: RM, ops: ZERO },
  neg: { sizes: S4, mems: RM, ops: ZERO, flags: writes(STATUS) },
  // a zero count keeps the flags: they are read, and written only maybe
  shiftCL: { sizes: S4, mems: RM, ops: SHIFTS, flags: reads, may: shiftWrites, exit: true },
  nop: { sizes: S3, mems: REG, ops: ZERO },
  leave: { sizes: Q, mems: REG, ops: ZERO, stack: true },
  cbw: { sizes: S3, mems: REG, ops: ZERO },
  cwd: { sizes: S3, mems: REG, ops: ZERO },
  xchg: { sizes: S4, mems: RM, ops: ZERO },
  io: { sizes: [1, 2, 4], mems: REG, ops: [0, 1, 2, 3], exit: true, coreOnly: true },
  pushf: { sizes: Q, mems: REG, ops: ZERO, flags: reads, exit: true },
  cli: { sizes: Q, mems: REG, ops: ZERO, exit: true },   // (clearing IF makes no interrupt deliverable: compiled code goes on)
  sti: { sizes: Q, mems: REG, ops: ZERO, exit: true, coreOnly: true },
  // mul/imul: SF ZF PF from the low half, AF clear (alu.ts); div leaves the flags, and may leave (#DE, a 128-bit dividend)
  mulA: { sizes: S4, mems: RM, ops: [0, 1], flags: writes(STATUS) },
  div: { sizes: S4, mems: RM, ops: [0, 1], exit: true },
  btG: { sizes: S3, mems: RM, ops: [0, 1, 2, 3], flags: writes(CF) },
  btI: { sizes: S3, mems: RM, ops: [0, 1, 2, 3], flags: writes(CF) },
  jmpE: { sizes: Q, mems: RM, ops: ZERO, flags: reads, exit: true, ends: true },
  callE: { sizes: Q, mems: RM, ops: ZERO, flags: reads, exit: true, ends: true, stack: true },
  // popf leaves when IF or TF would change (the interpreter then runs it and checks for interrupts)
  popf: { sizes: Q, mems: REG, ops: ZERO, flags: writes(STATUS), stack: true },
  movs: { sizes: S4, mems: REG, ops: [0, 1], exit: true },
  stos: { sizes: S4, mems: REG, ops: [0, 1], exit: true },
  // a repeated compare with rCX = 0 leaves the flags: they are read, and written only maybe
  cmps: { sizes: S4, mems: REG, ops: [0, 1, 2], flags: (op) => op === 0 ? { wr: STATUS, rd: 0 } : reads(), may: () => STATUS, exit: true },
  scas: { sizes: S4, mems: REG, ops: [0, 1, 2], flags: (op) => op === 0 ? { wr: STATUS, rd: 0 } : reads(), may: () => STATUS, exit: true },
  lods: { sizes: S4, mems: REG, ops: ZERO, exit: true },
  // clc, stc, cmc write CF (cmc reads it); cld and std only DF, which is not deferred
  flag: { sizes: Q, mems: REG, ops: [0, 1, 2, 3, 4], flags: (op) => op >= 3 ? { wr: 0, rd: 0 } : { wr: CF, rd: op === 2 ? CF : 0 } },
};

export function formKey(f: Form): string { return `${f.kind}/${f.s}/${f.mem ? "m" : "r"}/${f.op}`; }

/** Every form, in a fixed order (the interpreter core's handler numbers are 1 + the index). */
export function allForms(): Form[] {
  const out: Form[] = [];
  for (const [kind, k] of Object.entries(KINDS) as [Kind, KindInfo][])
    for (const s of k.sizes) for (const mem of k.mems) for (const op of k.ops) out.push({ kind, s, mem, op });
  return out;
}

/** Forms the JIT compiles (KindInfo.coreOnly). */
export function jitCompiles(f: Form): boolean { return KINDS[f.kind].coreOnly !== true; }

/** True for jcc and the direct jmp/call: the target is the next instruction plus the immediate. */
export function directBranch(f: Form): boolean { return KINDS[f.kind].rel === true; }

/** True for forms that always transfer control (a basic block ends there). */
export function endsBlock(f: Form): boolean { return KINDS[f.kind].ends === true; }

/**
 * Status flags a form always writes (`wr`), may write (`may`: a shift by CL
 * of zero writes none), reads, and whether it may leave (bail or branch)
 * before the next one.
 */
export function flagInfo(f: Form): { wr: number; may: number; rd: number; exit: boolean } {
  const k = KINDS[f.kind];
  const { wr, rd } = k.flags?.(f.op) ?? { wr: 0, rd: 0 };
  return { wr, rd, may: k.may?.(f.op) ?? wr, exit: k.exit === true || k.stack === true || (f.mem && f.kind !== "lea") };
}

/** The flag families of the ALU: add-like (add, adc, inc), sub-like (sub, sbb, cmp, dec, neg) and logic (and, or, xor, test). */
export type AluKind = "add" | "sub" | "logic";
/** The family of ALU operation 0-7 (add, or, adc, sbb, and, sub, xor, cmp). */
export const ALU_KIND: readonly AluKind[] = ["add", "logic", "add", "sub", "logic", "sub", "logic", "sub"];

/**
 * The flags an ALU form computes through statusFlags (its family, size and
 * written bits), which the JIT may derive later from the operands instead;
 * null for every other form (adc/sbb read CF; shifts and imul have their
 * own formulas).
 */
export function lazyFlagOp(f: Form): { kind: AluKind; s: number; mask: number } | null {
  switch (f.kind) {
    case "aluEG": case "aluGE": case "aluAI": case "aluEI":
      return f.op === 2 || f.op === 3 ? null : { kind: ALU_KIND[f.op]!, s: f.s, mask: STATUS };
    case "testEG": case "testAI": case "testEI": return { kind: "logic", s: f.s, mask: STATUS };
    case "incdec": return f.op <= 1 ? { kind: f.op === 0 ? "add" : "sub", s: f.s, mask: STATUS & ~CF } : null;
    case "neg": return { kind: "sub", s: f.s, mask: STATUS };
    default: return null;
  }
}

/** The status flags condition `cc` reads. */
export function conditionFlags(cc: number): number {
  return [0x800, 0x01, 0x40, 0x41, 0x80, 0x04, 0x880, 0x8c0][cc >> 1]!;
}

/* ================= operands ================= */

/** The masked count of a constant shift (grp2 C0/C1/D0/D1). */
export function shiftCount(i: InsnFields): number {
  return (i.op === 0xd0 || i.op === 0xd1 ? 1 : i.imm) & (i.osz === 8 ? 63 : 31);
}

/** Register number encoded in the opcode (movRI, push, pop). */
export function opcodeReg(i: InsnFields): number { return (i.op & 7) | ((i.rex & 1) << 3); }

/** The register `Operands.eReg` names for a form: ModRM rm, the opcode's register, or rAX. */
export function eRegNum(i: InsnFields, f: Form): number {
  if (f.kind === "movRI" || f.kind === "push" || f.kind === "pop" || (f.kind === "xchg" && i.op >= 0x90 && i.op <= 0x97)) return opcodeReg(i);
  if (f.kind === "aluAI" || f.kind === "testAI" || f.kind === "cbw" || f.kind === "cwd" || f.kind === "io") return 0;
  return i.mod === 3 ? i.rm : -1;
}

/** The register `Operands.gReg` names: ModRM reg, or rAX for xchg rAX,r. */
export function gRegNum(i: InsnFields, f: Form): number {
  return f.kind === "xchg" && i.op >= 0x90 && i.op <= 0x97 ? 0 : i.reg & 15;
}

/** Size of the E operand: the source of movzx/movsx/movsxd, the stack width for push/pop. */
export function eSize(f: Form): number {
  return f.kind === "movx" ? f.op & 3 : f.kind === "movsxd" ? 4 : f.kind === "push" || f.kind === "pop" ? 8 : f.kind === "setcc" ? 1 : f.s;
}

/** The value `Operands.imm` gives: the immediate, the masked count of a shift, or a branch's signed displacement. */
export function immValue(i: InsnFields, f: Form): bigint {
  if (f.kind === "shift") return BigInt(shiftCount(i));
  if (f.kind === "jcc" || f.kind === "jmp" || f.kind === "call") return BigInt(i.imm);
  return BigInt.asIntN(64, (BigInt(i.immHi >>> 0) << 32n) | BigInt(i.imm >>> 0));
}

/** Byte offset of register n's s-byte view in the state (AH..BH without REX are bytes 1 of rAX..rBX). */
export function regOffset(n: number, s: number, rex: number): number {
  return s === 1 && rex === 0 && n >= 4 && n < 8 ? 8 * (n - 4) + 1 : 8 * n;
}
