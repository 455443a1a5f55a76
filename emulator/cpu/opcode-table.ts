/*
 * opcode-table.ts: the one table that describes every instruction this CPU
 * implements. The decoder reads it to know whether a ModRM byte and which
 * immediate follow and how the operand size is chosen; the interpreter
 * dispatches to `exec`; the decoder fuzz test reads `mn`.
 *
 * Index: 0x000-0x0ff one-byte map, 0x100-0x1ff two-byte map (0F xx),
 * 0x200-0x2ff 0F 38 xx, 0x300-0x3ff 0F 3A xx (both empty: #UD).
 *
 * size: "b"   byte operation (operand size 1)
 *       "v"   16/32/64 by prefixes (default 32, REX.W 64, 66h 16)
 *       "d64" default 64 in 64-bit mode (push/pop, near indirect branches)
 *       "f64" always 64 in 64-bit mode (near relative branches)
 *       "n"   no sized operand
 * imm:  "b" imm8, "bs" imm8 sign-extended to the operand size, "w" imm16,
 *       "z" imm16/32 (sign-extended to 64 for 64-bit operands), "v" imm16/32/64,
 *       "rel8"/"rel32" branch displacements, "ap" ptr16:32, "enter" imm16+imm8,
 *       "moffs" address-size offset, "" none.
 * mode: "i64" invalid in 64-bit mode, "o64" valid only in 64-bit mode.
 * ends: the instruction can change RIP other than by falling through.
 * form: what the WebAssembly tiers run of it (forms.ts); rows without one
 *       are the TypeScript interpreter's alone.
 */

import type { Handler } from "./cpu.ts";
import * as A from "./exec-alu.ts";
import * as D from "./exec-data.ts";
import * as C from "./exec-control.ts";
import * as S from "./exec-system.ts";
import * as X from "./exec-sse.ts";
import { CC, ALU_OPS as ALU, SHIFT_OPS as SHIFT } from "./isa.ts";
import * as W from "./forms.ts";

export type SizeKind = "b" | "v" | "d64" | "f64" | "n";
export type ImmKind = "" | "b" | "bs" | "w" | "z" | "v" | "rel8" | "rel32" | "ap" | "enter" | "moffs";

export interface OpRow {
  mn: string;
  modrm: boolean;
  size: SizeKind;
  imm: ImmKind;
  exec: Handler;
  mode?: "i64" | "o64";
  ends?: boolean;
  /** LOCK is allowed (with a memory destination); otherwise a LOCK prefix raises #UD. */
  lock?: boolean;
  /** ModRM.reg-indexed sub-table; entries override size/imm/exec. */
  group?: (OpRow | null)[];
  /** Its form in the WebAssembly tiers (forms.ts), if they run it. */
  form?: W.FormOf;
}

export const TABLE: (OpRow | null)[] = new Array(0x400).fill(null);

function row(op: number, mn: string, modrm: boolean, size: SizeKind, imm: ImmKind, exec: Handler, extra: Partial<OpRow> = {}): void {
  TABLE[op] = { mn, modrm, size, imm, exec, ...extra };
}
function g(mn: string, size: SizeKind, imm: ImmKind, exec: Handler, extra: Partial<OpRow> = {}): OpRow {
  return { mn, modrm: true, size, imm, exec, ...extra };
}


