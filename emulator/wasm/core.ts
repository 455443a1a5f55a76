/*
 * wasm/core.ts: the interpreter's WebAssembly core. The common 64-bit
 * instructions (cpu/forms.ts `allForms`: the mov family, lea, every ALU
 * op, test, inc/dec, not/neg, shifts, imul, push/pop/leave/pushf,
 * jcc/jmp/call/ret, cmov, setcc, xchg, cbw/cwd, nops, cli/sti and port
 * I/O) are interpreted by one wasm function, a dispatch loop emitted from
 * the same IR builders as the JIT; everything else runs in TypeScript
 * (interp.ts). This is an interpreter, not a compiler: nothing is
 * generated per guest region; the module is emitted once per memory layout
 * (binaryen, -O2) and cached on disk, so runs that find it there never
 * import binaryen.
 *
 * Pre-decoded records. The TypeScript decoder's Insn (in the per-page
 * decode cache) is turned into a 48-byte record in wasm memory the first
 * time the core meets the instruction; the record is found through
 * recMap[physical page] -> slot table[offset] (mmu.ts JitLayout) and holds
 * its handler, length, operand addresses and immediate, and the compiled
 * region there with its entry count (layout.ts REC has the fields).
 *
 * JIT dispatch. At a block start (a taken branch, the start of a run) the
 * core calls the record's compiled region (emulator/jit) through its
 * function table when RIP and privilege match and the budget left covers
 * its first basic block (layout.ts has the call's ABI); otherwise it
 * counts the entry and, at the JIT's threshold, stops so TypeScript
 * compiles it. A region that stops before an instruction it cannot run
 * hands over to the loop, which runs that instruction as usual.
 *
 * Records are dropped with the decode cache (a store to the page:
 * Mmu.invalidateCode/flushCode clear recMap); the core runs only 64-bit
 * code, whose decodes alone are cached, so a mode switch drops nothing.
 * When the slot tables or records run out, all are dropped and rebuilt on
 * demand.
 *
 * The loop (run): while fewer than `budget` instructions retired: fetch
 * RIP through the TLB (execute permission; on a miss `tr` walks the page
 * tables itself when only the TLB entry changes, x86-ir.ts addWalk, else
 * it stops so TypeScript walks them), find the record (instructions crossing a page
 * boundary have none: the next page may be mapped elsewhere), dispatch
 * with br_table. It stops, with the exact state of the TypeScript
 * interpreter after the same instructions, when the budget is used, when
 * an instruction needs the TypeScript interpreter (no record yet,
 * unsupported, or a slow path), when a region is to be compiled, after sti
 * when an interrupt may be pending or the run would end on the shadowed
 * instruction (TypeScript applies the interrupt shadow; layout.ts
 * SCR_IRQ) and after port I/O that made an interrupt deliverable or
 * stopped the machine. Nothing else it runs changes IF or the PIC, and
 * the TLB only as Mmu.walk would, so interrupts and the virtual clock see
 * the same boundaries as a purely TypeScript run.
 */

import { platform } from "../platform.ts";
import type { Cpu, Insn, CoreHook } from "../cpu/cpu.ts";
import { RECORD_BYTES, ACC_EXEC, type JitLayout } from "../cpu/mmu.ts";
import { CpuFault } from "../cpu/fault.ts";
import { FLAG_IF, FLAG_TF } from "../cpu/state.ts";
import { fetchInsn } from "../cpu/interp.ts";
import { addTr, emitInsn, IR_SOURCES, type Operands } from "./x86-ir.ts";
import { loadBinaryen, binaryenLoaded, bn, newModule, BINARYEN_SOURCE } from "./binaryen.ts";
import { L_F, SCR_FLAGS, SCR_RIP, SCR_BUDGET_LEFT, SCR_EXITS, SCR_WALK, SCR_WALK_CR3, SCR_IRQ, EXIT_CAUSES, BAIL_BIT, STALE_BIT, REC as RF, recLoad, recStore, recWrite, Locals, LAYOUT_SOURCE, type Field } from "./layout.ts";
import { formOf, allForms, formKey, endsBlock, eRegNum, gRegNum, eSize, immValue, regOffset, FORMS_SOURCE } from "../cpu/forms.ts";
import { rowOf } from "../cpu/opcode-table.ts";

