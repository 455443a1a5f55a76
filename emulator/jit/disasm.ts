/*
 * jit/disasm.ts: a short AT&T rendering of the instruction forms the wasm
 * tiers run (cpu/forms.ts Form plus the decoded Insn), as GNU objdump
 * would print them (immediates and displacements in hex, branch targets
 * as addresses). Only for people reading a report: the code generator's
 * failure messages and regionListing.
 */
import type { InsnFields } from "../cpu/cpu.ts";
import { eRegNum, gRegNum, eSize, immValue, type Form } from "../cpu/forms.ts";
import { REG64, ALU_OPS as ALU, SHIFT_OPS as SHIFT, CC, SUFFIX, regName } from "../cpu/isa.ts";

const BT = ["bt", "bts", "btr", "btc"];
const reg = (n: number, s: number, rex: number): string => `%${regName(n, s, rex)}`;

const shex = (v: number | bigint): string => {
  const b = BigInt(v);
  return b < 0n ? `-0x${(-b).toString(16)}` : `0x${b.toString(16)}`;
};
/** An address as objdump prints a branch target (unsigned 64-bit). */
const addr = (v: number): string => `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;

/** The memory operand: disp(%base,%index,scale), disp(%rip), or an absolute address. */
function mem(i: InsnFields): string {
  if (i.ripRel) return `${shex(i.disp)}(%rip)`;
  const d = i.disp !== 0 || (i.base < 0 && i.index < 0) ? shex(i.disp) : "";
  if (i.base < 0 && i.index < 0) return d;
  const idx = i.index >= 0 ? `,%${REG64[i.index]},${i.scale}` : "";
  return `${d}(${i.base >= 0 ? `%${REG64[i.base]}` : ""}${idx})`;
}

/** The instruction at `rip` (its form `f`) in AT&T syntax. */
export function formText(i: InsnFields, f: Form, rip: number): string {
  const next = rip + i.len;
  const E = () => f.mem ? mem(i) : reg(eRegNum(i, f), eSize(f), i.rex);
  const G = (s = f.s) => reg(gRegNum(i, f), s, i.rex);
  // immediates unsigned at the operand size, as objdump prints them
  const imm = (s = f.kind === "pushI" ? 8 : f.s) => `$0x${BigInt.asUintN(s * 8, immValue(i, f)).toString(16)}`;
  const sfx = (s = f.s) => f.mem ? SUFFIX[s]! : "";          // only where no register gives the size
  switch (f.kind) {
    case "movEG": return `mov ${G()},${E()}`;
    case "movGE": return `mov ${E()},${G()}`;
    case "movEI": return `mov${sfx()} ${imm()},${E()}`;
    case "movRI": return `mov ${imm()},${E()}`;
    case "lea": return `lea ${mem(i)},${G()}`;
    case "movx": return `mov${f.op & 4 ? "s" : "z"}${SUFFIX[f.op & 3]}${SUFFIX[f.s]} ${E()},${G()}`;
    case "movsxd": return `movslq ${E()},${G()}`;
    case "aluEG": return `${ALU[f.op]} ${G()},${E()}`;
    case "aluGE": return `${ALU[f.op]} ${E()},${G()}`;
    case "aluAI": case "aluEI": return `${ALU[f.op]}${sfx()} ${imm()},${E()}`;
    case "testEG": return `test ${G()},${E()}`;
    case "testAI": case "testEI": return `test${sfx()} ${imm()},${E()}`;
    case "incdec": return `${f.op === 0 ? "inc" : "dec"}${sfx()} ${E()}`;
    case "not": case "neg": return `${f.kind}${sfx()} ${E()}`;
    case "shift": return `${SHIFT[f.op]}${sfx()} ${i.op === 0xd0 || i.op === 0xd1 ? "" : `${imm()},`}${E()}`;   // D0/D1: by one
    case "shiftCL": return `${SHIFT[f.op]}${sfx()} %cl,${E()}`;
    case "imul": return f.op === 0 ? `imul ${E()},${G()}` : `imul ${imm()},${E()},${G()}`;
    case "push": case "pop": return `${f.kind} ${E()}`;
    case "pushI": return `push ${imm()}`;
    case "jcc": return `j${CC[f.op]} ${addr(next + i.imm)}`;
    case "jmp": case "call": return `${f.kind} ${addr(next + i.imm)}`;
    case "ret": case "nop": case "leave": case "pushf": case "cli": case "sti": return f.kind;
    case "cmov": return `cmov${CC[f.op]} ${E()},${G()}`;
    case "setcc": return `set${CC[f.op]} ${E()}`;
    case "cbw": return f.s === 2 ? "cbtw" : f.s === 4 ? "cwtl" : "cltq";
    case "cwd": return f.s === 2 ? "cwtd" : f.s === 4 ? "cltd" : "cqto";
    case "xchg": return `xchg ${G()},${E()}`;
    case "mulA": return `${f.op ? "imul" : "mul"}${sfx()} ${E()}`;
    case "div": return `${f.op ? "idiv" : "div"}${sfx()} ${E()}`;
    case "btG": return `${BT[f.op]} ${G()},${E()}`;
    case "btI": return `${BT[f.op]}${sfx()} $0x${(i.imm & 0xff).toString(16)},${E()}`;
    case "jmpE": case "callE": return `${f.kind === "jmpE" ? "jmp" : "call"} *${E()}`;
    case "popf": return "popf";
    case "flag": return ["clc", "stc", "cmc", "cld", "std"][f.op]!;
    case "lods": return `lods %ds:(%rsi),${reg(0, f.s, 1)}`;
    case "movs": case "stos": case "cmps": case "scas": {
      // objdump: the b form names no register, the others the accumulator or nothing
      const pre = f.op === 0 ? "" : f.kind === "movs" || f.kind === "stos" ? "rep " : f.op === 1 ? "repz " : "repnz ";
      const acc = reg(0, f.s, 1), sf = SUFFIX[f.s];
      switch (f.kind) {
        case "movs": return `${pre}movs${sf} %ds:(%rsi),%es:(%rdi)`;
        case "stos": return `${pre}stos ${acc},%es:(%rdi)`;
        case "cmps": return `${pre}cmps${sf} %es:(%rdi),%ds:(%rsi)`;
        default: return `${pre}scas %es:(%rdi),${acc}`;
      }
    }
    case "io": {
      const a = reg(0, f.s, 1), port = f.op & 2 ? "(%dx)" : `$${shex(i.imm & 0xff)}`;
      return f.op & 1 ? `out ${a},${port}` : `in ${port},${a}`;
    }
  }
}