/* ---- one-byte map ---- */
for (let k = 0; k < 8; k++) {
  const b = k << 3;
  row(b + 0, ALU[k]!, true, "b", "", A.aluEG, { form: W.FORM_ALU_EG });
  row(b + 1, ALU[k]!, true, "v", "", A.aluEG, { form: W.FORM_ALU_EG });
  row(b + 2, ALU[k]!, true, "b", "", A.aluGE, { form: W.FORM_ALU_GE });
  row(b + 3, ALU[k]!, true, "v", "", A.aluGE, { form: W.FORM_ALU_GE });
  row(b + 4, ALU[k]!, false, "b", "b", A.aluAI, { form: W.FORM_ALU_AI });
  row(b + 5, ALU[k]!, false, "v", "z", A.aluAI, { form: W.FORM_ALU_AI });
}
for (let k = 0; k < 8; k++) {
  row(0x40 + k, "inc", false, "v", "", A.incdecR, { mode: "i64" });
  row(0x48 + k, "dec", false, "v", "", A.incdecR, { mode: "i64" });
  row(0x50 + k, "push", false, "d64", "", D.pushR, { form: W.FORM_PUSH });
  row(0x58 + k, "pop", false, "d64", "", D.popR, { form: W.FORM_POP });
}
row(0x63, "movsxd", true, "v", "", D.movsxd, { mode: "o64", form: W.FORM_MOVSXD });
row(0x68, "push", false, "d64", "z", D.pushI, { form: W.FORM_PUSH_I });
row(0x69, "imul", true, "v", "z", A.imulGE, { form: W.FORM_IMUL });
row(0x6a, "push", false, "d64", "bs", D.pushI, { form: W.FORM_PUSH_I });
row(0x6b, "imul", true, "v", "bs", A.imulGE, { form: W.FORM_IMUL });
for (let k = 0; k < 16; k++) {
  row(0x70 + k, "j" + CC[k], false, "f64", "rel8", C.jcc, { ends: true, form: W.FORM_JCC });
  row(0x140 + k, "cmov" + CC[k], true, "v", "", D.cmov, { form: W.FORM_CMOV });
  row(0x180 + k, "j" + CC[k], false, "f64", "rel32", C.jcc, { ends: true, form: W.FORM_JCC });
  row(0x190 + k, "set" + CC[k], true, "b", "", D.setcc, { form: W.FORM_SETCC });
}
const grp1 = (imm: ImmKind, size: SizeKind) => ALU.map((mn) => g(mn, size, imm, A.grp1, { form: W.FORM_ALU_EI }));
row(0x80, "grp1", true, "b", "b", A.grp1, { group: grp1("b", "b") });
row(0x81, "grp1", true, "v", "z", A.grp1, { group: grp1("z", "v") });
row(0x83, "grp1", true, "v", "bs", A.grp1, { group: grp1("bs", "v") });
row(0x84, "test", true, "b", "", A.testEG, { form: W.FORM_TEST_EG });
row(0x85, "test", true, "v", "", A.testEG, { form: W.FORM_TEST_EG });
row(0x86, "xchg", true, "b", "", D.xchgEG, { form: W.FORM_XCHG });
row(0x87, "xchg", true, "v", "", D.xchgEG, { form: W.FORM_XCHG });
row(0x88, "mov", true, "b", "", D.movEG, { form: W.FORM_MOV_EG });
row(0x89, "mov", true, "v", "", D.movEG, { form: W.FORM_MOV_EG });
row(0x8a, "mov", true, "b", "", D.movGE, { form: W.FORM_MOV_GE });
row(0x8b, "mov", true, "v", "", D.movGE, { form: W.FORM_MOV_GE });
row(0x8c, "mov", true, "v", "", D.movFromSeg);
row(0x8d, "lea", true, "v", "", D.lea, { form: W.FORM_LEA });
row(0x8e, "mov", true, "n", "", D.movToSeg);
row(0x8f, "pop", true, "d64", "", D.popE, { group: [g("pop", "d64", "", D.popE), null, null, null, null, null, null, null] });
row(0x90, "nop", false, "v", "", D.xchgAR, { form: W.FORM_XCHG_AR });
for (let k = 1; k < 8; k++) row(0x90 + k, "xchg", false, "v", "", D.xchgAR, { form: W.FORM_XCHG_AR });
row(0x98, "cbw", false, "v", "", A.cbw, { form: W.FORM_CBW });
row(0x99, "cwd", false, "v", "", A.cwd, { form: W.FORM_CWD });
row(0x9b, "wait", false, "n", "", S.nop, { form: W.FORM_NOP });
row(0x9c, "pushf", false, "d64", "", D.pushf, { form: W.FORM_PUSHF });
row(0x9d, "popf", false, "d64", "", D.popf, { form: W.FORM_POPF });
row(0x9e, "sahf", false, "n", "", D.sahf);
row(0x9f, "lahf", false, "n", "", D.lahf);
row(0xa0, "mov", false, "b", "moffs", D.movMoffs);
row(0xa1, "mov", false, "v", "moffs", D.movMoffs);
row(0xa2, "mov", false, "b", "moffs", D.movMoffs);
row(0xa3, "mov", false, "v", "moffs", D.movMoffs);
row(0xa4, "movsb", false, "b", "", D.movs, { form: W.FORM_MOVS });
row(0xa5, "movs", false, "v", "", D.movs, { form: W.FORM_MOVS });
row(0xa6, "cmpsb", false, "b", "", D.cmps, { form: W.FORM_CMPS });
row(0xa7, "cmps", false, "v", "", D.cmps, { form: W.FORM_CMPS });
row(0xa8, "test", false, "b", "b", A.testAI, { form: W.FORM_TEST_AI });
row(0xa9, "test", false, "v", "z", A.testAI, { form: W.FORM_TEST_AI });
row(0xaa, "stosb", false, "b", "", D.stos, { form: W.FORM_STOS });
row(0xab, "stos", false, "v", "", D.stos, { form: W.FORM_STOS });
row(0xac, "lodsb", false, "b", "", D.lods, { form: W.FORM_LODS });
row(0xad, "lods", false, "v", "", D.lods, { form: W.FORM_LODS });
row(0xae, "scasb", false, "b", "", D.scas, { form: W.FORM_SCAS });
row(0xaf, "scas", false, "v", "", D.scas, { form: W.FORM_SCAS });
for (let k = 0; k < 8; k++) {
  row(0xb0 + k, "mov", false, "b", "b", D.movRI, { form: W.FORM_MOV_RI });
  row(0xb8 + k, "mov", false, "v", "v", D.movRI, { form: W.FORM_MOV_RI });
}
const grp2 = (imm: ImmKind, size: SizeKind, form: W.FormOf) => SHIFT.map((mn) => g(mn, size, imm, A.grp2, { form }));
row(0xc0, "grp2", true, "b", "b", A.grp2, { group: grp2("b", "b", W.FORM_SHIFT) });
row(0xc1, "grp2", true, "v", "b", A.grp2, { group: grp2("b", "v", W.FORM_SHIFT) });
row(0xc2, "ret", false, "f64", "w", C.ret, { ends: true });
row(0xc3, "ret", false, "f64", "", C.ret, { ends: true, form: W.FORM_RET });
row(0xc6, "mov", true, "b", "b", D.movEI, { group: [g("mov", "b", "b", D.movEI, { form: W.FORM_MOV_EI }), null, null, null, null, null, null, null] });
row(0xc7, "mov", true, "v", "z", D.movEI, { group: [g("mov", "v", "z", D.movEI, { form: W.FORM_MOV_EI }), null, null, null, null, null, null, null] });
row(0xc8, "enter", false, "d64", "enter", D.enter);
row(0xc9, "leave", false, "d64", "", D.leave, { form: W.FORM_LEAVE });
row(0xca, "retf", false, "v", "w", C.lret, { ends: true });
row(0xcb, "retf", false, "v", "", C.lret, { ends: true });
row(0xcc, "int3", false, "n", "", C.int3, { ends: true });
row(0xcd, "int", false, "n", "b", C.intN, { ends: true });
row(0xce, "into", false, "n", "", C.into, { mode: "i64", ends: true });
row(0xcf, "iret", false, "v", "", C.iret, { ends: true });
row(0xd0, "grp2", true, "b", "", A.grp2, { group: grp2("", "b", W.FORM_SHIFT) });
row(0xd1, "grp2", true, "v", "", A.grp2, { group: grp2("", "v", W.FORM_SHIFT) });
row(0xd2, "grp2", true, "b", "", A.grp2, { group: grp2("", "b", W.FORM_SHIFT_CL) });
row(0xd3, "grp2", true, "v", "", A.grp2, { group: grp2("", "v", W.FORM_SHIFT_CL) });
row(0xd7, "xlatb", false, "n", "", D.xlat);
for (let op = 0xd8; op <= 0xdf; op++) row(op, "esc", true, "n", "", S.x87);
row(0xe0, "loopne", false, "f64", "rel8", C.loop, { ends: true });
row(0xe1, "loope", false, "f64", "rel8", C.loop, { ends: true });
row(0xe2, "loop", false, "f64", "rel8", C.loop, { ends: true });
row(0xe3, "jrcxz", false, "f64", "rel8", C.loop, { ends: true });
row(0xe4, "in", false, "b", "b", S.inOut, { form: W.FORM_IO });
row(0xe5, "in", false, "v", "b", S.inOut, { form: W.FORM_IO });
row(0xe6, "out", false, "b", "b", S.inOut, { form: W.FORM_IO });
row(0xe7, "out", false, "v", "b", S.inOut, { form: W.FORM_IO });
row(0xe8, "call", false, "f64", "rel32", C.callRel, { ends: true, form: W.FORM_CALL });
row(0xe9, "jmp", false, "f64", "rel32", C.jmpRel, { ends: true, form: W.FORM_JMP });
row(0xea, "jmp", false, "v", "ap", C.jmpFarImm, { mode: "i64", ends: true });
row(0xeb, "jmp", false, "f64", "rel8", C.jmpRel, { ends: true, form: W.FORM_JMP });
row(0xec, "in", false, "b", "", S.inOut, { form: W.FORM_IO });
row(0xed, "in", false, "v", "", S.inOut, { form: W.FORM_IO });
row(0xee, "out", false, "b", "", S.inOut, { form: W.FORM_IO });
row(0xef, "out", false, "v", "", S.inOut, { form: W.FORM_IO });
row(0xf4, "hlt", false, "n", "", S.hlt, { ends: true });
row(0xf5, "cmc", false, "n", "", S.cmc, { form: W.FORM_FLAG });
const grp3 = (size: SizeKind, imm: ImmKind) => [
  g("test", size, imm, A.testEI, { form: W.FORM_TEST_EI }), g("test", size, imm, A.testEI, { form: W.FORM_TEST_EI }),
  g("not", size, "", A.notE, { form: W.FORM_NOT }), g("neg", size, "", A.negE, { form: W.FORM_NEG }),
  g("mul", size, "", A.mulE, { form: W.FORM_MULDIV }), g("imul", size, "", A.mulE, { form: W.FORM_MULDIV }),
  g("div", size, "", A.divE, { form: W.FORM_MULDIV }), g("idiv", size, "", A.divE, { form: W.FORM_MULDIV })];
