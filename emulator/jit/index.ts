/*
 * jit/index.ts: the compiling tier. Hot straight-line blocks of 64-bit code
 * are translated to WebAssembly with binaryen and run in place on the CPU
 * state and guest RAM, which live in one WebAssembly.Memory (mmu.ts,
 * JitLayout).
 *
 * Hotness and dispatch live in the interpreter core (wasm/core.ts): a
 * block starts where control arrives other than by falling through (a
 * taken branch, the start of a core run). The record of its first
 * instruction counts entries; at `threshold` the core asks compileAt()
 * for the block, puts the function in its table and from then on calls it
 * from the dispatch loop (call_indirect, no JavaScript in between). A store
 * to the page drops its records, and with them every compiled block of the
 * page (self-modifying code, module loading).
 *
 * A block: up to MAX_INSNS supported instructions in one physical page
 * (each starting at most 0x1000-15 into it, as the decode cache), ending
 * with ret, a jmp/call leaving the page, or before an unsupported
 * instruction; direct jmp/call into the same page continue it at their
 * target, not-taken jcc after them (taken ones exit). Compiled for one linear RIP and one
 * privilege (userShift); entered only when both match, and (as the core
 * runs) in 64-bit mode with no interrupt check pending, when the slice
 * budget covers the whole block, so
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

import type { Cpu, Insn } from "../cpu/cpu.ts";
import { decode } from "../cpu/decoder.ts";
import { CpuFault } from "../cpu/fault.ts";
import type { JitLayout } from "../cpu/mmu.ts";
import {
  loadBinaryen, binaryenLoaded, bn, addTr, emitInsn, formOf, endsBlock, flagInfo, eRegNum, gRegNum, eSize, immValue, jitCompiles, regOffset, sharedLocals, newModule,
  STATUS, L_F, type Form, type Operands,
} from "../wasm/x86-ir.ts";

/** Import binaryen (once). Must be awaited before a JIT compiles anything. */
export async function loadJitBackend(): Promise<void> { await loadBinaryen(); }
export function jitBackendLoaded(): boolean { return binaryenLoaded(); }

export interface JitOptions {
  /** Entries of a block start before it is compiled (1: at once). */
  threshold?: number;
  /** Live compiled blocks before the whole cache is dropped. */
  cap?: number;
}

export const DEFAULT_JIT_THRESHOLD = 1000;
const MAX_INSNS = 48;

/** A compiled block (or a failed attempt: fn null). */
interface Block {
  gen: number;
  /** Most instructions one run can retire. */
  n: number;
  fn: (() => number) | null;
}

/** Statistics (for `kmemlab bench` and tests); the interpreter core adds entries, insns and bails. */
export interface JitStats { compiled: number; failed: number; entries: number; insns: number; bails: number; flushes: number }

/**
 * The compiler. The interpreter core (wasm/core.ts) counts entries of
 * block starts and asks for a block at `threshold`; compiled blocks go
 * into its function table and are called from its dispatch loop.
 */
export class Jit {
  readonly threshold: number;
  readonly cap: number;
  readonly stats: JitStats = { compiled: 0, failed: 0, entries: 0, insns: 0, bails: 0, flushes: 0 };
  private gen = 1;
  private live = 0;
  private readonly cache = new Map<string, Block>();
  private readonly L: JitLayout;
  private readonly imports: WebAssembly.Imports;

  constructor(private readonly cpu: Cpu, opts: JitOptions = {}) {
    const L = cpu.mmu.layout;
    if (L === null || cpu.mmu.memory === null) throw new Error("jit: the CPU was not created with wasmMemory");
    if (!binaryenLoaded()) throw new Error("jit: loadJitBackend() was not awaited");
    this.L = L;
    this.threshold = Math.max(1, opts.threshold ?? DEFAULT_JIT_THRESHOLD);
    this.cap = opts.cap ?? 4096;
    this.imports = { e: { m: cpu.mmu.memory } };
  }

