/*
 * gdbstub.ts: a GDB remote serial protocol server for the machine, what
 * `kmemlab boot -s` / `-S` / `--gdb` attach to (QEMU's flags and register
 * layout, so `target remote :1234` works as it does with QEMU).
 *
 * Transport-free: bytes come in through `receive` and leave through the
 * attached GdbTransport (gdbstub-tcp.ts puts a loopback socket behind it),
 * one client at a time.
 *
 * How the machine stops. The stub is the Machine's RunControl (asked at
 * every slice boundary: it returns a promise the run loop awaits while
 * gdb holds the machine, and a limit no slice may run past) and, while
 * breakpoints, watchpoints or a replay exist, the CPU's DebugHook (asked
 * before and after every instruction TypeScript runs) and the Mmu's
 * WatchHook. The faster tiers never run an instruction gdb must see: the
 * instruction at a breakpoint is never in the decode cache (Mmu.noCode),
 * so the wasm core has no record to run it with and stops there, a JIT
 * region ends before it, and TypeScript, which checks RIP, runs it (the
 * rest of its page runs at full speed); a watched page never
 * has data permissions in the TLB, so every access to it is TypeScript's,
 * which reports it with its size. So all tiers stop at the same
 * instruction: before a breakpoint's, after the one that made a watched
 * access (x86 data breakpoints are traps), before the next instruction
 * for a step (after any interrupt delivered there: a step is exactly one
 * instruction of the real run, so it can be replayed), at a slice
 * boundary for Ctrl-C. The instruction a step, or a continue from a
 * breakpoint, runs first runs with external interrupts held (QEMU's
 * SSTEP_NOIRQ; logged, so replays hold them there too): console input
 * typed at a breakpoint is taken after the breakpoint's instruction, and
 * its handler does not return to the breakpoint and report it again.
 *
 * Reverse execution (bs, bc; virtual clock only): the History
 * (timetravel.ts) goes back to a checkpoint and the machine re-executes,
 * "goto" an exact instruction count, or "scan" a stretch noting every hit
 * and then go to the last one; backwards a watchpoint stops before the
 * instruction that made the access, as gdb expects. Console output is
 * shown once (the machine's counters), console input replays at the
 * count and time it first arrived, keys typed in the past wait for the
 * present, and a detach in the past lets the machine replay to the
 * present before the history ends. Register and memory writes (G, P, M,
 * X) are logged like console input and made again on replay; made in the
 * past, they end the recorded future there (History.write), as gdb's
 * record-full drops its log: a continue runs the new future.
 *
 * Breakpoints (Z0 software, Z1 hardware: the same here) never patch guest
 * memory and may be set anywhere, mapped or not (they match RIP, a linear
 * address). Watchpoints (Z2 write, Z3 read, Z4 access) have any size and
 * any number. Memory packets use linear addresses through the current
 * page tables (Mmu.probe: no fault, no TLB fill); an unmapped or
 * non-canonical address is an error reply, never a guest fault.
 */

import type { Cpu, DebugHook } from "./cpu/cpu.ts";
import type { WatchHook } from "./cpu/mmu.ts";
import type { Machine, RunControl } from "./machine.ts";
import { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS } from "./cpu/state.ts";
import { History, CHECKPOINT_INSNS } from "./timetravel.ts";

/** Where the stub's bytes go (a socket). */
export interface GdbTransport {
  write(data: string): void;
  close(): void;
}

/** gdb's amd64 register order (rax rbx rcx rdx rsi rdi rbp rsp r8..r15) as Cpu.r register numbers. */
const GPR_ORDER = [0, 3, 1, 2, 6, 7, 5, 4, 8, 9, 10, 11, 12, 13, 14, 15];
const SEG_ORDER = [SEG_CS, SEG_SS, SEG_DS, SEG_ES, SEG_FS, SEG_GS];

/**
 * The registers in QEMU's order and sizes (its x86-64 gdbstub): the remote
 * protocol's register numbers are indexes into this list, and target.xml
 * is generated from it.
 */
const REGS: { name: string; bytes: number; type: string; feature: "core" | "sse" }[] = [
  ...["rax", "rbx", "rcx", "rdx", "rsi", "rdi"].map((name) => ({ name, bytes: 8, type: "int64", feature: "core" as const })),
  { name: "rbp", bytes: 8, type: "data_ptr", feature: "core" }, { name: "rsp", bytes: 8, type: "data_ptr", feature: "core" },
  ...[8, 9, 10, 11, 12, 13, 14, 15].map((n) => ({ name: `r${n}`, bytes: 8, type: "int64", feature: "core" as const })),
  { name: "rip", bytes: 8, type: "code_ptr", feature: "core" },
  { name: "eflags", bytes: 4, type: "i386_eflags", feature: "core" },
  ...["cs", "ss", "ds", "es", "fs", "gs"].map((name) => ({ name, bytes: 4, type: "int32", feature: "core" as const })),
  ...["fs_base", "gs_base", "k_gs_base", "cr0", "cr2", "cr3", "cr4", "cr8", "efer"].map((name) => ({ name, bytes: 8, type: "int64", feature: "core" as const })),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((n) => ({ name: `st${n}`, bytes: 10, type: "i387_ext", feature: "core" as const })),
  ...["fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"].map((name) => ({ name, bytes: 4, type: "int", feature: "core" as const })),
  ...Array.from({ length: 16 }, (_, n) => ({ name: `xmm${n}`, bytes: 16, type: "vec128", feature: "sse" as const })),
  { name: "mxcsr", bytes: 4, type: "int", feature: "sse" },
];