row(0xf6, "grp3", true, "b", "", A.testEI, { group: grp3("b", "b") });
row(0xf7, "grp3", true, "v", "", A.testEI, { group: grp3("v", "z") });
row(0xf8, "clc", false, "n", "", S.clc, { form: W.FORM_FLAG });
row(0xf9, "stc", false, "n", "", S.stc, { form: W.FORM_FLAG });
row(0xfa, "cli", false, "n", "", S.cli, { form: W.FORM_CLI });
row(0xfb, "sti", false, "n", "", S.sti, { form: W.FORM_STI });
row(0xfc, "cld", false, "n", "", S.cld, { form: W.FORM_FLAG });
row(0xfd, "std", false, "n", "", S.std, { form: W.FORM_FLAG });
const incdec = (size: SizeKind) => [g("inc", size, "", A.incdecE, { form: W.FORM_INCDEC }), g("dec", size, "", A.incdecE, { form: W.FORM_INCDEC })];
row(0xfe, "grp4", true, "b", "", A.incdecE, { group: [...incdec("b"), null, null, null, null, null, null] });
row(0xff, "grp5", true, "v", "", A.incdecE, {
  group: [...incdec("v"), g("call", "f64", "", C.callE, { ends: true, form: W.FORM_CALL_E }),
    g("call", "v", "", C.farE, { ends: true }), g("jmp", "f64", "", C.jmpE, { ends: true, form: W.FORM_JMP_E }), g("jmp", "v", "", C.farE, { ends: true }),
    g("push", "d64", "", D.pushE), null],
});

