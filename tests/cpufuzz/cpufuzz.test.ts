/*
 * cpufuzz.test.ts: the CPU instruction-stream fuzzer. Seeded random
 * streams (streams.ts) run in a ring-0 and a ring-3 image (cpufuzz.S) on
 * kmemlab, on every CPU tier, and on QEMU (TCG) with the same image: each
 * stream's line (exception vector, error code, RIP, hash of the final
 * registers, flags and memory) must be the same everywhere. npm test runs
 * one batch of CHEAP streams per ring; KMEMLAB_FUZZ_LONG=1 runs
 * KMEMLAB_FUZZ_CASES streams (default 1,000,000, in batches of BATCH per
 * boot) from KMEMLAB_FUZZ_SEED and prints the counts and the rate.
 */
import { describe, it, expect } from "vitest";
import { Rng } from "../diff/inputs.ts";
import { CPU_TIERS, type CpuTier } from "../cpu-tiers-lead.ts";
import { spawnSync } from "node:child_process";
import { runKmemlab, HAS_QEMU } from "../bare/harness.ts";
import { QEMU, qemuArgs } from "../../boot/qemu.ts";
import { makeStreams, buildImage, qemuComparable, qemuAsHardware, REC } from "./streams.ts";

const LONG = process.env.KMEMLAB_FUZZ_LONG === "1";
const SEED = Number(process.env.KMEMLAB_FUZZ_SEED ?? 1);
const CHEAP = 400;
const TOTAL = LONG ? Number(process.env.KMEMLAB_FUZZ_CASES ?? 1_000_000) : CHEAP;
const BATCH = LONG ? 20_000 : CHEAP;
/** Exit value of cpufuzz.S after the last record (status (0x11 << 1) | 1). */
const DONE_EXIT = 35;

/**
 * The image under QEMU (the CONVENTIONS.md command line), with room for n
 * streams' output. The timeout only catches a hang: 20,000 streams take
 * QEMU about 100 s on a loaded machine, and QEMU killed by it exits 0
 * (SIGTERM), so a kill is reported as such.
 */
function runQemu(elf: string, n: number): { out: string; exit: number | string | null } {
  const r = spawnSync(QEMU, qemuArgs({ kernel: elf }), { encoding: "latin1", timeout: 300_000 + n * 20, killSignal: "SIGKILL", maxBuffer: 64 * n + (1 << 20) });
  return { out: r.stdout ?? "", exit: r.signal !== null ? `signal ${r.signal} (timed out)` : r.status };
}

function lines(out: string): string[] { return out.split("\n").filter((l) => l !== ""); }

function hex(records: Uint8Array, i: number): string { return Buffer.from(records.subarray(i * REC, i * REC + 16)).toString("hex"); }

/** The first streams whose lines differ, for the failure message. */
function diff(records: Uint8Array, a: string[], b: string[], what: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < 8; i++)
    if (a[i] !== b[i]) out.push(`${what} stream ${i} ${hex(records, i)}: ${a[i]} vs ${b[i]}`);
  return out;
}

async function runBatch(ring: 0 | 3, seed: number, n: number, tiers: readonly CpuTier[]): Promise<{ mismatches: string[]; rejected: number; ms: Record<string, number>; compared: number }> {
  const g = new Rng(seed * 2 + ring);
  const b = makeStreams(g, n, ring);
  const elf = buildImage(`r${ring}-s${seed}`, b.records, ring);
  const ms: Record<string, number> = {};
  const mismatches: string[] = [];
  let compared = 0;
  let ref: string[] | null = null, refName = "";
  for (const tier of tiers) {
    const t0 = Date.now();
    const r = await runKmemlab(elf, "", 20_000 * n + 50_000_000, tier);
    ms[tier] = Date.now() - t0;
    if (r.exit !== DONE_EXIT) mismatches.push(`kmemlab [${tier}] ended with ${r.exit} after ${lines(r.out).length} streams`);
    const l = lines(r.out);
    if (ref === null) { ref = l; refName = tier; } else mismatches.push(...diff(b.records, ref, l, `${refName} vs ${tier}:`));
  }
  if (HAS_QEMU) {
    const t0 = Date.now();
    const q = runQemu(elf, n);
    ms.qemu = Date.now() - t0;
    if (q.exit !== DONE_EXIT) mismatches.push(`QEMU ended with ${q.exit} after ${lines(q.out).length} streams`);
    const ql = lines(q.out).map((l, i) => qemuAsHardware(l, ref![i] ?? "", b.records.subarray(i * REC, i * REC + REC)));
    const ours = ref!.map((l, i) => (qemuComparable(b.records, i) ? l : "(not compared)"));
    const theirs = ql.map((l, i) => (i < ours.length && (!qemuComparable(b.records, i) || l.startsWith("(not compared")) ? "(not compared)" : l));
    for (let i = 0; i < ours.length; i++) if (theirs[i] === "(not compared)") ours[i] = "(not compared)";
    mismatches.push(...diff(b.records, ours, theirs, `${refName} vs QEMU:`));
    compared = ours.filter((l) => l !== "(not compared)").length;
  }
  return { mismatches, rejected: b.rejected, ms, compared };
}

