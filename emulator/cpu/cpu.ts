/*
 * cpu.ts: the x86-64 CPU core: architectural state, operand access,
 * segmentation, exception/interrupt delivery and the run loop.
 *
 * Supported modes: 32-bit protected mode (flat, for the PVH entry stub and
 * the long-mode switch), IA-32e 64-bit mode and compatibility mode. Real
 * mode, v8086, 16-bit code segments, task switches and call gates are not
 * implemented (they raise #UD or #GP, never crash the host).
 *
 * Value representation: a 64-bit quantity is two unsigned 32-bit numbers
 * (lo, hi). Functions that produce a 64-bit value return lo and leave hi in
 * `vhi`. 8/16/32-bit values are plain numbers in [0, 2^size). Linear
 * addresses and RIP are signed canonical numbers (see mmu.ts).
 *
 * The decoder (decoder.ts) fills the `i*` fields below for the current
 * instruction; handlers (exec-*.ts) read them. Everything guest-visible that
 * is not in `state` (RIP, RFLAGS, control registers, segment caches) is a
 * plain field here.
 */

import { Mmu } from "./mmu.ts";
import { CpuFault, MachineStop, gp, ud } from "./fault.ts";
import {
  STATE_BYTES, FLAG_IF, FLAG_TF, FLAG_NT, FLAG_RF, FLAGS_WRITABLE, FLAG_IOPL,
  CR0_PG, CR0_PE, CR0_WP, CR0_ET, CR4_PAE, EFER_LME, EFER_LMA, EFER_NXE, EXC_DF, EXC_GP, EXC_PF,
  EXC_NP, EXC_SS, EXC_TS, EXC_DB, EXCEPTION_NAMES, SEG_CS, SEG_SS, SEG_FS, SEG_GS,
  REG_RSP,
} from "./state.ts";
import type { IoBus } from "../devices/io-bus.ts";
import type { InterruptController } from "../devices/irq.ts";

export const TWO32 = 4294967296;
/** DR6.BS: the last #DB was a single-step trap. */
const DR6_BS = 0x4000;

/** Convert (lo, hi) to a signed canonical-space number (exact for canonical values). */
export function toLinear(lo: number, hi: number): number { return (hi | 0) * TWO32 + lo; }
/** Low 32 bits of a signed linear number. */
export function linLo(v: number): number { return v >>> 0; }
/** High 32 bits of a signed linear number. */
export function linHi(v: number): number { return Math.floor(v / TWO32) >>> 0; }
export function isCanonical(v: number): boolean { return v >= -140737488355328 && v < 140737488355328; }

/** One decoded descriptor's cached part (the "hidden" segment register). */
export interface SegCache { sel: number; base: number; limit: number; attr: number }

export type Handler = (c: Cpu) => void;

/**
 * A decoded instruction. Produced by decoder.ts, cached per physical
 * address by interp.ts, read (never written) by the handlers.
 */
export class Insn {
  op = 0;          // 0x000-0x0ff one-byte map, 0x100-0x1ff 0F map, 0x200 0F38, 0x300 0F3A
  osz = 4;         // operand size in bytes for the row's sized operands
  asz = 8;         // address size (4 or 8)
  rex = 0;         // REX byte, 0 if none
  pfx66 = false;
  rep = 0;         // 0, 0xf2 or 0xf3
  lock = false;
  seg = -1;        // segment override, -1 if none
  mod = 0; reg = 0; rm = 0;
  base = -1; index = -1; scale = 1; disp = 0; ripRel = false;
  imm = 0; immHi = 0; imm2 = 0;
  len = 0;
  exec: Handler = () => {};
}

/** An Insn's decoded fields without its handler: what the WebAssembly tiers read (plain data a worker can receive). */
export type InsnFields = Omit<Insn, "exec">;

/** A copy of the decoded fields of `i`. */
export function insnFields(i: Insn): InsnFields {
  const { exec: _exec, ...fields } = i;
  return fields;
}

/**
 * A faster tier plugged into Cpu.run (emulator/wasm/core.ts implements it;
 * the CPU never imports it). `enter` runs instructions from RIP for at
 * most `budget` instructions and returns how many it retired (0: nothing
 * ran, interpret one instruction). It is called only at instruction
 * boundaries where no interrupt check is pending, and leaves exact state.
 */
export interface CoreHook {
  enter(c: Cpu, budget: number): number;
  /** Its counters (KMEMLAB_STATS, the bench). */
  readonly stats: TierStats;
}

