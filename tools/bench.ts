/*
 * bench.ts: `kmemlab bench`: performance figures printed as a table (never
 * asserted by tests). Row 1: the interpreter's speed (TypeScript with its
 * WebAssembly core, emulator/wasm/core.ts) in million guest instructions
 * per second on tools/bench/loop.S, a bare-metal PVH loop mixing ALU work,
 * memory and branches; row 2 the TypeScript interpreter alone; the same
 * image under QEMU TCG (wall time difference between two iteration counts,
 * so QEMU's boot cost cancels out) when qemu-system-x86_64 is installed.
 * Row 3: the same loop on the JIT tier (emulator/jit; binaryen's import is
 * not timed, block compilation is). Then whole-system rows, each measured as the wall time
 * of a real `kmemlab boot --no-build -e ...` (best of 2), for the
 * interpreter, the JIT (--jit) and QEMU on the same kernel and initramfs: boot to
 * the shell and power off, `modprobe kmemleak-test` plus four
 * `echo scan`s, and 100 times `modprobe kmemleak-test; rmmod kmemleak_test`.
 * Last, the CPU-bound user programs (user/bin/cpubench.c, 2000 rounds, and
 * user/bin/cpumix.c, 45 rounds, ~300 M instructions each) in the guest
 * (best of 2, boot time subtracted) on the interpreter, on the JIT
 * compiling on the spot (its code's speed) and on the JIT with its worker
 * (what --jit gives), under qemu-x86_64 and natively. Between the two:
 * machine states and the gdb server (bench-snapshot.ts).
 */

import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Cpu } from "../emulator/cpu/cpu.ts";
import { IoBus } from "../emulator/devices/io-bus.ts";
import { step } from "../emulator/cpu/interp.ts";
import { parseKernel, loadPvh } from "../boot/pvh-loader.ts";
import { enterPvh } from "../boot/pvh-entry.ts";
import { QEMU, hasQemu, qemuArgs } from "../boot/qemu.ts";
import { MachineStop } from "../emulator/cpu/fault.ts";
import { loadJitBackend, createJit, DEFAULT_JIT_THRESHOLD } from "../emulator/jit/index.ts";
import { loadCore } from "../emulator/wasm/core.ts";
import { snapshotRows } from "./bench-snapshot.ts";

export interface BenchRow { name: string; value: string; note: string }

function buildLoop(root: string): string {
  const out = join(root, "build", "bench");
  mkdirSync(out, { recursive: true });
  execFileSync("as", ["--64", "-o", join(out, "loop.o"), join(root, "tools/bench/loop.S")]);
  execFileSync("ld", ["-m", "elf_x86_64", "--no-warn-rwx-segments", "-T", join(root, "tools/bench/loop.ld"), "-o", join(out, "loop.elf"), join(out, "loop.o")]);
  return join(out, "loop.elf");
}

/**
 * Run the loop image on the interpreter (`core`: with its wasm core) or with
 * the JIT tier at `jitThreshold` over it; returns {insns, seconds}.
 */
export async function runLoop(root: string, elf: Uint8Array, n: number, core: boolean, jitThreshold?: number): Promise<{ insns: number; seconds: number }> {
  const io = new IoBus();
  const cpu = new Cpu(16 << 20, io, null, { onHalt() {}, readTsc: () => 0, log() {} }, { wasmMemory: core || jitThreshold !== undefined });
  const jit = jitThreshold !== undefined ? createJit(cpu, { threshold: jitThreshold }) : null;
  if (core || jit !== null) await loadCore(cpu, { cacheDir: join(root, "build/cache"), jit });
  io.registerWide(0xf4, 4, null, () => { cpu.stop = new MachineStop("exit"); });
  enterPvh(cpu, loadPvh(cpu.mmu, parseKernel(elf), `n=${n}`, null));
  const t = performance.now();
  while (cpu.stop === null) cpu.run(1_000_000, step);
  return { insns: cpu.icount, seconds: (performance.now() - t) / 1000 };
}