  /**
   * Compile the block at linear `rip` (physical `phys`) for the current
   * privilege: its function (flags in/out through the scratch word, RIP
   * out; returns retired | 0x10000 when it stopped before an instruction
   * the interpreter must run) and its most instructions, or null.
   */
  compileAt(c: Cpu, rip: number, phys: number): { fn: () => number; n: number } | null {
    const blk = this.compile(c, rip, phys);
    return blk === null || blk.fn === null ? null : { fn: blk.fn, n: blk.n };
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
      return null;
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
      const bin = emit(list, us, this.L) as Uint8Array;
      const inst = new WebAssembly.Instance(new WebAssembly.Module(bin as Uint8Array<ArrayBuffer>), this.imports);
      fn = inst.exports.b as () => number;
      this.stats.compiled++;
      this.live++;
    } catch (e) {
      // A bug in the code generator: report the block, keep running it in the interpreter.
      this.cpu.hooks.log(`jit: block at ${hex(rip)} not compiled (${(e as Error).message}); please report it with: ${describeBlock(list)}`);
      this.stats.failed++;
    }
    const blk: Block = { gen: this.gen, n: list.length, fn };
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

/** One instruction of a block; `follow`: a jmp/call whose target (same page) the block continues at. */
interface Item { ins: Insn; form: Form; rip: number; next: number; follow?: number }

/** Decode the block at `rip` (same physical page) without changing architectural state. */
function gather(c: Cpu, rip: number): Item[] {
  const out: Item[] = [];
  const saved = { rip: c.rip, i: c.i, iNext: c.iNext, cr2: c.mmu.cr2 };
  const page = rip - (rip & 0xfff);
  try {
    let at = rip;
    while (out.length < MAX_INSNS && at - page <= 0x1000 - 15) {
      c.rip = at;
      let ins: Insn;
      try { ins = decode(c); } catch (e) { if (e instanceof CpuFault) break; throw e; }
      const next = at + ins.len;
      const form = formOf(ins);
      if (form === null || !jitCompiles(form)) break;
      const it: Item = { ins, form, rip: at, next };
      out.push(it);
      if (endsBlock(form)) {
        // A direct jmp/call into the same page: the block goes on at the target.
        const target = next + ins.imm;
        if (form.kind === "ret" || target < page || target - page > 0x1000 - 15) break;
        it.follow = target;
        at = target;
        continue;
      }
      at = next;
    }
  } finally {
    c.rip = saved.rip; c.i = saved.i; c.iNext = saved.iNext; c.mmu.cr2 = saved.cr2;
  }
  return out;
}

/* ================= code generation ================= */

/** The block's module: binary, or with `text` its WebAssembly text (expect tests). */
function emit(list: Item[], us: number, L: JitLayout, text = false): Uint8Array | string {
  const B = bn();
  const m = newModule();
  try {
    const i32 = B.i32;
    const c32 = (v: number) => m.i32.const(v | 0);
    addTr(m, L);

    // Flag liveness, backwards: live[k] = status bits needed after item k.
    const liveAfter: number[] = new Array(list.length);
    let live = STATUS;
    for (let k = list.length - 1; k >= 0; k--) {
      liveAfter[k] = live;
      const fi = flagInfo(list[k]!.form);
      live = (live & ~fi.wr) | fi.rd | (fi.exit ? STATUS : 0);
    }

    const S = L.state, SCR = L.scratch;
    const exitTo = (ripF64: number, count: number, bail: boolean) => m.block(null, [
      m.f64.store(0, 8, c32(SCR + 8), ripF64),
      m.i32.store(0, 4, c32(SCR), m.local.get(L_F, i32)),
      m.return(c32(count | (bail ? 0x10000 : 0))),
    ]);
    const body: number[] = [m.local.set(L_F, m.i32.load(0, 4, c32(SCR)))];
    for (let k = 0; k < list.length; k++) {
      const it = list[k]!, i = it.ins, f = it.form;
      const ops: Operands = {
        gReg: () => c32(S + regOffset(gRegNum(i, f), f.s, i.rex)),
        eReg: () => c32(S + regOffset(eRegNum(i, f), eSize(f), i.rex)),
        ea: () => {
          if (i.ripRel) return m.i64.const(BigInt.asIntN(64, BigInt(it.next + i.disp)));
          let e = m.i64.const(BigInt(i.disp));
          if (i.base >= 0) e = m.i64.add(e, m.i64.load(0, 8, c32(S + 8 * i.base)));
          if (i.index >= 0) e = m.i64.add(e, m.i64.shl(m.i64.load(0, 8, c32(S + 8 * i.index)), m.i64.const(BigInt(Math.log2(i.scale)))));
          return e;
        },
        imm: () => m.i64.const(immValue(i, f)),
        next: () => m.i64.const(BigInt(it.next)),
        perm: (write) => c32(1 << ((write ? 1 : 0) + us)),
        bail: () => exitTo(m.f64.const(it.rip), k, true),
        jump: (t) => exitTo(m.f64.convert_s.i64(t), k + 1, false),
      };
      if (it.follow === undefined) body.push(...emitInsn(m, f, ops, (liveAfter[k]! & flagInfo(f).may) !== 0, S + 8 * 4));
      else if (f.kind === "call") {
        // A followed call is its push of the return address; a followed jmp is nothing.
        ops.imm = () => m.i64.const(BigInt(it.next));
        body.push(...emitInsn(m, { kind: "pushI", s: 8, mem: false, op: 0 }, ops, false, S + 8 * 4));
      }
    }
    const last = list[list.length - 1]!;
    if (last.follow !== undefined) body.push(exitTo(m.f64.const(last.follow), list.length, false));
    else if (!endsBlock(last.form)) body.push(exitTo(m.f64.const(last.next), list.length, true));
    body.push(c32(0));  // unreachable fall-off value
    m.addFunction("b", B.none, i32, sharedLocals(), m.block(null, body, i32));
    m.addFunctionExport("b", "b");
    if (!m.validate()) throw new Error("binaryen validation failed");
    return text ? m.emitText() : m.emitBinary();
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

/** The WebAssembly text of the block the JIT would compile at `rip` for the current privilege (expect tests). */
export function blockWat(c: Cpu, rip: number): string {
  const L = c.mmu.layout;
  if (L === null) throw new Error("jit: the CPU was not created with wasmMemory");
  return emit(gather(c, rip), c.mmu.userShift, L, true) as string;
}