/** A tier's counters by name. */
export type TierStats = { readonly [name: string]: number };

/**
 * The compiling tier (emulator/jit's Jit), which the core drives; the CPU
 * holds it for the machine, which closes it when a run ends.
 */
export interface JitHook {
  /** Its counters (KMEMLAB_STATS, the bench). */
  readonly stats: TierStats;
  /** Compile nothing more (and stop a compile worker). */
  close(): void;
}

/**
 * A debugger watching the TypeScript interpreter's instruction boundaries
 * (emulator/gdbstub.ts implements it). The wasm core and the JIT never run
 * an instruction a debugger must see: a breakpoint's instruction is never
 * decoded into the cache, hence has no record and ends JIT regions
 * (Mmu.noCode), and watched pages'
 * data accesses never hit the TLB (Mmu.watch), which sends them to TypeScript.
 */
export interface DebugHook {
  /** Before the instruction at RIP (after any interrupt delivery): true stops the run there. */
  before(c: Cpu): boolean;
  /** After an instruction retired (`faulted`: it raised an exception instead): true stops the run. */
  after(c: Cpu, faulted: boolean): boolean;
  /** True while every instruction must pass before(), even where the wasm core could run it. */
  readonly interpretOnly: boolean;
}

export interface CpuHooks {
  /** Called for `hlt` with IF=1: the machine idles until an interrupt is due. */
  onHalt(): void;
  /** Current TSC value (derived from the machine clock). */
  readTsc(): number;
  /** A non-fatal diagnostic (unknown MSR, unimplemented instruction...). */
  log(msg: string): void;
}

export class Cpu {
  /** The buffer holding the state (its own ArrayBuffer, or the WebAssembly.Memory shared with the wasm core and the JIT, at mmu.layout.state). */
  readonly state: ArrayBuffer;
  /** GPR halves: lo = r[2n], hi = r[2n+1]. */
  readonly r: Uint32Array;
  /** XMM registers as 4 x u32 each, starting at word 32. */
  readonly xmm: Uint32Array;
  /** The interpreter's WebAssembly core (emulator/wasm/core.ts), or null (TypeScript only). */
  core: CoreHook | null = null;
  /** The compiling tier (emulator/jit), driven by the core, or null. */
  jit: JitHook | null = null;
  /** An attached debugger (breakpoints, watchpoints, single steps), or null. */
  debug: DebugHook | null = null;

  rip = 0;
  /** RFLAGS (bits 0-21); bit 1 reads as one. */
  flags = 0x2;
  cr0 = CR0_ET | 0x10;
  cr3 = 0;
  cr4 = 0;
  cr8 = 0;
  efer = 0;
  dr = [0, 0, 0, 0, 0, 0, 0xffff0ff0, 0x400];
  readonly msr = new Map<number, bigint>();
  mxcsr = 0x1f80;
  cpl = 0;
  /** True in 64-bit mode (EFER.LMA and CS.L). */
  long = false;
  /** Default operand/address size of the code segment in legacy/compat mode (4 only: 16-bit code unsupported). */
  readonly seg: SegCache[] = [0, 1, 2, 3, 4, 5].map(() => ({ sel: 0, base: 0, limit: 0xffffffff, attr: 0 }));
  gdtBase = 0; gdtLimit = 0xffff;
  idtBase = 0; idtLimit = 0xffff;
  ldtr: SegCache = { sel: 0, base: 0, limit: 0, attr: 0 };
  tr: SegCache = { sel: 0, base: 0, limit: 0x67, attr: 0x8b };
  kernelGsBase = 0;

  /** Instructions retired since power-on. */
  icount = 0;
  /** Halted in `hlt`, waiting for an interrupt. */
  halted = false;
  /** Interrupt shadow after sti / mov ss: no external interrupt before the next instruction. */
  shadow = false;
  /** Set when the interrupt controller or IF may have changed: check for INTR before the next instruction. */
  checkIrq = true;
  /** Interrupts and exceptions delivered so far (single-step traps only follow instructions that delivered none). */
  deliveries = 0;
  /** Non-null ends `run` after the current instruction. */
  stop: MachineStop | null = null;

  /* ---- the instruction being executed ---- */
  /** Its decoded form (shared with the decode cache: handlers must not modify it). */
  i: Insn = new Insn();
  iStart = 0;      // RIP of the instruction
  iNext = 0;       // RIP after it
  /** Linear address of the memory operand once computed (read-modify-write reuses it). */
  addr = 0;
  /** High half of the last 64-bit value produced. */
  vhi = 0;