function qemuSeconds(elfPath: string, n: number): number | null {
  const t = performance.now();
  const r = spawnSync(QEMU, qemuArgs({ kernel: elfPath, append: `n=${n}`, serial: "null" }));
  if (r.error || r.status !== 65) return null;
  return (performance.now() - t) / 1000;
}

export async function runBench(root: string, log: (s: string) => void): Promise<BenchRow[]> {
  const path = buildLoop(root);
  const elf = new Uint8Array(readFileSync(path));
  const n = 2_000_000;
  const bestOf = async (core: boolean, jit?: number) => {
    await runLoop(root, elf, 200_000, core, jit);      // warm-up (JS engine, wasm tier-up)
    const runs = [await runLoop(root, elf, n, core, jit), await runLoop(root, elf, n, core, jit), await runLoop(root, elf, n, core, jit)];
    return runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
  };
  const warm = await runLoop(root, elf, 200_000, true);
  const best = await bestOf(true);
  const mips = best.insns / best.seconds / 1e6;
  const ts = await bestOf(false);
  const tsMips = ts.insns / ts.seconds / 1e6;
  const rows: BenchRow[] = [{
    name: "interpreter, loop.S (ALU+memory+branches)",
    value: `${mips.toFixed(1)} MIPS`,
    note: `${(best.insns / 1e6).toFixed(1)} M instructions in ${best.seconds.toFixed(2)} s (best of 3); TypeScript + wasm core`,
  }, {
    name: "interpreter without its wasm core, loop.S",
    value: `${tsMips.toFixed(1)} MIPS`,
    note: `--no-wasm-core; the core is ${(mips / tsMips).toFixed(1)}x faster`,
  }];
  await loadJitBackend();
  const jbest = await bestOf(true, 1000);
  const jmips = jbest.insns / jbest.seconds / 1e6;
  rows.push({
    name: "JIT (threshold 1000), loop.S",
    value: `${jmips.toFixed(1)} MIPS`,
    note: `${(jbest.insns / 1e6).toFixed(1)} M instructions in ${jbest.seconds.toFixed(2)} s (best of 3); JIT/interpreter = ${(jmips / mips).toFixed(2)}`,
  });
  const big = 20_000_000, small = 1_000;
  const qBig = qemuSeconds(path, big), qSmall = qemuSeconds(path, small);
  if (qBig !== null && qSmall !== null && qBig > qSmall) {
    const perIter = (best.insns - warm.insns) / (n - 200_000);
    const insns = (big - small) * perIter;
    const qmips = insns / (qBig - qSmall) / 1e6;
    rows.push({ name: "QEMU TCG, same image", value: `${qmips.toFixed(0)} MIPS`, note: `ratio kmemlab/QEMU = ${(mips / qmips).toFixed(3)}` });
  } else rows.push({ name: "QEMU TCG, same image", value: "n/a", note: "qemu-system-x86_64 not installed" });
  for (const r of rows) log(`${r.name.padEnd(50)} ${r.value.padStart(12)}   ${r.note}`);
  for (const r of [...systemRows(root), ...debugRows(root), ...await snapshotRows(root), ...userProgramRows(root)]) { rows.push(r); log(`${r.name.padEnd(50)} ${r.value.padStart(12)}   ${r.note}`); }
  return rows;
}

/** One `kmemlab boot --no-build <args>`: its wall seconds and output, or null if it failed. */
function timeBoot(root: string, args: string[]): { seconds: number; stdout: string } | null {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(root, "tools/kmemlab.mjs"), "boot", "--no-build", ...args], { encoding: "utf8", timeout: 300_000 });
  return r.status === 0 ? { seconds: (performance.now() - t) / 1000, stdout: r.stdout ?? "" } : null;
}

/** The faster of two runs of `kmemlab boot --no-build <args>`, or null if one failed. */
function bestBoot(root: string, args: string[]): { seconds: number; stdout: string } | null {
  const a = timeBoot(root, args), b = a && timeBoot(root, args);
  return a && b ? (a.seconds <= b.seconds ? a : b) : null;
}

