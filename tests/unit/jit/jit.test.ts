/*
 * jit.test.ts: the JIT tier's own guarantees, beyond the CPU suites that
 * run on every tier: code is really compiled, self-modifying code and
 * rewritten code are seen, a fault in the middle of a block leaves the
 * interpreter's state (RIP, registers, flags, CR2), and the instruction
 * count is exact.
 */
import { describe, it, expect } from "vitest";
import { runSnippet, snippetCpu, DATA_BASE, CODE_BASE } from "../../../emulator/cpu/testing.ts";
import { createJit, Jit, MAX_WAITING, type Compiled } from "../../../emulator/jit/index.ts";
import { ACC_EXEC } from "../../../emulator/cpu/mmu.ts";
import type { InterpCore } from "../../../emulator/wasm/core.ts";
import { assemble } from "../../asm.ts";
import "../../cpu-tiers-lead.ts";

const regs = (o: Record<number, bigint> = {}) => Array.from({ length: 16 }, (_, i) => o[i] ?? 0n);
const mem = () => new Uint8Array(4096);
const both = (code: Uint8Array, r: bigint[], max = 100000) => ["typescript", "jit"].map((t) => runSnippet(code, { regs: r, rflags: 2n, mem: mem() }, max, t));
const stats = () => (snippetCpu("jit").jit as Jit).stats;

