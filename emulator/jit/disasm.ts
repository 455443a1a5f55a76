/*
 * jit/disasm.ts: a short AT&T rendering of the instruction forms the wasm
 * tiers run (cpu/forms.ts Form plus the decoded Insn), as GNU objdump
 * would print them (immediates and displacements in hex, branch targets
 * as addresses): each kind's text is in its KINDS entry, the operands
 * here. Only for people reading a report: the code generator's failure
 * messages and regionListing.
 */
import type { InsnFields } from "../cpu/cpu.ts";
import { eRegNum, gRegNum, eSize, immValue, kindText, type Form } from "../cpu/forms.ts";
import { REG64, SUFFIX, regName } from "../cpu/isa.ts";

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

/** The instruction at `rip` (its form `f`) in AT&T syntax: its kind's text (cpu/forms.ts KINDS) with these operands. */
export function formText(i: InsnFields, f: Form, rip: number): string {
  return kindText(f, {
    op: f.op, s: f.s, i,
    E: () => f.mem ? mem(i) : reg(eRegNum(i, f), eSize(f), i.rex),
    G: (s = f.s) => reg(gRegNum(i, f), s, i.rex),
    M: () => mem(i),
    // immediates unsigned at the operand size, as objdump prints them
    imm: (s = f.s) => `$0x${BigInt.asUintN(s * 8, immValue(i, f)).toString(16)}`,
    sfx: (s = f.s) => f.mem ? SUFFIX[s]! : "",          // only where no register gives the size
    acc: (s = f.s) => reg(0, s, 1),
    target: () => addr(rip + i.len + i.imm),
  });
}
