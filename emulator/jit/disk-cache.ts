/*
 * jit/disk-cache.ts: compiled regions kept on disk between runs, so that a
 * later run (the next boot of the same kernel, a test booting it again, a
 * second `npm start`) instantiates the modules it has seen instead of
 * generating them again with binaryen (1-10 ms each; a boot at threshold 1
 * compiles thousands).
 *
 * A module is a pure function of what the in-memory cache keys it by (the
 * region's RIP, privilege, the bytes it spans, its other pages' frames:
 * jit/index.ts), of the layout of guest RAM and of the generator's own
 * code. So that a lookup needs no decoding of the region (gather() costs
 * more than instantiating the module), a file is named by what is known
 * before it: a hash of the layout, the RIP, the privilege and the entry's
 * whole 4 KiB page; it holds the region's pages (frame, slot table, the
 * bytes it spans) and the module, and the JIT uses it only if those pages
 * still hold (regionHolds). A name that was not in the directory when it
 * was opened, or was found unusable, is not read in this run (a miss costs
 * no system call). The generator's code is the text of every emulator
 * source (or of the bundle the launcher runs), so any change to the decoder
 * or the code generator starts a new directory and the old one of the same
 * flavor is removed (the sources, run by the tests, and the launcher's
 * bundle keep one directory each).
 *
 * Only on Node (a page's files live in its memory). Writes are atomic
 * (beside, then renamed), so concurrent runs share the directory safely; a
 * directory past MAX_FILES is emptied. Errors only cost time.
 */
import { platform } from "../platform.ts";
import type { JitLayout } from "../cpu/mmu.ts";

/** Modules kept before the directory is emptied (a boot at threshold 1 writes ~5,000, ~20 MB). */
const MAX_FILES = 60_000;
/** The directory's prefix: the flavor, from the running module's name ("disk-cache.ts" or the bundle's). */
const PREFIX = `regions-${(import.meta.url.split("/").pop() ?? "jit").replace(/[^A-Za-z0-9]+/g, "_")}-`;

let genKey: string | null = null;
/** A hash of the code that decodes and compiles regions: the launcher's bundle, or every emulator source. */
function generatorKey(): string {
  if (genKey !== null) return genKey;
  const fs = platform.files;
  const self = import.meta.url;
  const parts: Uint8Array[] = [];
  if (!self.endsWith(".ts")) {
    parts.push(fs.sourceOf(self) ?? new TextEncoder().encode(self));
  } else {
    const root = new URL("../", self);
    const walk = (u: URL): void => {
      let names: string[];
      try { names = fs.list(decodeURIComponent(u.pathname)).sort(); } catch { return; }
      for (const n of names) {
        if (n.endsWith(".ts")) parts.push(fs.sourceOf(new URL(n, u).href) ?? new Uint8Array());
        else if (!n.includes(".")) walk(new URL(`${n}/`, u));
      }
    };
    walk(root);
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => { all.set(p, at); return at + p.length; }, 0);
  return (genKey = platform.sha256Hex(all).slice(0, 16));
}

/** What a file holds besides the module: the region's pages as they were (regionHolds checks them) and its first basic block's length. */
export interface StoredRegion {
  n: number;
  pages: { lin: number; phys: number; slots: number; lo: number; hi: number }[];
  bytes: Uint8Array[];
}

export class RegionDiskCache {
  private readonly dir: string;
  private readonly layoutKey: string;
  private count = 0;
  /** Names looked up and not found (or unusable) in this run. */
  private readonly missing = new Set<string>();
  /** The files there when the cache was opened (a lookup of another name costs no system call; modules other runs write meanwhile are not seen). */
  private readonly present: Set<string>;

  private constructor(base: string, L: JitLayout) {
    const fs = platform.files;
    this.dir = fs.join(base, PREFIX + generatorKey());
    this.layoutKey = platform.sha256Hex(JSON.stringify(L));
    fs.mkdirp(this.dir);
    for (const d of fs.list(base)) {
      if (d.startsWith(PREFIX) && fs.join(base, d) !== this.dir) removeDir(fs.join(base, d));
    }
    this.present = new Set(fs.list(this.dir).map((f) => f.replace(/\.wasm$/, "")));
    this.count = this.present.size;
  }

  /** The cache under `base` for this layout, or null where there is none (a page, an unwritable directory). */
  static open(base: string | null | undefined, L: JitLayout): RegionDiskCache | null {
    if (base === null || base === undefined || platform.name !== "node") return null;
    try { return new RegionDiskCache(base, L); } catch { return null; }
  }

  /** The name of the region at `rip` for privilege `us` whose entry page holds `page` (4 KiB). */
  name(rip: number, us: number, page: Uint8Array): string {
    return platform.sha256Hex(`${this.layoutKey}:${rip}:${us}:${platform.sha256Hex(page)}`).slice(0, 40);
  }

  private file(name: string): string { return platform.files.join(this.dir, `${name}.wasm`); }

  /** The region and module stored under `name`, or null (not there, damaged, or found missing before). */
  get(name: string): { region: StoredRegion; module: Uint8Array } | null {
    if (this.missing.has(name) || !this.present.has(name)) return null;
    const f = platform.files.read(this.file(name));
    const r = f === null ? null : parse(f);
    if (r === null) this.missing.add(name);
    return r;
  }

  /** Name `name` is not to be used (its module did not instantiate). */
  forget(name: string): void { this.missing.add(name); }

  put(name: string, region: StoredRegion, bin: Uint8Array): void {
    try {
      if (this.count >= MAX_FILES) { removeDir(this.dir); platform.files.mkdirp(this.dir); this.count = 0; this.present.clear(); }
      const head = new TextEncoder().encode(JSON.stringify({ n: region.n, pages: region.pages, bytes: region.bytes.map(hexOf) }));
      const f = new Uint8Array(4 + head.length + bin.length);
      new DataView(f.buffer).setUint32(0, head.length, true);
      f.set(head, 4);
      f.set(bin, 4 + head.length);
      platform.files.writeAtomic(this.file(name), f);
      this.missing.delete(name);
      this.present.add(name);
      this.count++;
    } catch { /* a full or read-only disk only costs time */ }
  }
}

/** A file's parts: a little-endian u32 length, the StoredRegion as JSON (bytes in hex), the module. */
function parse(f: Uint8Array): { region: StoredRegion; module: Uint8Array } | null {
  try {
    if (f.length < 4) return null;
    const len = new DataView(f.buffer, f.byteOffset, f.length).getUint32(0, true);
    if (4 + len > f.length) return null;
    const h = JSON.parse(new TextDecoder().decode(f.subarray(4, 4 + len))) as { n: number; pages: StoredRegion["pages"]; bytes: string[] };
    if (typeof h.n !== "number" || !Array.isArray(h.pages) || !Array.isArray(h.bytes) || h.pages.length !== h.bytes.length || h.pages.length === 0) return null;
    return { region: { n: h.n, pages: h.pages, bytes: h.bytes.map(bytesOf) }, module: f.slice(4 + len) };
  } catch { return null; }
}

function hexOf(b: Uint8Array): string { let s = ""; for (const x of b) s += x.toString(16).padStart(2, "0"); return s; }
function bytesOf(s: string): Uint8Array {
  const b = new Uint8Array(s.length >> 1);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return b;
}

function removeDir(dir: string): void {
  try { platform.files.remove(dir); } catch { /* best effort */ }
}
