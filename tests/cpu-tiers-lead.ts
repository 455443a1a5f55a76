/*
 * cpu-tiers-lead.ts: the CPU tiers every CPU test runs on. One list, so no
 * suite can skip a tier; the JIT tier joins it when it exists.
 */
export const CPU_TIERS = ["interpreter"] as const;
