/*
 * jit/index.ts: the compiling tier. Hot straight-line blocks of 64-bit code
 * are translated to WebAssembly with binaryen and run in place on the CPU
 * state and guest RAM, which live in one WebAssembly.Memory (mmu.ts,
 * JitLayout).
 *
 * Hotness: a block starts where control arrives other than by falling
 * through (branch target, interrupt/fault handler, resume after a bail-out).
 * Its first instruction's decode-cache entry (per physical page, interp.ts)
 * counts entries; at `threshold` the block is compiled and attached to
 * that Insn. A store to the page drops the decode-cache page, and with it
 * every compiled block of the page (self-modifying code, module loading).
 *
 * A block: up to MAX_INSNS supported instructions in one physical page
 * (each starting at most 0x1000-15 into it, as the decode cache), ending
 * with jmp/call/ret or before an unsupported instruction; not-taken jcc
 * continue it (taken ones exit). Compiled for one linear RIP and one
 * privilege (userShift); entered only when both match, 64-bit mode, no
 * interrupt check pending and the slice budget covers the whole block, so
 * interrupts and the virtual clock see exactly the interpreter's
 * instruction boundaries.
 *
 * Exactness: every memory access inlines the TLB probe (same hash and
 * permission bits as Mmu.tr). Anything else (TLB miss, missing permission,
 * page-crossing access, address outside RAM, a store to a page holding code,
 * a non-canonical return target) bails out *before* the instruction has
 * changed anything: the block exits with RIP at that instruction and the
 * count of instructions retired so far, and the interpreter executes it
 * (taking the fault, walking the page tables, invalidating code, ...).
 *
 * Flags: RFLAGS is passed in and out through the scratch area and kept in
 * a local; status-flag computation is skipped where a later instruction of
 * the block overwrites the flags before any exit or bail-out can see them.
 *
 * binaryen (~1 s to import) is loaded by loadJitBackend(), only when a JIT
 * tier is wanted. Compiled blocks are cached by content (RIP, privilege,
 * bytes) with a cap; past the cap everything is dropped.
 */

import type { Cpu, Insn, JitHook } from "../cpu/cpu.ts";
import { decode } from "../cpu/decoder.ts";
import { CpuFault } from "../cpu/fault.ts";
import type { JitLayout } from "../cpu/mmu.ts";
import * as A from "../cpu/exec-alu.ts";
import * as D from "../cpu/exec-data.ts";
import * as C from "../cpu/exec-control.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Bn = any;
let B: Bn = null;

/** Import binaryen (once). Must be awaited before a JIT compiles anything. */
export async function loadJitBackend(): Promise<void> {
  if (B === null) B = (await import("binaryen")).default;
}
export function jitBackendLoaded(): boolean { return B !== null; }

export interface JitOptions {
  /** Entries of a block start before it is compiled (1: at once). */
  threshold?: number;
  /** Live compiled blocks before the whole cache is dropped. */
  cap?: number;
}

export const DEFAULT_JIT_THRESHOLD = 1000;
const MAX_INSNS = 48;
const STATUS = 0x8d5;             // CF PF AF ZF SF OF
const CF = 1;

/** A compiled block (or a failed attempt: fn null). */
interface Block {
  gen: number;
  rip: number;
  us: number;
  /** Most instructions one run can retire. */
  n: number;
  fn: (() => number) | null;
}

/** Statistics (for `kmemlab bench` and tests). */
export interface JitStats { compiled: number; failed: number; entries: number; insns: number; bails: number; flushes: number }

export class Jit implements JitHook {
  readonly threshold: number;
  readonly cap: number;
  readonly stats: JitStats = { compiled: 0, failed: 0, entries: 0, insns: 0, bails: 0, flushes: 0 };
  private gen = 1;
  private live = 0;
  private readonly cache = new Map<string, Block>();
  private readonly L: JitLayout;
  private readonly u32: Uint32Array;
  private readonly f64: Float64Array;
  private readonly imports: WebAssembly.Imports;
  /** Start of the instruction a block stopped at (unsupported or bail-out): the one after it starts a block. */
  private resume = NaN;

  constructor(private readonly cpu: Cpu, opts: JitOptions = {}) {
    const L = cpu.mmu.layout;
    if (L === null || cpu.mmu.memory === null) throw new Error("jit: the CPU was not created with wasmMemory");
    if (B === null) throw new Error("jit: loadJitBackend() was not awaited");
    this.L = L;
    this.threshold = Math.max(1, opts.threshold ?? DEFAULT_JIT_THRESHOLD);
    this.cap = opts.cap ?? 4096;
    const buf = cpu.mmu.memory.buffer;
    this.u32 = new Uint32Array(buf, L.scratch, 4);
    this.f64 = new Float64Array(buf, L.scratch + 8, 1);
    this.imports = { e: { m: cpu.mmu.memory } };
  }

