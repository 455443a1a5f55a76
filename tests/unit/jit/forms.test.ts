/*
 * forms.test.ts: the flag facts of cpu/forms.ts KINDS against the CPU
 * differential suite's (tests/diff/forms.ts: which flags the host
 * comparison checks, per case, because the SDM defines them). For every
 * diff form whose instruction the wasm tiers run, grouped by kind and op:
 * a status flag the comparison never checks must be one KINDS says is
 * left undefined, and a flag KINDS says is undefined must go unchecked in
 * some case. Also: a kind whose flags the JIT defers writes them and reads
 * none, and a kind ending a basic block may leave.
 */
import { describe, it, expect } from "vitest";
import { runSnippet, snippetCpu, CODE_BASE } from "../../../emulator/cpu/testing.ts";
import { decode } from "../../../emulator/cpu/decoder.ts";
import { formOf, flagInfo, lazyFlagOp, endsBlock, allForms, STATUS } from "../../../emulator/cpu/forms.ts";
import { FORMS } from "../../diff/forms.ts";
import { assembleForms } from "../../diff/cpu-diff.ts";
import { Rng, newCase, randomCase } from "../../diff/inputs.ts";
import "../../cpu-tiers-lead.ts";

const CASES = 64;

describe("KINDS' flag facts", () => {
  it("say undefined exactly where the host comparison leaves flags unchecked", () => {
    const codes = assembleForms(FORMS);
    const c = snippetCpu("typescript");
    /** By kind/op: flags checked in some case, and flags unchecked in some case. */
    const seen = new Map<string, { checked: number; unchecked: number; undef: number; names: string[] }>();
    // decode each form's first instruction in batches that fit the snippet's code pages (a nop first: the run executes one instruction)
    for (let at = 0; at < FORMS.length;) {
      const batch: number[] = [], offs: number[] = [];
      let len = 1;
      while (at < FORMS.length && len + codes[at]!.length <= 0x4000) { offs.push(len); batch.push(at); len += codes[at]!.length; at++; }
      const blob = new Uint8Array(len);
      blob[0] = 0x90;
      batch.forEach((fi, k) => blob.set(codes[fi]!, offs[k]!));
      runSnippet(blob, { regs: Array(16).fill(0n), rflags: 2n, mem: new Uint8Array(64) }, 1, "typescript");
      batch.forEach((fi, k) => {
        const form = FORMS[fi]!;
        if (form.op < 0) return;
        c.rip = CODE_BASE + offs[k]!;
        const { ins, row } = decode(c);
        const f = formOf(ins, row);
        if (f === null) return;
        const key = `${f.kind}/${f.op}`;
        const e = seen.get(key) ?? { checked: 0, unchecked: 0, undef: flagInfo(f).undef, names: [] };
        const g = new Rng(0x5eed ^ fi);
        for (let n = 0; n < CASES; n++) {
          const cs = newCase();
          randomCase(g, cs);
          form.prep?.(cs, g);
          const mask = form.mask(cs) & STATUS;
          e.checked |= mask; e.unchecked |= STATUS & ~mask;
        }
        e.names.push(form.name);
        seen.set(key, e);
      });
    }
    expect(seen.size).toBeGreaterThan(40);
    const bad = [...seen.entries()].filter(([, e]) => (STATUS & ~e.checked & ~e.undef) !== 0 || (e.undef & ~e.unchecked) !== 0)
      .map(([k, e]) => `${k} (${e.names[0]}): never checked 0x${(STATUS & ~e.checked).toString(16)}, undef 0x${e.undef.toString(16)}, unchecked in some case 0x${e.unchecked.toString(16)}`);
    expect(bad).toEqual([]);
  });

  it("defer only flags a form writes and does not read; a basic block's end may leave", () => {
    for (const f of allForms()) {
      const fi = flagInfo(f), l = lazyFlagOp(f);
      if (l !== null) expect({ f, ok: (l.mask & ~fi.wr) === 0 && fi.rd === 0 }).toEqual({ f, ok: true });
      if (endsBlock(f)) expect({ f, exit: fi.exit }).toEqual({ f, exit: true });
    }
  });
});
