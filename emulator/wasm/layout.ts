/*
 * wasm/layout.ts: the data layouts the WebAssembly tiers share, each
 * described once: the interpreter core's 48-byte instruction record
 * (written in TypeScript by core.ts buildRecord, read by the emitted core),
 * the scratch words of the compiled-region ABI, and the function locals
 * (a small allocator, so no local number is kept in step by hand).
 */

import { RECORD_BYTES } from "../cpu/mmu.ts";
import { bn, type Bn } from "./binaryen.ts";

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const LAYOUT_SOURCE = import.meta.url;

/** A record field: byte offset and width (8-byte fields are i64, the others unsigned). */
export interface Field { readonly off: number; readonly bytes: 1 | 2 | 4 | 8 }
const field = (off: number, bytes: 1 | 2 | 4 | 8): Field => ({ off, bytes });

/**
 * The core's record of one pre-decoded instruction (RECORD_BYTES, in the
 * WebAssembly.Memory: mmu.ts JitLayout.recs). Addresses are of the state
 * buffer's registers (or the scratch's RIP slot and zero word).
 */
export const REC = {
  /** Handler: 1 + the form's index in allForms; 0: not for the core. */
  handler: field(0, 2),
  len: field(2, 1),
  /** log2 of the index scale. */
  scale: field(3, 1),
  gReg: field(4, 4),
  eReg: field(8, 4),
  /** The base register's address (the RIP slot for RIP-relative, the zero word if none). */
  base: field(12, 4),
  /** The index register's address (the zero word if none). */
  index: field(16, 4),
  disp: field(20, 4),
  /** The immediate (shift count, signed branch displacement), i64. */
  imm: field(24, 8),
  /** Its compiled region: function table index + 1, 0 if none. */
  region: field(32, 4),
  /** Entries as a block start (0xffff: do not compile). */
  entries: field(36, 2),
  /** The region's privilege (userShift) and its first basic block's length. */
  regionPriv: field(38, 1),
  regionFirst: field(39, 1),
  /** The linear RIP the region was compiled for, i64. */
  regionRip: field(40, 8),
} as const;
if (Math.max(...Object.values(REC).map((f) => f.off + f.bytes)) > RECORD_BYTES) throw new Error("layout: REC exceeds RECORD_BYTES");

/** Load a record field (i32, or i64 for 8-byte fields) from the record at i32 address `rec`. */
export function recLoad(m: Bn, f: Field, rec: number): number {
  switch (f.bytes) {
    case 1: return m.i32.load8_u(f.off, 1, rec);
    case 2: return m.i32.load16_u(f.off, 2, rec);
    case 4: return m.i32.load(f.off, 4, rec);
    case 8: return m.i64.load(f.off, 8, rec);
  }
}

/** Store a value in a record field (i32, or i64 for 8-byte fields). */
export function recStore(m: Bn, f: Field, rec: number, value: number): number {
  switch (f.bytes) {
    case 1: return m.i32.store8(f.off, 1, rec, value);
    case 2: return m.i32.store16(f.off, 2, rec, value);
    case 4: return m.i32.store(f.off, 4, rec, value);
    case 8: return m.i64.store(f.off, 8, rec, value);
  }
}

/** Write a record field from TypeScript (numbers for up to 4 bytes, bigint for 8). */
export function recWrite(dv: DataView, rec: number, f: Field, v: number | bigint): void {
  const a = rec + f.off;
  switch (f.bytes) {
    case 1: dv.setUint8(a, Number(v)); break;
    case 2: dv.setUint16(a, Number(v), true); break;
    case 4: dv.setUint32(a, Number(v) >>> 0, true); break;
    case 8: dv.setBigInt64(a, BigInt(v), true); break;
  }
}

/*
 * The compiled-region ABI between the JIT and the core: a region reads RFLAGS
 * and its instruction budget from the scratch area (JitLayout.scratch +
 * offset), writes RFLAGS and the next RIP (f64) back, and returns the
 * instructions it retired, with BAIL_BIT set when it stopped before an
 * instruction the interpreter must run.
 */
export const SCR_FLAGS = 0, SCR_RIP = 8, SCR_BUDGET_LEFT = 80;
/**
 * What `tr`'s page walk (x86-ir.ts addWalk) needs of the MMU, written by
 * the core on every entry: CR3 (f64) and Mmu.walkWord().
 */
export const SCR_WALK_CR3 = 0x180, SCR_WALK = 0x188;
/**
 * Non-zero while an external interrupt may be pending (the PIC has one):
 * written by the core on entry and after port I/O. While it is zero an sti
 * needs no stop for its interrupt shadow: nothing can arrive before the
 * run ends (devices tick between runs; port I/O sets it again).
 */
export const SCR_IRQ = 0x190;
export const BAIL_BIT = 0x80000000;
/** Also set when a page the region continues into no longer holds what it was compiled from: the core drops the region from its record (it is compiled again when hot). */
export const STALE_BIT = 0x40000000;

/**
 * Why compiled code left a region, counted by each exit in the scratch
 * words from SCR_EXITS (the core adds them to the JIT's stats): a ret
 * whose address was not one the region predicted, a jmp/call through a
 * register or memory, a direct branch out of the region, the slice budget,
 * a page the region continues into no longer mapped or holding other code,
 * a rep instruction with elements left after its chunk; and bails (the
 * interpreter runs the instruction): one the region does not compile, a
 * memory access off the fast path (TLB miss, page crossing, MMIO, a store
 * to code), anything else (#DE, popf changing IF/TF, a non-canonical
 * target, a rep with DF set...).
 */
export const EXIT_CAUSES = ["exitRet", "exitIndirect", "exitBranch", "exitBudget", "exitPage", "exitRep",
  "bailInsn", "bailMemory", "bailOther"] as const;
export type ExitCause = (typeof EXIT_CAUSES)[number];
export const SCR_EXITS = 0x100;
/** The scratch word counting exits of `cause`. */
export function exitSlot(cause: ExitCause): number { return SCR_EXITS + 4 * EXIT_CAUSES.indexOf(cause); }

/**
 * Function locals every user of emitInsn declares first (in this order and
 * type): RFLAGS, the operands and result, the linear and physical address
 * of an access, a temporary; X, Y, Z (i64) and K (i32) are the string
 * instructions' and the wide multiply's.
 */
export const L_F = 0, L_A = 1, L_B = 2, L_R = 3, L_LIN = 4, L_P = 5, L_T = 6, L_X = 7, L_Y = 8, L_Z = 9, L_K = 10;
/** Their binaryen types. */
function sharedLocalTypes(): number[] { const b = bn(); return [b.i32, b.i64, b.i64, b.i64, b.i64, b.i32, b.i64, b.i64, b.i64, b.i64, b.i32]; }

/**
 * A function's locals: the shared ones (L_F..L_T) first, then those
 * allocated with `add`; `types` is addFunction's var list.
 */
export class Locals {
  private readonly all = sharedLocalTypes();
  /** A new local of binaryen type `type`; its index. */
  add(type: number): number { this.all.push(type); return this.all.length - 1; }
  get types(): number[] { return [...this.all]; }
}
