/*
 * deadline.ts: `--timeout S` for the whole command. The clock starts when
 * the command starts, and every step counts against it: make (its
 * remaining time is spawnSync's timeout), reading and packing files
 * (check() between files and between chunks of a large one) and the run
 * of the machine (onExpire stops it). Host timers hold at most 2^31-1 ms
 * (an overflow fires at once), so a longer wait is re-armed in steps.
 */

import { TimeoutError } from "./errors.ts";

/** The longest delay setTimeout takes. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export class Deadline {
  private readonly at: number;

  /** `seconds` as the user wrote it (for messages), `ms` the budget; no budget: never expires. */
  constructor(readonly seconds?: string, ms = Infinity, private readonly now: () => number = () => performance.now()) {
    this.at = this.now() + ms;
  }

  remainingMs(): number { return Math.max(0, this.at - this.now()); }
  get expired(): boolean { return this.now() >= this.at; }

  /** The error for an expiry during `doing` (e.g. "packing the initramfs"). */
  error(doing: string): TimeoutError {
    return new TimeoutError(`timed out after ${this.seconds} s (--timeout) while ${doing}`);
  }

  /** Throws TimeoutError if the time is up. */
  check(doing: string): void {
    if (this.expired) throw this.error(doing);
  }

  /** spawnSync's `timeout` for a child started now (undefined: no limit). */
  childTimeout(): number | undefined {
    return this.at === Infinity ? undefined : Math.max(1, Math.ceil(this.remainingMs()));
  }

  /** Calls `fn` once when the time is up, re-arming past MAX_TIMER_MS; returns a cancel function. */
  onExpire(fn: () => void, timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout }): () => void {
    if (this.at === Infinity) return () => {};
    let t: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      const left = this.remainingMs();
      if (left <= 0) { t = undefined; fn(); return; }
      t = timers.set(arm, Math.min(left, MAX_TIMER_MS));
      (t as { unref?: () => void }).unref?.();
    };
    arm();
    return () => { if (t !== undefined) timers.clear(t); };
  }
}
