/*
 * share.test.ts: --share as a jail (tools/share.ts, tools/build.ts). Every
 * open() the host makes is recorded: walking a share opens no file at all
 * (lstat, readdir and readlink only), a share too large for the guest is
 * refused before any of its files is opened, and what is packed is what
 * lstat saw: links as links (mode 0120777, the link text as data),
 * special files skipped with a warning, a file swapped for a link after
 * the walk refused.
 */
import { describe, it, expect, vi, beforeAll } from "vitest";
import * as realFs from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

const opened: string[] = [];
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const openSync = (p: realFs.PathLike, ...rest: unknown[]) => { opened.push(String(p)); return (fs.openSync as (...a: unknown[]) => number)(p, ...rest); };
  return { ...fs, openSync, default: { ...fs, openSync } };
});

const { scanShare } = await import("../../../tools/share.ts");
const { packInitramfs } = await import("../../../tools/build.ts");
const { packCpio, S_IFLNK } = await import("../../../tools/initramfs.ts");
const { UsageError, TimeoutError } = await import("../../../tools/errors.ts");
const { ROOT } = await import("../../../tools/cli.ts");
const { Deadline } = await import("../../../tools/deadline.ts");

let top: string, dir: string;
const warnings: string[] = [];

beforeAll(() => {
  const fs = realFs;
  top = fs.mkdtempSync(join(tmpdir(), "kmemlab-jail-"));
  dir = join(top, "share");
  fs.mkdirSync(join(dir, "sub"), { recursive: true });
  fs.writeFileSync(join(top, "secret"), "host secret\n");
  fs.writeFileSync(join(dir, "a.txt"), "hello\n");
  fs.writeFileSync(join(dir, "sub", "b"), "bee\n");
  fs.symlinkSync(join(top, "secret"), join(dir, "abs-link"));
  fs.symlinkSync("../secret", join(dir, "rel-link"));
  fs.symlinkSync("nowhere", join(dir, "dangling"));
  fs.symlinkSync("loop-b", join(dir, "loop-a"));
  fs.symlinkSync("loop-a", join(dir, "loop-b"));
  fs.symlinkSync(top, join(dir, "sub", "dir-link"));
  execFileSync("mkfifo", [join(dir, "fifo")]);
  execFileSync("python3", ["-c", `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(join(dir, "sock"))})`]);
});

describe("--share walk", () => {
  it("opens no file, keeps links as links and names what it skips", () => {
    opened.length = 0;
    const s = scanShare(dir, "mnt/host", (l) => warnings.push(l));
    expect(opened).toEqual([]);
    const text = (d: unknown) => d instanceof Uint8Array ? new TextDecoder().decode(d) : d === undefined ? undefined : typeof d === "string" ? d : `<${(d as { size: number }).size} bytes, read later>`;
    expect(s.entries.map((e) => [e.path, e.mode.toString(8), text(e.data)])).toEqual([
      ["mnt/host/a.txt", "100644", "<6 bytes, read later>"],
      ["mnt/host/abs-link", "120777", join(top, "secret")],
      ["mnt/host/dangling", "120777", "nowhere"],
      ["mnt/host/loop-a", "120777", "loop-b"],
      ["mnt/host/loop-b", "120777", "loop-a"],
      ["mnt/host/rel-link", "120777", "../secret"],
      ["mnt/host/sub", "40755", undefined],
      ["mnt/host/sub/b", "100644", "<4 bytes, read later>"],
      ["mnt/host/sub/dir-link", "120777", top],
    ]);
    expect(warnings).toEqual([`--share: skipping ${join(dir, "fifo")} (a FIFO)`, `--share: skipping ${join(dir, "sock")} (a socket)`]);
    expect(s.dataBytes).toBe(6 + 4 + join(top, "secret").length + 7 + 6 + 6 + 9 + top.length);
  });

  it("packs links as newc symlinks (mode 0120777, the link text as data) and reads only the share's regular files", () => {
    opened.length = 0;
    const s = scanShare(dir, "x", () => {});
    const cpio = packCpio(s.entries);
    expect(opened.sort()).toEqual([join(dir, "a.txt"), join(dir, "sub", "b")]);
    const listing = execFileSync("cpio", ["-tv", "--quiet"], { input: cpio }).toString();
    expect(listing).toMatch(/^lrwxrwxrwx .* x\/abs-link -> .*\/secret$/m);
    expect(listing).toMatch(/^lrwxrwxrwx .* x\/loop-a -> loop-b$/m);
    expect(listing).not.toContain("fifo");
    expect(Buffer.from(cpio).includes("host secret")).toBe(false);
    // the header of abs-link: mode 0120777 (0xa1ff), size = the link text's length
    const at = Buffer.from(cpio).indexOf("x/abs-link") - 110;
    const hdr = Buffer.from(cpio).subarray(at, at + 110).toString("latin1");
    expect(parseInt(hdr.slice(14, 22), 16)).toBe(S_IFLNK | 0o777);
    expect(parseInt(hdr.slice(54, 62), 16)).toBe(join(top, "secret").length);
  });

  it("refuses a file swapped for a link (or changed) after the walk", () => {
    const d = realFs.mkdtempSync(join(tmpdir(), "kmemlab-swap-"));
    realFs.writeFileSync(join(d, "f"), "12345");
    realFs.writeFileSync(join(d, "g"), "12345");
    const s = scanShare(d, "x", () => {});
    realFs.rmSync(join(d, "f"));
    realFs.symlinkSync(join(top, "secret"), join(d, "f"));
    expect(() => packCpio(s.entries)).toThrow(new UsageError(`--share: ${join(d, "f")} changed while it was read (now a symbolic link)`));
    realFs.rmSync(join(d, "f"));
    realFs.writeFileSync(join(d, "f"), "12345");
    realFs.writeFileSync(join(d, "g"), "123");
    expect(() => packCpio(scanShare(d, "x", () => {}).entries.map((e, i) => i === 1 ? { ...e, data: { size: 5, read: (into: Uint8Array) => (e.data as { read: (b: Uint8Array) => void }).read(into) } } : e)))
      .toThrow(new UsageError(`--share: ${join(d, "g")} changed while it was read`));
  });
});

