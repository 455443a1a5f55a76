/*
 * testing.ts: run a short instruction sequence in 64-bit ring 3 with given
 * registers, flags and one data page, for the differential tests against
 * the host CPU (tests/diff). The layout matches the native harness:
 * code at CODE_BASE, a 4 KiB data page at DATA_BASE, both user pages
 * (and a read-only user page of zeros at RO_BASE, which the host harness
 * does not have). Faults are not delivered: the first one stops the run
 * and is reported, with its error code.
 */

import { Cpu } from "./cpu.ts";
import { CpuFault, MachineStop } from "./fault.ts";
import { IoBus } from "../devices/io-bus.ts";
import { step } from "./interp.ts";
import { CR0_PE, CR0_PG, CR0_WP, CR4_PAE, CR4_OSFXSR, EFER_LME, EFER_LMA, EFER_NXE, EFER_SCE, SEG_CS, SEG_SS } from "./state.ts";

export const CODE_BASE = 0x10000000;
export const DATA_BASE = 0x20000000;
export const RO_BASE = DATA_BASE + 0x3000;

const PHYS_PML4 = 0x1000, PHYS_PDPT = 0x2000, PHYS_PD = 0x3000, PHYS_PT_CODE = 0x4000, PHYS_PT_DATA = 0x5000;
const PHYS_CODE = 0x10000, PHYS_DATA = 0x20000, PHYS_RO = 0x21000;
/** Where the snippet address space's page tables and data page are (tests of the page walk rewrite them). */
export const SNIPPET_PHYS = { pml4: PHYS_PML4, pdpt: PHYS_PDPT, pd: PHYS_PD, ptData: PHYS_PT_DATA, code: PHYS_CODE, data: PHYS_DATA } as const;

export interface SnippetState { regs: bigint[]; rflags: bigint; mem: Uint8Array }
export interface SnippetResult extends SnippetState { fault: number | null; code: number | null }

/**
 * CPU tiers other than the interpreter attach themselves to a snippet CPU
 * through a factory registered here (emulator/cpu never imports the JIT;
 * tests/cpu-tiers-lead.ts registers it).
 */
const tierFactories = new Map<string, (c: Cpu) => void>();
export function registerSnippetTier(name: string, attach: (c: Cpu) => void): void { tierFactories.set(name, attach); }

const sharedByTier = new Map<string, Cpu>();
/** Length of the code the last runSnippet wrote on each CPU (the rest of the 16 KiB is still 0xcc). */
const lastLenOf = new WeakMap<Cpu, number>();

/** Build (once per tier) a CPU in 64-bit user mode with the snippet address space. */
function machine(tier = "interpreter"): Cpu {
  const have = sharedByTier.get(tier);
  if (have !== undefined) return have;
  const attach = tierFactories.get(tier);
  if (tier !== "interpreter" && attach === undefined) throw new Error(`runSnippet: CPU tier ${tier} is not registered`);
  const c = new Cpu(0x40000, new IoBus(), null, { onHalt() {}, readTsc: () => 0, log() {} }, { wasmMemory: tier !== "typescript" });
  const m = c.mmu;
  const pte = (at: number, target: number, flags: number, nx = false) => { m.physWrite32(at, target | flags); m.physWrite32(at + 4, nx ? 0x80000000 : 0); };
  pte(PHYS_PML4, PHYS_PDPT, 7);
  pte(PHYS_PDPT, PHYS_PD, 7);
  pte(PHYS_PD + (CODE_BASE >>> 21) * 8, PHYS_PT_CODE, 7);
  pte(PHYS_PD + (DATA_BASE >>> 21) * 8, PHYS_PT_DATA, 7);
  for (let i = 0; i < 4; i++) pte(PHYS_PT_CODE + i * 8, PHYS_CODE + i * 0x1000, 7);     // 16 KiB of code
  pte(PHYS_PT_DATA, PHYS_DATA, 7, true);
  pte(PHYS_PT_DATA + ((RO_BASE - DATA_BASE) >>> 12) * 8, PHYS_RO, 5, true);
  c.efer = EFER_LME | EFER_LMA | EFER_NXE | EFER_SCE;
  c.cr4 = CR4_PAE | CR4_OSFXSR;   // as Linux sets it: SSE is usable
  c.cr3 = PHYS_PML4;
  c.cr0 = CR0_PE | CR0_PG | CR0_WP | 0x10;
  const cs = c.seg[SEG_CS]!; cs.sel = 0x33; cs.attr = 0xa0fb; cs.base = 0;
  const ss = c.seg[SEG_SS]!; ss.sel = 0x2b; ss.attr = 0xc0f3; ss.base = 0;
  c.cpl = 3;
  c.updateMode();
  attach?.(c);
  sharedByTier.set(tier, c);
  return c;
}

