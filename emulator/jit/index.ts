/*
 * jit/index.ts: the compiling tier. Hot regions of 64-bit code
 * (codegen.ts) are translated to WebAssembly with binaryen and run in
 * place on the CPU state and guest RAM, which live in one
 * WebAssembly.Memory (mmu.ts, JitLayout).
 *
 * Hotness and dispatch live in the interpreter core (wasm/core.ts): a
 * block start is where control arrives other than by falling through (a
 * taken branch, the start of a core run). The record of its first
 * instruction counts entries; at `threshold` the core asks compileAt()
 * for the region there, puts the function in its table and from then on
 * calls it from the dispatch loop (call_indirect, no JavaScript in
 * between). A store to the page drops its records, and with them every
 * compiled region of the page (self-modifying code, module loading).
 *
 * Where the code is generated: on the main thread (binaryen imported by
 * loadJitBackend(), ~1 s, then 1-10 ms per region while the guest waits:
 * what the tests use, so a threshold of 1 compiles before the next
 * instruction), or with `worker` in a worker thread (worker.ts), which
 * imports binaryen itself: the guest goes on in the interpreter and the
 * region is installed when its module arrives, between two slices, if its
 * record still exists. With `workerAfter` (scripted --jit runs) the
 * worker starts only once the guest has run that many instructions and
 * the disk cache has missed MISSES_BEFORE_WORKER times; until
 * then only the disk cache serves. Either way the transcript is the same:
 * compiled code retires exactly what the interpreter would. A region ends
 * before a gdb breakpoint (Mmu.noCode, which is part of its key), and
 * while breakpoints are set the disk cache is not used.
 *
 * Compiled regions are cached by content (RIP, privilege, the bytes they
 * span) with a cap; past the cap everything is dropped. With `cacheDir`
 * their modules are also kept on disk for later runs (disk-cache.ts).
 */

import type { HostWorker } from "../platform.ts";
import { hex, type Cpu, type JitHook } from "../cpu/cpu.ts";
import { ACC_EXEC, type JitLayout } from "../cpu/mmu.ts";
import { loadBinaryen, binaryenLoaded, thrownMessage } from "../wasm/binaryen.ts";
import { gather, emit, describeRegion, regionBytes, regionHex, regionHolds, pageImports, type Region } from "./codegen.ts";
import { EXIT_CAUSES, type ExitCause } from "../wasm/layout.ts";
import { startCompileWorker, type CompileReply } from "./worker.ts";
import { RegionDiskCache, type StoredRegion } from "./disk-cache.ts";

export { regionListing, regionWat } from "./codegen.ts";

/** Import binaryen (once). Must be awaited before a JIT compiles anything. */
export async function loadJitBackend(): Promise<void> { await loadBinaryen(); }

export interface JitOptions {
  /** Entries of a block start before it is compiled (1: at once). */
  threshold?: number;
  /** Live compiled regions before the whole cache is dropped. */
  cap?: number;
  /** Generate code in a worker thread (the guest does not wait; binaryen is imported there). */
  worker?: boolean;
  /**
   * With `worker`: guest instructions (Cpu.icount) before the worker is
   * started (default 0: at once), and with a disk cache not before it
   * has missed MISSES_BEFORE_WORKER times. Until then only the disk
   * cache's modules are installed. Importing binaryen costs about a second
   * of CPU, which on a short scripted run, or one the cache serves,
   * competes with the guest and is never repaid (WORKER_AFTER_SCRIPTED).
   */
  workerAfter?: number;
  /** (tests) Treat the region at this RIP as a code-generator failure, to exercise the report and the fallback. */
  failAt?: number;
  /** Where a code-generator failure is reported (default: the CPU's log, as failureLine). */
  onFailure?: (f: JitFailure) => void;
  /** Keep compiled modules under this directory for later runs (Node only; see disk-cache.ts). */
  cacheDir?: string | null;
}

