/*
 * cpu-diff.ts: the CPU differential suite's runner. Every form of
 * forms.ts is assembled (one `as` run for all of them), run natively by
 * the harness (harness.c) and by runSnippet on every CPU tier, for
 * CASES_PER_FORM edge-biased inputs (inputs.ts), and the results compared:
 * all 16 registers, every byte of the data page, and the flags the SDM
 * defines for the instruction and inputs.
 *
 * FLAG_MASKS: where undefined flags are masked (each form's `mask` in
 * forms.ts; README "Quirks" lists the values the emulator gives them):
 *
 *   instruction                  compared flags (others undefined by the SDM)
 *   ---------------------------  -------------------------------------------------
 *   and or xor test              CF PF ZF SF OF DF          (AF undefined)
 *   shl sal shr sar, count c≠0   PF ZF SF DF; CF if c < width or sar; OF if c = 1
 *   rol ror rcl rcr, count c≠0   CF PF AF ZF SF DF; OF if c = 1
 *   shld shrd, count c≠0         CF PF ZF SF DF; OF if c = 1 (16-bit counts > 16
 *                                are not generated: result undefined)
 *   any shift/rotate, count 0    all (flags unaffected)
 *   mul imul (all forms)         CF OF DF                   (SF ZF AF PF undefined)
 *   div idiv                     DF                         (all six undefined)
 *   bt bts btr btc               CF ZF DF                   (OF SF AF PF undefined)
 *   bsf bsr                      ZF DF                      (CF OF SF AF PF undefined)
 *   tzcnt lzcnt                  CF ZF DF                   (OF SF AF PF undefined)
 *   everything else              all seven (defined or unaffected)
 *
 * Registers and memory are always compared in full, including bsf/bsr with
 * a zero source (destination unchanged, as README's Quirks say).
 */
import { runSnippetRaw } from "../../emulator/cpu/testing.ts";
import { REG64 } from "../../emulator/cpu/isa.ts";
import { assemble } from "../asm.ts";
import { FORMS, type Form } from "./forms.ts";
import { Rng, newCase, randomCase, basePage, WIN_OFF, WIN_LEN, type Case } from "./inputs.ts";
import { buildHarness, runNative, type NativeResult } from "./native.ts";

export const CASES_PER_FORM = 1000;
const SEED = 0x6b6d656d;
const FLAGS = 0xcd5;

/** Assemble every form in one source; lengths are read from a table of label differences at the end. */
export function assembleForms(forms: readonly Form[]): Uint8Array[] {
  const src: string[] = [];
  forms.forEach((f, i) => src.push(`.Lf${i}:`, f.asm));
  src.push(`.Lf${forms.length}:`);
  forms.forEach((_, i) => src.push(`.short .Lf${i + 1} - .Lf${i}`));
  const bin = assemble(src.join("\n"));
  const tab = bin.length - 2 * forms.length;
  const out: Uint8Array[] = [];
  let p = 0;
  for (let i = 0; i < forms.length; i++) {
    const n = bin[tab + 2 * i]! | (bin[tab + 2 * i + 1]! << 8);
    out.push(bin.slice(p, p + n)); p += n;
  }
  if (p !== tab) throw new Error("assembleForms: length table mismatch");
  return out;
}

/** Table index of the first instruction in `b` (after legacy prefixes and REX). */
export function opcodeOf(b: Uint8Array): number {
  let p = 0;
  while ([0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65].includes(b[p]!)) p++;
  if ((b[p]! & 0xf0) === 0x40) p++;
  if (b[p] !== 0x0f) return b[p]!;
  const o = b[p + 1]!;
  if (o === 0x38 || o === 0x3a) return (o === 0x38 ? 0x200 : 0x300) | b[p + 2]!;
  return 0x100 | o;
}

const SIG_VECTOR: Record<number, number[]> = { 8: [0], 11: [13, 14], 7: [13, 17], 4: [6], 5: [1, 3] };
const hex = (v: bigint | number) => "0x" + v.toString(16);
const hex64 = (a: Uint32Array, i: number) => hex((BigInt(a[i + 1]!) << 32n) | BigInt(a[i]!));

function describeCase(c: Case): string {
  const regs = REG64.map((n, i) => `${n}=${hex((BigInt(c.r[2 * i + 1]!) << 32n) | BigInt(c.r[2 * i]!))}`).join(" ");
  return `${regs} rflags=${hex(c.flags)} win=${Buffer.from(c.win.subarray(0x30, 0x50)).toString("hex")}`;
}

