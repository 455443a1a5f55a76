/*
 * memcheck.ts: an exact memory-safety checker for the guest's slab heap
 * (`kmemlab boot --memcheck`), and its grading of the kernel's own
 * detectors (issue 17, "the memory-safety oracle").
 *
 * kmemlab sees every access the CPU makes. With --memcheck every page of
 * the direct map is watched (emulator/cpu/mmu.ts WatchHook: its data
 * accesses never hit the TLB, so every tier hands them to TypeScript),
 * and each access is classified from SLUB's own metadata read out of
 * guest memory, through `slab_layout` (guest-kernel/mm/slub.c): the
 * struct page of the frame (PG_slab; a tail page of a higher-order slab
 * names the same cache), the cache's layout (slot size, left red zone,
 * object size, red zone up to inuse, free pointer, tracks, padding), and
 * the slab's freelist (SLUB here has no per-cpu freelists: page->freelist
 * is every free object). An access is
 *  - fine when it lies inside an allocated object's object_size bytes,
 *    and inside what kmalloc was asked for where the kernel records it
 *    (KASAN's shadow: kmalloc(30) in kmalloc-32 leaves bytes 30 and 31
 *    out; 5.10's SLUB alone does not record the size);
 *  - slab-out-of-bounds when it touches a slot's red zones, metadata or
 *    padding, or the slab's tail: reported against the object of that
 *    slot, "N bytes to the left of" / "to the right of" it, as KASAN words
 *    it;
 *  - use-after-free when it lies inside a free object (its free track, who
 *    freed it and when, is read when the cache stores tracks).
 * Accesses the allocator and detectors make on purpose (SLUB debug
 * writing poison and red zones and checking them, kmemleak scanning,
 * the page allocator) are not the program's: a function defined in one of
 * `exempt` (the symbol names of mm/slub.o, mm/kmemleak.o... given by the
 * caller) is skipped, and the string functions (memset, memcpy...) are
 * judged by their caller (the return address above their frame pointer;
 * the frame chain is read through the page tables when the stack is a
 * vmalloc area, CONFIG_VMAP_STACK).
 *
 * Module globals are checked too: every page of the module area is
 * watched, and an access there is read against the module's own symbol
 * table in guest memory (the kept Elf64_Syms the loader copies, with
 * their sizes and section indices). A byte is out of bounds when no
 * symbol covers it and it lies between two sized variables of one
 * writable section (.data, .bss): alignment padding, or KASAN's red zone
 * where gcc adds one. It is reported against the nearer of the two ("N
 * bytes to the right of" the one before, or "to the left of" the one
 * after; a tie goes to the one before, whose red zone it is). Past a
 * section's last variable the section's end is not known here, so such
 * an access is not judged; nor are read-only data (switch tables have no
 * symbols) and stacks (their frames' layout is in DWARF only): a KASAN
 * report of one of those is listed as unchecked.
 *
 * When the machine stops, the findings (one per instruction, object and
 * kind, with a count) are graded against what the console shows: a SLUB
 * debug report ("BUG <cache> ... Redzone overwritten" with an INFO range
 * over the bad byte, "Poison overwritten"), a KASAN report ("BUG: KASAN:
 * ..." with "of size N at addr A"), or a UBSAN one; a finding no detector
 * reported is a miss, with the reason where it is known (SLUB debug never
 * sees reads; it checks a red zone only when the object is freed or
 * validated; KASAN is not in this kernel).
 */

import { hex, physicalMemory, type GuestMemory, type Sym } from "./oracle.ts";

const TWO32 = 4294967296;
const KERNEL_MAP = -2147483648;	// 0xffffffff80000000: __START_KERNEL_map, phys 0
const MODULES_VADDR = -1610612736;	// 0xffffffffa0000000
const MODULES_END = -16777216;	// 0xffffffffff000000
const STT_OBJECT = 1;
const ELF64_SYM = 24;
const LAYOUT_MAGIC = 0x54554f59414c434dn;	// "MCLAYOUT"
const LAYOUT_FIELDS = ["magic", "version", "nr", "page_size", "page_flags", "page_slab_cache", "page_freelist", "page_counters", "pg_slab",
  "cache_name", "cache_object_size", "cache_size", "cache_inuse", "cache_offset", "cache_red_left_pad", "cache_flags", "cache_order",
  "cache_objects", "cache_list", "flag_red_zone", "flag_poison", "flag_store_user", "track_size", "track_addr", "track_addrs",
  "track_addrs_count", "track_pid", "track_when", "mod_list", "mod_name", "mod_core_base", "mod_core_size", "mod_init_base",
  "mod_init_size", "mod_symtab", "mod_num_symtab", "mod_strtab", "cache_kasan_free_meta", "slab_caches", "mem_map", "max_pfn", "page_offset", "jiffies", "hz"] as const;