/** A code-generator failure (a bug in the JIT; the region stays in the interpreter). */
export interface JitFailure {
  /** The region's entry. */
  rip: number;
  /** What the generator or WebAssembly threw. */
  error: string;
  /** Its instructions by basic block, with their bytes (describeRegion). */
  listing: string;
}

/** The one-line report of a failure. */
export function failureLine(f: JitFailure): string {
  return `jit: region at ${hex(f.rip)} not compiled (${f.error}); please report it with: ${f.listing}`;
}

/**
 * Entries of a block start before its region is compiled. Measured on the
 * bench's rows (user CPU, warm disk cache, 2026-12-03): at 1,000 the JIT
 * compiled ~780 regions for 100 x modprobe/rmmod and lost to the
 * interpreter (5.8 s against 3.5 s), at 16,000-64,000 it wins every row
 * (2.9 s there; cpubench 1.0 s against 2.5 s, boot -e true even); most
 * kernel code runs too briefly to repay its module. (The core's counter
 * holds 16 bits: at most 65,534.)
 */
export const DEFAULT_JIT_THRESHOLD = 32_000;
/**
 * Regions waiting for the worker at most. Past it a hot block start is
 * not queued but counts its entries again before it asks again: a guest
 * making code faster than it compiles does not build an ever longer
 * queue, and its code stays in the interpreter meanwhile.
 */
export const MAX_WAITING = 64;
/**
 * Instructions a scripted run (`--jit --exec`) executes before the compile
 * worker starts: a `boot --exec true` is ~13 million, shorter than the
 * worker's import of binaryen; a run past this is long enough to repay it.
 */
export const WORKER_AFTER_SCRIPTED = 20_000_000;
/**
 * With `workerAfter`: times a hot block start found no module in the disk
 * cache before the worker is started (a block start asks again after
 * another `threshold` entries, so a hot loop's few block starts soon
 * count this many). A run whose code the cache holds (the same kernel and
 * programs run before) never needs binaryen, whose import costs more than
 * such a run's few misses would repay.
 */
export const MISSES_BEFORE_WORKER = 64;

/** A compiled region: its function and the instructions of its first basic block (what a call needs of the budget). */
export interface Compiled { fn: () => number; n: number }

/** Gathered regions kept for a block start asked again (Jit.gathered) before they are all dropped. */
const MAX_GATHERED = 4096;

/** A region gathered at a block start, its bytes, its cache key, and the breakpoints (Mmu.noCode) it was gathered under. */
interface Gathered { region: Region; bytes: Uint8Array[]; key: string; noCode: Cpu["mmu"]["noCode"] }

/** A module from the disk cache, instantiated: its function and the region it was stored with (pages[0].phys 0: any frame). */
interface DiskEntry { gen: number; fn: () => number; region: StoredRegion }

/** A cache entry (fn null: generating it failed). */
interface CacheEntry { gen: number; n: number; fn: (() => number) | null }

/** A region being generated in the worker, and who waits for it. */
interface Waiting { key: string; name: string | null; gen: number; rip: number; region: Region; bytes: Uint8Array[]; then: ((r: Compiled | null) => void)[] }

/** Statistics (for `kmemlab bench` and tests); the interpreter core adds entries, insns and bails. */
export type JitStats = {
  compiled: number;
  /** Code-generator failures (bugs, each reported through onFailure). */
  failed: number;
  /** Block starts whose first instruction is not compiled (nothing to compile there). */
  uncompilable: number;
  entries: number; insns: number; bails: number; flushes: number;
  /** Times a hot block start was told to wait (the worker not ready yet, or MAX_WAITING regions queued). */
  busy: number;
  /** Milliseconds this thread spent on compiling (with a worker: decoding regions and instantiating modules). */
  compileMs: number;
  /** Regions whose module came from the disk cache (counted in compiled too). */
  fromDisk: number;
} & Record<ExitCause, number>;   // how compiled code left its regions, by cause (layout.ts EXIT_CAUSES)

/**
 * The compiler. The interpreter core (wasm/core.ts) counts entries of
 * block starts and asks for a region at `threshold`; compiled regions go
 * into its function table and are called from its dispatch loop.
 */