describe("JIT tier", () => {
  it("compiles and runs a loop with memory, stack and flags exactly like the interpreter", () => {
    const code = assemble(`
      mov $100, %ecx
    1: mov (%rbx,%rcx,8), %rax
      add %rcx, %rax
      mov %rax, (%rbx,%rcx,8)
      push %rax
      pop %rdx
      movzbl %dl, %esi
      movsbq %dl, %rdi
      lea 3(%rsi,%rdi,2), %r8
      xor %r8d, %r9d
      sub $1, %rcx
      jnz 1b
      cmp $7, %r9
      setb %al`);
    const before = stats().insns;
    const [a, b] = both(code, regs({ 3: BigInt(DATA_BASE), 4: BigInt(DATA_BASE + 0xff0) }));
    expect(b).toEqual(a);
    expect(stats().insns - before).toBeGreaterThan(900);
  });

  it("a page fault in the middle of a block leaves RIP, registers, flags and CR2 as the interpreter does", () => {
    const code = assemble("add $5, %rax; cmp %rcx, %rax; mov %rax, (%rdx); inc %rax");
    const before = stats().insns;
    const out = ["typescript", "jit"].map((t) => {
      const r = runSnippet(code, { regs: regs({ 0: 1n, 1: 9n, 2: 0x30000000n }), rflags: 2n, mem: mem() }, 100000, t);
      const c = snippetCpu(t);
      return { r, rip: c.rip, cr2: c.mmu.cr2 };
    });
    expect(out[0]!.r.fault).toBe(14);
    expect(out[1]).toEqual(out[0]);
    expect(out[1]!.rip).toBe(CODE_BASE + 7);         // at the store; add and cmp retired by compiled code
    expect(stats().insns - before).toBe(2);
  });

  it("continues a block through direct jmp/call in the page, exactly (also with a fault in the callee)", () => {
    const code = assemble(`
      mov $3, %ecx
    1: call 2f
      dec %ecx
      jnz 1b
      jmp 3f
    2: add %rcx, %rax
      mov (%rdx), %rbx
      ret
    3: nop`);
    const before = stats().insns;
    const ok = both(code, regs({ 2: BigInt(DATA_BASE + 8), 4: BigInt(DATA_BASE + 0x800) }));
    expect(ok[0]!.fault).toBe(null);
    expect(ok[1]).toEqual(ok[0]);
    expect(stats().insns - before).toBeGreaterThan(10);
    const bad = ["typescript", "jit"].map((t) => {
      const r = runSnippet(code, { regs: regs({ 2: 0x30000000n, 4: BigInt(DATA_BASE + 0x800) }), rflags: 2n, mem: mem() }, 1000, t);
      const c = snippetCpu(t);
      return { r, rip: c.rip, cr2: c.mmu.cr2 };
    });
    expect(bad[0]!.r.fault).toBe(14);
    expect(bad[1]).toEqual(bad[0]);
    expect(bad[1]!.r.regs[4]).toBe(BigInt(DATA_BASE + 0x800 - 8));   // the return address was pushed
  });

  it("sees code written by the program itself (store to a page with compiled code)", () => {
    // The loop body's `add $1, %eax` immediate is patched to 2 on the 3rd pass.
    const code = assemble(`
      xor %eax, %eax
      mov $5, %ecx
    1: add $1, %eax
      cmp $3, %ecx
      jne 2f
      lea 1b(%rip), %rdx
      movb $2, 2(%rdx)
    2: dec %ecx
      jnz 1b`);
    const [a, b] = both(code, regs());
    expect(a!.regs[0]).toBe(1n + 1n + 1n + 2n + 2n);
    expect(b).toEqual(a);
  });

  it("runs rewritten code after a snippet reuses the same address (decode cache and blocks dropped)", () => {
    const one = both(assemble("mov $1, %eax; add %eax, %eax"), regs());
    const two = both(assemble("mov $7, %eax; add %eax, %eax"), regs());
    expect(one[1]!.regs[0]).toBe(2n);
    expect(two[1]!.regs[0]).toBe(14n);
  });

  it("reports a code-generator failure with the region's disassembly and bytes and runs it in the interpreter", () => {
    const c = snippetCpu("jit");
    const core = c.core as InterpCore, saved = c.jit as Jit, log = c.hooks.log;
    const lines: string[] = [];
    core.setJit(createJit(c, { threshold: 1, failAt: CODE_BASE }));
    c.hooks.log = (s: string) => { lines.push(s); };
    try {
      const code = assemble("add %rcx, %rax; jz 1f; inc %rdx; 1: nop");
      const [a, b] = both(code, regs({ 0: 5n, 1: 7n }));
      expect(b).toEqual(a);
      expect(b!.regs[0]).toBe(12n);
      expect(lines).toEqual([
        "jit: region at 0x10000000 not compiled (code generator failure injected by a test); please report it with: " +
        "bb0: 0x10000000: add %rcx,%rax [48 01 c8]; 0x10000003: je 0x10000008 [74 03] | " +
        "bb1: 0x10000005: inc %rdx [48 ff c2] | bb2: 0x10000008: nop [90]",
      ]);
    } finally {
      c.hooks.log = log;
      core.setJit(saved);
      c.jit = saved;
    }
  });

  it("with a worker, queues at most MAX_WAITING regions and tells the rest to ask again, then delivers what arrives", async () => {
    // 100 distinct regions (`inc %rax; ret` every 4 bytes) asked for at once, before any reply can arrive
    const code = new Uint8Array(400);
    for (let k = 0; k < 100; k++) code.set([0x48, 0xff, 0xc0, 0xc3], 4 * k);
    runSnippet(code, { regs: regs(), rflags: 2n, mem: mem() }, 1, "typescript");
    const c = snippetCpu("typescript");
    const phys = c.mmu.tr(CODE_BASE, ACC_EXEC);
    const j = new Jit(snippetCpu("jit"), { worker: true });
    try {
      expect(j.compileAt(c, CODE_BASE, phys)).toBe("busy");       // binaryen is not loaded in the worker yet
      await j.ready;
      const got: (Compiled | null)[] = [];
      const asked = Array.from({ length: 100 }, (_, k) => j.compileAt(c, CODE_BASE + 4 * k, phys + 4 * k, (r) => { got.push(r); }));
      expect(asked.filter((r) => r === "pending").length).toBe(MAX_WAITING);
      expect(asked.slice(MAX_WAITING).every((r) => r === "busy")).toBe(true);
      expect(j.stats.busy).toBe(1 + 100 - MAX_WAITING);
      while (got.length < MAX_WAITING) await new Promise((r) => setTimeout(r, 5));
      expect(got.every((r) => r !== null && r.n === 2)).toBe(true);
      expect(j.stats.compiled).toBe(MAX_WAITING);
      // now cached: asked again, the answer is immediate
      expect(j.compileAt(c, CODE_BASE, phys)).not.toBe("pending");
    } finally {
      j.close();
    }
  }, 60_000);

  it("retires exactly maxSteps instructions when a block would overrun the budget", () => {
    const code = assemble("1: inc %rax; inc %rbx; inc %rcx; jmp 1b");
    const [a, b] = both(code, regs(), 1001);
    expect(b!.regs.slice(0, 4)).toEqual(a!.regs.slice(0, 4));
  });
});

/* Every compiled form against the interpreter on random inputs, all flag bits compared (the host-CPU
   differential suite masks the flags the SDM leaves undefined; the tiers must agree on those too). */
