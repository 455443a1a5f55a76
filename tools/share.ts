/*
 * share.ts: `boot --share DIR`, the host directory under /mnt/host, as a
 * jail. The tree is walked with lstat and readdir only: a symbolic link
 * arrives in the archive as a symbolic link (its text, never its target,
 * so a link to /etc/shadow gives the guest a link, not the file; dangling
 * links and loops are just links), a directory is entered only when lstat
 * says it is one (never through a link; a directory seen twice, as with a
 * bind mount loop, is entered once), and a FIFO, device or socket is
 * skipped with a warning naming it, never opened. Sizes come from lstat,
 * so the caller can refuse a share the guest cannot hold before a byte is
 * read; regular files are read later, straight into the archive, opened
 * with O_NOFOLLOW and checked to be the file lstat saw (host-files.ts).
 *
 * Not covered: someone swapping a directory for a link while the share is
 * being walked (Node has no openat); the share is the user's own directory.
 */

import { lstatSync, readdirSync, readlinkSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { fileKind, readRegularFile, sysMessage } from "./host-files.ts";
import { cpioEntrySize, S_IFDIR, S_IFLNK, S_IFREG, type CpioEntry } from "./initramfs.ts";
import type { Deadline } from "./deadline.ts";
import { UsageError } from "./errors.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

export interface ShareScan {
  /** The archive's entries under `prefix`; regular files read when the archive is written. */
  entries: CpioEntry[];
  /** Bytes of file data and link text (what the unpacked share occupies in the guest). */
  dataBytes: number;
  /** False when the walk stopped at `stopAbove`: there is more. */
  complete: boolean;
}

/**
 * Walks `dir` (the user's path; a link there is followed, nothing below
 * it is) into archive entries named `prefix/<relative path>`. The walk
 * stops once the entries' archive and their unpacked data exceed
 * `stopAbove` bytes (a share that cannot fit: `--share /` need not be
 * walked to the end to know).
 */
export function scanShare(dir: string, prefix: string, warn: (line: string) => void, o: { deadline?: Deadline; stopAbove?: number } = {}): ShareScan {
  const { deadline, stopAbove = Infinity } = o;
  const entries: CpioEntry[] = [];
  const seen = new Set<string>();
  let dataBytes = 0, need = 0;
  const full = new Error("share too large");
  const add = (e: CpioEntry, data: number) => {
    entries.push(e);
    dataBytes += data;
    need += cpioEntrySize(e) + data;
    if (need > stopAbove) throw full;
  };
  const where = (rel: string) => rel === "" ? dir : join(dir, rel);
  try { const root = statSync(dir); seen.add(`${root.dev}:${root.ino}`); } catch (e) { throw new UsageError(`--share: ${dir}: ${sysMessage(e)}`); }
  const visit = (rel: string): void => {
    deadline?.check("reading the --share directory");
    const host = where(rel);
    let names: Buffer[];
    try {
      names = readdirSync(host, { encoding: "buffer" });
    } catch (e) {
      throw new UsageError(`--share: cannot read the directory ${host}: ${sysMessage(e)}`);
    }
    names.sort(Buffer.compare);
    for (const raw of names) {
      let name: string;
      try { name = utf8.decode(raw); } catch { warn(`--share: skipping ${join(host, raw.toString("latin1"))} (its name is not UTF-8)`); continue; }
      const r = rel === "" ? name : `${rel}/${name}`;
      const p = join(dir, r);
      let st: Stats;
      try { st = lstatSync(p); } catch (e) { throw new UsageError(`--share: cannot read ${p}: ${sysMessage(e)}`); }
      const path = `${prefix}/${r}`;
      if (st.isDirectory()) {
        const id = `${st.dev}:${st.ino}`;
        if (seen.has(id)) { warn(`--share: skipping ${p} (a directory already shared, a loop)`); continue; }
        seen.add(id);
        add({ path, mode: S_IFDIR | (st.mode & 0o777) }, 0);
        visit(r);
      } else if (st.isSymbolicLink()) {
        let text: Buffer;
        try { text = readlinkSync(p, { encoding: "buffer" }); } catch (e) { throw new UsageError(`--share: cannot read the link ${p}: ${sysMessage(e)}`); }
        add({ path, mode: S_IFLNK | 0o777, data: new Uint8Array(text) }, text.length);
      } else if (st.isFile()) {
        const size = st.size;
        add({
          path, mode: S_IFREG | (st.mode & 0o777),
          data: { size, read: (into) => { readRegularFile(p, `--share: ${p}`, { maxBytes: size, deadline, doing: "packing the --share directory", expect: st, into }); } },
        }, size);
      } else {
        warn(`--share: skipping ${p} (${fileKind(st)})`);
      }
    }
  };
  try {
    visit("");
  } catch (e) {
    if (e !== full) throw e;
    return { entries, dataBytes, complete: false };
  }
  return { entries, dataBytes, complete: true };
}
