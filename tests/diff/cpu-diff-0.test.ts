/*
 * cpu-diff-0.test.ts: the forms' coverage of the opcode table, and the
 * first half of the differential run (see cpu-diff.ts, forms.ts).
 */
import { describe, it, expect } from "vitest";
import { TABLE } from "../../emulator/cpu/opcode-table.ts";
import { FORMS, COVERED, SKIPPED } from "./forms.ts";
import { assembleForms, opcodeOf } from "./cpu-diff.ts";
import { shardSuite } from "./shard.ts";

describe("differential forms", () => {
  it("cover at least 200 forms, each assembling to the opcode it was generated for", () => {
    expect(FORMS.length).toBeGreaterThanOrEqual(200);
    const codes = assembleForms(FORMS);
    const wrong = FORMS.flatMap((f, i) => (f.op >= 0 && opcodeOf(codes[i]!) !== f.op ? [`${f.name}: ${Buffer.from(codes[i]!).toString("hex")}`] : []));
    expect(wrong).toEqual([]);
    expect(new Set(FORMS.map((f) => f.name)).size).toBe(FORMS.length);
  });
  it("walk the whole opcode table: every entry is covered or skipped with a reason", () => {
    const missing: string[] = [];
    for (let op = 0; op < 0x400; op++) {
      const row = TABLE[op];
      if (!row) continue;
      const keys = row.group ? row.group.flatMap((m, i) => (m ? [`${op.toString(16)}/${i}`] : [])) : [op.toString(16)];
      for (const k of keys) if (!COVERED.has(k) && !SKIPPED[k]) missing.push(`${k} ${row.mn}`);
    }
    expect(missing).toEqual([]);
    expect(Object.entries(SKIPPED).filter(([, why]) => why === "no generator")).toEqual([]);
  });
});

shardSuite(0);
