/*
 * oracle.ts: an exact leak oracle for the guest's kmemleak ("an oracle
 * beyond Linux", issue 7).
 *
 * After a workload, with the machine stopped and its RAM intact, the
 * oracle reads kmemleak's own metadata out of guest memory and decides,
 * for every object kmemleak tracks, whether it is really reachable; then
 * it grades kmemleak's answer (what `cat /sys/kernel/debug/kmemleak` would
 * show) against that: true positive, false positive (reported but
 * reachable: the chain from a root is given), false negative (unreachable
 * but not reported: the reason is given).
 *
 * Inputs, and nothing else: a reader of guest kernel virtual memory and
 * the kernel's symbol table (`nm -n vmlinux`). The kernel exports
 * `kmemleak_layout` (guest-kernel/mm/kmemleak.c), a table of unsigned
 * longs with the offsets of the metadata fields and the addresses of
 * kmemleak's globals, so no debug info is needed.
 *
 * The reachability rules are kmemleak's (kmemleak.md Part B §4), made
 * exact:
 *  - Objects: the allocated entries of object_list (a freed object may
 *    linger on the list while a walker holds it: ignored). A reference is
 *    any 8-byte-aligned word pointing anywhere inside another object
 *    (interior pointers count; self-references do not).
 *  - min_count: 0 is a root (always grey, scanned, never a leak); -1
 *    (black) is neither scanned nor graded; an object turns grey when it
 *    has min_count references from grey objects or roots. A reference to
 *    an object already grey passes to its excess_ref object (a vm_struct
 *    credits its vmalloc area, whose min_count is 2 because vm_struct->addr
 *    is one reference that does not count). NO_SCAN objects and scan
 *    areas are honoured: they are declarations, not heuristics.
 *  - Roots, exactly: the min_count-0 objects (.data, .bss, percpu,
 *    not_leak...) minus kmemleak's own state (mem_pool's metadata, and
 *    min_addr, which holds the start of the lowest tracked block) and
 *    minus the idle task's stack that sits in .data (and a vmalloc'd task
 *    stack, CONFIG_VMAP_STACK, is a tracked block never scanned whole:
 *    only its live part, below); the descriptors of
 *    the pages in use (mem_map's free descriptors are not scanned); the
 *    live part of every task's kernel stack, from its saved stack pointer
 *    (task_struct.thread.sp; the CPU's rsp for the task running at
 *    power-off) to the top; and the CPU's general registers.
 *  - No checksum or age rules: the oracle grades the state of memory at
 *    power-off, not at the last scan.
 * A second pass with kmemleak's own, inexact roots (whole stacks, mem_pool
 * and min_addr included, every descriptor of mem_map) explains false negatives: the
 * stale word that kept an object alive is named.
 *
 * Addresses are numbers holding the signed canonical value (as the CPU
 * emulator's linear addresses), exact in a double; printed as 64-bit hex.
 */

/** Reads guest kernel virtual memory; null if some byte is not mapped. */
export interface GuestMemory {
  read(va: number, len: number): Uint8Array | null;
}

export interface Sym { addr: number; type: string; name: string }

/** What the CPU held at power-off (optional root). */
export interface CpuSnapshot { rsp: number; regs: { name: string; value: number }[] }

export type Verdict = "true-positive" | "false-positive" | "false-negative";

export interface GradedObject {
  addr: number; size: number; verdict: Verdict; reason: string;
  comm: string; pid: number; minCount: number; count: number; from: string;
  /** kmemleak's colour of it from its count and min_count (at the last scan): white, grey, or black (min_count -1, never reported). */
  colour: Colour;
  /** The reference chain that keeps it alive (the exact one; for a false negative, kmemleak's when it has one), or null: no path from any root. */
  path: RefPath | null;
  /** The other graded or listed objects it points into (for the reference graph). */
  refs: number[];
}

export type Colour = "white" | "grey" | "black";

/** A chain from a root: the root's description, then each object on the way (its address, colour and the referencing word). */
export interface RefPath { root: string; hops: Array<{ addr: number; at: number; colour: Colour }> }

export interface OracleReport {
  tracked: number; allocated: number; candidates: number; ignored: number;
  reported: number; unreachable: number;
  truePositives: number; falsePositives: number; falseNegatives: number; trueNegatives: number;
  objects: GradedObject[];
  /** The reachable, unreported objects allocated by the pids of the graded ones (verdict "true-negative"), for the reference graph. */
  neighbours: Array<Omit<GradedObject, "verdict"> & { verdict: "true-negative" }>;
  notes: string[];
}

