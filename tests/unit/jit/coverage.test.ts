/*
 * coverage.test.ts: the forms added to the wasm tiers beyond moves and ALU
 * ops (mul/div, bt*, indirect jmp/call, popf, string instructions) run in
 * compiled code, and where they cannot (a #DE, a fault part-way through a
 * rep, a chunk boundary) leave exactly the interpreter's state: RIP,
 * registers, flags, memory, CR2 and the instruction count.
 * (jit.test.ts compares each form on random inputs; tests/diff against
 * the host CPU.)
 */
import { describe, it, expect } from "vitest";
import { runSnippet, snippetCpu, DATA_BASE, CODE_BASE } from "../../../emulator/cpu/testing.ts";
import type { Jit } from "../../../emulator/jit/index.ts";
import { REP_CHUNK } from "../../../emulator/cpu/state.ts";
import { assemble } from "../../asm.ts";
import "../../cpu-tiers-lead.ts";

const TIERS = ["typescript", "interpreter", "jit"];
const regs = (o: Record<number, bigint> = {}) => Array.from({ length: 16 }, (_, i) => o[i] ?? 0n);
const stats = () => (snippetCpu("jit").jit as Jit).stats;
/** The snippet on every tier: result, RIP and CR2 (the JIT's compiled instruction count alongside). */
function all(code: Uint8Array, r: bigint[], max = 100000, mem = new Uint8Array(4096)) {
  const before = stats().insns;
  const out = TIERS.map((t) => {
    const res = runSnippet(code, { regs: r, rflags: 2n, mem }, max, t);
    const c = snippetCpu(t);
    return { res, rip: c.rip, cr2: c.mmu.cr2 };
  });
  return { out, compiled: stats().insns - before };
}
function same(o: ReturnType<typeof all>["out"]) {
  expect(o[1]).toEqual(o[0]);
  expect(o[2]).toEqual(o[0]);
}

