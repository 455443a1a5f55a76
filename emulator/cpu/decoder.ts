/*
 * decoder.ts: turns the bytes at RIP into an Insn (cpu.ts) using the
 * opcode table, and says which row and physical address it came from.
 *
 * Layout of an instruction (SDM Vol. 2 §2.1):
 *   [legacy prefixes] [REX] opcode(1-3) [ModRM] [SIB] [disp8/32] [imm]
 *
 * Bytes are read straight from guest RAM when the instruction cannot cross
 * a page (the common case); otherwise up to 15 bytes are gathered through
 * the MMU, and a fault on the second page is raised only if the decoder
 * actually needs a byte from it. An instruction longer than 15 bytes
 * raises #GP(0); an opcode outside the table raises #UD.
 */

import { Insn, type Cpu } from "./cpu.ts";
import { CpuFault, gp, ud } from "./fault.ts";
import { ACC_EXEC } from "./mmu.ts";
import { TABLE, type OpRow } from "./opcode-table.ts";
import { MASK } from "./alu.ts";
import { SEG_CS } from "./state.ts";

const fetchBuf = new Uint8Array(16);
/** The SSE rows (0F 10/11/28/29/57/6C/6D/6E/6F/7E/7F/D6/E6/EF), whose prefixes select the instruction. */
const SSE_OPS = new Set([0x110, 0x111, 0x128, 0x129, 0x157, 0x16c, 0x16d, 0x16e, 0x16f, 0x17e, 0x17f, 0x1d6, 0x1e6, 0x1ef]);

/** A decoded instruction and where it came from. */
export interface Decoded {
  ins: Insn;
  /** Its table row (the group member for group opcodes). */
  row: OpRow;
  /** Physical address of its first byte, or -1 when it crosses a page or lies outside RAM (not cacheable). */
  phys: number;
}

/** How far decodeAt read: the position reached when it returned or threw. */
interface Cursor { p: number }

/** Decode the instruction at c.rip (also stored in c.i; c.iNext set). */
export function decode(c: Cpu): Decoded {
  const start = c.rip;
  const lin = c.long ? start : (start + c.seg[SEG_CS]!.base) >>> 0;
  const mmu = c.mmu;
  const off = lin & 0xfff;
  const cur: Cursor = { p: 0 };
  if (off <= 0x1000 - 15) {
    const p = mmu.tr(lin, ACC_EXEC);
    if (p + 15 <= mmu.ramSize) { cur.p = p; return { ...decodeAt(c, mmu.mem, cur, start), phys: p }; }
  }
  // Slow path: up to 15 bytes gathered through the MMU; those past `f.n` are missing (a page fault on the next page,
  // raised only if the instruction needs them).
  const f = fill(c, lin, off > 0x1000 - 15 ? 0x1000 - off : 0);
  const missing = () => { mmu.cr2 = f.cr2; return f.fault!; };
  let r: { ins: Insn; row: OpRow };
  try {
    r = decodeAt(c, fetchBuf, cur, start);
  } catch (e) {
    if (e instanceof CpuFault && f.fault !== null && cur.p > f.n) throw missing();
    throw e;
  }
  if (c.iNext - start > f.n && f.fault !== null) throw missing();
  // Near the end of a page: cacheable by physical address if it does not cross into the next one.
  return { ...r, phys: off > 0x1000 - 15 && c.iNext - start <= 0x1000 - off ? f.phys : -1 };
}