  readonly mmu: Mmu;

  /** `wasmMemory`: keep RAM and state in a WebAssembly.Memory (required by the wasm core and the JIT). */
  constructor(ramBytes: number, readonly io: IoBus, public pic: InterruptController | null, readonly hooks: CpuHooks,
    opts: { wasmMemory?: boolean } = {}) {
    this.mmu = new Mmu(ramBytes, opts.wasmMemory === true);
    const L = this.mmu.layout;
    if (L !== null) {
      this.state = this.mmu.memory!.buffer;
      this.r = new Uint32Array(this.state, L.state, 32);
      this.xmm = new Uint32Array(this.state, L.state + 0x80, 64);
    } else {
      this.state = new ArrayBuffer(STATE_BYTES);
      this.r = new Uint32Array(this.state, 0, 32);
      this.xmm = new Uint32Array(this.state, 0x80, 64);
    }
  }

  /* ================= registers ================= */

  rdReg(n: number, s: number): number {
    const r = this.r;
    switch (s) {
      case 8: this.vhi = r[2 * n + 1]!; return r[2 * n]!;
      case 4: this.vhi = 0; return r[2 * n]!;
      case 2: this.vhi = 0; return r[2 * n]! & 0xffff;
      default:
        this.vhi = 0;
        if (this.i.rex === 0 && n >= 4 && n < 8) return (r[2 * (n - 4)]! >>> 8) & 0xff;
        return r[2 * n]! & 0xff;
    }
  }

  wrReg(n: number, s: number, lo: number, hi: number): void {
    const r = this.r;
    switch (s) {
      case 8: r[2 * n] = lo; r[2 * n + 1] = hi; return;
      case 4: r[2 * n] = lo; r[2 * n + 1] = 0; return;
      case 2: r[2 * n] = (r[2 * n]! & 0xffff0000) | (lo & 0xffff); return;
      default:
        if (this.i.rex === 0 && n >= 4 && n < 8) { const k = 2 * (n - 4); r[k] = (r[k]! & 0xffff00ff) | ((lo & 0xff) << 8); }
        else r[2 * n] = (r[2 * n]! & 0xffffff00) | (lo & 0xff);
    }
  }

  /** 64-bit register as a signed linear number (for RSP, RSI, RDI, RIP-like uses). */
  regLin(n: number): number { return toLinear(this.r[2 * n]!, this.r[2 * n + 1]!); }
  setRegLin(n: number, v: number): void { this.r[2 * n] = linLo(v); this.r[2 * n + 1] = linHi(v); }

  /* ================= memory operands ================= */

  /**
   * Effective linear address of the ModRM memory operand (segment base applied).
   * (xlo, xhi), a 64-bit displacement added within the address size before the
   * segment and the canonical check: bt/bts/btr/btc's bit offset (exec-alu.ts btEG).
   */
  ea(xlo = 0, xhi = 0): number {
    let lin: number;
    const r = this.r;
    if (this.i.ripRel) {
      lin = this.iNext + this.i.disp;
      if (this.i.asz === 4) lin = (lin + xlo) >>> 0;
      else if (xlo !== 0 || xhi !== 0) lin += toLinear(xlo, xhi);
    } else {
      let lo = this.i.disp + xlo, hi = xhi;   // a negative disp borrows through `carry` below
      const b = this.i.base, x = this.i.index;
      if (b >= 0) { lo += r[2 * b]!; hi += r[2 * b + 1]!; }
      if (x >= 0) { const sc = this.i.scale; lo += r[2 * x]! * sc; hi += r[2 * x + 1]! * sc; }
      if (this.i.asz === 4) lin = lo >>> 0;
      else {
        const carry = Math.floor(lo / TWO32);
        lin = toLinear(lo >>> 0, (hi + carry) >>> 0);
      }
    }
    return this.segAddr(lin);
  }

  /** Apply the instruction's segment (override or `def`) to an offset. */
  segAddr(off: number, def = -1): number {
    const s = this.i.seg >= 0 ? this.i.seg : def;
    return this.segAddrFor(s, off);
  }

