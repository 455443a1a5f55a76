/*
 * wasm/emit/strings.ts: movs, stos, cmps, scas and lods, once or with a
 * rep prefix (64-bit addresses; the interpreter does DF-set rep runs, a
 * count past 2^53 and anything off the memory fast path).
 */

import { STATUS } from "../../cpu/forms.ts";
import { FLAG_DF, REP_CHUNK } from "../../cpu/state.ts";
import { L_F, L_A, L_B, L_R, L_P, L_T, L_X, L_Y, L_Z, L_K } from "../layout.ts";
import { MASKS, type Ctx, type Family, type RegRef } from "./ctx.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const STRINGS_SOURCE = import.meta.url;

export const STRINGS = {
  movs: (c) => c.f.op === 0 ? once(c) : repStore(c),
  stos: (c) => c.f.op === 0 ? once(c) : repStore(c),
  cmps: (c) => c.f.op === 0 ? once(c) : repCompare(c),
  scas: (c) => c.f.op === 0 ? once(c) : repCompare(c),
  lods: (c) => once(c),
} satisfies Family;

/** The Ctx helpers as plain functions (the bodies below read like the other emitters' expressions). */
function helpers(c: Ctx) {
  return {
    get: (n: number, t: number) => c.get(n, t), set: (n: number, v: number) => c.set(n, v),
    c32: (v: number) => c.c32(v), c64: (v: bigint) => c.c64(v),
    RD: (r: RegRef, sz: number) => c.RD(r, sz), WR: (r: RegRef, sz: number, v: number) => c.WR(r, sz, v),
    translate: (lin: number, sz: number, write: boolean) => c.translate(lin, sz, write),
    rdMem: (sz: number) => c.rdMem(sz), wrMem: (sz: number, v: number) => c.wrMem(sz, v), load: (sz: number, a: number) => c.load(sz, a),
    flagsOf: (kind: "sub", sz: number, mask: number) => c.flagsOf(kind, sz, mask),
    label: (what: string) => c.label(what), delta: () => delta(c),
  };
}

/** i64: the element step, -s when DF is set. */
function delta(c: Ctx): number {
  const m = c.m, s = c.s;
  return m.select(m.i32.and(c.g32(L_F), c.c32(FLAG_DF)), c.c64(BigInt(-s)), c.c64(BigInt(s)), c.i64);
}

/** One element of movs/stos/cmps/scas/lods (no rep prefix). */
function once(c: Ctx): number[] {
  const { m, s, f, want } = c, i64 = c.i64;
  const { get, set, c64, RD, WR, translate, rdMem, wrMem, flagsOf, delta } = helpers(c);
  const r: number[] = [];
  const si = () => RD(6, 8), di = () => RD(7, 8);
  if (f.kind === "movs" || f.kind === "cmps" || f.kind === "lods") r.push(...translate(si(), s, false), set(L_A, rdMem(s)));
  if (f.kind === "lods") return [...r, WR(0, s, get(L_A, i64)), WR(6, 8, m.i64.add(si(), delta()))];
  if (f.kind === "scas") r.push(set(L_A, RD(0, s)));
  if (f.kind === "movs" || f.kind === "stos") {
    r.push(...translate(di(), s, true), wrMem(s, f.kind === "stos" ? RD(0, s) : get(L_A, i64)));
  } else {
    r.push(...translate(di(), s, false), set(L_B, rdMem(s)), set(L_R, m.i64.and(m.i64.sub(get(L_A, i64), get(L_B, i64)), c64(MASKS[s]!))));
    if (want) r.push(flagsOf("sub", s, STATUS));
  }
  if (f.kind === "movs" || f.kind === "cmps") r.push(WR(6, 8, m.i64.add(si(), delta())));
  r.push(WR(7, 8, m.i64.add(di(), delta())));
  return r;
}

