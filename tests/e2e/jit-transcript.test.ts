/*
 * jit-transcript.test.ts: a full `--clock virtual` boot with a kmemleak
 * scan and a module load/unload prints exactly the same transcript, kernel
 * timestamps included, on the interpreter (--no-jit) and with every block
 * compiled at once (--jit-threshold 1): the JIT retires the same
 * instructions at the same virtual times and takes interrupts at the same
 * boundaries.
 */
import { describe, it, expect } from "vitest";
import { bootGuest } from "./guest.ts";

const EXEC = "echo scan > /sys/kernel/debug/kmemleak; modprobe kmemleak-test; rmmod kmemleak_test; " +
  "echo scan > /sys/kernel/debug/kmemleak; cat /sys/kernel/debug/kmemleak | head -20; cat /proc/meminfo | head -3";

describe("JIT tier: same transcript as the interpreter", () => {
  it("--no-jit and --jit-threshold 1 print byte-identical --clock virtual transcripts", () => {
    const interp = bootGuest({ append: "kmemleak=on", exec: EXEC, extra: ["--no-jit"] });
    const jit = bootGuest({ append: "kmemleak=on", exec: EXEC, extra: ["--jit-threshold", "1"] });
    expect(interp.status).toBe(0);
    expect(interp.out).toContain("kmemleak");
    expect(jit.status).toBe(interp.status);
    expect(jit.out).toBe(interp.out);
  }, 300_000);
});