  segAddrFor(s: number, off: number): number {
    if (this.long) {
      if (s === SEG_FS || s === SEG_GS) {
        const lin = off + this.seg[s]!.base;
        if (!isCanonical(lin)) gp(0);
        return lin;
      }
      if (!isCanonical(off)) throw new CpuFault(this.i.base === REG_RSP || this.i.base === 5 ? EXC_SS : EXC_GP, 0);
      return off;
    }
    const segi = s >= 0 ? s : (this.i.base === REG_RSP || this.i.base === 5 ? SEG_SS : 3);
    return (off + this.seg[segi]!.base) >>> 0;
  }

  rdMem(a: number, s: number): number {
    const m = this.mmu;
    switch (s) {
      case 8: { const lo = m.rd64(a); this.vhi = m.hi; return lo; }
      case 4: this.vhi = 0; return m.rd32(a);
      case 2: this.vhi = 0; return m.rd16(a);
      default: this.vhi = 0; return m.rd8(a);
    }
  }

  wrMem(a: number, s: number, lo: number, hi: number): void {
    const m = this.mmu;
    switch (s) {
      case 8: m.wr64(a, lo, hi); return;
      case 4: m.wr32(a, lo); return;
      case 2: m.wr16(a, lo); return;
      default: m.wr8(a, lo);
    }
  }

  /** Read the r/m operand. For memory, remembers the address for wrEsame. */
  rdE(s: number): number {
    if (this.i.mod === 3) return this.rdReg(this.i.rm, s);
    this.addr = this.ea();
    return this.rdMem(this.addr, s);
  }
  /**
   * Read the r/m operand of a read-modify-write instruction: a memory operand
   * is translated for writing first (Mmu.probeWrite: the fault is the write's,
   * before the instruction changes anything), then read; wrEsame writes it.
   */
  rdEw(s: number): number {
    if (this.i.mod === 3) return this.rdReg(this.i.rm, s);
    this.addr = this.ea();
    this.mmu.probeWrite(this.addr, s);
    return this.rdMem(this.addr, s);
  }
  /** Write the r/m operand (fresh address computation). */
  wrE(s: number, lo: number, hi: number): void {
    if (this.i.mod === 3) this.wrReg(this.i.rm, s, lo, hi);
    else this.wrMem(this.ea(), s, lo, hi);
  }
  /** Write back the r/m operand read by rdE (read-modify-write). */
  wrEsame(s: number, lo: number, hi: number): void {
    if (this.i.mod === 3) this.wrReg(this.i.rm, s, lo, hi);
    else this.wrMem(this.addr, s, lo, hi);
  }

  /* ================= stack ================= */

  /** Stack width for push/pop of a 'd64' operand. */
  /** Operand size of a stack operation: 64-bit mode defaults to 8, 66h selects 2 unless REX.W is also present. */
  stackSize(): number { return this.long ? (this.i.pfx66 && (this.i.rex & 8) === 0 ? 2 : 8) : (this.i.pfx66 ? 2 : 4); }

  private spLin(off: number): number {
    return this.long ? off : (off + this.seg[SEG_SS]!.base) >>> 0;
  }

  push(s: number, lo: number, hi: number): void {
    const r = this.r;
    if (this.long) {
      const sp = toLinear(r[8]!, r[9]!) - s;
      if (!isCanonical(sp) || !isCanonical(sp + s - 1)) throw new CpuFault(EXC_SS, 0);   // a stack access: #SS, not #GP
      this.wrMem(sp, s, lo, hi);
      r[8] = linLo(sp); r[9] = linHi(sp);
    } else {
      const sp = (r[8]! - s) >>> 0;
      this.wrMem(this.spLin(sp), s, lo, hi);
      r[8] = sp;
    }
  }

  pop(s: number): number {
    const r = this.r;
    if (this.long) {
      const sp = toLinear(r[8]!, r[9]!);
      if (!isCanonical(sp) || !isCanonical(sp + s - 1)) throw new CpuFault(EXC_SS, 0);
      const v = this.rdMem(sp, s);
      const nsp = sp + s;
      r[8] = linLo(nsp); r[9] = linHi(nsp);
      return v;
    }
    const sp = r[8]!;
    const v = this.rdMem(this.spLin(sp), s);
    r[8] = (sp + s) >>> 0;
    return v;
  }

  /* ================= control registers and modes ================= */

