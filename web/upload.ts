/*
 * upload.ts: the browser side of `boot --share`: programs and modules
 * chosen in the page go into the initramfs under /mnt/host (mode 0755,
 * as a shared executable keeps), added to the built archive
 * (appendCpio) at the next boot. Only ELF files (what insmod and the
 * shell run) of at most UPLOAD_MAX bytes, under a plain file name, are
 * taken; anything else is refused with a one-line message.
 */
import { appendCpio, S_IFDIR, S_IFREG, type CpioEntry } from "../tools/initramfs.ts";

export const UPLOAD_MAX = 8 << 20;
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

/** Why a file cannot be uploaded, or null when it can. */
export function refusal(name: string, bytes: Uint8Array): string | null {
  if (!/^[A-Za-z0-9._+-]{1,64}$/.test(name) || name === "." || name === "..")
    return `${JSON.stringify(name)} is not a plain file name (letters, digits, . _ + -, at most 64)`;
  if (bytes.length > UPLOAD_MAX) return `${name} is too large (${bytes.length} bytes; at most ${UPLOAD_MAX})`;
  if (bytes.length < 4 || ELF_MAGIC.some((b, i) => bytes[i] !== b)) return `${name} is not an ELF file (a program or a module)`;
  return null;
}

/** The initramfs with the uploaded files under /mnt/host (none: the archive as it is). */
export function withUploads(initrd: Uint8Array, files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  if (files.size === 0) return initrd;
  const e: CpioEntry[] = [{ path: "mnt", mode: S_IFDIR | 0o755 }, { path: "mnt/host", mode: S_IFDIR | 0o755 }];
  for (const [name, data] of files) e.push({ path: `mnt/host/${name}`, mode: S_IFREG | 0o755, data });
  return appendCpio(initrd, e);
}