/** target.xml: the register description gdb reads with qXfer:features:read. */
export const TARGET_XML = (() => {
  const flags = ["CF", "", "PF", "AF", "ZF", "SF", "TF", "IF", "DF", "OF", "NT", "RF", "VM", "AC", "VIF", "VIP", "ID"];
  const bits = [0, 1, 2, 4, 6, 7, 8, 9, 10, 11, 14, 16, 17, 18, 19, 20, 21];
  const reg = (r: (typeof REGS)[number], i: number) => `<reg name="${r.name}" bitsize="${r.bytes * 8}" type="${r.type}" regnum="${i}"/>`;
  const lanes = [["v4f", "ieee_single", 4], ["v2d", "ieee_double", 2], ["v16i8", "int8", 16], ["v8i16", "int16", 8], ["v4i32", "int32", 4], ["v2i64", "int64", 2]] as const;
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE target SYSTEM "gdb-target.dtd">',
    "<target>",
    "<architecture>i386:x86-64</architecture>",
    '<feature name="org.gnu.gdb.i386.core">',
    '<flags id="i386_eflags" size="4">',
    ...flags.map((f, k) => `<field name="${f}" start="${bits[k]}" end="${bits[k]}"/>`),
    "</flags>",
    ...REGS.map((r, i) => r.feature === "core" ? reg(r, i) : "").filter((l) => l !== ""),
    "</feature>",
    '<feature name="org.gnu.gdb.i386.sse">',
    ...lanes.map(([id, t, n]) => `<vector id="${id}" type="${t}" count="${n}"/>`),
    '<union id="vec128">',
    ...lanes.map(([id]) => `<field name="${id}" type="${id}"/>`),
    '<field name="uint128" type="uint128"/>',
    "</union>",
    ...REGS.map((r, i) => r.feature === "sse" ? reg(r, i) : "").filter((l) => l !== ""),
    "</feature>",
    "</target>",
  ].join("\n");
})();

const SIGINT = 2, SIGTRAP = 5;
/** errno values in error replies (EFAULT for memory, EINVAL for bad arguments), as gdbserver sends them. */
const E_FAULT = "E0e", E_INVAL = "E16";
type WatchKind = 2 | 3 | 4;
const WATCH_NAME: Record<WatchKind, string> = { 2: "watch", 3: "rwatch", 4: "awatch" };

const hex2 = (b: number) => (b < 16 ? "0" : "") + b.toString(16);
/** `n` bytes of (lo, hi) little-endian, as hex. */
function hexLe(lo: number, hi: number, n: number): string {
  let s = "";
  for (let k = 0; k < n; k++) s += hex2(k < 4 ? (lo >>> (8 * k)) & 0xff : k < 8 ? (hi >>> (8 * (k - 4))) & 0xff : 0);
  return s;
}
/** A signed linear number as (lo, hi). */
function halves(v: number): [number, number] { return [v >>> 0, Math.floor(v / 4294967296) >>> 0]; }
/** Parse little-endian hex of up to 8 bytes into (lo, hi); null if malformed. */
function parseLe(h: string): [number, number] | null {
  if (!/^([0-9a-fA-F]{2})+$/.test(h)) return null;
  let lo = 0, hi = 0;
  for (let k = 0; k < h.length / 2 && k < 8; k++) {
    const b = parseInt(h.slice(2 * k, 2 * k + 2), 16);
    if (k < 4) lo = (lo | (b << (8 * k))) >>> 0; else hi = (hi | (b << (8 * (k - 4)))) >>> 0;
  }
  return [lo, hi];
}
/** A gdb address (hex, 64-bit) as a signed canonical-space number; NaN if malformed or not canonical. */
function parseAddr(h: string): number {
  if (!/^[0-9a-fA-F]{1,16}$/.test(h)) return NaN;
  const v = BigInt("0x" + h);
  const s = v >= 1n << 63n ? v - (1n << 64n) : v;
  return s >= -(1n << 47n) && s < 1n << 47n ? Number(s) : NaN;
}
/** UTF-8 text as hex, and back (qRcmd, O packets, qThreadExtraInfo). */
function textHex(s: string): string { return Array.from(new TextEncoder().encode(s), hex2).join(""); }
function hexText(h: string): string { return new TextDecoder().decode(Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16))); }
function addrHex(v: number): string { return (v < 0 ? BigInt(v) + (1n << 64n) : BigInt(v)).toString(16); }

/** Stop replies. */
const STOPPED = `T${hex2(SIGTRAP)}thread:01;`, BEGIN = `T${hex2(SIGTRAP)}replaylog:begin;thread:01;`;
/** Reverse steps replay from a checkpoint at most about this many instructions before their target (one is taken there). */
const NEAR = 1024;