export class OracleError extends Error {}

const TWO32 = 4294967296;
const TWO48 = 281474976710656;

/** A 64-bit word (lo, hi halves) as a canonical signed number. */
export function u64ToAddr(lo: number, hi: number): number {
  return hi >= 0x80000000 ? (hi - TWO32) * TWO32 + lo : hi * TWO32 + lo;
}

export function hex(a: number): string {
  const v = a < 0 ? BigInt(a) + (1n << 64n) : BigInt(a);
  return "0x" + v.toString(16).padStart(16, "0");
}

/** `nm -n` output to a sorted symbol table. */
export function parseNm(text: string): Sym[] {
  const out: Sym[] = [];
  for (const line of text.split("\n")) {
    const m = /^([0-9a-fA-F]{16}) (\S) (\S+)$/.exec(line.trim());
    if (!m) continue;
    const v = BigInt("0x" + m[1]);
    const addr = Number(v >= 1n << 63n ? v - (1n << 64n) : v);
    out.push({ addr, type: m[2]!, name: m[3]! });
  }
  out.sort((a, b) => a.addr - b.addr);
  return out;
}

/**
 * Guest memory from physical RAM and a page-table root (CR3): a read-only
 * 4-level walk (2 MiB and 1 GiB pages included) that sets no accessed bits.
 */
export function physicalMemory(ram: Uint8Array, cr3: number): GuestMemory {
  const dv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  const cache = new Map<number, number>();
  /** A present entry's (next table or frame base, large-page bit), or null. */
  const entry = (p: number): [number, boolean] | null => {
    if (p < 0 || p + 8 > ram.length) return null;
    const lo = dv.getUint32(p, true), hi = dv.getUint32(p + 4, true);
    if (!(lo & 1)) return null;
    return [(hi & 0xfffff) * TWO32 + ((lo & 0xfffff000) >>> 0), (lo & 0x80) !== 0];
  };
  const translatePage = (vpage: number): number => {
    const hit = cache.get(vpage);
    if (hit !== undefined) return hit;
    const va = vpage * 4096;
    const u = va < 0 ? va + TWO48 : va;
    const idx = (shift: number) => Math.floor(u / 2 ** shift) % 512;
    let res = -1;
    const l4 = entry(cr3 - (cr3 % 4096) + idx(39) * 8);
    const l3 = l4 && entry(l4[0] + idx(30) * 8);
    if (l3 && l3[1]) res = l3[0] - (l3[0] % 2 ** 30) + (u % 2 ** 30) - (u % 4096);
    else {
      const l2 = l3 && entry(l3[0] + idx(21) * 8);
      if (l2 && l2[1]) res = l2[0] - (l2[0] % 2 ** 21) + (u % 2 ** 21) - (u % 4096);
      else {
        const l1 = l2 && entry(l2[0] + idx(12) * 8);
        if (l1) res = l1[0];
      }
    }
    if (res + 4096 > ram.length) res = -1;
    cache.set(vpage, res);
    return res;
  };
  return {
    read(va: number, len: number): Uint8Array | null {
      const out = new Uint8Array(len);
      let done = 0;
      while (done < len) {
        const a = va + done;
        const vpage = Math.floor(a / 4096);
        const off = a - vpage * 4096;
        const phys = translatePage(vpage);
        if (phys < 0) return null;
        const n = Math.min(len - done, 4096 - off);
        out.set(ram.subarray(phys + off, phys + off + n), done);
        done += n;
      }
      return out;
    },
  };
}

/* ---------------- the layout table ---------------- */