  /** Recompute derived mode state after CR0/CR4/EFER/CS changes. */
  updateMode(): void {
    const m = this.mmu;
    const pg = (this.cr0 & CR0_PG) !== 0;
    if (pg && (this.efer & EFER_LME) !== 0 && (this.cr4 & CR4_PAE) !== 0) this.efer |= EFER_LMA;
    else this.efer &= ~EFER_LMA;
    m.paging = pg;
    m.wp = (this.cr0 & CR0_WP) !== 0;
    m.nxe = (this.efer & EFER_NXE) !== 0;
    m.cr3 = this.cr3;
    this.long = (this.efer & EFER_LMA) !== 0 && (this.seg[SEG_CS]!.attr & 0x2000) !== 0;
    m.userShift = this.cpl === 3 ? 3 : 0;
    m.fetchBase = NaN;
  }

  writeCr(n: number, lo: number, hi: number): void {
    switch (n) {
      case 0: {
        const v = lo | CR0_ET;
        if ((v & CR0_PG) !== 0 && (v & CR0_PE) === 0) gp(0);
        if ((v & CR0_PG) !== 0 && (this.efer & EFER_LME) !== 0 && (this.cr4 & CR4_PAE) === 0) gp(0);
        if ((v & CR0_PG) !== 0 && (this.cr4 & CR4_PAE) === 0) {
          // 32-bit non-PAE paging is not implemented.
          this.hooks.log("cpu: 32-bit non-PAE paging requested; not supported");
          gp(0);
        }
        this.cr0 = v >>> 0;
        this.mmu.flushTlb();
        break;
      }
      case 2: this.mmu.cr2 = toLinear(lo, hi); break;
      case 3: this.cr3 = hi * TWO32 + (lo >>> 0); this.mmu.flushTlb(); break;
      case 4:
        if ((this.efer & EFER_LMA) !== 0 && (lo & CR4_PAE) === 0) gp(0);
        this.cr4 = lo >>> 0; this.mmu.flushTlb(); break;
      case 8: this.cr8 = lo & 15; break;
      default: ud();
    }
    this.updateMode();
  }

  readCr(n: number): number {
    switch (n) {
      case 0: this.vhi = 0; return this.cr0 >>> 0;
      case 2: this.vhi = linHi(this.mmu.cr2); return linLo(this.mmu.cr2);
      case 3: this.vhi = linHi(this.cr3); return linLo(this.cr3);
      case 4: this.vhi = 0; return this.cr4 >>> 0;
      case 8: this.vhi = 0; return this.cr8;
      default: ud();
    }
  }

  setFlags(v: number, mask = FLAGS_WRITABLE): void {
    this.flags = ((this.flags & ~mask) | (v & mask) | 2) >>> 0;
    this.checkIrq = true;
  }

  /* ================= segmentation ================= */

  /** Read the 8-byte descriptor for `sel` from the GDT/LDT, or fault with `vec`. */
  readDescriptor(sel: number, vec = EXC_GP): { lo: number; hi: number; addr: number } {
    const ti = (sel & 4) !== 0;
    const base = ti ? this.ldtr.base : this.gdtBase;
    const limit = ti ? this.ldtr.limit : this.gdtLimit;
    const idx = sel & 0xfff8;
    if (idx + 7 > limit) throw new CpuFault(vec, sel & 0xfffc);
    const addr = base + idx;
    const saved = this.mmu.userShift;
    this.mmu.userShift = 0;
    try {
      return { lo: this.mmu.rd32(addr), hi: this.mmu.rd32(addr + 4), addr };
    } finally { this.mmu.userShift = saved; }
  }

  static descBase(lo: number, hi: number): number { return ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0; }
  static descLimit(lo: number, hi: number): number {
    let l = (lo & 0xffff) | (hi & 0xf0000);
    if (hi & 0x800000) l = l * 4096 + 0xfff;
    return l >>> 0;
  }
  /** Attribute word: bits 0-7 = access byte, 8-11 = flags nibble (AVL, L, D/B, G) at 12-15 here. */
  static descAttr(hi: number): number { return ((hi >>> 8) & 0xff) | ((hi >>> 8) & 0xf000); }

