/*
 * cpu-tiers-lead.ts: the CPU tiers every CPU test runs on. One list, so no
 * suite can skip a tier:
 *   "interpreter"  what users run: the TypeScript interpreter with its
 *                  WebAssembly core (emulator/wasm/core.ts) for the common
 *                  instructions;
 *   "jit"          the binaryen tier (emulator/jit) with a compile threshold
 *                  of 1, so every block start is compiled at once, its
 *                  blocks called from the interpreter core;
 *   "typescript"   the TypeScript interpreter alone (the reference the wasm
 *                  code is checked against).
 */
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Cpu } from "../emulator/cpu/cpu.ts";
import { registerSnippetTier } from "../emulator/cpu/testing.ts";
import { loadJitBackend, createJit, failureLine, type JitFailure } from "../emulator/jit/index.ts";
import { attachCore, coreModule } from "../emulator/wasm/core.ts";
import type { MachineOptions } from "../emulator/machine.ts";

export const CPU_TIERS = ["interpreter", "jit", "typescript"] as const;
export type CpuTier = (typeof CPU_TIERS)[number];

/** Compile threshold used by the tests' JIT tier. */
export const TEST_JIT_THRESHOLD = 1;
/** The emitted interpreter core is cached here (as `kmemlab boot` does). */
export const CORE_CACHE = resolve(dirname(fileURLToPath(import.meta.url)), "../build/cache");

await loadJitBackend();

/** A code-generator failure is a bug: on the test tiers it throws, so the test running the code fails. */
export function failTest(f: JitFailure): never { throw new Error(failureLine(f)); }

/** Options for `new Cpu(...)` on a tier. */
export function cpuOptions(tier: CpuTier): { wasmMemory: boolean } { return { wasmMemory: tier !== "typescript" }; }
/** Attach the tier's wasm parts to a CPU created with cpuOptions(tier). */
export function attachTier(c: Cpu, tier: CpuTier): void {
  if (tier === "typescript") return;
  const jit = tier === "jit" ? createJit(c, { threshold: TEST_JIT_THRESHOLD, onFailure: failTest, cacheDir: CORE_CACHE }) : null;
  attachCore(c, coreModule(c.mmu.layout!, CORE_CACHE), jit);
}
for (const t of CPU_TIERS) registerSnippetTier(t, (c) => attachTier(c, t));

/** The Machine options selecting a tier. */
export function machineTier(tier: CpuTier): Pick<MachineOptions, "jit" | "wasmCore" | "cacheDir"> {
  // (code generated on this thread: with a threshold of 1 every block start is compiled before it runs)
  return { jit: tier === "jit" ? { threshold: TEST_JIT_THRESHOLD, worker: false, onFailure: failTest } : null, wasmCore: tier !== "typescript", cacheDir: CORE_CACHE };
}