for (const ring of [0, 3] as const) {
  describe(`cpufuzz ring ${ring}: ${TOTAL} streams from seed ${SEED}`, () => {
    it("the same vector, error code, RIP and state on every tier and on QEMU", async () => {
      const all: string[] = [];
      let rejected = 0, done = 0;
      const ms: Record<string, number> = {};
      for (let s = 0; done < TOTAL; s++) {
        const n = Math.min(BATCH, TOTAL - done);
        // the long run: every tier on the first batch, then the default tier (the others are the same code)
        const r = await runBatch(ring, SEED * 1000 + s, n, !LONG || s === 0 ? CPU_TIERS : ["interpreter"]);
        all.push(...r.mismatches);
        rejected += r.rejected; done += n;
        for (const [k, v] of Object.entries(r.ms)) ms[k] = (ms[k] ?? 0) + v;
        if (all.length > 20) break;
      }
      if (LONG) {
        const rate = Object.entries(ms).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(", ");
        console.log(`cpufuzz ring ${ring}: ${done} streams (${rejected} generated streams rejected), ${all.length} mismatches; time ${rate}; ` +
          `${Math.round(done / ((ms.interpreter ?? 1) / 1000))} streams/s on kmemlab, ${Math.round(done / ((ms.qemu ?? 1) / 1000))} on QEMU`);
      }
      expect(all.slice(0, 20)).toEqual([]);
    }, LONG ? 6 * 3600_000 : 120_000);
  });
}

/** SSE instructions kmemlab implements, each with a register and a memory operand. */
const SSE = ["0f10c1", "0f1101", "0f28c1", "0f2901", "660f6fc1", "660f7f01", "f30f6f01", "0f57c1", "660fefc1", "660f6cc1", "660f6dc1",
  "660f6ec0", "660f7ec0", "f30f7e01", "660fd601", "66480f6ec0"];

describe("cpufuzz: SSE with CR4.OSFXSR clear (CR0.EM clear)", () => {
  it("raises #UD at the instruction on every tier and on QEMU", async () => {
    const rec = new Uint8Array(REC * SSE.length);
    const dv = new DataView(rec.buffer);
    SSE.forEach((h, i) => { rec.set(Buffer.from(h.padEnd(32, "c"), "hex"), i * REC); dv.setUint32(i * REC + 16, 0xffe6ffff, true); dv.setUint32(i * REC + 20, 2, true); });
    const expected = SSE.map(() => "6 0 1ff800");
    for (const ring of [0, 3] as const) {
      const elf = buildImage(`sse-r${ring}`, rec, ring, false, true);
      for (const tier of CPU_TIERS) {
        const r = await runKmemlab(elf, "", 50_000_000, tier);
        expect(lines(r.out).map((l) => l.split(" ").slice(0, 3).join(" ")), `ring ${ring} [${tier}]`).toEqual(expected);
      }
      if (HAS_QEMU) expect(lines(runQemu(elf, SSE.length).out).map((l) => l.split(" ").slice(0, 3).join(" ")), `ring ${ring} QEMU`).toEqual(expected);
    }
  });
});

/**
 * Streams that once differed (each a fixed regression): RSP loaded from
 * memory with a non-canonical value, then int3 (the frame must keep its
 * exact bits); pop to an unmapped address (RSP unchanged); iretq with a bad
 * CS from ring 3 (nothing changed); an x87 escape (#NM under CR0.EM);
 * pop with a non-canonical RSP (#SS); 0F 01 /5 with a non-canonical
 * address (#UD, not #GP); stosb to a non-canonical RDI (#GP); enter whose
 * nested-frame read faults (RSP as before), or reads through a
 * non-canonical RBP (#SS); int $0xd (QEMU's line kept as it is); a far
 * call through memory to a bad selector (no stack write); repnz scasl with
 * a count past 2^53; bt's bit offset with a 32-bit address.
 */
