/*
 * exec-sse.ts: the handful of SSE2 instructions that integer code contains
 * (register moves, zeroing idioms, and the quadword unpack libgcc's 128-bit
 * helpers use), the scalar moves movss/movsd and cvttpd2dq. XMM registers
 * live in the CPU state buffer (cpu.xmm, four 32-bit words each). No other
 * floating-point arithmetic is implemented.
 */

import type { Cpu } from "./cpu.ts";
import { CpuFault, gp, ud } from "./fault.ts";
import { CR4_OSFXSR } from "./state.ts";

function xr(c: Cpu, n: number): number { return n * 4; }
function xmmIndex(c: Cpu): number { return c.i.reg & 15; }

/** Load the 128-bit r/m operand into a scratch array. */
const tmp = new Uint32Array(4);
function readX(c: Cpu, aligned: boolean, words = 4): Uint32Array {
  if (c.i.mod === 3) { const b = xr(c, c.i.rm & 15); for (let i = 0; i < 4; i++) tmp[i] = c.xmm[b + i]!; return tmp; }
  const a = c.ea();
  if (aligned && a % 16 !== 0) gp();
  for (let i = 0; i < 4; i++) tmp[i] = i < words ? c.mmu.rd32(a + i * 4) : 0;
  return tmp;
}
function writeX(c: Cpu, aligned: boolean, v: Uint32Array, words = 4): void {
  if (c.i.mod === 3) { const b = xr(c, c.i.rm & 15); for (let i = 0; i < 4; i++) c.xmm[b + i] = v[i]!; return; }
  const a = c.ea();
  if (aligned && a % 16 !== 0) gp();
  // Check both ends first so a faulting store changes nothing.
  c.mmu.tr(a, 1); c.mmu.tr(a + words * 4 - 1, 1);
  for (let i = 0; i < words; i++) c.mmu.wr32(a + i * 4, v[i]!);
}

function sseEnabled(c: Cpu): void {
  if ((c.cr0 & 0x4) !== 0) ud();          // CR0.EM
  if ((c.cr4 & CR4_OSFXSR) === 0) ud();   // the OS has not enabled SSE (FXSAVE support)
  if ((c.cr0 & 0x8) !== 0) throw new CpuFault(7);   // CR0.TS: #NM
}

/* 0F 10/11 movups/movupd (F3/F2: movss/movsd, movScalar), 0F 28/29 movaps/movapd,
   66 0F 6F / 7F movdqa, F3 0F 6F / 7F movdqu */
export function movx128(c: Cpu): void {
  sseEnabled(c);
  if (c.i.rep !== 0 && (c.i.op === 0x110 || c.i.op === 0x111)) return movScalar(c);
  if (c.i.rep !== 0 && (c.i.op === 0x128 || c.i.op === 0x129)) ud();
  const op = c.i.op;
  if ((op === 0x16f || op === 0x17f) && !c.i.pfx66 && c.i.rep !== 0xf3) ud();   // MMX forms
  const aligned = op === 0x128 || op === 0x129 || ((op === 0x16f || op === 0x17f) && c.i.pfx66);
  const load = op === 0x110 || op === 0x128 || op === 0x16f;
  const b = xr(c, xmmIndex(c));
  if (load) { const v = readX(c, aligned); for (let i = 0; i < 4; i++) c.xmm[b + i] = v[i]!; }
  else { const v = new Uint32Array(4); for (let i = 0; i < 4; i++) v[i] = c.xmm[b + i]!; writeX(c, aligned, v); }
}

/* F3 0F 10/11 movss, F2 0F 10/11 movsd: the low 32/64 bits, no alignment; a load from memory
   zeroes the rest of the register, a move between registers keeps it */
function movScalar(c: Cpu): void {
  const words = c.i.rep === 0xf3 ? 1 : 2;
  const b = xr(c, xmmIndex(c));
  if (c.i.mod === 3) {
    const s = xr(c, c.i.rm & 15), [to, from] = c.i.op === 0x110 ? [b, s] : [s, b];
    for (let i = 0; i < words; i++) c.xmm[to + i] = c.xmm[from + i]!;
  } else if (c.i.op === 0x110) {
    const v = readX(c, false, words);
    for (let i = 0; i < 4; i++) c.xmm[b + i] = v[i]!;
  } else writeX(c, false, c.xmm.slice(b, b + 4), words);
}

const f64 = new DataView(new ArrayBuffer(8));
const MXCSR_IE = 0x1, MXCSR_PE = 0x20, MXCSR_DAZ = 0x40, MXCSR_IM = 0x80, MXCSR_PM = 0x1000;
const CR4_OSXMMEXCPT = 1 << 10;