  /** Load a data segment register (DS, ES, FS, GS, SS) with protection checks. */
  loadSeg(s: number, sel: number): void {
    const sc = this.seg[s]!;
    if ((sel & 0xfffc) === 0) {
      if (s === SEG_SS && (!this.long || this.cpl === 3)) gp(0);
      sc.sel = sel; sc.attr = 0;
      if (!this.long) sc.base = 0;
      else if (s !== SEG_FS && s !== SEG_GS) sc.base = 0;
      return;
    }
    const d = this.readDescriptor(sel);
    const attr = Cpu.descAttr(d.hi);
    const dpl = (attr >> 5) & 3, rpl = sel & 3;
    const isCode = (attr & 0x8) !== 0;
    if ((attr & 0x10) === 0) gp(sel & 0xfffc);          // system descriptor
    if (s === SEG_SS) {
      if (isCode || (attr & 2) === 0 || rpl !== this.cpl || dpl !== this.cpl) gp(sel & 0xfffc);
      if ((attr & 0x80) === 0) throw new CpuFault(EXC_SS, sel & 0xfffc);
    } else {
      if (isCode && (attr & 2) === 0) gp(sel & 0xfffc);   // execute-only code
      if (!(isCode && (attr & 4)) && (dpl < this.cpl || dpl < rpl)) gp(sel & 0xfffc);
      if ((attr & 0x80) === 0) throw new CpuFault(EXC_NP, sel & 0xfffc);
    }
    sc.sel = sel;
    sc.attr = attr;
    sc.base = Cpu.descBase(d.lo, d.hi);
    sc.limit = Cpu.descLimit(d.lo, d.hi);
    if (this.long && (s === SEG_FS || s === SEG_GS)) {
      // 64-bit mode: the base comes from the descriptor's low 32 bits (MSR holds the full one).
    }
  }

  /**
   * The checks of a far transfer's target CS selector (null: #GP(0), not a code segment:
   * #GP(sel), not present: #NP(sel)), made before the transfer changes anything: a far call
   * faults here before it pushes the return address (SDM CALL; hardware writes no stack).
   */
  checkCs(sel: number): { lo: number; hi: number; addr: number } {
    if ((sel & 0xfffc) === 0) gp(0);
    const d = this.readDescriptor(sel);
    const attr = Cpu.descAttr(d.hi);
    if ((attr & 0x18) !== 0x18) gp(sel & 0xfffc);        // must be a code segment
    if ((attr & 0x80) === 0) throw new CpuFault(EXC_NP, sel & 0xfffc);
    return d;
  }

  /** Load CS for a far transfer to `sel` (no call gates). Sets CPL and the mode. */
  loadCs(sel: number, newCpl: number): void {
    const d = this.checkCs(sel);
    const attr = Cpu.descAttr(d.hi);
    const cs = this.seg[SEG_CS]!;
    cs.sel = (sel & 0xfffc) | newCpl;
    cs.attr = attr;
    cs.base = Cpu.descBase(d.lo, d.hi);
    cs.limit = Cpu.descLimit(d.lo, d.hi);
    this.cpl = newCpl;
    if ((this.efer & EFER_LMA) === 0 && (attr & 0x4000) === 0) {
      this.hooks.log("cpu: 16-bit code segment loaded; not supported");
      throw new MachineStop("16-bit code segments are not supported");
    }
    this.updateMode();
  }

  /* ================= exceptions and interrupts ================= */

  /** Nesting guard for double/triple fault detection. */
  private delivering = 0;