/* Scratch words (byte offsets from JitLayout.scratch); flags, RIP and the region's budget are the JIT's ABI (layout.ts). */
const SC_FLAGS = SCR_FLAGS, SC_RIP = SCR_RIP, SC_BUDGET = 16, SC_US = 20, SC_REASON = 28, SC_PHYS = 32, SC_RIPSLOT = 40, SC_ZERO = 48,
  SC_IOSTOP = 56, SC_JIT = 60, SC_JENT = 64, SC_JINS = 68, SC_JBAIL = 72, SC_SHADOW = 76;
/** Why run() returned. */
export const STOP_BUDGET = 0, STOP_TS = 1, STOP_NO_RECORD = 2, STOP_IO = 4, STOP_COMPILE = 5, STOP_FETCH = 6, STOP_STI = 7;
/** Compiled regions the function table holds (past it, records and table start over). */
const TABLE_SIZE = 4096;

const FORMS = allForms();
const FORM_ID = new Map(FORMS.map((f, k) => [formKey(f), k + 1]));

/** Emit the core module for a memory layout. */
export function emitCore(L: JitLayout): Uint8Array {
  const B = bn();
  const m = newModule();
  try {
    const i32 = B.i32, i64 = B.i64;
    // Locals of run() after the shared ones (layout.ts L_F..L_T).
    const locals = new Locals();
    const RIP = locals.add(i64), N = locals.add(i32), BUD = locals.add(i32), REC = locals.add(i32), NEXT = locals.add(i64), US = locals.add(i32);
    const BS = locals.add(i32), FVPN = locals.add(i64), FPHYS = locals.add(i32), T32 = locals.add(i32), K = locals.add(i32);
    m.addFunctionImport("io", "e", "io", B.createType([i32, i32, i32, i32, i32, i32]), i32);
    m.addTableImport("t", "e", "t");
    addTr(m, L);
    const c32 = (v: number) => m.i32.const(v | 0), c64 = (v: bigint) => m.i64.const(v);
    const get = (n: number, t: number) => m.local.get(n, t), set = (n: number, v: number) => m.local.set(n, v);
    const SCR = L.scratch, S = L.state;
    const rec = (f: Field) => recLoad(m, f, get(REC, i32));
    const stop = (reason: number) => m.block(null, [set(T32, c32(reason)), m.break("exit")]);
    const retire = () => set(N, m.i32.add(get(N, i32), c32(1)));

    const ops: Operands = {
      gReg: () => rec(RF.gReg),
      eReg: () => rec(RF.eReg),
      ea: () => m.i64.add(m.i64.add(
        m.i64.load(0, 8, rec(RF.base)),
        m.i64.shl(m.i64.load(0, 8, rec(RF.index)), m.i64.extend_u(rec(RF.scale)))),
      m.i64.extend_s(rec(RF.disp))),
      imm: () => rec(RF.imm),
      next: () => get(NEXT, i64),
      rip: () => get(RIP, i64),
      perm: (write) => m.i32.shl(c32(write ? 2 : 1), get(US, i32)),
      bail: () => stop(STOP_TS),             // (the JIT counts causes; the core does not)
      kernel: () => m.i32.eqz(get(US, i32)),
      stiDone: (wasClear) => m.i32.store(0, 4, c32(SCR + SC_SHADOW), wasClear),
      // Port I/O from ring 0 goes to the host's devices (ring 3 leaves it to TypeScript: IOPL and #GP).
      io: (port, size, out, value) => m.block(null, [
        m.if(get(US, i32), stop(STOP_TS)),
        m.call("io", [port, c32(size), c32(out ? 1 : 0), value, get(L_F, i32), get(N, i32)], i32),
      ], i32),
      jump: (t, _cause) => m.block(null, [set(RIP, t), retire(), set(BS, c32(1)), m.break("top")]),
    };

    // Handlers: block h0 holds the br_table; handler k's code follows block hk.
    const names = ["h0", ...FORMS.map((_, k) => `h${k + 1}`)];
    let inner = m.block("h0", [m.switch(names, "h0", rec(RF.handler))]);
    inner = m.block("h1", [inner, stop(STOP_TS)]);
    FORMS.forEach((f, k) => {
      const code = [...emitInsn(m, f, ops, true, S + 8 * 4)];
      if (endsBlock(f)) code.push(m.unreachable());
      else {
        code.push(set(RIP, get(NEXT, i64)), retire(), set(BS, c32(0)));
        // after port I/O: stop when an interrupt is now deliverable or the machine stops
        if (f.kind === "io") code.push(m.if(m.i32.load(0, 4, c32(SCR + SC_IOSTOP)), stop(STOP_IO)));
        // after sti, when an interrupt may be pending or the run ends with the next instruction still shadowed:
        // TypeScript applies the interrupt shadow and checks for interrupts (else nothing can arrive: go on)
        if (f.kind === "sti") code.push(m.if(m.i32.or(m.i32.load(0, 4, c32(SCR + SCR_IRQ)), m.i32.ge_u(get(N, i32), get(BUD, i32))), stop(STOP_STI)));
        code.push(m.break("top"));
      }
      inner = k + 2 < names.length ? m.block(`h${k + 2}`, [inner, ...code]) : m.block(null, [inner, ...code]);
    });

    const fetch = [
      m.if(m.i32.ge_u(get(N, i32), get(BUD, i32)), stop(STOP_BUDGET)),
      set(T32, m.i32.and(m.i32.wrap(get(RIP, i64)), c32(0xfff))),
      m.if(m.i64.ne(m.i64.shr_s(get(RIP, i64), c64(12n)), get(FVPN, i64)), m.block(null, [
        set(FPHYS, m.call("tr", [get(RIP, i64), m.i32.shl(c32(4), get(US, i32)), c32(1), c32(0)], i32)),
        m.if(m.i32.eq(get(FPHYS, i32), c32(-1)), stop(STOP_FETCH)),
        set(FPHYS, m.i32.sub(get(FPHYS, i32), get(T32, i32))),
        set(FVPN, m.i64.shr_s(get(RIP, i64), c64(12n))),
      ])),
      m.i32.store(SC_PHYS, 4, c32(SCR), m.i32.add(get(FPHYS, i32), get(T32, i32))),
      // recMap[page] -> the page's slot table -> the record at the offset.
      set(REC, m.i32.load(L.recMap, 4, m.i32.shl(m.i32.shr_u(get(FPHYS, i32), c32(12)), c32(2)))),
      m.if(m.i32.eqz(get(REC, i32)), stop(STOP_NO_RECORD)),
      set(REC, m.i32.load(0, 4, m.i32.add(get(REC, i32), m.i32.shl(get(T32, i32), c32(2))))),
      m.if(m.i32.eqz(get(REC, i32)), stop(STOP_NO_RECORD)),
      m.if(get(BS, i32), blockStart()),
      set(NEXT, m.i64.add(get(RIP, i64), m.i64.extend_u(rec(RF.len)))),
      m.i64.store(0, 8, c32(SCR + SC_RIPSLOT), get(NEXT, i64)),
    ];

    /* At a block start (entry, or after a taken branch): run its compiled block, or count the entry. */
    function blockStart(): number {
      const bump = (off: number, v: number) => m.i32.store(0, 4, c32(SCR + off), m.i32.add(m.i32.load(0, 4, c32(SCR + off)), v));
      return m.block(null, [
        set(K, rec(RF.region)),
        m.if(get(K, i32),
          m.if(m.i32.and(m.i32.and(
            m.i32.eq(rec(RF.regionPriv), get(US, i32)),
            m.i64.eq(rec(RF.regionRip), get(RIP, i64))),
            m.i32.le_u(m.i32.add(get(N, i32), rec(RF.regionFirst)), get(BUD, i32))),
          m.block(null, [
            m.i32.store(0, 4, c32(SCR + SC_FLAGS), get(L_F, i32)),
            m.i32.store(0, 4, c32(SCR + SCR_BUDGET_LEFT), m.i32.sub(get(BUD, i32), get(N, i32))),
            set(K, m.call_indirect("t", m.i32.sub(get(K, i32), c32(1)), [], B.none, i32)),
            set(L_F, m.i32.load(0, 4, c32(SCR + SC_FLAGS))),
            set(RIP, m.i64.trunc_s.f64(m.f64.load(0, 8, c32(SCR + SC_RIP)))),
            set(N, m.i32.add(get(N, i32), m.i32.and(get(K, i32), c32(~(BAIL_BIT | STALE_BIT))))),
            bump(SC_JENT, c32(1)),
            bump(SC_JINS, m.i32.and(get(K, i32), c32(~(BAIL_BIT | STALE_BIT)))),
            // the region continues into a page that changed: drop it (it heats up and is compiled again)
            m.if(m.i32.and(get(K, i32), c32(STALE_BIT)), m.block(null, [recStore(m, RF.region, get(REC, i32), c32(0)), recStore(m, RF.entries, get(REC, i32), c32(0))])),
            // stopped before an instruction the region could not run: the loop runs it as usual
            set(BS, m.i32.eqz(m.i32.and(get(K, i32), c32(BAIL_BIT)))),
            m.if(m.i32.eqz(get(BS, i32)), bump(SC_JBAIL, c32(1))),
            m.break("top"),
          ])),
          m.if(m.i32.load(0, 4, c32(SCR + SC_JIT)), m.block(null, [
            set(K, rec(RF.entries)),
            m.if(m.i32.ne(get(K, i32), c32(0xffff)), m.block(null, [
              set(K, m.i32.add(get(K, i32), c32(1))),
              recStore(m, RF.entries, get(REC, i32), get(K, i32)),
              m.if(m.i32.eq(get(K, i32), m.i32.load(0, 4, c32(SCR + SC_JIT))), stop(STOP_COMPILE)),
            ])),
          ]))),
      ]);
    }

    const body = m.block(null, [
      set(L_F, m.i32.load(0, 4, c32(SCR + SC_FLAGS))),
      set(RIP, m.i64.trunc_s.f64(m.f64.load(0, 8, c32(SCR + SC_RIP)))),
      set(BUD, m.i32.load(0, 4, c32(SCR + SC_BUDGET))),
      set(US, m.i32.load(0, 4, c32(SCR + SC_US))),
      set(BS, c32(1)),
      set(FVPN, c64(1n << 62n)),                  // no page: no canonical address has this page number
      m.block("exit", [m.loop("top", m.block(null, [...fetch, inner]))]),
      m.f64.store(0, 8, c32(SCR + SC_RIP), m.f64.convert_s.i64(get(RIP, i64))),
      m.i32.store(0, 4, c32(SCR + SC_FLAGS), get(L_F, i32)),
      m.i32.store(0, 4, c32(SCR + SC_REASON), get(T32, i32)),
      m.return(get(N, i32)),
    ], i32);
    m.addFunction("run", B.none, i32, locals.types, body);
    m.addFunctionExport("run", "run");
    if (!m.validate()) throw new Error("wasm core: binaryen validation failed");
    // Emitted once per layout and cached, so binaryen's -O2 (about a second; ~18% faster, e.g. `tr` inlined) pays.
    B.setOptimizeLevel(2);
    B.setShrinkLevel(0);
    m.optimize();
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

/* ================= loading (with a disk cache) ================= */

const CORE_SOURCE = import.meta.url;
const compiled = new Map<string, WebAssembly.Module>();

/**
 * The cache file name: where the generators run from (the sources, or the
 * launcher's bundle), a hash of their text, then of the layout.
 */
export function layoutKey(L: JitLayout): string {
  return `${sourceKey()}-${platform.sha256Hex(JSON.stringify(L)).slice(0, 12)}`;
}
const FLAVOR = (CORE_SOURCE.split("/").pop() ?? "core").replace(/[^A-Za-z0-9]+/g, "_");
let srcKey: string | null = null;
function sourceKey(): string {
  if (srcKey !== null) return srcKey;
  const parts: Uint8Array[] = [];
  for (const u of new Set([CORE_SOURCE, ...IR_SOURCES, FORMS_SOURCE, LAYOUT_SOURCE, BINARYEN_SOURCE])) parts.push(platform.files.sourceOf(u) ?? new TextEncoder().encode(u));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => { all.set(p, at); return at + p.length; }, 0);
  return (srcKey = `${FLAVOR}-${platform.sha256Hex(all).slice(0, 12)}`);
}

/** Remove cached cores emitted by other versions of the same generators (same flavor). */
function pruneCache(dir: string): void {
  const fs = platform.files;
  try {
    for (const f of fs.list(dir)) {
      if (f.startsWith(`core-${FLAVOR}-`) && f.endsWith(".wasm") && !f.startsWith(`core-${sourceKey()}-`)) fs.remove(fs.join(dir, f));
    }
  } catch { /* nothing to prune */ }
}

/**
 * The compiled core for a layout: from memory, from `cacheDir`, or emitted
 * (binaryen must then be loaded: see loadCore).
 */
export function coreModule(L: JitLayout, cacheDir: string | null = null): WebAssembly.Module {
  const key = layoutKey(L);
  const have = compiled.get(key);
  if (have !== undefined) return have;
  const file = cacheDir === null ? null : cacheFile(cacheDir, key);
  let bytes: Uint8Array | null = null;
  if (file !== null) bytes = platform.files.read(file);
  if (bytes === null) {
    bytes = emitCore(L);
    if (file !== null) {
      try {
        platform.files.mkdirp(cacheDir!);
        pruneCache(cacheDir!);
        platform.files.writeAtomic(file, bytes);
      } catch { /* a read-only cache only costs time */ }
    }
  }
  const mod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  compiled.set(key, mod);
  return mod;
}

/** The cache file of the core with this key (the web page's build names its core this way too). */
export function cacheFile(dir: string, key: string): string { return platform.files.join(dir, `core-${key}.wasm`); }

/** True when coreModule(L, cacheDir) needs no binaryen. */
function cached(L: JitLayout, cacheDir: string | null): boolean {
  const key = layoutKey(L);
  return compiled.has(key) || (cacheDir !== null && platform.files.exists(cacheFile(cacheDir, key)));
}

/** Load (importing binaryen only when the module is not cached) and attach the core to a CPU. */
export async function loadCore(c: Cpu, opts: { cacheDir?: string | null; jit?: RegionCompiler | null } = {}): Promise<InterpCore> {
  const L = c.mmu.layout;
  if (L === null) throw new Error("wasm core: the CPU was not created with wasmMemory");
  const dir = opts.cacheDir ?? null;
  if (!cached(L, dir) && !binaryenLoaded()) await loadBinaryen();
  return attachCore(c, coreModule(L, dir), opts.jit ?? null);
}

export function attachCore(c: Cpu, mod: WebAssembly.Module, jit: RegionCompiler | null = null): InterpCore {
  const core = new InterpCore(c, mod, jit);
  c.core = core;
  return core;
}

/* ================= the TypeScript side ================= */

/** The JIT as the core sees it (emulator/jit's Jit). */
export interface RegionCompiler {
  readonly threshold: number;
  readonly stats: { entries: number; insns: number; bails: number } & Record<(typeof EXIT_CAUSES)[number], number>;
  /** The compiled region at rip, null if it cannot be, "pending" (then `then` gets it later) or "busy" (ask again later). */
  compileAt(c: Cpu, rip: number, phys: number, then?: (r: { fn: () => number; n: number } | null) => void): { fn: () => number; n: number } | null | "pending" | "busy";
}

export type CoreStats = { runs: number; insns: number; records: number; flushes: number };

export class InterpCore implements CoreHook {
  readonly stats: CoreStats = { runs: 0, insns: 0, records: 0, flushes: 0 };
  private readonly run: () => number;
  private readonly u32: Uint32Array;
  private readonly f64: Float64Array;
  private readonly mem: Uint32Array;
  private readonly dv: DataView;
  private readonly L: JitLayout;
  private readonly table: WebAssembly.Table;
  private nextSlot = 0;
  private nextRec = 0;
  private nextFn = 0;
  /** RIP where the last run stopped for the TypeScript interpreter: it runs that instruction next. */
  private tsAt = NaN;
  /** Instructions the current enter() retired in its runs before the one going on (io's instruction count). */
  private retired = 0;

  constructor(private readonly cpu: Cpu, mod: WebAssembly.Module, private jit: RegionCompiler | null) {
    const mmu = cpu.mmu;
    this.L = mmu.layout!;
    const buf = mmu.memory!.buffer;
    this.u32 = new Uint32Array(buf, this.L.scratch, (SCR_IRQ >> 2) + 1);
    this.f64 = new Float64Array(buf, this.L.scratch, (SCR_WALK_CR3 >> 3) + 1);
    this.mem = new Uint32Array(buf);
    this.dv = new DataView(buf);
    this.table = new WebAssembly.Table({ element: "anyfunc", initial: TABLE_SIZE, maximum: TABLE_SIZE });
    const io = (port: number, size: number, out: number, value: number, flags: number, n: number) => this.io(port, size, out, value, flags, n);
    const inst = new WebAssembly.Instance(mod, { e: { m: mmu.memory!, io, t: this.table } });
    this.run = inst.exports.run as () => number;
    this.mem.fill(0, (this.L.scratch + SC_ZERO) >>> 2, (this.L.scratch + SC_ZERO + 8) >>> 2);
    this.setJit(jit);
  }

  /** Attach (or detach) the JIT: from now on block starts are counted and hot ones compiled. */
  setJit(jit: RegionCompiler | null): void {
    this.jit = jit;
    this.u32[SC_JIT >> 2] = jit === null ? 0 : Math.min(jit.threshold, 0xfffe);
  }

  enter(c: Cpu, budget: number): number {
    if (!c.long || (c.flags & FLAG_TF) !== 0) return 0;     // single-stepping: one instruction at a time, in TypeScript
    if (c.rip === this.tsAt) { this.tsAt = NaN; return 0; }
    const u = this.u32;
    u[SC_FLAGS >> 2] = c.flags;
    this.f64[SC_RIP >> 3] = c.rip;
    u[SC_US >> 2] = c.mmu.userShift;
    // what tr's page walk needs (x86-ir.ts addWalk); nothing changes it while the core runs
    u[SCR_WALK >> 2] = c.mmu.walkWord();
    this.f64[SCR_WALK_CR3 >> 3] = c.mmu.cr3;
    u[SCR_IRQ >> 2] = c.pic !== null && c.pic.hasInterrupt() ? 1 : 0;
    let total = 0, reason: number, recorded = -1;
    for (;;) {
      u[SC_BUDGET >> 2] = budget - total;
      this.retired = total;
      total += this.run();
      this.stats.runs++;
      reason = u[SC_REASON >> 2]!;
      if (total >= budget) break;
      // (a record just written is found at once; the same stop twice would be a bug: leave it to TypeScript)
      if (reason === STOP_NO_RECORD && u[SC_PHYS >> 2] !== recorded && this.record(c, u[SC_PHYS >> 2]!)) { recorded = u[SC_PHYS >> 2]!; continue; }
      if (reason === STOP_COMPILE) { this.compile(c, u[SC_PHYS >> 2]!); continue; }
      // Not in the TLB with execute permission (TypeScript's fetch keeps its own page): walk, then go on.
      if (reason === STOP_FETCH && this.fill(c)) continue;
      break;
    }
    c.flags = u[SC_FLAGS >> 2]!;
    c.rip = this.f64[SC_RIP >> 3]!;
    if (reason === STOP_STI) {
      if (u[SC_SHADOW >> 2] !== 0) c.shadow = true;
      c.checkIrq = true;
    }
    if (this.jit !== null && u[SC_JENT >> 2] !== 0) {
      const js = this.jit.stats;
      js.entries += u[SC_JENT >> 2]!; js.insns += u[SC_JINS >> 2]!; js.bails += u[SC_JBAIL >> 2]!;
      u[SC_JENT >> 2] = 0; u[SC_JINS >> 2] = 0; u[SC_JBAIL >> 2] = 0;
      // (a plain loop touching only the causes that occurred: this runs at every return from the core)
      for (let n = 0; n < EXIT_CAUSES.length; n++) {
        const v = u[(SCR_EXITS >> 2) + n]!;
        if (v !== 0) { js[EXIT_CAUSES[n]!] += v; u[(SCR_EXITS >> 2) + n] = 0; }
      }
    }
    if (total > 0) {
      this.stats.insns += total;
      if (reason === STOP_TS || reason === STOP_NO_RECORD || reason === STOP_FETCH) this.tsAt = c.rip;
    }
    return total;
  }

  /** Translate RIP for execution, filling the TLB; false on a fault (TypeScript raises it). */
  private fill(c: Cpu): boolean {
    const m = c.mmu, cr2 = m.cr2;
    try { m.tr(this.f64[SC_RIP >> 3]!, ACC_EXEC); return true; } catch (e) {
      if (e instanceof CpuFault) { m.cr2 = cr2; return false; }
      throw e;
    }
  }

  /**
   * Compile the region starting at RIP (its record exists) and put it in
   * the table; a failure is not retried. One generated in the background
   * is installed when it arrives if its record is still there (no flush,
   * no store to the page since: record addresses are not reused before a
   * flush); until then the record does not ask again. A busy JIT is asked
   * again after another `threshold` entries.
   */
  private compile(c: Cpu, phys: number): void {
    const rip = this.f64[SC_RIP >> 3]!, us = c.mmu.userShift, flushes = this.stats.flushes;
    const rec = this.recordAt(phys);
    const r = this.jit!.compileAt(c, rip, phys, (b) => {
      if (b !== null && this.stats.flushes === flushes && this.recordAt(phys) === rec) this.install(rec, b, us, rip);
    });
    if (r === "busy") recWrite(this.dv, rec, RF.entries, 0);           // counts its entries again
    else if (r === null || r === "pending") recWrite(this.dv, rec, RF.entries, 0xffff);
    else this.install(rec, r, us, rip);
  }

  /** The record of the instruction at physical address phys, or 0. */
  private recordAt(phys: number): number {
    const slots = this.cpu.mmu.recMap![phys >>> 12]!;
    return slots === 0 ? 0 : this.mem[(slots >>> 2) + (phys & 0xfff)]!;
  }

  private install(rec: number, blk: { fn: () => number; n: number }, us: number, rip: number): void {
    if (this.nextFn >= TABLE_SIZE) { this.flush(); return; }    // the record is gone too: it will heat up again
    const k = this.nextFn++;
    this.table.set(k, blk.fn);
    recWrite(this.dv, rec, RF.region, k + 1);
    recWrite(this.dv, rec, RF.regionPriv, us);
    recWrite(this.dv, rec, RF.regionFirst, blk.n);
    recWrite(this.dv, rec, RF.regionRip, BigInt(rip));
  }

  /**
   * Port I/O for the core, at the instruction boundary `n` instructions
   * into the current run (the clock, hence the devices, see that time).
   * Asks the core to stop when an interrupt became deliverable or the
   * machine is stopping, where the TypeScript run loop would act.
   */
  private io(port: number, size: number, out: number, value: number, flags: number, n: number): number {
    const c = this.cpu;
    const base = c.icount;
    // (Cpu.icount counts this enter()'s instructions only when it returns: the earlier runs' and this one's so far)
    c.icount = base + this.retired + n;
    let r = 0;
    try {
      if (out !== 0) c.io.out(port, size as 1 | 2 | 4, value >>> 0);
      else r = c.io.in(port, size as 1 | 2 | 4);
    } finally {
      c.icount = base;
    }
    c.checkIrq = true;
    const pending = c.pic !== null && c.pic.hasInterrupt();
    this.u32[SC_IOSTOP >> 2] = c.stop !== null || ((flags & FLAG_IF) !== 0 && pending) ? 1 : 0;
    this.u32[SCR_IRQ >> 2] = pending ? 1 : 0;
    return r;
  }

  /** Drop every record (they are rebuilt from the decode cache on demand). */
  flush(): void {
    this.cpu.mmu.recMap!.fill(0);
    this.nextSlot = 0;
    this.nextRec = 0;
    this.nextFn = 0;
    this.stats.flushes++;
  }

  /**
   * Write the record of the instruction at RIP (physical address `phys`),
   * decoding it first if needed; false when it cannot be decoded here (a
   * fault on fetch or decode: the TypeScript interpreter raises it).
   */
  private record(c: Cpu, phys: number): boolean {
    const mmu = c.mmu, L = this.L;
    const pg = phys >>> 12, off = phys & 0xfff;
    let ins = mmu.codeCache[pg]?.[off] as Insn | undefined;
    let cached = true;
    if (ins === undefined || off > 0x1000 - 15) {
      c.rip = this.f64[SC_RIP >> 3]!;
      const cr2 = mmu.cr2;
      try { ins = fetchInsn(c); } catch (e) {
        if (e instanceof CpuFault) { mmu.cr2 = cr2; return false; }
        throw e;
      }
      // Not cacheable (it crosses into the next page): a record that sends it to TypeScript,
      // kept only while the page's decode cache lives (its stores clear recMap).
      cached = mmu.codeCache[pg]?.[off] === ins;
      if (!cached && mmu.codePages[pg] === 0) return false;
    }
    if (this.nextRec >= L.records) this.flush();
    let slots = mmu.recMap![pg]!;
    if (slots === 0) {
      if (this.nextSlot >= L.slotPages) this.flush();
      slots = L.slots + this.nextSlot++ * 16384;
      this.mem.fill(0, slots >>> 2, (slots + 16384) >>> 2);
      mmu.recMap![pg] = slots;
    }
    const rec = L.recs + this.nextRec++ * RECORD_BYTES;
    const dv = this.dv, S = L.state, ZERO = L.scratch + SC_ZERO;
    // An instruction crossing into the next page is left to TypeScript (that page may be mapped elsewhere).
    const f = !cached || off + ins.len > 0x1000 ? null : formOf(ins, rowOf(ins));
    const id = f === null ? 0 : FORM_ID.get(formKey(f)) ?? 0;
    for (let k = 0; k < RECORD_BYTES; k += 4) dv.setUint32(rec + k, 0, true);
    recWrite(dv, rec, RF.handler, id);
    recWrite(dv, rec, RF.len, ins.len);
    if (f !== null && id !== 0) {
      const e = eRegNum(ins, f);
      recWrite(dv, rec, RF.scale, ins.index >= 0 ? Math.log2(ins.scale) : 0);
      recWrite(dv, rec, RF.gReg, S + regOffset(gRegNum(ins, f), f.s, ins.rex));
      recWrite(dv, rec, RF.eReg, e >= 0 ? S + regOffset(e, eSize(f), ins.rex) : ZERO);
      recWrite(dv, rec, RF.base, ins.ripRel ? L.scratch + SC_RIPSLOT : ins.base >= 0 ? S + 8 * ins.base : ZERO);
      recWrite(dv, rec, RF.index, ins.index >= 0 ? S + 8 * ins.index : ZERO);
      recWrite(dv, rec, RF.disp, f.mem ? ins.disp : 0);
      recWrite(dv, rec, RF.imm, immValue(ins, f));
    }
    this.mem[(slots >>> 2) + off] = rec;
    this.stats.records++;
    return true;
  }
}
