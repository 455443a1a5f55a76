/*
 * pc-devices.test.ts: the PC device models end to end. pc-devices-kernel.S
 * (a bare-metal PVH kernel) programs COM1, the 8259 pair and the 8254 on a
 * full kmemlab Machine, counts 10 timer interrupts with sti/hlt, takes a
 * COM1 interrupt and prints what it saw. When qemu-system-x86_64 is
 * installed the same image also runs there (CONVENTIONS.md command line)
 * and must print the same bytes and exit with the same status.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Machine } from "../../../emulator/machine.ts";
import { QEMU, hasQemu, qemuArgs } from "../../../boot/qemu.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(HERE, "../../../build/test");
const ELF = join(OUT, "pc-devices.elf");
let elf: Uint8Array;

const EXPECTED =
  "pc devices\n" +
  "iir=c1\n" +
  "imr=ff\n" +
  "ch2 out=00\n" +
  "ch2 out=20\n" +
  "ticks 0123456789\n" +
  "isr=01\n" +
  "com1 iir=c2\n" +
  "loop lsr=61 rbr=L\n" +
  "rtc 26 02 80\n" +
  "done\n";

beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
  execFileSync("as", ["--64", "-o", join(OUT, "pc-devices.o"), join(HERE, "pc-devices-kernel.S")]);
  execFileSync("ld", ["-m", "elf_x86_64", "--no-warn-rwx-segments", "-T", join(HERE, "mini-kernel.ld"), "-o", ELF, join(OUT, "pc-devices.o")]);
  elf = new Uint8Array(readFileSync(ELF));
});


describe("PC devices on kmemlab", () => {
  it("takes 10 PIT ticks through the 8259, a COM1 interrupt, and exits with status 33", async () => {
    const bytes: number[] = [];
    const m = new Machine({ kernel: elf, cmdline: "", memoryMiB: 16, onSerial: (b) => { bytes.push(b); } });
    const r = await m.run({ maxInsns: 50_000_000 });
    expect(Buffer.from(bytes).toString("latin1")).toBe(EXPECTED);
    expect(r.exitCode).toBe(33);
    // 10 periods of 11932 PIT clocks (~100 ms) of virtual time have passed, mostly idle in hlt
    expect(m.clock.now()).toBeGreaterThan(100_001_000);
    expect(m.clock.now()).toBeLessThan(110_000_000);
    expect(r.insns).toBeLessThan(2_000_000);
  });
});

if (hasQemu()) {
  describe("PC devices on QEMU (same image)", () => {
    it("prints the same output and exits with the same status", () => {
      const r = spawnSync(QEMU, qemuArgs({ kernel: ELF }), { encoding: "latin1", timeout: 60_000 });
      expect(r.stdout).toBe(EXPECTED);
      expect(r.status).toBe(33);
    });
  });
}
