/*
 * mmu.ts: guest physical memory, 4-level paging and the TLB.
 *
 * Linear addresses are JavaScript numbers holding the canonical 64-bit
 * address as a *signed* value (-2^47 .. 2^47-1), which a double represents
 * exactly; the high half of the address space is therefore negative. With
 * paging off, linear = physical.
 *
 * Page walk (SDM Vol. 3 §4.5), 48-bit linear address:
 *
 *   47      39 38      30 29      21 20      12 11         0
 *   +---------+----------+----------+----------+------------+
 *   |  PML4   |   PDPT   |    PD    |    PT    |   offset   |
 *   +---------+----------+----------+----------+------------+
 *
 *   entry bits: 0 P, 1 R/W, 2 U/S, 5 A, 6 D, 7 PS (PDPT: 1 GiB, PD: 2 MiB),
 *               12..51 frame, 63 XD (when EFER.NXE)
 *
 * The TLB is direct-mapped (4096 sets) on a hash of the virtual page
 * number (plain low bits would make 256 MiB-aligned regions collide). Each set
 * holds one translation and six permission bits: read/write/exec for
 * supervisor and for user. A bit is set only after a walk has proven that
 * access (and, for writes, has set the dirty bit), so a hit needs no further
 * checks. CR3 writes and invlpg flush; global pages are flushed too (legal:
 * the TLB may always forget).
 */

import { CpuFault } from "./fault.ts";

export const ACC_READ = 0, ACC_WRITE = 1, ACC_EXEC = 2;
/**
 * The TLB's sets and its hash of a virtual page number: vpn ^ vpn >> 11 ^
 * vpn >> 22 on the low 32 bits (arithmetic shifts), masked to the sets.
 * The wasm tiers' TLB probe (x86-ir.ts addTr) computes it from these too.
 */
export const TLB_SETS = 4096, TLB_HASH_SHIFTS = [11, 22] as const;
export function tlbSet(vpn: number): number { return (vpn ^ (vpn >> TLB_HASH_SHIFTS[0]) ^ (vpn >> TLB_HASH_SHIFTS[1])) & (TLB_SETS - 1); }
const TWO32 = 4294967296;
/** Bytes mapped by one entry at each level (index 1 = PT ... 4 = PML4). */
const LEVEL_SPAN = [0, 4096, 2097152, 1073741824, 549755813888];

/**
 * Byte offsets inside the WebAssembly.Memory of a JIT-capable Mmu. RAM is
 * at 0 (guest physical address = memory offset); after it the CPU state
 * (Cpu.r / Cpu.xmm, STATE_BYTES), a scratch area for block exits, the TLB
 * (page number i64[4096], frame u32[4096] in an 8-byte stride region,
 * permission bits u8[4096], the same hash as Mmu.tr), codePages (u8 per physical page), and the interpreter
 * core's pre-decoded records (wasm/core.ts): recMap (u32 per physical
 * page: address of the page's slot table, 0 if none), `slotPages` slot
 * tables of 4096 u32 (record address per byte offset, 0 if none) and
 * `records` records of RECORD_BYTES.
 */
export interface JitLayout {
  ramSize: number; state: number; scratch: number; vpn: number; phys: number; perm: number; codePages: number;
  recMap: number; slots: number; slotPages: number; recs: number; records: number; total: number;
}
export const RECORD_BYTES = 48;
/** An empty TLB set's tag (no page number has this high word: |vpn| < 2^35). */
const INVALID_TAG = 0x7fffffff;

export const PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_A = 0x20, PTE_D = 0x40, PTE_PS = 0x80;
/** Mmu.walkWord's bits: the WebAssembly page walk may run; EFER.NXE; CR0.WP. */
export const WALK_ON = 1, WALK_NXE = 2, WALK_WP = 4;

/**
 * Data watchpoints (emulator/gdbstub.ts). A data access to a linear page
 * in `pages` is never cached in the TLB (only execute permission is), so
 * every such access is TypeScript's: the wasm core and the JIT stop
 * before it, as for any TLB miss, and Mmu.tr reports it here once its
 * translation succeeded (walked the first time, then from a small table
 * of watched pages' translations beside the TLB, flushed with it).
 */
