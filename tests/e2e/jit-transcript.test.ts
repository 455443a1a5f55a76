/*
 * jit-transcript.test.ts: a full `--clock virtual` boot with a kmemleak
 * scan and a module load/unload prints exactly the same transcript, kernel
 * timestamps included, with the TypeScript interpreter alone
 * (--no-wasm-core), with its WebAssembly core (the default) and with every
 * block compiled at once (--jit-threshold 1): each tier retires the same
 * instructions at the same virtual times and takes interrupts at the same
 * boundaries. A JIT whose code arrives from a worker thread in the middle of a run
 * changes nothing either.
 */
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { bootGuest } from "./guest.ts";
import { Machine } from "../../emulator/machine.ts";
import type { Jit } from "../../emulator/jit/index.ts";
import { packInitramfs } from "../../tools/build.ts";
import { ROOT, DEFAULT_KERNEL } from "../../tools/cli.ts";

// (the module is loaded twice: its second copy's code lands where compiled code of the first may have been)
const EXEC = "echo scan > /sys/kernel/debug/kmemleak; modprobe kmemleak-test; rmmod kmemleak_test; modprobe kmemleak-test; rmmod kmemleak_test; " +
  "echo scan > /sys/kernel/debug/kmemleak; cat /sys/kernel/debug/kmemleak | head -20; cat /proc/meminfo | head -3";

describe("CPU tiers: same transcript", () => {
  it("--no-wasm-core, the default and --jit-threshold 1 print byte-identical --clock virtual transcripts", () => {
    const interp = bootGuest({ append: "kmemleak=on", exec: EXEC, extra: ["--no-jit"] });
    const ts = bootGuest({ append: "kmemleak=on", exec: EXEC, extra: ["--no-jit", "--no-wasm-core"] });
    const jit = bootGuest({ append: "kmemleak=on", exec: EXEC, extra: ["--jit-threshold", "1"] });
    expect(interp.status).toBe(0);
    expect(interp.out).toContain("kmemleak");
    expect(ts.status).toBe(interp.status);
    expect(ts.out).toBe(interp.out);
    expect(jit.status).toBe(interp.status);
    expect(jit.out).toBe(interp.out);
  }, 300_000);

  it("a JIT generating its code in a worker thread (as on the console) compiles and changes nothing", async () => {
    const run = async (jit: { threshold: number; worker: boolean; waitForWorker: boolean } | null) => {
      const out: number[] = [];
      const m = new Machine({
        kernel: new Uint8Array(readFileSync(DEFAULT_KERNEL)), initrd: packInitramfs(ROOT, { exec: "cpubench 2500; echo done" }),
        clock: "virtual", jit, cacheDir: resolve(ROOT, "build/cache"), onSerial: (b) => { out.push(b); },
      });
      const r = await m.run({});
      return { r, out: Buffer.from(out).toString("latin1"), jit: m.cpu.jit as Jit | null };
    };
    const plain = await run(null);
    const bg = await run({ threshold: 50, worker: true, waitForWorker: true });
    expect(plain.out).toMatch(/cpubench: 2500 rounds, checksum [0-9a-f]+/);
    expect(bg.out).toBe(plain.out);
    expect(bg.r.insns).toBe(plain.r.insns);
    expect(bg.jit).not.toBeNull();
    expect(bg.jit!.stats.compiled).toBeGreaterThan(0);
    expect(bg.jit!.stats.insns).toBeGreaterThan(1_000_000);
  }, 300_000);
});
