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
 */

export interface CpioEntry {
  /** Path inside the archive, without a leading slash (e.g. "bin/sh"). */
  path: string;
  /** File type and permission bits, e.g. 0o100755 (file), 0o040755 (dir), 0o120777 (symlink), 0o020600 (char dev). */
  mode: number;
  /** File contents, or the target of a symlink. */
  data?: Uint8Array | string;
  /** For device nodes. */
  rdevMajor?: number;
  rdevMinor?: number;
}

export const S_IFDIR = 0o040000, S_IFREG = 0o100000, S_IFLNK = 0o120000, S_IFCHR = 0o020000;

function hex8(n: number): string { return (n >>> 0).toString(16).padStart(8, "0"); }

export function packCpio(entries: CpioEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const push = (b: Uint8Array) => { chunks.push(b); size += b.length; };
  const pad = () => { const n = (4 - (size % 4)) % 4; if (n) push(new Uint8Array(n)); };
  let ino = 1;
  const all = [...entries, { path: "TRAILER!!!", mode: 0 } as CpioEntry];
  for (const e of all) {
    const name = enc.encode(e.path.replace(/^\/+/, "") + "\0");
    const data = e.data === undefined ? new Uint8Array(0) : typeof e.data === "string" ? enc.encode(e.data) : e.data;
    const trailer = e.path === "TRAILER!!!";
    const fields = [
      trailer ? 0 : ino++, e.mode, 0, 0, (e.mode & 0o170000) === S_IFDIR ? 2 : 1, 0, data.length,
      0, 0, e.rdevMajor ?? 0, e.rdevMinor ?? 0, name.length, 0,
    ];
    push(enc.encode("070701" + fields.map(hex8).join("")));
    push(name);
    pad();
    push(data);
    pad();
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}