export interface FormStats { name: string; cases: number; nativeFaults: number }

/** Run `forms` (indices into FORMS) on `tiers`; returns failures (empty when all agree) and statistics. */
export function runForms(indices: number[], tiers: readonly string[]): { failures: string[]; stats: FormStats[] } {
  const codes = assembleForms(FORMS);
  const base = basePage();
  const jobs = indices.map((fi) => {
    const f = FORMS[fi]!;
    const g = new Rng(SEED ^ Math.imul(fi + 1, 0x9e3779b1));
    const cases: Case[] = [];
    for (let k = 0; k < CASES_PER_FORM; k++) {
      const c = newCase();
      randomCase(g, c);
      f.prep?.(c, g);
      cases.push(c);
    }
    return { code: codes[fi]!, cases };
  });
  const native = runNative(buildHarness(), base, jobs);
  const failures: string[] = [];
  const stats: FormStats[] = [];
  const init = new Uint8Array(4096);
  const init32 = new Uint32Array(init.buffer);
  for (let j = 0; j < jobs.length; j++) {
    const f = FORMS[indices[j]!]!, job = jobs[j]!;
    let nativeFaults = 0;
    let bad = 0;
    for (const tier of tiers) {
      for (let k = 0; k < job.cases.length && bad < 3; k++) {
        const c = job.cases[k]!, n: NativeResult = native[j]!;
        init.set(base); init.set(c.win, WIN_OFF);
        const e = runSnippetRaw(job.code, c.r, c.flags, init, 1000, tier);
        const where = () => `[${tier}] ${f.name} (${f.asm.replace(/\n/g, "; ")}) case ${k}: ${describeCase(c)}`;
        const sig = n.signal[k]!;
        if (sig !== 0) {
          if (tier === tiers[0]) nativeFaults++;
          const want = SIG_VECTOR[sig] ?? [];
          if (e.fault === null || !want.includes(e.fault)) { failures.push(`${where()}: host signal ${sig}, emulator fault ${e.fault}`); bad++; }
          continue;
        }
        const msgs: string[] = [];
        if (e.fault !== null) msgs.push(`emulator fault ${e.fault}, host none`);
        for (let i = 0; i < 32; i += 2) {
          if (e.regs[i] === n.regs[32 * k + i] && e.regs[i + 1] === n.regs[32 * k + i + 1]) continue;
          msgs.push(`${REG64[i >> 1]}: emu ${hex64(e.regs, i)} host ${hex64(n.regs, 32 * k + i)}`);
        }
        const m = f.mask(c) & FLAGS;
        if (((e.flags ^ n.flags[k]!) & m) !== 0) msgs.push(`flags (mask ${hex(m)}): emu ${hex(e.flags & FLAGS)} host ${hex(n.flags[k]! & FLAGS)}`);
        const out32 = new Uint32Array(e.mem.buffer, e.mem.byteOffset, 1024);
        let ediff: Map<number, number> | null = null;
        for (let w = 0; w < 1024; w++) {
          if (out32[w] === init32[w]) continue;
          ediff ??= new Map();
          for (let b = 4 * w; b < 4 * w + 4; b++) if (e.mem[b] !== init[b]) ediff.set(b, e.mem[b]!);
        }
        const nd = n.diff[k];
        if (ediff !== null || nd !== null) {
          const offs = new Set([...(ediff?.keys() ?? []), ...(nd?.keys() ?? [])]);
          for (const o of [...offs].sort((a, b) => a - b)) {
            const ev = ediff?.get(o), hv = nd?.get(o);
            if (ev !== hv) { msgs.push(`memory +${hex(o)}: emu ${hex(ev ?? init[o]!)} host ${hex(hv ?? init[o]!)}`); if (msgs.length > 12) break; }
          }
        }
        if (msgs.length) { failures.push(`${where()}\n    ${msgs.join("\n    ")}`); bad++; }
      }
    }
    stats.push({ name: f.name, cases: job.cases.length, nativeFaults });
  }
  void WIN_LEN;
  return { failures, stats };
}

/** All failures as one message (the first 40). */
export function failureText(failures: string[]): string {
  return failures.slice(0, 40).join("\n\n") + (failures.length > 40 ? `\n... ${failures.length - 40} more` : "");
}
