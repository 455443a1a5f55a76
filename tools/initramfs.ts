/*
 * initramfs.ts: writes a "newc" (SVR4, no CRC) cpio archive, the format the
 * kernel unpacks into its root filesystem at boot.
 *
 * Each entry: a 110-byte ASCII header ("070701" then 13 fields of 8 hex
 * digits: ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
 * rdevmajor, rdevminor, namesize, check), the NUL-terminated name padded to
 * a multiple of 4, then the data padded to a multiple of 4. The archive ends
 * with an entry named "TRAILER!!!". Timestamps are fixed (0) so the same
 * inputs always give the same bytes.
 *
 * The archive's size is known from the entries' sizes alone (cpioSize), so
 * a caller can refuse an archive before reading its files; data given as
 * { size, read } is read straight into the archive when it is written.
 */

/** Data read when the archive is written: `read` fills exactly `size` bytes. */
export interface LazyData { size: number; read: (into: Uint8Array) => void }

export interface CpioEntry {
  /** Path inside the archive, without a leading slash (e.g. "bin/sh"). */
  path: string;
  /** File type and permission bits, e.g. 0o100755 (file), 0o040755 (dir), 0o120777 (symlink), 0o020600 (char dev). */
  mode: number;
  /** File contents, or the target of a symlink. */
  data?: Uint8Array | string | LazyData;
  /** For device nodes. */
  rdevMajor?: number;
  rdevMinor?: number;
}

export const S_IFDIR = 0o040000, S_IFREG = 0o100000, S_IFLNK = 0o120000, S_IFCHR = 0o020000;

const HEADER = 110;
const TRAILER: CpioEntry = { path: "TRAILER!!!", mode: 0 };
/** newc's filesize field is 8 hex digits. */
export const CPIO_MAX_FILE = 0xffffffff;

const enc = new TextEncoder();
const align4 = (n: number) => n + ((4 - (n % 4)) % 4);
const nameOf = (e: CpioEntry) => enc.encode(e.path.replace(/^\/+/, "") + "\0");
const isLazy = (d: CpioEntry["data"]): d is LazyData => d !== undefined && typeof d !== "string" && !(d instanceof Uint8Array);
const bytesOf = (d: Uint8Array | string | undefined) => d === undefined ? new Uint8Array(0) : typeof d === "string" ? enc.encode(d) : d;
const sizeOf = (e: CpioEntry) => isLazy(e.data) ? e.data.size : bytesOf(e.data).length;

/** The bytes one entry takes: header and name padded to 4, data padded to 4. */
export function cpioEntrySize(e: CpioEntry): number {
  return align4(HEADER + nameOf(e).length) + align4(sizeOf(e));
}

/** The size packCpio(entries) will have, from the entries' sizes (nothing is read). */
export function cpioSize(entries: CpioEntry[]): number {
  let n = cpioEntrySize(TRAILER);
  for (const e of entries) n += cpioEntrySize(e);
  return n;
}

function hex8(n: number): string { return (n >>> 0).toString(16).padStart(8, "0"); }

/** The archive of `entries` and the trailer; inode numbers from `firstIno` on. */
export function packCpio(entries: CpioEntry[], firstIno = 1): Uint8Array {
  const out = new Uint8Array(cpioSize(entries));
  let o = 0;
  let ino = firstIno;
  for (const e of [...entries, TRAILER]) {
    const name = nameOf(e);
    const size = sizeOf(e);
    if (size > CPIO_MAX_FILE) throw new Error(`cpio: ${e.path} is larger than newc's 4 GiB limit`);
    const trailer = e === TRAILER;
    const fields = [
      trailer ? 0 : ino++, e.mode, 0, 0, (e.mode & 0o170000) === S_IFDIR ? 2 : 1, 0, size,
      0, 0, e.rdevMajor ?? 0, e.rdevMinor ?? 0, name.length, 0,
    ];
    out.set(enc.encode("070701" + fields.map(hex8).join("")), o);
    out.set(name, o + HEADER);
    o += align4(HEADER + name.length);
    if (isLazy(e.data)) e.data.read(out.subarray(o, o + size));
    else out.set(bytesOf(e.data), o);
    o += align4(size);
  }
  return out;
}

export class CpioError extends Error {}

/**
 * `archive` (newc, ours or another writer's) with `entries` added before
 * its trailer, numbered after its highest inode: the same bytes packCpio
 * gives for all the entries at once.
 */
export function appendCpio(archive: Uint8Array, entries: CpioEntry[]): Uint8Array {
  const text = (o: number, n: number) => String.fromCharCode(...archive.subarray(o, o + n));
  let o = 0, maxIno = 0;
  for (;;) {
    if (o + HEADER > archive.length || text(o, 6) !== "070701") throw new CpioError(`not a newc archive (no header at offset ${o})`);
    const field = (i: number) => { const f = text(o + 6 + i * 8, 8); if (!/^[0-9a-fA-F]{8}$/.test(f)) throw new CpioError(`bad header field at offset ${o}`); return parseInt(f, 16); };
    const namesize = field(11), filesize = field(6);
    if (namesize === 11 && text(o + HEADER, 11) === "TRAILER!!!\0") break;
    maxIno = Math.max(maxIno, field(0));
    o += align4(HEADER + namesize) + align4(filesize);
  }
  const tail = packCpio(entries, maxIno + 1);
  const out = new Uint8Array(o + tail.length);
  out.set(archive.subarray(0, o));
  out.set(tail, o);
  return out;
}