export class GdbStub implements RunControl, DebugHook, WatchHook {
  readonly pages = new Set<number>();
  private readonly cpu: Cpu;
  /** Breakpoints by linear address: 0 software, 1 hardware (the same mechanism; only the stop reply differs). */
  private readonly breaks = new Map<number, number>();
  private readonly watches: { addr: number; len: number; kind: WatchKind }[] = [];
  /** The stop reply for the next slice boundary (a breakpoint, a watched access, Ctrl-C), or null. */
  private pending: string | null = null;
  /** A watched access made by the instruction running now. */
  private hit: string | null = null;
  /** Resolves the run loop's pause; non-null while the machine is stopped. */
  private release: (() => void) | null = null;
  private paused: Promise<void> | null = null;
  /** The reply to `?`: why the machine is stopped. */
  private lastStop = STOPPED;
  /** The pending stop is before an instruction (before() made it: the interrupt check there is done); so is the stop now. */
  private pendingAtInsn = false;
  private stoppedAtInsn = false;
  /** Resuming at a breakpoint's address runs its instruction: no stop before instruction number `skipAt` at `skipRip`. */
  private skipRip = NaN;
  private skipAt = -1;
  /**
   * How the machine runs: "run" (until a breakpoint, watchpoint or Ctrl-C),
   * "goto" (to just before the instruction that starts at count stopAt,
   * after any interrupt delivered there: a single step forward or back, or
   * a reverse-continue's last hit), "scan" (replaying from checkpoint scanK
   * to count scanTo, noting every breakpoint and watchpoint hit).
   */
  private mode: "run" | "goto" | "scan" = "run";
  private stopAt = -1;
  private stopReply = STOPPED;
  /** goto: take a checkpoint on the way, at this count (the next reverse step then replays little). */
  private cpAt = -1;
  private scanK = -1;
  private scanTo = -1;
  /** scan: the latest hit so far (only the last one before the scan's end matters). */
  private lastHit: { at: number; reply: string } | null = null;
  /** The recent past (virtual clock only: a real-clock run cannot be replayed). */
  private history: History | null = null;
  private client: GdbTransport | null = null;
  /** gdb sent c/s and waits for a stop reply. */
  private running = false;
  private noAck = false;
  private inbuf = "";

  /**
   * `waitForGdb` (-S): the CPU stays stopped before its first instruction
   * until gdb continues it; `onKill` stops the run for gdb's `k` (default:
   * the machine is stopped).
   */
  constructor(readonly machine: Machine, opts: { waitForGdb: boolean; log?: (msg: string) => void; onKill?: () => void }) {
    this.cpu = machine.cpu;
    this.log = opts.log ?? ((m) => machine.log(m));
    this.onKill = opts.onKill ?? (() => machine.requestStop("terminated from gdb (k)"));
    if (opts.waitForGdb) this.pending = this.lastStop;
    machine.control = this;
  }
  private readonly log: (msg: string) => void;
  private readonly onKill: () => void;

  /** `monitor CMD` (qRcmd): the lines to show in gdb, or null for a command it does not know; set by the embedder. */
  monitor: ((cmd: string) => string[] | null) | null = null;

  get connected(): boolean { return this.client !== null; }

  /** A client connected; false (and nothing changes) when one already is. */
  attach(t: GdbTransport): boolean {
    if (this.client !== null) return false;
    this.client = t;
    this.noAck = false;
    this.inbuf = "";
    this.running = false;
    // gdb attaching to a running machine finds it stopped (as QEMU does)
    if (this.release === null && this.pending === null) this.pending = STOPPED;
    if (this.machine.clock.mode === "virtual") {
      // (a history still replaying to the present after a detach goes on: its logged input is needed)
      this.history ??= new History(this.machine, this.log);
      if (this.release !== null) this.history.checkpoint();
    }
    return true;
  }

  /** The client went away (detach, kill or a dropped connection): forget its breakpoints and let the guest go on. */
  disconnect(): void {
    if (this.client === null) return;
    this.client = null;
    this.breaks.clear();
    this.watches.length = 0;
    // detached in the past: the machine replays to the present (its console input included), then runs on
    this.history?.detach();
    if (this.history !== null && !this.history.inPast) this.history = null;
    this.mode = "run";
    this.updateHooks();
    this.pending = null;
    this.resume();
    this.running = false;
  }

  /** The machine stopped for good (power-off, panic...): tell a waiting gdb, then hang up. */
  machineStopped(exitStatus: number | null): void {
    const c = this.client;
    if (c === null) return;
    if (this.running) this.send(exitStatus !== null ? `W${hex2(exitStatus & 0xff)}` : `X${hex2(9)}`);
    this.client = null;
    c.close();
  }

  /* ================= RunControl ================= */

  pause(): Promise<void> | null {
    if (this.paused !== null) return this.paused;
    const c = this.cpu;
    this.syncInput();
    // detached in the past: replaying to the present, where the history ends
    if (this.client === null && this.history !== null && !this.history.inPast) this.history = null;
    if (this.mode === "goto") {
      if (c.icount === this.cpAt) { this.history?.checkpoint(); this.cpAt = -1; }
      if (c.icount > this.stopAt) { this.log("gdb: a replay went past its target; stopped there"); this.pending ??= STOPPED; }
    } else if (this.mode === "scan") {
      if (c.icount >= this.scanTo) this.scanned();
    } else if (this.history !== null && this.client !== null && c.icount - this.history.last >= CHECKPOINT_INSNS) this.history.checkpoint();
    // (a scan that went back to a checkpoint: the input received there)
    this.syncInput();
    if (this.pending === null) { this.holdIrq(); return null; }
    this.lastStop = this.pending;
    this.pending = null;
    this.stoppedAtInsn = this.pendingAtInsn;
    this.pendingAtInsn = false;
    this.setMode("run");
    this.history?.checkpoint();
    if (this.running) { this.running = false; this.send(this.lastStop); }
    this.paused = new Promise<void>((r) => { this.release = r; });
    return this.paused;
  }