export class Jit implements JitHook {
  readonly threshold: number;
  readonly cap: number;
  readonly stats: JitStats = {
    compiled: 0, failed: 0, uncompilable: 0, entries: 0, insns: 0, bails: 0, flushes: 0, busy: 0, compileMs: 0, fromDisk: 0,
    ...Object.fromEntries(EXIT_CAUSES.map((k) => [k, 0])) as Record<ExitCause, number>,
  };
  private readonly failAt: number | null;
  private readonly onFailure: (f: JitFailure) => void;
  private gen = 1;
  private live = 0;
  private readonly cache = new Map<string, CacheEntry>();
  /**
   * The last region gathered at each block start (by RIP, privilege and
   * frame), reused while regionHolds(): a block start asked again (its
   * module still in the worker) is not decoded again. (While the worker is
   * not ready or busy nothing is gathered: only the disk cache is asked.)
   */
  private readonly gathered = new Map<string, Gathered>();
  private readonly L: JitLayout;
  private readonly memory: WebAssembly.Memory;
  private readonly disk: RegionDiskCache | null;
  /** The disk cache's modules instantiated in this run, by name. */
  private readonly diskFns = new Map<string, DiskEntry>();
  /**
   * The disk name computed at each block start (by RIP, privilege and
   * physical address) and the page's slot table then: while that is the
   * same the page was not written (a store drops it), and a block start
   * asked again (busy) hashes nothing. A stale name only costs a miss: what
   * is found under it is used only if its pages hold.
   */
  private readonly names = new Map<string, { name: string; slots: number }>();
  /** Disk modules being compiled off this thread, by name, and who waits for them. */
  private readonly compiling = new Map<string, ((r: Compiled | null) => void)[]>();
  private worker: HostWorker | null = null;
  /** Start the worker at this Cpu.icount, once the disk cache missed MISSES_BEFORE_WORKER times (null: no worker wanted, or started). */
  private workerAt: number | null = null;
  /** Hot block starts the disk cache had nothing for while the worker waits to start. */
  private misses = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private readonly waitingByKey = new Map<string, Waiting>();
  /** Closed (or its worker failed): nothing more is compiled. */
  private closed = false;
  /** The worker has imported binaryen. */
  private workerReady = false;
  /** Resolved once code can be generated (with a worker: when it has imported binaryen). */
  readonly ready: Promise<void>;
  private readonly readyNow: () => void;

  constructor(private readonly cpu: Cpu, opts: JitOptions = {}) {
    const L = cpu.mmu.layout;
    if (L === null || cpu.mmu.memory === null) throw new Error("jit: the CPU was not created with wasmMemory");
    if (opts.worker !== true && !binaryenLoaded()) throw new Error("jit: loadJitBackend() was not awaited");
    this.L = L;
    this.threshold = Math.max(1, opts.threshold ?? DEFAULT_JIT_THRESHOLD);
    this.cap = opts.cap ?? 4096;
    this.failAt = opts.failAt ?? null;
    this.onFailure = opts.onFailure ?? ((f) => cpu.hooks.log(failureLine(f)));
    this.memory = cpu.mmu.memory;
    this.disk = RegionDiskCache.open(opts.cacheDir, L);
    let ready = () => {};
    this.ready = opts.worker === true ? new Promise<void>((r) => { ready = r; }) : Promise.resolve();
    this.readyNow = ready;
    if (opts.worker === true) {
      this.workerAt = Math.max(0, opts.workerAfter ?? 0);
      if (this.workerAt === 0) this.startWorker();
    }
  }

  /** Start the compile worker (once); `ready` resolves when it has imported binaryen. */
  private startWorker(): void {
    this.workerAt = null;
    const ready = this.readyNow;
    this.worker = startCompileWorker();
    if (this.worker === null) {
      this.cpu.hooks.log("jit: this host has no workers; the interpreter runs everything");
      this.closed = true;
      ready();
      return;
    }
    this.worker.onMessage((msg) => {
      const r = msg as CompileReply;
      if ("ready" in r) { this.workerReady = true; ready(); } else this.arrived(r);
    });
    this.worker.onError((e: Error) => {
      this.cpu.hooks.log(`jit: the compile worker failed (${e.message}); the interpreter runs everything from now on`);
      this.close();
      ready();
    });
  }

