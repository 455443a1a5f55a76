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
 * code. The file name is a hash of all three; the generator's code is the
 * text of every emulator source (or of the bundle the launcher runs), so
 * any change to the decoder or the code generator starts a new directory
 * and the old one of the same flavor is removed (the sources, run by the
 * tests, and the launcher's bundle keep one directory each).
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

export class RegionDiskCache {
  private readonly dir: string;
  private readonly layoutKey: string;
  private count = 0;

  private constructor(base: string, L: JitLayout) {
    const fs = platform.files;
    this.dir = fs.join(base, PREFIX + generatorKey());
    this.layoutKey = platform.sha256Hex(JSON.stringify(L));
    fs.mkdirp(this.dir);
    for (const d of fs.list(base)) {
      if (d.startsWith(PREFIX) && fs.join(base, d) !== this.dir) removeDir(fs.join(base, d));
    }
    this.count = fs.list(this.dir).length;
  }

  /** The cache under `base` for this layout, or null where there is none (a page, an unwritable directory). */
  static open(base: string | null | undefined, L: JitLayout): RegionDiskCache | null {
    if (base === null || base === undefined || platform.name !== "node") return null;
    try { return new RegionDiskCache(base, L); } catch { return null; }
  }

  private file(key: string): string { return platform.files.join(this.dir, `${platform.sha256Hex(this.layoutKey + key).slice(0, 40)}.wasm`); }

  get(key: string): Uint8Array | null { return platform.files.read(this.file(key)); }

  put(key: string, bin: Uint8Array): void {
    try {
      if (this.count >= MAX_FILES) { removeDir(this.dir); platform.files.mkdirp(this.dir); this.count = 0; }
      platform.files.writeAtomic(this.file(key), bin);
      this.count++;
    } catch { /* a full or read-only disk only costs time */ }
  }
}

function removeDir(dir: string): void {
  try { platform.files.remove(dir); } catch { /* best effort */ }
}
