/*
 * pvh-boot.test.ts: the PVH boot path on the CPU alone (no PC devices):
 * mini-kernel.S is linked with GNU ld, loaded by boot/pvh-loader.ts,
 * started by boot/pvh-entry.ts, and must switch to long mode, run in the
 * higher half, read its command line from hvm_start_info and exit through
 * port 0xf4. The test observes the ports it writes, nothing else.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Cpu } from "../../../emulator/cpu/cpu.ts";
import { IoBus } from "../../../emulator/devices/io-bus.ts";
import { step } from "../../../emulator/cpu/interp.ts";
import { parseKernel, loadPvh, BootError } from "../../../boot/pvh-loader.ts";
import { enterPvh } from "../../../boot/pvh-entry.ts";
import { EFER_LMA } from "../../../emulator/cpu/state.ts";
import { CPU_TIERS, cpuOptions, attachTier, type CpuTier } from "../../cpu-tiers-lead.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(HERE, "../../../build/test");
let elf: Uint8Array;

beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
  execFileSync("as", ["--64", "-o", join(OUT, "mini.o"), join(HERE, "mini-kernel.S")]);
  execFileSync("ld", ["-m", "elf_x86_64", "--no-warn-rwx-segments", "-T", join(HERE, "mini-kernel.ld"), "-o", join(OUT, "mini.elf"), join(OUT, "mini.o")]);
  elf = new Uint8Array(readFileSync(join(OUT, "mini.elf")));
});

function boot(cmdline: string, tier: CpuTier): { out: string; exit: number | null; cpu: Cpu } {
  const io = new IoBus();
  let out = "";
  let exit: number | null = null;
  const cpu = new Cpu(16 << 20, io, null, { onHalt() {}, readTsc: () => 0, log() {} }, cpuOptions(tier));
  attachTier(cpu, tier);
  io.registerWrite(0x3f8, (_p, v) => { out += String.fromCharCode(v); });
  io.registerWide(0xf4, 4, null, (_p, v) => { exit = (v << 1) | 1; cpu.stop = { reason: "exit" }; });
  enterPvh(cpu, loadPvh(cpu.mmu, parseKernel(elf), cmdline, null));
  cpu.run(100000, step);
  return { out, exit, cpu };
}

for (const tier of CPU_TIERS) {
  describe(`PVH boot [${tier}]`, () => {
    it("switches to long mode, runs in the higher half and exits via isa-debug-exit", () => {
      const r = boot("console=ttyS0 kmemleak=on", tier);
      expect(r.out).toBe("364\nconsole=ttyS0 kmemleak=on\nk\n");
      expect(r.exit).toBe(67);
      expect(r.cpu.long).toBe(true);
      expect(r.cpu.efer & EFER_LMA).toBe(EFER_LMA);
      expect(r.cpu.rip < 0).toBe(true); // stopped in the higher half (negative canonical address)
    });
  });
}

describe("PVH loader input checks", () => {
  it("rejects a file that is not ELF", () => {
    expect(() => parseKernel(new TextEncoder().encode("#!/bin/sh\necho not a kernel\n".padEnd(80)), "vmlinux.txt"))
      .toThrow(new BootError("vmlinux.txt: not an ELF file"));
  });
  it("rejects an ELF without the PVH note", () => {
    const noNote = elf.slice();
    // Corrupt the note type (18 -> 19): the loader must not find XEN_ELFNOTE_PHYS32_ENTRY.
    const dv = new DataView(noNote.buffer);
    for (let o = 0; o + 12 < noNote.length; o += 4) {
      if (dv.getUint32(o, true) === 4 && dv.getUint32(o + 4, true) === 4 && dv.getUint32(o + 8, true) === 18) { dv.setUint32(o + 8, 19, true); break; }
    }
    expect(() => parseKernel(noNote, "k.elf")).toThrow(new BootError("k.elf: no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY); not a PVH kernel"));
  });
});