  /**
   * Run blocks back to back from RIP (a block start) while they are compiled
   * and fit the budget; returns the instructions retired.
   */
  enter(c: Cpu, budget: number): number {
    if (c.rip === c.iNext && c.iStart !== this.resume) return 0;     // falling through: not a block start
    let total = 0;
    for (;;) {
      const r = this.one(c, budget - total);
      if (r < 0) {
        // Nothing ran at this block start: the interpreter runs its first instruction (counted once).
        if (total > 0) { c.iNext = c.rip; c.iStart = NaN; }
        return total;
      }
      const k = r & 0xffff;
      total += k;
      this.stats.entries++;
      this.stats.insns += k;
      if ((r & 0x10000) !== 0) {               // stopped before an instruction the interpreter must run
        this.stats.bails++;
        this.resume = c.rip;
        c.iNext = c.rip;
        c.iStart = NaN;
        return total;
      }
      c.iNext = NaN;                            // RIP is a block start
    }
  }

  /** Run the block at RIP: its raw result (count | bail flag), or -1 when none ran. */
  private one(c: Cpu, budget: number): number {
    const rip = c.rip;
    if (!c.long || (rip & 0xfff) > 0x1000 - 15) return -1;
    const m = c.mmu;
    let phys: number;
    const cr2 = m.cr2;
    try { phys = m.codePhys(rip); } catch (e) {
      if (e instanceof CpuFault) { m.cr2 = cr2; return -1; }  // the interpreter raises it
      throw e;
    }
    if (phys + 15 > m.ramSize) return -1;
    const pg = phys >>> 12, off = phys & 0xfff;
    let page = m.codeCache[pg];
    let ins = page?.[off] as Insn | undefined;
    let blk = ins?.jit as Block | null | undefined;
    if (blk === null || blk === undefined || blk.gen !== this.gen) {
      if (ins !== undefined) { if (++ins.heat < this.threshold) return -1; }
      else if (this.threshold > 1) return -1;                  // the interpreter caches it first
      blk = this.compile(c, rip, phys);
      if (blk === null) return -1;
      if (ins === undefined) {
        ins = lastStart!;
        if (page === undefined) { page = m.codeCache[pg] = new Array(4096); m.codePages[pg] = 1; }
        page[off] = ins;
      }
      ins.jit = blk;
    }
    if (blk.fn === null) { this.resume = rip; return -1; }   // unsupported first instruction: a block may start after it
    if (blk.rip !== rip || blk.us !== m.userShift || blk.n > budget) return -1;
    this.u32[0] = c.flags;
    const r = blk.fn();
    c.flags = this.u32[0]!;
    c.rip = this.f64[0]!;
    return r;
  }

  /** Drop every compiled block (also done automatically past the cap). */
  flush(): void {
    this.gen++;
    this.live = 0;
    this.cache.clear();
    this.stats.flushes++;
  }

  private compile(c: Cpu, rip: number, phys: number): Block | null {
    const list = gather(c, rip);
    const us = c.mmu.userShift;
    if (list.length === 0) {
      this.stats.failed++;
      return lastStart === null ? null : { gen: this.gen, rip, us, n: 0, fn: null };
    }
    const last = list[list.length - 1]!;
    const len = last.next - rip;
    const bytes = c.mmu.mem.subarray(phys, phys + len);
    const key = `${rip}:${us}:${Buffer.from(bytes).toString("latin1")}`;
    const hit = this.cache.get(key);
    if (hit !== undefined && hit.gen === this.gen) return hit;
    if (this.live >= this.cap) this.flush();
    let fn: (() => number) | null = null;
    try {
      const bin = emit(list, us, this.L);
      const inst = new WebAssembly.Instance(new WebAssembly.Module(bin as Uint8Array<ArrayBuffer>), this.imports);
      fn = inst.exports.b as () => number;
      this.stats.compiled++;
      this.live++;
    } catch (e) {
      // A bug in the code generator: report the block, keep running it in the interpreter.
      this.cpu.hooks.log(`jit: block at ${hex(rip)} not compiled (${(e as Error).message}); please report it with: ${describeBlock(list)}`);
      this.stats.failed++;
    }
    const blk: Block = { gen: this.gen, rip, us, n: list.length, fn };
    this.cache.set(key, blk);
    return blk;
  }
}

export function createJit(cpu: Cpu, opts: JitOptions = {}): Jit {
  const j = new Jit(cpu, opts);
  cpu.jit = j;
  return j;
}

