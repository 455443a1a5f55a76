/*
 * clock.ts: the machine's notion of time.
 *
 * Everything time-dependent in the machine (PIT counters, the TSC, the RTC,
 * the UART's transmit timing) reads `now()`, in nanoseconds since power-on.
 * In virtual mode time is derived from retired instructions (one instruction
 * = `nsPerInsn` ns) and the CPU may jump the clock forward to the next timer
 * deadline while it sits in `hlt`, so runs are deterministic and idle time is
 * free. In real mode idle time follows the host clock instead.
 */

export type ClockMode = "virtual" | "real";

/** A deadline the machine must honour: the CPU stops a run slice at or before it. */
export interface TimerSource {
  /** Next time (ns) at which this device wants `tick(now)` to be called, or Infinity. */
  nextDeadline(): number;
  /** Called when the clock has reached or passed the deadline. */
  tick(now: number): void;
}

export class Clock {
  /** Nanoseconds added on top of the instruction-derived time (idle skips, real-time catch-up). */
  private extraNs = 0;
  readonly sources: TimerSource[] = [];
  /** Instructions retired so far; the machine points this at the CPU's counter. */
  insnCounter: () => number = () => 0;
  private realStart = performance.now();

  constructor(readonly mode: ClockMode = "virtual", readonly nsPerInsn = 1) {}

  /** Current time in ns: exact at every instruction boundary. */
  now(): number { return this.extraNs + this.insnCounter() * this.nsPerInsn; }

  /** Account for `n` instructions not seen by the counter. */
  advanceInsns(n: number): void { this.extraNs += n * this.nsPerInsn; }

  /** Move time forward by `ns` (idle skip, or real-time catch-up). */
  advance(ns: number): void { if (ns > 0) this.extraNs += ns; }

  /** Set the clock to an absolute time if that is later than now. */
  advanceTo(t: number): void { const n = this.now(); if (t > n) this.extraNs += t - n; }

  /** Real-clock mode: never let guest time fall behind host time since power-on. */
  syncReal(): void { this.advanceTo((performance.now() - this.realStart) * 1e6); }

  /** Real-clock mode: the machine was stopped for `ms` of host time (a debugger), which the guest does not see. */
  pauseReal(ms: number): void { this.realStart += ms; }

  /** Real-clock mode: host time goes on from the clock's current time (a loaded state). */
  resumeReal(): void { this.realStart = performance.now() - this.now() / 1e6; }

  addSource(s: TimerSource): void { this.sources.push(s); }

  /** Earliest deadline of all sources. */
  nextDeadline(): number {
    let d = Infinity;
    for (const s of this.sources) { const x = s.nextDeadline(); if (x < d) d = x; }
    return d;
  }

  /** Run every source whose deadline has passed. */
  runDue(): void {
    const now = this.now();
    for (const s of this.sources) if (s.nextDeadline() <= now) s.tick(now);
  }
}