type Layout = Record<(typeof LAYOUT_FIELDS)[number], number>;
/** The string functions: an access made inside one is its caller's. */
const STRING_FUNCTIONS = new Set(["memset", "memcpy", "memmove", "memcmp", "strcpy", "strncpy", "strcat", "strlen", "strnlen",
  "strcmp", "strncmp", "strscpy", "strlcpy", "memchr", "strchr", "strrchr", "__memcpy", "__memset"]);

export class MemcheckError extends Error {}

interface Cache { addr: number; name: string; objectSize: number; size: number; inuse: number; offset: number; redLeft: number; flags: number; order: number; objects: number; freeMeta: number }

export type FindingKind = "slab-out-of-bounds" | "use-after-free" | "global-out-of-bounds";

/** A symbol of a loaded module (its kept Elf64_Sym). */
interface ModSym { name: string; value: number; size: number; shndx: number; object: boolean; writable: boolean }
/** A loaded module's symbols by address, and the largest end among each prefix (is a byte covered by any before it?). */
interface ModGlobals { name: string; syms: ModSym[]; maxEnd: number[] }

export interface Finding {
  kind: FindingKind; write: boolean; size: number; addr: number;
  /** The slab cache, or for a global the module's name. */
  cache: string; object: number; objectSize: number;
  /** A global's name (null on the heap). */
  variable: string | null;
  /** The size kmalloc was asked for, where the kernel records it and it is less than objectSize (else null). */
  requested: number | null;
  /** "3 bytes to the right of", "1 bytes to the left of", "8 bytes inside of" (KASAN's words) */
  where: string;
  /** The instruction (function+offset) and, inside a string function, its caller. */
  at: string;
  freedBy: string | null;
  count: number;
  /** Offsets in the slab of the access and of the object (SLUB debug's reports give offsets: its pointers are hashed). */
  slabOffset: number; objectOffset: number;
  /** How much console text there was when it happened (a report about it can only come later). */
  console: number;
}

export class Memcheck {
  private layout: Layout | null = null;
  private readonly caches = new Map<number, Cache | null>();
  private readonly findings = new Map<string, Finding>();
  private readonly dv: DataView;
  private readonly funcs: Sym[];
  /** KASAN's quarantine as last read, and what it was read at. */
  private readonly quarantine = new Set<number>();
  private quarantineKey = "";
  /** The kernel's half of the address space, for KASAN's shadow (its mapping is fixed once kasan_init has run). */
  private shadowMem: GuestMemory | null = null;
  /** The page tables of the access being checked (module code is read through them). */
  private cr3 = 0;
  /** Loaded modules' symbols, by module, core base and symbol table (a reloaded module is read again). */
  private readonly modules = new Map<string, ModGlobals>();
  /** The kernel's `modules` list head (its symbol's address), found once; null: no such symbol. */
  private modulesHead: number | null | undefined;
  accesses = 0;

  /**
   * ram: the guest's RAM; syms: the kernel's `nm -n` symbols; exempt:
   * names of the functions whose accesses (theirs and their callees') are
   * the allocator's or a detector's; exemptOwn: those whose own accesses
   * only are (the module loader); regs(): the CPU's instruction start and
   * rbp.
   */
  constructor(private readonly ram: Uint8Array, private readonly syms: Sym[], private readonly exempt: Set<string>, private readonly exemptOwn: Set<string>,
              private readonly regs: () => { rip: number; rbp: number; cr3: number; console: number }) {
    this.dv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
    this.funcs = syms.filter((s) => /^[tTwW]$/.test(s.type));
  }

  /** Linear page numbers to watch: the direct map and the module area (a Set only in name: has() is a range test). */
  pages(ramSize: number): Set<number> {
    const lo = Math.floor(this.pageOffset() / 4096), hi = lo + Math.ceil(ramSize / 4096);
    const mlo = MODULES_VADDR / 4096, mhi = MODULES_END / 4096;
    return new (class extends Set<number> { override has(v: number): boolean { return (v >= lo && v < hi) || (v >= mlo && v < mhi); } })();
  }

  private pageOffset(): number { return -0x778000000000; }	// 0xffff888000000000, checked against the layout when read

