/*
 * cpu-tiers-lead.ts: the CPU tiers every CPU test runs on. One list, so no
 * suite can skip a tier. "jit" is the binaryen tier (emulator/jit) with a
 * compile threshold of 1, so every block start is compiled at once.
 */
import type { Cpu } from "../emulator/cpu/cpu.ts";
import { registerSnippetTier } from "../emulator/cpu/testing.ts";
import { loadJitBackend, createJit } from "../emulator/jit/index.ts";
import type { MachineOptions } from "../emulator/machine.ts";

export const CPU_TIERS = ["interpreter", "jit"] as const;
export type CpuTier = (typeof CPU_TIERS)[number];

/** Compile threshold used by the tests' JIT tier. */
export const TEST_JIT_THRESHOLD = 1;

await loadJitBackend();
registerSnippetTier("jit", (c) => { createJit(c, { threshold: TEST_JIT_THRESHOLD }); });

/** Options for `new Cpu(...)` on a tier. */
export function cpuOptions(tier: CpuTier): { wasmMemory: boolean } { return { wasmMemory: tier !== "interpreter" }; }
/** Attach the tier's compiler to a CPU created with cpuOptions(tier). */
export function attachTier(c: Cpu, tier: CpuTier): void { if (tier === "jit") createJit(c, { threshold: TEST_JIT_THRESHOLD }); }
/** The Machine options selecting a tier. */
export function machineTier(tier: CpuTier): Pick<MachineOptions, "jit"> {
  return tier === "jit" ? { jit: { threshold: TEST_JIT_THRESHOLD } } : { jit: null };
}