/* ---- two-byte map (0F xx) ---- */
row(0x100, "grp6", true, "v", "", S.grp6, {
  group: [g("sldt", "v", "", S.grp6), g("str", "v", "", S.grp6), g("lldt", "n", "", S.grp6), g("ltr", "n", "", S.grp6), null, null, null, null],
});
row(0x101, "grp7", true, "v", "", S.grp7);
row(0x105, "syscall", false, "n", "", C.syscall, { mode: "o64", ends: true });
row(0x106, "clts", false, "n", "", S.clts);
row(0x107, "sysret", false, "v", "", C.sysret, { mode: "o64", ends: true });
row(0x108, "invd", false, "n", "", S.invd);
row(0x109, "wbinvd", false, "n", "", S.invd);
row(0x10b, "ud2", false, "n", "", S.undefinedOp, { ends: true });
row(0x10d, "prefetchw", true, "v", "", S.nop, { form: W.FORM_NOP });
row(0x110, "movups", true, "n", "", X.movx128);
row(0x111, "movups", true, "n", "", X.movx128);
for (let k = 0x118; k <= 0x11f; k++) row(k, "nop", true, "v", "", S.nop, { form: W.FORM_NOP });
row(0x120, "mov", true, "n", "", S.movCr);
row(0x121, "mov", true, "n", "", S.movDr);
row(0x122, "mov", true, "n", "", S.movCr);
row(0x123, "mov", true, "n", "", S.movDr);
row(0x128, "movaps", true, "n", "", X.movx128);
row(0x129, "movaps", true, "n", "", X.movx128);
row(0x130, "wrmsr", false, "n", "", S.wrmsr);
row(0x131, "rdtsc", false, "n", "", S.rdtsc);
row(0x132, "rdmsr", false, "n", "", S.rdmsr);
row(0x157, "xorps", true, "n", "", X.pxor);
row(0x16c, "punpcklqdq", true, "n", "", X.punpckqdq);
row(0x16d, "punpckhqdq", true, "n", "", X.punpckqdq);
row(0x16e, "movd", true, "n", "", X.movdToX);
row(0x16f, "movdqa", true, "n", "", X.movx128);
row(0x17e, "movd", true, "n", "", X.movdFromX);
row(0x17f, "movdqa", true, "n", "", X.movx128);
row(0x1a0, "push", false, "d64", "", D.pushSeg);
row(0x1a1, "pop", false, "d64", "", D.popSeg);
row(0x1a2, "cpuid", false, "n", "", S.cpuid);
row(0x1a3, "bt", true, "v", "", A.btEG, { form: W.FORM_BT_G });
row(0x1a4, "shld", true, "v", "b", A.shxd);
row(0x1a5, "shld", true, "v", "", A.shxd);
row(0x1a8, "push", false, "d64", "", D.pushSeg);
row(0x1a9, "pop", false, "d64", "", D.popSeg);
row(0x1ab, "bts", true, "v", "", A.btEG, { form: W.FORM_BT_G });
row(0x1ac, "shrd", true, "v", "b", A.shxd);
row(0x1ad, "shrd", true, "v", "", A.shxd);
row(0x1ae, "grp15", true, "n", "", S.grp15);
row(0x1af, "imul", true, "v", "", A.imulGE, { form: W.FORM_IMUL });
row(0x1b0, "cmpxchg", true, "b", "", A.cmpxchg);
row(0x1b1, "cmpxchg", true, "v", "", A.cmpxchg);
row(0x1b3, "btr", true, "v", "", A.btEG, { form: W.FORM_BT_G });
row(0x1b6, "movzx", true, "v", "", D.movx, { form: W.FORM_MOVX });
row(0x1b7, "movzx", true, "v", "", D.movx, { form: W.FORM_MOVX });
row(0x1b8, "popcnt", true, "v", "", A.popcnt);
row(0x1ba, "grp8", true, "v", "b", A.btEI, {
  group: [null, null, null, null, ...["bt", "bts", "btr", "btc"].map((mn) => g(mn, "v", "b", A.btEI, { form: W.FORM_BT_I }))],
});
row(0x1bb, "btc", true, "v", "", A.btEG, { form: W.FORM_BT_G });
row(0x1bc, "bsf", true, "v", "", A.bsfbsr);
row(0x1bd, "bsr", true, "v", "", A.bsfbsr);
row(0x1be, "movsx", true, "v", "", D.movx, { form: W.FORM_MOVX });
row(0x1bf, "movsx", true, "v", "", D.movx, { form: W.FORM_MOVX });
row(0x1c0, "xadd", true, "b", "", A.xadd);
row(0x1c1, "xadd", true, "v", "", A.xadd);
row(0x1c7, "grp9", true, "v", "", A.cmpxchg8b, {
  group: [null, g("cmpxchg8b", "v", "", A.cmpxchg8b), null, null, null, null, null, null],
});
for (let k = 0; k < 8; k++) row(0x1c8 + k, "bswap", false, "v", "", A.bswap);
row(0x1d6, "movq", true, "n", "", X.movqStore);
row(0x1e6, "cvttpd2dq", true, "n", "", X.cvttpd2dq);
row(0x1ef, "pxor", true, "n", "", X.pxor);