/* ================= block discovery ================= */

interface Item { ins: Insn; rip: number; next: number }

/** The Insn decoded for the block's first instruction by the last gather (to seed the decode cache). */
let lastStart: Insn | null = null;

/** Decode the block at `rip` (same physical page) without changing architectural state. */
function gather(c: Cpu, rip: number): Item[] {
  const out: Item[] = [];
  const saved = { rip: c.rip, i: c.i, iNext: c.iNext, cr2: c.mmu.cr2 };
  lastStart = null;
  const page = rip - (rip & 0xfff);
  try {
    let at = rip;
    while (out.length < MAX_INSNS && at - page <= 0x1000 - 15) {
      c.rip = at;
      let ins: Insn;
      try { ins = decode(c); } catch (e) { if (e instanceof CpuFault) break; throw e; }
      if (at === rip) lastStart = ins;
      const next = at + ins.len;
      const kind = supported(ins, next);
      if (kind === 0) break;
      out.push({ ins, rip: at, next });
      if (kind === 2) break;                    // ends the block
      at = next;
    }
  } finally {
    c.rip = saved.rip; c.i = saved.i; c.iNext = saved.iNext; c.mmu.cr2 = saved.cr2;
  }
  return out;
}

function isCanon(v: number): boolean { return v >= -140737488355328 && v < 140737488355328; }

/** 0: not compiled, 1: compiled, 2: compiled and ends the block. */
function supported(i: Insn, next: number): number {
  const f = i.exec;
  const memOk = i.mod === 3 || (i.asz === 8 && i.seg < 0);
  if (f === D.movEG || f === D.movGE || f === D.movEI || f === D.movx || f === D.movsxd) return memOk ? 1 : 0;
  if (f === D.movRI) return 1;
  if (f === D.lea) return i.mod !== 3 && i.asz === 8 ? 1 : 0;
  if (f === A.aluEG || f === A.aluGE || f === A.aluAI) { const op = (i.op >> 3) & 7; return op !== 2 && op !== 3 && memOk ? 1 : 0; }
  if (f === A.grp1) { const op = i.reg & 7; return op !== 2 && op !== 3 && memOk ? 1 : 0; }
  if (f === A.testEG || f === A.testAI || f === A.testEI) return memOk ? 1 : 0;
  if (f === A.incdecE) return memOk ? 1 : 0;
  if (f === A.grp2) {
    const op = i.reg & 7, n = i.op === 0xd0 || i.op === 0xd1 ? 1 : i.op === 0xc0 || i.op === 0xc1 ? i.imm : 0;
    return op !== 2 && op !== 3 && (n & (i.osz === 8 ? 63 : 31)) !== 0 && memOk ? 1 : 0;
  }
  if (f === A.imulGE) return i.osz !== 1 && memOk ? 1 : 0;
  if (f === D.pushR || f === D.popR || f === D.pushI) return i.osz === 8 ? 1 : 0;
  if (f === C.jcc) return !i.pfx66 && isCanon(next + i.imm) ? 1 : 0;
  if (f === C.jmpRel) return !i.pfx66 && isCanon(next + i.imm) ? 2 : 0;
  if (f === C.callRel) return !i.pfx66 && isCanon(next + i.imm) ? 2 : 0;
  if (f === C.ret) return i.op === 0xc3 && !i.pfx66 ? 2 : 0;
  return 0;
}

/* ================= code generation ================= */

const L_F = 0, L_A = 1, L_B = 2, L_R = 3, L_LIN = 4, L_P = 5, L_T = 6;   // function locals
const T_LIN = 0, T_BIT = 1, T_SIZE = 2, T_WR = 3, T_VPN = 4, T_V = 5, T_IDX = 6, T_PP = 7;  // tr() locals

function big64(n: number): bigint { return BigInt.asIntN(64, BigInt(n)); }
function pair64(lo: number, hi: number): bigint { return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)); }
const MASKS: Record<number, bigint> = { 1: 0xffn, 2: 0xffffn, 4: 0xffffffffn, 8: -1n };

/** Flags written (status bits) by an item, read by it, and whether it may bail out or exit. */
function flagInfo(it: Item): { wr: number; rd: number; exit: boolean } {
  const i = it.ins, f = i.exec;
  const mem = i.mod !== 3 && (f !== D.lea);
  const stack = f === D.pushR || f === D.popR || f === D.pushI || f === C.callRel || f === C.ret;
  const mayBail = (mem && f !== D.movRI) || stack;
  if (f === A.aluEG || f === A.aluGE || f === A.aluAI || f === A.grp1 || f === A.testEG || f === A.testAI || f === A.testEI)
    return { wr: STATUS, rd: 0, exit: mayBail };
  if (f === A.incdecE) return { wr: STATUS & ~CF, rd: 0, exit: mayBail };
  if (f === A.grp2) return { wr: (i.reg & 7) <= 1 ? 0x801 : STATUS, rd: 0, exit: mayBail };
  if (f === A.imulGE) return { wr: STATUS, rd: 0, exit: mayBail };
  if (f === C.jcc || f === C.jmpRel || f === C.callRel || f === C.ret) return { wr: 0, rd: STATUS, exit: true };
  return { wr: 0, rd: 0, exit: mayBail };
}