  /** A data access of size bytes at lin (a direct-map address), before it happens. */
  access(lin: number, size: number, write: boolean): void {
    // a word that named no cache may name one created since: forget the answers now and then
    if (++this.accesses % 65536 === 0) this.caches.clear();
    const L = this.layout ?? this.readLayout();
    if (L === null) return;
    if (lin >= MODULES_VADDR && lin < MODULES_END) { this.globalAccess(L, lin, size, write); return; }
    const phys = lin - L.page_offset;
    if (phys < 0 || phys >= this.ram.length) return;
    const slab = this.slabOf(L, Math.floor(phys / 4096));
    if (slab === null) return;
    const { cache: s, base, head } = slab;
    const off = phys - base, slot = Math.floor(off / s.size);
    const slotStart = base + slot * s.size;
    const objStart = slotStart + ((s.flags & L.flag_red_zone) !== 0 ? s.redLeft : 0);
    const inObject = phys >= objStart && phys + size <= objStart + s.objectSize;
    const onFreelist = slot < s.objects && this.isFree(L, head, s, objStart);
    const inQuarantine = slot < s.objects && !onFreelist && this.quarantined(L, objStart + L.page_offset);
    const free = onFreelist || inQuarantine;
    // inside the object: past what kmalloc was asked for, where the kernel records that (KASAN's shadow)
    if (inObject && !free && this.addressable(L, lin, size)) return;
    const requested = inObject && !free ? this.requestedSize(L, objStart + L.page_offset, s.objectSize) : s.objectSize;
    // an access is the program's unless the allocator or a detector made it
    const { console } = this.regs();
    const at = this.programAt(L);
    if (at === null) return;
    const kind: FindingKind = inObject && free ? "use-after-free" : "slab-out-of-bounds";
    const end = objStart + s.objectSize;
    const where = phys < objStart ? `${objStart - phys} bytes to the left of` : phys >= end ? `${phys - end} bytes to the right of` : `${phys - objStart} bytes inside of`;
    const object = objStart + L.page_offset;
    const key = `${kind} ${write} ${at} ${object}`;
    const old = this.findings.get(key);
    if (old !== undefined) { old.count++; return; }
    this.findings.set(key, {
      kind, write, size, addr: lin, cache: s.name, object, objectSize: s.objectSize, variable: null, requested: free ? null : requested, where, at, count: 1,
      slabOffset: phys - base, objectOffset: objStart - base, console,
      // SLUB's free track; a quarantined object's free is KASAN's, which SLUB has not seen yet
      freedBy: kind === "use-after-free" && onFreelist && (s.flags & L.flag_store_user) !== 0 ? this.freeTrack(L, s, objStart) : null,
    });
  }

  /**
   * Where the access being checked was made (fn+off, or a string function
   * and its caller), or null when the allocator or a detector made it (an
   * exempt function among its frames), or the module loader itself.
   */
  private programAt(L: Layout): string | null {
    const { rip, rbp, cr3 } = this.regs();
    this.cr3 = cr3;
    const frames = this.frames(L, rip, rbp);
    if (frames.some((f) => this.exempt.has(f.split("+")[0]!))) return null;
    const viaString = STRING_FUNCTIONS.has(frames[0]!.split("+")[0]!) && frames.length > 1;
    if (this.exemptOwn.has(frames[viaString ? 1 : 0]!.split("+")[0]!)) return null;
    return viaString ? `${frames[0]} called from ${frames[1]}` : frames[0]!;
  }

