/*
 * session.ts: one lab session, whoever drives it (the CLI, tests, a web
 * page). It takes built artefacts (the kernel, an initramfs, the command
 * line, the options) and gives a running machine: console output through
 * a callback in batches, console input (raw, or typed with the console's
 * Ctrl-A keys), the --exec script added to the initramfs, a typed end
 * (how the run ended, from which the exit status follows) and, on the
 * stopped machine, the leak oracle and the tiers' counters. A session
 * can also resume a saved machine (emulator/snapshot.ts) and save one: at
 * the shell prompt once the --exec commands have run, or on Ctrl-A s.
 *
 * Nothing here touches files, argv, the terminal or process exit codes,
 * and nothing imports node: modules; timers are the global ones. How a
 * run ended is known from what stopped it (the guest's isa-debug-exit
 * write, the instruction limit, a stop the session was asked for), never
 * from a message string.
 */

import { Machine, type MachineOptions } from "../emulator/machine.ts";
import { REG_NAMES, REG_RBP, REG_RSP } from "../emulator/cpu/state.ts";
import type { TierStats } from "../emulator/cpu/cpu.ts";
import { formatOracle, hex, parseNm, physicalMemory, runOracle, OracleError, type OracleReport } from "../tools/oracle.ts";
import { withExecScript } from "./exec-script.ts";
import { PromptWatch, restoreMachine, saveState } from "../emulator/snapshot.ts";
import { BootError } from "./pvh-loader.ts";
import { Memcheck, MemcheckError } from "../tools/memcheck.ts";
import type { Sym } from "../tools/oracle.ts";

export interface SessionOptions {
  kernel: Uint8Array;
  /** How messages name the kernel (its path). */
  kernelName?: string;
  initrd: Uint8Array | null;
  cmdline: string;
  memoryMiB: number;
  clock: "virtual" | "real";
  /** Commands for the lab's /init to run before powering off with their status (--exec). */
  exec?: string;
  /** Stop after this many guest instructions. */
  maxInsns?: number;
  jit?: MachineOptions["jit"];
  wasmCore?: boolean;
  cacheDir?: string;
  /** Console output, in batches (a line, or at most 4 KiB, or what 20 ms gathered). */
  onOutput?: (bytes: Uint8Array) => void;
  /**
   * Resume this saved machine instead of booting (its command line, RAM and
   * initramfs are the state's; `initrd`, `cmdline` and `memoryMiB` are
   * ignored); the --exec commands are typed at its prompt.
   */
  state?: Uint8Array;
  /** The kmemlab version saved states are tied to. */
  version?: string;
  /** Save the machine at the shell prompt once the --exec commands have run (instead of powering off); the run ends "saved". */
  saveAtPrompt?: (state: Uint8Array) => void;
  /** Ctrl-A s on the console: what to do with the state; returns the line the console shows. */
  onSaveKey?: (state: Uint8Array) => string;
  /**
   * Check every direct-map access against SLUB's metadata (tools/memcheck.ts):
   * the kernel's symbols, and the names of the functions whose accesses are
   * the allocator's or a detector's.
   */
  memcheck?: { syms: Sym[]; exempt: Set<string>; exemptOwn: Set<string> };
}

/** How a session ended. */
export type SessionEnd =
  /** The guest powered off: the --exec commands' status, or what `poweroff N` passed. */
  | { kind: "poweroff"; status: number }
  /** The kernel panicked (it writes 1 to isa-debug-exit). */
  | { kind: "panic" }
  /** Another isa-debug-exit write: QEMU's status (v << 1) | 1. */
  | { kind: "debug-exit"; code: number }
  | { kind: "insn-limit"; limit: number }
  /** stop("timeout") */
  | { kind: "timeout" }
  /** Ctrl-A x on the console, or stop("quit", by): `by` says who (the console, gdb's kill) */
  | { kind: "quit"; by: string }
  /** The machine was saved at the shell prompt (saveAtPrompt). */
  | { kind: "saved" }
  /** The machine stopped by itself: triple fault, halt with interrupts off, ... */
  | { kind: "stopped"; reason: string };

/** The exit status of a run: the guest's, 3 when the machine stopped abnormally, 124 on timeout, 0 on quit. */
export function exitStatus(end: SessionEnd): number {
  switch (end.kind) {
    case "poweroff": return end.status;
    case "debug-exit": return end.code;
    case "timeout": return 124;
    case "quit": case "saved": return 0;
    default: return 3;
  }
}

