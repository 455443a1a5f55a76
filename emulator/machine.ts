/*
 * machine.ts: the virtual PC: RAM, CPU, I/O bus, PC devices and the clock,
 * wired together, plus the run loop.
 *
 * The run loop executes the CPU in slices that end at the next timer
 * deadline (so device time is exact with respect to retired
 * instructions), then runs due timers and lets the CPU take interrupts.
 * When the CPU halts with interrupts enabled, virtual time jumps to the
 * next deadline; in real-clock mode the loop sleeps until then instead.
 * Every few milliseconds of host time the loop yields to the event loop
 * so console input and signals are handled.
 */

import { Cpu } from "./cpu/cpu.ts";
import { MachineStop, CpuFault } from "./cpu/fault.ts";
import { step } from "./cpu/interp.ts";
import { EXCEPTION_NAMES } from "./cpu/state.ts";
import { IoBus } from "./devices/io-bus.ts";
import { Clock, type ClockMode } from "./clock.ts";
import { createPcDevices, type PcDeviceModels } from "./devices/pc.ts";
import { parseKernel, loadPvh, BootError } from "../boot/pvh-loader.ts";
import { enterPvh } from "../boot/pvh-entry.ts";
import type { Jit, JitFailure } from "./jit/index.ts";
import { platform } from "./platform.ts";

export interface MachineOptions {
  kernel: Uint8Array;
  kernelName?: string;
  cmdline?: string;
  initrd?: Uint8Array | null;
  memoryMiB?: number;
  clock?: ClockMode;
  /** Called with every byte the guest sends to COM1. */
  onSerial?: (byte: number) => void;
  /** Wall-clock start time for the RTC (ms since the epoch); fixed by default for determinism. */
  rtcEpochMs?: number;
  /**
   * The JIT tier (emulator/jit), or null/absent for the interpreter only.
   * Its code is generated on this thread, binaryen being imported when the
   * run starts (best throughput: a threshold of 1 compiles before the
   * code runs), or with `worker` in a worker thread, the guest running on
   * in the interpreter until each module arrives (no pauses: the console);
   * `waitForWorker` starts the guest only once the worker has imported
   * binaryen (tests that must see its code arrive during a short run).
   * `onFailure` receives code-generator failures (default: a line on stderr).
   */
  jit?: { threshold?: number; worker?: boolean; workerAfter?: number; waitForWorker?: boolean; onFailure?: (f: JitFailure) => void } | null;
  /** Run the common instructions in the interpreter's WebAssembly core (emulator/wasm/core.ts); default true, and always with the JIT. */
  wasmCore?: boolean;
  /** Where the emitted core module is cached (without one, each process emits it with binaryen). */
  cacheDir?: string;
  /** false: leave RAM empty and the CPU at reset, for a saved state to be loaded (emulator/snapshot.ts); default true. */
  boot?: boolean;
}

/**
 * What may hold or shape the run at slice boundaries: the gdb stub
 * (emulator/gdbstub.ts; its CPU-level part is Cpu.debug) or a save at the
 * shell prompt (snapshot.ts PromptWatch).
 */
export interface RunControl {
  /** A promise to await before the CPU goes on (the machine is stopped for the debugger), or null. */
  pause(): Promise<void> | null;
  /** An instruction count slices must not run past (a single step, a replay's target), or Infinity. */
  limit(): number;
  /** The machine is being stopped (requestStop): settle any pause. */
  wake(): void;
  /**
   * Console input arrives (between two slices); true: the control takes it
   * (gdb's history logs it for replay, or holds it while the machine is in
   * the past, and passes it to receiveInput itself).
   */
  input?(bytes: Uint8Array): boolean;
}

export interface RunResult {
  /** Exit status requested through isa-debug-exit ((v << 1) | 1), or null if the machine stopped otherwise. */
  exitCode: number | null;
  /** Why the run ended, one line. */
  reason: string;
  /** Instructions retired. */
  insns: number;
}

