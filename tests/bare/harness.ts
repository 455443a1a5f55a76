/*
 * harness.ts: build and boot the tests/bare images. An image is lib.S plus
 * one <name>.S (both including bare.inc), linked with bare.ld into
 * build/bare/<name>.elf. It runs on a full kmemlab Machine and, when
 * qemu-system-x86_64 is installed, under QEMU with the CONVENTIONS.md
 * command line; both must print the same transcript on COM1 and exit
 * through isa-debug-exit with the same status.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Machine } from "../../emulator/machine.ts";
import { QEMU, hasQemu, qemuArgs } from "../../boot/qemu.ts";
import { CPU_TIERS, machineTier, type CpuTier } from "../cpu-tiers-lead.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(HERE, "../../build/bare");

function tool(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}${r.error ?? ""}`);
}

/** Assemble lib.S and <name>.S and link them; returns the ELF path. */
export function buildImage(name: string): string {
  mkdirSync(OUT, { recursive: true });
  const lib = join(OUT, `${name}.lib.o`);
  const obj = join(OUT, `${name}.o`);
  const elf = join(OUT, `${name}.elf`);
  tool("as", ["--64", "-I", HERE, "-o", lib, join(HERE, "lib.S")]);
  tool("as", ["--64", "-I", HERE, "-o", obj, join(HERE, `${name}.S`)]);
  tool("ld", ["-m", "elf_x86_64", "--no-warn-rwx-segments", "-T", join(HERE, "bare.ld"), "-o", elf, lib, obj]);
  return elf;
}

export interface BareRun {
  out: string; exit: number | null; ns: number; insns: number;
  /** The low 32 bits of the quadword at a global symbol of the image (identity-mapped). */
  peek: (symbol: string) => number;
}

function symbols(elf: string): Map<string, number> {
  const r = spawnSync("nm", [elf], { encoding: "utf8" });
  const map = new Map<string, number>();
  for (const line of r.stdout.split("\n")) {
    const [addr, , name] = line.trim().split(/\s+/);
    if (addr && name) map.set(name, parseInt(addr, 16));
  }
  return map;
}

export async function runKmemlab(elf: string, cmdline = "", maxInsns = 50_000_000, tier: CpuTier = "interpreter"): Promise<BareRun> {
  const bytes: number[] = [];
  const m = new Machine({ kernel: new Uint8Array(readFileSync(elf)), cmdline, memoryMiB: 16, onSerial: (b) => { bytes.push(b); }, ...machineTier(tier) });
  const r = await m.run({ maxInsns });
  const syms = symbols(elf);
  const peek = (name: string): number => {
    const a = syms.get(name);
    if (a === undefined) throw new Error(`${elf}: no symbol ${name}`);
    return m.cpu.mmu.physRead32(a);
  };
  return { out: Buffer.from(bytes).toString("latin1"), exit: r.exitCode, ns: m.clock.now(), insns: r.insns, peek };
}

export const HAS_QEMU = hasQemu();

export function runQemu(elf: string, cmdline = ""): { out: string; exit: number | null } {
  const r = spawnSync(QEMU, qemuArgs({ kernel: elf, append: cmdline }), { encoding: "latin1", timeout: 20_000 });
  return { out: r.stdout, exit: r.status };
}

/**
 * The standard pair of suites for one image: on kmemlab for every CPU tier,
 * and under QEMU when it is installed. `check` adds kmemlab-only assertions
 * (virtual time, instruction counts); `qemuNormalize` masks what QEMU
 * cannot promise (it is applied to both sides of the QEMU comparison only).
 */
export function bareSuite(name: string, title: string, expected: string, exit: number,
  check?: (r: BareRun) => void, qemuNormalize: (out: string) => string = (out) => out): void {
  let elf = "";
  beforeAll(() => { elf = buildImage(name); });
  for (const tier of CPU_TIERS) {
    describe(`bare ${name} on kmemlab [${tier}]`, () => {
      it(title, async () => {
        const r = await runKmemlab(elf, "", undefined, tier);
        expect(r.out).toBe(expected);
        expect(r.exit).toBe(exit);
        check?.(r);
      });
    });
  }
  describe.runIf(HAS_QEMU)(`bare ${name} on QEMU (same image)`, () => {
    it(`${title}: same transcript and exit status`, () => {
      const r = runQemu(elf);
      expect(qemuNormalize(r.out)).toBe(qemuNormalize(expected));
      expect(r.exit).toBe(exit);
    });
  });
}