const FORMS = [
  "add %rcx, %rax", "add %ecx, %eax", "add %cx, %ax", "add %cl, %al", "add %ch, %ah", "adc %rcx, %rax",
  "sub %rcx, %rax", "sub %ecx, %eax", "sub %cx, %ax", "sub %cl, %bh", "cmp %rcx, %rax", "cmp %cl, %al", "cmp $-3, %rax",
  "and %rcx, %rax", "or %ecx, %eax", "xor %cx, %ax", "xor %sil, %dil", "test %rcx, %rax", "test %cl, %al", "test $0x80, %al",
  "test $0x12345678, %eax", "testb $1, 8(%rbx)", "inc %rax", "dec %ecx", "inc %ax", "dec %al", "incq 16(%rbx)", "decl (%rbx,%rcx,1)",
  "add $1, %rax", "sub $0x7fffffff, %rax", "and $-16, %rsp", "or $0x55, %al", "xor $0x8000, %ax", "addq $5, 24(%rbx)",
  "add %rax, (%rbx)", "sub (%rbx), %ecx", "cmp %al, 3(%rbx)", "and 8(%rbx), %dx",
  "shl $1, %rax", "shl $5, %eax", "shl $9, %al", "shl $1, %cx", "shr $1, %rax", "shr $63, %rax", "shr $7, %al", "shr $3, %ax",
  "sar $1, %rax", "sar $31, %eax", "sar $3, %al", "sar $20, %ax", "rol $13, %rax", "rol $1, %eax", "rol $8, %ax", "rol $3, %al",
  "ror $1, %rax", "ror $7, %ecx", "ror $16, %ax", "ror $9, %al", "shlq $4, 8(%rbx)", "sarb $1, (%rbx)",
  "imul %rcx, %rax", "imul %ecx, %eax", "imul %cx, %ax", "imul $-7, %rcx, %rax", "imul $1000, %ecx, %eax", "imul $3, %cx, %ax",
  "imul 8(%rbx), %rdx",
  "mov %rcx, %rax", "mov %ecx, %eax", "mov %cx, %ax", "mov %ch, %al", "mov %sil, %al", "mov $-1, %eax", "mov $0x123456789, %rax",
  "movb $7, %ah", "mov %rax, 8(%rbx)", "mov %eax, 12(%rbx)", "mov %ax, 14(%rbx)", "mov %ah, 3(%rbx)", "mov 8(%rbx), %rcx",
  "movl $5, 4(%rbx)", "movq $-5, 40(%rbx)", "movzbl %ah, %ecx", "movzbq 5(%rbx), %rcx", "movzwl %ax, %edx", "movsbl %al, %ecx",
  "movsbw %al, %cx", "movswq %ax, %rcx", "movslq %eax, %rcx", "movslq 4(%rbx), %rdx", "movsbq 7(%rbx), %rax",
  "lea 8(%rax,%rcx,4), %rdx", "lea -1(%rax), %ecx", "lea (%rax,%rax,2), %ax", "lea 0x10(%rip), %rsi",
  "push %rax; pop %rcx", "push %rsp; pop %rax", "pushq $-2; pop %rdx", "pushq $0x1000; pop %rdx", "push %r12; pop %rsp",
  "sbb %ecx, %eax", "adc $5, %al", "sbb 8(%rbx), %rdx", "adc %ah, 3(%rbx)",
  "cmove %rcx, %rax", "cmovl %ecx, %eax", "cmovg 8(%rbx), %rdx", "cmovbe %cx, %ax",
  "sete %al", "setb 3(%rbx)", "setg %ah", "setp %sil",
  "not %rax", "notb 5(%rbx)", "neg %ecx", "negq 8(%rbx)", "negb %ah",
  "shl %cl, %rax", "sar %cl, %edx", "rol %cl, %ax", "shrq %cl, 8(%rbx)", "ror %cl, %bl",
  "xchg %rcx, %rax", "xchg %eax, %edx", "xchg %al, 3(%rbx)", "xchg %r8, 16(%rbx)",
  "cltq", "cqto", "cwtl", "cltd", "cbtw", "nopl 0(%rax)", "endbr64",
  "mov %rbx, %rbp; leave",
  "mul %rcx", "mul %ecx", "mul %cx", "mulb 3(%rbx)", "imul %rcx", "imul %ecx", "imulw 8(%rbx)", "imul %ch",
  "div %rcx", "xor %edx, %edx; div %rcx", "cqto; idiv %rcx", "div %ecx", "xor %edx, %edx; divl 8(%rbx)", "cltd; idiv %ecx",
  "div %cx", "cwtd; idiv %cx", "divb 5(%rbx)", "idiv %cl", "cbtw; idiv %ch", "mov $-1, %rcx; cqto; idiv %rcx",
  "mov %rax, %rdx; shr $33, %rdx; div %rcx",
  "bt %rcx, %rax", "bts %ecx, %eax", "btr %cx, %ax", "btc %rcx, %rdx", "bt $63, %rax", "bts $5, %ecx", "btr $17, %ax", "btc $40, %r9",
  "and $0x7ff, %rcx; btsq %rcx, (%rbx)", "and $255, %ecx; sub $128, %ecx; btl %ecx, 0x80(%rbx)", "and $127, %cx; btcw %cx, 0x40(%rbx)",
  "btq $45, 8(%rbx)", "btrl $3, (%rbx)", "lock btsq $1, 16(%rbx)",
  "lea 1f(%rip), %rcx; jmp *%rcx; 1: nop", "lea 1f(%rip), %rax; mov %rax, 8(%rbx); jmp *8(%rbx); 1: nop",
  "lea 1f(%rip), %rcx; call *%rcx; 1: pop %rax", "lea 1f(%rip), %rax; mov %rax, (%rsp); call *(%rsp); 1: pop %rdx",
  "mov %rax, %rcx; jmp *%rcx", "pushq 8(%rbx); popf", "and $0x8d5, %rax; push %rax; popf", "pushf; popf",
  "or $0x100, %rax; push %rax; popf",
  "lea 8(%rbx), %rdi; and $63, %ecx; rep stosb", "lea 8(%rbx), %rdi; and $63, %ecx; rep stosq", "lea 3(%rbx), %rdi; stosl",
  "lea 8(%rbx), %rdi; mov $0, %ecx; rep stosw", "lea 0x10(%rbx), %rsi; lea 0x200(%rbx), %rdi; and $63, %ecx; rep movsq",
  "lea 0x10(%rbx), %rsi; lea 0x13(%rbx), %rdi; and $63, %ecx; rep movsb", "lea 0x10(%rbx), %rsi; lea 0x12(%rbx), %rdi; movsw",
  "lea 0x10(%rbx), %rsi; lea 0x20(%rbx), %rdi; and $7, %ecx; repz cmpsb", "lea 0x10(%rbx), %rsi; lea 0x10(%rbx), %rdi; and $7, %ecx; repz cmpsq",
  "lea 0x10(%rbx), %rdi; and $255, %ecx; repnz scasb", "lea 0x10(%rbx), %rdi; and $255, %ecx; repz scasb",
  "lea 0x10(%rbx), %rdi; scasl", "lea 0x10(%rbx), %rsi; lea 0x30(%rbx), %rdi; cmpsw",
  "lea 0x10(%rbx), %rdi; rep stosb", "lea 0x10(%rbx), %rsi; lea 0x20(%rbx), %rdi; rep movsb",
  "clc", "stc", "cmc", "add %rcx, %rax; cmc; adc %rdx, %rbx", "sub %rcx, %rax; stc; sbb $0, %rdx", "std; cld",
  "std; lea 0x80(%rbx), %rdi; stosq; cld", "std; lea 0x80(%rbx), %rsi; lea 0x90(%rbx), %rdi; and $7, %ecx; rep movsb; cld",
  "std; lea 0x80(%rbx), %rdi; and $15, %ecx; repnz scasb; cld",
  "lea 0x10(%rbx), %rsi; lodsb", "lea 0x13(%rbx), %rsi; lodsl", "std; lea 0x20(%rbx), %rsi; lodsq; cld", "lea 0x20(%rbx), %rsi; lodsw",
];
function rnd64(s: { x: number }): bigint {
  const r = () => { s.x = (Math.imul(s.x, 1103515245) + 12345) >>> 0; return s.x; };
  const k = r() % 6;
  const v = (BigInt(r()) << 32n) | BigInt(r());
  return k === 0 ? 0n : k === 1 ? v & 0xffn : k === 2 ? (v & 0xffffffffn) : k === 3 ? -1n & 0xffffffffffffffffn : v;
}