const REGRESSIONS: [string, string | null][] = [
  ["488b20", null], ["19de8f0113c8bea1d244d797a24d1b22", null], ["cfe9a3a419673835468ba6b47f53ddfd", null], ["dbf9", "7 0 1ff800"],
  ["5cae925d", "c 0 1ff803"], ["48b800000000008000000f0128", "6 0 1ff80a"],
  // stosb through a popped non-canonical RDI (#GP, not #PF); enter $x, $12 with an unmapped RBP (RSP restored)
  ["26645fb629aa1454786b4c05790c307e", "d 0 1ff805"], ["08eb74188c6bfbbd47c941a6764dc855", null],
  // enter $x, $11 after popping a non-canonical RBP: the enclosing frames' read is #SS(0)
  ["5d65c838c08bb3051456bc28a87955af", "c 0 1ff801"],
  // int $0xd: the handler takes RIP for the error code, which is no IDT error code to read in hardware's terms
  ["cd0d", null],
  // call far [rbx+0x29] to selector 0x413c (past the GDT): #GP(sel) before anything is pushed (ring 3 seed 1)
  ["ff5b29b76891dae5d833dd1d96443cb0", "d 413c 1ff800"],
  // pop %rcx (a count past 2^53), repnz scasl to the first page that faults: one off RCX per element (seed 3 ring 0);
  // btr %edi,-0x60(%ecx): the bit offset's bytes wrap at 4 GiB with the address (CR2 0x3fc30; seed 3 ring 0)
  ["59f2af", null], ["67400fb379a0", null],
];

describe("cpufuzz: the regressions", () => {
  it("give the same line on every tier and on QEMU, and the expected exception", async () => {
    const rec = new Uint8Array(REC * REGRESSIONS.length);
    const dv = new DataView(rec.buffer);
    REGRESSIONS.forEach(([h], i) => { rec.set(Buffer.from(h.padEnd(32, "c"), "hex"), i * REC); dv.setUint32(i * REC + 16, 0xffe6ffff, true); dv.setUint32(i * REC + 20, 2, true); });
    for (const ring of [0, 3] as const) {
      const elf = buildImage(`regressions-r${ring}`, rec, ring);
      let ref: string[] | null = null;
      for (const tier of CPU_TIERS) {
        const l = lines((await runKmemlab(elf, "", 50_000_000, tier)).out);
        if (ref === null) ref = l; else expect(l, `ring ${ring} [${tier}]`).toEqual(ref);
      }
      REGRESSIONS.forEach(([, want], i) => { if (want !== null) expect(ref![i]!.split(" ").slice(0, 3).join(" "), `ring ${ring} stream ${i}`).toBe(want); });
      if (HAS_QEMU) expect(lines(runQemu(elf, REGRESSIONS.length).out).map((l, i) => qemuAsHardware(l, ref![i], rec.subarray(i * REC, i * REC + REC))), `ring ${ring} QEMU`).toEqual(ref);
    }
  });
});

/**
 * REP MOVS over the stream's own code (streams.ts, repWritesAfterCountOrDest): QEMU stops the REP
 * where it overwrote translated code and runs the new bytes; hardware (this host's CPU, through
 * native.c: RDI 0x200000, RSI 0x1fff80, RCX as here, #PF at the REP) finishes the REP it decoded.
 * Compared between the tiers only, and with hardware's vector and RIP. Ring 3 seed 1 stream 16119
 * (xchg eax,ecx; mov ebx,imm32; rep movsd) and seed 2 stream 9660 (bswap ecx; rep movsb).
 */
const REP_OVER_CODE = ["91bbaba9dfadf3a5ece726d2cbaf721aeff7e6ff930800000000000000000000", "67f30fc9f3a4ab6a77a8e52eda46c173eff7e6ff930800000000000000000000"];

describe("cpufuzz: REP MOVS over the stream's own code", () => {
  it("runs to the #PF at the end of the code page on every tier, as the host CPU does", async () => {
    const rec = new Uint8Array(Buffer.from(REP_OVER_CODE.join(""), "hex"));
    const elf = buildImage("rep-over-code-r3", rec, 3);
    let ref: string[] | null = null;
    for (const tier of CPU_TIERS) {
      const l = lines((await runKmemlab(elf, "", 50_000_000, tier)).out);
      if (ref === null) ref = l; else expect(l, `[${tier}]`).toEqual(ref);
    }
    expect(ref!.map((l) => l.split(" ").slice(0, 3).join(" "))).toEqual(["e 7 1ff806", "e 7 1ff804"]);
  });
});