export interface WatchHook {
  /** Linear page numbers (Math.floor(lin / 4096)) holding a watched byte. */
  readonly pages: Set<number>;
  /** A data access of `size` bytes at `lin` (within its page; string instructions pass a whole run). */
  access(lin: number, size: number, write: boolean): void;
}

export class Mmu {
  readonly mem: Uint8Array;
  readonly dv: DataView;
  readonly ramSize: number;

  /* Paging controls, mirrored here by the CPU whenever CR0/CR3/CR4/EFER change. */
  paging = false;
  cr3 = 0;
  nxe = false;
  wp = false;
  /** 3 when the current access is a user-mode access (CPL 3), else 0: shifts the permission bit. */
  userShift = 0;
  /** CR2 value of the last page fault (signed canonical number). */
  cr2 = 0;

  /** Per set: the page number as a little-endian i64 (lo, hi int32 words; INVALID_TAG when empty). */
  private readonly tlbTag: Int32Array;
  private readonly tlbPhys: Uint32Array;
  private readonly tlbPerm: Uint8Array;

  /**
   * With `wasm`, RAM is the start of a WebAssembly.Memory that also holds
   * the CPU state, the TLB arrays and `codePages` (see JitLayout), so
   * compiled code (emulator/jit) reads and writes them in place. Without
   * it, RAM is a plain ArrayBuffer (the interpreter-only default).
   */
  readonly memory: WebAssembly.Memory | null = null;
  readonly layout: JitLayout | null = null;

  /**
   * Decoded-instruction cache, one 4096-slot array per physical page that
   * holds code (slot = offset of the first byte). A store to such a page
   * drops the whole page, which is how self-modifying code and module
   * loading stay correct.
   */
  readonly codeCache: (unknown[] | undefined)[];
  /** 1 for physical pages that have a codeCache entry (checked on every store). */
  readonly codePages: Uint8Array;
  /** The interpreter core's per-page record tables (wasm layout only): dropped with the page's code. */
  readonly recMap: Uint32Array | null = null;
  /** Data watchpoints, or null (WatchHook). Change it only with the TLB flushed. */
  watch: WatchHook | null = null;
  /**
   * True for an instruction start (linear, physical) that is decoded
   * afresh each time, never cached (a breakpoint: without a cached
   * instruction there the wasm core has no record to run it with and
   * stops before it, and JIT regions end before it, so TypeScript runs
   * that one instruction; the rest of the page keeps its records), or null.
   */
  noCode: ((lin: number, phys: number) => boolean) | null = null;
  /**
   * Called with a RAM page number before anything may write to that page
   * through a translation made since the last TLB flush, or by the walker
   * setting accessed/dirty bits (reverse execution's copy-on-write undo
   * log, emulator/timetravel.ts), or null. With the TLB flushed, every
   * first write to a page then comes here, whichever tier makes it.
   */
  track: ((page: number) => void) | null = null;

  constructor(ramBytes: number, wasm = false) {
    const pages = Math.ceil(ramBytes / 4096);
    this.ramSize = ramBytes;
    this.codeCache = new Array(pages);
    if (wasm) {
      const ram = Math.ceil(ramBytes / 4096) * 4096;
      const L: JitLayout = {
        ramSize: ramBytes, state: ram, scratch: ram + 0x200, vpn: ram + 0x400, phys: ram + 0x400 + TLB_SETS * 8,
        perm: ram + 0x400 + TLB_SETS * 16, codePages: ram + 0x400 + TLB_SETS * 17,
        recMap: 0, slots: 0, slotPages: 512, recs: 0, records: 1 << 17, total: 0,
      };
      // (arithmetic, not bit operations: offsets pass 2 GiB with large RAM)
      L.recMap = Math.ceil((L.codePages + pages) / 8) * 8;
      L.slots = Math.ceil((L.recMap + pages * 4) / 4096) * 4096;
      L.recs = L.slots + L.slotPages * 16384;
      L.total = L.recs + L.records * RECORD_BYTES;
      const wpages = Math.ceil(L.total / 65536);
      if (wpages > 65536) throw new Error(`RAM of ${ramBytes} bytes is too large for the JIT's WebAssembly.Memory`);
      this.memory = new WebAssembly.Memory({ initial: wpages, maximum: wpages });
      this.layout = L;
      const buf = this.memory.buffer;
      this.mem = new Uint8Array(buf, 0, ramBytes);
      this.dv = new DataView(buf, 0, ramBytes);
      this.tlbTag = new Int32Array(buf, L.vpn, 2 * TLB_SETS).fill(INVALID_TAG);
      this.tlbPhys = new Uint32Array(buf, L.phys, TLB_SETS);
      this.tlbPerm = new Uint8Array(buf, L.perm, TLB_SETS);
      this.codePages = new Uint8Array(buf, L.codePages, pages);
      this.recMap = new Uint32Array(buf, L.recMap, pages);
    } else {
      this.mem = new Uint8Array(ramBytes);
      this.dv = new DataView(this.mem.buffer);
      this.tlbTag = new Int32Array(2 * TLB_SETS).fill(INVALID_TAG);
      this.tlbPhys = new Uint32Array(TLB_SETS);
      this.tlbPerm = new Uint8Array(TLB_SETS);
      this.codePages = new Uint8Array(pages);
    }
  }