export const MIN_MEMORY_MIB = 16;
export const MAX_MEMORY_MIB = 4096;
/** Virtual nanoseconds per retired instruction (a 1 GHz, 1 IPC machine). */
export const NS_PER_INSN = 1;
const SLICE = 200_000;
/** Largest RAM the wasm core and the JIT support (RAM plus their tables must fit a 4 GiB WebAssembly.Memory). */
export const MAX_JIT_MEMORY_MIB = 4032;

export class Machine {
  readonly cpu: Cpu;
  readonly io = new IoBus();
  readonly clock: Clock;
  readonly dev: PcDeviceModels;
  private exitCode: number | null = null;
  private readonly jitWanted: boolean;
  private readonly coreWanted: boolean;
  private stopReason: string | null = null;
  /** The debugger that may stop the run (gdb), or null. */
  control: RunControl | null = null;
  /**
   * Console output: bytes the guest has written to COM1, and bytes passed
   * on to onSerial. They differ only while gdb's reverse execution runs
   * again what has already been shown (timetravel.ts puts `consoleWritten`
   * back with a checkpoint): those bytes are not shown twice.
   */
  consoleWritten = 0;
  consoleShown = 0;

  constructor(readonly opts: MachineOptions) {
    const mib = opts.memoryMiB ?? 128;
    if (!Number.isInteger(mib) || mib < MIN_MEMORY_MIB || mib > MAX_MEMORY_MIB)
      throw new BootError(`memory size ${mib} MiB is out of range (${MIN_MEMORY_MIB}..${MAX_MEMORY_MIB})`);
    this.clock = new Clock(opts.clock ?? "virtual", NS_PER_INSN);
    // The JIT keeps RAM, CPU state and TLB in one WebAssembly.Memory (at most 4 GiB in all).
    this.jitWanted = opts.jit != null && mib <= MAX_JIT_MEMORY_MIB;
    if (opts.jit != null && !this.jitWanted) this.log(`the JIT needs at most ${MAX_JIT_MEMORY_MIB} MiB of RAM; running the interpreter only`);
    // So does the interpreter's wasm core; past that size the TypeScript interpreter runs everything.
    this.coreWanted = (opts.wasmCore !== false || this.jitWanted) && mib <= MAX_JIT_MEMORY_MIB;
    const cpu = new Cpu(mib * 1024 * 1024, this.io, null, {
      onHalt: () => {},
      readTsc: () => Math.floor(this.clock.now()),
      log: (m) => this.log(m),
    }, { wasmMemory: this.coreWanted });
    this.cpu = cpu;
    this.clock.insnCounter = () => cpu.icount;
    const onSerial = opts.onSerial ?? (() => {});
    this.dev = createPcDevices({
      io: this.io,
      clock: this.clock,
      onSerial: (b) => { if (++this.consoleWritten > this.consoleShown) { this.consoleShown = this.consoleWritten; onSerial(b); } },
      onExit: (code) => { this.exitCode = code; this.stopReason = `isa-debug-exit status ${code}`; cpu.stop = new MachineStop("exit"); },
      onIrqChange: () => { cpu.checkIrq = true; },
      rtcEpochMs: opts.rtcEpochMs ?? Date.UTC(2026, 0, 1),
    });
    cpu.pic = this.dev.pic;
    if (opts.boot !== false) this.boot();
  }

  log(msg: string): void { platform.log(msg); }

  /** Load the kernel and put the CPU in the PVH entry state. */
  private boot(): void {
    const o = this.opts;
    const image = parseKernel(o.kernel, o.kernelName ?? "kernel");
    const plan = loadPvh(this.cpu.mmu, image, o.cmdline ?? "", o.initrd ?? null);
    enterPvh(this.cpu, plan);
  }

  /** Feed bytes typed on the console to COM1. */
  sendInput(bytes: Uint8Array | string): void {
    const b = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
    if (this.control?.input?.(b) === true) return;
    this.receiveInput(b);
  }

  /** COM1 receives bytes now (sendInput, or gdb's history replaying them at the point they first arrived). */
  receiveInput(b: Uint8Array): void {
    this.dev.uart.receive(b);
    this.cpu.checkIrq = true;
  }

