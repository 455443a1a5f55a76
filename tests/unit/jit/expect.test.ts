/*
 * expect.test.ts: the WebAssembly the JIT generates for a few small blocks,
 * checked in as text under expect/ so a change to the code generator shows
 * up in review. UPDATE_EXPECT=1 rewrites the files (then read the diff).
 */
import { describe, it, expect } from "vitest";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { runSnippet, snippetCpu, CODE_BASE, DATA_BASE } from "../../../emulator/cpu/testing.ts";
import { regionWat } from "../../../emulator/jit/index.ts";
import { assemble } from "../../asm.ts";
import "../../cpu-tiers-lead.ts";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "expect");
const BLOCKS: [string, string][] = [
  ["alu-jcc", "add %rcx, %rax; sub $1, %rcx; jnz 1f; nop; 1: nop"],
  ["load-push-ret", "mov 8(%rbx), %rax; push %rax; ret"],
  ["shift-imul-lea-jmp", "shl $3, %eax; imul $7, %rax, %rdx; lea (%rax,%rdx,4), %rcx; jmp 1f; 1: movzbl %cl, %esi; cmp %esi, %edi; jb 2f; 2: nop"],
];

describe("JIT expect tests: generated wat", () => {
  for (const [name, asm] of BLOCKS) {
    it(name, () => {
      const regs = Array.from({ length: 16 }, () => 0n);
      regs[3] = BigInt(DATA_BASE); regs[4] = BigInt(DATA_BASE + 0x800);
      runSnippet(assemble(asm), { regs, rflags: 2n, mem: new Uint8Array(4096) }, 1, "interpreter");   // puts the code in place
      const wat = regionWat(snippetCpu("interpreter"), CODE_BASE);
      const file = join(DIR, `${name}.wat`);
      if (process.env.UPDATE_EXPECT === "1" || !existsSync(file)) {
        if (process.env.UPDATE_EXPECT !== "1") throw new Error(`${file} is missing: run with UPDATE_EXPECT=1`);
        writeFileSync(file, wat);
      }
      expect(wat).toBe(readFileSync(file, "utf8"));
    });
  }
});