describe("JIT tier: every compiled form equals the interpreter, all flags", () => {
  let before = 0;
  it("(counting)", () => { before = stats().insns; });
  for (const form of FORMS) {
    it(form, () => {
      const code = assemble(`${form}; jc 1f; nop; 1: jo 2f; nop; 2: js 3f; nop; 3: jp 4f; nop; 4: nop`);
      const seed = { x: form.length * 7919 };
      for (let k = 0; k < 40; k++) {
        const r = regs();
        for (let j = 0; j < 16; j++) r[j] = rnd64(seed);
        r[3] = BigInt(DATA_BASE + 0x100); r[4] = BigInt(DATA_BASE + 0x800);
        const data = new Uint8Array(4096);
        for (let j = 0; j < 4096; j++) data[j] = (j * 37 + k) & 0xff;
        const flags = BigInt(2 | (Number(rnd64(seed) & 0x8d5n)));
        const out = ["typescript", "jit"].map((t) => runSnippet(code, { regs: r, rflags: flags, mem: data }, 1000, t));
        expect(out[1], `case ${k}`).toEqual(out[0]);
      }
    });
  }
  it("ran the forms in compiled code", () => {
    // Each case's first block is the form and `jc` (the JIT stops before `nop`, which the
    // interpreter core runs with what follows); every form compiles.
    expect(stats().insns - before).toBeGreaterThan(FORMS.length * 40 * 2);
  });
});
