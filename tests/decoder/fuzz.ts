/*
 * fuzz.ts: decoder fuzzing against iced-x86 (64-bit mode). Byte strings
 * come from a deterministic PRNG: uniformly random ones, and table-guided
 * ones (legacy prefixes and REX in random order, an opcode of the table,
 * then random ModRM/SIB/displacement/immediate bytes). For each string:
 *
 *  - iced-x86 rejects it: kmemlab must raise #UD (or #GP for > 15 bytes);
 *  - iced-x86 decodes a mnemonic of kmemlab's subset (SUBSET below, the
 *    mnemonics of the opcode table): kmemlab must decode it with the same
 *    length and mnemonic;
 *  - iced-x86 decodes a mnemonic outside the subset: kmemlab must raise
 *    #UD, except where one table row stands for a whole group that the
 *    handler sorts out at execution (GROUP_ROWS: 0F 01 and 0F AE; 0F 18-1F
 *    and 0F 0D hint NOPs), where only the length is compared.
 */
import { createRequire } from "node:module";
import { snippetCpu, runSnippetRaw, CODE_BASE, DATA_BASE } from "../../emulator/cpu/testing.ts";
import { decode, type Decoded } from "../../emulator/cpu/decoder.ts";
import { mnemonicOf } from "../../emulator/cpu/opcode-table.ts";
import { CpuFault } from "../../emulator/cpu/fault.ts";
import { TABLE } from "../../emulator/cpu/opcode-table.ts";
import { Rng } from "../diff/inputs.ts";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const iced = require("iced-x86") as typeof import("iced-x86");

/** kmemlab's mnemonic subset (iced names, lower case), derived from the table plus prefix-selected variants. */
export function subset(): Set<string> {
  const s = new Set<string>();
  for (const r of TABLE) {
    if (!r) continue;
    for (const m of r.group ? r.group : [r]) if (m && !m.mn.startsWith("grp")) s.add(m.mn);
  }
  for (const m of ["tzcnt", "lzcnt", "pause", "movdqu", "movq", "movapd", "movupd", "movss", "xorpd", "cmpxchg16b", "cwde", "cdqe", "cdq", "cqo",
    "movsw", "movsd", "movsq", "cmpsw", "cmpsd", "cmpsq", "stosw", "stosd", "stosq", "lodsw", "lodsd", "lodsq", "scasw", "scasd", "scasq",
    "iretd", "iretq", "pushfq", "popfq", "xchg", "jecxz", "sysretq"]) s.add(m);
  return s;
}

/** Opcodes whose one row covers several instructions told apart at execution: length only. */
const GROUP_ROWS = new Set([0x101, 0x1ae, 0x10d, 0x118, 0x119, 0x11a, 0x11b, 0x11c, 0x11d, 0x11e, 0x11f]);

const PREFIXES = [0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x3e, 0x26, 0x36, 0x64, 0x65];

export function genCase(g: Rng, out: Uint8Array): void {
  for (let i = 0; i < 16; i++) out[i] = g.u32() & 0xff;
  if (g.below(4) === 0) return;                       // uniformly random
  let p = 0;
  const np = g.below(4);
  for (let i = 0; i < np; i++) out[p++] = g.pick(PREFIXES);
  if (g.below(2)) out[p++] = 0x40 | g.below(16);
  let op: number;
  do op = g.below(0x200); while (!TABLE[op] && g.below(8) !== 0);
  if (op >= 0x100) { out[p++] = 0x0f; out[p++] = op & 0xff; } else out[p++] = op;
  const row = TABLE[op];
  if (row?.modrm && g.below(2)) {
    // A ModRM byte with a register field the group implements (and often a register operand).
    let reg = g.below(8);
    if (row.group) { const ok = row.group.flatMap((m, i) => (m ? [i] : [])); reg = g.pick(ok); }
    out[p] = (g.below(2) ? 0xc0 : g.below(3) << 6) | (reg << 3) | g.below(8);
  }
}

export interface Mismatch { bytes: string; iced: string; ours: string }