describe("--share size limit", () => {
  it("a share larger than the guest can hold is refused before any of its files is opened", () => {
    const d = realFs.mkdtempSync(join(tmpdir(), "kmemlab-big-"));
    realFs.writeFileSync(join(d, "small"), "x");
    realFs.truncateSync(join(d, "small"), 0);
    const big = join(d, "sparse");
    realFs.writeFileSync(big, "");
    realFs.truncateSync(big, 1 << 30); // 1 GiB, sparse
    realFs.writeFileSync(join(d, "huge"), "");
    realFs.truncateSync(join(d, "huge"), 5 * 2 ** 30); // past 2 GiB (and past newc's 4 GiB)
    opened.length = 0;
    expect(() => packInitramfs(ROOT, { share: d, room: { bytes: 120 << 20, ramMiB: 128 } }))
      .toThrow(/^--share: .* holds at least 5120\.0 MiB; with -m 128 the guest can take at most 5\d\.\d MiB \(the archive and the unpacked files must both fit in RAM beside the kernel\)$/);
    expect(opened.filter((p) => p.startsWith(d))).toEqual([]);
  });

  it("a walk stops as soon as the share cannot fit (--share / is not walked to the end)", () => {
    const all = scanShare(dir, "x", () => {});
    expect(all.complete).toBe(true);
    const part = scanShare(dir, "x", () => {}, { stopAbove: 300 });
    expect(part.complete).toBe(false);
    expect(part.entries.map((e) => e.path)).toEqual(all.entries.slice(0, part.entries.length).map((e) => e.path));
    expect(part.entries.length).toBeLessThan(all.entries.length);
    expect(() => packInitramfs(ROOT, { share: "/", room: { bytes: 60 << 20, ramMiB: 64 } }))
      .toThrow(/^--share: \/ holds at least \d+\.\d MiB; with -m 64 the guest can take at most \d+\.\d MiB /);
  });

  it("the limit is exact: the archive and the unpacked files, in the room the loader has", () => {
    const d = realFs.mkdtempSync(join(tmpdir(), "kmemlab-fit-"));
    realFs.writeFileSync(join(d, "f"), "");
    const base = packInitramfs(ROOT, { share: d }).length;
    realFs.truncateSync(join(d, "f"), 1000);
    const archive = packInitramfs(ROOT, { share: d }).length;
    expect(archive).toBe(base + 1000);
    expect(packInitramfs(ROOT, { share: d, room: { bytes: archive + 1000, ramMiB: 16 } }).length).toBe(archive);
    expect(() => packInitramfs(ROOT, { share: d, room: { bytes: archive + 999, ramMiB: 16 } })).toThrow(UsageError);
  });
});

describe("--timeout while packing the share", () => {
  it("expires between the chunks of a file being read: TimeoutError, nothing more is read", () => {
    const d = realFs.mkdtempSync(join(tmpdir(), "kmemlab-slow-"));
    for (const f of ["a", "b", "c"]) { realFs.writeFileSync(join(d, f), ""); realFs.truncateSync(join(d, f), 1 << 20); }
    opened.length = 0;
    // the host clock jumps past the deadline once a file of the share is open
    const deadline = new Deadline("5", 5000, () => opened.some((p) => p.startsWith(d)) ? 1e9 : 0);
    expect(() => packInitramfs(ROOT, { share: d, deadline })).toThrow(new TimeoutError("timed out after 5 s (--timeout) while packing the --share directory"));
    expect(opened.filter((p) => p.startsWith(d))).toEqual([join(d, "a")]);
  });
});