/** isa-debug-exit's code (v << 1) | 1: v = 0x80 | s is a power-off with status s, v = 1 a panic. */
export function endOfExit(code: number): SessionEnd {
  const v = code >> 1;
  if (v & 0x80) return { kind: "poweroff", status: v & 0x7f };
  if (v === 1) return { kind: "panic" };
  return { kind: "debug-exit", code };
}

/** What the console prints for Ctrl-A h. */
export const CONSOLE_HELP = "\r\nkmemlab console: Ctrl-A x quit, Ctrl-A s save the machine (--save-state FILE, or ./kmemlab.state), Ctrl-A h this help, Ctrl-A Ctrl-A send Ctrl-A\r\n";
const CTRL_A = 0x01;
const OUTPUT_BATCH = 4096, OUTPUT_FLUSH_MS = 20;
const MEMCHECK_CONSOLE = 4 << 20;

export class Session {
  readonly machine: Machine;
  private readonly out: number[] = [];
  private stopAsked: SessionEnd | null = null;
  private ctrlA = false;
  private readonly maxInsns?: number;
  private readonly onOutput: (bytes: Uint8Array) => void;
  private readonly version: string;
  private readonly onSaveKey?: (state: Uint8Array) => string;
  private prompt: PromptWatch | null = null;
  private readonly memcheck: Memcheck | null = null;
  private readonly memcheckSyms: Sym[] | null = null;
  /** With memcheck: the console text so far (its last MEMCHECK_CONSOLE bytes), to grade the detectors by. */
  private console = "";
  private consoleDropped = 0;

  constructor(o: SessionOptions) {
    this.maxInsns = o.maxInsns;
    this.onOutput = o.onOutput ?? (() => {});
    this.version = o.version ?? "unknown";
    this.onSaveKey = o.onSaveKey;
    const mopts = {
      kernel: o.kernel, kernelName: o.kernelName, clock: o.clock,
      // virtual runs start at a fixed date (reproducible transcripts); real-time runs at the host's
      rtcEpochMs: o.clock === "real" ? Date.now() : undefined,
      onSerial: (b: number) => { this.out.push(b); this.prompt?.output(b); if (b === 10 || this.out.length > OUTPUT_BATCH) this.flush(); },
      jit: o.jit, wasmCore: o.wasmCore, cacheDir: o.cacheDir,
    };
    const save = o.saveAtPrompt;
    if (o.state !== undefined) {
      this.machine = restoreMachine(o.state, this.version, mopts);
      // typed at the saved prompt; to save again, the state is taken at the prompt that follows them
      if (o.exec !== undefined) this.machine.sendInput(save ? `${o.exec}\n` : `${o.exec}\npoweroff -f $?\n`);
    } else {
      if (o.exec !== undefined && o.initrd === null) throw new BootError("an --exec script needs an initramfs to run in");
      // saving at the prompt: the commands run, then an interactive shell prints the prompt instead of powering off
      const exec = o.exec !== undefined && save ? `${o.exec}\nexec sh -i` : o.exec;
      const initrd = exec !== undefined && o.initrd !== null ? withExecScript(o.initrd, exec) : o.initrd;
      this.machine = new Machine({ ...mopts, cmdline: o.cmdline, initrd, memoryMiB: o.memoryMiB });
    }
    if (o.memcheck !== undefined) {
      const cpu = this.machine.cpu, mc = new Memcheck(cpu.mmu.mem, o.memcheck.syms, o.memcheck.exempt, o.memcheck.exemptOwn,
        () => ({ rip: cpu.iStart, rbp: cpu.regLin(REG_RBP), cr3: cpu.mmu.cr3, console: this.consoleDropped + this.console.length + this.out.length }));
      this.memcheck = mc;
      this.memcheckSyms = o.memcheck.syms;
      cpu.mmu.watch = { pages: mc.pages(cpu.mmu.ramSize), access: (lin, size, write) => mc.access(lin, size, write) };
      cpu.mmu.flushTlb();
    }
    if (save) {
      this.prompt = new PromptWatch(this.machine, () => {
        save(this.saveState());
        this.stopAsked ??= { kind: "saved" };
        this.machine.requestStop("state saved");
      });
      this.machine.control = this.prompt;
    }
  }

  /** The machine's state now (between two slices: from console input handlers, or once run() ended). */
  saveState(): Uint8Array { return saveState(this.machine, this.version); }

  /** Bytes for COM1 as they are (piped input). */
  input(bytes: Uint8Array): void { this.machine.sendInput(bytes); }