describe("JIT coverage: mul/div, bit tests, indirect branches, popf, strings", () => {
  it("a #DE in the middle of a region leaves RIP at the div, with what came before retired by compiled code", () => {
    const code = assemble("inc %rax; xor %edx, %edx; div %rcx; inc %rbx");
    const { out, compiled } = all(code, regs({ 0: 7n, 1: 0n }));
    same(out);
    expect(out[0]!.res.fault).toBe(0);
    expect(out[2]!.rip).toBe(CODE_BASE + 5);
    expect(compiled).toBe(2);
    // and an idiv overflow (INT64_MIN / -1) too
    const ov = all(assemble("mov $1, %rax; shl $63, %rax; cqto; idiv %rcx"), regs({ 1: -1n }));
    same(ov.out);
    expect(ov.out[0]!.res.fault).toBe(0);
  });

  it("a loop of mul, div and bit tests runs compiled", () => {
    const code = assemble(`
      mov $200, %ecx
      mov $12345, %r8
    1: mov %r8, %rax
      mul %rcx
      xor %edx, %edx
      lea 3(%rcx), %r9
      div %r9
      bts %rcx, %r10
      btc $3, %r11
      bt %rdx, %rax
      adc $0, %r12
      add %rax, %r8
      dec %ecx
      jnz 1b`);
    const { out, compiled } = all(code, regs());
    same(out);
    expect(compiled).toBeGreaterThan(200 * 11);
  });

  it("a switch table and calls through function pointers stay in compiled code", () => {
    // 300 rounds: jump through a table of 4 cases, each calling a function through a pointer in memory
    const code = assemble(`
      lea 10f(%rip), %rax; mov %rax, 0(%rbx)
      lea 11f(%rip), %rax; mov %rax, 8(%rbx)
      lea 12f(%rip), %rax; mov %rax, 16(%rbx)
      lea 13f(%rip), %rax; mov %rax, 24(%rbx)
      lea 20f(%rip), %rax; mov %rax, 32(%rbx)
      mov $300, %ecx
    1: mov %ecx, %eax
      and $3, %eax
      jmp *(%rbx,%rax,8)
    10: add $1, %rdx; jmp 2f
    11: add $10, %rdx; jmp 2f
    12: call *32(%rbx); jmp 2f
    13: lea 20f(%rip), %rax; call *%rax
    2: dec %ecx
      jnz 1b
      jmp 3f
    20: add $100, %rsi
      ret
    3: nop`);
    const { out, compiled } = all(code, regs({ 3: BigInt(DATA_BASE + 0x100), 4: BigInt(DATA_BASE + 0x800) }));
    same(out);
    expect(out[0]!.res.regs[2]).toBe(75n * 11n);
    expect(out[0]!.res.regs[6]).toBe(150n * 100n);
    expect(compiled).toBeGreaterThan(300 * 5);
  });

  /**
   * A loop through a switch's jump table and a table of function pointers
   * (at an absolute address, the data page), `jmp` and `call` being how it
   * goes through them (the index in %rax); it stays in one region.
   */
  const tableLoop = (jmp: string, call: string, perRound: number) => {
    const code = assemble(`
      lea 10f(%rip), %rax; mov %rax, 0(%rbx)
      lea 11f(%rip), %rax; mov %rax, 8(%rbx)
      lea 12f(%rip), %rax; mov %rax, 16(%rbx)
      lea 13f(%rip), %rax; mov %rax, 24(%rbx)
      lea 20f(%rip), %rax; mov %rax, 32(%rbx)
      lea 21f(%rip), %rax; mov %rax, 40(%rbx)
      mov $3000, %ecx
    1: mov %ecx, %eax
      and $3, %eax
      ${jmp}
    10: add $1, %rdx; jmp 2f
    11: add $10, %rdx; jmp 2f
    12: mov %ecx, %eax; shr $2, %eax; and $1, %eax; ${call}; jmp 2f
    13: sub $1, %rdx
    2: dec %ecx
      jnz 1b
      jmp 3f
    20: add $100, %rsi
      ret
    21: add $1000, %rdi
      ret
    3: nop`);
    const before = { ...stats() };
    const { out } = all(code, regs({ 3: BigInt(DATA_BASE + 0x100), 4: BigInt(DATA_BASE + 0x800) }));
    same(out);
    expect(out[0]!.res.regs[2]).toBe(750n * 10n);
    expect([out[0]!.res.regs[6], out[0]!.res.regs[7]]).toEqual([375n * 100n, 375n * 1000n]);
    const d = (k: "entries" | "exitIndirect" | "exitRet" | "insns") => stats()[k] - before[k];
    expect(d("insns")).toBeGreaterThan(3000 * perRound);
    expect(d("exitIndirect")).toBeLessThan(20);
    expect(d("exitRet")).toBeLessThan(20);
    expect(d("entries")).toBeLessThan(100);
  };

  it("a switch's jump table and a table of function pointers are predicted: the loop stays in one region", () => {
    // as gcc emits them: jmp/call *table(,%reg,8)
    tableLoop("jmp *0x20000100(,%rax,8)", "call *0x20000120(,%rax,8)", 5);
  });

  it("a table entry loaded into a register, then jmp/call through it, is predicted too: the loop stays in one region", () => {
    // gcc's other shape: mov table(,%reg,8),%r; jmp/call *%r
    tableLoop("mov 0x20000100(,%rax,8), %r11; jmp *%r11", "mov 0x20000120(,%rax,8), %rax; call *%rax", 6);
  });

  it("rep movs copies page by page across code pages, and a fault part-way leaves the interpreter's registers and CR2", () => {
    // 0x900 bytes from the end of the first code page into the data page
    // (run twice: the first run fills the TLB for the second code page, a miss being the interpreter's)
    const copy = assemble("lea 0xf00+0x10000000, %rsi; lea 0x20000010, %rdi; mov $0x120, %ecx; rep movsq; inc %rax");
    all(copy, regs());
    const ok = all(copy, regs());
    same(ok.out);
    expect(ok.out[0]!.res.fault).toBe(null);
    expect(ok.out[0]!.res.regs[1]).toBe(0n);
    expect(ok.compiled).toBe(5);
    // the destination runs off the data page: #PF after the first page's elements were copied
    const bad = all(assemble("lea 0x10000000, %rsi; lea 0x20000f00, %rdi; mov $0x100, %ecx; rep movsq"), regs());
    same(bad.out);
    expect(bad.out[0]!.res.fault).toBe(14);
    expect(bad.out[0]!.cr2).toBe(DATA_BASE + 0x1000);
    expect(bad.out[0]!.res.regs[1]).toBe(0x100n - 0x20n);
  });

  it("a rep longer than REP_CHUNK is retired one chunk per execution, the same on every tier", () => {
    // repz cmpsb over 10000 equal bytes (the code pages compared with themselves): 3 executions
    const code = assemble("lea 0x10000000, %rsi; mov %rsi, %rdi; mov $10000, %ecx; repz cmpsb");
    for (const max of [3, 4, 5, 6]) {
      const { out } = all(code, regs(), max);
      same(out);
      const left = 10000 - Math.min(3, max - 3) * REP_CHUNK;
      expect(out[0]!.res.regs[1], `after ${max} instructions`).toBe(BigInt(Math.max(left, 0)));
    }
    const st = all(assemble("lea 0x20000000, %rdi; mov $0x200, %ecx; mov $0x1234, %eax; rep stosq; repnz scasb"), regs());
    same(st.out);
  });

  it("a rep with elements left stays on itself in a function whose ret is predicted (memset's shape)", () => {
    // regression: the rep's "stay on the instruction" was taken for the basic block's ret target
    const code = assemble(`
      mov $3, %r15d
    1: lea 0x10000000, %rsi
      mov %rsi, %rdi
      mov $10000, %edx
      call f
      dec %r15d
      jnz 1b
      jmp 2f
    f: mov %rdx, %rcx
      repz cmpsb
      mov %rcx, %rax
      ret
    2: nop`);
    for (const max of [40, 1000]) {
      const { out } = all(code, regs({ 4: BigInt(DATA_BASE + 0x800) }), max);
      same(out);
    }
    const { out } = all(code, regs({ 4: BigInt(DATA_BASE + 0x800) }));
    same(out);
    expect(out[0]!.res.regs[0]).toBe(0n);
  });

  it("popf runs compiled unless it changes IF or TF", () => {
    const code = assemble(`
      mov $100, %ecx
    1: pushf
      pop %rax
      xor $0x8d5, %rax
      push %rax
      popf
      dec %ecx
      jnz 1b
      pushf
      pop %rax
      or $0x100, %rax
      push %rax
      popf
      nop`);
    const { out, compiled } = all(code, regs({ 4: BigInt(DATA_BASE + 0x800) }), 1000);
    same(out);
    expect(compiled).toBeGreaterThan(100 * 4);
  });
});
