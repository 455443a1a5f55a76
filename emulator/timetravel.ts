/*
 * timetravel.ts: the machine's recent past, for gdb's reverse execution
 * (emulator/gdbstub.ts drives it).
 *
 * A run with the virtual clock is a pure function of its start and its
 * console input, so any earlier point can be reached again by going back
 * to a checkpoint before it and running forward the right number of
 * instructions. A checkpoint is the CPU's and devices' state (snapshot.ts
 * captureCore) plus an undo log of RAM: taking one flushes the TLB and
 * sets Mmu.track, so the first write to each page after it, whichever
 * tier makes it, goes through a page walk that first copies the page's
 * old contents into the log. Going back to checkpoint k writes back the
 * logs of every later checkpoint, newest first, then k's own, and loads
 * k's core state: RAM costs only the pages written since.
 *
 * The console across re-execution. Output: a checkpoint records the
 * machine's console counters (bytes the guest has written to COM1, and
 * bytes shown); going back puts "written" back and leaves "shown", so the
 * machine (Machine.consoleWritten/consoleShown) shows nothing again until
 * the re-execution writes past what was already shown. Input: every
 * batch of console input is logged with the instruction count and
 * virtual time at which the machine received it (always at a run-loop
 * boundary) and a checkpoint records how many had arrived; going back
 * replays them from there, each at its own count and time (`due`/`take`
 * at each boundary, `nextInputAt` the count no slice may run past). The
 * present is the furthest (count, time) the machine has reached: keys
 * typed while it is in the past are held and received when it is back
 * (logged then, as new input). Instructions gdb ran with interrupts held
 * (a step; a continue from a breakpoint) are logged by count, and held
 * again when replayed. Registers and memory gdb writes are logged the
 * same way as input (`write`) and written again on replay; written in the
 * past, they end the recorded future there, as gdb's record-full does.
 * `detach` (gdb went away in the past)
 * drops the checkpoints but keeps replaying until the present.
 *
 * Checkpoints are taken when the machine stops for gdb and every
 * CHECKPOINT_INSNS instructions while it runs; the oldest are dropped
 * (with the input logged before them) once the logs exceed MAX_LOG_BYTES
 * or there are MAX_CHECKPOINTS. So the window is "since gdb attached,
 * within MAX_LOG_BYTES of changed pages".
 */

import type { Machine } from "./machine.ts";
import { applyCore, captureCore, type CoreState } from "./snapshot.ts";

export const CHECKPOINT_INSNS = 20_000_000;
export const MAX_LOG_BYTES = 256 * 1024 * 1024;
export const MAX_CHECKPOINTS = 4096;

interface Checkpoint {
  icount: number;
  core: CoreState;
  /** RAM page -> its contents when this checkpoint was taken (pages written after it). */
  undo: Map<number, Uint8Array>;
  /** Console input batches received before it (an absolute sequence number). */
  inputs: number;
  /** The console's bytes written by the guest and shown, then. */
  written: number;
  shown: number;
}

/**
 * A batch of console input, as the machine received it, or (`redo`) a
 * change gdb made to registers or memory; `atStop`: while
 * gdb held the machine stopped before the instruction there (the
 * interrupt check before it had been made, the instruction was not run).
 */
export interface Input { icount: number; time: number; bytes: Uint8Array; atStop: boolean; redo?: () => void }

export class History {
  private cps: Checkpoint[] = [];
  private logBytes = 0;
  /** Console input since the oldest checkpoint; inputs[0] is batch number `inputBase`. */
  private inputs: Input[] = [];
  private inputBase = 0;
  /** Batches the machine has received on its way to now (replayed ones included). */
  private received = 0;
  /** The present: the furthest instruction count and virtual time reached. */
  private frontier = { icount: -1, time: -1 };
  /** Keys typed while the machine is in the past. */
  private held: Uint8Array[] = [];
  /**
   * Instruction counts (ascending) whose instruction gdb ran with external
   * interrupts held (a step, or a continue from a breakpoint: QEMU's
   * SSTEP_NOIRQ), since the oldest checkpoint: a replay holds them there too.
   */
  private masks: number[] = [];

  /** `log`: a line for the user (a replay that met its input late). */
  constructor(private readonly m: Machine, private readonly log: (msg: string) => void = (l) => m.log(l)) {}

  /** The first instruction count the window reaches back to, or -1 when empty. */
  get start(): number { return this.cps.length > 0 ? this.cps[0]!.icount : -1; }
  /** The newest checkpoint's instruction count, or -1. */
  get last(): number { return this.cps.length > 0 ? this.cps[this.cps.length - 1]!.icount : -1; }

  /** The machine is behind the present (re-executing what it has run before). */
  get inPast(): boolean {
    const c = this.m.cpu, f = this.frontier;
    if (this.received < this.inputBase + this.inputs.length) return true;
    return c.icount < f.icount || (c.icount === f.icount && this.m.clock.now() < f.time);
  }

  /** Take a checkpoint here (at a run-loop boundary). */
  checkpoint(): void {
    const m = this.m, mmu = m.cpu.mmu;
    const top = this.cps[this.cps.length - 1];
    const counters = { inputs: this.received, written: m.consoleWritten, shown: m.consoleShown };
    if (top !== undefined && top.icount === m.cpu.icount && top.undo.size === 0) { Object.assign(top, counters); top.core = captureCore(m); return; }
    const cp: Checkpoint = { icount: m.cpu.icount, core: captureCore(m), undo: new Map(), ...counters };
    this.cps.push(cp);
    mmu.track = (pg) => {
      if (cp.undo.has(pg)) return;
      cp.undo.set(pg, mmu.mem.slice(pg * 4096, pg * 4096 + 4096));
      this.logBytes += 4096;
    };
    mmu.flushTlb();
    while (this.cps.length > 1 && (this.logBytes > MAX_LOG_BYTES || this.cps.length > MAX_CHECKPOINTS)) {
      const old = this.cps.shift()!;
      this.logBytes -= old.undo.size * 4096;
    }
    this.dropInputsBefore(this.cps[0]!.inputs);
    this.dropMasksBefore(this.cps[0]!.icount);
  }

