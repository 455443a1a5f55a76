/*
 * forms.ts: the instruction forms of the CPU differential suite, generated
 * by walking the one opcode table (emulator/cpu/opcode-table.ts). Every
 * table entry (opcode, or opcode + ModRM.reg for groups) either yields
 * forms here, one per operand size and operand kind (register, memory,
 * 8-bit high register, immediate, count in CL), or is listed in SKIPPED
 * with the reason it cannot run in the user-mode harness. The test checks
 * that each form's assembled bytes decode to the opcode it was made for.
 *
 * A form is AT&T source (assembled with tests/asm.ts), the flags the SDM
 * defines for it (per case, since shift counts decide what is defined:
 * see FLAG_MASKS in cpu-diff.ts), and an optional `prep` that constrains
 * the random inputs (pointer registers, rep counts, divisors, bit offsets).
 */

import { TABLE, type OpRow } from "../../emulator/cpu/opcode-table.ts";
import { REG64, REG32, REG16, REG8_HIGH, CC, SUFFIX, regName } from "../../emulator/cpu/isa.ts";
import { type Case, Rng, PTR, DATA_BASE, SHIFT_COUNTS, setReg, setReg64, reg64, winRead, winWrite, edge64 } from "./inputs.ts";

export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, DF = 0x400, OF = 0x800;
/** The flags compared at all: the six status flags and DF. */
export const ALL = CF | PF | AF | ZF | SF | OF | DF;

export interface Form {
  name: string;
  asm: string;
  /** Table index (0x000-0x3ff) the first instruction decodes to; -1 for forms whose subject is not the first instruction. */
  op: number;
  /** Defined flags after this case (a subset of ALL). */
  mask(c: Case): number;
  prep?(c: Case, g: Rng): void;
}

const SUF = SUFFIX;
const SIZES_V = [2, 4, 8];

/** A register operand: index and text (`high` = AH..BH, index 0..3). */
interface Reg { n: number; t: string; high: boolean }
function reg(n: number, size: number, high = false): Reg {
  const t = size === 1 && high ? REG8_HIGH[n]! : regName(n, size);
  return { n, t: "%" + t, high };
}

