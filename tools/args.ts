/*
 * args.ts: strict parsing of the CLI's number options. A value is decimal
 * digits only (seconds may have a fraction), inside the option's range,
 * or it is refused with one line naming the option (status 2): no NaN
 * budget, no negative count, no Infinity.
 */

import { UsageError } from "./errors.ts";

/** An integer option in [min, max]. */
export function parseCount(option: string, v: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const s = v.trim();
  const n = Number(s);
  if (!/^\d+$/.test(s) || n < min) throw new UsageError(`${option} must be a whole number of at least ${min} (got '${v}')`);
  if (n > max) throw new UsageError(`${option} ${s} is out of range (${min}..${max})`);
  return n;
}

/** The longest --timeout: 10^9 s (31 years). */
export const MAX_TIMEOUT_S = 1e9;

/** --timeout: seconds, e.g. 30 or 0.5, more than 0 and at most MAX_TIMEOUT_S; returns milliseconds. */
export function parseSeconds(option: string, v: string): number {
  const s = v.trim();
  const n = Number(s);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s) || !(n > 0) || n > MAX_TIMEOUT_S)
    throw new UsageError(`invalid ${option} '${v}' (seconds, more than 0 and at most ${MAX_TIMEOUT_S}, e.g. 30 or 0.5)`);
  return n * 1000;
}

/** -m: MiB, or with an M or G suffix, within [min, max] MiB. */
export function parseMemory(v: string, min: number, max: number): number {
  const m = /^(\d+)([MG]?)$/i.exec(v.trim());
  if (!m) throw new UsageError(`invalid memory size '${v}' (use MiB, e.g. 128 or 128M or 1G)`);
  const n = Number(m[1]) * (m[2]?.toUpperCase() === "G" ? 1024 : 1);
  if (n < min || n > max) throw new UsageError(`memory size ${n} MiB is out of range (${min}..${max})`);
  return n;
}