  /** Forget the decoded instructions of one physical page. */
  invalidateCode(page: number): void {
    this.codeCache[page] = undefined;
    this.codePages[page] = 0;
    if (this.recMap !== null) this.recMap[page] = 0;
  }

  /** Forget all decoded instructions (mode switch, host writes to RAM). */
  flushCode(): void {
    this.codeCache.fill(undefined);
    this.codePages.fill(0);
    this.recMap?.fill(0);
  }

  flushTlb(): void { this.tlbTag.fill(INVALID_TAG); this.fetchBase = NaN; this.watchTlb.clear(); }

  /** Watched pages' data translations (never in the TLB proper): page number -> frame and the permission bits proven, as in tlbPerm. */
  private readonly watchTlb = new Map<number, { frame: number; perm: number }>();

  /* The page instructions are being fetched from: linear base -> physical base.
     Reset by every TLB flush and by the CPU on privilege or mode changes. */
  fetchBase = NaN;
  private fetchPhys = 0;

  /** Physical address of an instruction byte (execute permission checked). */
  codePhys(lin: number): number {
    const off = lin & 0xfff;
    const base = lin - off;
    if (base === this.fetchBase) return this.fetchPhys + off;
    const p = this.tr(lin, ACC_EXEC);
    this.fetchBase = base;
    this.fetchPhys = p - off;
    return p;
  }

  invlpg(lin: number): void {
    const vpn = Math.floor(lin / 4096);
    const idx = tlbSet(vpn);
    if (this.tlbTag[2 * idx] === (vpn | 0) && this.tlbTag[2 * idx + 1] === Math.floor(vpn / TWO32)) this.tlbTag[2 * idx + 1] = INVALID_TAG;
    this.fetchBase = NaN;
    this.watchTlb.delete(vpn);
  }

  /** Translate a linear address for an access of kind `acc` (of `size` bytes, for watchpoints); throws #PF. */
  tr(lin: number, acc: number, size = 1): number {
    if (!this.paging) {
      if (acc === ACC_WRITE && this.track !== null && (lin >>> 0) < this.ramSize) this.track((lin >>> 0) >>> 12);
      if (this.watch !== null && acc !== ACC_EXEC && this.watch.pages.has(Math.floor((lin >>> 0) / 4096))) this.watch.access(lin >>> 0, size, acc === ACC_WRITE);
      return lin >>> 0;
    }
    const vpn = Math.floor(lin / 4096);
    const idx = tlbSet(vpn);
    if (this.tlbTag[2 * idx] === (vpn | 0) && (this.tlbPerm[idx]! & (1 << (acc + this.userShift))) !== 0
      && this.tlbTag[2 * idx + 1] === Math.floor(vpn / TWO32))
      return this.tlbPhys[idx]! + (lin & 0xfff);
    if (this.watch !== null) {
      const w = this.watchTlb.get(vpn);
      if (w !== undefined && (w.perm & (1 << (acc + this.userShift))) !== 0) { this.watch.access(lin, size, acc === ACC_WRITE); return w.frame + (lin & 0xfff); }
    }
    return this.walk(lin, acc, vpn, idx, size);
  }