  /**
   * Before the instruction at this count, external interrupts are held
   * (the CPU's interrupt shadow: checked again after it): the one a step
   * or a continue from a breakpoint runs, as QEMU's single step with
   * SSTEP_NOIRQ. gdb continues from a breakpoint by removing it, stepping
   * and inserting it again, and console input typed while the machine was
   * stopped would otherwise be delivered first and its handler return to
   * the breakpoint, reported again. Logged in the history, so a replay
   * holds them at the same counts.
   */
  private holdIrqAt = -1;
  private holdIrq(): void {
    const c = this.cpu;
    if (this.cpu.icount === this.holdIrqAt || this.history?.masked(c.icount) === true) { c.shadow = true; c.checkIrq = true; }
  }

  /**
   * Logged console input (and gdb's register and memory writes) due here
   * is received (at a run-loop boundary).
   * Input that arrived while the machine was stopped before an
   * instruction came after that stop: at a goto's target it waits for the
   * resume; where a breakpoint stopped the machine the replay stops there
   * too (run) or notes the hit (scan) before receiving it, so the stop is
   * seen again as it was; gdb's writes made at such a stop (before any
   * input held there) are made before it is reported, so gdb sees the
   * state it left.
   */
  private syncInput(): void {
    const h = this.history, c = this.cpu;
    if (h === null) return;
    // (gdb's writes made at that stop, before any input held there: the stop shows the state gdb left)
    const writes = () => { for (let e = h.due(); e !== null && e.redo !== undefined; e = h.due()) h.take(); };
    if (this.mode === "goto" && c.icount >= this.stopAt) { if (c.icount === this.stopAt) writes(); return; }
    for (let e = h.due(); e !== null; e = h.due()) {
      const b = this.breaks.get(c.rip);
      if (e.atStop && this.client !== null && b !== undefined) {
        const reply = `T${hex2(SIGTRAP)}${b === 0 ? "swbreak" : "hwbreak"}:;thread:01;`;
        // (as before(): a scan notes every hit, a run skips the breakpoint it resumed from)
        if (this.mode === "scan") { if (c.icount < this.scanTo) this.lastHit = { at: c.icount, reply }; }
        else if (this.mode === "run" && !(c.rip === this.skipRip && c.icount === this.skipAt)) { this.pending = reply; this.pendingAtInsn = true; writes(); return; }
      }
      h.take();
    }
    h.present(this.pending !== null && this.pendingAtInsn);
  }

  limit(): number {
    const l = this.mode === "goto" ? (this.cpAt >= 0 ? this.cpAt : this.stopAt) : this.mode === "scan" ? this.scanTo : Infinity;
    // replaying: no slice runs past the point where the next logged console input arrived, or an instruction ran with interrupts held
    const h = this.history;
    return h !== null ? Math.min(l, h.nextInputAt(), h.nextMaskAt(this.cpu.icount + 1)) : l;
  }

  /** The machine is being stopped (timeout, Ctrl-A x, kill): do not hold the run loop. */
  wake(): void { this.resume(); }

  /** Console input: with a history, it is logged for replay (or held while the machine is in the past). */
  input(bytes: Uint8Array): boolean {
    if (this.history === null) return false;
    this.history.input(bytes.slice(), this.release !== null && this.stoppedAtInsn);
    return true;
  }

  get interpretOnly(): boolean { return this.mode === "goto" && this.cpu.icount >= this.stopAt; }

  private setMode(mode: "run" | "goto" | "scan"): void {
    this.mode = mode;
    if (mode !== "goto") this.cpAt = -1;
    if (mode !== "scan") this.lastHit = null;
    this.updateHooks();
  }

  /** Replay (from where the machine is) to just before the instruction number `at`. */
  private goto(at: number, reply: string): void {
    this.stopAt = at;
    this.stopReply = reply;
    this.setMode("goto");
    const from = this.cpu.icount;
    this.cpAt = this.history !== null && at - from > 4 * NEAR ? at - NEAR : -1;
  }

  /** A scan reached its end: go to its last hit, or scan the segment before, or stop at the window's start. */
  private scanned(): void {
    const h = this.history!;
    const last = this.lastHit;
    if (last !== null) {
      h.restore(this.scanK);
      this.goto(last.at, last.reply);
    } else if (this.scanK > 0) {
      this.scanTo = h.icountOf(this.scanK);
      this.scanK--;
      h.restore(this.scanK);
    } else {
      h.restore(0);
      this.pending = BEGIN;
    }
  }

  /* ================= DebugHook / WatchHook ================= */

