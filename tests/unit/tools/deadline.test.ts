/*
 * deadline.test.ts: --timeout's clock (tools/deadline.ts) and the strict
 * number parsers (tools/args.ts). A timeout past Node's 2^31-1 ms timer
 * limit is re-armed in steps (a single timer would fire at once), and
 * fires exactly once, when the time is up.
 */
import { describe, it, expect } from "vitest";
import { Deadline, MAX_TIMER_MS } from "../../../tools/deadline.ts";
import { TimeoutError, UsageError } from "../../../tools/errors.ts";
import { parseCount, parseSeconds, parseMemory } from "../../../tools/args.ts";

describe("Deadline", () => {
  it("re-arms a timer longer than 2^31-1 ms and fires once at the end", () => {
    let now = 0;
    const armed: number[] = [];
    let pending: (() => void) | null = null;
    const timers = {
      set: ((fn: () => void, ms: number) => { armed.push(ms); pending = fn; return 1 as unknown as ReturnType<typeof setTimeout>; }) as unknown as typeof setTimeout,
      clear: (() => { pending = null; }) as typeof clearTimeout,
    };
    const d = new Deadline("3000000", 3_000_000_000, () => now);
    let fired = 0;
    d.onExpire(() => { fired++; }, timers);
    const fire = (elapsed: number) => { now += elapsed; const f = pending!; pending = null; f(); };
    expect(armed).toEqual([MAX_TIMER_MS]);
    fire(MAX_TIMER_MS);
    expect([armed, fired]).toEqual([[MAX_TIMER_MS, 3_000_000_000 - MAX_TIMER_MS], 0]);
    fire(1000); // a timer that fired early (host suspended, clock skew): armed again for the rest
    expect([armed.at(-1), fired]).toEqual([3_000_000_000 - MAX_TIMER_MS - 1000, 0]);
    fire(3_000_000_000 - MAX_TIMER_MS - 1000);
    expect([fired, pending]).toEqual([1, null]);
    expect(d.expired).toBe(true);
  });

  it("check() and the child's timeout follow the remaining time; no --timeout never expires", () => {
    let now = 100;
    const d = new Deadline("0.5", 500, () => now);
    expect(d.childTimeout()).toBe(500);
    d.check("building (make)");
    now = 600;
    expect(() => d.check("building (make)")).toThrow(new TimeoutError("timed out after 0.5 s (--timeout) while building (make)"));
    expect(d.childTimeout()).toBe(1);
    const none = new Deadline();
    expect([none.expired, none.childTimeout(), none.onExpire(() => { throw new Error("fired"); })()]).toEqual([false, undefined, undefined]);
  });
});

describe("number options", () => {
  it("integers: digits only, within the range", () => {
    expect(parseCount("--n", "25000000", 1)).toBe(25000000);
    expect(parseCount("--n", " 7 ", 1)).toBe(7);
    for (const v of ["", "abc", "-1", "0", "1e3", "0x10", "1.5", "NaN", "Infinity", "+3"])
      expect(() => parseCount("--n", v, 1)).toThrow(UsageError);
    expect(() => parseCount("--n", "9007199254740992", 1)).toThrow(new UsageError("--n 9007199254740992 is out of range (1..9007199254740991)"));
  });
  it("seconds: a positive decimal, at most 10^9", () => {
    expect(parseSeconds("--timeout", "30")).toBe(30_000);
    expect(parseSeconds("--timeout", "0.5")).toBe(500);
    expect(parseSeconds("--timeout", ".25")).toBe(250);
    expect(parseSeconds("--timeout", "3000000")).toBe(3e9);
    for (const v of ["", "0", "0.0", "-1", "1e400", "1e3", "Infinity", "NaN", "soon", "1000000001", "9".repeat(400)])
      expect(() => parseSeconds("--timeout", v)).toThrow(UsageError);
  });
  it("memory: MiB with an optional M or G suffix", () => {
    expect([parseMemory("128", 16, 4096), parseMemory("1G", 16, 4096), parseMemory("64m", 16, 4096)]).toEqual([128, 1024, 64]);
    for (const v of ["", "1e3", "-128", "128K", "4097", "15", "9".repeat(30)]) expect(() => parseMemory(v, 16, 4096)).toThrow(UsageError);
  });
});
