/*
 * regions.test.ts: random control flow inside one page (jcc, jmp, calls
 * into the region's own basic blocks, recursion, ret), compiled at once
 * and run against the TypeScript interpreter. Every region must compile
 * (the test tiers throw on a code-generator failure: cpu-tiers-lead.ts)
 * and leave exactly the interpreter's registers, flags, memory and fault.
 * Regression: a followed call into a basic block also reached from the
 * region's entry made binaryen's Relooper render two blocks of one name,
 * and renaming them threw on the exits' branch to a label outside its code.
 */
import { describe, it, expect } from "vitest";
import { runSnippet, snippetCpu } from "../../../emulator/cpu/testing.ts";
import type { Jit } from "../../../emulator/jit/index.ts";
import { assemble } from "../../asm.ts";
import "../../cpu-tiers-lead.ts";

const regs = (o: Record<number, bigint> = {}) => Array.from({ length: 16 }, (_, i) => o[i] ?? 0n);

/**
 * A random program of `n` labelled blocks; r15 bounds the run, a ret happens only with something pushed.
 * `pages`: blocks are spread over the snippet's four code pages (calls and jumps between pages).
 */
function program(seed: number, pages = false): string {
  let s = seed >>> 0;
  const rnd = (n: number) => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 8) % n; };
  const ops = ["add %rbx, %rax", "sub $3, %rbx", "xor %eax, %ebx", "inc %rcx", "cmp $5, %rax", "test %ebx, %ecx",
    "shl $1, %rbx", "imul %rcx, %rax", "push %rax; pop %rdx", "lea 1(%rax,%rbx,2), %rsi", "adc %rcx, %rbx", "setg %dl"];
  const cc = ["je", "jne", "jl", "jg", "jb", "ja", "js", "jns", "jo", "jp"];
  const n = 4 + rnd(14);
  let src = "mov $0x20000c00, %rsp\nmov $400, %r15d\n";
  for (let k = 0; k < n; k++) {
    if (pages && k > 0 && rnd(3) === 0) src += ".p2align 12\n.skip " + (rnd(64) * 16) + ", 0x90\n";
    src += `L${k}: dec %r15d\njz Lend\n`;
    for (let j = rnd(3); j > 0; j--) src += ops[rnd(ops.length)] + "\n";
    const t = rnd(n);
    switch (rnd(5)) {
      case 0: src += `${cc[rnd(cc.length)]} L${t}\n`; break;
      case 1: src += `jmp L${t}\n`; break;
      case 2: src += `call L${t}\n`; break;
      case 3: src += "cmp $0x20000c00, %rsp\njae 1f\nret\n1:\n"; break;
      default: break;
    }
  }
  return src + "jmp L0\nLend: nop\n";
}

describe("JIT regions", () => {
  it("random jcc/jmp/call/ret graphs in one page (recursion included) compile and run exactly as interpreted", () => {
    const jit = snippetCpu("jit").jit as Jit;
    const before = { compiled: jit.stats.compiled, insns: jit.stats.insns };
    for (let seed = 1; seed <= 150; seed++) {
      const code = assemble(program(seed));
      const init = { regs: regs({ 0: 7n, 1: 3n, 3: BigInt(seed) }), rflags: 2n, mem: new Uint8Array(4096) };
      const [ts, jt] = ["typescript", "jit"].map((t) => runSnippet(code, init, 100000, t));
      expect(jt, `seed ${seed}:\n${program(seed)}`).toEqual(ts);
    }
    expect(jit.stats.failed).toBe(0);
    expect(jit.stats.compiled - before.compiled).toBeGreaterThan(150);
    expect(jit.stats.insns - before.insns).toBeGreaterThan(20_000);
  });

  it("the same spread over four pages: regions follow calls and jumps into other pages, exactly", () => {
    const jit = snippetCpu("jit").jit as Jit;
    const before = { compiled: jit.stats.compiled, insns: jit.stats.insns };
    let spread = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const src = program(seed, true);
      const code = assemble(src);
      if (code.length > 0x4000) continue;
      if (code.length > 0x1000) spread++;
      const init = { regs: regs({ 0: 7n, 1: 3n, 3: BigInt(seed) }), rflags: 2n, mem: new Uint8Array(4096) };
      const [ts, jt] = ["typescript", "jit"].map((t) => runSnippet(code, init, 100000, t));
      expect(jt, `seed ${seed}:\n${src}`).toEqual(ts);
    }
    expect(spread).toBeGreaterThan(50);
    expect(jit.stats.failed).toBe(0);
    expect(jit.stats.insns - before.insns).toBeGreaterThan(20_000);
  });

  it("a loop calling a function in another page runs as one region (ret predicted), and sees that function rewritten", () => {
    // 2000 rounds of a call into the next page; on round 1000 the callee's `add $1` becomes `add $2`
    const code = assemble(`
      mov $2000, %ecx
    1: call f
      cmp $1000, %ecx
      jne 2f
      lea f(%rip), %rdx
      movb $2, 3(%rdx)
    2: dec %ecx
      jnz 1b
      jmp 3f
      .p2align 12
    f: add $1, %rax
      ret
    3: nop`);
    const jit = snippetCpu("jit").jit as Jit;
    const before = { ...jit.stats };
    const init = { regs: regs({ 4: 0x20000800n }), rflags: 2n, mem: new Uint8Array(4096) };
    const [ts, jt] = ["typescript", "jit"].map((t) => runSnippet(code, init, 100000, t));
    expect(jt).toEqual(ts);
    expect(ts!.regs[0]).toBe(1001n + 2n * 999n);
    const d = (k: keyof typeof before) => jit.stats[k] - before[k];
    // nearly every round inside one compiled region: few entries, the ret predicted
    expect(d("insns")).toBeGreaterThan(2000 * 5);
    expect(d("entries")).toBeLessThan(100);
    expect(d("exitRet")).toBeLessThan(10);
  });
});