const LAYOUT_MAGIC = 0x54554f59414c4b4dn; // "MKLAYOUT"
const LAYOUT_FIELDS = [
  "magic", "version", "nr",
  "obj_size", "obj_flags", "obj_object_list", "obj_pointer", "obj_size_field",
  "obj_excess_ref", "obj_min_count", "obj_count", "obj_checksum", "obj_area_list",
  "obj_trace", "obj_trace_len", "obj_jiffies", "obj_pid", "obj_comm", "obj_use_count",
  "obj_in_tree",
  "area_node", "area_start", "area_size",
  "flag_allocated", "flag_reported", "flag_no_scan", "flag_full_scan",
  "max_trace", "msecs_min_age", "hz", "task_comm_len",
  "task_size", "task_sp", "task_stack", "task_pid", "task_comm", "task_tasks", "thread_size",
  "page_size", "page_refcount",
  "object_list", "mem_pool", "mem_pool_bytes", "min_addr", "max_addr",
  "jiffies_last_scan", "jiffies_min_age", "jiffies", "kmemleak_enabled",
  "kmemleak_initialized", "kmemleak_error", "kmemleak_stack_scan",
  "task_list_head", "current_task", "mem_map", "max_pfn", "sdata", "edata",
  "bss_start", "bss_stop", "init_task", "init_thread_union", "page_offset",
] as const;
type Layout = Record<(typeof LAYOUT_FIELDS)[number], number>;

/** Little helper over GuestMemory for fixed-size fields. */
class Mem {
  constructor(readonly m: GuestMemory) {}
  bytes(va: number, len: number): Uint8Array {
    const b = this.m.read(va, len);
    if (!b) throw new OracleError(`guest address ${hex(va)} (+${len}) is not mapped`);
    return b;
  }
  u64(va: number): number {
    const b = this.bytes(va, 8);
    const dv = new DataView(b.buffer, b.byteOffset, 8);
    return u64ToAddr(dv.getUint32(0, true), dv.getUint32(4, true));
  }
  u32(va: number): number { const b = this.bytes(va, 4); return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true); }
  i32(va: number): number { const b = this.bytes(va, 4); return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true); }
  str(va: number, max: number): string {
    const b = this.bytes(va, max);
    const z = b.indexOf(0);
    return String.fromCharCode(...b.subarray(0, z < 0 ? max : z));
  }
}

function readLayout(mem: Mem, syms: Sym[]): Layout {
  const s = syms.find((x) => x.name === "kmemleak_layout");
  if (!s) throw new OracleError("the kernel has no kmemleak_layout symbol (built without CONFIG_DEBUG_KMEMLEAK?)");
  const b = mem.bytes(s.addr, LAYOUT_FIELDS.length * 8);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getBigUint64(0, true) !== LAYOUT_MAGIC) throw new OracleError("kmemleak_layout: bad magic");
  const l = {} as Layout;
  LAYOUT_FIELDS.forEach((f, i) => { l[f] = u64ToAddr(dv.getUint32(i * 8, true), dv.getUint32(i * 8 + 4, true)); });
  if (l.version !== 1 || l.nr !== LAYOUT_FIELDS.length)
    throw new OracleError(`kmemleak_layout: version ${l.version} with ${l.nr} fields; this oracle reads version 1 with ${LAYOUT_FIELDS.length}`);
  return l;
}

/* ---------------- guest state ---------------- */

interface KObj {
  meta: number; addr: number; size: number; end: number; flags: number;
  minCount: number; count: number; excessRef: number; checksum: number;
  jiffies: number; pid: number; comm: string; trace: number[];
  areas: { start: number; size: number }[];
  allocated: boolean; reported: boolean; noScan: boolean; fullScan: boolean;
}

interface Task { addr: number; pid: number; comm: string; stack: number; sp: number; live: number }

function readObjects(mem: Mem, L: Layout): KObj[] {
  const out: KObj[] = [];
  const head = L.object_list;
  let node = mem.u64(head);
  while (node !== head) {
    if (out.length > 4_000_000) throw new OracleError("object_list does not come back to its head");
    const o = node - L.obj_object_list;
    const flags = mem.u32(o + L.obj_flags);
    const addr = mem.u64(o + L.obj_pointer), size = mem.u64(o + L.obj_size_field);
    const areas: { start: number; size: number }[] = [];
    for (let n = mem.u64(o + L.obj_area_list); n !== 0 && areas.length < 100_000; n = mem.u64(n)) {
      const a = n - L.area_node;
      areas.push({ start: mem.u64(a + L.area_start), size: mem.u64(a + L.area_size) });
    }
    const tl = Math.min(mem.u32(o + L.obj_trace_len), L.max_trace);
    const trace: number[] = [];
    for (let i = 0; i < tl; i++) trace.push(mem.u64(o + L.obj_trace + 8 * i));
    out.push({
      meta: o, addr, size, end: addr + size, flags,
      minCount: mem.i32(o + L.obj_min_count), count: mem.i32(o + L.obj_count),
      excessRef: mem.u64(o + L.obj_excess_ref), checksum: mem.u32(o + L.obj_checksum),
      jiffies: mem.u64(o + L.obj_jiffies), pid: mem.i32(o + L.obj_pid),
      comm: mem.str(o + L.obj_comm, L.task_comm_len), trace, areas,
      allocated: (flags & L.flag_allocated) !== 0, reported: (flags & L.flag_reported) !== 0,
      noScan: (flags & L.flag_no_scan) !== 0, fullScan: (flags & L.flag_full_scan) !== 0,
    });
    node = mem.u64(node);
  }
  return out;
}