function decodeAt(c: Cpu, buf: Uint8Array, cur: Cursor, start: number): { ins: Insn; row: OpRow } {
  let p = cur.p;
  const p0 = p;
  const ins = new Insn();
  c.i = ins;
  const long = c.long;
  let osz66 = false, asz67 = false, rep = 0, lock = false, seg = -1, rex = 0;
  let b: number;
  for (;;) {
    if (p - p0 >= 15) { cur.p = p; gp(); }
    b = buf[p++]!;
    switch (b) {
      case 0x66: osz66 = true; rex = 0; continue;
      case 0x67: asz67 = true; rex = 0; continue;
      case 0xf2: case 0xf3: rep = b; rex = 0; continue;
      case 0xf0: lock = true; rex = 0; continue;
      case 0x26: case 0x2e: case 0x36: case 0x3e:
        if (!long) seg = b === 0x26 ? 0 : b === 0x2e ? 1 : b === 0x36 ? 2 : 3;
        rex = 0; continue;
      case 0x64: seg = 4; rex = 0; continue;
      case 0x65: seg = 5; rex = 0; continue;
    }
    if (long && (b & 0xf0) === 0x40) { rex = b; continue; }
    break;
  }
  let op = b;
  if (op === 0x0f) {
    op = 0x100 | buf[p++]!;
    if (op === 0x138 || op === 0x13a) { op = (op === 0x138 ? 0x200 : 0x300) | buf[p++]!; }
  }
  let r = TABLE[op] ?? null;
  cur.p = p;
  if (r === null || (long && r.mode === "i64") || (!long && r.mode === "o64")) ud();

  c.i.op = op;
  c.i.rex = rex;
  // SSE forms: with F2/F3 present, 66h is not a mandatory prefix (it is ignored).
  c.i.pfx66 = osz66 && !(rep !== 0 && SSE_OPS.has(op));
  c.i.rep = rep;
  c.i.lock = lock;
  c.i.seg = seg;
  c.i.asz = long ? (asz67 ? 4 : 8) : (asz67 ? 2 : 4);
  if (c.i.asz === 2) ud();       // 16-bit addressing is not implemented

  // ModRM, SIB, displacement.
  if (r.modrm) {
    const m = buf[p++]!;
    const mod = m >> 6;
    let reg = (m >> 3) & 7, rm = m & 7;
    if (rex & 4) reg |= 8;
    c.i.mod = mod;
    c.i.ripRel = false;
    if (op >= 0x120 && op <= 0x123) {
      // mov to/from CR/DR: the operand is always a register, whatever the mod field says (no SIB or
      // displacement follows); only CR0/2/3/4/8 and DR0-7 exist.
      if (op === 0x120 || op === 0x122 ? reg !== 0 && reg !== 2 && reg !== 3 && reg !== 4 && reg !== 8 : reg > 7) { cur.p = p; ud(); }
      c.i.mod = 3;
      c.i.rm = rm | ((rex & 1) << 3);
    } else if (mod === 3) {
      c.i.rm = rm | ((rex & 1) << 3);
    } else {
      let base = -1, index = -1, scale = 1, disp = 0;
      if (rm === 4) {
            const sib = buf[p++]!;
        scale = 1 << (sib >> 6);
        index = ((sib >> 3) & 7) | ((rex & 2) << 2);
        if (index === 4) index = -1;
        const sb = sib & 7;
        if (sb === 5 && mod === 0) { base = -1; disp = rd32s(buf, p); p += 4; }
        else base = sb | ((rex & 1) << 3);
      } else if (rm === 5 && mod === 0) {
          disp = rd32s(buf, p); p += 4;
        if (long) c.i.ripRel = true;
      } else base = rm | ((rex & 1) << 3);
      if (mod === 1) { disp = (buf[p++]! << 24) >> 24; }
      else if (mod === 2) { disp = rd32s(buf, p); p += 4; }
      c.i.base = base; c.i.index = index; c.i.scale = scale; c.i.disp = disp;
      c.i.rm = -1;
    }
    c.i.reg = reg;
    if (r.group !== undefined) {
      const gr = r.group[reg & 7];
      if (gr === null || gr === undefined) { cur.p = p; ud(); }
      r = gr;
    }
  }


  // LOCK only on the read-modify-write forms with a memory destination (#UD otherwise).
  if (lock && (r.lock !== true || c.i.mod === 3)) { cur.p = p; ud(); }

  // Operand size.
  let osz: number;
  switch (r.size) {
    case "b": osz = 1; break;
    case "v": osz = rex & 8 ? 8 : osz66 ? 2 : 4; break;
    case "d64": osz = long ? (osz66 && !(rex & 8) ? 2 : 8) : (osz66 ? 2 : 4); break;   // REX.W wins over 66h
    case "f64": osz = long ? 8 : 4; break;
    default: osz = rex & 8 ? 8 : osz66 ? 2 : 4; break;
  }
  c.i.osz = osz;

  // Immediate.
  c.i.immHi = 0;
  switch (r.imm) {
    case "": break;
    case "b": c.i.imm = buf[p++]!; break;
    case "bs": {
        const v = (buf[p++]! << 24) >> 24;
      c.i.imm = (v & MASK[osz]!) >>> 0;
      c.i.immHi = osz === 8 && v < 0 ? 0xffffffff : 0;
      break;
    }
    case "w": c.i.imm = buf[p]! | (buf[p + 1]! << 8); p += 2; break;
    case "z":
      if (osz === 2) { c.i.imm = buf[p]! | (buf[p + 1]! << 8); p += 2; }
      else {
          const v = rd32s(buf, p); p += 4;
        c.i.imm = v >>> 0;
        c.i.immHi = osz === 8 && v < 0 ? 0xffffffff : 0;
      }
      break;
    case "v":
      if (osz === 2) { c.i.imm = buf[p]! | (buf[p + 1]! << 8); p += 2; }
      else if (osz === 4) { c.i.imm = rd32s(buf, p) >>> 0; p += 4; }
      else { c.i.imm = rd32s(buf, p) >>> 0; c.i.immHi = rd32s(buf, p + 4) >>> 0; p += 8; }
      break;
    case "rel8": c.i.imm = (buf[p++]! << 24) >> 24; break;
    case "rel32": c.i.imm = rd32s(buf, p); p += 4; break;
    case "ap":
      if (osz66) { c.i.imm = buf[p]! | (buf[p + 1]! << 8); p += 2; }
      else { c.i.imm = rd32s(buf, p) >>> 0; p += 4; }
      c.i.imm2 = buf[p]! | (buf[p + 1]! << 8); p += 2;
      break;
    case "enter":
      c.i.imm = buf[p]! | (buf[p + 1]! << 8); c.i.imm2 = buf[p + 2]!; p += 3; break;
    case "moffs":
      if (c.i.asz === 8) { c.i.imm = rd32s(buf, p) >>> 0; c.i.immHi = rd32s(buf, p + 4) >>> 0; p += 8; }
      else { c.i.imm = rd32s(buf, p) >>> 0; p += 4; }
      break;
  }
  cur.p = p;
  const len = p - p0;
  if (len > 15) gp();
  ins.len = len;
  ins.exec = r.exec;
  c.iNext = long ? start + len : (start + len) >>> 0;
  return { ins, row: r };
}