  /**
   * Physical address of `lin` when the TLB holds its page with permission
   * `acc` for the current privilege, else -1: no page walk, nothing
   * changes (the JIT follows calls into a page only when it finds it here).
   */
  tlbPeek(lin: number, acc: number): number {
    if (!this.paging) return -1;
    const vpn = Math.floor(lin / 4096);
    const idx = tlbSet(vpn);
    return this.tlbTag[2 * idx] === (vpn | 0) && (this.tlbPerm[idx]! & (1 << (acc + this.userShift))) !== 0
      && this.tlbTag[2 * idx + 1] === Math.floor(vpn / TWO32) ? this.tlbPhys[idx]! + (lin & 0xfff) : -1;
  }

  private pte(phys: number): number { return phys < this.ramSize ? this.dv.getUint32(phys, true) : 0; }
  private pteHi(phys: number): number { return phys < this.ramSize ? this.dv.getUint32(phys + 4, true) : 0; }
  private setBits(phys: number, bits: number): void {
    if (phys >= this.ramSize) return;
    const v = this.dv.getUint32(phys, true);
    if ((v & bits) !== bits) { this.track?.(phys >>> 12); this.dv.setUint32(phys, (v | bits) >>> 0, true); }
  }

  /**
   * The word the WebAssembly page walk reads (layout.ts SCR_WALK): it may
   * walk only with paging on and nothing to tell about an access
   * (no watchpoints, no write tracking); NXE and WP as walk() uses them.
   */
  walkWord(): number {
    return (this.paging && this.watch === null && this.track === null ? WALK_ON : 0) | (this.nxe ? WALK_NXE : 0) | (this.wp ? WALK_WP : 0);
  }

  /** Page walks done here (the wasm tiers do their plain ones themselves: x86-ir.ts addWalk); KMEMLAB_STATS, tests. */
  walks = 0;

  private walk(lin: number, acc: number, vpn: number, idx: number, size: number): number {
    this.walks++;
    const user = this.userShift !== 0;
    const u = lin < 0 ? lin + 281474976710656 : lin; // 48-bit unsigned
    let table = this.cr3 - (this.cr3 % 4096);
    let writable = true, userOk = true, nx = false;
    let frame = 0;
    let entryAddr = 0;
    let level = 4;
    for (;;) {
      const index = Math.floor(u / LEVEL_SPAN[level]!) & 511;
      entryAddr = table + index * 8;
      const lo = this.pte(entryAddr), hi = this.pteHi(entryAddr);
      if ((lo & PTE_P) === 0) this.pageFault(lin, acc, user, false);
      // Bit 63 (XD) is reserved while EFER.NXE = 0: a reserved-bit fault (P=1, RSVD=1).
      if ((hi & 0x80000000) !== 0 && !this.nxe) this.pageFault(lin, acc, user, true, true);
      if ((lo & PTE_RW) === 0) writable = false;
      if ((lo & PTE_US) === 0) userOk = false;
      if (this.nxe && (hi & 0x80000000) !== 0) nx = true;
      const base = (lo & 0xfffff000) >>> 0;
      const baseHi = hi & 0xfffff;
      if (level === 1 || ((level === 2 || level === 3) && (lo & PTE_PS) !== 0)) {
        // Leaf: check permissions, then set A (and D for writes).
        if (user && !userOk) this.pageFault(lin, acc, user, true);
        if (acc === ACC_WRITE && !writable && (user || this.wp)) this.pageFault(lin, acc, user, true);
        if (acc === ACC_EXEC && nx) this.pageFault(lin, acc, user, true);
        this.setBits(entryAddr, acc === ACC_WRITE ? PTE_A | PTE_D : PTE_A);
        const pageSize = LEVEL_SPAN[level]!;
        const leafBase = baseHi * TWO32 + base;
        const largeBase = leafBase - (leafBase % pageSize);
        frame = largeBase + (u % pageSize) - (u % 4096);
        break;
      }
      this.setBits(entryAddr, PTE_A);
      table = baseHi * TWO32 + base;
      level--;
    }
    if (acc === ACC_WRITE && this.track !== null && frame < this.ramSize) this.track(frame >>> 12);
    // A watched page: its data accesses are reported and never cached.
    if (this.watch !== null && acc !== ACC_EXEC && this.watch.pages.has(vpn)) {
      this.watch.access(lin, size, acc === ACC_WRITE);
      if (frame < TWO32) {
        const w = this.watchTlb.get(vpn);
        const bits = (1 << (acc + this.userShift)) | (acc === ACC_WRITE ? 1 << (ACC_READ + this.userShift) : 0);
        if (w !== undefined && w.frame === frame) w.perm |= bits; else this.watchTlb.set(vpn, { frame, perm: bits });
      }
      return frame + (lin & 0xfff);
    }
    // Frames at or above 4 GiB (no RAM there) are not cached: every access walks.
    if (frame >= TWO32) return frame + (lin & 0xfff);
    const lo = vpn | 0, hi = Math.floor(vpn / TWO32);
    if (this.tlbTag[2 * idx] !== lo || this.tlbTag[2 * idx + 1] !== hi) { this.tlbTag[2 * idx] = lo; this.tlbTag[2 * idx + 1] = hi; this.tlbPerm[idx] = 0; }
    this.tlbPhys[idx] = frame;
    // Record exactly what was proven: this access kind at this privilege.
    let perm = 1 << (acc + this.userShift);
    // A successful supervisor/user write also proves read at that privilege.
    if (acc === ACC_WRITE) perm |= 1 << (ACC_READ + this.userShift);
    this.tlbPerm[idx]! |= perm;
    return frame + (lin & 0xfff);
  }

