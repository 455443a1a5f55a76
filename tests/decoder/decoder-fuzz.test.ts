/*
 * decoder-fuzz.test.ts: kmemlab's decoder against iced-x86 on 200,000
 * deterministic byte strings (see fuzz.ts for the rules and the subset),
 * plus the decoder bugs the fuzzing found.
 */
import { describe, it, expect } from "vitest";
import { fuzz, subset } from "./fuzz.ts";
import { snippetCpu, CODE_BASE } from "../../emulator/cpu/testing.ts";
import { decode } from "../../emulator/cpu/decoder.ts";
import { CpuFault } from "../../emulator/cpu/fault.ts";

const CASES = 200_000;

/** Length of the instruction in `bytes` at CODE_BASE, or the fault vector as a string. */
function len(bytes: number[]): number | string {
  const c = snippetCpu();
  c.mmu.mem.set([...bytes, ...Array(16).fill(0x90)], 0x10000);
  c.rip = CODE_BASE;
  try { decode(c); return c.iNext - CODE_BASE; } catch (e) { if (e instanceof CpuFault) return `#${e.vector}`; throw e; }
}

describe("decoder fuzzing against iced-x86 (64-bit)", () => {
  it(`agrees on ${CASES} byte strings: same length and mnemonic, or #UD outside the subset`, () => {
    const r = fuzz(CASES, 0xdec0de);
    expect(r.mismatches.slice(0, 30)).toEqual([]);
    // The generator reaches both sides: plenty of valid subset instructions and of rejected strings.
    expect(r.valid + r.rejected).toBe(CASES);
    expect(r.inSubset).toBeGreaterThan(CASES / 2);
    expect(r.rejected).toBeGreaterThan(CASES / 20);
    expect(subset().has("cmpxchg16b")).toBe(true);
  });

  it("regressions: mov CR/DR ignore the mod field, LOCK only on RMW memory forms, REX.W beats 66h on push/pop", () => {
    expect(len([0x0f, 0x20, 0x05])).toBe(3);               // mov %cr0, %rbp: no RIP-relative displacement
    expect(len([0x0f, 0x22, 0x44])).toBe(3);               // no SIB byte either
    expect(len([0x0f, 0x20, 0xc8])).toBe("#6");            // CR1 does not exist
    expect(len([0x44, 0x0f, 0x21, 0xc0])).toBe("#6");      // DR8 does not exist
    expect(len([0xf0, 0x01, 0x03])).toBe(3);               // lock add %eax, (%rbx)
    expect(len([0xf0, 0x01, 0xc3])).toBe("#6");            // lock with a register destination
    expect(len([0xf0, 0x39, 0x03])).toBe("#6");            // lock cmp
    expect(len([0xf0, 0x8b, 0x03])).toBe("#6");            // lock mov
    expect(len([0x66, 0x48, 0x50])).toBe(3);
  });
});