  before(c: Cpu): boolean {
    if (this.mode === "goto") {
      this.hit = null;
      if (c.icount !== this.stopAt) return false;
      this.pending = this.stopReply;
      this.pendingAtInsn = true;
      return true;
    }
    const b = this.breaks.get(c.rip);
    if (this.mode === "scan") {
      // (hits of the interrupt delivery just made: stop after it, before this instruction)
      if (this.hit !== null) { this.lastHit = { at: c.icount, reply: `T${hex2(SIGTRAP)}${this.hit}thread:01;` }; this.hit = null; }
      if (b !== undefined && c.icount < this.scanTo) this.lastHit = { at: c.icount, reply: `T${hex2(SIGTRAP)}${b === 0 ? "swbreak" : "hwbreak"}:;thread:01;` };
      return false;
    }
    if (this.hit !== null) { this.pending = `T${hex2(SIGTRAP)}${this.hit}thread:01;`; this.hit = null; this.pendingAtInsn = true; return true; }
    if (b !== undefined && !(c.rip === this.skipRip && c.icount === this.skipAt)) {
      this.pending = `T${hex2(SIGTRAP)}${b === 0 ? "swbreak" : "hwbreak"}:;thread:01;`;
      this.pendingAtInsn = true;
      return true;
    }
    return false;
  }

  after(c: Cpu, faulted: boolean): boolean {
    if (this.hit === null) return false;
    // an instruction that faulted did not complete: its accesses do not count (data breakpoints are traps)
    if (faulted || this.mode === "goto") { this.hit = null; return false; }
    // backwards, a watchpoint stops before the instruction that made the access (gdb then shows the value it had)
    if (this.mode === "scan") { this.lastHit = { at: c.icount - 1, reply: `T${hex2(SIGTRAP)}${this.hit}thread:01;` }; this.hit = null; return false; }
    this.pending = `T${hex2(SIGTRAP)}${this.hit}thread:01;`;
    this.hit = null;
    return true;
  }

  access(lin: number, size: number, write: boolean): void {
    if (this.hit !== null) return;
    for (const w of this.watches) {
      if (lin + size <= w.addr || lin >= w.addr + w.len) continue;
      if ((w.kind === 2 && !write) || (w.kind === 3 && write)) continue;
      this.hit = `${WATCH_NAME[w.kind]}:${addrHex(Math.max(lin, w.addr))};`;
      return;
    }
  }

  /* ================= the protocol ================= */

  /** Bytes from the client. */
  receive(data: string): void {
    this.inbuf += data;
    for (;;) {
      const s = this.inbuf;
      if (s.length === 0) return;
      const ch = s[0]!;
      if (ch === "+" || ch === "-") { this.inbuf = s.slice(1); continue; }       // acks: we never resend
      if (ch === "\x03") { this.inbuf = s.slice(1); this.interrupt(); continue; }
      if (ch !== "$") {
        const next = s.search(/[$\x03]/);
        this.log(`gdb: ignored ${next < 0 ? s.length : next} stray byte(s) from the client`);
        this.inbuf = next < 0 ? "" : s.slice(next);
        continue;
      }
      const end = s.indexOf("#");
      if (end < 0 || s.length < end + 3) {
        if (s.length > 65536) { this.log("gdb: packet too long; dropped"); this.inbuf = ""; }
        return;                                                              // wait for the rest
      }
      const body = s.slice(1, end), sum = s.slice(end + 1, end + 3);
      this.inbuf = s.slice(end + 3);
      let ck = 0;
      for (let k = 0; k < body.length; k++) ck = (ck + body.charCodeAt(k)) & 0xff;
      if (!/^[0-9a-fA-F]{2}$/.test(sum) || parseInt(sum, 16) !== ck) {
        this.log(`gdb: packet with a bad checksum ignored: ${JSON.stringify(body.slice(0, 40))}`);
        if (!this.noAck) this.client?.write("-");
        continue;
      }
      if (!this.noAck) this.client?.write("+");
      let reply: string | null;
      try { reply = this.handle(body); } catch (e) {
        // a bug here must not take the machine down: say so, answer with an error
        this.log(`gdb: internal error on packet ${JSON.stringify(body.slice(0, 40))}: ${e instanceof Error ? e.message : String(e)}`);
        reply = "E01";
      }
      if (reply !== null) this.send(reply);
    }
  }

  private send(reply: string): void {
    let ck = 0;
    let out = "";
    for (let k = 0; k < reply.length; k++) {
      let c = reply.charCodeAt(k);
      if (c === 0x23 || c === 0x24 || c === 0x7d || c === 0x2a) { out += "}"; ck = (ck + 0x7d) & 0xff; c ^= 0x20; }
      out += String.fromCharCode(c);
      ck = (ck + c) & 0xff;
    }
    this.client?.write(`$${out}#${hex2(ck)}`);
  }

  private interrupt(): void {
    if (this.release !== null) return;                    // already stopped
    this.pending ??= `T${hex2(SIGINT)}thread:01;`;
  }