/** Wall seconds of `kmemlab boot --no-build <args>` (best of 2), or null if it failed. */
function bootSeconds(root: string, args: string[]): number | null { return bestBoot(root, args)?.seconds ?? null; }

/**
 * The CPU-bound user programs in the guest on each tier, under qemu-x86_64
 * and natively: cpubench (hashing, sorting, 128-bit arithmetic) and cpumix
 * (recursion, indirect calls, a switch's jump table, mul/div, string
 * instructions). In the guest their CLOCK_MONOTONIC is virtual time, i.e.
 * they report their own instruction count; guest MIPS = those
 * instructions / (wall time of the boot - wall time of `-e true`), and
 * qemu-x86_64's MIPS the same count over its time.
 */
function userProgramRows(root: string): BenchRow[] {
  // ~300 M instructions each: long enough that compiling the hot code and the noise of the boot time subtracted do not dominate
  return [...programRows(root, "cpubench", "2000"), ...programRows(root, "cpumix", "45")];
}

function programRows(root: string, prog: string, rounds: string): BenchRow[] {
  const bin = join(root, "build/user/bin", prog);
  const rows: BenchRow[] = [];
  const guest = (tier: string[]): { insns: number; seconds: number } | null => {
    const base = bootSeconds(root, [...tier, "-e", "true"]);
    const run = bestBoot(root, [...tier, "-e", `${prog} ${rounds}`]);
    const m = run && new RegExp(`${prog}: \\d+ rounds, .*?(\\d+) us`).exec(run.stdout);
    if (!run || !m || base === null || run.seconds <= base) return null;
    return { insns: Number(m[1]) * 1000, seconds: run.seconds - base };
  };
  const host = (cmd: string, args: string[]): number | null => {
    const t = performance.now();
    const r = spawnSync(cmd, args, { stdio: "ignore" });
    return r.status === 0 ? (performance.now() - t) / 1000 : null;
  };
  const q = spawnSync("sh", ["-c", "command -v qemu-x86_64"]).status === 0 ? host("qemu-x86_64", [bin, rounds]) : null;
  // the JIT's code speed (compiled on the spot: binaryen's import is in the boot time subtracted), then as users get it
  // (--jit: generated in a worker, so the first second or so of the program runs in the interpreter)
  // (at the default threshold: at 1,000 the boot's own regions, compiled on the main thread too, make the boot time
  // subtracted vary by more than the program takes)
  const tiers = [["interpreter", ["--no-jit"]], ["JIT, compiled on the spot", ["--jit-threshold", String(DEFAULT_JIT_THRESHOLD)]], ["JIT, worker (--jit)", ["--jit"]]] as const;
  for (const [name, tier] of tiers) {
    const g = guest([...tier]);
    const vsQemu = g && q !== null ? `, ${(q / g.seconds).toFixed(2)}x qemu-x86_64's speed` : "";
    rows.push({ name: `${prog} ${rounds} rounds: ${name}`, value: g ? `${(g.insns / g.seconds / 1e6).toFixed(1)} MIPS` : "n/a",
      note: g ? `${(g.insns / 1e6).toFixed(0)} M guest instructions in ${g.seconds.toFixed(2)} s (boot time subtracted)${vsQemu}` : "failed" });
  }
  rows.push({ name: `${prog} ${rounds} rounds: qemu-x86_64`, value: q === null ? "n/a" : `${q.toFixed(3)} s`, note: q === null ? "qemu-user not installed" : "QEMU user mode, same binary" });
  const n = host(bin, [rounds]);
  rows.push({ name: `${prog} ${rounds} rounds: native`, value: n === null ? "n/a" : `${n.toFixed(3)} s`, note: "the same static binary on the host" });
  return rows;
}

const SCAN = "modprobe kmemleak-test; for i in 1 2 3 4; do echo scan > /sys/kernel/debug/kmemleak; done";