  /**
   * The region at linear `rip` (physical `phys`) for the current
   * privilege, compiled: its function (the region ABI of layout.ts: flags
   * and budget in, flags and RIP out, instructions retired returned,
   * BAIL_BIT when it stopped before an instruction the interpreter must
   * run), or null when it cannot be. With a worker: "busy" when it is not
   * ready or MAX_WAITING regions wait for it (ask again later), else,
   * unless the cache has it, "pending", and `then` is called when its
   * module has arrived.
   */
  compileAt(c: Cpu, rip: number, phys: number, then?: (r: Compiled | null) => void): Compiled | null | "pending" | "busy" {
    if (this.closed) return null;
    if (this.workerAt !== null && c.icount >= this.workerAt && (this.disk === null || this.misses >= MISSES_BEFORE_WORKER)) this.startWorker();
    const busy = this.workerAt !== null || (this.worker !== null && (!this.workerReady || this.waiting.size >= MAX_WAITING));
    if (busy && this.disk === null) { this.stats.busy++; return "busy"; }
    const t0 = performance.now();
    const us = c.mmu.userShift;
    // The disk cache first, by the entry's page (no decoding: a hit costs a hash and a check of the pages);
    // not while breakpoints are set (Mmu.noCode): a stored region does not stop before them
    const name = this.disk === null || rip === this.failAt || c.mmu.noCode !== null ? null : this.diskName(c, rip, us, phys);
    if (name !== null) {
      const stored = this.fromDisk(c, name, phys, then);
      if (stored !== null) { this.stats.compileMs += performance.now() - t0; return stored; }
    }
    if (busy) {
      if (this.workerAt !== null) this.misses++;
      this.stats.busy++;
      this.stats.compileMs += performance.now() - t0;
      return "busy";
    }
    const at = `${rip}:${us}:${phys}`;
    let g = this.gathered.get(at);
    // (gathered with other breakpoints, Mmu.noCode: gathered again)
    if (g === undefined || g.noCode !== c.mmu.noCode || !regionHolds(c, g.region, g.bytes)) {
      const region = gather(c, rip);
      if (region.insns === 0) {
        this.stats.uncompilable++;
        return null;
      }
      // Cached by content: the bytes the region spans in each page, where and for which privilege
      // (other pages: their frame and slot table, which the code checks); a page is 4 KiB at most,
      // within fromCharCode's argument limit (no Buffer: this runs in a page too)
      const bytes = regionBytes(c.mmu.mem, region);
      const key = `${rip}:${us}:` + region.pages.map((p, k) => `${p.lo}:${k === 0 ? "" : `${p.phys}:${p.slots}:`}${String.fromCharCode(...bytes[k]!)}`).join("|")
        + (region.breaks.length > 0 ? `|breaks:${region.breaks.join(",")}` : "");
      if (this.gathered.size >= MAX_GATHERED) this.gathered.clear();
      g = { region, bytes, key, noCode: c.mmu.noCode };
      this.gathered.set(at, g);
    }
    const { region, bytes, key } = g;
    const hit = this.cache.get(key);
    if (hit !== undefined && hit.gen === this.gen) return hit.fn === null ? null : { fn: hit.fn, n: hit.n };
    if (this.worker !== null) {
      const w = this.waitingByKey.get(key);
      if (w !== undefined) { if (then) w.then.push(then); return "pending"; }
      const id = this.nextId++;
      const req: Waiting = { key, name, gen: this.gen, rip, region, bytes, then: then ? [then] : [] };
      this.waiting.set(id, req);
      this.waitingByKey.set(key, req);
      this.worker.postMessage({ id, region, us, layout: this.L });
      this.stats.compileMs += performance.now() - t0;
      return "pending";
    }
    let bin: Uint8Array | null = null, error = "";
    try {
      if (rip === this.failAt) throw new Error("code generator failure injected by a test");
      bin = emit(region, us, this.L) as Uint8Array;
    } catch (e) {
      error = thrownMessage(e);
    }
    const r = this.finish(key, this.gen, rip, region, bytes, bin, error);
    if (r !== null && name !== null) this.disk!.put(name, storedRegion(region, bytes), bin!);
    this.stats.compileMs += performance.now() - t0;
    return r;
  }

