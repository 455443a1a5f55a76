/*
 * shard.ts: one vitest file per shard of the forms, so the two halves of
 * the differential suite run in parallel worker processes.
 */
import { describe, it, expect } from "vitest";
import { CPU_TIERS } from "../cpu-tiers-lead.ts";
import { FORMS } from "./forms.ts";
import { runForms, failureText, CASES_PER_FORM } from "./cpu-diff.ts";

export const SHARDS = 2;

export function shardSuite(shard: number): void {
  describe(`cpu differential suite, shard ${shard + 1}/${SHARDS} [${CPU_TIERS.join(", ")}]`, () => {
    it(`agrees with the host CPU on ${CASES_PER_FORM} inputs per form`, () => {
      const idx = FORMS.map((_, i) => i).filter((i) => i % SHARDS === shard);
      const { failures, stats } = runForms(idx, CPU_TIERS);
      expect(stats.length).toBe(idx.length);
      expect(failureText(failures)).toBe("");
      // Native faults are expected only where an instruction can fault on its inputs (div/idiv: #DE).
      const faulting = stats.filter((s) => s.nativeFaults > 0 && !/^i?div/.test(s.name));
      expect(faulting.map((s) => `${s.name}: ${s.nativeFaults}`)).toEqual([]);
      // ...and every div/idiv form still runs most of its inputs to completion.
      for (const s of stats) if (/^i?div/.test(s.name)) expect(s.nativeFaults, s.name).toBeLessThan(s.cases / 2);
    }, 300_000);
  });
}
