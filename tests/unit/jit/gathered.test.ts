/*
 * gathered.test.ts: a region gathered at a block start is reused when the
 * block start asks again (jit/index.ts Jit.gathered) only while
 * regionHolds(): the bytes it spans are the ones it was decoded from.
 */
import { describe, it, expect } from "vitest";
import { runSnippet, snippetCpu, CODE_BASE } from "../../../emulator/cpu/testing.ts";
import { gather, regionBytes, regionHolds } from "../../../emulator/jit/codegen.ts";
import { assemble } from "../../asm.ts";

describe("a gathered region's reuse", () => {
  it("holds while its bytes are unchanged, not after a store into any of them", () => {
    const code = assemble("mov $10, %ecx; 1: add %rcx, %rax; dec %ecx; jnz 1b; xor %rdx, %rax; nop; nop; ret");
    runSnippet(code, { regs: Array.from({ length: 16 }, () => 0n), rflags: 2n, mem: new Uint8Array(4096) }, 1, "interpreter");   // puts the code in place
    const c = snippetCpu("interpreter");
    const r = gather(c, CODE_BASE);
    const bytes = regionBytes(c.mmu.mem, r);
    expect(r.insns).toBe(8);
    expect(bytes[0]!.length).toBe(code.length);
    expect(regionHolds(c, r, bytes)).toBe(true);
    const at = r.pages[0]!.phys + (r.pages[0]!.lo - r.pages[0]!.lin);
    for (const k of [0, 7, code.length - 1]) {
      c.mmu.mem[at + k]! ^= 0x10;
      expect(regionHolds(c, r, bytes), `byte ${k} changed`).toBe(false);
      c.mmu.mem[at + k]! ^= 0x10;
      expect(regionHolds(c, r, bytes)).toBe(true);
    }
  });
});
