/*
 * cli-host.test.ts: the host side of `kmemlab boot` under hostile input:
 * --share is a jail (links arrive as links, special files are skipped,
 * a share too large is refused), files that are no regular files, crafted
 * kernel ELFs, number options, and --timeout over the whole command. Every
 * refusal is one line and status 2; a timeout is 124.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, DEFAULT_KERNEL } from "../../tools/cli.ts";
import { initrdRoom, parseKernel } from "../../boot/pvh-loader.ts";
import { bootGuest, userOutput } from "./guest.ts";

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), ...args], { encoding: "utf8", timeout: 60_000, input: "" });
const boot = (...args: string[]) => cli("boot", "--no-build", ...args);

let top: string;
beforeAll(() => { top = mkdtempSync(join(tmpdir(), "kmemlab-host-")); });

describe("--share is a jail", () => {
  it("links arrive as links (never their targets), special files are skipped with a warning, the rest as usual", () => {
    const dir = join(top, "jail");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(top, "outside.txt"), "host secret\n");
    writeFileSync(join(dir, "in.txt"), "inside\n");
    symlinkSync(join(top, "outside.txt"), join(dir, "abs"));
    symlinkSync("../outside.txt", join(dir, "rel"));
    symlinkSync("in.txt", join(dir, "ok"));
    symlinkSync("nowhere", join(dir, "dangling"));
    symlinkSync("loop2", join(dir, "loop1"));
    symlinkSync("loop1", join(dir, "loop2"));
    symlinkSync("/", join(dir, "sub", "root"));
    execFileSync("mkfifo", [join(dir, "fifo")]);
    execFileSync("python3", ["-c", `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(join(dir, "sock"))})`]);
    let chr = true; // a copy of /dev/zero (needs CAP_MKNOD: root, as .ci/run runs)
    try { execFileSync("mknod", [join(dir, "zero"), "c", "1", "5"], { stdio: "ignore" }); } catch { chr = false; }
    const r = bootGuest({
      exec: "cd /mnt/host; ls -l abs rel ok dangling loop1 sub/root | tr -s ' ' | cut -d' ' -f1,9-; cat ok; cat abs; cat rel; cat sub/root/in.txt; ls fifo",
      extra: ["--share", dir],
    });
    expect(r.status).toBe(2); // ls's status for a name it cannot access
    expect(userOutput(r)).toEqual([
      `lrwxrwxrwx abs -> ${join(top, "outside.txt")}`,
      "lrwxrwxrwx dangling -> nowhere",
      "lrwxrwxrwx loop1 -> loop2",
      "lrwxrwxrwx ok -> in.txt",
      "lrwxrwxrwx rel -> ../outside.txt",
      "lrwxrwxrwx sub/root -> /",
      "inside",
      `cat: abs: No such file or directory`,
      "cat: rel: No such file or directory",
      "cat: sub/root/in.txt: No such file or directory",
      "ls: cannot access 'fifo': No such file or directory",
      "",
    ]);
    expect(r.out).not.toContain("host secret");
    expect(r.stderr).toBe([
      `kmemlab: --share: skipping ${join(dir, "fifo")} (a FIFO)\n`,
      `kmemlab: --share: skipping ${join(dir, "sock")} (a socket)\n`,
      chr ? `kmemlab: --share: skipping ${join(dir, "zero")} (a character device)\n` : "",
    ].join(""));
  });

  it("a share larger than the guest can hold is refused before it is read: a 1 GiB sparse file, a 5 GiB one", () => {
    const dir = join(top, "big");
    mkdirSync(dir);
    writeFileSync(join(dir, "sparse"), "");
    truncateSync(join(dir, "sparse"), 2 ** 30);
    const r = boot("--share", dir, "-e", "true");
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toMatch(new RegExp(`^kmemlab: --share: ${dir} holds at least 1024\\.0 MiB; with -m 128 the guest can take at most 5\\d\\.\\d MiB \\(the archive and the unpacked files must both fit in RAM beside the kernel\\)\\n$`));
    writeFileSync(join(dir, "huge"), "");
    truncateSync(join(dir, "huge"), 5 * 2 ** 30);
    const h = boot("-m", "4096", "--share", dir, "-e", "true");
    expect([h.status, h.stdout]).toEqual([2, ""]);
    expect(h.stderr).toMatch(/^kmemlab: --share: .* holds at least 5120\.0 MiB; with -m 4096 the guest can take at most 20\d\d\.\d MiB /);
  });
});

describe("files that are not what they should be", () => {
  it("-k, -i, -s: a directory, a FIFO, a device, a file too large: one line, status 2", () => {
    const fifo = join(top, "fifo");
    execFileSync("mkfifo", [fifo]);
    const sparse = join(top, "sparse-3g");
    writeFileSync(sparse, "");
    truncateSync(sparse, 3 * 2 ** 30);
    const room = initrdRoom(parseKernel(new Uint8Array(readFileSync(DEFAULT_KERNEL))), 128 << 20);
    const cases: [string[], string][] = [
      [["-k", top], `kmemlab: kernel ${top} is a directory, not a regular file\n`],
      [["-i", top], `kmemlab: initramfs ${top} is a directory, not a regular file\n`],
      [["--script", top], `kmemlab: script ${top} is a directory, not a regular file\n`],
      [["-k", fifo], `kmemlab: kernel ${fifo} is a FIFO, not a regular file\n`],
      [["--script", fifo], `kmemlab: script ${fifo} is a FIFO, not a regular file\n`],
      [["-i", "/dev/zero"], "kmemlab: initramfs /dev/zero is a character device, not a regular file\n"],
      [["-k", "/dev/zero"], "kmemlab: kernel /dev/zero is a character device, not a regular file\n"],
      [["-i", sparse], `kmemlab: initramfs ${sparse} is too large (3221225472 bytes, at most ${room})\n`],
      [["--script", sparse], `kmemlab: script ${sparse} is too large (3221225472 bytes, at most ${room})\n`],
      [["--script", join(top, "nonexistent")], `kmemlab: script ${join(top, "nonexistent")} not found\n`],
      [["--share", fifo], `kmemlab: --share: ${fifo} is not a directory (it is a FIFO)\n`],
    ];
    for (const [args, err] of cases) {
      const r = boot(...args);
      expect([args, r.status, r.stderr]).toEqual([args, 2, err]);
    }
  });

  it("a crafted kernel ELF (a PT_NOTE with namesz near 2^32; segments past the file) is one line, status 2", () => {
    const k = new Uint8Array(readFileSync(DEFAULT_KERNEL));
    const dv = new DataView(k.buffer);
    const phoff = Number(dv.getBigUint64(32, true)), phnum = dv.getUint16(56, true);
    const noteIndex = [...Array(phnum).keys()].find((i) => dv.getUint32(phoff + i * 56, true) === 4)!;
    const note = phoff + noteIndex * 56;
    const spin = k.slice();
    new DataView(spin.buffer).setUint32(Number(dv.getBigUint64(note + 8, true)), 0xfffffff0, true); // namesz
    writeFileSync(join(top, "spin.elf"), spin);
    const past = k.slice();
    new DataView(past.buffer).setBigUint64(phoff + 32, 1n << 40n, true); // the first segment's p_filesz
    writeFileSync(join(top, "past.elf"), past);
    writeFileSync(join(top, "half.elf"), k.subarray(0, phoff + 20));
    const r = boot("-k", join(top, "spin.elf"), "-e", "true");
    expect([r.status, r.stderr]).toEqual([2, `kmemlab: ${join(top, "spin.elf")}: segment ${noteIndex}: note at offset 0x${Number(dv.getBigUint64(note + 8, true)).toString(16)} (name 4294967280 bytes, descriptor 4 bytes) runs past the segment\n`]);
    const p = boot("-k", join(top, "past.elf"), "-e", "true");
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/^kmemlab: .*past\.elf: segment 0 \(file offset 0x[0-9a-f]+, 0x10000000000 bytes\) lies outside the file \(\d+ bytes\)\n$/);
    const h = boot("-k", join(top, "half.elf"), "-e", "true");
    expect([h.status, h.stderr]).toEqual([2, `kmemlab: ${join(top, "half.elf")}: ${phnum} program headers of 56 bytes (file offset 0x40, 0x${(phnum * 56).toString(16)} bytes) lies outside the file (${phoff + 20} bytes)\n`]);
  });
});

describe("number options", () => {
  it("are parsed strictly: one line, status 2", () => {
    const cases: [string[], string][] = [
      [["--max-insns", "abc"], "kmemlab: --max-insns must be a whole number of at least 1 (got 'abc')\n"],
      [["--max-insns", "-1"], "kmemlab: --max-insns must be a whole number of at least 1 (got '-1')\n"],
      [["--max-insns", "0"], "kmemlab: --max-insns must be a whole number of at least 1 (got '0')\n"],
      [["--max-insns", "1e6"], "kmemlab: --max-insns must be a whole number of at least 1 (got '1e6')\n"],
      [["--max-insns", "99999999999999999999"], "kmemlab: --max-insns 99999999999999999999 is out of range (1..9007199254740991)\n"],
      [["--jit-threshold", "0x10"], "kmemlab: --jit-threshold must be a whole number of at least 1 (got '0x10')\n"],
      [["--timeout", "1e400"], "kmemlab: invalid --timeout '1e400' (seconds, more than 0 and at most 1000000000, e.g. 30 or 0.5)\n"],
      [["--timeout", "-3"], "kmemlab: invalid --timeout '-3' (seconds, more than 0 and at most 1000000000, e.g. 30 or 0.5)\n"],
      [["--timeout", "NaN"], "kmemlab: invalid --timeout 'NaN' (seconds, more than 0 and at most 1000000000, e.g. 30 or 0.5)\n"],
      [["--timeout", "2000000000"], "kmemlab: invalid --timeout '2000000000' (seconds, more than 0 and at most 1000000000, e.g. 30 or 0.5)\n"],
      [["-m", "Infinity"], "kmemlab: invalid memory size 'Infinity' (use MiB, e.g. 128 or 128M or 1G)\n"],
      [["-m", "5G"], "kmemlab: memory size 5120 MiB is out of range (16..4096)\n"],
    ];
    for (const [args, err] of cases) {
      const r = boot(...args, "-e", "true");
      expect([args, r.status, r.stderr]).toEqual([args, 2, err]);
    }
    const env = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "-e", "true"], { encoding: "utf8", env: { ...process.env, KMEMLAB_JIT_THRESHOLD: "many" } });
    expect([env.status, env.stderr]).toEqual([2, "kmemlab: KMEMLAB_JIT_THRESHOLD must be a whole number of at least 1 (got 'many')\n"]);
  });
});

describe("--timeout", () => {
  it("a timeout past Node's 2^31-1 ms timer limit is a long timeout, not an immediate one", () => {
    for (const t of ["3000000", "1000000000"]) {
      const r = bootGuest({ exec: "echo ran", extra: ["--timeout", t] });
      expect([r.status, r.stderr, userOutput(r)]).toEqual([0, "", ["ran", ""]]);
    }
  });

  it("covers the host-side work too: reading the kernel, make (tests/unit/tools/deadline.test.ts: the share)", () => {
    const r = boot("--timeout", "0.000001", "-e", "true");
    expect([r.status, r.stdout, r.stderr]).toEqual([124, "", "kmemlab: timed out after 0.000001 s (--timeout) while reading the kernel\n"]);
    // make runs first (a build that is up to date still takes make's time)
    const m = cli("boot", "--timeout", "0.000001", "-e", "true");
    expect([m.status, m.stdout, m.stderr]).toEqual([124, "", "kmemlab: timed out after 0.000001 s (--timeout) while building (make)\n"]);
  });
});