  /** An access in the module area: against the variables of the module holding it (see the header). */
  private globalAccess(L: Layout, lin: number, size: number, write: boolean): void {
    this.cr3 = this.regs().cr3;
    const mod = this.moduleGlobals(L, lin);
    if (mod === null) return;
    const { syms, maxEnd } = mod;
    for (let b = lin; b < lin + size; b++) {
      // the last symbol at or below b
      let lo = 0, hi = syms.length - 1, i = -1;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (syms[mid]!.value <= b) { i = mid; lo = mid + 1; } else hi = mid - 1; }
      if (i < 0 || maxEnd[i]! > b) continue;	// before every symbol, or inside one
      const p = syms[i]!;
      if (!p.object || !p.writable || p.size === 0) continue;
      const q = syms.slice(i + 1).find((t) => t.object && t.size > 0);
      if (q === undefined || q.shndx !== p.shndx) continue;	// past the section's last variable: its end is unknown
      const at = this.programAt(L);
      if (at === null) return;
      const right = b - (p.value + p.size), left = q.value - b;
      const v = right <= left ? p : q;
      const key = `global-out-of-bounds ${write} ${at} ${v.value}`;
      const old = this.findings.get(key);
      if (old !== undefined) { old.count++; return; }
      this.findings.set(key, {
        kind: "global-out-of-bounds", write, size, addr: lin, cache: mod.name, object: v.value, objectSize: v.size, variable: v.name,
        requested: null, where: v === p ? `${right} bytes to the right of` : `${left} bytes to the left of`, at, count: 1,
        slabOffset: -1, objectOffset: -1, console: this.regs().console, freedBy: null,
      });
      return;
    }
  }

  /** The symbols of the loaded module whose core holds lin, or null (read once per load of a module). */
  private moduleGlobals(L: Layout, lin: number): ModGlobals | null {
    const m = physicalMemory(this.ram, this.cr3);
    const at = this.loadedModule(L, m, lin);
    if (at === null || lin < at.core || lin >= at.core + at.coreSize) return null;
    const { mod, core, coreSize, symtab, strtab, num } = at;
    const key = `${mod} ${core} ${symtab} ${num}`;
    const hit = this.modules.get(key);
    if (hit !== undefined) return hit;
    const syms: ModSym[] = [];
    for (let i = 1; i < num && i < 65536; i++) {
      const e = m.read(symtab + ELF64_SYM * i, ELF64_SYM);
      if (e === null) continue;
      const d = new DataView(e.buffer, e.byteOffset, ELF64_SYM);
      const value = d.getUint32(8, true) + d.getInt32(12, true) * TWO32, size = d.getUint32(16, true);
      if (value < core || value >= core + coreSize) continue;
      // st_other holds the type letter the loader gives it (kallsyms' 'd', 'b'...)
      const letter = String.fromCharCode(e[5]!);
      syms.push({ name: cString(m, strtab + d.getUint32(0, true)), value, size, shndx: d.getUint16(6, true),
        object: (e[4]! & 0xf) === STT_OBJECT, writable: /[dDbB]/.test(letter) });
    }
    syms.sort((a, b) => a.value - b.value);
    const maxEnd: number[] = [];
    syms.forEach((s, i) => maxEnd.push(Math.max(i > 0 ? maxEnd[i - 1]! : -Infinity, s.value + s.size)));
    const g = { name: cString(m, mod + L.mod_name), syms, maxEnd };
    this.modules.set(key, g);
    return g;
  }

  /**
   * The loaded module whose core or init layout holds a (walking the
   * kernel's `modules` list through m, as module_address_lookup), with
   * its layouts and kept symbol table; null if none or unreadable.
   */
  private loadedModule(L: Layout, m: GuestMemory, a: number): { mod: number; core: number; coreSize: number; init: number; initSize: number;
    symtab: number; strtab: number; num: number } | null {
    if (this.modulesHead === undefined) this.modulesHead = this.syms.find((s) => s.name === "modules" && /[bBdD]/.test(s.type))?.addr ?? null;
    const head = this.modulesHead;
    if (head === null) return null;
    const within = (base: number, size: number) => a >= base && a < base + size;
    for (let p = readAddr(m, head), n = 0; p !== null && p !== head && n < 1024; p = readAddr(m, p), n++) {
      const mod = p - L.mod_list;
      const core = readAddr(m, mod + L.mod_core_base), coreSize = readU(m, mod + L.mod_core_size, 4);
      const init = readAddr(m, mod + L.mod_init_base), initSize = readU(m, mod + L.mod_init_size, 4);
      if (core === null || coreSize === null || init === null || initSize === null) return null;
      if (!within(core, coreSize) && !within(init, initSize)) continue;
      const symtab = readAddr(m, mod + L.mod_symtab), strtab = readAddr(m, mod + L.mod_strtab), num = readU(m, mod + L.mod_num_symtab, 4);
      if (symtab === null || strtab === null || num === null) return null;
      return { mod, core, coreSize, init, initSize, symtab, strtab, num };
    }
    return null;
  }

  /** The findings so far, in the order they were first seen. */
  list(): Finding[] { return [...this.findings.values()]; }

  /** The report: the findings, each graded against the detectors' reports in the console text. */
  /** console: the console text since position base (what came before it was dropped). */
  report(console: string, kasan: boolean, base = 0): string[] {
    const found = this.list();
    const out = [`memcheck: ${this.accesses} heap and module-data accesses checked; ${found.length} invalid access${found.length === 1 ? "" : "es"}`];
    const slub = slubReports(console, base), kasanR = kasanReports(console, base);
    const kasanUsed = new Set<number>();
    let caught = 0;
    for (const f of found) {
      const last = f.addr + f.size - 1;
      // KASAN reports before the access happens (its check precedes it): each report matches one finding, in order
      const k = kasanR.findIndex((r, i) => !kasanUsed.has(i) && r.write === f.write && r.addr >= f.addr && r.addr <= last);
      if (k >= 0) kasanUsed.add(k);
      const byKasan = k >= 0;
      // SLUB debug finds what was written (a changed red zone or poison), later, by the object's offset in its slab
      const bySlub = f.write && f.kind !== "global-out-of-bounds" && slub.some((r) => r.at >= f.console && r.cache === f.cache &&
        (f.kind === "use-after-free") === r.what.startsWith("Poison") &&
        (r.object === f.objectOffset || (r.first >= f.slabOffset && r.first < f.slabOffset + f.size)));
      const by = [byKasan ? "KASAN" : "", bySlub ? "SLUB debug" : ""].filter((x) => x);
      if (by.length) caught++;
      out.push(`memcheck: ${f.kind}: ${f.write ? "Write" : "Read"} of size ${f.size} at addr ${hex(f.addr).slice(2)} by ${f.at}` + (f.count > 1 ? ` (${f.count} times)` : ""));
      out.push(f.variable !== null ? `memcheck:   ${f.where} the ${f.objectSize}-byte global variable ${f.variable} at ${hex(f.object).slice(2)} [${f.cache}]` :
        `memcheck:   ${f.where} the ${f.objectSize}-byte object at ${hex(f.object).slice(2)} in ${f.cache}` + (f.requested !== null && f.requested < f.objectSize ? ` (${f.requested} bytes requested)` : "") + (f.freedBy ? `, freed by ${f.freedBy}` : ""));
      out.push(`memcheck:   ${by.length ? `reported by ${by.join(" and ")}` : `missed: ${missReason(f, kasan)}`}`);
    }
    if (found.length) out.push(`memcheck: the detectors reported ${caught} of ${found.length}`);
    // KASAN's reports of accesses found invalid here were matched above; the others are memory not checked here, or disagreements
    kasanR.forEach((r, i) => {
      if (kasanUsed.has(i)) return;
      const what = `memcheck: KASAN's ${r.kind} report (${r.write ? "Write" : "Read"} of size ${r.size} at addr ${hex(r.addr).slice(2)})`;
      const inModules = r.addr >= MODULES_VADDR && r.addr < MODULES_END;
      out.push(UNCHECKED_KINDS.has(r.kind) || (r.kind === "global-out-of-bounds" && !inModules) ? `${what}: not checked here (stacks and read-only or kernel-image data are not watched)` :
        `${what}: no invalid access found there`);
    });
    return out;
  }

  private readLayout(): Layout | null {
    const sym = this.syms.find((s) => s.name === "memcheck_layout");
    if (sym === undefined) throw new MemcheckError("this kernel has no memcheck_layout symbol");
    const pa = this.kernelPhys(sym.addr);
    if (pa < 0 || pa + 24 > this.ram.length) return null;
    if (this.dv.getBigUint64(pa, true) !== LAYOUT_MAGIC) return null;	// not initialised yet (before the kernel is loaded)
    const nr = Number(this.dv.getBigUint64(pa + 16, true));
    if (nr !== LAYOUT_FIELDS.length) throw new MemcheckError(`memcheck_layout has ${nr} entries, this kmemlab reads ${LAYOUT_FIELDS.length}`);
    const L = {} as Layout;
    LAYOUT_FIELDS.forEach((f, i) => { L[f] = Number(BigInt.asIntN(64, this.dv.getBigUint64(pa + 8 * i, true))); });
    if (L.page_offset !== this.pageOffset()) throw new MemcheckError(`the kernel's PAGE_OFFSET is ${hex(L.page_offset)}`);
    this.layout = L;
    return L;
  }

  /** Physical address of a kernel-image or direct-map address, or -1. */
  private kernelPhys(va: number): number {
    if (va >= KERNEL_MAP && va < 0) return va - KERNEL_MAP;
    const pa = va - this.pageOffset();
    return pa >= 0 && pa < this.ram.length ? pa : -1;
  }

  private read64(L: Layout, va: number): number | null {
    void L;
    const pa = this.kernelPhys(va);
    if (pa < 0 || pa + 8 > this.ram.length) return null;
    return this.dv.getUint32(pa, true) + this.dv.getInt32(pa + 4, true) * TWO32;
  }

  private read32(va: number): number {
    const pa = this.kernelPhys(va);
    return pa < 0 || pa + 4 > this.ram.length ? 0 : this.dv.getUint32(pa, true);
  }

  /** The slab holding frame pfn: its cache, its first byte (physical), its head page's descriptor; or null. */
  private slabOf(L: Layout, pfn: number): { cache: Cache; base: number; head: number } | null {
    const memMap = this.read64(L, L.mem_map);
    if (memMap === null) return null;
    const desc = (p: number) => memMap + p * L.page_size;
    const cacheAt = this.read64(L, desc(pfn) + L.page_slab_cache);
    if (cacheAt === null) return null;
    const s = this.cache(L, cacheAt);
    if (s === null) return null;
    for (let k = 0; k < 1 << s.order && pfn - k >= 0; k++) {
      const d = desc(pfn - k);
      // the low word: page flags keep zone bits at the top, beyond a double's precision
      const flags = this.read32(d + L.page_flags);
      if (this.read64(L, d + L.page_slab_cache) !== cacheAt) return null;
      if (((flags >>> L.pg_slab) & 1) === 1) return { cache: s, base: (pfn - k) * 4096, head: d };
    }
    return null;
  }

  /** The cache at va if it is one of slab_caches' (null otherwise: the word was a page's other union member). */
  private cache(L: Layout, va: number): Cache | null {
    if (va === 0) return null;
    const hit = this.caches.get(va);
    if (hit !== undefined) return hit;
    // read the list (caches are created at run time, so misses are forgotten every so often below)
    const head = L.slab_caches;
    let found: Cache | null = null;
    for (let p = this.read64(L, head), n = 0; p !== null && p !== head && n < 4096; p = this.read64(L, p), n++) {
      const c = p - L.cache_list;
      if (c === va) found = this.readCache(L, c);
    }
    this.caches.set(va, found);
    return found;
  }

  private readCache(L: Layout, c: number): Cache {
    const namePtr = this.read64(L, c + L.cache_name) ?? 0;
    let name = "";
    for (let i = 0; i < 64; i++) {
      const pa = this.kernelPhys(namePtr + i);
      if (pa < 0 || this.ram[pa] === 0) break;
      name += String.fromCharCode(this.ram[pa]!);
    }
    return {
      addr: c, name, objectSize: this.read32(c + L.cache_object_size), size: this.read32(c + L.cache_size),
      inuse: this.read32(c + L.cache_inuse), offset: this.read32(c + L.cache_offset), redLeft: this.read32(c + L.cache_red_left_pad),
      flags: this.read32(c + L.cache_flags), order: this.read32(c + L.cache_order), objects: this.read32(c + L.cache_objects),
      freeMeta: L.cache_kasan_free_meta < 0 ? 0 : this.dv.getInt32(this.kernelPhys(c + L.cache_kasan_free_meta), true),
    };
  }

  /**
   * Whether the object at va waits in KASAN's quarantine (freed, not yet
   * given back to SLUB): the queue is read again whenever its head, tail
   * or byte count changed.
   */
  private quarantined(L: Layout, va: number): boolean {
    if (L.cache_kasan_free_meta < 0) return false;
    const q = this.syms.find((s) => s.name === "global_quarantine");
    if (q === undefined) return false;
    const key = `${this.read64(L, q.addr)} ${this.read64(L, q.addr + 8)} ${this.read64(L, q.addr + 16)}`;
    if (key !== this.quarantineKey) {
      this.quarantineKey = key;
      this.quarantine.clear();
      for (let link = this.read64(L, q.addr), n = 0; link !== null && link !== 0 && n < 1 << 20; link = this.read64(L, link), n++) {
        const slab = this.slabOf(L, Math.floor((link - L.page_offset) / 4096));
        if (slab !== null) this.quarantine.add(link - slab.cache.freeMeta);
      }
    }
    return this.quarantine.has(va);
  }

  /**
   * How many bytes of the allocated object at va were asked for. 5.10's
   * SLUB does not record it (orig_size came in 6.2), so without KASAN it
   * is object_size; KASAN's kmalloc hook records it in the shadow, byte
   * exact (00 for 8 addressable bytes, 1-7 for the first k of a granule,
   * its redzone value after), which is read here through the page tables.
   */
  private requestedSize(L: Layout, va: number, objectSize: number): number {
    if (L.cache_kasan_free_meta < 0) return objectSize;
    const granules = Math.ceil(objectSize / 8);
    const sh = this.shadow(va, granules);
    if (sh === null) return objectSize;
    let n = 0;
    for (let i = 0; i < granules; i++) {
      const b = sh[i]!;
      if (b === 0) { n += 8; continue; }
      if (b < 8) n += b;
      break;
    }
    return Math.min(n, objectSize);
  }

  /** Whether the size bytes at va lie within what was requested (always, without KASAN): the shadow of those bytes only. */
  private addressable(L: Layout, va: number, size: number): boolean {
    if (L.cache_kasan_free_meta < 0) return true;
    const first = Math.floor(va / 8), last = Math.floor((va + size - 1) / 8);
    const sh = this.shadow(va, last - first + 1);
    if (sh === null) return true;
    for (let a = va; a < va + size; a++) {
      const b = sh[Math.floor(a / 8) - first]!;
      if (b !== 0 && !(b < 8 && (((a % 8) + 8) % 8) < b)) return false;
    }
    return true;
  }

  /** n shadow bytes from the one of va (null where unmapped). */
  private shadow(va: number, n: number): Uint8Array | null {
    this.shadowMem ??= physicalMemory(this.ram, this.regs().cr3);
    return this.shadowMem.read(shadowOf(va), n);
  }

  /** Whether the object at physical objStart is on its slab's freelist. */
  private isFree(L: Layout, head: number, s: Cache, objStart: number): boolean {
    const target = objStart + L.page_offset;
    let fp = this.read64(L, head + L.page_freelist);
    for (let n = 0; fp !== null && fp !== 0 && n <= s.objects; n++) {
      if (fp === target) return true;
      fp = this.read64(L, fp + s.offset);
    }
    return false;
  }

  /** "fn+0x../0x.. by pid N" from the object's free track. */
  private freeTrack(L: Layout, s: Cache, objStart: number): string | null {
    const infoEnd = s.offset >= s.inuse ? s.inuse + 8 : s.inuse;
    const t = objStart + L.page_offset + infoEnd + L.track_size;	// TRACK_FREE follows TRACK_ALLOC
    const addr = this.read64(L, t + L.track_addr);
    if (!addr) return null;
    return `${this.symbolize(addr)} (pid ${this.read32(t + L.track_pid)})`;
  }

  /** The module symbol at a (its loaded symbol table, as the kernel's module_address_lookup), or null. */
  private moduleSymbol(a: number): string | null {
    const L = this.layout;
    if (L === null) return null;
    const m = physicalMemory(this.ram, this.cr3);
    const at = this.loadedModule(L, m, a);
    if (at === null) return null;
    const { mod, core, coreSize, init, initSize, symtab, strtab, num } = at;
    const [lo, size] = a >= init && a < init + initSize ? [init, initSize] : [core, coreSize];
    let best = -1, bestVal = 0, next = lo + size;
    for (let i = 1; i < num && i < 65536; i++) {
      const v = readAddr(m, symtab + 24 * i + 8);
      if (v === null || v < lo || v >= lo + size) continue;	// symbols of the layout holding a
      const nameAt = readU(m, symtab + 24 * i, 4);
      if (!nameAt || !readU(m, strtab + nameAt, 1)) continue;	// unnamed (sections): skipped, as the kernel does
      if (v <= a && (best < 0 || v > bestVal)) { best = i; bestVal = v; }
      if (v > a && v < next) next = v;
    }
    const modName = cString(m, mod + L.mod_name);
    if (best < 0) return `${hex(a)} [${modName}]`;
    const nameAt = readU(m, symtab + 24 * best, 4);
    const name = nameAt === null ? "?" : cString(m, strtab + nameAt);
    return `${name}+0x${(a - bestVal).toString(16)}/0x${(next - bestVal).toString(16)} [${modName}]`;
  }

  /** The function at rip and its callers (frame pointers), symbolized, at most 8. */
  private frames(L: Layout, rip: number, rbp: number): string[] {
    const out = [this.symbolize(rip)];
    // a task's stack is a vmalloc area (CONFIG_VMAP_STACK): its words are read through the page tables
    let paged: GuestMemory | null = null;
    const word = (va: number): number | null => {
      if (this.kernelPhys(va) >= 0) return this.read64(L, va);
      paged ??= physicalMemory(this.ram, this.cr3);
      const b = paged.read(va, 8);
      if (b === null) return null;
      const dv = new DataView(b.buffer, b.byteOffset, 8);
      return dv.getUint32(0, true) + dv.getInt32(4, true) * TWO32;
    };
    for (let fp = rbp, n = 0; n < 7; n++) {
      const ret = word(fp + 8), next = word(fp);
      if (ret === null || next === null || ret >= 0 || ret < KERNEL_MAP) break;	// not a kernel text address: the chain ends
      out.push(this.symbolize(ret));
      if (next <= fp) break;
      fp = next;
    }
    return out;
  }

  /** fn+0xoff/0xsize for a kernel text address, "fn+0xoff/0xsize [mod]" in a module (as %pS), else its hex. */
  private symbolize(a: number): string {
    if (a >= MODULES_VADDR && a < 0) return this.moduleSymbol(a) ?? hex(a);
    const f = this.funcs;
    let lo = 0, hi = f.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (f[mid]!.addr <= a) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (best < 0) return hex(a);
    const s = f[best]!, next = f[best + 1];
    if (next === undefined) return hex(a);
    const size = next.addr - s.addr;
    return `${s.name}+0x${(a - s.addr).toString(16)}/0x${size.toString(16)}`;
  }
}