  private pageFault(lin: number, acc: number, user: boolean, present: boolean, rsvd = false): never {
    this.cr2 = lin;
    let code = (present ? 1 : 0) | (rsvd ? 8 : 0);
    if (acc === ACC_WRITE) code |= 2;
    if (user) code |= 4;
    if (acc === ACC_EXEC && this.nxe) code |= 0x10;
    throw new CpuFault(14, code);
  }

  /* ---- physical accessors (no translation); outside RAM reads as ones, writes vanish ---- */

  physRead8(p: number): number { return p < this.ramSize ? this.mem[p]! : 0xff; }
  physRead32(p: number): number { return p + 4 <= this.ramSize ? this.dv.getUint32(p, true) : 0xffffffff; }
  physWrite8(p: number, v: number): void {
    if (p < this.ramSize) { this.track?.(p >>> 12); this.mem[p] = v; if (this.codePages[p >>> 12] !== 0) this.invalidateCode(p >>> 12); }
  }
  physWrite32(p: number, v: number): void {
    if (p + 4 <= this.ramSize) { this.track?.(p >>> 12); this.track?.((p + 3) >>> 12); this.dv.setUint32(p, v >>> 0, true); if (this.codePages[p >>> 12] !== 0) this.invalidateCode(p >>> 12); }
  }

  /* ---- linear accessors. 64-bit values return the low half; the high half is left in `hi`. ---- */

  hi = 0;

  rd8(lin: number): number {
    return this.physRead8(this.tr(lin, ACC_READ));
  }
  rd16(lin: number): number {
    if ((lin & 0xfff) > 0xffe) return this.rd8(lin) | (this.rd8(lin + 1) << 8);
    const p = this.tr(lin, ACC_READ, 2);
    return p + 2 <= this.ramSize ? this.dv.getUint16(p, true) : 0xffff;
  }
  rd32(lin: number): number {
    if ((lin & 0xfff) > 0xffc) return (this.rd16(lin) | (this.rd16(lin + 2) << 16)) >>> 0;
    return this.physRead32(this.tr(lin, ACC_READ, 4));
  }
  rd64(lin: number): number {
    if ((lin & 0xfff) > 0xff8) { const lo = this.rd32(lin); this.hi = this.rd32(lin + 4); return lo; }
    const p = this.tr(lin, ACC_READ, 8);
    if (p + 8 <= this.ramSize) { this.hi = this.dv.getUint32(p + 4, true); return this.dv.getUint32(p, true); }
    this.hi = 0xffffffff; return 0xffffffff;
  }