function readTasks(mem: Mem, L: Layout, cpu: CpuSnapshot | undefined): Task[] {
  const out: Task[] = [];
  const head = L.task_list_head;
  const current = mem.u64(L.current_task);
  for (let node = mem.u64(head); node !== head; node = mem.u64(node)) {
    if (out.length > 100_000) throw new OracleError("the task list does not come back to its head");
    const t = node - L.task_tasks;
    const stack = mem.u64(t + L.task_stack);
    let sp = mem.u64(t + L.task_sp);
    const top = stack + L.thread_size;
    if (t === current && cpu && cpu.rsp >= stack && cpu.rsp <= top) sp = cpu.rsp;
    const live = sp >= stack && sp <= top ? sp - (((sp % 8) + 8) % 8) : stack;
    out.push({ addr: t, pid: mem.i32(t + L.task_pid), comm: mem.str(t + L.task_comm, L.task_comm_len), stack, sp, live });
  }
  return out;
}

/* ---------------- reachability ---------------- */

/** Where a reference came from. */
interface Root { kind: "object" | "stack" | "page" | "register" | "pool"; label: string; stale?: boolean }
interface Ref { src: number; at: number; root: Root | null }

interface Region { start: number; end: number; src: number; root: Root | null; rootAt?: (at: number) => Root }

class Reach {
  readonly direct: Int32Array;
  readonly grey: Uint8Array;
  readonly parent: (Ref | undefined)[];
  private readonly queue: number[] = [];
  constructor(readonly objs: KObj[], readonly starts: Float64Array, readonly excessIdx: Int32Array,
    readonly mem: GuestMemory, readonly regionsOf: (i: number) => Region[]) {
    const n = objs.length;
    this.direct = new Int32Array(n);
    this.grey = new Uint8Array(n);
    this.parent = new Array(n);
    for (let i = 0; i < n; i++) if (objs[i]!.minCount === 0) { this.grey[i] = 1; this.queue.push(i); }
  }

  find(a: number): number {
    const s = this.starts;
    let lo = 0, hi = s.length - 1, r = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! <= a) { r = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return r >= 0 && a < this.objs[r]!.end ? r : -1;
  }

  /** update_refs: one more reference to a white object. */
  private count(j: number, ref: Ref): void {
    const o = this.objs[j]!;
    if (o.minCount < 0 || this.grey[j]) return;
    this.direct[j]!++;
    if (!this.parent[j]) this.parent[j] = ref;
    if (this.direct[j]! >= o.minCount) { this.grey[j] = 1; this.queue.push(j); }
  }

  ref(j: number, src: number, at: number, root: Root | null): void {
    if (j === src) return;
    const o = this.objs[j]!;
    if (o.minCount >= 0 && this.grey[j]) {
      const t = this.excessIdx[j]!;
      if (t >= 0 && t !== src) this.count(t, { src, at, root });
      return;
    }
    this.count(j, { src, at, root });
  }

  scan(r: Region): void {
    let start = r.start + ((8 - (((r.start % 8) + 8) % 8)) % 8);
    const end = r.end;
    while (start + 8 <= end) {
      const n = Math.min(end - start, 4096 - (((start % 4096) + 4096) % 4096)) & ~7;
      const b = this.mem.read(start, n);
      if (b) {
        const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        for (let off = 0; off + 8 <= n; off += 8) {
          const hi = dv.getUint32(off + 4, true);
          if (hi < 0xffff8000) continue;
          const a = (hi - TWO32) * TWO32 + dv.getUint32(off, true);
          const j = this.find(a);
          if (j >= 0) this.ref(j, r.src, start + off, r.rootAt ? r.rootAt(start + off) : r.root);
        }
      }
      start += n;
    }
  }