function rd32s(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
}

/** What fill() gathered: `n` bytes readable, from physical `phys` on; `fault` (with its CR2) for the page after them. */
interface Fill { n: number; phys: number; fault: CpuFault | null; cr2: number }

/** Gather up to 15 bytes into fetchBuf across a page boundary (`firstPageBytes` 0: all in one page). */
function fill(c: Cpu, lin: number, firstPageBytes: number): Fill {
  fetchBuf.fill(0);
  const mmu = c.mmu;
  const savedCr2 = mmu.cr2;
  let n = 0;
  const first = firstPageBytes === 0 ? 15 : firstPageBytes;
  const p = mmu.tr(lin, ACC_EXEC);
  for (; n < first && n < 15; n++) fetchBuf[n] = mmu.physRead8(p + n);
  if (n < 15) {
    try {
      const q = mmu.tr(lin + n, ACC_EXEC);
      for (let k = 0; n < 15; n++, k++) fetchBuf[n] = mmu.physRead8(q + k);
    } catch (e) {
      if (e instanceof CpuFault) { const cr2 = mmu.cr2; mmu.cr2 = savedCr2; return { n, phys: p, fault: e, cr2 }; }
      throw e;
    }
  }
  return { n: 15, phys: p, fault: null, cr2: 0 };
}