function emit(list: Item[], us: number, L: JitLayout): Uint8Array {
  const m = new B.Module();
  try {
    m.setFeatures(B.Features.MVP | B.Features.SignExt | B.Features.MutableGlobals);
    m.setMemory(1, 65536);
    m.addMemoryImport("0", "e", "m");
    const i32 = B.i32, i64 = B.i64, f64 = B.f64;
    const c32 = (v: number) => m.i32.const(v | 0);
    const c64 = (v: bigint) => m.i64.const(v);
    const get = (n: number, t: number) => m.local.get(n, t);
    const set = (n: number, v: number) => m.local.set(n, v);

    /* tr(lin, permBit, size, write) -> physical address, or -1: the Mmu.tr TLB hit path. */
    {
      const idxAddr = () => m.i32.shl(get(T_IDX, i32), c32(3));
      const body = m.block(null, [
        set(T_VPN, m.i64.shr_s(get(T_LIN, i64), c64(12n))),
        set(T_V, m.i32.wrap(get(T_VPN, i64))),
        set(T_IDX, m.i32.and(m.i32.xor(m.i32.xor(get(T_V, i32), m.i32.shr_s(get(T_V, i32), c32(11))), m.i32.shr_s(get(T_V, i32), c32(22))), c32(4095))),
        m.if(m.f64.ne(m.f64.load(L.vpn, 8, idxAddr()), m.f64.convert_s.i64(get(T_VPN, i64))), m.return(c32(-1))),
        m.if(m.i32.eqz(m.i32.and(m.i32.load8_u(L.perm, 1, get(T_IDX, i32)), get(T_BIT, i32))), m.return(c32(-1))),
        m.if(m.i32.gt_u(m.i32.add(m.i32.and(m.i32.wrap(get(T_LIN, i64)), c32(0xfff)), get(T_SIZE, i32)), c32(0x1000)), m.return(c32(-1))),
        set(T_PP, m.i64.add(m.i64.trunc_u.f64(m.f64.load(L.phys, 8, idxAddr())), m.i64.extend_u(m.i32.and(m.i32.wrap(get(T_LIN, i64)), c32(0xfff))))),
        m.if(m.i64.gt_u(m.i64.add(get(T_PP, i64), m.i64.extend_u(get(T_SIZE, i32))), c64(BigInt(L.ramSize))), m.return(c32(-1))),
        m.if(m.i32.and(get(T_WR, i32), m.i32.ne(m.i32.load8_u(L.codePages, 1, m.i32.wrap(m.i64.shr_u(get(T_PP, i64), c64(12n)))), c32(0))), m.return(c32(-1))),
        m.return(m.i32.wrap(get(T_PP, i64))),
      ]);
      m.addFunction("tr", B.createType([i64, i32, i32, i32]), i32, [i64, i32, i32, i64], body);
    }

    // Flag liveness, backwards: live[k] = status bits needed after item k.
    const liveAfter: number[] = new Array(list.length);
    let live = STATUS;
    for (let k = list.length - 1; k >= 0; k--) {
      liveAfter[k] = live;
      const fi = flagInfo(list[k]!);
      live = (live & ~fi.wr) | fi.rd | (fi.exit ? STATUS : 0);
    }

    const S = L.state, SCR = L.scratch;
    const regAddr = (n: number, s: number, rex: number) =>
      s === 1 && rex === 0 && n >= 4 && n < 8 ? S + 8 * (n - 4) + 1 : S + 8 * n;
    const rdReg = (n: number, s: number, rex: number) => {
      const a = c32(regAddr(n, s, rex));
      return s === 8 ? m.i64.load(0, 8, a) : s === 4 ? m.i64.load32_u(0, 4, a) : s === 2 ? m.i64.load16_u(0, 2, a) : m.i64.load8_u(0, 1, a);
    };
    const wrReg = (n: number, s: number, rex: number, v: number) => {
      const a = c32(regAddr(n, s, rex));
      return s === 8 ? m.i64.store(0, 8, a, v) : s === 4 ? m.i64.store(0, 8, a, m.i64.and(v, c64(0xffffffffn)))
        : s === 2 ? m.i64.store16(0, 2, a, v) : m.i64.store8(0, 1, a, v);
    };
    const rdMem = (s: number) => {
      const a = get(L_P, i32);
      return s === 8 ? m.i64.load(0, 1, a) : s === 4 ? m.i64.load32_u(0, 1, a) : s === 2 ? m.i64.load16_u(0, 1, a) : m.i64.load8_u(0, 1, a);
    };
    const wrMem = (s: number, v: number) => {
      const a = get(L_P, i32);
      return s === 8 ? m.i64.store(0, 1, a, v) : s === 4 ? m.i64.store32(0, 1, a, v) : s === 2 ? m.i64.store16(0, 1, a, v) : m.i64.store8(0, 1, a, v);
    };
    const exitTo = (ripExpr: number, count: number, bail: boolean) => m.block(null, [
      m.f64.store(0, 8, c32(SCR + 8), ripExpr),
      m.i32.store(0, 4, c32(SCR), get(L_F, i32)),
      m.return(c32(count | (bail ? 0x10000 : 0))),
    ]);
    const bailAt = (k: number) => exitTo(m.f64.const(list[k]!.rip), k, true);
    /** p = tr(lin); bail out of item k when the fast path does not apply. */
    const translate = (k: number, lin: number, s: number, write: boolean) => [
      set(L_P, m.call("tr", [lin, c32(1 << ((write ? 1 : 0) + us)), c32(s), c32(write ? 1 : 0)], i32)),
      m.if(m.i32.eq(get(L_P, i32), c32(-1)), bailAt(k)),
    ];
    const eaOff = (it: Item) => {
      const i = it.ins;
      if (i.ripRel) return c64(big64(it.next + i.disp));
      let e = c64(big64(i.disp));
      if (i.base >= 0) e = m.i64.add(e, rdReg(i.base, 8, 1));
      if (i.index >= 0) e = m.i64.add(e, m.i64.shl(rdReg(i.index, 8, 1), c64(BigInt(Math.log2(i.scale)))));
      return e;
    };

    /** ZF, SF, PF of the s-byte result in local R. */
    const szpOf = (s: number) => {
      const r = () => get(L_R, i64);
      return m.i32.or(m.i32.or(
        m.select(m.i64.eqz(r()), c32(0x40), c32(0), i32),
        m.i32.and(m.i32.wrap(m.i64.shr_u(r(), c64(BigInt(s * 8 - 8)))), c32(0x80))),
        m.i32.shl(m.i32.xor(m.i32.and(m.i32.popcnt(m.i32.and(m.i32.wrap(r()), c32(0xff))), c32(1)), c32(1)), c32(2)));
    };
    /* Status flags of an operation on s-byte values in locals A, B with result R (masked). */
    const flagsOf = (kind: "add" | "sub" | "logic", s: number, keep: number) => {
      const bits = s * 8;
      const a = () => get(L_A, i64), b = () => get(L_B, i64), r = () => get(L_R, i64);
      const wr = (v: number) => m.i32.wrap(v);
      let f = m.i32.or(
        m.select(m.i64.eqz(r()), c32(0x40), c32(0), i32),
        m.i32.and(wr(m.i64.shr_u(r(), c64(BigInt(bits - 8)))), c32(0x80)));
      f = m.i32.or(f, m.i32.shl(m.i32.xor(m.i32.and(m.i32.popcnt(m.i32.and(wr(r()), c32(0xff))), c32(1)), c32(1)), c32(2)));
      if (kind !== "logic") {
        f = m.i32.or(f, m.i32.and(wr(m.i64.xor(m.i64.xor(a(), b()), r())), c32(0x10)));
        const ofx = kind === "add" ? m.i64.and(m.i64.xor(a(), r()), m.i64.xor(b(), r())) : m.i64.and(m.i64.xor(a(), b()), m.i64.xor(a(), r()));
        f = m.i32.or(f, m.i32.shl(m.i32.and(wr(m.i64.shr_u(ofx, c64(BigInt(bits - 1)))), c32(1)), c32(11)));
        const cf = kind === "add"
          ? (s === 8 ? m.i64.lt_u(r(), a()) : m.i64.ne(m.i64.shr_u(m.i64.add(a(), b()), c64(BigInt(bits))), c64(0n)))
          : m.i64.lt_u(a(), b());
        f = m.i32.or(f, cf);
      }
      const mask = keep;   // the bits this instruction defines
      return set(L_F, m.i32.or(m.i32.and(get(L_F, i32), c32(~mask)), m.i32.and(f, c32(mask))));
    };
    /** R = A op B (masked to s), with flags if live. op: ALU number 0 add,1 or,4 and,5 sub,6 xor,7 cmp. */
    const aluOp = (op: number, s: number, wantFlags: boolean, wrMask: number): number[] => {
      const a = get(L_A, i64), b = get(L_B, i64);
      let r: number;
      let kind: "add" | "sub" | "logic";
      switch (op) {
        case 0: r = m.i64.add(a, b); kind = "add"; break;
        case 1: r = m.i64.or(a, b); kind = "logic"; break;
        case 4: r = m.i64.and(a, b); kind = "logic"; break;
        case 6: r = m.i64.xor(a, b); kind = "logic"; break;
        default: r = m.i64.sub(a, b); kind = "sub"; break;
      }
      if (s !== 8 && kind !== "logic") r = m.i64.and(r, c64(MASKS[s]!));
      const out = [set(L_R, r)];
      if (wantFlags) out.push(flagsOf(kind, s, wrMask));
      return out;
    };
    const condExpr = (cc: number) => {
      const f = () => get(L_F, i32);
      const sNeO = () => m.i32.and(m.i32.xor(m.i32.shr_u(f(), c32(7)), m.i32.shr_u(f(), c32(11))), c32(1));
      let r: number;
      switch (cc >> 1) {
        case 0: r = m.i32.and(f(), c32(0x800)); break;
        case 1: r = m.i32.and(f(), c32(1)); break;
        case 2: r = m.i32.and(f(), c32(0x40)); break;
        case 3: r = m.i32.and(f(), c32(0x41)); break;
        case 4: r = m.i32.and(f(), c32(0x80)); break;
        case 5: r = m.i32.and(f(), c32(4)); break;
        case 6: r = sNeO(); break;
        default: r = m.i32.or(m.i32.and(f(), c32(0x40)), sNeO()); break;
      }
      return (cc & 1) !== 0 ? m.i32.eqz(r) : r;
    };

    const body: number[] = [set(L_F, m.i32.load(0, 4, c32(SCR)))];
    const RSP = 4;
    for (let k = 0; k < list.length; k++) {
      const it = list[k]!, i = it.ins, f = i.exec, s = i.osz;
      const fl = flagInfo(it);
      const want = (liveAfter[k]! & fl.wr) !== 0;
      const isMem = i.mod !== 3;
      /** Read E into A (RMW when `write`); emits translation first. */
      const loadE = (size: number, write: boolean): number[] =>
        isMem ? [...translate(k, eaOff(it), size, write), set(L_A, rdMem(size))] : [set(L_A, rdReg(i.rm, size, i.rex))];
      const storeE = (size: number, v: number) => isMem ? wrMem(size, v) : wrReg(i.rm, size, i.rex, v);
      if (f === D.movEG) {
        if (isMem) body.push(...translate(k, eaOff(it), s, true));
        body.push(storeE(s, rdReg(i.reg, s, i.rex)));
      } else if (f === D.movGE) {
        body.push(...loadE(s, false), wrReg(i.reg, s, i.rex, get(L_A, i64)));
      } else if (f === D.movEI) {
        if (isMem) body.push(...translate(k, eaOff(it), s, true));
        body.push(storeE(s, c64(pair64(i.imm, i.immHi))));
      } else if (f === D.movRI) {
        body.push(wrReg((i.op & 7) | ((i.rex & 1) << 3), s, i.rex, c64(pair64(i.imm, i.immHi))));
      } else if (f === D.lea) {
        body.push(wrReg(i.reg, s, i.rex, eaOff(it)));
      } else if (f === D.movx) {
        const src = (i.op & 1) === 0 ? 1 : 2;
        body.push(...loadE(src, false));
        let v = get(L_A, i64);
        if (i.op >= 0x1be) v = m.i64.and(src === 1 ? m.i64.extend8_s(v) : m.i64.extend16_s(v), c64(MASKS[s]!));
        body.push(wrReg(i.reg, s, i.rex, v));
      } else if (f === D.movsxd) {
        body.push(...loadE(4, false));
        body.push(wrReg(i.reg, s, i.rex, s === 8 ? m.i64.extend32_s(get(L_A, i64)) : get(L_A, i64)));
      } else if (f === A.aluEG || f === A.aluGE || f === A.aluAI || f === A.grp1) {
        const op = f === A.grp1 ? i.reg & 7 : (i.op >> 3) & 7;
        if (f === A.aluAI) {
          body.push(set(L_A, rdReg(0, s, i.rex)), set(L_B, c64(pair64(i.imm, i.immHi))));
          body.push(...aluOp(op, s, want, STATUS));
          if (op !== 7) body.push(wrReg(0, s, i.rex, get(L_R, i64)));
        } else if (f === A.aluGE) {
          // A = reg (destination), B = E
          body.push(...loadE(s, false), set(L_B, get(L_A, i64)), set(L_A, rdReg(i.reg, s, i.rex)));
          body.push(...aluOp(op, s, want, STATUS));
          if (op !== 7) body.push(wrReg(i.reg, s, i.rex, get(L_R, i64)));
        } else {
          body.push(...loadE(s, op !== 7));
          body.push(set(L_B, f === A.grp1 ? c64(pair64(i.imm, i.immHi)) : rdReg(i.reg, s, i.rex)));
          body.push(...aluOp(op, s, want, STATUS));
          if (op !== 7) body.push(storeE(s, get(L_R, i64)));
        }
      } else if (f === A.testEG || f === A.testAI || f === A.testEI) {
        if (f === A.testAI) body.push(set(L_A, rdReg(0, s, i.rex)));
        else body.push(...loadE(s, false));
        body.push(set(L_B, f === A.testEG ? rdReg(i.reg, s, i.rex) : c64(pair64(i.imm, i.immHi))));
        body.push(...aluOp(4, s, want, STATUS));
      } else if (f === A.incdecE) {
        body.push(...loadE(s, true), set(L_B, c64(1n)));
        body.push(...aluOp((i.reg & 7) === 1 ? 5 : 0, s, want, STATUS & ~CF));
        body.push(storeE(s, get(L_R, i64)));
      } else if (f === A.grp2) {
        const op = i.reg & 7, bits = s * 8;
        const count = (i.op === 0xd0 || i.op === 0xd1 ? 1 : i.imm) & (s === 8 ? 63 : 31);
        const M = c64(MASKS[s]!);
        const a = () => get(L_A, i64), r = () => get(L_R, i64);
        const bit = (v: number, n: number) => m.i32.wrap(m.i64.and(m.i64.shr_u(v, c64(BigInt(n))), c64(1n)));
        const sext = () => s === 8 ? a() : s === 4 ? m.i64.extend32_s(a()) : s === 2 ? m.i64.extend16_s(a()) : m.i64.extend8_s(a());
        body.push(...loadE(s, true));
        let cf: number, of: number, mask = STATUS;
        if (op === 0 || op === 1) {
          const n = count % bits;
          let rv: number;
          if (n === 0) rv = a();
          else if (s === 8) rv = op === 0 ? m.i64.rotl(a(), c64(BigInt(n))) : m.i64.rotr(a(), c64(BigInt(n)));
          else rv = op === 0 ? m.i64.and(m.i64.or(m.i64.shl(a(), c64(BigInt(n))), m.i64.shr_u(a(), c64(BigInt(bits - n)))), M)
            : m.i64.and(m.i64.or(m.i64.shr_u(a(), c64(BigInt(n))), m.i64.shl(a(), c64(BigInt(bits - n)))), M);
          body.push(set(L_R, rv));
          if (op === 0) { cf = bit(r(), 0); of = m.i32.xor(bit(r(), bits - 1), bit(r(), 0)); }
          else { cf = bit(r(), bits - 1); of = m.i32.xor(bit(r(), bits - 1), bit(r(), bits - 2)); }
          mask = 0x801;
        } else if (op === 4 || op === 6) {
          body.push(set(L_R, m.i64.and(m.i64.shl(a(), c64(BigInt(count))), M)));
          cf = count <= bits ? bit(a(), bits - count) : c32(0);
          of = m.i32.xor(bit(r(), bits - 1), count <= bits ? bit(a(), bits - count) : c32(0));
        } else if (op === 5) {
          body.push(set(L_R, m.i64.shr_u(a(), c64(BigInt(count)))));
          cf = bit(a(), count - 1);
          of = bit(a(), bits - 1);
        } else {
          body.push(set(L_R, m.i64.and(m.i64.shr_s(sext(), c64(BigInt(count))), M)));
          cf = m.i32.wrap(m.i64.and(m.i64.shr_s(sext(), c64(BigInt(count - 1))), c64(1n)));
          of = c32(0);
        }
        if (want) {
          let fv = m.i32.or(cf, m.i32.shl(of, c32(11)));
          if (mask === STATUS) fv = m.i32.or(fv, szpOf(s));
          body.push(set(L_F, m.i32.or(m.i32.and(get(L_F, i32), c32(~mask)), fv)));
        }
        body.push(storeE(s, r()));
      } else if (f === A.imulGE) {
        // A = E, B = the other factor; T = the exact (s < 8) or wrapped (s = 8) product.
        body.push(...loadE(s, false));
        body.push(set(L_B, i.op === 0x1af ? rdReg(i.reg, s, i.rex) : c64(pair64(i.imm, i.immHi))));
        const sx = (v: number) => s === 8 ? v : s === 4 ? m.i64.extend32_s(v) : m.i64.extend16_s(v);
        body.push(set(L_T, m.i64.mul(sx(get(L_A, i64)), sx(get(L_B, i64)))));
        body.push(set(L_R, s === 8 ? get(L_T, i64) : m.i64.and(get(L_T, i64), c64(MASKS[s]!))));
        if (want) {
          let over: number;
          if (s !== 8) over = m.i64.ne(get(L_T, i64), sx(get(L_R, i64)));
          else {
            const a = () => get(L_A, i64), b = () => get(L_B, i64);
            over = m.if(m.i64.eqz(a()), c32(0),
              m.if(m.i64.eq(a(), c64(-1n)), m.i64.eq(b(), c64(-(1n << 63n))), m.i64.ne(m.i64.div_s(get(L_R, i64), a()), b())));
          }
          body.push(set(L_F, m.i32.or(m.i32.and(get(L_F, i32), c32(~STATUS)),
            m.i32.or(szpOf(s), m.i32.mul(over, c32(0x801))))));
        }
        body.push(wrReg(i.reg, s, i.rex, get(L_R, i64)));
      } else if (f === D.pushR || f === D.pushI || f === C.callRel) {
        const v = f === D.pushR ? rdReg((i.op & 7) | ((i.rex & 1) << 3), 8, i.rex)
          : f === D.pushI ? c64(pair64(i.imm, i.immHi))
          : c64(big64(it.next));
        body.push(set(L_T, v), set(L_LIN, m.i64.sub(rdReg(RSP, 8, 1), c64(8n))));
        body.push(...translate(k, get(L_LIN, i64), 8, true));
        body.push(wrMem(8, get(L_T, i64)), wrReg(RSP, 8, 1, get(L_LIN, i64)));
        if (f === C.callRel) body.push(exitTo(m.f64.const(it.next + i.imm), k + 1, false));
      } else if (f === D.popR || f === C.ret) {
        body.push(set(L_LIN, rdReg(RSP, 8, 1)));
        body.push(...translate(k, get(L_LIN, i64), 8, false));
        body.push(set(L_T, rdMem(8)));
        if (f === C.ret) {
          // Non-canonical target: #GP from the interpreter (nothing changed yet).
          body.push(m.if(m.i64.ne(m.i64.shr_u(m.i64.add(get(L_T, i64), c64(1n << 47n)), c64(48n)), c64(0n)), bailAt(k)));
          body.push(wrReg(RSP, 8, 1, m.i64.add(get(L_LIN, i64), c64(8n))));
          body.push(exitTo(m.f64.convert_s.i64(get(L_T, i64)), k + 1, false));
        } else {
          body.push(wrReg(RSP, 8, 1, m.i64.add(get(L_LIN, i64), c64(8n))));
          body.push(wrReg((i.op & 7) | ((i.rex & 1) << 3), 8, i.rex, get(L_T, i64)));
        }
      } else if (f === C.jcc) {
        body.push(m.if(condExpr(i.op & 15), exitTo(m.f64.const(it.next + i.imm), k + 1, false)));
      } else if (f === C.jmpRel) {
        body.push(exitTo(m.f64.const(it.next + i.imm), k + 1, false));
      } else throw new Error(`jit: no emitter for ${i.op.toString(16)}`);
    }
    const last = list[list.length - 1]!;
    const ends = last.ins.exec === C.jmpRel || last.ins.exec === C.callRel || last.ins.exec === C.ret;
    if (!ends) body.push(exitTo(m.f64.const(last.next), list.length, true));
    body.push(c32(0));  // unreachable fall-off value
    m.addFunction("b", B.none, i32, [i32, i64, i64, i64, i64, i32, i64], m.block(null, body, i32));
    m.addFunctionExport("b", "b");
    if (!m.validate()) throw new Error("binaryen validation failed");
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

function hex(v: number): string { return v < 0 ? "0x" + (BigInt(v) + (1n << 64n)).toString(16) : "0x" + v.toString(16); }

/** One line per instruction: address, opcode (0x1xx = 0F xx), operand size, ModRM fields. */
function describeBlock(list: Item[]): string {
  return list.map((x) => `${hex(x.rip)}: op ${x.ins.op.toString(16)} osz ${x.ins.osz} mod ${x.ins.mod} reg ${x.ins.reg} rm ${x.ins.rm} len ${x.ins.len}`).join("; ");
}

/** The instructions of the block the JIT would compile at `rip` (tests and debugging). */
export function blockListing(c: Cpu, rip: number): string { return describeBlock(gather(c, rip)); }