  /**
   * Deliver vector `vec` through the IDT. `code` < 0 means no error code.
   * `soft` is true for INT n / INT3 / INTO (gate DPL is checked).
   * RIP must already be the return address.
   */
  interrupt(vec: number, code: number, soft: boolean): void {
    this.deliveries++;
    if (!this.long) {
      if ((this.cr0 & CR0_PE) !== 0 && (this.efer & EFER_LMA) === 0) return this.interrupt32(vec, code, soft);
      throw new MachineStop(`exception ${EXCEPTION_NAMES[vec] ?? vec} in an unsupported CPU mode at ${hex(this.iStart)}`);
    }
    if (vec * 16 + 15 > this.idtLimit) gp(vec * 8 + 2);
    const m = this.mmu;
    const savedShift = m.userShift;
    m.userShift = 0;
    let w0: number, w1: number, w2: number;
    try {
      const ga = this.idtBase + vec * 16;
      w0 = m.rd32(ga); w1 = m.rd32(ga + 4); w2 = m.rd32(ga + 8);
    } finally { m.userShift = savedShift; }
    const type = (w1 >>> 8) & 0x1f;
    const dpl = (w1 >>> 13) & 3;
    if (type !== 0x0e && type !== 0x0f) gp(vec * 8 + 2);
    if (soft && dpl < this.cpl) gp(vec * 8 + 2);
    if ((w1 & 0x8000) === 0) throw new CpuFault(EXC_NP, vec * 8 + 2);
    const sel = w0 >>> 16;
    const target = toLinear(((w0 & 0xffff) | (w1 & 0xffff0000)) >>> 0, w2);
    const ist = w1 & 7;
    const d = this.readDescriptor(sel);
    const attr = Cpu.descAttr(d.hi);
    if ((attr & 0x18) !== 0x18 || (attr & 0x2000) === 0) gp(sel & 0xfffc);
    const newCpl = (attr & 4) !== 0 ? this.cpl : (attr >> 5) & 3;
    if (newCpl > this.cpl) gp(sel & 0xfffc);

    const oldCpl = this.cpl;
    const oldSs = this.seg[SEG_SS]!.sel;
    const oldRsp = this.regLin(REG_RSP);
    // the frame gets RSP's exact bits: a non-canonical RSP (loaded by mov or pop) is not exact as a number
    const oldRspLo = this.r[2 * REG_RSP]!, oldRspHi = this.r[2 * REG_RSP + 1]!;
    const oldFlags = this.flags;
    const oldCs = this.seg[SEG_CS]!.sel;
    let rsp = oldRsp;
    if (ist !== 0 || newCpl !== oldCpl) {
      const off = ist !== 0 ? 0x24 + (ist - 1) * 8 : 4 + newCpl * 8;
      m.userShift = 0;
      try {
        rsp = toLinear(m.rd32(this.tr.base + off), m.rd32(this.tr.base + off + 4));
      } finally { m.userShift = savedShift; }
    }
    rsp -= rsp % 16 === 0 ? 0 : ((rsp % 16) + 16) % 16;
    // Switch privilege first: the pushes are supervisor accesses.
    this.cpl = newCpl;
    m.userShift = newCpl === 3 ? 3 : 0;
    try {
      rsp -= 8; m.wr64(rsp, oldSs, 0);
      rsp -= 8; m.wr64(rsp, oldRspLo, oldRspHi);
      rsp -= 8; m.wr64(rsp, oldFlags, 0);
      rsp -= 8; m.wr64(rsp, oldCs, 0);
      rsp -= 8; m.wr64(rsp, linLo(this.rip), linHi(this.rip));
      if (code >= 0) { rsp -= 8; m.wr64(rsp, code >>> 0, 0); }
    } catch (e) {
      this.cpl = oldCpl; m.userShift = savedShift;
      throw e;
    }
    if (newCpl !== oldCpl) {
      const ss = this.seg[SEG_SS]!;
      ss.sel = newCpl; ss.base = 0; ss.attr = 0;
    }
    const cs = this.seg[SEG_CS]!;
    cs.sel = (sel & 0xfffc) | newCpl; cs.attr = attr; cs.base = 0; cs.limit = 0xffffffff;
    this.setRegLin(REG_RSP, rsp);
    let f = this.flags & ~(FLAG_TF | FLAG_NT | FLAG_RF);
    if (type === 0x0e) f &= ~FLAG_IF;
    this.flags = f >>> 0;
    this.rip = target;
    this.halted = false;
    this.updateMode();
  }

  /** 32-bit protected-mode delivery (only for the boot path: no privilege changes). */
  private interrupt32(vec: number, code: number, soft: boolean): void {
    if (vec * 8 + 7 > this.idtLimit) gp(vec * 8 + 2);
    const ga = this.idtBase + vec * 8;
    const w0 = this.mmu.rd32(ga), w1 = this.mmu.rd32(ga + 4);
    const type = (w1 >>> 8) & 0x1f;
    if (type !== 0x0e && type !== 0x0f) gp(vec * 8 + 2);
    if (soft && ((w1 >>> 13) & 3) < this.cpl) gp(vec * 8 + 2);
    if ((w1 & 0x8000) === 0) throw new CpuFault(EXC_NP, vec * 8 + 2);
    const oldCs = this.seg[SEG_CS]!.sel;
    const saveLong = this.long;
    this.push(4, this.flags, 0);
    this.push(4, oldCs, 0);
    this.push(4, this.rip >>> 0, 0);
    if (code >= 0) this.push(4, code >>> 0, 0);
    this.long = saveLong;
    this.loadCs(w0 >>> 16, this.cpl);
    let f = this.flags & ~(FLAG_TF | FLAG_NT | FLAG_RF);
    if (type === 0x0e) f &= ~FLAG_IF;
    this.flags = f >>> 0;
    this.rip = ((w0 & 0xffff) | (w1 & 0xffff0000)) >>> 0;
    this.halted = false;
  }