/** Run `n` cases from `seed`; returns mismatches (capped) and counts. */
export function fuzz(n: number, seed: number): { mismatches: Mismatch[]; valid: number; inSubset: number; rejected: number; udAtExec: number } {
  const g = new Rng(seed);
  const sub = subset();
  const CH = 4096;
  const buf = new Uint8Array(CH * 16);
  const ins = new iced.Instruction();
  const c = snippetCpu();
  const mismatches: Mismatch[] = [];
  let valid = 0, inSubset = 0, rejected = 0, udAtExec = 0;
  for (let done = 0; done < n; done += CH) {
    const m = Math.min(CH, n - done);
    for (let k = 0; k < m; k++) genCase(g, buf.subarray(16 * k, 16 * k + 16));
    const dec = new iced.Decoder(64, buf, iced.DecoderOptions.None);
    for (let k = 0; k < m; k++) {
      const bytes = buf.subarray(16 * k, 16 * k + 16);
      dec.position = 16 * k;
      dec.decodeOut(ins);
      const icedOk = !ins.isInvalid;
      const icedMn = icedOk ? String(iced.Mnemonic[ins.mnemonic]).toLowerCase() : "(invalid)";
      const icedLen = ins.length;
      let ours: { length: number; mnemonic: string } | null;
      let ourText: string;
      try {
        ours = decodeAtCode(c, bytes);
        ourText = ours ? `${ours.mnemonic} len ${ours.length}` : "#UD";
      } catch (e) {
        if (!(e instanceof CpuFault)) throw e;
        ours = null; ourText = `#${e.vector === 13 ? "GP" : e.vector}`;
      }
      let ok: boolean;
      if (!icedOk) { rejected++; ok = ours === null; }
      else {
        valid++;
        const op = opOf(bytes);
        // SSE cmpsd shares its name with the string instruction of the subset (SSE movsd, F2 0F 10/11, is in it).
        const inSub = sub.has(icedMn) && !(op >= 0x100 && (icedMn === "cmpsd" || (icedMn === "movsd" && op !== 0x110 && op !== 0x111)));
        if (inSub) inSubset++;
        if (ours && GROUP_ROWS.has(op)) ok = ours.length === icedLen;
        else if (ours && ours.length === icedLen && same(ours.mnemonic, icedMn)) ok = true;
        else if (inSub) { ok = ours !== null && ours.length === icedLen && same(ours.mnemonic, icedMn); }
        else ok = ours === null;
      }
      // Prefix-selected variants outside the subset are rejected by the handler: #UD at execution counts.
      if (!ok && ours !== null && executesToUd(bytes)) { ok = true; udAtExec++; }
      if (!ok && mismatches.length < 200) {
        mismatches.push({ bytes: Buffer.from(bytes).toString("hex"), iced: icedOk ? `${icedMn} len ${icedLen}` : "invalid", ours: ourText });
      }
    }
    dec.free();
  }
  ins.free();
  return { mismatches, valid, inSubset, rejected, udAtExec };
}

/** Mnemonic spellings that differ between kmemlab and iced-x86 only by name. */
function same(ours: string, icedMn: string): boolean {
  if (ours === icedMn) return true;
  const alias: Record<string, string[]> = { sysret: ["sysretd", "sysretq"], jrcxz: ["jecxz"], wbinvd: ["wbnoinvd"] };
  return alias[ours]?.includes(icedMn) ?? false;
}

/** Table index of an instruction's opcode (after prefixes). */
function opOf(b: Uint8Array): number {
  let p = 0;
  while (PREFIXES.includes(b[p]!) || (b[p]! & 0xf0) === 0x40) p++;
  if (b[p] !== 0x0f) return b[p]!;
  return 0x100 | b[p + 1]!;
}

const PHYS_CODE = 0x10000;   // where testing.ts maps CODE_BASE

/** Decode `bytes` at CODE_BASE of the snippet machine; null on #UD, other faults thrown. */
function decodeAtCode(c: ReturnType<typeof snippetCpu>, bytes: Uint8Array): { length: number; mnemonic: string } | null {
  c.mmu.mem.set(bytes, PHYS_CODE);
  c.rip = CODE_BASE;
  let d: Decoded;
  try {
    d = decode(c);
  } catch (e) {
    if (e instanceof CpuFault && e.vector === 6) return null;
    throw e;
  }
  let mn = mnemonicOf(d.row, c.i.op, c.i.rep, c.i.osz, c.i.pfx66);
  if (c.i.op === 0x90 && (c.i.rex & 1) && c.i.rep !== 0xf3) mn = "xchg";
  if (c.i.op === 0xe3 && c.i.asz === 4) mn = "jecxz";
  return { length: c.iNext - CODE_BASE, mnemonic: mn };
}

const zeroRegs = new Uint32Array(32), page = new Uint8Array(4096);
for (let i = 0; i < 16; i++) zeroRegs[2 * i] = DATA_BASE + 0x800;   // every register points into the data page

/** Execute the first instruction of `bytes` in the snippet machine: does it raise #UD? */
function executesToUd(bytes: Uint8Array): boolean {
  const r = runSnippetRaw(bytes, zeroRegs, 0x202, page, 1);
  return r.fault === 6;
}