/** Run `code` from CODE_BASE until RIP reaches its end, a fault occurs, or `maxSteps` instructions ran. */
export function runSnippet(code: Uint8Array, init: SnippetState, maxSteps = 100000, tier = "interpreter"): SnippetResult {
  const r32 = new Uint32Array(32);
  for (let i = 0; i < 16; i++) {
    const v = BigInt.asUintN(64, init.regs[i] ?? 0n);
    r32[2 * i] = Number(v & 0xffffffffn);
    r32[2 * i + 1] = Number(v >> 32n);
  }
  const out = runSnippetRaw(code, r32, Number(init.rflags & 0x3fffffn), init.mem, maxSteps, tier);
  const regs: bigint[] = [];
  for (let i = 0; i < 16; i++) regs.push((BigInt(out.regs[2 * i + 1]!) << 32n) | BigInt(out.regs[2 * i]!));
  return { regs, rflags: BigInt(out.flags), mem: out.mem.slice(), fault: out.fault, code: out.code };
}

/** runSnippetRaw's result: reused by the next call (`mem` is a view of guest RAM). */
export interface RawSnippetResult { regs: Uint32Array; flags: number; mem: Uint8Array; fault: number | null; code: number | null }
const rawOuts = new WeakMap<Cpu, RawSnippetResult>();

/**
 * runSnippet without BigInt: registers as 32 (lo, hi) words, RFLAGS as a
 * number. For the differential suite, which runs hundreds of thousands of
 * snippets. The result object and its arrays are reused by the next call.
 */
export function runSnippetRaw(code: Uint8Array, regs: Uint32Array, rflags: number, mem: Uint8Array, maxSteps = 100000,
  tier = "interpreter"): RawSnippetResult {
  const c = machine(tier);
  const lastLen = lastLenOf.get(c) ?? 0x4000;
  const m = c.mmu;
  if (code.length > 0x4000) throw new Error("runSnippet: code larger than 16 KiB");
  // Only the bytes the previous snippet used need resetting (the page tables never change,
  // and user code cannot reach them, so the TLB stays valid; the decode cache does not).
  // The same code again (a form run on many inputs) keeps its decodes and compiled
  // regions: RAM holds exactly those bytes, as a program calling a function again would.
  if (!sameCode(m.mem, lastLen, code)) {
    m.mem.fill(0xcc, PHYS_CODE, PHYS_CODE + lastLen);
    lastLenOf.set(c, code.length);
    m.mem.set(code, PHYS_CODE);
    m.flushCode();
  }
  m.mem.set(mem.subarray(0, 4096), PHYS_DATA);
  c.r.set(regs.subarray(0, 32));
  c.flags = ((rflags & 0x3fffff) | 2) >>> 0;
  c.rip = CODE_BASE;
  c.xmm.fill(0);
  const end = CODE_BASE + code.length;
  let fault: number | null = null, fcode: number | null = null;
  const core = c.core;
  for (let n = 0; n < maxSteps && c.rip !== end; n++) {
    // (the core stops at the 0xcc filler after the snippet: int3 is not one of its forms)
    if (core !== null) {
      const k = core.enter(c, maxSteps - n);
      if (k > 0) { n += k - 1; continue; }
    }
    c.iStart = c.rip;
    try { step(c); } catch (e) {
      if (e instanceof CpuFault) { fault = e.vector; fcode = e.code; c.rip = c.iStart; break; }
      if (e instanceof MachineStop) { fault = -1; break; }
      throw e;
    }
  }
  let rawOut = rawOuts.get(c);
  if (rawOut === undefined) {
    rawOut = { regs: new Uint32Array(32), flags: 0, mem: m.mem.subarray(PHYS_DATA, PHYS_DATA + 4096), fault: null, code: null };
    rawOuts.set(c, rawOut);
  }
  rawOut.regs.set(c.r.subarray(0, 32));
  rawOut.flags = c.flags;
  rawOut.fault = fault;
  rawOut.code = fcode;
  return rawOut;
}

/** Whether guest code memory holds `code` as the last snippet left it (self-modifying code changes it). */
function sameCode(ram: Uint8Array, lastLen: number, code: Uint8Array): boolean {
  if (lastLen !== code.length) return false;
  for (let i = 0; i < code.length; i++) if (ram[PHYS_CODE + i] !== code[i]) return false;
  return true;
}

/** The bare CPU used by runSnippet (decoder tests reuse it). */
export function snippetCpu(tier = "interpreter"): Cpu { return machine(tier); }