/* ---- LOCK-able forms (SDM Vol. 2 "LOCK"): the read-modify-write instructions with a memory destination ---- */
for (let k = 0; k < 7; k++) for (const o of [k << 3, (k << 3) + 1]) TABLE[o]!.lock = true;      // add..xor E,G (not cmp)
for (const o of [0x80, 0x81, 0x83]) TABLE[o]!.group!.forEach((m, i) => { if (m && i !== 7) m.lock = true; });
for (const o of [0xf6, 0xf7]) for (const i of [2, 3]) TABLE[o]!.group![i]!.lock = true;          // not, neg
for (const o of [0xfe, 0xff]) for (const i of [0, 1]) TABLE[o]!.group![i]!.lock = true;          // inc, dec
for (const o of [0x86, 0x87, 0x1ab, 0x1b3, 0x1bb, 0x1b0, 0x1b1, 0x1c0, 0x1c1]) TABLE[o]!.lock = true;
for (const i of [5, 6, 7]) TABLE[0x1ba]!.group![i]!.lock = true;                                 // bts, btr, btc imm
TABLE[0x1c7]!.group![1]!.lock = true;                                                            // cmpxchg8b/16b

/** Mnemonic of the decoded row, adjusted for prefix-selected variants (for traces and the decoder fuzz test). */
export function mnemonicOf(r: OpRow, op: number, rep: number, osz: number, pfx66: boolean): string {
  if (op === 0x1bc && rep === 0xf3) return "tzcnt";
  if (op === 0x1bd && rep === 0xf3) return "lzcnt";
  if (op === 0x90 && rep === 0xf3) return "pause";
  if ((op === 0x16f || op === 0x17f) && rep === 0xf3) return "movdqu";
  if ((op === 0x16e || op === 0x17e) && osz === 8) return "movq";
  if (op === 0x17e && rep === 0xf3) return "movq";
  if ((op === 0x128 || op === 0x129) && pfx66) return "movapd";
  if ((op === 0x110 || op === 0x111) && rep !== 0) return rep === 0xf3 ? "movss" : "movsd";
  if ((op === 0x110 || op === 0x111) && pfx66) return "movupd";
  if (op === 0x157 && pfx66) return "xorpd";
  if (op === 0x1c7 && osz === 8) return "cmpxchg16b";
  const sized: Record<string, string[]> = {
    cbw: ["", "", "cbw", "", "cwde", "", "", "", "cdqe"],
    cwd: ["", "", "cwd", "", "cdq", "", "", "", "cqo"],
    movs: ["", "", "movsw", "", "movsd", "", "", "", "movsq"],
    cmps: ["", "", "cmpsw", "", "cmpsd", "", "", "", "cmpsq"],
    stos: ["", "", "stosw", "", "stosd", "", "", "", "stosq"],
    lods: ["", "", "lodsw", "", "lodsd", "", "", "", "lodsq"],
    scas: ["", "", "scasw", "", "scasd", "", "", "", "scasq"],
    iret: ["", "", "iret", "", "iretd", "", "", "", "iretq"],
    pushf: ["", "", "pushf", "", "pushfd", "", "", "", "pushfq"],
    popf: ["", "", "popf", "", "popfd", "", "", "", "popfq"],
  };
  const v = sized[r.mn];
  if (v) return v[osz] ?? r.mn;
  return r.mn;
}

/** The row an instruction was decoded from (the group member for group opcodes). */
export function rowOf(i: { op: number; reg: number }): OpRow | null {
  const r = TABLE[i.op] ?? null;
  return r?.group !== undefined ? r.group[i.reg & 7] ?? null : r;
}
