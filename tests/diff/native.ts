/*
 * native.ts: build tests/diff/harness.c with gcc (into build/diff/, only
 * when the source changed) and run instruction forms on the host CPU.
 * See harness.c for the byte protocol.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { WIN_LEN, type Case } from "./inputs.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SRC = join(ROOT, "tests", "diff", "harness.c");

export function buildHarness(): string {
  const dir = join(ROOT, "build", "diff");
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, "harness");
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(SRC).mtimeMs) {
    execFileSync("gcc", ["-O2", "-Wall", "-Werror", "-o", bin + ".tmp", SRC]);
    execFileSync("mv", [bin + ".tmp", bin]);
  }
  return bin;
}

/** Results of one job: per case k, regs[32k..32k+31] as (lo, hi) words, flags[k], signal[k], and the changed data-page bytes (offset -> value). */
export interface NativeResult { regs: Uint32Array; flags: Uint32Array; signal: Uint32Array; diff: (Map<number, number> | null)[] }
export interface Job { code: Uint8Array; cases: Case[] }

const CASE_BYTES = 128 + 8 + WIN_LEN;

/** Run the jobs in one harness process; results per job, per case. */
export function runNative(bin: string, base: Uint8Array, jobs: Job[]): NativeResult[] {
  let total = 16 + 4096;
  for (const j of jobs) total += 8 + j.code.length + j.cases.length * CASE_BYTES;
  const input = new Uint8Array(total);
  const dv = new DataView(input.buffer);
  input.set(new TextEncoder().encode("KMDIFF01"), 0);
  input.set(base, 8);
  let p = 8 + 4096;
  for (const j of jobs) {
    dv.setUint32(p, j.code.length, true); dv.setUint32(p + 4, j.cases.length, true); p += 8;
    input.set(j.code, p); p += j.code.length;
    for (const c of j.cases) {
      for (let i = 0; i < 32; i++) dv.setUint32(p + 4 * i, c.r[i]!, true);
      dv.setUint32(p + 128, c.flags, true); dv.setUint32(p + 132, 0, true);
      input.set(c.win, p + 136);
      p += CASE_BYTES;
    }
  }
  dv.setUint32(p, 0, true); dv.setUint32(p + 4, 0, true);
  const r = spawnSync(bin, [], { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`harness failed (${r.status ?? r.signal}): ${r.stderr.toString()}`);
  const out = r.stdout as Buffer;
  const odv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let q = 0;
  return jobs.map((j) => {
    const n = j.cases.length;
    const res: NativeResult = { regs: new Uint32Array(32 * n), flags: new Uint32Array(n), signal: new Uint32Array(n), diff: new Array(n).fill(null) };
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < 32; i++) res.regs[32 * k + i] = odv.getUint32(q + 4 * i, true);
      res.flags[k] = odv.getUint32(q + 128, true);
      res.signal[k] = odv.getUint32(q + 136, true);
      const nd = odv.getUint32(q + 140, true);
      q += 144;
      if (nd === 0) continue;
      const diff = new Map<number, number>();
      for (let d = 0; d < nd; d++, q += 4) diff.set(odv.getUint16(q, true), out[q + 2]!);
      res.diff[k] = diff;
    }
    return res;
  });
}
