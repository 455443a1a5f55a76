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
 * writes, may write, reads and leaves undefined, whether the JIT may defer
 * them, whether it may leave before the next instruction, the control
 * transfer it makes (a basic block's end, the JIT's region discovery), the
 * condition code it tests, whether the JIT compiles it at all, and its
 * AT&T text (the JIT's disassembler, jit/disasm.ts formText).
 *
 * Adding an instruction to the wasm tiers: give its row a `form` (one of
 * the FORM_* extractors, or a new one with a new kind: its KINDS entry
 * here and its emitter in wasm/emit/, which x86-ir.ts requires for every
 * kind).
 */

import type { Insn, InsnFields } from "./cpu.ts";
import type { OpRow } from "./opcode-table.ts";
import { ALU_OPS, SHIFT_OPS, CC, SUFFIX } from "./isa.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source: KINDS numbers its handlers). */
export const FORMS_SOURCE = import.meta.url;

export const STATUS = 0x8d5;             // CF PF AF ZF SF OF
export const CF = 1;

/** An instruction family the wasm tiers run: a key of KINDS below (its forms, flags, text and, in wasm/emit/, its emitter). */
export type Kind = keyof typeof KINDS;

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

/** What a kind's text is made of (jit/disasm.ts formText gives it for one decoded instruction). */
export interface TextOps {
  /** The form's op and size, and the decoded instruction. */
  op: number; s: number; i: InsnFields;
  /** The E operand (register or memory), the G register (at size s, default the form's). */
  E(): string; G(s?: number): string;
  /** The memory operand. */
  M(): string;
  /** The immediate, unsigned at size s (default the form's), as `$0x..`. */
  imm(s?: number): string;
  /** The size suffix when no register gives the size (a memory operand). */
  sfx(s?: number): string;
  /** rAX at size s (default the form's). */
  acc(s?: number): string;
  /** A relative branch's target address. */
  target(): string;
}

interface KindInfo {
  /** The forms it takes: every size × memory/register × op (allForms). */
  sizes: readonly number[]; mems: readonly boolean[]; ops: readonly number[];
  /** Status flags it always writes and reads, by op (default: none). */
  flags?(op: number): { wr: number; rd: number };
  /** Status flags it may write (default: wr): a shift by CL of zero writes none. */
  may?(op: number): number;
  /** Status flags the SDM leaves undefined for some operands (the interpreter's values: README Quirks; tests/diff masks them). */
  undef?(op: number): number;
  /** Flags the JIT may defer: they are an ALU family's on the operands and result (lazyFlagOp). */
  lazy?(op: number): { kind: AluKind; mask: number } | null;
  /** It may leave the region before the next instruction whatever its operands (default: when it touches memory). */
  exit?: boolean;
  /** It touches the stack (so it may leave: TLB miss, page crossing...). */
  stack?: boolean;
  /** A control transfer: conditional on its condition code (`jcc`, with `cc`), or always, so a basic block ends there (`jmp`, `call`: pushes the return address, `ret`: pops it). */
  branch?: "jcc" | "jmp" | "call" | "ret";
  /** Its op is a condition code it tests (jcc, cmov, setcc: the JIT may fuse it with the flags' producer). */
  cc?: boolean;
  /** Its target is the next instruction plus the immediate (jcc, jmp, call rel); else a register, memory or the stack. */
  rel?: boolean;
  /** Not compiled by the JIT (port I/O: regions have no host imports). */
  coreOnly?: boolean;
  /** Its AT&T text, as GNU objdump prints it. */
  text(t: TextOps): string;
}

const S4 = [1, 2, 4, 8], S3 = [2, 4, 8], RM = [false, true], REG = [false], MEM = [true], Q = [8];
const ALU = [0, 1, 2, 3, 4, 5, 6, 7], CCS = [...Array(16).keys()], SHIFTS = [0, 1, 4, 5, 6, 7], ZERO = [0];
const writes = (wr: number) => () => ({ wr, rd: 0 });
const reads = () => ({ wr: 0, rd: STATUS });
const alu = (op: number) => ({ wr: STATUS, rd: op === 2 || op === 3 ? CF : 0 });
const shiftWrites = (op: number) => op <= 1 ? 0x801 : STATUS;   // rol/ror: CF and OF only
// AF after a logic op or a shift, OF after a shift by more than one, SF ZF AF PF after a multiply, all six after a divide, OF SF AF PF after bt
const AF = 0x10, OF = 0x800;
const aluUndef = (op: number) => op === 1 || op === 4 || op === 6 ? AF : 0;
const shiftUndef = (op: number) => op <= 1 ? OF : OF | AF;
const MUL_UNDEF = 0xd4, BT_UNDEF = 0x894;
// ALU operation op (adc and sbb read CF: their flags are computed at once)
const aluLazy = (op: number) => op === 2 || op === 3 ? null : { kind: ALU_KIND[op]!, mask: STATUS };
const logicLazy = () => ({ kind: "logic" as const, mask: STATUS });
const BT = ["bt", "bts", "btr", "btc"];
const FLAG_NAMES = ["clc", "stc", "cmc", "cld", "std"];
const name = (n: string) => () => n;
/** String instructions: objdump's prefix (the b form names no register, the others the accumulator or nothing). */
const repText = (kind: "movs" | "stos" | "cmps" | "scas", op: number) =>
  op === 0 ? "" : kind === "movs" || kind === "stos" ? "rep " : op === 1 ? "repz " : "repnz ";

/** Every kind, in the order of allForms (the core's handler numbers). */
const KINDS = {
  movEG: { sizes: S4, mems: RM, ops: ZERO, text: (t) => `mov ${t.G()},${t.E()}` },
  movGE: { sizes: S4, mems: RM, ops: ZERO, text: (t) => `mov ${t.E()},${t.G()}` },
  movEI: { sizes: S4, mems: RM, ops: ZERO, text: (t) => `mov${t.sfx()} ${t.imm()},${t.E()}` },
  movRI: { sizes: S4, mems: REG, ops: ZERO, text: (t) => `mov ${t.imm()},${t.E()}` },
  lea: { sizes: S3, mems: MEM, ops: ZERO, text: (t) => `lea ${t.M()},${t.G()}` },
  movx: { sizes: S3, mems: RM, ops: [1, 2, 5, 6], text: (t) => `mov${t.op & 4 ? "s" : "z"}${SUFFIX[t.op & 3]}${SUFFIX[t.s]} ${t.E()},${t.G()}` },
  movsxd: { sizes: S3, mems: RM, ops: ZERO, text: (t) => `movslq ${t.E()},${t.G()}` },
  aluEG: { sizes: S4, mems: RM, ops: ALU, flags: alu, undef: aluUndef, lazy: aluLazy, text: (t) => `${ALU_OPS[t.op]} ${t.G()},${t.E()}` },
  aluGE: { sizes: S4, mems: RM, ops: ALU, flags: alu, undef: aluUndef, lazy: aluLazy, text: (t) => `${ALU_OPS[t.op]} ${t.E()},${t.G()}` },
  aluAI: { sizes: S4, mems: REG, ops: ALU, flags: alu, undef: aluUndef, lazy: aluLazy, text: (t) => `${ALU_OPS[t.op]}${t.sfx()} ${t.imm()},${t.E()}` },
  aluEI: { sizes: S4, mems: RM, ops: ALU, flags: alu, undef: aluUndef, lazy: aluLazy, text: (t) => `${ALU_OPS[t.op]}${t.sfx()} ${t.imm()},${t.E()}` },
  testEG: { sizes: S4, mems: RM, ops: ZERO, flags: writes(STATUS), undef: () => AF, lazy: logicLazy, text: (t) => `test ${t.G()},${t.E()}` },
  testAI: { sizes: S4, mems: REG, ops: ZERO, flags: writes(STATUS), undef: () => AF, lazy: logicLazy, text: (t) => `test${t.sfx()} ${t.imm()},${t.E()}` },
  testEI: { sizes: S4, mems: RM, ops: ZERO, flags: writes(STATUS), undef: () => AF, lazy: logicLazy, text: (t) => `test${t.sfx()} ${t.imm()},${t.E()}` },
  incdec: {
    sizes: S4, mems: RM, ops: [0, 1], flags: writes(STATUS & ~CF),
    lazy: (op) => ({ kind: op === 0 ? "add" : "sub", mask: STATUS & ~CF }), text: (t) => `${t.op === 0 ? "inc" : "dec"}${t.sfx()} ${t.E()}`,
  },
  shift: {
    sizes: S4, mems: RM, ops: SHIFTS, flags: (op) => ({ wr: shiftWrites(op), rd: 0 }), undef: shiftUndef,
    text: (t) => `${SHIFT_OPS[t.op]}${t.sfx()} ${t.i.op === 0xd0 || t.i.op === 0xd1 ? "" : `${t.imm()},`}${t.E()}`,   // D0/D1: by one
  },
  imul: { sizes: S3, mems: RM, ops: [0, 1], flags: writes(STATUS), undef: () => MUL_UNDEF, text: (t) => t.op === 0 ? `imul ${t.E()},${t.G()}` : `imul ${t.imm()},${t.E()},${t.G()}` },
  push: { sizes: Q, mems: REG, ops: ZERO, stack: true, text: (t) => `push ${t.E()}` },
  pushI: { sizes: Q, mems: REG, ops: ZERO, stack: true, text: (t) => `push ${t.imm(8)}` },
  pop: { sizes: Q, mems: REG, ops: ZERO, stack: true, text: (t) => `pop ${t.E()}` },
  jcc: { sizes: Q, mems: REG, ops: CCS, flags: reads, cc: true, exit: true, branch: "jcc", rel: true, text: (t) => `j${CC[t.op]} ${t.target()}` },
  jmp: { sizes: Q, mems: REG, ops: ZERO, flags: reads, exit: true, branch: "jmp", rel: true, text: (t) => `jmp ${t.target()}` },
  call: { sizes: Q, mems: REG, ops: ZERO, flags: reads, exit: true, branch: "call", stack: true, rel: true, text: (t) => `call ${t.target()}` },
  ret: { sizes: Q, mems: REG, ops: ZERO, flags: reads, exit: true, branch: "ret", stack: true, text: name("ret") },
  cmov: { sizes: S3, mems: RM, ops: CCS, flags: reads, cc: true, text: (t) => `cmov${CC[t.op]} ${t.E()},${t.G()}` },
  setcc: { sizes: [1], mems: RM, ops: CCS, flags: reads, cc: true, text: (t) => `set${CC[t.op]} ${t.E()}` },
  not: { sizes: S4, mems: RM, ops: ZERO, text: (t) => `not${t.sfx()} ${t.E()}` },
  neg: { sizes: S4, mems: RM, ops: ZERO, flags: writes(STATUS), lazy: () => ({ kind: "sub", mask: STATUS }), text: (t) => `neg${t.sfx()} ${t.E()}` },
  // a zero count keeps the flags: they are read, and written only maybe
  shiftCL: {
    sizes: S4, mems: RM, ops: SHIFTS, flags: reads, may: shiftWrites, undef: shiftUndef, exit: true,
    text: (t) => `${SHIFT_OPS[t.op]}${t.sfx()} %cl,${t.E()}`,
  },
  nop: { sizes: S3, mems: REG, ops: ZERO, text: name("nop") },
  leave: { sizes: Q, mems: REG, ops: ZERO, stack: true, text: name("leave") },
  cbw: { sizes: S3, mems: REG, ops: ZERO, text: (t) => t.s === 2 ? "cbtw" : t.s === 4 ? "cwtl" : "cltq" },
  cwd: { sizes: S3, mems: REG, ops: ZERO, text: (t) => t.s === 2 ? "cwtd" : t.s === 4 ? "cltd" : "cqto" },
  xchg: { sizes: S4, mems: RM, ops: ZERO, text: (t) => `xchg ${t.G()},${t.E()}` },
  // op: 1 = out, 2 = port in DX
  io: {
    sizes: [1, 2, 4], mems: REG, ops: [0, 1, 2, 3], exit: true, coreOnly: true,
    text: (t) => { const port = t.op & 2 ? "(%dx)" : `$0x${(t.i.imm & 0xff).toString(16)}`; return t.op & 1 ? `out ${t.acc()},${port}` : `in ${port},${t.acc()}`; },
  },
  pushf: { sizes: Q, mems: REG, ops: ZERO, flags: reads, exit: true, text: name("pushf") },
  cli: { sizes: Q, mems: REG, ops: ZERO, exit: true, text: name("cli") },   // (clearing IF makes no interrupt deliverable: compiled code goes on)
  sti: { sizes: Q, mems: REG, ops: ZERO, exit: true, text: name("sti") },
  // mul/imul: SF ZF PF from the low half, AF clear (alu.ts); div leaves the flags, and may leave (#DE, a 128-bit dividend)
  mulA: { sizes: S4, mems: RM, ops: [0, 1], flags: writes(STATUS), undef: () => MUL_UNDEF, text: (t) => `${t.op ? "imul" : "mul"}${t.sfx()} ${t.E()}` },
  div: { sizes: S4, mems: RM, ops: [0, 1], undef: () => STATUS, exit: true, text: (t) => `${t.op ? "idiv" : "div"}${t.sfx()} ${t.E()}` },
  btG: { sizes: S3, mems: RM, ops: [0, 1, 2, 3], flags: writes(CF), undef: () => BT_UNDEF, text: (t) => `${BT[t.op]} ${t.G()},${t.E()}` },
  btI: {
    sizes: S3, mems: RM, ops: [0, 1, 2, 3], flags: writes(CF), undef: () => BT_UNDEF,
    text: (t) => `${BT[t.op]}${t.sfx()} $0x${(t.i.imm & 0xff).toString(16)},${t.E()}`,
  },
  jmpE: { sizes: Q, mems: RM, ops: ZERO, flags: reads, exit: true, branch: "jmp", text: (t) => `jmp *${t.E()}` },
  callE: { sizes: Q, mems: RM, ops: ZERO, flags: reads, exit: true, branch: "call", stack: true, text: (t) => `call *${t.E()}` },
  // popf leaves when IF or TF would change (the interpreter then runs it and checks for interrupts)
  popf: { sizes: Q, mems: REG, ops: ZERO, flags: writes(STATUS), stack: true, text: name("popf") },
  movs: { sizes: S4, mems: REG, ops: [0, 1], exit: true, text: (t) => `${repText("movs", t.op)}movs${SUFFIX[t.s]} %ds:(%rsi),%es:(%rdi)` },
  stos: { sizes: S4, mems: REG, ops: [0, 1], exit: true, text: (t) => `${repText("stos", t.op)}stos ${t.acc()},%es:(%rdi)` },
  // a repeated compare with rCX = 0 leaves the flags: they are read, and written only maybe
  cmps: {
    sizes: S4, mems: REG, ops: [0, 1, 2], flags: (op) => op === 0 ? { wr: STATUS, rd: 0 } : reads(), may: () => STATUS, exit: true,
    text: (t) => `${repText("cmps", t.op)}cmps${SUFFIX[t.s]} %es:(%rdi),%ds:(%rsi)`,
  },
  scas: {
    sizes: S4, mems: REG, ops: [0, 1, 2], flags: (op) => op === 0 ? { wr: STATUS, rd: 0 } : reads(), may: () => STATUS, exit: true,
    text: (t) => `${repText("scas", t.op)}scas %es:(%rdi),${t.acc()}`,
  },
  lods: { sizes: S4, mems: REG, ops: ZERO, exit: true, text: (t) => `lods %ds:(%rsi),${t.acc()}` },
  // clc, stc, cmc write CF (cmc reads it); cld and std only DF, which is not deferred
  flag: {
    sizes: Q, mems: REG, ops: [0, 1, 2, 3, 4], flags: (op) => op >= 3 ? { wr: 0, rd: 0 } : { wr: CF, rd: op === 2 ? CF : 0 },
    text: (t) => FLAG_NAMES[t.op]!,
  },
} satisfies Record<string, KindInfo>;

/** A kind's entry (KINDS typed as its interface). */
const info = (k: Kind): KindInfo => KINDS[k];

export function formKey(f: Form): string { return `${f.kind}/${f.s}/${f.mem ? "m" : "r"}/${f.op}`; }

/** Every form, in a fixed order (the interpreter core's handler numbers are 1 + the index). */
export function allForms(): Form[] {
  const out: Form[] = [];
  for (const [kind, k] of Object.entries(KINDS) as [Kind, KindInfo][])
    for (const s of k.sizes) for (const mem of k.mems) for (const op of k.ops) out.push({ kind, s, mem, op });
  return out;
}

/** Forms the JIT compiles (KindInfo.coreOnly). */
export function jitCompiles(f: Form): boolean { return info(f.kind).coreOnly !== true; }

/** True for jcc and the direct jmp/call: the target is the next instruction plus the immediate. */
export function directBranch(f: Form): boolean { return info(f.kind).rel === true; }

/** The control transfer a form makes (KindInfo.branch), or null. */
export function branchOf(f: Form): "jcc" | "jmp" | "call" | "ret" | null { return info(f.kind).branch ?? null; }

/** The condition code a form tests (KindInfo.cc: jcc, cmov, setcc), or null. */
export function conditionOf(f: Form): number | null { return info(f.kind).cc === true ? f.op : null; }

/** True for forms that always transfer control (a basic block ends there). */
export function endsBlock(f: Form): boolean { const b = info(f.kind).branch; return b !== undefined && b !== "jcc"; }

/**
 * Status flags a form always writes (`wr`), may write (`may`: a shift by CL
 * of zero writes none), reads, leaves undefined for some operands
 * (`undef`), and whether it may leave (bail or branch) before the next one.
 */
export function flagInfo(f: Form): { wr: number; may: number; rd: number; undef: number; exit: boolean } {
  const k = info(f.kind);
  const { wr, rd } = k.flags?.(f.op) ?? { wr: 0, rd: 0 };
  return { wr, rd, may: k.may?.(f.op) ?? wr, undef: k.undef?.(f.op) ?? 0, exit: k.exit === true || k.stack === true || (f.mem && f.kind !== "lea") };
}

/** The AT&T text of form `f` from its text operands (jit/disasm.ts formText). */
export function kindText(f: Form, t: TextOps): string { return info(f.kind).text(t); }

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
  const l = info(f.kind).lazy?.(f.op) ?? null;
  return l === null ? null : { ...l, s: f.s };
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
