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
 * Checkpoints are taken when the machine stops for gdb and every
 * CHECKPOINT_INSNS instructions while it runs; the oldest are dropped
 * once the logs exceed MAX_LOG_BYTES or there are MAX_CHECKPOINTS. Console
 * input is not replayed: it cuts the history (the window starts again
 * after it), so the window is "since gdb attached or the last console
 * input, within MAX_LOG_BYTES of changed pages".
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
}

export class History {
  private cps: Checkpoint[] = [];
  private logBytes = 0;

  constructor(private readonly m: Machine) {}

  /** The first instruction count the window reaches back to, or -1 when empty. */
  get start(): number { return this.cps.length > 0 ? this.cps[0]!.icount : -1; }
  /** The newest checkpoint's instruction count, or -1. */
  get last(): number { return this.cps.length > 0 ? this.cps[this.cps.length - 1]!.icount : -1; }

  /** Take a checkpoint here (at a run-loop boundary). */
  checkpoint(): void {
    const m = this.m, mmu = m.cpu.mmu;
    const top = this.cps[this.cps.length - 1];
    if (top !== undefined && top.icount === m.cpu.icount && top.undo.size === 0) { top.core = captureCore(m); return; }
    const cp: Checkpoint = { icount: m.cpu.icount, core: captureCore(m), undo: new Map() };
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
  }

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
    for (let j = this.cps.length - 1; j >= k; j--) {
      for (const [pg, bytes] of this.cps[j]!.undo) { mmu.mem.set(bytes, pg * 4096); mmu.invalidateCode(pg); }
      this.logBytes -= this.cps[j]!.undo.size * 4096;
    }
    const cp = this.cps[k]!;
    this.cps.length = k;
    applyCore(m, cp.core);
    // the checkpoint again, with an empty log
    this.checkpoint();
  }

  /** Forget everything (console input, detach); with `keep` false, stop tracking writes. */
  reset(keep: boolean): void {
    this.cps = [];
    this.logBytes = 0;
    this.m.cpu.mmu.track = null;
    if (keep) this.checkpoint();
  }
}