/** A little-endian unsigned value of n bytes (n <= 8) at va, or null. */
function readU(m: GuestMemory, va: number, n: number): number | null {
  const b = m.read(va, n);
  if (b === null) return null;
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[i]!;
  return v;
}

/** The NUL-terminated string at va (at most 64 bytes). */
function cString(m: GuestMemory, va: number): string {
  let out = "";
  for (let i = 0; i < 64; i++) {
    const c = readU(m, va + i, 1);
    if (c === null || c === 0) break;
    out += String.fromCharCode(c);
  }
  return out;
}

/** A signed 64-bit value (an address) at va, or null. */
function readAddr(m: GuestMemory, va: number): number | null {
  const lo = readU(m, va, 4), hi = readU(m, va + 4, 4);
  return lo === null || hi === null ? null : lo + (hi | 0) * TWO32;
}

/** Why no detector reported a finding, where that is known. */
function missReason(f: Finding, kasan: boolean): string {
  const k = kasan ? "; KASAN did not report it (code built without KASAN, or an earlier report without kasan_multi_shot)" : "; KASAN is not in this kernel";
  if (f.kind === "global-out-of-bounds") return `SLUB debug watches only the slab heap${k}`;
  if (!f.write && f.where.endsWith("inside of")) return `a read past the ${f.requested} bytes requested, inside the object: SLUB debug sees neither${k}`;
  if (!f.write) return `a read changes nothing, and SLUB debug checks red zones and poison for changes (at free and validate)${k}`;
  if (f.kind === "use-after-free") return `a write to a free object: SLUB debug sees the poison changed only when the object is allocated again or validated${k}`;
  if (f.where.endsWith("inside of")) return `past the ${f.requested} bytes requested but inside the object: 5.10's SLUB debug does not guard kmalloc's tail (6.2's orig_size does)${k}`;
  return `SLUB debug checks a red zone when the object is freed or the cache validated: neither happened since${k}`;
}