  run(roots: Region[]): void {
    for (const r of roots) this.scan(r);
    while (this.queue.length) {
      const i = this.queue.shift()!;
      const o = this.objs[i]!;
      if (o.noScan) continue;
      for (const r of this.regionsOf(i)) this.scan(r);
    }
  }
}

/** Subtract holes from [start, end). */
function carve(start: number, end: number, holes: { start: number; end: number }[]): { start: number; end: number }[] {
  let parts = [{ start, end }];
  for (const h of holes) {
    const next: { start: number; end: number }[] = [];
    for (const p of parts) {
      if (h.end <= p.start || h.start >= p.end) { next.push(p); continue; }
      if (h.start > p.start) next.push({ start: p.start, end: h.start });
      if (h.end < p.end) next.push({ start: h.end, end: p.end });
    }
    parts = next;
  }
  return parts;
}

/* ---------------- CRC (kmemleak's checksum) ---------------- */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();
function crc32le(b: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < b.length; i++) c = (c >>> 8) ^ CRC_TABLE[(c ^ b[i]!) & 0xff]!;
  return c >>> 0;
}

/* ---------------- the oracle ---------------- */

const ALLOCATOR_FRAMES = /^(slab_post_alloc_hook|kmem_cache_alloc\w*|__?kmalloc\w*|kmalloc\w*|kzalloc\w*|__vmalloc\w*|vmalloc|vzalloc|__alloc\w*|kmemleak_\w+|create_object|save_trace)$/;

