/*
 * disk-cache.test.ts: compiled regions kept on disk (emulator/jit/disk-cache.ts).
 * A second JIT over the same directory instantiates what the first one
 * generated instead of generating it, with the interpreter's results; a
 * damaged file is generated again; another generator's directory is removed.
 * A region spanning two pages is found again by a run whose slot tables
 * differ (its module imports them).
 */
import { describe, it, expect, afterAll } from "vitest";
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSnippet, registerSnippetTier, snippetCpu } from "../../../emulator/cpu/testing.ts";
import { createJit, type Jit } from "../../../emulator/jit/index.ts";
import { attachCore, coreModule } from "../../../emulator/wasm/core.ts";
import { assemble } from "../../asm.ts";
import { CORE_CACHE, failTest } from "../../cpu-tiers-lead.ts";

const dir = mkdtempSync(join(tmpdir(), "kmemlab-regions-"));
mkdirSync(join(dir, "regions-disk_cache_ts-0123456789abcdef"));   // another version's modules
mkdirSync(join(dir, "regions-kmemlab_cli_mjs-0123456789abcdef"));   // the bundle's
for (const t of ["disk-a", "disk-b", "disk-c"]) {
  registerSnippetTier(t, (c) => attachCore(c, coreModule(c.mmu.layout!, CORE_CACHE), createJit(c, { threshold: 1, onFailure: failTest, cacheDir: dir })));
}
const dir2 = mkdtempSync(join(tmpdir(), "kmemlab-regions-"));
for (const t of ["disk-d", "disk-e"]) {
  registerSnippetTier(t, (c) => attachCore(c, coreModule(c.mmu.layout!, CORE_CACHE), createJit(c, { threshold: 1, onFailure: failTest, cacheDir: dir2 })));
}
afterAll(() => { rmSync(dir, { recursive: true, force: true }); rmSync(dir2, { recursive: true, force: true }); });
const stats = (t: string) => (snippetCpu(t).jit as Jit).stats;
const code = assemble("mov $10, %ecx; 1: add %rcx, %rax; imul $3, %rax, %rdx; dec %ecx; jnz 1b; xor %rdx, %rax");
const init = () => ({ regs: Array.from({ length: 16 }, (_, i) => BigInt(i * 77)), rflags: 2n, mem: new Uint8Array(4096) });

describe("the JIT's disk cache", () => {
  it("a second JIT instantiates the first one's modules; a damaged one is generated again", () => {
    const want = runSnippet(code, init(), 10000, "typescript");
    expect(runSnippet(code, init(), 10000, "disk-a")).toEqual(want);
    const a = stats("disk-a");
    expect(a.compiled).toBeGreaterThan(0);
    expect(a.fromDisk).toBe(0);
    const sub = readdirSync(dir).filter((d) => d.startsWith("regions-"));
    expect(sub).toHaveLength(2);                   // the other version's directory is gone, the bundle's is not
    expect(existsSync(join(dir, "regions-disk_cache_ts-0123456789abcdef"))).toBe(false);
    expect(existsSync(join(dir, "regions-kmemlab_cli_mjs-0123456789abcdef"))).toBe(true);
    sub.splice(sub.indexOf("regions-kmemlab_cli_mjs-0123456789abcdef"), 1);
    const files = readdirSync(join(dir, sub[0]!));
    expect(files.length).toBe(a.compiled);

    expect(runSnippet(code, init(), 10000, "disk-b")).toEqual(want);
    const b = stats("disk-b");
    expect(b.fromDisk).toBe(a.compiled);
    expect(b.compiled).toBe(a.compiled);

    for (const f of files) writeFileSync(join(dir, sub[0]!, f), "not wasm");
    expect(runSnippet(code, init(), 10000, "disk-c")).toEqual(want);
    const c = stats("disk-c");
    expect(c.fromDisk).toBe(0);
    expect(c.compiled).toBe(a.compiled);
    expect(c.failed).toBe(0);
  });

  it("a region over two pages comes from disk in a run whose slot tables are others", () => {
    // a loop calling a function in the next page: one region over both pages
    const two = assemble("mov $200, %ecx; 1: call f; dec %ecx; jnz 1b; jmp 3f; .p2align 12; f: add $1, %rax; ret; 3: nop");
    const withStack = () => ({ ...init(), regs: init().regs.map((r, i) => (i === 4 ? 0x20000800n : r)) });
    const want = runSnippet(two, withStack(), 10000, "typescript");
    expect(want.regs[0]).toBe(200n);
    expect(runSnippet(two, withStack(), 10000, "disk-d")).toEqual(want);
    const d = stats("disk-d");
    expect(d.compiled).toBeGreaterThan(0);
    expect(d.fromDisk).toBe(0);
    expect(d.insns).toBeGreaterThan(500);
    // the second run decodes other code first, so the pages get other slot tables
    runSnippet(code, init(), 10000, "disk-e");
    const before = { ...stats("disk-e") };
    expect(runSnippet(two, withStack(), 10000, "disk-e")).toEqual(want);
    const e = stats("disk-e");
    expect(e.compiled - before.compiled).toBe(d.compiled);
    expect(e.fromDisk - before.fromDisk).toBe(d.compiled);
    expect(e.insns - before.insns).toBeGreaterThan(500);
  });
});