interface SlubReport { cache: string; what: string; first: number; object: number; at: number }

/**
 * SLUB debug's reports: "BUG <cache> (...): <what>", then "INFO: 0xA-0xB
 * @offset=N." (the first byte that changed, from the slab's start) and
 * "INFO: Object 0xP @offset=M" (the object); its pointers are hashed, so
 * the offsets are what locate it.
 */
export function slubReports(text: string, base = 0): SlubReport[] {
  const out: SlubReport[] = [];
  const raw = text.split("\n"), lines = raw.map((l) => l.replace(/\r/g, ""));
  let at = base;
  lines.forEach((l, i) => {
    at += raw[i]!.length + 1;
    const m = /BUG (\S+) \([^)]*\): (.*)$/.exec(l);
    if (!m) return;
    let first = -1, object = -1;
    for (const n of lines.slice(i + 1, i + 80)) {	// the tracks' stacks come between
      if (/BUG \S+ \(/.test(n)) break;
      const r = /INFO: 0x[0-9a-f]+-0x[0-9a-f]+ @offset=(\d+)\./.exec(n);
      if (r) first = Number(r[1]);
      const o = /INFO: Object 0x[0-9a-f]+ @offset=(\d+)/.exec(n);
      if (o) object = Number(o[1]);
    }
    out.push({ cache: m[1]!, what: m[2]!.trim(), first, object, at });
  });
  return out;
}

