/*
 * snippet.test.ts: focused CPU semantics in 64-bit user mode that the
 * differential suite cannot check against the host (faults, CR2-free
 * behaviour visible to user code, string instructions with rep, decode
 * cache invalidation by self-modifying code).
 */
import { describe, it, expect } from "vitest";
import { runSnippet, DATA_BASE, CODE_BASE, RO_BASE } from "../../../emulator/cpu/testing.ts";
import { assemble } from "../../asm.ts";
import { CPU_TIERS } from "../../cpu-tiers-lead.ts";

function runSnippetOn(tier: string, code: Uint8Array, init: Parameters<typeof runSnippet>[1], max = 100000) { return runSnippet(code, init, max, tier); }

function regs(init: Record<number, bigint> = {}): bigint[] {
  const r = Array<bigint>(16).fill(0n);
  r[4] = BigInt(DATA_BASE + 0x800);
  r[3] = BigInt(DATA_BASE + 0x100);
  for (const [k, v] of Object.entries(init)) r[Number(k)] = v;
  return r;
}
const mem = () => new Uint8Array(4096);
const RAX = 0, RCX = 1, RDX = 2, RSI = 6, RDI = 7;

for (const tier of CPU_TIERS) {
  describe(`cpu snippets [${tier}]`, () => {
    it("adds with carry into the high half and sets flags", () => {
      const r = runSnippetOn(tier, assemble("add %rcx, %rax"), { regs: regs({ [RAX]: 0xffffffffn, [RCX]: 1n }), rflags: 2n, mem: mem() });
      expect(r.fault).toBeNull();
      expect(r.regs[RAX]).toBe(0x100000000n);
      expect(r.rflags & 0x8d5n).toBe(0x14n); // PF, AF
    });
    it("adds a negative displacement to base and index (mov and lea)", () => {
      // rbx = DATA_BASE + 0x100; -8(%rbx) and -0x18(%rbx,%rcx,8) with rcx = 2 both land at +0xf8.
      const code = assemble("movq $0x55, -8(%rbx); mov -0x18(%rbx,%rcx,8), %rax; lea -0x100(%rbx), %rdx; lea -1(%rsi), %rdi");
      const r = runSnippetOn(tier, code, { regs: regs({ [RCX]: 2n, [RSI]: 0n }), rflags: 2n, mem: mem() });
      expect(r.fault).toBeNull();
      expect(r.regs[RAX]).toBe(0x55n);
      expect(r.regs[RDX]).toBe(BigInt(DATA_BASE));
      expect(r.regs[RDI]).toBe(0xffffffffffffffffn);
    });
    it("rep stosq stops exactly at the page that faults (fast path), with RCX and RDI of the first missing element", () => {
      const code = assemble("lea 0xff0(%rbx), %rdi; mov $4, %ecx; mov $0x1122334455667788, %rax; rep stosq");
      const r = runSnippetOn(tier, code, { regs: regs({ [3]: BigInt(DATA_BASE) }), rflags: 2n, mem: mem() });
      expect(r.fault).toBe(14);
      expect(r.regs[RCX]).toBe(2n);
      expect(r.regs[RDI]).toBe(BigInt(DATA_BASE + 0x1000));
      expect(new DataView(r.mem.buffer).getBigUint64(0xff8, true)).toBe(0x1122334455667788n);
    });
    it("rep movsb with the destination one byte past the source replicates the first byte (no memmove shortcut)", () => {
      const code = assemble("movb $0x41, (%rbx); movb $0x42, 1(%rbx); lea (%rbx), %rsi; lea 1(%rbx), %rdi; mov $8, %ecx; rep movsb");
      const r = runSnippetOn(tier, code, { regs: regs(), rflags: 2n, mem: mem() });
      expect(r.fault).toBeNull();
      expect(Buffer.from(r.mem.subarray(0x100, 0x10a)).toString("latin1")).toBe("AAAAAAAAA\0");
    });
    it("raises #PF (14) for an unmapped page and leaves the registers", () => {
      const r = runSnippetOn(tier, assemble("mov $1, %eax; mov (%rdx), %rcx"), { regs: regs({ [RDX]: 0x30000000n }), rflags: 2n, mem: mem() });
      expect(r.fault).toBe(14);
      expect(r.regs[RAX]).toBe(1n);
    });
    it("raises #GP (13) for a non-canonical address", () => {
      const r = runSnippetOn(tier, assemble("mov (%rdx), %rcx"), { regs: regs({ [RDX]: 0x8000000000000000n }), rflags: 2n, mem: mem() });
      expect(r.fault).toBe(13);
    });
    it("raises #DE (0) on division by zero", () => {
      const r = runSnippetOn(tier, assemble("xor %ecx, %ecx; div %rcx"), { regs: regs(), rflags: 2n, mem: mem() });
      expect(r.fault).toBe(0);
    });
    it("raises #UD (6) on ud2 and on privileged hlt as #GP (13)", () => {
      expect(runSnippetOn(tier, assemble("ud2"), { regs: regs(), rflags: 2n, mem: mem() }).fault).toBe(6);
      expect(runSnippetOn(tier, assemble("hlt"), { regs: regs(), rflags: 2n, mem: mem() }).fault).toBe(13);
    });
    it("runs rep stosq and rep movsb over the data page", () => {
      const code = assemble("lea 0x10(%rbx), %rdi; mov $4, %ecx; mov $0x1122334455667788, %rax; rep stosq; lea 0x10(%rbx), %rsi; lea 0x80(%rbx), %rdi; mov $32, %ecx; rep movsb");
      const r = runSnippetOn(tier, code, { regs: regs(), rflags: 2n, mem: mem() });
      expect(r.fault).toBeNull();
      const dv = new DataView(r.mem.buffer);
      expect(dv.getBigUint64(0x100 + 0x10 + 24, true)).toBe(0x1122334455667788n);
      expect(dv.getBigUint64(0x100 + 0x80 + 24, true)).toBe(0x1122334455667788n);
      expect(r.regs[RCX]).toBe(0n);
      expect(r.regs[RDI]).toBe(BigInt(DATA_BASE + 0x100 + 0xa0));
      expect(r.regs[RSI]).toBe(BigInt(DATA_BASE + 0x100 + 0x30));
    });
    it("executes code written by a store (decode cache is invalidated)", () => {
      // Overwrite the immediate of a later `mov $1, %eax` (b8 01 00 00 00) with 7, after it has run once.
      const code = assemble(`
        mov $2, %ecx
      1: call 2f
        dec %ecx
        jnz 1b
        jmp 3f
      2: mov $1, %eax
        movb $7, 2b+1(%rip)
        ret
      3:`);
      const r = runSnippetOn(tier, code, { regs: regs(), rflags: 2n, mem: mem() });
      expect(r.fault).toBeNull();
      expect(r.regs[RAX]).toBe(7n);
      void CODE_BASE;
    });

    /* Regressions found by the differential suite (tests/diff) and the decoder fuzzing (tests/decoder). */
    it("zero-extends a 32-bit register shifted or rotated by a masked count of 0", () => {
      const code = assemble("shl $32, %r9d; rol %cl, %r10d; sar $0, %r11d; shld $0, %eax, %r12d; shrd %cl, %eax, %r13d");
      const all = 0xffffffff_ffffffffn;
      const r = runSnippetOn(tier, code, { regs: regs({ 9: all, 10: all, 11: all, 12: all, 13: all, [RCX]: 0x20n }), rflags: 2n, mem: mem() });
      expect(r.fault).toBeNull();
      for (const n of [9, 10, 11, 12, 13]) expect(r.regs[n], `r${n}`).toBe(0xffffffffn);
    });
    it("decrements a 64-bit RCX in loop exactly (no double rounding)", () => {
      const code = assemble("loop 1f; 1: loope 2f; 2: loopne 3f; 3:");
      const r = runSnippetOn(tier, code, { regs: regs({ [RCX]: 0xf99affff201030a4n }), rflags: 2n, mem: mem() });
      expect(r.fault).toBeNull();
      expect(r.regs[RCX]).toBe(0xf99affff201030a1n);
      const z = runSnippetOn(tier, assemble("loop 1f; 1:"), { regs: regs({ [RCX]: 0x100000000n }), rflags: 2n, mem: mem() });
      expect(z.regs[RCX]).toBe(0xffffffffn);
    });
    it("counts a rep string instruction's 64-bit RCX exactly (no double rounding), up to the page that faults", () => {
      // cpufuzz ring 0 seed 3 batch 3003 stream 1141: pop %rcx then repnz scasl; RCX came out ...d400 (the count rounded to
      // a double's 1024 and every decrement lost); QEMU and the host CPU take exactly one off per element
      const big = 0x54e19dad5924d2d6n;
      for (const [body, el] of [["repnz scasl", 4], ["repnz scasb", 1], ["repz cmpsw", 2], ["rep stosw", 2], ["rep lodsq", 8], ["rep movsb", 1]] as const) {
        const r = runSnippetOn(tier, assemble(`lea 0xff0(%rbx), %rdi; lea 0xff0(%rbx), %rsi; mov $1, %eax; ${body}`),
          { regs: regs({ [RCX]: big, [3]: BigInt(DATA_BASE) }), rflags: 2n, mem: mem() });
        expect([r.fault, r.regs[RCX]], body).toEqual([14, big - BigInt(16 / el)]);
      }
      // a borrow from the high half (0x1_00000002 - 16 elements)
      const b = runSnippetOn(tier, assemble("lea 0xff0(%rbx), %rdi; rep stosb"), { regs: regs({ [RCX]: 0x100000002n, [3]: BigInt(DATA_BASE) }), rflags: 2n, mem: mem() });
      expect([b.fault, b.regs[RCX]]).toEqual([14, 0x100000002n - 16n]);
    });
    it("adds bt's register bit offset to the address within the address size, and checks the sum for canonical form", () => {
      // cpufuzz ring 0 seed 3 batch 3002 stream 1055 (67 0f b3 79 a0, btr %edi,-0x60(%ecx)) and batch 3004 stream 220:
      // the offset took the address past 4 GiB instead of wrapping; the host CPU (tests/cpufuzz/native.c) wraps, and
      // faults only when the sum is non-canonical
      const w = (r: { mem: Uint8Array }) => new DataView(r.mem.buffer).getBigUint64(0x100, true);
      const wrap = runSnippetOn(tier, assemble("btsq %rdi, (%ecx)"), { regs: regs({ [RCX]: 0xfff00000n, [RDI]: 0x20100100n * 8n + 1n }), rflags: 2n, mem: mem() });
      expect([wrap.fault, w(wrap)]).toEqual([null, 2n]);
      const neg = runSnippetOn(tier, assemble("btsq %rdi, -0x40(%ecx)"), { regs: regs({ [RCX]: BigInt(DATA_BASE + 0x240), [RDI]: BigInt.asUintN(64, -0x100n * 8n + 5n) }), rflags: 2n, mem: mem() });
      expect([neg.fault, w(neg)]).toEqual([null, 0x20n]);
      const back = runSnippetOn(tier, assemble("btsq %rdi, (%rax)"), { regs: regs({ [RAX]: 0x800020000100n, [RDI]: BigInt.asUintN(64, -(1n << 50n)) }), rflags: 2n, mem: mem() });
      expect([back.fault, w(back)]).toEqual([null, 1n]);
      const out = runSnippetOn(tier, assemble("btq %rdi, (%rax)"), { regs: regs({ [RAX]: BigInt(DATA_BASE + 0x100), [RDI]: 1n << 50n }), rflags: 2n, mem: mem() });
      expect(out.fault).toBe(13);
      const up = runSnippetOn(tier, assemble("btcl %edi, 0x10(%rax)"), { regs: regs({ [RAX]: BigInt(DATA_BASE + 0xf0), [RDI]: 0x24n }), rflags: 2n, mem: mem() });
      expect([up.fault, w(up)]).toEqual([null, 1n << 36n]);   // the dword at +4, its bit 4
    });
    it("translates a read-modify-write destination for writing before it reads it: the fault is a write's and changes nothing", () => {
      // cpufuzz ring 3 seed 3 (2e 42 0f ac 25 ..., shrd $0xf9,%esp,disp(%rip)): the host CPU's #PF error code had W set
      // where kmemlab read first (a read's fault, 4); the host CPU, tests/cpufuzz/native.c and scratch runs: every
      // instruction here but bt and cmp gives 6 on an unmapped page, and 7 on a read-only one, even shl by 0
      const unmapped = 0x30000000n;
      for (const [body, code] of [["addl $1, (%rdx)", 6], ["shll $0, (%rdx)", 6], ["shldl $0, %eax, (%rdx)", 6], ["rcll (%rdx)", 6],
        ["notl (%rdx)", 6], ["negq (%rdx)", 6], ["incw (%rdx)", 6], ["xchg %eax, (%rdx)", 6], ["cmpxchg %ecx, (%rdx)", 6], ["xadd %eax, (%rdx)", 6],
        ["cmpxchg8b (%rdx)", 6], ["btsl $1, (%rdx)", 6], ["btrq %rax, (%rdx)", 6], ["btl $1, (%rdx)", 4], ["btq %rax, (%rdx)", 4],
        ["cmpl $1, (%rdx)", 4], ["sbbb %al, (%rdx)", 6]] as const) {
        const r = runSnippetOn(tier, assemble(body), { regs: regs({ [RDX]: unmapped }), rflags: 2n, mem: mem() });
        expect([r.fault, r.code], body).toEqual([14, code]);
      }
      // a read-only page: the fault comes before the instruction changes a register or a flag
      const ro = (code: string, init: Record<number, bigint>, rflags = 2n) => runSnippetOn(tier, assemble(code), { regs: regs({ [RSI]: BigInt(RO_BASE), ...init }), rflags, mem: mem() });
      const sh = ro("shll $0, (%rsi)", {});
      expect([sh.fault, sh.code]).toEqual([14, 7]);
      const xa = ro("xadd %eax, (%rsi)", { [RAX]: 7n });
      expect([xa.fault, xa.code, xa.regs[RAX]]).toEqual([14, 7, 7n]);
      const adc = ro("adcl $-1, (%rsi)", {}, 3n);   // CF set: 0 + ~0 + 1 would leave ZF and CF set
      expect([adc.fault, adc.code, adc.rflags & 0x8d5n]).toEqual([14, 7, 1n]);
      const cx = ro("cmpxchg %ecx, (%rsi)", { [RAX]: 5n }, 0x40n | 2n);
      expect([cx.fault, cx.code, cx.regs[RAX], cx.rflags & 0x8d5n]).toEqual([14, 7, 5n, 0x40n]);
      const bt = ro("btsl $1, (%rsi); nop", {}, 3n);
      expect([bt.fault, bt.code, bt.rflags & 1n]).toEqual([14, 7, 1n]);
      // a read of it is no fault
      const rd = ro("add (%rsi), %eax; btl $1, (%rsi)", { [RAX]: 1n });
      expect([rd.fault, rd.regs[RAX]]).toEqual([null, 1n]);
    });
    it("pushes and pops 8 bytes when 66h comes with REX.W", () => {
      const code = assemble(".byte 0x66, 0x48, 0x50; .byte 0x66, 0x48, 0x9c; .byte 0x66, 0x48, 0x5a");
      const sp = BigInt(DATA_BASE + 0x800);
      const r = runSnippetOn(tier, code, { regs: regs({ [RAX]: 0x1122334455667788n }), rflags: 2n, mem: mem() });
      expect(r.fault).toBeNull();
      expect(r.regs[4]).toBe(sp - 8n);
      expect(r.regs[RDX]).toBe(2n);     // the pushed RFLAGS image
      expect(new DataView(r.mem.buffer).getBigUint64(0x7f8, true)).toBe(0x1122334455667788n);
    });
    it("raises #UD for LOCK on a register destination or a non-RMW instruction, and accepts lock add to memory", () => {
      for (const bad of [".byte 0xf0, 0x01, 0xc3", ".byte 0xf0, 0x8b, 0x03", ".byte 0xf0, 0x39, 0x03", ".byte 0xf0, 0x90"]) {
        expect(runSnippetOn(tier, assemble(bad), { regs: regs(), rflags: 2n, mem: mem() }).fault, bad).toBe(6);
      }
      const r = runSnippetOn(tier, assemble("movl $5, (%rbx); mov $3, %eax; lock add %eax, (%rbx); lock xadd %eax, (%rbx); lock cmpxchg %ecx, (%rbx)"),
        { regs: regs({ [RCX]: 9n }), rflags: 2n, mem: mem() });
      expect(r.fault).toBeNull();
      expect(new DataView(r.mem.buffer).getUint32(0x100, true)).toBe(11);
      expect(r.regs[RAX]).toBe(11n);
    });
    it("ignores 66h before an F3 SSE move (movdqu: no alignment check) and raises #UD for prefixed 0F AE forms", () => {
      const r = runSnippetOn(tier, assemble("lea 1(%rbx), %rax; .byte 0xf3, 0x66, 0x0f, 0x6f, 0x00"), { regs: regs(), rflags: 2n, mem: mem() });
      expect(r.fault).toBeNull();
      expect(runSnippetOn(tier, assemble(".byte 0x66, 0x0f, 0xae, 0x3b"), { regs: regs(), rflags: 2n, mem: mem() }).fault).toBe(6);   // clflushopt
      expect(runSnippetOn(tier, assemble(".byte 0xf3, 0x48, 0x0f, 0xae, 0xc0"), { regs: regs(), rflags: 2n, mem: mem() }).fault).toBe(6); // rdfsbase
    });
    it("raises #GP(0) for a string store through a non-canonical RDI (ES: no #PF), and an enter that faults part-way leaves RSP and RBP", () => {
      // cpufuzz ring 0 seed 1: stosb through a popped non-canonical RDI was a #PF; enter $x, $12 with an unmapped RBP moved RSP
      for (const body of ["stosb", "mov $3, %ecx; rep stosq", "mov %rbx, %rsi; movsb"]) {
        const r = runSnippetOn(tier, assemble(`movabs $0x54e19dad5924d2d6, %rdi; ${body}`), { regs: regs(), rflags: 2n, mem: mem() });
        expect(r.fault, body).toBe(13);
        expect(r.regs[RDI], body).toBe(0x54e19dad5924d2d6n);
      }
      const r = runSnippetOn(tier, assemble("mov $0xa641c947, %ebp; enter $0x10, $12"), { regs: regs(), rflags: 2n, mem: mem() });
      expect(r.fault).toBe(14);
      expect([r.regs[4], r.regs[5]]).toEqual([BigInt(DATA_BASE + 0x800), 0xa641c947n]);
      expect(new DataView(r.mem.buffer).getBigUint64(0x7f8, true)).toBe(0xa641c947n);   // the push of RBP was made (as on hardware)
      // the enclosing frames' reads are SS-relative: a non-canonical RBP is #SS(0) (cpufuzz ring 0 seed 2 stream 14819)
      const ss = runSnippetOn(tier, assemble("movabs $0x54e19dad5924d2d6, %rbp; enter $0x10, $11"), { regs: regs(), rflags: 2n, mem: mem() });
      expect([ss.fault, ss.regs[4]]).toEqual([12, BigInt(DATA_BASE + 0x800)]);
      // a frame that reaches an unmapped page faults at the enter itself, "a write using the final value of the stack pointer"
      // (SDM): cpufuzz ring 3 seed 3 stream 714 completed it and faulted at the next instruction; the host CPU faults at the enter
      const big = runSnippetOn(tier, assemble("enter $0x8000, $0; nop"), { regs: regs(), rflags: 2n, mem: mem() });
      expect([big.fault, big.regs[4], big.regs[5]]).toEqual([14, BigInt(DATA_BASE + 0x800), 0n]);
      const fits = runSnippetOn(tier, assemble("enter $0x100, $0"), { regs: regs(), rflags: 2n, mem: mem() });
      expect([fits.fault, fits.regs[4]]).toEqual([null, BigInt(DATA_BASE + 0x800 - 8 - 0x100)]);
      // a far call through memory to a bad selector: #GP(selector) before anything is pushed (cpufuzz ring 3 seed 1 stream 7321)
      const m = mem();
      new DataView(m.buffer).setUint16(0x104, 0x413c, true);
      const fc = runSnippetOn(tier, assemble("lcall *(%rbx)"), { regs: regs(), rflags: 2n, mem: m });
      expect([fc.fault, fc.regs[4]]).toEqual([13, BigInt(DATA_BASE + 0x800)]);
      // ... nor written: the stack below RSP is as it was (the host CPU writes nothing there either)
      expect(Buffer.from(fc.mem.subarray(0x7f0, 0x800)).toString("hex")).toBe("00".repeat(16));
    });
    it("movss/movsd: a load from memory zeroes the rest of the register, a register move and a store keep it", () => {
      const m = mem();
      for (let i = 0; i < 0x100; i++) m[0x100 + i] = i;
      const r = runSnippetOn(tier, assemble([
        "movdqu (%rbx), %xmm0", "movdqu 0x10(%rbx), %xmm1", "movdqa %xmm0, %xmm2", "movdqa %xmm0, %xmm3",
        "movsd %xmm1, %xmm0", "movss %xmm1, %xmm2", "movsd 0x20(%rbx), %xmm3", "movss 0x30(%rbx), %xmm1",
        "movdqu %xmm0, 0x40(%rbx)", "movdqu %xmm2, 0x50(%rbx)", "movdqu %xmm3, 0x60(%rbx)", "movdqu %xmm1, 0x70(%rbx)",
        "movsd %xmm0, 0x80(%rbx)", "movss %xmm0, 0x90(%rbx)"].join("; ")), { regs: regs(), rflags: 2n, mem: m });
      expect(r.fault).toBeNull();
      const at = (o: number) => Buffer.from(r.mem.subarray(0x100 + o, 0x110 + o)).toString("hex");
      expect([0x40, 0x50, 0x60, 0x70, 0x80, 0x90].map(at)).toEqual([
        "101112131415161708090a0b0c0d0e0f", "101112130405060708090a0b0c0d0e0f", "20212223242526270000000000000000",
        "30313233000000000000000000000000", "101112131415161788898a8b8c8d8e8f", "101112139495969798999a9b9c9d9e9f"]);
    });
    it("cvttpd2dq truncates two doubles to int32 (0x80000000 and IE for NaN or out of range, PE when inexact), #GP unaligned", () => {
      const m = mem();
      const dv = new DataView(m.buffer);
      [1.9, -2.5, NaN, 3e9, 2147483647.0, -2147483648.9, 5e-324, -0.0].forEach((d, i) => dv.setFloat64(0x100 + 8 * i, d, true));
      m.fill(0xff, 0x140, 0x150);
      dv.setUint32(0x1f0, 0x1f80, true);   // MXCSR: all masked, flags clear
      dv.setUint32(0x1f4, 0x1f00, true);   // IM clear
      const run = (body: string) => runSnippetOn(tier, assemble(`ldmxcsr 0xf0(%rbx); movdqu 0x40(%rbx), %xmm0; ${body}; movdqu %xmm0, 0x80(%rbx); stmxcsr 0xa0(%rbx)`),
        { regs: regs(), rflags: 2n, mem: m });
      const res = (r: ReturnType<typeof run>) => [Buffer.from(r.mem.subarray(0x180, 0x190)).toString("hex"),
        new DataView(r.mem.buffer).getUint32(0x1a0, true).toString(16)];
      expect(res(run("cvttpd2dq (%rbx), %xmm0"))).toEqual(["01000000feffffff0000000000000000", "1fa0"]);
      expect(res(run("cvttpd2dq 0x10(%rbx), %xmm0"))).toEqual(["00000080000000800000000000000000", "1f81"]);
      expect(res(run("cvttpd2dq 0x20(%rbx), %xmm0"))).toEqual(["ffffff7f000000800000000000000000", "1fa0"]);
      expect(res(run("cvttpd2dq 0x30(%rbx), %xmm0"))).toEqual(["00000000000000000000000000000000", "1fa0"]);
      expect(res(run("movdqu (%rbx), %xmm1; cvttpd2dq %xmm1, %xmm0"))).toEqual(["01000000feffffff0000000000000000", "1fa0"]);
      expect(run("cvttpd2dq 0x8(%rbx), %xmm0").fault).toBe(13);
      // IE unmasked: no result, IE set, #XM (#UD here: CR4.OSXMMEXCPT is clear)
      const r = runSnippetOn(tier, assemble("movdqu 0x40(%rbx), %xmm0; ldmxcsr 0xf4(%rbx); cvttpd2dq 0x10(%rbx), %xmm0"), { regs: regs(), rflags: 2n, mem: m });
      expect(r.fault).toBe(6);
    });
  });
}
