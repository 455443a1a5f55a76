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
  /** Virtual nanoseconds since power-on. */
  private ns = 0;
  readonly sources: TimerSource[] = [];

  constructor(readonly mode: ClockMode = "virtual", readonly nsPerInsn = 1) {}

  now(): number { return this.ns; }

  /** Account for `n` retired instructions. */
  advanceInsns(n: number): void { this.ns += n * this.nsPerInsn; }

  /** Move time forward by `ns` (idle skip, or real-time catch-up). */
  advance(ns: number): void { if (ns > 0) this.ns += ns; }

  /** Set the clock to an absolute time if that is later than now. */
  advanceTo(t: number): void { if (t > this.ns) this.ns = t; }

  addSource(s: TimerSource): void { this.sources.push(s); }

  /** Earliest deadline of all sources. */
  nextDeadline(): number {
    let d = Infinity;
    for (const s of this.sources) { const x = s.nextDeadline(); if (x < d) d = x; }
    return d;
  }

  /** Run every source whose deadline has passed. */
  runDue(): void {
    for (const s of this.sources) if (s.nextDeadline() <= this.ns) s.tick(this.ns);
  }
}