  /** One packet; the reply, or null when there is none yet (c/s: the stop reply comes later). */
  private handle(p: string): string | null {
    switch (p[0]) {
      case "?": return this.lastStop;
      case "g": return this.regsHex();
      case "G": {
        const was = this.regsHex();
        const write = () => {
          let off = 0;
          for (let i = 0; i < REGS.length && off < p.length - 1; i++) {
            const n = REGS[i]!.bytes * 2;
            this.writeReg(i, p.slice(1 + off, 1 + off + n), true);
            off += n;
          }
        };
        write();
        if (this.regsHex() !== was) this.changed("registers", write);
        return "OK";
      }
      case "p": {
        const i = parseInt(p.slice(1), 16);
        return /^p[0-9a-fA-F]+$/.test(p) && i < REGS.length ? this.readReg(i) : E_INVAL;
      }
      case "P": {
        const m = /^P([0-9a-fA-F]+)=([0-9a-fA-F]+)$/.exec(p);
        if (m === null || parseInt(m[1]!, 16) >= REGS.length) return E_INVAL;
        const i = parseInt(m[1]!, 16), h = m[2]!, was = this.readReg(i);
        if (!this.writeReg(i, h, false)) return E_INVAL;
        if (this.readReg(i) !== was) this.changed(`register ${REGS[i]!.name}`, () => this.writeReg(i, h, true));
        return "OK";
      }
      case "m": {
        const m = /^m([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(p);
        if (m === null) return E_INVAL;
        return this.readMem(parseAddr(m[1]!), parseInt(m[2]!, 16));
      }
      case "M": case "X": {
        const m = /^[MX]([0-9a-fA-F]+),([0-9a-fA-F]+):([\s\S]*)$/.exec(p);
        if (m === null) return E_INVAL;
        const len = parseInt(m[2]!, 16);
        let bytes: number[];
        if (p[0] === "M") {
          if (!/^([0-9a-fA-F]{2})*$/.test(m[3]!)) return E_INVAL;
          bytes = Array.from({ length: m[3]!.length / 2 }, (_, k) => parseInt(m[3]!.slice(2 * k, 2 * k + 2), 16));
        } else bytes = unescapeBinary(m[3]!);
        if (bytes.length !== len) return E_INVAL;
        return this.writeMem(parseAddr(m[1]!), bytes);
      }
      case "Z": case "z": return this.breakpoint(p);
      case "b": return this.reverse(p);
      case "c": case "C": return this.cont(false, p);
      case "s": case "S": return this.cont(true, p);
      case "D": {
        this.send("OK");
        this.log("gdb: detached");
        this.disconnect();
        return null;
      }
      case "k": {
        this.log("gdb: kill requested; stopping the machine");
        const t = this.client;
        this.onKill();
        this.client = null;
        this.wake();
        t?.close();
        return null;
      }
      case "H": return "OK";                               // one thread: any thread is it
      case "T": return p === "T1" || p === "T01" || p === "Tp1.1" ? "OK" : "E01";
      case "q": return this.query(p);
      case "Q":
        if (p === "QStartNoAckMode") { this.send("OK"); this.noAck = true; return null; }
        return "";
      case "v": return this.vPacket(p);
      default: return "";                                  // not supported: the empty reply
    }
  }

  private query(p: string): string {
    if (p.startsWith("qSupported"))
      return "PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+" + (this.history !== null ? ";ReverseStep+;ReverseContinue+" : "");
    if (p === "qAttached" || p.startsWith("qAttached:")) return "1";
    if (p === "qC") return "QC1";
    if (p === "qfThreadInfo") return "m1";
    if (p === "qsThreadInfo") return "l";
    if (p.startsWith("qThreadExtraInfo,")) return textHex(`CPU#0 [${this.release !== null ? "halted " : ""}running]`);
    if (p === "qSymbol::") return "OK";
    if (p.startsWith("qRcmd,")) {
      const h = p.slice(6);
      if (!/^([0-9a-fA-F]{2})*$/.test(h)) return E_INVAL;
      const cmd = hexText(h);
      const lines = this.release === null ? ["the machine is running: stop it first"] : this.monitor?.(cmd) ?? [`unknown monitor command: ${cmd} (kmemlab knows: oracle [ADDR])`];
      for (const l of lines) this.send("O" + textHex(l + "\n"));
      return "OK";
    }
    const m = /^qXfer:features:read:([^:]+):([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(p);
    if (m !== null) {
      if (m[1] !== "target.xml") return "E00";
      const off = parseInt(m[2]!, 16), len = parseInt(m[3]!, 16);
      const chunk = TARGET_XML.slice(off, off + len);
      return (off + len >= TARGET_XML.length ? "l" : "m") + chunk;
    }
    return "";
  }

  private vPacket(p: string): string | null {
    if (p === "vCont?") return "vCont;c;C;s;S";
    if (p.startsWith("vCont;")) {
      // one thread: the first action that applies to it (ours, or all threads) decides
      for (const a of p.slice(6).split(";")) {
        const [act, tid] = a.split(":");
        if (tid !== undefined && !/^(p?1(\.1)?|-1|p-1\.-1|0)$/.test(tid)) continue;
        if (act === "c" || act?.startsWith("C")) return this.cont(false, "c");
        if (act === "s" || act?.startsWith("S")) return this.cont(true, "s");
        return E_INVAL;
      }
      return E_INVAL;
    }
    if (p === "vMustReplyEmpty") return "";
    return "";
  }

  /** c/s [addr] and C/S sig[;addr]: resume; the stop reply is sent when the machine stops again. */
  private cont(step: boolean, p: string): string | null {
    const m = /^[cCsS](?:[0-9a-fA-F]{2})?(?:;?([0-9a-fA-F]+))?$/.exec(p);
    if (m === null) return E_INVAL;
    if (m[1] !== undefined) {
      const a = parseAddr(m[1]);
      if (Number.isNaN(a)) return E_INVAL;
      this.cpu.rip = a;
    }
    this.running = true;
    // a step, or a continue from a breakpoint, runs its first instruction with interrupts held (holdIrq); in the past, as logged
    const c = this.cpu;
    if (this.release !== null && (step || this.breaks.has(c.rip))) {
      if (this.history === null) this.holdIrqAt = c.icount;
      else if (!this.history.inPast) this.history.mask(c.icount);
    }
    // (not stopped yet, gdb being quicker than the run loop: that stop is cancelled)
    if (this.release === null) { this.pending = null; this.pendingAtInsn = false; }
    if (step) this.goto(this.cpu.icount + 1, STOPPED); else this.setMode("run");
    this.resume();
    return null;
  }

  /** bs / bc: back one instruction, or back to the last breakpoint or watchpoint hit (virtual clock only). */
  private reverse(p: string): string | null {
    const h = this.history;
    if (h === null || (p !== "bs" && p !== "bc")) return "";
    if (this.release === null) return "E01";
    const now = this.cpu.icount;
    if (h.start < 0 || now <= h.start) return BEGIN;
    this.running = true;
    if (p === "bs") {
      h.restore(h.at(now - 1));
      this.goto(now - 1, STOPPED);
    } else {
      this.scanK = h.at(now - 1);
      this.scanTo = now;
      h.restore(this.scanK);
      this.setMode("scan");
    }
    this.resume();
    return null;
  }

  private resume(): void {
    const c = this.cpu;
    this.skipRip = c.rip;
    this.skipAt = c.icount;
    this.hit = null;
    this.refreshBreakPages();
    const r = this.release;
    this.release = null;
    this.paused = null;
    r?.();
  }

  /* ================= breakpoints and watchpoints ================= */

  private breakpoint(p: string): string {
    const m = /^([Zz])([0-4]),([0-9a-fA-F]+),([0-9a-fA-F]+)(;.*)?$/.exec(p);
    if (m === null) return E_INVAL;
    const insert = m[1] === "Z", type = Number(m[2]), addr = parseAddr(m[3]!), len = parseInt(m[4]!, 16);
    if (Number.isNaN(addr)) return E_INVAL;
    if (type <= 1) {
      if (insert) this.breaks.set(addr, type); else this.breaks.delete(addr);
    } else {
      if (!(len >= 1 && len <= 0x10000)) return E_INVAL;
      const kind = type as WatchKind;
      const k = this.watches.findIndex((w) => w.addr === addr && w.len === len && w.kind === kind);
      if (insert && k < 0) this.watches.push({ addr, len, kind });
      if (!insert && k >= 0) this.watches.splice(k, 1);
    }
    this.updateHooks();
    return "OK";
  }

  /** Hooks on the CPU and MMU only while something is set (a plain run pays nothing). */
  private updateHooks(): void {
    const c = this.cpu, m = c.mmu;
    this.pages.clear();
    for (const w of this.watches)
      for (let pg = Math.floor(w.addr / 4096); pg <= Math.floor((w.addr + w.len - 1) / 4096); pg++) this.pages.add(pg);
    m.watch = this.watches.length > 0 ? this : null;
    m.flushTlb();
    c.debug = this.watches.length > 0 || this.breaks.size > 0 || this.mode !== "run" ? this : null;
    this.refreshBreakPages();
  }

  /**
   * Breakpoint addresses are never decoded into the cache (Mmu.noCode), so
   * the wasm core has no record there that it could run (it stops and
   * TypeScript runs that one instruction, after before()), and a JIT
   * region ends before them; the rest of their page runs as fast as ever.
   * When the set changes (or a breakpoint's physical address does: a page
   * mapped since), the pages of the addresses added or removed drop their
   * decoded instructions, records and compiled code once: what was cached
   * before a breakpoint was set, and what was left to TypeScript for one
   * since removed.
   */
  private refreshBreakPages(): void {
    const m = this.cpu.mmu;
    const lin = new Set<number>(this.breaks.keys()), phys = new Set<number>();
    for (const a of lin) {
      const p = m.probe(a);
      if (p >= 0 && p < m.ramSize) phys.add(p);
    }
    const key = [...lin].sort((a, b) => a - b).join(",") + "/" + [...phys].sort((a, b) => a - b).join(",");
    if (key === this.breakKey) return;
    this.breakKey = key;
    const pages = new Set<number>();
    for (const p of phys) if (!this.breakPhys.has(p)) pages.add(p >>> 12);
    for (const p of this.breakPhys) if (!phys.has(p)) pages.add(p >>> 12);
    for (const pg of pages) m.invalidateCode(pg);
    this.breakPhys = phys;
    m.noCode = lin.size === 0 ? null : (l, p) => lin.has(l) || phys.has(p);
    // pages reached through the TLB fill since the last flush need their translation again
    m.fetchBase = NaN;
  }
  /** The breakpoints' linear and physical addresses refreshBreakPages last applied. */
  private breakKey = "/";
  private breakPhys = new Set<number>();

  /* ================= registers and memory ================= */

  private readReg(i: number): string {
    const c = this.cpu;
    const name = REGS[i]!.name;
    if (i < 16) { const n = GPR_ORDER[i]!; return hexLe(c.r[2 * n]!, c.r[2 * n + 1]!, 8); }
    if (i >= 18 && i < 24) return hexLe(c.seg[SEG_ORDER[i - 18]!]!.sel, 0, 4);
    const x = /^xmm(\d+)$/.exec(name);
    if (x !== null) { const b = 4 * Number(x[1]); return hexLe(c.xmm[b]!, c.xmm[b + 1]!, 8) + hexLe(c.xmm[b + 2]!, c.xmm[b + 3]!, 8); }
    const lin = (v: number) => { const [lo, hi] = halves(v); return hexLe(lo, hi, 8); };
    switch (name) {
      case "rip": return lin(c.rip);
      case "eflags": return hexLe(c.flags, 0, 4);
      case "fs_base": return lin(c.seg[SEG_FS]!.base);
      case "gs_base": return lin(c.seg[SEG_GS]!.base);
      case "k_gs_base": return lin(c.kernelGsBase);
      case "cr0": return hexLe(c.cr0, 0, 8);
      case "cr2": return lin(c.mmu.cr2);
      case "cr3": return lin(c.cr3);
      case "cr4": return hexLe(c.cr4, 0, 8);
      case "cr8": return hexLe(c.cr8, 0, 8);
      case "efer": return hexLe(c.efer, 0, 8);
      case "mxcsr": return hexLe(c.mxcsr, 0, 4);
      case "fctrl": return hexLe(0x37f, 0, 4);       // the FPU's reset control word (the guest has no x87 state)
      default: return "0".repeat(REGS[i]!.bytes * 2);
    }
  }

  /**
   * Write register i from little-endian hex. General registers, RIP,
   * RFLAGS's writable bits, the segment bases and SSE state can change;
   * the rest (selectors, control registers: changing them behind the
   * guest's back would bypass their checks) only accept their value.
   */
  private writeReg(i: number, h: string, quiet: boolean): boolean {
    if (h.length !== REGS[i]!.bytes * 2) return false;
    const c = this.cpu;
    const name = REGS[i]!.name;
    if (/^x+$/i.test(h)) return true;                      // unavailable: leave it
    const x = /^xmm(\d+)$/.exec(name);
    if (x !== null) {
      const a = parseLe(h.slice(0, 16)), b = parseLe(h.slice(16));
      if (a === null || b === null) return false;
      const k = 4 * Number(x[1]);
      c.xmm[k] = a[0]; c.xmm[k + 1] = a[1]; c.xmm[k + 2] = b[0]; c.xmm[k + 3] = b[1];
      return true;
    }
    const v = parseLe(h);
    if (v === null) return false;
    const [lo, hi] = v;
    const asLin = () => (hi | 0) * 4294967296 + lo;
    if (i < 16) { const n = GPR_ORDER[i]!; c.r[2 * n] = lo; c.r[2 * n + 1] = hi; return true; }
    switch (name) {
      case "rip": c.rip = asLin(); return true;
      case "eflags": c.setFlags(lo); return true;
      case "fs_base": c.seg[SEG_FS]!.base = asLin(); return true;
      case "gs_base": c.seg[SEG_GS]!.base = asLin(); return true;
      case "k_gs_base": c.kernelGsBase = asLin(); return true;
      case "mxcsr": c.mxcsr = lo & 0xffff; return true;
      default:
        if (this.readReg(i) === h.toLowerCase()) return true;
        if (!quiet) this.log(`gdb: register ${name} is read-only here`);
        return quiet;
    }
  }

  /** m: bytes from `addr` up to the first unmapped one (an error if that is the first). */
  private readMem(addr: number, len: number): string {
    if (Number.isNaN(addr) || !(len >= 0 && len <= 0x4000)) return E_FAULT;
    const m = this.cpu.mmu;
    let out = "";
    for (let k = 0; k < len; k++) {
      const p = m.probe(addr + k);
      if (p < 0 || p >= m.ramSize) break;
      out += hex2(m.mem[p]!);
    }
    return out === "" && len > 0 ? E_FAULT : out;
  }

  /** M/X: all of the bytes, or none (an error) when any is unmapped. */
  private writeMem(addr: number, bytes: number[]): string {
    if (Number.isNaN(addr)) return E_FAULT;
    const m = this.cpu.mmu;
    const phys: number[] = [];
    for (let k = 0; k < bytes.length; k++) {
      const p = m.probe(addr + k);
      if (p < 0 || p >= m.ramSize) return E_FAULT;
      phys.push(p);
    }
    if (bytes.every((b, k) => m.mem[phys[k]!] === b)) return "OK";
    const write = () => bytes.forEach((b, k) => m.physWrite8(phys[k]!, b));
    write();
    this.changed(`memory at 0x${addrHex(addr)}`, write);
    return "OK";
  }

  /** Every register, as `g` sends them. */
  private regsHex(): string { return REGS.map((_, i) => this.readReg(i)).join(""); }

  /**
   * gdb changed the machine's state (a register or memory write that made
   * a difference; `redo` makes it again). With a history it becomes part
   * of it (History.write: a replay makes it again at this instruction);
   * made in the past, it ends the recorded future here (gdb's record-full
   * asks first: "writing to memory will make the execution log unusable
   * from this point onward"), said on the log; the machine goes on from
   * the changed state, and reverse execution still reaches back before it.
   */
  private changed(what: string, redo: () => void): void {
    const h = this.history;
    if (h === null) return;
    if (h.write(redo, this.release !== null && this.stoppedAtInsn))
      this.log(`gdb: ${what} written in the past (instruction ${this.cpu.icount}): the recorded execution after it is dropped; the machine goes on from here`);
  }
}

/** X packet data: }-escaped binary. */
function unescapeBinary(s: string): number[] {
  const out: number[] = [];
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x7d && k + 1 < s.length) out.push(s.charCodeAt(++k) ^ 0x20);
    else out.push(c & 0xff);
  }
  return out;
}
