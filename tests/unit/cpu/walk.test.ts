/*
 * walk.test.ts: the page walk the WebAssembly tiers do themselves on a TLB
 * miss (wasm/x86-ir.ts addWalk) against the interpreter's (Mmu.walk): the
 * snippet data page's PTE (and its page directory entry) rewritten to each
 * case, the TLB flushed, then one load or store in ring 3 on every tier.
 * The registers, the fault and CR2, and the PTE's accessed and dirty bits
 * afterwards must be the TypeScript interpreter's; the wasm walk must have
 * served the plain cases (no bit to set, no fault) without TypeScript.
 */
import { describe, it, expect } from "vitest";
import { runSnippet, snippetCpu, DATA_BASE, SNIPPET_PHYS } from "../../../emulator/cpu/testing.ts";
import { CPU_TIERS } from "../../cpu-tiers-lead.ts";
import { PTE_P, PTE_RW, PTE_US, PTE_A, PTE_D, PTE_PS } from "../../../emulator/cpu/mmu.ts";
import { assemble } from "../../asm.ts";

const LOAD = assemble("mov (%rdi), %rax; add $1, %rax");
const STORE = assemble("mov %rsi, (%rdi); add $1, %rax");
const JUMP = assemble("jmp *%rdi");
const PD_INDEX = DATA_BASE >>> 21, DEFAULT_PTE = SNIPPET_PHYS.data | PTE_P | PTE_RW | PTE_US;

interface Case { name: string; pte: number; nx?: boolean; code: Uint8Array; rdi?: bigint; largePage?: boolean }
const cases: Case[] = [
  { name: "load, accessed bit clear (the interpreter sets it)", pte: DEFAULT_PTE, code: LOAD },
  { name: "load, accessed bit set", pte: DEFAULT_PTE | PTE_A, code: LOAD },
  { name: "store, dirty bit clear (the interpreter sets it)", pte: DEFAULT_PTE | PTE_A, code: STORE },
  { name: "store, dirty bit set", pte: DEFAULT_PTE | PTE_A | PTE_D, code: STORE },
  { name: "load from a supervisor page in ring 3: #PF", pte: (DEFAULT_PTE & ~PTE_US) | PTE_A, code: LOAD },
  { name: "store to a read-only page: #PF", pte: (DEFAULT_PTE & ~PTE_RW) | PTE_A | PTE_D, code: STORE },
  { name: "load from a page not present: #PF", pte: DEFAULT_PTE & ~PTE_P, code: LOAD },
  { name: "jump into an NX page: #PF", pte: DEFAULT_PTE | PTE_A, nx: true, code: JUMP },
  { name: "load from a non-canonical address (the data page's low 48 bits): #GP", pte: DEFAULT_PTE | PTE_A, code: LOAD, rdi: 0x8000_0000_0000_0000n + BigInt(DATA_BASE + 8) },
  { name: "load through a 2 MiB page", pte: DEFAULT_PTE | PTE_A, code: LOAD, largePage: true },
  { name: "store through a 2 MiB page, dirty bit clear", pte: DEFAULT_PTE | PTE_A, code: STORE, largePage: true },
];

/** Run `k` on `tier` with the data page mapped as the case says; what the test compares. */
function run(k: Case, tier: string) {
  const c = snippetCpu(tier), m = c.mmu;
  const pdAt = SNIPPET_PHYS.pd + PD_INDEX * 8;
  // the levels above with their accessed bits set (as after any earlier walk), so the case decides alone
  for (const at of [SNIPPET_PHYS.pml4, SNIPPET_PHYS.pdpt, pdAt]) m.physWrite32(at, m.physRead32(at) | PTE_A);
  const pd = m.physRead32(pdAt);
  // a 2 MiB page at frame 0 maps DATA_BASE + SNIPPET_PHYS.data to the data page
  const leafAt = k.largePage ? pdAt : SNIPPET_PHYS.ptData;
  if (k.largePage) m.physWrite32(pdAt, (k.pte & 0xfff) | PTE_PS);
  else { m.physWrite32(leafAt, k.pte); m.physWrite32(leafAt + 4, k.nx ? 0x80000000 : 0); }
  m.flushTlb();
  const rdi = k.rdi ?? BigInt(DATA_BASE + (k.largePage ? SNIPPET_PHYS.data : 0) + 8);
  const mem = new Uint8Array(4096); mem[8] = 0x42;
  const regs = Array.from({ length: 16 }, (_, i) => (i === 7 ? rdi : i === 6 ? 0x1234n : i === 4 ? BigInt(DATA_BASE + 0x800) : 0n));
  const walksBefore = m.walks;
  const r = runSnippet(k.code, { regs, rflags: 2n, mem }, 100, tier);
  const out = { regs: r.regs, fault: r.fault, cr2: r.fault === 14 ? m.cr2 : 0, leaf: m.physRead32(leafAt) & 0xfff, stored: r.mem[8], walks: m.walks - walksBefore };
  // back to the snippet address space
  m.physWrite32(pdAt, pd);
  m.physWrite32(SNIPPET_PHYS.ptData, DEFAULT_PTE); m.physWrite32(SNIPPET_PHYS.ptData + 4, 0x80000000);
  m.flushTlb();
  return out;
}

describe("the WebAssembly tiers' page walk", () => {
  for (const k of cases) it(k.name, () => {
    const want = run(k, "typescript");
    for (const tier of CPU_TIERS.filter((t) => t !== "typescript")) {
      const { walks, ...got } = run(k, tier);
      const { walks: _w, ...exp } = want;
      expect(got, `${tier}`).toEqual(exp);
      // a plain access (nothing to set, no fault) is walked in WebAssembly: TypeScript walks only for the instruction fetch
      const plain = want.fault === null && (k.pte & PTE_A) !== 0 && (k.code !== STORE || (k.pte & PTE_D) !== 0);
      if (plain) expect(walks, `${tier}: TypeScript page walks`).toBeLessThan(want.walks);
    }
  });
});
