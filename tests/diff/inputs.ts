/*
 * inputs.ts: the deterministic input generator of the CPU differential
 * suite. A small 32-bit PRNG (mulberry32) drives every choice, so a run is
 * reproducible from its seed; values are biased to the edges where
 * arithmetic goes wrong: 0, 1, -1, 0x7f.., 0x80.., the largest unsigned
 * value of each width (with random or sign-extended bits above it), single
 * bits, masks, and shift counts 0/1/w-1/w/w+1/63/64+.
 */

export const DATA_BASE = 0x20000000;
export const WIN_OFF = 0x7c0;
export const WIN_LEN = 128;
/** Where pointer registers aim: the middle of the per-case window. */
export const PTR = DATA_BASE + 0x800;

export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  below(n: number): number { return this.u32() % n; }
  pick<T>(a: readonly T[]): T { return a[this.below(a.length)]!; }
}

/** One case: 16 registers as (lo, hi) pairs, RFLAGS, and the memory window. */
export interface Case { r: Uint32Array; flags: number; win: Uint8Array }

export function newCase(): Case { return { r: new Uint32Array(32), flags: 0x202, win: new Uint8Array(WIN_LEN) }; }

export function setReg(c: Case, n: number, lo: number, hi = 0): void { c.r[2 * n] = lo >>> 0; c.r[2 * n + 1] = hi >>> 0; }
export function setReg64(c: Case, n: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  setReg(c, n, Number(u & 0xffffffffn), Number(u >> 32n));
}
export function reg64(c: Case, n: number): bigint { return (BigInt(c.r[2 * n + 1]!) << 32n) | BigInt(c.r[2 * n]!); }

export const SHIFT_COUNTS = [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 255] as const;

/** An edge-biased 64-bit value as (lo, hi) written to out[0..1]. */
export function edge64(g: Rng, out: Uint32Array, at: number): void {
  const k = g.below(16);
  let lo: number, hi: number;
  if (k < 5) { lo = g.u32(); hi = g.u32(); }
  else if (k < 10) {
    const w = g.pick([8, 16, 32, 64]);
    const v = g.below(9);
    // In width w: 0, 1, 2, -1, max signed, min signed, min signed + 1, max unsigned - 1, 0x55..
    if (w === 64) {
      const LO = [0, 1, 2, 0xffffffff, 0xffffffff, 0, 1, 0xfffffffe, 0x55555555];
      const HI = [0, 0, 0, 0xffffffff, 0x7fffffff, 0x80000000, 0x80000000, 0xffffffff, 0x55555555];
      lo = LO[v]!; hi = HI[v]!;
    } else {
      const all = w === 32 ? 0xffffffff : (1 << w) - 1, half = 2 ** (w - 1);
      const x = [0, 1, 2, all, half - 1, half, half + 1, all - 1, 0x55555555 & all][v]!;
      lo = x; hi = 0;
      const above = g.below(3);
      if (above === 1) { hi = g.u32(); if (w < 32) lo = (lo | (g.u32() << w)) >>> 0; }
      else if (above === 2 && x >= half) { hi = 0xffffffff; lo = (lo | ~all) >>> 0; }
    }
  } else if (k < 12) {
    const v = g.below(70) - 4;
    lo = v >>> 0; hi = v < 0 ? 0xffffffff : 0;
  } else if (k < 14) {
    const b = g.below(64);
    lo = b < 32 ? (1 << b) >>> 0 : 0; hi = b >= 32 ? (1 << (b - 32)) >>> 0 : 0;
    if (g.below(2)) { // 2^b - 1
      if (b < 32) { lo = (lo - 1) >>> 0; hi = 0; } else { hi = (hi - 1) >>> 0; lo = 0xffffffff; }
    }
  } else {
    lo = g.u32() & g.u32(); hi = g.u32() | g.u32();
  }
  out[at] = lo >>> 0; out[at + 1] = hi >>> 0;
}

const tmp = new Uint32Array(2);

/** Fill a case with edge-biased registers, flags and window; rsp points at the window. */
export function randomCase(g: Rng, c: Case): void {
  for (let n = 0; n < 16; n++) edge64(g, c.r, 2 * n);
  setReg(c, 4, PTR);
  c.flags = ((g.u32() & 0xcd5) | 0x202) >>> 0;
  const style = g.below(8);
  if (style === 0) {
    // Two-symbol alphabet: string compares find equal runs.
    const a = g.u32() & 0xff, b = g.u32() & 0xff;
    for (let i = 0; i < WIN_LEN; i++) c.win[i] = g.below(4) === 0 ? b : a;
  } else {
    for (let i = 0; i < WIN_LEN; i += 8) {
      edge64(g, tmp, 0);
      c.win[i] = tmp[0]!; c.win[i + 1] = tmp[0]! >>> 8; c.win[i + 2] = tmp[0]! >>> 16; c.win[i + 3] = tmp[0]! >>> 24;
      c.win[i + 4] = tmp[1]!; c.win[i + 5] = tmp[1]! >>> 8; c.win[i + 6] = tmp[1]! >>> 16; c.win[i + 7] = tmp[1]! >>> 24;
    }
  }
}

/** Read/write little-endian values of the window at a data-page offset. */
export function winRead(c: Case, pageOff: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(c.win[pageOff - WIN_OFF + i]!);
  return v;
}
export function winWrite(c: Case, pageOff: number, size: number, v: bigint): void {
  for (let i = 0; i < size; i++) c.win[pageOff - WIN_OFF + i] = Number((v >> BigInt(8 * i)) & 0xffn);
}

/** The base data page every case starts from (the window is overwritten per case). */
export function basePage(): Uint8Array {
  const g = new Rng(0xba5e);
  const p = new Uint8Array(4096);
  for (let i = 0; i < 4096; i++) p[i] = g.u32() & 0xff;
  return p;
}
