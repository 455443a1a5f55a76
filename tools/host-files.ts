/*
 * host-files.ts: reading the files a user names (-k, -i, -s) and the
 * files of a --share directory. Only regular files are read: a file is
 * opened with O_NONBLOCK (opening a FIFO never waits for a writer) and
 * checked with fstat on the open descriptor before a byte is read, so a
 * directory, a FIFO, a device or a socket is refused with one line, and a
 * file larger than its limit is refused before it is read. Reads go in
 * chunks into one buffer (no 2 GiB limit), checking the deadline between
 * chunks.
 */

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import type { Deadline } from "./deadline.ts";
import { UsageError } from "./errors.ts";

const CHUNK = 64 << 20;

/** What a non-regular file is, for messages ("a directory", "a FIFO", ...). */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return st.isFile() ? "a regular file" : "a special file";
}

/** A file system error as one line: "permission denied", "no such file or directory", ... */
export function sysMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === "string" && typeof err.message === "string") {
    // Node: "EACCES: permission denied, open '/x'" -> "permission denied"
    const m = /^[A-Z0-9]+: ([^,]+)/.exec(err.message);
    return m ? m[1]! : err.code;
  }
  return e instanceof Error ? e.message.split("\n")[0]! : String(e);
}

/**
 * Reads the regular file `path` (`what` names it in messages: "kernel",
 * "--share: dir/x"); refuses it when it is larger than `maxBytes`.
 * `expect` (from an earlier lstat) must match the opened file (dev, ino,
 * size), and O_NOFOLLOW refuses a symlink put in its place.
 */
export function readRegularFile(path: string, what: string, o: { maxBytes: number; deadline?: Deadline; doing?: string; expect?: Stats; into?: Uint8Array }): Uint8Array {
  let fd: number;
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (o.expect ? constants.O_NOFOLLOW : 0);
  try {
    fd = openSync(path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`${what} ${path} not found`);
    if (code === "ELOOP" && o.expect) throw new UsageError(`${what} changed while it was read (now a symbolic link)`);
    throw new UsageError(`cannot open ${what} ${path}: ${sysMessage(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`${what} ${path} is ${fileKind(st)}, not a regular file`);
    if (o.expect && (st.dev !== o.expect.dev || st.ino !== o.expect.ino || st.size !== o.expect.size))
      throw new UsageError(`${what} changed while it was read`);
    if (st.size > o.maxBytes)
      throw new UsageError(`${what} ${path} is too large (${st.size} bytes, at most ${o.maxBytes})`);
    const buf = o.into ?? new Uint8Array(st.size);
    if (buf.length !== st.size) throw new UsageError(`${what} changed while it was read`);
    let off = 0;
    while (off < st.size) {
      o.deadline?.check(o.doing ?? `reading the ${what}`);
      let n: number;
      try {
        n = readSync(fd, buf, off, Math.min(CHUNK, st.size - off), off);
      } catch (e) {
        throw new UsageError(`cannot read ${what} ${path}: ${sysMessage(e)}`);
      }
      if (n === 0) throw new UsageError(`${what} changed while it was read (it shrank)`);
      off += n;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}