/** Deterministic register choice for generated forms. */
const pickRng = new Rng(0x5eed);
const POOL = [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const POOL_MEM = [0, 1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15];   // not rbx (the memory base) nor rdi (index)
function pickRegs(size: number, count: number, mem: boolean): Reg[] {
  if (size === 1 && pickRng.below(3) === 0) {
    // Legacy 8-bit registers with AH..BH (no REX allowed).
    const out: Reg[] = [];
    for (let i = 0; i < count; i++) {
      out.push(reg(pickRng.below(4), 1, pickRng.below(2) === 0));
    }
    return out;
  }
  const pool = mem ? POOL_MEM : POOL;
  return Array.from({ length: count }, () => reg(pool[pickRng.below(pool.length)]!, size));
}

/** A memory operand within the per-case window: text, page offset (per case) and the prep that aims its registers. */
interface Mem { t: string; off(c: Case): number; prep(c: Case, g: Rng): void }
let memVariant = 0;
function mem(size: number): Mem {
  const v = memVariant++ % 4;
  const disp = [-0x30, -0x10, -8, 0, 8, 0x13, 0x20, -0x3b][pickRng.below(8)]!;
  const d = Math.max(-0x40, Math.min(0x40 - size, disp));
  const ds = d < 0 ? `-${(-d).toString(16).replace(/^/, "0x")}` : `0x${d.toString(16)}`;
  if (v === 1) {
    // base + index*4 + disp, index in [-4, 4]: a negative index and displacement.
    const d = Math.max(-0x2c, Math.min(0x2c - size, disp));
    const ds = d < 0 ? `-0x${(-d).toString(16)}` : `0x${d.toString(16)}`;
    return {
      t: `${ds}(%rbx,%rdi,4)`,
      off: (c) => 0x800 + d + (c.r[14]! | 0) * 4,
      prep: (c, g) => { setReg(c, 3, PTR); const k = g.below(9) - 4; setReg(c, 7, k >>> 0, k < 0 ? 0xffffffff : 0); },
    };
  }
  if (v === 3) {
    // 32-bit address size: the upper half of rbx must be ignored.
    return { t: `${ds}(%ebx)`, off: () => 0x800 + d, prep: (c, g) => { setReg(c, 3, PTR, g.u32()); } };
  }
  return { t: `${ds}(%rbx)`, off: () => 0x800 + d, prep: (c) => { setReg(c, 3, PTR); } };
}

const forms: Form[] = [];
const covered = new Set<string>();
export const SKIPPED: Record<string, string> = {};

function add(key: string, f: Form): void { covered.add(key); forms.push(f); }
const always = () => ALL;
const keyOf = (op: number, sub: number) => sub < 0 ? op.toString(16) : `${op.toString(16)}/${sub}`;
function both(...ps: ((c: Case, g: Rng) => void)[]): (c: Case, g: Rng) => void {
  return (c, g) => { for (const p of ps) p(c, g); };
}
function signExt(v: number, bits: number): number { return bits === 32 ? v | 0 : (v << (32 - bits)) >> (32 - bits); }

/* ---------------- families ---------------- */

const LOGIC = new Set(["or", "and", "xor", "test"]);
const aluMask = (mn: string) => LOGIC.has(mn) ? () => ALL & ~AF : always;
const IMM_B = [0x7f, 0x80, 0xff, 0x01, 0x00, 0x5a];
// No value here fits a sign-extended imm8 (the assembler would pick the short encoding).
const IMM_Z: Record<number, number[]> = { 2: [0x7fff, 0x8000, 0xfe80, 0x1234], 4: [0x7fffffff, 0x80000000, 0xffff0000, 0x12345678], 8: [0x7fffffff, 0x80000000, 0xfedcba98, 0x00c0ffee] };
function immZ(size: number): string {
  const v = pickRng.pick(IMM_Z[size]!);
  // For 64-bit operands the assembler takes the sign-extended value.
  return size === 8 && v >= 0x80000000 ? `-0x${(0x100000000 - v).toString(16)}` : `0x${v.toString(16)}`;
}

function aluForms(op: number, key: string, mn: string): void {
  const k = op & 7;
  const sizes = k === 0 || k === 2 || k === 4 ? [1] : SIZES_V;
  for (const s of sizes) {
    const sf = SUF[s]!, nm = `${mn}${sf}`;
    if (k === 0 || k === 1) {
      const [a, b] = pickRegs(s, 2, false);
      add(key, { name: `${nm} r,r (${op.toString(16)})`, asm: `${nm} ${a!.t}, ${b!.t}`, op, mask: aluMask(mn) });
      const m = mem(s), [r] = pickRegs(s, 1, true);
      add(key, { name: `${nm} r,m (${op.toString(16)})`, asm: `${nm} ${r!.t}, ${m.t}`, op, mask: aluMask(mn), prep: m.prep });
    } else if (k === 2 || k === 3) {
      const [a, b] = pickRegs(s, 2, false);
      add(key, { name: `${nm} r,r (${op.toString(16)})`, asm: `{load} ${nm} ${a!.t}, ${b!.t}`, op, mask: aluMask(mn) });
      const m = mem(s), [r] = pickRegs(s, 1, true);
      add(key, { name: `${nm} m,r (${op.toString(16)})`, asm: `${nm} ${m.t}, ${r!.t}`, op, mask: aluMask(mn), prep: m.prep });
    } else if (k === 4) {
      add(key, { name: `${nm} imm,al`, asm: `${nm} $0x${pickRng.pick(IMM_B).toString(16)}, %al`, op, mask: aluMask(mn) });
    } else {
      add(key, { name: `${nm} imm,acc`, asm: `${nm} $${immZ(s)}, ${reg(0, s).t}`, op, mask: aluMask(mn) });
    }
  }
}

function grp1Forms(op: number, sub: number, mn: string): void {
  const key = keyOf(op, sub);
  const sizes = op === 0x80 ? [1] : SIZES_V;
  for (const s of sizes) {
    const nm = `${mn}${SUF[s]}`;
    const imm = () => op === 0x83 ? `$${signExt(pickRng.pick(IMM_B), 8)}` : op === 0x80 ? `$0x${pickRng.pick(IMM_B).toString(16)}` : `$${immZ(s)}`;
    let [r] = pickRegs(s, 1, false);
    if (r!.n === 0 && !r!.high) r = reg(1, s);          // al/eax with an immediate would take the short form
    add(key, { name: `${nm} imm,r (${op.toString(16)})`, asm: `${nm} ${imm()}, ${r!.t}`, op, mask: aluMask(mn) });
    if (s === 1 || s === SIZES_V[(sub + op) % 3]) {
      const m = mem(s);
      add(key, { name: `${nm} imm,m (${op.toString(16)})`, asm: `${nm} ${imm()}, ${m.t}`, op, mask: aluMask(mn), prep: m.prep });
    }
  }
}

function shiftMask(mn: string, bits: number, count: (c: Case) => number): (c: Case) => number {
  return (c) => {
    const m = count(c) & (bits === 64 ? 63 : 31);
    if (m === 0) return ALL;
    if (mn === "rol" || mn === "ror" || mn === "rcl" || mn === "rcr") return m === 1 ? ALL : ALL & ~OF;
    let f = ALL & ~AF;
    if (m !== 1) f &= ~OF;
    if (mn !== "sar" && m >= bits) f &= ~CF;
    return f;
  };
}
const clCount = (c: Case) => c.r[2]! & 0xff;
const clPrep = (c: Case, g: Rng) => { if (g.below(2)) c.r[2] = ((c.r[2]! & ~0xff) | g.pick(SHIFT_COUNTS)) >>> 0; };

/** Raw bytes for a group-2 /6 (sal) form, which the assembler never emits. */
function salBytes(op: number, s: number, rm: number, imm: number | null): string {
  const b: number[] = [];
  if (s === 2) b.push(0x66);
  if (s === 8 || rm >= 8 || (s === 1 && rm >= 4)) b.push(0x40 | (s === 8 ? 8 : 0) | (rm >= 8 ? 1 : 0));
  b.push(op, 0xc0 | (6 << 3) | (rm & 7));
  if (imm !== null) b.push(imm);
  return ".byte " + b.map((x) => "0x" + x.toString(16)).join(", ");
}

function grp2Forms(op: number, sub: number, mn: string): void {
  const key = keyOf(op, sub);
  const sizes = op === 0xc0 || op === 0xd0 || op === 0xd2 ? [1] : SIZES_V;
  const kind = op === 0xc0 || op === 0xc1 ? "imm" : op === 0xd0 || op === 0xd1 ? "1" : "cl";
  for (const s of sizes) {
    const nm = `${mn}${SUF[s]}`, bits = s * 8;
    let [r] = pickRegs(s, 1, false);
    if (kind === "cl" && r!.n === 1) r = reg(2, s);
    if (mn === "sal" && r!.high) r = reg(r!.n, s);
    // Not 1: the assembler would pick the D0/D1 encoding.
    const imm = kind === "imm" ? pickRng.pick([0, 2, 3, bits - 1, bits, bits + 1, 31, 63, 64, 200]) : 1;
    const count = kind === "imm" ? () => imm : kind === "1" ? () => 1 : clCount;
    const operand = kind === "imm" ? `$${imm}, ` : kind === "cl" ? "%cl, " : "";
    const asm = mn === "sal" ? salBytes(op, s, r!.n, kind === "imm" ? imm : null) : `${nm} ${operand}${r!.t}`;
    add(key, { name: `${nm} ${kind},r`, asm, op, mask: shiftMask(mn, bits, count), prep: kind === "cl" ? clPrep : undefined });
    if (kind === "cl" && mn !== "sal" && (s === 1 || s === SIZES_V[sub % 3])) {
      const m = mem(s);
      add(key, { name: `${nm} cl,m`, asm: `${nm} %cl, ${m.t}`, op, mask: shiftMask(mn, bits, count), prep: both(m.prep, clPrep) });
    }
  }
}

function grp3Forms(op: number, sub: number, mn: string): void {
  const key = keyOf(op, sub);
  const sizes = op === 0xf6 ? [1] : SIZES_V;
  for (const s of sizes) {
    const nm = `${mn}${SUF[s]}`, bits = s * 8;
    let [r] = pickRegs(s, 1, false);
    // div/idiv: a divisor other than the dividend's own registers (rDX would always overflow).
    if ((mn === "div" || mn === "idiv") && (r!.n === 0 || (r!.n === 2 && !r!.high))) r = reg(r!.n === 0 ? 9 : 11, s);
    const m = mem(s);
    if (mn === "test") {
      if (sub === 1) {
        // F6/F7 /1: the undocumented alias of test, only as raw bytes.
        const b = [...(s === 2 ? [0x66] : []), ...(s === 8 ? [0x48] : []), op, 0xc8 | 1];
        const imm = s === 1 ? [0x81] : s === 2 ? [0x01, 0x80] : [0x01, 0x00, 0x00, 0x80];
        add(key, { name: `${nm} /1 imm,r`, asm: ".byte " + [...b, ...imm].map((x) => "0x" + x.toString(16)).join(","), op, mask: aluMask("test") });
        continue;
      }
      let rr = r!;
      if (rr.n === 0 && !rr.high) rr = reg(5, s);
      add(key, { name: `${nm} imm,r`, asm: `${nm} $${s === 1 ? "0x" + pickRng.pick(IMM_B).toString(16) : immZ(s)}, ${rr.t}`, op, mask: aluMask("test") });
      add(key, { name: `${nm} imm,m`, asm: `${nm} $${s === 1 ? "0x" + pickRng.pick(IMM_B).toString(16) : immZ(s)}, ${m.t}`, op, mask: aluMask("test"), prep: m.prep });
      continue;
    }
    const mask = mn === "not" || mn === "neg" ? always : mn === "mul" || mn === "imul" ? () => CF | OF | DF : () => DF;
    const prep = mn === "div" || mn === "idiv" ? divPrep(s, mn === "idiv", (c) => r!.high ? BigInt((c.r[2 * r!.n]! >>> 8) & 0xff) : reg64(c, r!.n)) : undefined;
    add(key, { name: `${nm} r`, asm: `${nm} ${r!.t}`, op, mask, prep });
    const mprep = mn === "div" || mn === "idiv" ? both(m.prep, divPrep(s, mn === "idiv", (c) => winRead(c, m.off(c), s))) : m.prep;
    add(key, { name: `${nm} m`, asm: `${nm} ${m.t}`, op, mask, prep: mprep });
  }
}

/** Bias div/idiv inputs so most do not overflow: the high half of the dividend is made small (or a sign extension). */
function divPrep(s: number, signed: boolean, divisor: (c: Case) => bigint): (c: Case, g: Rng) => void {
  return (c, g) => {
    const k = g.below(4);
    if (k === 3) return;                                // leave as is: often #DE
    const bits = BigInt(s * 8), m = (1n << bits) - 1n;
    const lowA = s === 1 ? reg64(c, 0) & 0xffn : reg64(c, 0) & m;
    let hi: bigint;
    if (signed) hi = ((lowA >> (bits - 1n)) & 1n) !== 0n ? m : 0n;
    else {
      const d = divisor(c) & m;
      hi = k === 0 || d === 0n ? 0n : (BigInt(g.u32()) * 0x100000001n) % d;
    }
    if (s === 1) { c.r[0] = ((c.r[0]! & 0xffff00ff) | (Number(hi) << 8)) >>> 0; return; }
    if (s === 8) setReg64(c, 2, hi);
    else if (s === 4) c.r[4] = Number(hi);
    else c.r[4] = ((c.r[4]! & 0xffff0000) | Number(hi)) >>> 0;
  };
}

function incdecForms(op: number, sub: number, mn: string): void {
  const key = keyOf(op, sub);
  for (const s of op === 0xfe ? [1] : SIZES_V) {
    const nm = `${mn}${SUF[s]}`;
    const [r] = pickRegs(s, 1, false);
    add(key, { name: `${nm} r`, asm: `${nm} ${r!.t}`, op, mask: always });
    const m = mem(s);
    add(key, { name: `${nm} m`, asm: `${nm} ${m.t}`, op, mask: always, prep: m.prep });
  }
}

function shxdForms(op: number, mn: string): void {
  const key = keyOf(op, -1);
  const byCl = (op & 1) === 1;
  for (const s of SIZES_V) {
    const bits = s * 8, nm = `${mn}${SUF[s]}`;
    let [a, b] = pickRegs(s, 2, false);
    if (byCl) { if (a!.n === 1) a = reg(9, s); if (b!.n === 1) b = reg(10, s); }
    const imm = pickRng.pick([0, 1, 2, 7, bits - 1, bits, 31].filter((x) => x <= Math.min(bits, 31) || s === 8));
    const count = byCl ? clCount : () => imm;
    const fix = (c: Case, g: Rng) => {
      if (!byCl) return;
      clPrep(c, g);
      // 16-bit with a masked count above 16: the result is undefined (SDM); keep counts defined.
      if (s === 2 && (c.r[2]! & 31) > 16) c.r[2] = (c.r[2]! & ~0xff) | (c.r[2]! & 15);
    };
    const mask = (c: Case) => {
      const n = count(c) & (s === 8 ? 63 : 31);
      if (n === 0) return ALL;
      return n === 1 ? ALL & ~AF : ALL & ~AF & ~OF;
    };
    const src = byCl ? `%cl, ${b!.t}` : `$${imm}, ${b!.t}`;
    add(key, { name: `${nm} ${byCl ? "cl" : "imm"},r,r`, asm: `${nm} ${src}, ${a!.t}`, op, mask, prep: fix });
    if (s === SIZES_V[op % 3]) {
      const m = mem(s), [r] = pickRegs(s, 1, true);
      const rr = byCl && r!.n === 1 ? reg(9, s) : r!;
      add(key, { name: `${nm} ${byCl ? "cl" : "imm"},r,m`, asm: `${nm} ${byCl ? "%cl" : "$" + imm}, ${rr.t}, ${m.t}`, op, mask, prep: both(m.prep, fix) });
    }
  }
}

function imulForms(op: number): void {
  const key = keyOf(op, -1);
  for (const s of SIZES_V) {
    const nm = `imul${SUF[s]}`;
    const [a, b] = pickRegs(s, 2, false);
    const m = mem(s), [r] = pickRegs(s, 1, true);
    const imm = op === 0x6b ? `$${signExt(pickRng.pick(IMM_B), 8)}` : `$${immZ(s)}`;
    const mask = () => CF | OF | DF;
    if (op === 0x1af) {
      add(key, { name: `${nm} r,r`, asm: `${nm} ${a!.t}, ${b!.t}`, op, mask });
      add(key, { name: `${nm} m,r`, asm: `${nm} ${m.t}, ${r!.t}`, op, mask, prep: m.prep });
    } else {
      add(key, { name: `${nm} imm,r,r (${op.toString(16)})`, asm: `${nm} ${imm}, ${a!.t}, ${b!.t}`, op, mask });
      if (s === SIZES_V[op % 3]) add(key, { name: `${nm} imm,m,r (${op.toString(16)})`, asm: `${nm} ${imm}, ${m.t}, ${r!.t}`, op, mask, prep: m.prep });
    }
  }
}

function btForms(op: number, sub: number, mn: string): void {
  const key = keyOf(op, sub);
  const mask = () => CF | ZF | DF;
  for (const s of SIZES_V) {
    const nm = `${mn}${SUF[s]}`;
    const [a, b] = pickRegs(s, 2, false);
    if (op === 0x1ba) {
      const imm = pickRng.pick([0, 1, 7, 15, 16, 31, 32, 63, 64, 100, 255]);
      add(key, { name: `${nm} imm,r`, asm: `${nm} $${imm}, ${a!.t}`, op, mask });
      if (s === SIZES_V[sub % 3]) {
        const m = mem(s);
        add(key, { name: `${nm} imm,m`, asm: `${nm} $${imm}, ${m.t}`, op, mask, prep: m.prep });
      }
      continue;
    }
    add(key, { name: `${nm} r,r`, asm: `${nm} ${b!.t}, ${a!.t}`, op, mask });
    if (s === SIZES_V[op % 3]) {
      // Register bit offset into memory: signed, and reaches beyond the operand; keep it within +-32 bytes.
      const m = mem(s), [r] = pickRegs(s, 1, true);
      const prep = (c: Case, g: Rng) => { m.prep(c, g); const v = g.below(512) - 256; setReg(c, r!.n, v >>> 0, v < 0 ? 0xffffffff : 0); };
      add(key, { name: `${nm} r,m`, asm: `${nm} ${r!.t}, ${m.t}`, op, mask, prep });
    }
  }
}

function bitScanForms(op: number, mn: string): void {
  const key = keyOf(op, -1);
  const mask = mn === "popcnt" ? always : mn === "tzcnt" || mn === "lzcnt" ? () => CF | ZF | DF : () => ZF | DF;
  for (const s of SIZES_V) {
    const nm = `${mn}${SUF[s]}`;
    const [a, b] = pickRegs(s, 2, false);
    const zero = (n: number) => (c: Case, g: Rng) => { if (g.below(4) === 0) setReg(c, n, 0, g.below(2) ? g.u32() : 0); };
    add(key, { name: `${nm} r,r`, asm: `${nm} ${a!.t}, ${b!.t}`, op, mask, prep: a!.n === b!.n ? undefined : zero(a!.n) });
    if (s === SIZES_V[(op + mn.length) % 3]) {
      const m = mem(s), [r] = pickRegs(s, 1, true);
      const prep = (c: Case, g: Rng) => { m.prep(c, g); if (g.below(4) === 0) winWrite(c, m.off(c), s, 0n); };
      add(key, { name: `${nm} m,r`, asm: `${nm} ${m.t}, ${r!.t}`, op, mask, prep });
    }
  }
}

function xchgLikeForms(op: number, mn: string): void {
  const key = keyOf(op, -1);
  const byte = (op & 1) === 0;
  const mask = mn === "xchg" ? always : always;   // xadd/cmpxchg define all six flags
  for (const s of byte ? [1] : SIZES_V) {
    const nm = `${mn}${SUF[s]}`;
    const [a, b] = pickRegs(s, 2, false);
    const eq = (src: (c: Case) => bigint) => (c: Case, g: Rng) => {
      // cmpxchg: make the accumulator equal to the destination half the time.
      if (mn !== "cmpxchg" || g.below(2)) return;
      const v = src(c);
      const m = (1n << BigInt(8 * s)) - 1n;
      const old = reg64(c, 0);
      setReg64(c, 0, (old & ~m) | (v & m));
    };
    const rdReg = (r: Reg) => (c: Case) => r.high ? (reg64(c, r.n) >> 8n) & 0xffn : reg64(c, r.n);
    add(key, { name: `${nm} r,r`, asm: `${nm} ${a!.t}, ${b!.t}`, op, mask, prep: eq(rdReg(b!)) });
    const m = mem(s), [r] = pickRegs(s, 1, true);
    const lock = mn !== "xchg" && s === 4 ? "lock " : "";
    add(key, { name: `${lock}${nm} r,m`, asm: `${lock}${nm} ${r!.t}, ${m.t}`, op, mask, prep: both(m.prep, eq((c) => winRead(c, m.off(c), s))) });
  }
}

function cmpxchg8bForms(op: number): void {
  const key = keyOf(op, 1);
  for (const s of [8, 16]) {
    const prep = (c: Case, g: Rng) => {
      setReg(c, 6, PTR);
      if (g.below(2)) {   // equal: rdx:rax = memory
        const h = s / 2;
        const lo = winRead(c, 0x800, h), hi = winRead(c, 0x800 + h, h);
        if (s === 8) { setReg(c, 0, Number(lo), c.r[1]!); setReg(c, 2, Number(hi), c.r[5]!); }
        else { setReg64(c, 0, lo); setReg64(c, 2, hi); }
      }
    };
    add(key, { name: `cmpxchg${s}b m`, asm: `cmpxchg${s}b (%rsi)`, op, mask: always, prep });
  }
}

function condForms(op: number, mn: string): void {
  const key = keyOf(op, -1);
  const k = op & 15;
  if (mn.startsWith("cmov")) {
    for (const s of [SIZES_V[k % 3]!, 4].filter((x, i, a) => a.indexOf(x) === i)) {
      const [a, b] = pickRegs(s, 2, false);
      add(key, { name: `${mn}${SUF[s]} r,r`, asm: `${mn} ${a!.t}, ${b!.t}`, op, mask: always });
    }
    if (k % 4 === 0) {
      const m = mem(8), [r] = pickRegs(8, 1, true);
      add(key, { name: `${mn}q m,r`, asm: `${mn} ${m.t}, ${r!.t}`, op, mask: always, prep: m.prep });
    }
    return;
  }
  if (mn.startsWith("set")) {
    const [r] = pickRegs(1, 1, false);
    add(key, { name: `${mn} r`, asm: `${mn} ${r!.t}`, op, mask: always });
    if (k % 4 === 1) { const m = mem(1); add(key, { name: `${mn} m`, asm: `${mn} ${m.t}`, op, mask: always, prep: m.prep }); }
    return;
  }
  // jcc: the branch skips an `inc`, so taken/not taken shows in rax.
  const long = op >= 0x180;
  add(key, { name: `${mn} ${long ? "rel32" : "rel8"}`, asm: `${long ? "{disp32} " : ""}${mn} 1f\n inc %eax\n1:`, op, mask: always });
}

function movxForms(op: number, mn: string): void {
  const key = keyOf(op, -1);
  const from = op === 0x1b6 || op === 0x1be ? 1 : 2;
  const base = mn === "movzx" ? "movz" : "movs";
  for (const s of from === 1 ? SIZES_V : [4, 8]) {
    const nm = `${base}${SUF[from]}${SUF[s]}`;
    let [src] = pickRegs(from, 1, false);
    let [dst] = pickRegs(s, 1, false);
    if (src!.high && dst!.n >= 8) dst = reg(dst!.n - 8, s);
    if (src!.high && s === 8) src = reg(src!.n, 1);
    add(key, { name: `${nm} r,r`, asm: `${nm} ${src!.t}, ${dst!.t}`, op, mask: always });
    if (s === 8 || (from === 1 && s === 2)) {
      const m = mem(from);
      [src] = pickRegs(s, 1, true);
      add(key, { name: `${nm} m,r`, asm: `${nm} ${m.t}, ${src!.t}`, op, mask: always, prep: m.prep });
    }
  }
  if (from === 2) {
    // 66 0F B7/BF: a 16-bit destination from a 16-bit source (raw bytes; the assembler has no mnemonic).
    add(key, { name: `${base}ww r,r`, asm: `.byte 0x66, 0x0f, 0x${op.toString(16).slice(1)}, 0xca`, op, mask: always });
  }
}

function movForms(op: number): void {
  const key = keyOf(op, op === 0xc6 || op === 0xc7 ? 0 : -1);
  if (op >= 0x88 && op <= 0x8b) {
    const sizes = (op & 1) === 0 ? [1] : SIZES_V;
    for (const s of sizes) {
      const [a, b] = pickRegs(s, 2, false);
      const nm = `mov${SUF[s]}`;
      const load = op >= 0x8a;
      add(key, { name: `${nm} r,r (${op.toString(16)})`, asm: `${load ? "{load} " : ""}${nm} ${a!.t}, ${b!.t}`, op, mask: always });
      const m = mem(s), [r] = pickRegs(s, 1, true);
      add(key, { name: `${nm} ${load ? "m,r" : "r,m"} (${op.toString(16)})`, asm: load ? `${nm} ${m.t}, ${r!.t}` : `${nm} ${r!.t}, ${m.t}`, op, mask: always, prep: m.prep });
    }
  } else if (op >= 0xb0 && op <= 0xb7) {
    const n = op - 0xb0;
    const r = n < 4 ? reg(n, 1) : pickRng.below(2) ? reg(n - 4, 1, true) : reg(n + 8, 1);
    add(key, { name: `movb imm,${r.t}`, asm: `movb $0x${pickRng.pick(IMM_B).toString(16)}, ${r.t}`, op, mask: always });
  } else if (op >= 0xb8 && op <= 0xbf) {
    const n = op - 0xb8 + (pickRng.below(2) ? 8 : 0);
    const s = SIZES_V[op % 3]!;
    const imm = s === 8 ? "0x8000000000000001" : s === 4 ? "0x80000001" : "0x8001";
    add(key, { name: `mov imm,${reg(n, s).t}`, asm: `${s === 8 ? "movabs" : "mov" + SUF[s]} $${imm}, ${reg(n, s).t}`, op, mask: always });
  } else if (op === 0xc6 || op === 0xc7) {
    for (const s of op === 0xc6 ? [1] : SIZES_V) {
      const [r] = pickRegs(s, 1, false);
      const imm = s === 1 ? "0x80" : `${immZ(s)}`;
      // Raw bytes: the assembler prefers B0+r/B8+r for a register destination.
      const v = s === 1 ? 0x80 : pickRng.pick(IMM_Z[s]!);
      const b = [...(s === 2 ? [0x66] : []), ...(s === 8 || r!.n >= 8 || (s === 1 && r!.n >= 4 && !r!.high) ? [0x40 | (s === 8 ? 8 : 0) | (r!.n >> 3)] : []),
        op, 0xc0 | (r!.high ? r!.n + 4 : r!.n & 7)];
      for (let i = 0; i < Math.min(s, 4); i++) b.push((v >>> (8 * i)) & 0xff);
      add(key, { name: `mov${SUF[s]} imm,${r!.t} (${op.toString(16)})`, asm: ".byte " + b.map((x) => "0x" + x.toString(16)).join(","), op, mask: always });
      const m = mem(s);
      add(key, { name: `mov${SUF[s]} imm,m`, asm: `mov${SUF[s]} $${imm}, ${m.t}`, op, mask: always, prep: m.prep });
    }
  } else if (op >= 0xa0 && op <= 0xa3) {
    const s = (op & 1) === 0 ? 1 : SIZES_V[op % 3]!;
    const addr = `0x${(DATA_BASE + 0x7f8).toString(16)}`;
    const a = reg(0, s).t;
    add(key, { name: `movabs moffs (${op.toString(16)}) ${s}`, asm: op < 0xa2 ? `movabs ${addr}, ${a}` : `movabs ${a}, ${addr}`, op, mask: always });
  }
}

function leaForms(op: number): void {
  const key = keyOf(op, -1);
  const addrs = [
    "-0x80(%rbx,%rcx,8)", "-1(%rsi)", "0x7fffffff(%rax,%rax,2)", "-0x80000000(%rdx,%r9,4)", "(%r12,%r13)",
    "-0x10(%rbp)", "0x10(,%r8,8)", "-0x1234(%r13,%r14,1)", "-8(%rip)", "0x20(%eax,%ecx,4)",
  ];
  addrs.forEach((a, i) => {
    const s = [8, 4, 8, 2, 8, 4, 8, 8, 8, 4][i]!;
    const dst = pickRegs(s, 1, false)[0]!;
    add(key, { name: `lea${SUF[s]} ${a}`, asm: `lea${SUF[s]} ${a}, ${dst.t}`, op, mask: always });
  });
}

function stringForms(op: number, mn: string): void {
  const key = keyOf(op, -1);
  const base = mn.replace(/b$/, "");
  const cmp = base === "cmps" || base === "scas";
  const prep = (rep: boolean) => (c: Case, g: Rng) => {
    setReg(c, 6, PTR - 0x40 + 8 * g.below(5) + g.below(2));
    setReg(c, 7, PTR + 8 * g.below(5) + g.below(2));
    if (rep) setReg(c, 1, g.below(9));
  };
  for (const s of (op & 1) === 0 ? [1] : SIZES_V) {
    const nm = `${base}${SUF[s]}`;
    add(key, { name: `${nm}`, asm: nm, op, mask: always, prep: prep(false) });
    const rep = cmp ? (s === 1 || s === 4 ? "repe" : "repne") : "rep";
    add(key, { name: `${rep} ${nm}`, asm: `${rep} ${nm}`, op, mask: always, prep: prep(true) });
  }
}

function stackForms(op: number, sub: number, mn: string): void {
  const key = keyOf(op, sub);
  if (op >= 0x50 && op <= 0x5f) {
    const n = (op & 7) + (pickRng.below(2) ? 8 : 0);
    add(key, { name: `${mn}q ${REG64[n]}`, asm: `${mn}q %${REG64[n]}`, op, mask: always });
    if (op === 0x50 || op === 0x5b) add(key, { name: `${mn}w ${REG16[n]}`, asm: `${mn}w %${REG16[n]}`, op, mask: always });
    // 66h with REX.W: REX.W wins, a 64-bit push/pop.
    if (op === 0x51 || op === 0x5a) add(key, { name: `${mn} 66+rex.w r${op & 7}`, asm: `.byte 0x66, 0x48, 0x${op.toString(16)}`, op, mask: always });
  } else if (op === 0x68 || op === 0x6a) {
    add(key, { name: `pushq imm (${op.toString(16)})`, asm: `pushq $${op === 0x68 ? "-0x7ffffff0" : "-0x70"}`, op, mask: always });
    if (op === 0x68) add(key, { name: "pushw imm", asm: "pushw $0x8123", op, mask: always });
  } else if (op === 0xff) {
    const m = mem(8);
    add(key, { name: "pushq m", asm: `pushq ${m.t}`, op, mask: always, prep: m.prep });
  } else if (op === 0x8f) {
    add(key, { name: "popq m", asm: "popq -0x28(%rbx)", op, mask: always, prep: (c) => setReg(c, 3, PTR) });
  } else if (op === 0x9c) {
    add(key, { name: "pushfq", asm: "pushfq", op, mask: always });
    add(key, { name: "pushfq 66+rex.w", asm: ".byte 0x66, 0x48, 0x9c", op, mask: always });
  } else if (op === 0x9d) {
    // Only status flags and DF in the popped image: TF/AC would trap or differ by design.
    add(key, { name: "popfq", asm: "popfq", op, mask: always, prep: (c, g) => winWrite(c, 0x800, 8, BigInt((g.u32() & 0xcd5) | 0x202)) });
  } else if (op === 0xc8) {
    const p = (c: Case, g: Rng) => setReg(c, 5, PTR - 0x20 + 8 * g.below(4));
    add(key, { name: "enter $0x18,$0", asm: "enter $0x18, $0", op, mask: always, prep: p });
    add(key, { name: "enter $8,$1", asm: "enter $8, $1", op, mask: always, prep: p });
    add(key, { name: "enter $0,$3", asm: "enter $0, $3", op, mask: always, prep: p });
  } else if (op === 0xc9) {
    add(key, { name: "leave", asm: "leave", op, mask: always, prep: (c, g) => setReg(c, 5, PTR - 0x20 + 8 * g.below(8)) });
  }
}

function controlForms(op: number, sub: number, mn: string): void {
  const key = keyOf(op, sub);
  switch (op) {
    case 0xe0: case 0xe1: case 0xe2: case 0xe3:
      add(key, { name: mn, asm: `${mn} 1f\n inc %eax\n1:`, op, mask: always, prep: (c, g) => { if (g.below(2)) setReg(c, 1, g.below(3), g.below(4) ? 0 : 1); } });
      break;
    case 0xe8: add(key, { name: "call rel32", asm: "call 1f\n inc %eax\n1:", op, mask: always }); break;
    case 0xe9: add(key, { name: "jmp rel32", asm: "{disp32} jmp 1f\n inc %eax\n1:", op, mask: always }); break;
    case 0xeb: add(key, { name: "jmp rel8", asm: "jmp 1f\n inc %eax\n1:", op, mask: always }); break;
    case 0xc3: add(key, { name: "ret", asm: "lea 1f(%rip), %rcx\n push %rcx\n ret\n inc %eax\n1:", op: -1, mask: always }); break;
    case 0xc2: add(key, { name: "ret imm16", asm: "lea 1f(%rip), %rcx\n push %rcx\n ret $0x18\n inc %eax\n1:", op: -1, mask: always }); break;
    case 0xff:
      if (sub === 2) add(key, { name: "call *r", asm: "lea 1f(%rip), %rcx\n call *%rcx\n inc %eax\n1:", op: -1, mask: always });
      else add(key, { name: "jmp *m", asm: "lea 1f(%rip), %rcx\n mov %rcx, -8(%rbx)\n jmp *-8(%rbx)\n inc %eax\n1:", op: -1, mask: always, prep: (c) => setReg(c, 3, PTR) });
      break;
  }
}

/* ---------------- the table walk ---------------- */

const SYSTEM = "privileged, I/O or system state the user-mode harness cannot set up or compare";
const SSE = "SSE register moves: not general-purpose (XMM state is not part of the harness)";
const SKIP_MN: Record<string, string> = {
  hlt: SYSTEM, cli: SYSTEM, sti: SYSTEM, in: SYSTEM, out: SYSTEM, clts: SYSTEM, invd: SYSTEM, wbinvd: SYSTEM,
  wrmsr: SYSTEM, rdmsr: SYSTEM, grp6: SYSTEM, sldt: SYSTEM, str: SYSTEM, lldt: SYSTEM, ltr: SYSTEM, grp7: SYSTEM, grp15: SYSTEM,
  syscall: "enters the host kernel", sysret: SYSTEM, iret: "far return through a stack frame with selectors of the host",
  int: "enters the host kernel", int3: "raises #BP (a signal on the host)", into: "invalid in 64-bit mode",
  retf: "far return: selectors of the host", ud2: "raises #UD by definition (checked in tests/unit/cpu)",
  cpuid: "host-specific results", rdtsc: "host-specific results",
  esc: "x87 escape: no FPU; #NM under CR0.EM/TS, else #UD (tests/cpufuzz checks it against QEMU)",
  push_seg: "segment registers differ between the host and the snippet machine", pop_seg: "segment registers differ between the host and the snippet machine",
  movups: SSE, movaps: SSE, xorps: SSE, punpcklqdq: SSE, punpckhqdq: SSE, movd: SSE, movdqa: SSE, movq: SSE, pxor: SSE,
  cvttpd2dq: "SSE2 conversion: XMM state is not part of the harness (tests/unit/cpu/snippet.test.ts checks it)",
};
const SKIP_OP: Record<string, string> = {
  "8c": "mov from a segment register: selectors differ between the host and the snippet machine",
  "8e": "mov to a segment register: selectors differ between the host and the snippet machine",
  "ea": "invalid in 64-bit mode", "ff/3": "far call: selectors of the host", "ff/5": "far jump: selectors of the host",
  "ff/4": "", // covered below by jmp *m (op -1 forms)
};
for (const k of ["120", "121", "122", "123"]) SKIP_OP[k] = "mov to/from control and debug registers: " + SYSTEM;
for (let k = 0; k < 16; k++) SKIP_OP[(0x40 + k).toString(16)] = "inc/dec 40-4F are REX prefixes in 64-bit mode (covered by FE/FF)";

function walk(): void {
  for (let op = 0; op < 0x400; op++) {
    const row = TABLE[op];
    if (!row) continue;
    const members: [OpRow, number][] = row.group ? row.group.flatMap((m, i) => (m ? [[m, i] as [OpRow, number]] : [])) : [[row, -1]];
    for (const [m, sub] of members) gen(op, sub, m);
  }
}

function gen(op: number, sub: number, r: OpRow): void {
  const key = keyOf(op, sub), mn = r.mn;
  if (SKIP_OP[key] !== undefined && SKIP_OP[key] !== "") { SKIPPED[key] = SKIP_OP[key]!; return; }
  if (op === 0x1a0 || op === 0x1a1 || op === 0x1a8 || op === 0x1a9) { SKIPPED[key] = SKIP_MN.push_seg!; return; }
  if (SKIP_MN[mn] !== undefined) { SKIPPED[key] = SKIP_MN[mn]!; return; }
  if (op < 0x40 && (op & 7) < 6) return aluForms(op, key, mn);
  if (op === 0x80 || op === 0x81 || op === 0x83) return grp1Forms(op, sub, mn);
  if (op === 0x84 || op === 0x85 || op === 0xa8 || op === 0xa9) {
    const s = op & 1 ? SIZES_V : [1];
    for (const sz of s) {
      const nm = `test${SUF[sz]}`;
      if (op >= 0xa8) { add(key, { name: `${nm} imm,acc`, asm: `${nm} $${sz === 1 ? "0x80" : immZ(sz)}, ${reg(0, sz).t}`, op, mask: aluMask("test") }); continue; }
      const [a, b] = pickRegs(sz, 2, false);
      add(key, { name: `${nm} r,r`, asm: `${nm} ${a!.t}, ${b!.t}`, op, mask: aluMask("test") });
      const m = mem(sz), [x] = pickRegs(sz, 1, true);
      add(key, { name: `${nm} r,m`, asm: `${nm} ${x!.t}, ${m.t}`, op, mask: aluMask("test"), prep: m.prep });
    }
    return;
  }
  if (op === 0xc0 || op === 0xc1 || (op >= 0xd0 && op <= 0xd3)) return grp2Forms(op, sub, mn);
  if (op === 0xf6 || op === 0xf7) return grp3Forms(op, sub, mn);
  if ((op === 0xfe || op === 0xff) && (mn === "inc" || mn === "dec")) return incdecForms(op, sub, mn);
  if (op >= 0x1a4 && op <= 0x1ad && (mn === "shld" || mn === "shrd")) return shxdForms(op, mn);
  if (op === 0x1af || op === 0x69 || op === 0x6b) return imulForms(op);
  if (mn === "bt" || mn === "bts" || mn === "btr" || mn === "btc") return btForms(op, sub, mn);
  if (op === 0x1bc || op === 0x1bd) { bitScanForms(op, mn); bitScanForms(op, op === 0x1bc ? "tzcnt" : "lzcnt"); return; }
  if (op === 0x1b8) return bitScanForms(op, "popcnt");
  if (op >= 0x1c8 && op <= 0x1cf) {
    const n = op - 0x1c8;
    add(key, { name: `bswap ${REG32[n]}`, asm: `bswap %${REG32[n]}`, op, mask: always });
    add(key, { name: `bswap ${REG64[n + 8]}`, asm: `bswap %${REG64[n + 8]}`, op, mask: always });
    return;
  }
  if (op === 0x86 || op === 0x87 || op === 0x1c0 || op === 0x1c1 || op === 0x1b0 || op === 0x1b1) return xchgLikeForms(op, mn);
  if (op >= 0x90 && op <= 0x97) {
    if (op === 0x90) {
      add(key, { name: "nop", asm: "nop", op, mask: always });
      add(key, { name: "pause", asm: "pause", op, mask: always });
      add(key, { name: "xchg %r8,%rax", asm: ".byte 0x49, 0x90", op, mask: always });
      add(key, { name: "xchg %r8d,%eax", asm: ".byte 0x41, 0x90", op, mask: always });
      return;
    }
    const s = SIZES_V[op % 3]!;
    add(key, { name: `xchg ${reg(op - 0x90, s).t},acc`, asm: `xchg ${reg(op - 0x90, s).t}, ${reg(0, s).t}`, op, mask: always });
    return;
  }
  if (op === 0x1c7) return cmpxchg8bForms(op);
  if ((op >= 0x140 && op <= 0x14f) || (op >= 0x190 && op <= 0x19f) || (op >= 0x70 && op <= 0x7f) || (op >= 0x180 && op <= 0x18f)) return condForms(op, mn);
  if (op === 0x1b6 || op === 0x1b7 || op === 0x1be || op === 0x1bf) return movxForms(op, mn);
  if (op === 0x63) {
    add(key, { name: "movslq r,r", asm: "movslq %ecx, %r10", op, mask: always });
    add(key, { name: "movsxd r32,r32", asm: "movsxd %eax, %ecx", op, mask: always });
    const m = mem(4);
    add(key, { name: "movslq m,r", asm: `movslq ${m.t}, %rdx`, op, mask: always, prep: m.prep });
    return;
  }
  if ((op >= 0x88 && op <= 0x8b) || (op >= 0xb0 && op <= 0xbf) || op === 0xc6 || op === 0xc7 || (op >= 0xa0 && op <= 0xa3)) return movForms(op);
  if (op === 0x8d) return leaForms(op);
  if (op >= 0xa4 && op <= 0xaf && op !== 0xa8 && op !== 0xa9) return stringForms(op, mn);
  if (op === 0x98 || op === 0x99) {
    const names = op === 0x98 ? ["cbtw", "cwtl", "cltq"] : ["cwtd", "cltd", "cqto"];
    for (const n of names) add(key, { name: n, asm: n, op, mask: always });
    return;
  }
  if (op === 0xd7) { add(key, { name: "xlatb", asm: "xlatb", op, mask: always, prep: (c) => setReg(c, 3, DATA_BASE + 0x780) }); return; }
  if (op === 0xf5 || op === 0xf8 || op === 0xf9 || op === 0xfc || op === 0xfd || op === 0x9e || op === 0x9f || op === 0x9b) {
    add(key, { name: mn, asm: mn === "wait" ? "fwait" : mn, op, mask: always });
    return;
  }
  if (op >= 0x118 && op <= 0x11f) {
    const asm = op === 0x11f ? "nopw 0x12(%rax,%rax,1)" : op === 0x11e ? "endbr64" : op === 0x118 ? "prefetchnta -8(%rbx)" : null;
    if (asm === null) { SKIPPED[key] = "reserved-NOP space that other CPUs give meanings (MPX, CET): only 0F 18/1E/1F are checked"; return; }
    add(key, { name: asm, asm, op, mask: always, prep: (c) => setReg(c, 3, PTR) });
    if (op === 0x11f) add(key, { name: "nopl (%rax)", asm: "nopl (%rax)", op, mask: always });
    return;
  }
  if (op === 0x10d) { add(key, { name: "prefetchw", asm: "prefetchw (%rbx)", op, mask: always, prep: (c) => setReg(c, 3, PTR) }); return; }
  if ((op >= 0x50 && op <= 0x5f) || op === 0x68 || op === 0x6a || (op === 0xff && sub === 6) || op === 0x8f || op === 0x9c || op === 0x9d || op === 0xc8 || op === 0xc9) return stackForms(op, sub, mn);
  if ((op >= 0xe0 && op <= 0xe3) || op === 0xe8 || op === 0xe9 || op === 0xeb || op === 0xc2 || op === 0xc3 || (op === 0xff && (sub === 2 || sub === 4))) return controlForms(op, sub, mn);
  SKIPPED[key] = "no generator";
}

walk();

export const FORMS: readonly Form[] = forms;
export const COVERED: ReadonlySet<string> = covered;
export { edge64, reg64 };