  /** The disk cache's name of the region at `rip` (physical `phys`): its entry page's bytes, or null if that page is not in RAM. */
  private diskName(c: Cpu, rip: number, us: number, phys: number): string | null {
    const frame = phys - (phys & 0xfff);
    if (frame + 0x1000 > c.mmu.mem.length) return null;
    const at = `${rip}:${us}:${phys}`, slots = c.mmu.recMap?.[phys >>> 12] ?? 0;
    const m = this.names.get(at);
    if (m !== undefined && slots !== 0 && m.slots === slots) return m.name;
    const name = this.disk!.name(rip, us, c.mmu.mem.subarray(frame, frame + 0x1000));
    if (this.names.size >= MAX_GATHERED) this.names.clear();
    this.names.set(at, { name, slots });
    return name;
  }

  /**
   * The region stored under `name` (entry in the frame of `phys`), instantiated and kept for this
   * run, if its pages still hold; null when it is not there (or unusable, or another region).
   * With a worker (the guest never waits for code then) the module is compiled off this thread
   * (WebAssembly.compile): "pending", and `then` gets it.
   */
  private fromDisk(c: Cpu, name: string, phys: number, then?: (r: Compiled | null) => void): Compiled | null | "pending" {
    const frame = phys - (phys & 0xfff);
    const m = this.diskFns.get(name);
    // (its instance imports the other pages' frames and slot tables it was made with: they must still be those)
    if (m !== undefined && m.gen === this.gen && regionHolds(c, { pages: m.region.pages.map((p, k) => (k === 0 ? { ...p, phys: frame } : p)) }, m.region.bytes)) {
      return { fn: m.fn, n: m.region.n };
    }
    const stored = this.disk!.get(name);
    if (stored === null) return null;
    // Where its pages are now: the entry's in `frame`, the others where the TLB maps them, with their slot tables
    // (what the module imports: pageImports); it is used only if they hold its bytes there.
    const recMap = c.mmu.recMap;
    const pages = stored.region.pages.map((p, k) => {
      const at = k === 0 ? frame : c.mmu.tlbPeek(p.lin, ACC_EXEC);
      return { ...p, phys: at, slots: k === 0 || at < 0 || recMap === null ? 0 : recMap[at >>> 12] ?? 0 };
    });
    const s = { region: { ...stored.region, pages }, module: stored.module };
    if (pages.some((p, k) => k > 0 && p.slots === 0) || !regionHolds(c, s.region, s.region.bytes)) {
      this.disk!.forget(name);   // the same entry page, another region (or its other pages not decoded here yet): generate it
      return null;
    }
    if (then !== undefined && (this.worker !== null || this.workerAt !== null)) {
      const w = this.compiling.get(name);
      if (w !== undefined) { w.push(then); return "pending"; }
      const thens = [then], gen = this.gen;
      this.compiling.set(name, thens);
      WebAssembly.compile(s.module as Uint8Array<ArrayBuffer>)
        .then((mod) => {
          const t0 = performance.now(), r = this.instantiateStored(name, gen, s.region, mod);
          this.stats.compileMs += performance.now() - t0;
          return r;
        }, () => { this.disk!.forget(name); return null; })
        .then((r) => { this.compiling.delete(name); for (const f of thens) f(r); });
      return "pending";
    }
    let mod: WebAssembly.Module;
    try { mod = new WebAssembly.Module(s.module as Uint8Array<ArrayBuffer>); } catch { this.disk!.forget(name); return null; }   // damaged: generate it again
    return this.instantiateStored(name, this.gen, s.region, mod);
  }