  /** Deliver a fault raised while executing the instruction at iStart. */
  deliverFault(f: CpuFault): void {
    this.rip = this.iStart;
    this.deliverNested(f.vector, f.code);
  }

  /** Deliver with the double-fault / triple-fault rules (SDM Vol. 3 Table 6-5). */
  deliverNested(vec: number, code: number): void {
    if (this.delivering >= 2) throw new MachineStop(`triple fault (while delivering ${EXCEPTION_NAMES[vec] ?? vec}) at rip ${hex(this.iStart)}`);
    this.delivering++;
    try {
      this.interrupt(vec, hasErrorCode(vec) ? Math.max(code, 0) : -1, false);
    } catch (e) {
      if (!(e instanceof CpuFault)) throw e;
      if (this.delivering >= 2 || vec === EXC_DF) {
        throw new MachineStop(`triple fault: ${EXCEPTION_NAMES[e.vector] ?? e.vector} while delivering ${EXCEPTION_NAMES[vec] ?? vec} at rip ${hex(this.iStart)}`);
      }
      const contributory = (v: number) => v === 0 || (v >= 10 && v <= 13);
      if ((contributory(vec) && contributory(e.vector)) || (vec === EXC_PF && (contributory(e.vector) || e.vector === EXC_PF))) {
        this.deliverNested(EXC_DF, 0);
      } else {
        this.delivering--;
        try { this.deliverNested(e.vector, e.code); } finally { this.delivering++; }
      }
    } finally {
      this.delivering--;
    }
  }

  /** Software interrupt (INT n, INT3, INTO): RIP is already past the instruction. */
  softInterrupt(vec: number): void {
    this.delivering++;
    try { this.interrupt(vec, -1, true); } finally { this.delivering--; }
  }

  /* ================= I/O ================= */

  ioPermitted(): boolean {
    return this.cpl <= ((this.flags & FLAG_IOPL) >>> 12);
  }

  /* ================= run loop ================= */

  /**
   * Execute up to `budget` instructions. Returns the number executed. Stops
   * early on `hlt` (halted), on a MachineStop, or when `stop` is set.
   */
  run(budget: number, step: (c: Cpu) => void): number {
    let n = 0;
    while (n < budget) {
      if (this.checkIrq) {
        this.checkIrq = false;
        if (this.shadow) this.checkIrq = true;     // look again after the shadowed instruction
        else if ((this.flags & FLAG_IF) !== 0 && this.pic !== null && this.pic.hasInterrupt()) {
          const vec = this.pic.acknowledge();
          this.halted = false;
          this.iStart = this.rip;
          this.deliverNested(vec, -1);
          this.checkIrq = true;
        }
      }
      if (this.halted) break;
      if (this.core !== null && !this.checkIrq && (this.debug === null || !this.debug.interpretOnly)) {
        const k = this.core.enter(this, budget - n);
        if (k > 0) {
          n += k;
          this.icount += k;
          if (this.stop !== null) break;
          continue;
        }
      }
      this.iStart = this.rip;
      const dbg = this.debug;
      if (dbg !== null && dbg.before(this)) break;
      // Single-step: TF set when an instruction starts traps (#DB, DR6.BS) after it completes.
      const tf = (this.flags & FLAG_TF) !== 0, seen = this.deliveries;
      let faulted = false;
      try {
        this.shadow = false;
        step(this);
      } catch (e) {
        if (e instanceof CpuFault) {
          faulted = true;
          this.deliverFault(e);
        } else throw e;
      }
      n++;
      this.icount++;
      if (tf && this.deliveries === seen && !this.halted) {
        this.dr[6] = (this.dr[6]! | DR6_BS) >>> 0;
        this.iStart = this.rip;
        this.deliverNested(EXC_DB, -1);
      }
      if (dbg !== null && dbg.after(this, faulted)) break;
      if (this.stop !== null) break;
    }
    return n;
  }
}

function hasErrorCode(vec: number): boolean {
  return vec === EXC_DF || vec === EXC_TS || vec === EXC_NP || vec === EXC_SS || vec === EXC_GP || vec === EXC_PF || vec === 17;
}

export function hex(v: number): string {
  if (v < 0) return "0x" + (BigInt(v) + (1n << 64n)).toString(16);
  return "0x" + v.toString(16);
}