/**
 * rep movs / rep stos, forward (DF set: the interpreter's), as
 * exec-data.ts does it: min(rCX, REP_CHUNK) elements, then RIP stays on
 * the instruction while rCX is not 0. A first pass translates every
 * page run (the bytes of both operands in one page) without writing, and
 * leaves on anything the interpreter must do (a fault, a page holding
 * code, MMIO, an element across a page boundary); the second pass, whose
 * translations then all succeed, copies.
 */
function repStore(c: Ctx): number[] {
  const { m, s, f, o } = c, i32 = c.i32, i64 = c.i64;
  const { get, set, c32, c64, RD, WR, load, label } = helpers(c);
  const movs = f.kind === "movs";
  const S = BigInt(s);
  // whole elements left in the page at the address in local v (binaryen expressions are trees: built anew each use)
  const left = (v: number) => m.i64.sub(c64(4096n), m.i64.and(get(v, i64), c64(0xfffn)));
  const room = (v: number) => m.i64.sub(left(v), m.i64.rem_u(left(v), c64(S)));
  const pass = (dry: boolean): number[] => {
    const top = label("rep");
    const chunk: number[] = [
      // R = the bytes of this page run: min(left, room at rDI, room at rSI)
      set(L_R, get(L_B, i64)),
      set(L_T, room(L_Y)), m.if(m.i64.lt_u(get(L_T, i64), get(L_R, i64)), set(L_R, get(L_T, i64))),
      ...(movs ? [set(L_T, room(L_X)), m.if(m.i64.lt_u(get(L_T, i64), get(L_R, i64)), set(L_R, get(L_T, i64)))] : []),
      ...(dry ? [m.if(m.i64.eqz(get(L_R, i64)), o.bail("bailMemory"))] : []),
      set(L_P, m.call("tr", [get(L_Y, i64), o.perm(true), m.i32.wrap(get(L_R, i64)), c32(1)], i32)),
      ...(dry ? [m.if(m.i32.eq(get(L_P, i32), c32(-1)), o.bail("bailMemory"))] : []),
      ...(movs ? [
        set(L_K, m.call("tr", [get(L_X, i64), o.perm(false), m.i32.wrap(get(L_R, i64)), c32(0)], i32)),
        ...(dry ? [m.if(m.i32.eq(get(L_K, i32), c32(-1)), o.bail("bailMemory"))] : []),
        set(L_X, m.i64.add(get(L_X, i64), get(L_R, i64))),
      ] : []),
      set(L_Y, m.i64.add(get(L_Y, i64), get(L_R, i64))),
      set(L_B, m.i64.sub(get(L_B, i64), get(L_R, i64))),
    ];
    if (!dry) {
      // element by element (an overlapping forward copy repeats, as it does on the CPU)
      const el = label("repe"), eld = label("reped");
      const P = () => get(L_P, i32);
      const st = (v: number) => s === 8 ? m.i64.store(0, 1, P(), v) : s === 4 ? m.i64.store32(0, 1, P(), v) : s === 2 ? m.i64.store16(0, 1, P(), v) : m.i64.store8(0, 1, P(), v);
      chunk.push(m.block(eld, [m.loop(el, m.block(null, [
        m.br(eld, m.i64.eqz(get(L_R, i64))),
        st(movs ? load(s, get(L_K, i32)) : get(L_A, i64)),
        set(L_P, m.i32.add(P(), c32(s))),
        ...(movs ? [set(L_K, m.i32.add(get(L_K, i32), c32(s)))] : []),
        set(L_R, m.i64.sub(get(L_R, i64), c64(S))),
        m.br(el),
      ]))]));
    }
    return [
      set(L_X, RD(6, 8)), set(L_Y, RD(7, 8)), set(L_B, m.i64.mul(get(L_Z, i64), c64(S))),
      m.loop(top, m.block(null, [...chunk, m.br(top, m.i64.ne(get(L_B, i64), c64(0n)))])),
    ];
  };
  return [
    set(L_T, RD(1, 8)),
    m.if(m.i64.ne(get(L_T, i64), c64(0n)), m.block(null, [
      // DF set, or a count a double cannot hold (the interpreter counts in one): the interpreter's
      m.if(m.i32.or(m.i32.and(get(L_F, i32), c32(FLAG_DF)), m.i64.gt_u(get(L_T, i64), c64(1n << 53n))), o.bail()),
      set(L_Z, m.select(m.i64.lt_u(get(L_T, i64), c64(BigInt(REP_CHUNK))), get(L_T, i64), c64(BigInt(REP_CHUNK)), i64)),
      ...(movs ? [] : [set(L_A, RD(0, s))]),
      ...pass(true),
      ...pass(false),
      WR(1, 8, m.i64.sub(RD(1, 8), get(L_Z, i64))),
      WR(7, 8, get(L_Y, i64)),
      ...(movs ? [WR(6, 8, get(L_X, i64))] : []),
      m.if(m.i64.ne(RD(1, 8), c64(0n)), o.jump(o.rip(), "exitRep")),
    ])),
  ];
}