  /* Writes translate every page they touch before storing anything, so a
     faulting write leaves memory unchanged. A write that crosses a page
     boundary checks the first page, then the second at its first byte:
     CR2 is the lowest faulting address, as on hardware. */
  /**
   * Translate every page a write of `size` bytes at `lin` touches, storing
   * nothing: a read-modify-write instruction's first access. Hardware
   * translates its destination for writing before it reads it, so the fault
   * is the write's (#PF with W set, on a read-only page too) and comes before
   * anything changes (the host CPU, tests/cpufuzz/native.c: add, shl $0,
   * bts, xchg, cmpxchg, xadd on an unmapped page, error code 6; bt and cmp,
   * 4).
   */
  probeWrite(lin: number, size: number): void {
    if ((lin & 0xfff) > 0x1000 - size) this.probeSplitWrite(lin, size);
    else this.tr(lin, ACC_WRITE, size);
  }
  private probeSplitWrite(lin: number, size: number): void {
    const next = lin + size - 1;
    this.tr(lin, ACC_WRITE);
    this.tr(next - (next & 0xfff), ACC_WRITE);
  }
  wr8(lin: number, v: number): void {
    const p = this.tr(lin, ACC_WRITE);
    if (p < this.ramSize) { this.mem[p] = v; if (this.codePages[p >>> 12] !== 0) this.invalidateCode(p >>> 12); }
  }
  wr16(lin: number, v: number): void {
    if ((lin & 0xfff) > 0xffe) { this.probeSplitWrite(lin, 2); this.wr8(lin, v & 0xff); this.wr8(lin + 1, (v >>> 8) & 0xff); return; }
    const p = this.tr(lin, ACC_WRITE, 2);
    if (p + 2 <= this.ramSize) { this.dv.setUint16(p, v & 0xffff, true); if (this.codePages[p >>> 12] !== 0) this.invalidateCode(p >>> 12); }
  }
  wr32(lin: number, v: number): void {
    if ((lin & 0xfff) > 0xffc) { this.probeSplitWrite(lin, 4); this.wr16(lin, v & 0xffff); this.wr16(lin + 2, (v >>> 16) & 0xffff); return; }
    const p = this.tr(lin, ACC_WRITE, 4);
    if (p + 4 <= this.ramSize) { this.dv.setUint32(p, v >>> 0, true); if (this.codePages[p >>> 12] !== 0) this.invalidateCode(p >>> 12); }
  }
  wr64(lin: number, lo: number, hi: number): void {
    if ((lin & 0xfff) > 0xff8) { this.probeSplitWrite(lin, 8); this.wr32(lin, lo); this.wr32(lin + 4, hi); return; }
    const p = this.tr(lin, ACC_WRITE, 8);
    if (p + 8 <= this.ramSize) {
      this.dv.setUint32(p, lo >>> 0, true); this.dv.setUint32(p + 4, hi >>> 0, true);
      if (this.codePages[p >>> 12] !== 0) this.invalidateCode(p >>> 12);
    }
  }

  /**
   * Physical address of `lin` through the current page tables, or -1 when
   * it is not mapped (or not canonical): a debugger's look, which neither
   * faults, fills the TLB nor sets accessed bits.
   */
  probe(lin: number): number {
    if (!this.paging) return lin >= 0 && lin < TWO32 ? lin : -1;
    if (!(lin >= -140737488355328 && lin < 140737488355328)) return -1;
    const u = lin < 0 ? lin + 281474976710656 : lin;
    let table = this.cr3 - (this.cr3 % 4096);
    for (let level = 4; ; level--) {
      const entry = table + (Math.floor(u / LEVEL_SPAN[level]!) & 511) * 8;
      const lo = this.pte(entry), hi = this.pteHi(entry);
      if ((lo & PTE_P) === 0) return -1;
      const base = (hi & 0xfffff) * TWO32 + ((lo & 0xfffff000) >>> 0);
      if (level === 1 || ((level === 2 || level === 3) && (lo & PTE_PS) !== 0)) {
        const span = LEVEL_SPAN[level]!;
        return base - (base % span) + (u % span);
      }
      table = base;
    }
  }

  /** Copy bytes out of guest linear memory (host-side observers; may fault). */
  readBytes(lin: number, n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.rd8(lin + i);
    return out;
  }
}