export function runOracle(gm: GuestMemory, syms: Sym[], cpu?: CpuSnapshot): OracleReport {
  const mem = new Mem(gm);
  const L = readLayout(mem, syms);
  const notes: string[] = [];
  const textSyms = syms.filter((s) => /[tTwW]/.test(s.type));
  const dataSyms = syms.filter((s) => /[dDbBrRgGsSvV]/.test(s.type));
  const symName = (tab: Sym[], a: number): string | null => {
    let lo = 0, hi = tab.length - 1, r = -1;
    while (lo <= hi) { const m = (lo + hi) >> 1; if (tab[m]!.addr <= a) { r = m; lo = m + 1; } else hi = m - 1; }
    if (r < 0) return null;
    const off = a - tab[r]!.addr;
    if (off > 1 << 20) return null;
    return `${tab[r]!.name}+0x${off.toString(16)}`;
  };

  const enabled = mem.i32(L.kmemleak_enabled) !== 0;
  const lastScan = mem.u64(L.jiffies_last_scan);
  const minAge = mem.u64(L.jiffies_min_age);
  const now = mem.u64(L.jiffies);
  const hz = L.hz;

  const all = readObjects(mem, L);
  const objs = all.filter((o) => o.allocated).sort((a, b) => a.addr - b.addr);
  const starts = new Float64Array(objs.map((o) => o.addr));
  const byAddr = new Map<number, number>();
  objs.forEach((o, i) => byAddr.set(o.addr, i));
  const excessIdx = new Int32Array(objs.map((o) => (o.excessRef ? byAddr.get(o.excessRef) ?? -1 : -1)));
  const tasks = readTasks(mem, L, cpu);
  const taskByStack = (a: number) => tasks.find((t) => a >= t.stack && a < t.stack + L.thread_size);

  // page descriptors
  const maxPfn = mem.u64(L.max_pfn), memMap = mem.u64(L.mem_map);
  const inUse: number[] = [];
  if (memMap && maxPfn > 0) {
    const b = mem.bytes(memMap, maxPfn * L.page_size);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let pfn = 0; pfn < maxPfn; pfn++) if (dv.getInt32(pfn * L.page_size + L.page_refcount, true) > 0) inUse.push(pfn);
  }
  const pageRegions = (root: (pfn: number) => Root): Region[] =>
    inUse.map((pfn) => ({ start: memMap + pfn * L.page_size, end: memMap + (pfn + 1) * L.page_size, src: -1, root: root(pfn) }));

  const poolHole = { start: L.mem_pool, end: L.mem_pool + L.mem_pool_bytes };
  // kmemleak's own bookkeeping: min_addr is the start of the lowest tracked block
  const ownWords = [{ start: L.min_addr, end: L.min_addr + 8, name: "min_addr" }, { start: L.max_addr, end: L.max_addr + 8, name: "max_addr" }];
  const objRoot = (i: number) => (at: number): Root => {
    const o = objs[i]!;
    const own = ownWords.find((w) => at >= w.start && at < w.end);
    if (own) return { kind: "pool", label: `kmemleak's own ${own.name} (at ${hex(at)})`, stale: true };
    if (at >= poolHole.start && at < poolHole.end) {
      const e = Math.floor((at - L.mem_pool) / L.obj_size);
      return { kind: "pool", label: `kmemleak's own metadata (mem_pool[${e}] at ${hex(L.mem_pool + e * L.obj_size)})`, stale: true };
    }
    const t = taskByStack(at);
    if (t && !(at >= t.addr && at < t.addr + L.task_size))
      return { kind: "stack", label: `${at < t.live ? "stale" : "live"} stack word at ${hex(at)} of task pid ${t.pid} (${t.comm})`, stale: at < t.live };
    if (memMap && at >= memMap && at < memMap + maxPfn * L.page_size) {
      const pfn = Math.floor((at - memMap) / L.page_size);
      return { kind: "page", label: `struct page of pfn ${pfn}`, stale: !inUse.includes(pfn) };
    }
    const inImage = (at >= L.sdata && at < L.edata) || (at >= L.bss_start && at < L.bss_stop);
    const s = inImage ? symName(dataSyms, at) : null;
    return { kind: "object", label: s ? `${s} (${at < L.edata ? ".data" : ".bss"}, at ${hex(at)})` : `${hex(at)} in root object ${hex(o.addr)}` };
  };

  // The regions scanned for a grey object: its scan areas or all of it.
  const baseRegions = (i: number): { start: number; end: number }[] => {
    const o = objs[i]!;
    if (o.areas.length && !o.fullScan) return o.areas.map((a) => ({ start: a.start, end: a.start + a.size }));
    return [{ start: o.addr, end: o.end }];
  };
  const memMapObj = memMap ? byAddr.get(memMap) ?? -1 : -1;

  // Exact: holes in root objects (the pool, task stacks lying in .data, free page descriptors).
  const stackHoles = tasks.map((t) => ({ start: t.stack, end: t.stack + L.thread_size, t }));
  const exactRegions = (i: number): Region[] => {
    const o = objs[i]!;
    const root = o.minCount === 0 ? objRoot(i) : undefined;
    let parts = baseRegions(i);
    // a task stack is scanned only from its stack pointer up (the exact roots), wherever it lies: in
    // .data (the idle task's), or a vmalloc block of its own (CONFIG_VMAP_STACK), tracked but never scanned whole
    const vmapStack = o.minCount !== 0 && stackHoles.some((h) => h.start < o.end && h.end > o.addr);
    if (o.minCount === 0 || vmapStack) {
      const holes = o.minCount === 0 ? [poolHole, ...ownWords] : [];
      for (const h of stackHoles) {
        if (h.end <= o.addr || h.start >= o.end) continue;
        // the task_struct itself may share the block (init_task at the bottom of init_thread_union)
        if (h.t.addr >= h.start && h.t.addr < h.end) {
          holes.push({ start: Math.max(h.start, h.t.addr + L.task_size), end: h.end });
          if (h.t.addr > h.start) holes.push({ start: h.start, end: h.t.addr });
        } else holes.push({ start: h.start, end: h.end });
      }
      parts = parts.flatMap((p) => carve(p.start, p.end, holes));
      if (i === memMapObj) {
        parts = parts.flatMap((p) => inUse
          .map((pfn) => ({ start: Math.max(p.start, memMap + pfn * L.page_size), end: Math.min(p.end, memMap + (pfn + 1) * L.page_size) }))
          .filter((q) => q.start < q.end));
      }
    }
    return parts.map((p) => ({ ...p, src: i, root: null, rootAt: root }));
  };
  const modelRegions = (i: number): Region[] => {
    const root = objs[i]!.minCount === 0 ? objRoot(i) : undefined;
    return baseRegions(i).map((p) => ({ ...p, src: i, root: null, rootAt: root }));
  };

  // Exact roots
  const exactRoots: Region[] = [];
  if (memMapObj < 0) exactRoots.push(...pageRegions((pfn) => ({ kind: "page", label: `struct page of pfn ${pfn}` })));
  for (const t of tasks) {
    exactRoots.push({ start: t.live, end: t.stack + L.thread_size, src: -1, root: null,
      rootAt: (at) => ({ kind: "stack", label: `live stack word at ${hex(at)} of task pid ${t.pid} (${t.comm})` }) });
  }
  const exact = new Reach(objs, starts, excessIdx, gm, exactRegions);
  if (cpu) {
    for (const r of cpu.regs) {
      const j = exact.find(r.value);
      if (j >= 0) exact.ref(j, -1, 0, { kind: "register", label: `CPU register ${r.name} at power-off` });
    }
  }
  exact.run(exactRoots);

  // kmemleak's roots: every in-use page descriptor, whole stacks, mem_pool scanned as .bss
  const modelRoots: Region[] = [...pageRegions((pfn) => ({ kind: "page", label: `struct page of pfn ${pfn}` }))];
  const stackScan = mem.i32(L.kmemleak_stack_scan) !== 0;
  if (stackScan) {
    for (const t of tasks) {
      modelRoots.push({ start: t.stack, end: t.stack + L.thread_size, src: -1, root: null,
        rootAt: (at) => ({ kind: "stack", label: `${at < t.live ? "stale" : "live"} stack word at ${hex(at)} of task pid ${t.pid} (${t.comm})${at < t.live ? `, below its stack pointer ${hex(t.live)}` : ""}`, stale: at < t.live }) });
    }
  }
  const model = new Reach(objs, starts, excessIdx, gm, modelRegions);
  model.run(modelRoots);

  const colourOf = (o: KObj): Colour => o.minCount < 0 ? "black" : o.count !== -1 && o.count < o.minCount ? "white" : "grey";
  /** The reference chain that reached object i: its hops from the root, nearest the root first. */
  const walk = (R: Reach, i: number): { hops: { s: KObj; at: number }[]; root: Root | null } => {
    const hops: { s: KObj; at: number }[] = [];
    let j = i, root: Root | null = null;
    const seen = new Set<number>();
    while (hops.length < 12 && !seen.has(j)) {
      seen.add(j);
      const p = R.parent[j];
      if (!p) break;
      if (p.src < 0 || objs[p.src]!.minCount === 0) {
        root = p.root ?? (p.src >= 0 ? objRoot(p.src)(p.at) : null);
        break;
      }
      hops.push({ s: objs[p.src]!, at: p.at });
      j = p.src;
    }
    return { hops: hops.reverse(), root };
  };
  const pathOf = (R: Reach, i: number): RefPath | null => {
    if (!R.grey[i]) return null;
    const { hops, root } = walk(R, i);
    return { root: root ? root.label : "?", hops: hops.map(({ s, at }) => ({ addr: s.addr, at, colour: colourOf(s) })) };
  };
  const chain = (R: Reach, i: number): { text: string; root: Root | null } => {
    const { hops, root } = walk(R, i);
    const path = hops.map(({ s, at }) => `${hex(s.addr)}+0x${(at - s.addr).toString(16)}`);
    return { text: [root ? root.label : "?", ...path].join(" -> ") + ` -> ${hex(objs[i]!.addr)}`, root };
  };

  const from = (o: KObj): string => {
    for (const a of o.trace) {
      const s = symName(textSyms, a);
      const name = s ? s.replace(/\+0x[0-9a-f]+$/, "") : null;
      if (name && ALLOCATOR_FRAMES.test(name)) continue;
      return s ?? hex(a);
    }
    return "?";
  };
  const secs = (j: number) => (j / hz).toFixed(3);

  const graded: GradedObject[] = [];
  const shown: Array<{ i: number; o: OracleReport["neighbours"][number] }> = [];
  let candidates = 0, ignored = 0, reported = 0, unreachable = 0, tp = 0, fp = 0, fn = 0, tn = 0;
  objs.forEach((o, i) => {
    if (o.minCount < 0) { ignored++; return; }
    if (o.minCount === 0) return;
    candidates++;
    const white = o.count !== -1 && o.count < o.minCount;
    const isReported = o.reported && white && o.jiffies + minAge <= lastScan;
    const reach = exact.grey[i] === 1;
    if (isReported) reported++;
    if (!reach) unreachable++;
    const base = { addr: o.addr, size: o.size, comm: o.comm, pid: o.pid, minCount: o.minCount, count: o.count, from: from(o),
      colour: colourOf(o), path: reach ? pathOf(exact, i) : model.grey[i] ? pathOf(model, i) : null, refs: [] as number[] };
    if (isReported && !reach) {
      tp++;
      graded.push({ ...base, verdict: "true-positive", reason: `unreachable (${exact.direct[i]} of ${o.minCount} references needed)` });
    } else if (isReported && reach) {
      fp++;
      graded.push({ ...base, verdict: "false-positive", reason: `reachable: ${chain(exact, i).text}` });
    } else if (!reach) {
      fn++;
      let reason: string;
      const bytes = gm.read(o.addr, o.size);
      const crcChanged = bytes ? crc32le(bytes) !== o.checksum : false;
      if (!enabled) reason = "kmemleak is disabled";
      else if (lastScan === 0) reason = "no scan has run";
      else if (o.jiffies > lastScan) reason = `allocated ${secs(o.jiffies - lastScan)}s after the last scan`;
      else if (o.jiffies + minAge > lastScan) reason = `too young at the last scan (age ${secs(lastScan - o.jiffies)}s < ${secs(minAge)}s)`;
      else if (model.grey[i]) {
        const c = chain(model, i);
        reason = `still referenced by ${c.root?.stale || c.root?.kind === "pool" ? "" : "(as kmemleak sees it) "}${c.text}`;
      } else if (crcChanged) reason = `contents changed since the last scan's checksum (count ${o.count}, min_count ${o.minCount} then); the next scan greys it once more`;
      else if (o.count === o.minCount) reason = `checksum changed at the last scan (first scan since its contents were written), which kept it grey for that scan; the next scan reports it`;
      else if (o.count > o.minCount) reason = `referenced at the last scan (count ${o.count} > min_count ${o.minCount}); unreferenced since`;
      else if (!o.reported) reason = `white at the last scan but not flagged REPORTED`;
      else reason = "unknown";
      graded.push({ ...base, verdict: "false-negative", reason });
    } else {
      tn++;
      shown.push({ i, o: { ...base, verdict: "true-negative", reason: "kmemleak agrees" } });
    }
  });
  // the graph's neighbours: reachable objects of the graded ones' pids; refs: words of a listed object pointing into another
  const pids = new Set(graded.map((g) => g.pid));
  const neighbours = shown.filter((x) => pids.has(x.o.pid) && x.o.pid !== 0);
  const listed = new Map<number, { refs: number[] }>();
  for (const g of graded) listed.set(byAddr.get(g.addr)!, g);
  for (const x of neighbours) listed.set(x.i, x.o);
  for (const [i, g] of listed) {
    const o = objs[i]!, bytes = o.noScan ? null : gm.read(o.addr, Math.min(o.size, 1 << 16));
    if (bytes === null) continue;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let k = 0; k + 8 <= bytes.length; k += 8) {
      const j = exact.find(u64ToAddr(dv.getUint32(k, true), dv.getUint32(k + 4, true)));
      if (j >= 0 && j !== i && listed.has(j) && !g.refs.includes(objs[j]!.addr)) g.refs.push(objs[j]!.addr);
    }
  }
  if (!stackScan) notes.push("kmemleak's stack scanning is off (stack=off)");
  const leftovers = all.length - objs.length;
  if (leftovers) notes.push(`${leftovers} freed objects still on object_list (held by a walker) ignored`);
  void now;
  return {
    tracked: all.length, allocated: objs.length, candidates, ignored, reported, unreachable,
    truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, objects: graded,
    neighbours: neighbours.map((x) => x.o), notes,
  };
}

/** The summary printed by `kmemlab boot --oracle`. */
export function formatOracle(r: OracleReport): string[] {
  const out = [
    `oracle: kmemleak tracks ${r.allocated} objects (${r.candidates} reportable, ${r.ignored} ignored); it reports ${r.reported}, the oracle finds ${r.unreachable} unreachable`,
    `oracle: ${r.truePositives} true positives, ${r.falsePositives} false positives, ${r.falseNegatives} false negatives, ${r.trueNegatives} true negatives`,
  ];
  for (const n of r.notes) out.push(`oracle: note: ${n}`);
  const order: Verdict[] = ["false-positive", "false-negative", "true-positive"];
  const objs = [...r.objects].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict) || a.addr - b.addr);
  for (const o of objs)
    out.push(`oracle: ${hex(o.addr)} size ${o.size} ${o.verdict} comm "${o.comm}" pid ${o.pid} from ${o.from}: ${o.reason}`);
  return out;
}
