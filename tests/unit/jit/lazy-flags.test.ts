/*
 * lazy-flags.test.ts: the JIT's deferred flags against the interpreter.
 * An ALU op whose flags are only read by a following jcc/setcc/cmov is
 * compiled without computing RFLAGS: the condition comes straight from
 * its operands (fused), and RFLAGS is derived only where the block
 * leaves. Every family (add, sub/cmp, logic, inc/dec, neg) at every size,
 * followed by every condition code, on inputs chosen to hit the edges
 * (equal operands, sign boundaries, zero, all ones), must leave exactly
 * the interpreter's registers and RFLAGS, also when the flags cross a
 * loop's back edge or meet a fault.
 */
import { describe, it, expect } from "vitest";
import { runSnippet, snippetCpu, DATA_BASE } from "../../../emulator/cpu/testing.ts";
import type { Jit } from "../../../emulator/jit/index.ts";
import { assemble } from "../../asm.ts";
import { CC } from "../../../emulator/cpu/isa.ts";
import "../../cpu-tiers-lead.ts";

const SIZES: [string, string, string][] = [   // size, the operands
  ["q", "%rax", "%rcx"], ["l", "%eax", "%ecx"], ["w", "%ax", "%cx"], ["b", "%al", "%cl"],
];
const OPS = (a: string, c: string): string[] => [
  `add ${c}, ${a}`, `sub ${c}, ${a}`, `cmp ${c}, ${a}`, `and ${c}, ${a}`, `or ${c}, ${a}`, `xor ${c}, ${a}`, `test ${c}, ${a}`,
  `inc ${a}`, `dec ${a}`, `neg ${a}`, `cmp $-1, ${a}`, `sub $1, ${a}`,
];
const stats = () => (snippetCpu("jit").jit as Jit).stats;

/** Operand pairs around the edges of an n-bit value: 0, 1, all ones, the sign boundary, equal pairs, random. */
function inputs(bits: number): [bigint, bigint][] {
  const mask = (1n << BigInt(bits)) - 1n, min = 1n << BigInt(bits - 1);
  const edge = [0n, 1n, mask, min, min - 1n, min + 1n, 0x5an & mask, mask - 1n];
  const out: [bigint, bigint][] = [];
  for (const a of edge) for (const b of [a, 0n, 1n, mask, min, min - 1n]) out.push([a, b]);
  let x = bits * 31;
  for (let k = 0; k < 12; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const a = (BigInt(x) * 0x9e3779b97f4a7c15n) & mask;
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push([a, (BigInt(x) * 0xc2b2ae3d27d4eb4fn) & mask]);
  }
  return out;
}

describe("JIT deferred flags: op + jcc/setcc/cmov equal the interpreter", () => {
  for (const [sfx, a, c] of SIZES) {
    const bits = { q: 64, l: 32, w: 16, b: 8 }[sfx]!;
    const pairs = inputs(bits);
    // the input pairs (garbage above the operand size) at DATA_BASE, one 24-byte record per pair from +0x600
    const data = new Uint8Array(4096);
    const dv = new DataView(data.buffer);
    pairs.forEach(([x, y], k) => {
      const hi = ~((1n << BigInt(bits)) - 1n) & 0xffffffffffffffffn;
      dv.setBigUint64(16 * k, x | (0x7766554433221100n & hi), true);
      dv.setBigUint64(16 * k + 8, y | (0x1122334455667788n & hi), true);
    });
    for (const op of OPS(a, c)) {
      it(`${op} then each condition`, () => {
        for (const cc of CC) {
          // Per pair: the jcc fuses with the op, setcc and cmov read the same pending flags where
          // both paths meet, and pushf (run by the interpreter) sees the flags the block derives as it leaves.
          const code = assemble(`
          1: mov (%rbx), %rax
            mov 8(%rbx), %rcx
            ${op}
            j${cc} 2f
            lea 1(%r15), %r15
          2: set${cc} %r14b
            cmov${cc} %rcx, %r13
            pushf
            pop %rdx
            mov %rdx, (%rdi)
            mov %r14, 8(%rdi)
            mov %rax, 16(%rdi)
            add $16, %rbx
            add $24, %rdi
            dec %r9
            jnz 1b`);
          const r = Array.from({ length: 16 }, () => 0n);
          r[3] = BigInt(DATA_BASE); r[4] = BigInt(DATA_BASE + 0x5f0); r[7] = BigInt(DATA_BASE + 0x600); r[9] = BigInt(pairs.length);
          const out = ["typescript", "jit"].map((t) => runSnippet(code, { regs: r, rflags: 0x2n | 0x8d5n, mem: data }, 100000, t));
          expect(out[0]!.fault).toBe(null);
          expect(out[1], `${op}; j${cc}`).toEqual(out[0]);
        }
      });
    }
  }

  it("carries deferred flags across a loop's back edge and into a fault", () => {
    // The loop's cmp is pending at the back edge; the head's store faults on the last pass
    // (rbx walks off the mapped data page), so the interpreter takes over with the cmp's flags.
    const code = assemble(`
      mov $0, %ecx
    1: mov %rcx, (%rbx)
      add $8, %rbx
      inc %ecx
      cmp $600, %ecx
      jne 1b`);
    const before = stats().insns;
    const out = ["typescript", "jit"].map((t) => {
      const r = runSnippet(code, { regs: Array.from({ length: 16 }, (_, i) => i === 3 ? BigInt(DATA_BASE) : 0n), rflags: 2n, mem: new Uint8Array(4096) }, 10000, t);
      return { r, rip: snippetCpu(t).rip, cr2: snippetCpu(t).mmu.cr2 };
    });
    expect(out[0]!.r.fault).toBe(14);
    expect(out[1]).toEqual(out[0]);
    expect(stats().insns - before).toBeGreaterThan(2000);
  });

  it("keeps an older CF under inc/dec (merged before the partial write)", () => {
    const code = assemble("1: cmp %rcx, %rax; inc %rdx; jb 2f; dec %rsi; ja 2f; nop; 2: adc $0, %rdi; dec %r8; jnz 1b");
    for (const [x, y] of [[1n, 2n], [2n, 1n], [5n, 5n]] as [bigint, bigint][]) {
      const r = Array.from({ length: 16 }, () => 0n);
      r[0] = x; r[1] = y; r[6] = 1n; r[8] = 4n;
      const out = ["typescript", "jit"].map((t) => runSnippet(code, { regs: r, rflags: 2n, mem: new Uint8Array(64) }, 1000, t));
      expect(out[1]).toEqual(out[0]);
    }
  });
});