  /**
   * gdb changed registers or memory here (done already; `redo` does it
   * again): logged like console input, so a replay from an earlier
   * checkpoint makes the change at the same instruction. Made in the past,
   * it ends the recorded future there, as gdb's record-full drops its log
   * after a change in replay mode: the logged input not replayed yet and
   * the held interrupts ahead are dropped, here becomes the present (keys
   * typed in the past are received now) and the console shows what the
   * machine writes from here. `atStop` as in Input. True when a recorded
   * future was dropped.
   */
  write(redo: () => void, atStop: boolean): boolean {
    const m = this.m, c = m.cpu;
    const past = this.inPast;
    if (past) {
      this.inputs.length = this.received - this.inputBase;
      this.masks = this.masks.filter((k) => k < c.icount);
      this.frontier = { icount: c.icount, time: m.clock.now() };
      m.consoleShown = m.consoleWritten;
    }
    this.inputs.push({ icount: c.icount, time: m.clock.now(), bytes: new Uint8Array(0), atStop, redo });
    this.received++;
    if (past) this.present(atStop);
    return past;
  }

  /** The instruction at `icount` (the present's next) runs with interrupts held, now and in every replay. */
  mask(icount: number): void { if (!this.masks.includes(icount)) this.masks.push(icount); }
  /** Whether the instruction at `icount` ran with interrupts held. */
  masked(icount: number): boolean { return this.masks.includes(icount); }
  /** The first count at or after `icount` whose instruction ran with interrupts held (slices stop there), or Infinity. */
  nextMaskAt(icount: number): number { return this.masks.find((k) => k >= icount) ?? Infinity; }
  private dropMasksBefore(icount: number): void { while (this.masks.length > 0 && this.masks[0]! < icount) this.masks.shift(); }

  /** Index of the newest checkpoint at or before instruction count `icount`, or -1. */
  at(icount: number): number {
    for (let k = this.cps.length - 1; k >= 0; k--) if (this.cps[k]!.icount <= icount) return k;
    return -1;
  }

  icountOf(k: number): number { return this.cps[k]!.icount; }

  /** Put the machine back at checkpoint k; later checkpoints are forgotten (running forward makes them again). */
  restore(k: number): void {
    const m = this.m, mmu = m.cpu.mmu;
    mmu.track = null;
    this.advanceFrontier();
    for (let j = this.cps.length - 1; j >= k; j--) {
      for (const [pg, bytes] of this.cps[j]!.undo) { mmu.mem.set(bytes, pg * 4096); mmu.invalidateCode(pg); }
      this.logBytes -= this.cps[j]!.undo.size * 4096;
    }
    const cp = this.cps[k]!;
    this.cps.length = k;
    applyCore(m, cp.core);
    this.received = cp.inputs;
    m.consoleWritten = cp.written;
    // the checkpoint again, with an empty log
    this.checkpoint();
  }

  /**
   * Console input arriving now (between two slices; `atStop` as in Input).
   * In the present it is logged and received; in the past it is held.
   * Either way it is the History's: the caller does not pass it on.
   */
  input(bytes: Uint8Array, atStop: boolean): void {
    if (this.inPast) { this.held.push(bytes); return; }
    this.receive(bytes, atStop);
  }

  /** The logged input to receive here (at a run-loop boundary, with `take`), or null. */
  due(): Input | null {
    const m = this.m, c = m.cpu;
    const next = this.inputs[this.received - this.inputBase];
    if (next === undefined || next.icount > c.icount || (next.icount === c.icount && next.time > m.clock.now())) return null;
    if (next.icount !== c.icount || next.time !== m.clock.now())
      this.log(`gdb: console input replayed late (logged at instruction ${next.icount}, replayed at ${c.icount}): the re-execution may differ`);
    return next;
  }

  take(): void {
    const next = this.inputs[this.received - this.inputBase]!;
    this.received++;
    if (next.redo !== undefined) next.redo(); else this.m.receiveInput(next.bytes);
  }

  /** After the input due: the present moves on; reached again, the keys held are received (logged with `atStop`). */
  present(atStop: boolean): void {
    this.advanceFrontier();
    if (this.held.length > 0 && !this.inPast) {
      const held = this.held;
      this.held = [];
      for (const b of held) this.receive(b, atStop);
    }
  }

  /** The instruction count of the next logged input still to replay (slices stop there), or Infinity. */
  nextInputAt(): number { return this.inputs[this.received - this.inputBase]?.icount ?? Infinity; }

  /** Forget the checkpoints and stop tracking writes; input still to replay (and keys held) stay until the present. */
  detach(): void {
    this.cps = [];
    this.logBytes = 0;
    this.m.cpu.mmu.track = null;
    this.dropInputsBefore(this.received);
    this.dropMasksBefore(this.m.cpu.icount);
  }

  private receive(bytes: Uint8Array, atStop: boolean): void {
    const m = this.m;
    this.inputs.push({ icount: m.cpu.icount, time: m.clock.now(), bytes, atStop });
    this.received++;
    m.receiveInput(bytes);
  }

  private advanceFrontier(): void {
    if (this.inPast) return;
    this.frontier = { icount: this.m.cpu.icount, time: this.m.clock.now() };
  }

  private dropInputsBefore(seq: number): void {
    if (seq <= this.inputBase) return;
    this.inputs.splice(0, seq - this.inputBase);
    this.inputBase = seq;
  }
}