/**
 * repe/repne cmps and scas: element by element in locals (X = rSI, Y =
 * rDI, T = rCX, Z = elements left in this execution), so a translation
 * that leaves part-way has changed nothing; then the registers and the
 * last comparison's flags, and RIP stays on the instruction when the
 * chunk ended with rCX not 0.
 */
function repCompare(c: Ctx): number[] {
  const { m, s, f, o, want } = c, i32 = c.i32, i64 = c.i64;
  const { get, set, c32, c64, RD, WR, translate, rdMem, flagsOf, label, delta } = helpers(c);
  const cmps = f.kind === "cmps", top = label("cmp"), done = label("cmpd");
  const stop = f.op === 1 ? m.i64.ne(get(L_R, i64), c64(0n)) : m.i64.eqz(get(L_R, i64));
  return [
    set(L_T, RD(1, 8)),
    m.if(m.i64.ne(get(L_T, i64), c64(0n)), m.block(null, [
      m.if(m.i64.gt_u(get(L_T, i64), c64(1n << 53n)), o.bail()),
      set(L_Z, m.select(m.i64.lt_u(get(L_T, i64), c64(BigInt(REP_CHUNK))), get(L_T, i64), c64(BigInt(REP_CHUNK)), i64)),
      set(L_X, RD(6, 8)), set(L_Y, RD(7, 8)),
      ...(cmps ? [] : [set(L_A, RD(0, s))]),
      set(L_K, c32(0)),                                  // 1: stopped by the comparison
      m.block(done, [m.loop(top, m.block(null, [
        ...(cmps ? [...translate(get(L_X, i64), s, false), set(L_A, rdMem(s))] : []),
        ...translate(get(L_Y, i64), s, false), set(L_B, rdMem(s)),
        set(L_R, m.i64.and(m.i64.sub(get(L_A, i64), get(L_B, i64)), c64(MASKS[s]!))),
        ...(cmps ? [set(L_X, m.i64.add(get(L_X, i64), delta()))] : []),
        set(L_Y, m.i64.add(get(L_Y, i64), delta())),
        set(L_T, m.i64.sub(get(L_T, i64), c64(1n))),
        set(L_Z, m.i64.sub(get(L_Z, i64), c64(1n))),
        m.if(stop, m.block(null, [set(L_K, c32(1)), m.br(done)])),
        m.br(top, m.i64.ne(get(L_Z, i64), c64(0n))),
      ]))]),
      WR(1, 8, get(L_T, i64)), WR(7, 8, get(L_Y, i64)),
      ...(cmps ? [WR(6, 8, get(L_X, i64))] : []),
      ...(want ? [flagsOf("sub", s, STATUS)] : []),
      m.if(m.i32.and(m.i32.eqz(get(L_K, i32)), m.i64.ne(get(L_T, i64), c64(0n))), o.jump(o.rip(), "exitRep")),
    ])),
  ];
}
