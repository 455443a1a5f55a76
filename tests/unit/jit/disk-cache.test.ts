/*
 * disk-cache.test.ts: compiled regions kept on disk (emulator/jit/disk-cache.ts).
 * A second JIT over the same directory instantiates what the first one
 * generated instead of generating it, with the interpreter's results; a
 * damaged file is generated again; another generator's directory is removed.
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
afterAll(() => rmSync(dir, { recursive: true, force: true }));
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
});