/** KASAN's kinds of report about memory memcheck does not watch. */
const UNCHECKED_KINDS = new Set(["stack-out-of-bounds", "stack-use-after-return", "stack-use-after-scope", "vmalloc-out-of-bounds"]);

/** KASAN's reports: the kind ("BUG: KASAN: <kind> in ...") and access of each "Read|Write of size N at addr A". */
export function kasanReports(text: string, base = 0): { kind: string; addr: number; size: number; write: boolean; at: number }[] {
  return [...text.matchAll(/BUG: KASAN: (\S+) in [^\n]*\n[^\n]*?(Read|Write) of size (\d+) at addr ([0-9a-f]{16})/g)]
    .map((m) => ({ kind: m[1]!, addr: signed(m[4]!), size: Number(m[3]), write: m[2] === "Write", at: base + m.index }));
}

/** KASAN's shadow byte of a kernel address: (addr >> 3) + KASAN_SHADOW_OFFSET (0xdffffc0000000000). */
function shadowOf(va: number): number {
  return Number(BigInt.asIntN(64, (BigInt.asUintN(64, BigInt(va)) >> 3n) + 0xdffffc0000000000n));
}

function signed(h: string): number {
  const v = BigInt("0x" + h);
  return Number(v >= 1n << 63n ? v - (1n << 64n) : v);
}