  /** Ask the run loop to stop at the next slice boundary. */
  requestStop(reason: string): void {
    this.stopReason = reason;
    this.cpu.stop = new MachineStop(reason);
    this.control?.wake();
  }

  /**
   * Run until the guest exits, stops, or `maxInsns` instructions have run.
   * `yieldEveryMs` lets console input in (interactive use).
   */
  async run(opts: { maxInsns?: number; yieldEveryMs?: number } = {}): Promise<RunResult> {
    const c = this.cpu;
    await this.prepare();
    const clock = this.clock;
    const max = opts.maxInsns ?? Infinity;
    const yieldMs = opts.yieldEveryMs ?? 20;
    let lastYield = performance.now();
    for (;;) {
      const pause = this.control?.pause() ?? null;
      if (pause !== null) {
        const t0 = performance.now();
        await pause;
        if (clock.mode === "real") clock.pauseReal(performance.now() - t0);
        lastYield = performance.now();
        if (c.stop !== null) return this.result(this.stopReason ?? c.stop.reason);
        continue;
      }
      if (c.icount >= max) return this.result(`instruction limit (${max}) reached`);
      const now = clock.now();
      const deadline = clock.nextDeadline();
      let budget = Math.min(SLICE, max - c.icount);
      if (deadline !== Infinity) budget = Math.max(1, Math.min(budget, Math.ceil((deadline - now) / NS_PER_INSN)));
      // (at the limit: one more instruction, which the debugger stops before)
      if (this.control !== null) budget = Math.min(budget, Math.max(1, this.control.limit() - c.icount));
      try {
        c.run(budget, step);
      } catch (e) {
        if (e instanceof MachineStop) { this.stopReason ??= e.reason; return this.result(this.stopReason); }
        if (e instanceof CpuFault) {
          return this.result(`unhandled ${EXCEPTION_NAMES[e.vector] ?? e.vector} outside instruction execution`);
        }
        throw e;
      }
      if (c.stop !== null) {
        const reason = this.stopReason ?? c.stop.reason;
        return this.result(reason);
      }
      clock.runDue();
      if (c.halted) {
        const next = clock.nextDeadline();
        if (next === Infinity && !this.dev.uart.canReceive()) return this.result("guest halted with no timer armed");
        if (clock.mode === "virtual") {
          if (next !== Infinity) clock.advanceTo(next);
          else await new Promise((r) => setTimeout(r, 5));
        } else {
          const wait = next === Infinity ? 5 : Math.min(5, (next - clock.now()) / 1e6);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          clock.syncReal();
        }
        clock.runDue();
        c.checkIrq = true;
      }
      if (clock.mode === "real" && !c.halted) clock.syncReal();
      const t = performance.now();
      if (t - lastYield >= yieldMs) { lastYield = t; await platform.yieldToHost(); }
    }
  }

  /** Load the wasm core and the JIT (run does it first; a gdb server before it listens, so its replies never wait for this). */
  async prepare(): Promise<void> {
    const c = this.cpu;
    if (this.coreWanted && c.core === null) {
      // The JIT's blocks run from the core's dispatch loop.
      const jit = this.jitWanted ? await this.loadJit() : null;
      const { loadCore } = await import("./wasm/core.ts");
      await loadCore(c, { cacheDir: this.opts.cacheDir ?? null, jit });
    }
  }

  /** Create the JIT for this CPU (importing binaryen here unless its code is generated in a worker). */
  private async loadJit(): Promise<Jit> {
    const { loadJitBackend, createJit } = await import("./jit/index.ts");
    const worker = this.opts.jit?.worker === true;
    if (!worker) await loadJitBackend();
    const jit = createJit(this.cpu, { threshold: this.opts.jit?.threshold, worker, workerAfter: this.opts.jit?.workerAfter, onFailure: this.opts.jit?.onFailure, cacheDir: this.opts.cacheDir ?? null });
    if (this.opts.jit?.waitForWorker === true) await jit.ready;
    return jit;
  }

  private result(reason: string): RunResult {
    this.cpu.jit?.close();
    return { exitCode: this.exitCode, reason, insns: this.cpu.icount };
  }
}