/* 66 0F E6 cvttpd2dq: two doubles (xmm/m128, aligned) to int32 by truncation in the low
   quadword, the high one zeroed. NaN or out of range gives 0x80000000 (the integer indefinite)
   and IE, an inexact result PE; DAZ reads denormals as 0. An unmasked exception leaves the
   register as it was: #XM (#UD without CR4.OSXMMEXCPT), IE before PE. F2/F3 forms (cvtpd2dq,
   cvtdq2pd) are not implemented. */
export function cvttpd2dq(c: Cpu): void {
  sseEnabled(c);
  if (!c.i.pfx66 || c.i.rep !== 0) ud();
  const v = readX(c, true);
  const r = [0, 0];
  let ie = 0, pe = 0;
  for (let k = 0; k < 2; k++) {
    f64.setUint32(0, v[2 * k]!, true); f64.setUint32(4, v[2 * k + 1]!, true);
    let d = f64.getFloat64(0, true);
    if ((c.mxcsr & MXCSR_DAZ) !== 0 && (v[2 * k + 1]! & 0x7ff00000) === 0) d = 0;
    const t = Math.trunc(d);
    if (Number.isNaN(t) || t < -0x80000000 || t > 0x7fffffff) { r[k] = 0x80000000; ie = MXCSR_IE; }
    else { r[k] = t >>> 0; if (t !== d) pe = MXCSR_PE; }
  }
  const unmasked = ie && (c.mxcsr & MXCSR_IM) === 0 ? ie : pe && (c.mxcsr & MXCSR_PM) === 0 ? ie | pe : 0;
  if (unmasked) {
    c.mxcsr |= unmasked;
    throw new CpuFault((c.cr4 & CR4_OSXMMEXCPT) !== 0 ? 19 : 6);
  }
  c.mxcsr |= ie | pe;
  const b = xr(c, xmmIndex(c));
  c.xmm[b] = r[0]!; c.xmm[b + 1] = r[1]!; c.xmm[b + 2] = 0; c.xmm[b + 3] = 0;
}

/* 66 0F 6E movd/movq xmm, r/m32/64 */
export function movdToX(c: Cpu): void {
  sseEnabled(c);
  if (!c.i.pfx66) ud();
  const s = c.i.rex & 8 ? 8 : 4;
  const lo = c.rdE(s), hi = c.vhi;
  const b = xr(c, xmmIndex(c));
  c.xmm[b] = lo; c.xmm[b + 1] = s === 8 ? hi : 0; c.xmm[b + 2] = 0; c.xmm[b + 3] = 0;
}
/* 66 0F 7E movd/movq r/m32/64, xmm; F3 0F 7E movq xmm, xmm/m64 */
export function movdFromX(c: Cpu): void {
  sseEnabled(c);
  const b = xr(c, xmmIndex(c));
  if (c.i.rep === 0xf3) {
    const v = readX(c, false, 2);
    c.xmm[b] = v[0]!; c.xmm[b + 1] = v[1]!; c.xmm[b + 2] = 0; c.xmm[b + 3] = 0;
    return;
  }
  if (!c.i.pfx66) ud();
  const s = c.i.rex & 8 ? 8 : 4;
  c.wrE(s, c.xmm[b]!, s === 8 ? c.xmm[b + 1]! : 0);
}
/* 66 0F D6 movq xmm/m64, xmm */
export function movqStore(c: Cpu): void {
  sseEnabled(c);
  if (!c.i.pfx66) ud();
  const b = xr(c, xmmIndex(c));
  const v = new Uint32Array([c.xmm[b]!, c.xmm[b + 1]!, 0, 0]);
  if (c.i.mod === 3) writeX(c, false, v); else writeX(c, false, v, 2);
}
/* 66 0F 6C punpcklqdq, 66 0F 6D punpckhqdq */
export function punpckqdq(c: Cpu): void {
  sseEnabled(c);
  if (!c.i.pfx66) ud();
  const v = readX(c, true);
  const b = xr(c, xmmIndex(c));
  if (c.i.op === 0x16c) { c.xmm[b + 2] = v[0]!; c.xmm[b + 3] = v[1]!; }
  else { c.xmm[b] = c.xmm[b + 2]!; c.xmm[b + 1] = c.xmm[b + 3]!; c.xmm[b + 2] = v[2]!; c.xmm[b + 3] = v[3]!; }
}
/* 66 0F EF pxor, 0F 57 xorps / 66 0F 57 xorpd */
export function pxor(c: Cpu): void {
  sseEnabled(c);
  if (c.i.op === 0x1ef && !c.i.pfx66) ud();
  if (c.i.rep !== 0) ud();
  const v = readX(c, true);
  const b = xr(c, xmmIndex(c));
  for (let i = 0; i < 4; i++) c.xmm[b + i] = (c.xmm[b + i]! ^ v[i]!) >>> 0;
}
