/*
 * isa.ts: the x86-64 names every layer prints or parses (registers at each
 * size, condition codes, ALU and shift operations, AT&T size suffixes),
 * in encoding order, defined once. The opcode table, the JIT's
 * disassembler, the CLI's register dumps and the tests read them here.
 */

/** 64-bit registers by number. */
export const REG64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
  "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"] as const;
export const REG32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
  "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"] as const;
export const REG16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
  "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"] as const;
/** Byte registers with a REX prefix (4-7 are spl..dil). */
export const REG8 = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
  "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"] as const;
/** Byte registers 4-7 without REX. */
export const REG8_HIGH = ["ah", "ch", "dh", "bh"] as const;

/** Register n's s-byte name, without the % (AH..BH for 4..7 when `rex` is 0). */
export function regName(n: number, s: number, rex = 1): string {
  if (s === 8) return REG64[n]!;
  if (s === 4) return REG32[n]!;
  if (s === 2) return REG16[n]!;
  return rex === 0 && n >= 4 && n < 8 ? REG8_HIGH[n - 4]! : REG8[n]!;
}

/** Condition codes 0-15 (jcc, setcc, cmovcc suffixes). */
export const CC = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"] as const;
/** ALU operations 0-7 (opcode bits 5:3, group 1's ModRM.reg). */
export const ALU_OPS = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"] as const;
/** Shifts and rotates 0-7 (group 2's ModRM.reg). */
export const SHIFT_OPS = ["rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"] as const;
/** AT&T operand-size suffixes by size in bytes. */
export const SUFFIX: Readonly<Record<number, string>> = { 1: "b", 2: "w", 4: "l", 8: "q" };