/**
 * The book's debug kernel (configs/book-debug: KASAN inline, UBSAN, SLUB
 * debug, kmemleak) against the default one, and what `--memcheck` costs
 * (every direct-map access through TypeScript), on the JIT. Real KASAN
 * costs about 2x; the lab's KASAN runs the same inline checks.
 */
function debugRows(root: string): BenchRow[] {
  const rows: BenchRow[] = [];
  const f = (x: number | null) => (x === null ? "n/a" : `${x.toFixed(2)} s`);
  const vs = (x: number | null, base: number | null, what: string) => (x === null || base === null ? "failed" : `${(x / base).toFixed(2)}x ${what} (${f(base)})`);
  const built = spawnSync(process.execPath, [join(root, "tools/kmemlab.mjs"), "build", "--config", "book-debug"], { stdio: "ignore" }).status === 0;
  const work: [string, string[]][] = [["boot --exec true", ["-e", "true"]], ["modprobe kmemleak-test + 4 scans", ["-a", "kmemleak=on", "-e", SCAN]]];
  for (const [what, args] of work) {
    const base = bootSeconds(root, ["--jit", ...args]);
    const dbg = built ? bootSeconds(root, ["--jit", "--config", "book-debug", ...args]) : null;
    rows.push({ name: `${what}: book-debug kernel, JIT`, value: f(dbg), note: vs(dbg, base, "the default kernel's") });
  }
  const run = `insmod /lib/modules/$(uname -r)/kmembugs_test/test_kmembugs.ko; ${SCAN}`;
  const plain = bootSeconds(root, ["--jit", "-a", "kmemleak=on", "-e", run]);
  const checked = bootSeconds(root, ["--jit", "--memcheck", "-a", "kmemleak=on", "-e", run]);
  rows.push({ name: "modprobe kmemleak-test + 4 scans: --memcheck, JIT", value: f(checked), note: vs(checked, plain, "without it") });
  return rows;
}

function systemRows(root: string): BenchRow[] {
  const rows: BenchRow[] = [];
  const withQemu = hasQemu();
  const scan = SCAN;
  const loads = "i=0; while [ $i -lt 100 ]; do modprobe kmemleak-test; rmmod kmemleak_test; i=$((i+1)); done";
  // [what, args, also time the TypeScript interpreter alone]
  const work: [string, string[], boolean][] = [
    ["boot --exec true", ["-e", "true"], true],
    ["modprobe kmemleak-test + 4 scans", ["-a", "kmemleak=on", "-e", scan], true],
    ["100 x modprobe/rmmod kmemleak-test", ["-a", "kmemleak=on", "-e", loads], false],
  ];
  for (const [what, args, withTs] of work) {
    const interp = bootSeconds(root, ["--no-jit", ...args]);
    const tsOnly = withTs ? bootSeconds(root, ["--no-jit", "--no-wasm-core", ...args]) : null;
    const jit = bootSeconds(root, ["--jit", ...args]);
    const qemu = withQemu ? bootSeconds(root, ["--qemu", ...args]) : null;
    const f = (x: number | null) => (x === null ? "n/a" : `${x.toFixed(2)} s`);
    rows.push({ name: `${what}: interpreter`, value: f(interp), note: "wall time of the whole command" });
    if (withTs) rows.push({ name: `${what}: TypeScript only`, value: f(tsOnly), note: "--no-wasm-core" });
    rows.push({ name: `${what}: JIT`, value: f(jit), note: "--jit: code generated in a worker thread" });
    const ratio = (x: number | null, who: string) => (x === null || qemu === null ? "" : `${who} / QEMU = ${(x / qemu).toFixed(1)}`);
    rows.push({ name: `${what}: QEMU TCG`, value: f(qemu), note: qemu === null ? "qemu-system-x86_64 not installed" : [ratio(interp, "kmemlab interpreter"), ratio(jit, "JIT")].filter((x) => x).join(", ") });
  }
  return rows;
}