  /** A module from the disk cache instantiated and kept for this run (null: a flush since it was asked for, or it does not instantiate). */
  private instantiateStored(name: string, gen: number, region: StoredRegion, mod: WebAssembly.Module): Compiled | null {
    if (gen !== this.gen) return null;
    let fn: () => number;
    try {
      fn = this.instantiate(mod, region.pages);
    } catch { this.disk!.forget(name); return null; }
    this.stats.compiled++;
    this.stats.fromDisk++;
    if (this.live >= this.cap) this.flush();
    this.live++;
    this.diskFns.set(name, { gen: this.gen, fn, region });
    return { fn, n: region.n };
  }

  /** A region's function: its module instantiated on the guest's memory and the frames and slot tables of its pages (pageImports). */
  private instantiate(mod: WebAssembly.Module, pages: readonly Pick<Region["pages"][number], "phys" | "slots">[]): () => number {
    return new WebAssembly.Instance(mod, { e: { m: this.memory, ...pageImports(pages) } }).exports.b as () => number;
  }

  /** Make the module's function and cache it; a generator failure is reported with the region's bytes. */
  private finish(key: string, gen: number, rip: number, region: Region, bytes: Uint8Array[], bin: Uint8Array | null, error: string): Compiled | null {
    let fn: (() => number) | null = null;
    if (bin !== null) {
      try {
        fn = this.instantiate(new WebAssembly.Module(bin as Uint8Array<ArrayBuffer>), region.pages);
      } catch (e) {
        error = thrownMessage(e);
      }
    }
    if (fn === null) {
      // A bug in the code generator: report the region, keep running it in the interpreter.
      this.stats.failed++;
      this.onFailure({ rip, error, listing: describeRegion(region, (a, n) => regionHex(region, bytes, a, n)) });
    } else {
      this.stats.compiled++;
    }
    if (gen !== this.gen) return fn === null ? null : { fn, n: region.bbs[0]!.items.length };
    if (this.live >= this.cap) this.flush();
    if (fn !== null) this.live++;
    const blk: CacheEntry = { gen: this.gen, n: region.bbs[0]!.items.length, fn };
    this.cache.set(key, blk);
    return fn === null ? null : { fn, n: blk.n };
  }

  /** A module from the worker: cache it and tell who waits (they check that their record is still there). */
  private arrived(reply: Exclude<CompileReply, { ready: true }>): void {
    const w = this.waiting.get(reply.id);
    if (w === undefined) return;
    this.waiting.delete(reply.id);
    this.waitingByKey.delete(w.key);
    const t0 = performance.now();
    const r = this.finish(w.key, w.gen, w.rip, w.region, w.bytes, reply.bytes ?? null, reply.error ?? "");
    if (r !== null && w.name !== null) this.disk?.put(w.name, storedRegion(w.region, w.bytes), reply.bytes!);
    this.stats.compileMs += performance.now() - t0;
    for (const f of w.then) f(r);
  }

  /** Drop every compiled region (also done automatically past the cap). */
  flush(): void {
    this.gen++;
    this.live = 0;
    this.cache.clear();
    this.gathered.clear();
    this.diskFns.clear();
    this.names.clear();
    this.stats.flushes++;
  }

  /** Compile nothing more and stop the worker (what it is still generating is forgotten; compiled code keeps running). */
  close(): void {
    const w = this.worker;
    this.closed = true;
    this.workerAt = null;
    this.worker = null;
    this.waiting.clear();
    this.waitingByKey.clear();
    if (w !== null) w.terminate();
  }
}

/** What the disk cache keeps of a region besides its module (disk-cache.ts). */
function storedRegion(r: Region, bytes: Uint8Array[]): StoredRegion {
  return { n: r.bbs[0]!.items.length, pages: r.pages.map(({ lin, phys, slots, lo, hi }) => ({ lin, phys, slots, lo, hi })), bytes };
}

export function createJit(cpu: Cpu, opts: JitOptions = {}): Jit {
  const j = new Jit(cpu, opts);
  cpu.jit = j;
  return j;
}