  /** Keys typed on the console: Ctrl-A x quits, Ctrl-A h prints the help, Ctrl-A Ctrl-A sends Ctrl-A. */
  consoleInput(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.ctrlA) {
        this.ctrlA = false;
        if (b === 0x78 /* x */) { this.stop("quit", "the console (Ctrl-A x)"); continue; }
        if (b === 0x68 /* h */) { this.say(CONSOLE_HELP); continue; }
        if (b === 0x73 /* s */ && this.onSaveKey) { this.say(`\r\nkmemlab: ${this.onSaveKey(this.saveState())}\r\n`); continue; }
        if (b !== CTRL_A) continue;
      } else if (b === CTRL_A) { this.ctrlA = true; continue; }
      this.machine.sendInput(new Uint8Array([b]));
    }
  }

  /** Stop the machine at the next slice boundary; run() then ends with this kind. */
  stop(why: "timeout" | "quit", by = "the console (Ctrl-A x)"): void {
    this.stopAsked ??= why === "quit" ? { kind: "quit", by } : { kind: "timeout" };
    this.machine.requestStop(why === "quit" ? `terminated from ${by}` : "timeout");
  }

  /** Run until the guest powers off, panics or stops, the instruction limit, or stop(). */
  async run(): Promise<SessionEnd> {
    const timer = setInterval(() => this.flush(), OUTPUT_FLUSH_MS);
    try {
      const r = await this.machine.run({ maxInsns: this.maxInsns });
      this.flush();
      if (this.stopAsked !== null) return this.stopAsked;
      if (r.exitCode !== null) return endOfExit(r.exitCode);
      if (this.maxInsns !== undefined && r.insns >= this.maxInsns) return { kind: "insn-limit", limit: this.maxInsns };
      return { kind: "stopped", reason: r.reason };
    } finally {
      clearInterval(timer);
    }
  }

  /** One line of counters: guest instructions, the interpreter's page walks, the core's runs and records, the JIT's regions. */
  tierStats(): string {
    const c = this.machine.cpu;
    const kv = (o: TierStats | undefined) => o === undefined ? "-" : Object.entries(o).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(1)}`).join(" ");
    return `insns=${c.icount} walks=${c.mmu.walks} core: ${kv(c.core?.stats)} jit: ${kv(c.jit?.stats)}`;
  }

  /**
   * The leak oracle on the stopped machine (tools/oracle.ts): `nm -n` of
   * the kernel that ran as the symbols, guest memory through the CPU's
   * page tables, the CPU's registers as roots; with `at`, only the verdict
   * on the object holding that address.
   */
  oracle(nm: string, at?: number): string[] {
    try {
      const r = this.oracleReport(nm);
      if (at === undefined) return formatOracle(r);
      // one address (gdb's `monitor oracle ADDR`): the verdict on the object holding it
      const o = r.objects.find((x) => at >= x.addr && at < x.addr + Math.max(1, x.size));
      return o !== undefined ? formatOracle({ ...r, notes: [], objects: [o] }).slice(2)
        : [`oracle: ${hex(at)}: in no object kmemleak reports or the oracle finds unreachable (referenced, or not tracked)`];
    } catch (e) {
      if (e instanceof OracleError) return [`oracle: ${e.message}`];
      throw e;
    }
  }

  /** The oracle's graded objects (between two slices, or on the stopped machine); throws OracleError. */
  oracleReport(nm: string): OracleReport {
    const cpu = this.machine.cpu;
    const regs = [];
    for (let n = 0; n < 16; n++) regs.push({ name: REG_NAMES[n] ?? `r${n}`, value: cpu.regLin(n) });
    return runOracle(physicalMemory(cpu.mmu.mem, cpu.mmu.cr3), parseNm(nm), { rsp: cpu.regLin(REG_RSP), regs });
  }

  /** memcheck's findings graded against the console's detector reports (the stopped machine); [] without --memcheck. */
  memcheckReport(): string[] {
    if (this.memcheck === null) return [];
    try {
      return this.memcheck.report(this.console, this.kasanConfigured(), this.consoleDropped);
    } catch (e) {
      if (e instanceof MemcheckError) return [`memcheck: ${e.message}`];
      throw e;
    }
  }

  private kasanConfigured(): boolean { return this.memcheckSyms?.some((s) => s.name === "kasan_report") ?? false; }

  private say(text: string): void { this.flush(); this.onOutput(new TextEncoder().encode(text)); }

  private flush(): void {
    if (!this.out.length) return;
    const bytes = Uint8Array.from(this.out);
    if (this.memcheck !== null) {
      this.console += String.fromCharCode(...bytes);
      if (this.console.length > MEMCHECK_CONSOLE) {
        this.consoleDropped += this.console.length - MEMCHECK_CONSOLE;
        this.console = this.console.slice(-MEMCHECK_CONSOLE);
      }
    }
    this.onOutput(bytes);
    this.out.length = 0;
  }
}
