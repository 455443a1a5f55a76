/*
 * build.ts: builds everything the guest needs and packs the initramfs.
 *
 * `make` runs in guest-kernel/, user/ and modules/ (each incremental, so
 * an up-to-date tree costs a few hundred milliseconds), then the
 * initramfs is assembled in memory: user/rootfs (with /init), the
 * programs in /bin, the modules and modules.dep in /lib/modules/<release>,
 * empty mount points, and, for `boot --exec`, the command file
 * /etc/kmemlab/exec. build/initramfs.cpio is the same archive without
 * the command file, for QEMU and for users.
 */

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { cpioSize, packCpio, S_IFDIR, S_IFREG, type CpioEntry } from "./initramfs.ts";
import { scanShare } from "./share.ts";
import { execEntries } from "../boot/exec-script.ts";
import type { Deadline } from "./deadline.ts";
import { UsageError } from "./errors.ts";

export class BuildError extends Error {}

/** Runs make in each part; throws BuildError with make's output on failure, TimeoutError when `deadline` expires (make is stopped). */
export function makeAll(root: string, log: (s: string) => void = () => {}, deadline?: Deadline): void {
  for (const dir of ["guest-kernel", "user", "modules"]) {
    if (!existsSync(join(root, dir, "Makefile"))) continue;
    deadline?.check("building (make)");
    const r = spawnSync("make", ["-s", "-j2", "-C", join(root, dir)], { encoding: "utf8", timeout: deadline?.childTimeout(), maxBuffer: 64 << 20 });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT") throw deadline!.error("building (make)");
    if (r.error) throw new BuildError(`cannot run make: ${r.error.message} (install make and gcc)`);
    if (r.status !== 0) throw new BuildError(`make -C ${dir} failed:\n${(r.stdout + r.stderr).trim()}`);
    const out = (r.stdout ?? "").split("\n").filter((l) => l.trim() && !/Nothing to be done|is up to date/.test(l));
    for (const l of out) log(l);
  }
}

/** A kernel from another .config, into its own directory (used by A3/A8 and `kmemlab build --config`). */
export function buildKernel(root: string, config: string, out: string, log: (s: string) => void = () => {}): void {
  const r = spawnSync("make", ["-s", "-j2", "-C", join(root, "guest-kernel"), `O=${out}`, `KCONFIG_CONFIG=${config}`], { encoding: "utf8" });
  if (r.error) throw new BuildError(`cannot run make: ${r.error.message} (install make and gcc)`);
  if (r.status !== 0) throw new BuildError(`kernel build failed:\n${(r.stdout + r.stderr).trim()}`);
  for (const l of (r.stdout ?? "").split("\n")) if (l.trim()) log(l);
}

function walk(dir: string, base: string, out: CpioEntry[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    const rel = relative(base, p);
    if (st.isDirectory()) { out.push({ path: rel, mode: S_IFDIR | 0o755 }); walk(p, base, out); }
    else out.push({ path: rel, mode: S_IFREG | (st.mode & 0o777), data: new Uint8Array(readFileSync(p)) });
  }
}

/** modules.dep in depmod's format: "path: deps" with paths relative to the module directory. */
function modulesDep(kos: string[]): string {
  return kos.map((k) => `${k}:\n`).join("");
}

export interface InitramfsOptions {
  /** The --exec commands, as /etc/kmemlab/exec. */
  exec?: string;
  /** A host directory shown under /mnt/host (tools/share.ts). */
  share?: string;
  /** What the guest can hold (initrdRoom of its kernel and RAM): a share that does not fit is refused before it is read. */
  room?: { bytes: number; ramMiB: number };
  deadline?: Deadline;
  /** Where warnings about skipped share entries go. */
  warn?: (line: string) => void;
  /** Another kernel tree (tools/kconfigs.ts): its release string and modules; default build/kernel and build/modules. */
  tree?: { kernelDir: string; modulesDir: string };
}

const MiB = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

export function packInitramfs(root: string, o: InitramfsOptions = {}): Uint8Array {
  o.deadline?.check("packing the initramfs");
  const release = readFileSync(join(o.tree?.kernelDir ?? join(root, "build/kernel"), "release"), "utf8").trim();
  const e: CpioEntry[] = [];
  for (const d of ["bin", "sbin", "dev", "proc", "sys", "tmp", "root", "etc", "lib", "lib/modules", `lib/modules/${release}`, "usr", "usr/bin", "boot"])
    e.push({ path: d, mode: S_IFDIR | 0o755 });
  walk(join(root, "user/rootfs"), join(root, "user/rootfs"), e);
  const bin = join(root, "build/user/bin");
  if (existsSync(bin)) for (const name of readdirSync(bin).sort())
    e.push({ path: `bin/${name}`, mode: S_IFREG | 0o755, data: new Uint8Array(readFileSync(join(bin, name))) });
  // Modules: build/modules/<name>.ko. A module whose source directory has
  // scripts (run_tests, load_testmod) is installed in a directory of that
  // name together with them; the others sit at the top, as modprobe finds them.
  const mods = o.tree?.modulesDir ?? join(root, "build/modules");
  const kos: string[] = [];
  const home = new Map<string, string>();
  const srcRoot = join(root, "modules");
  if (existsSync(srcRoot)) for (const dir of readdirSync(srcRoot).sort()) {
    const mk = join(srcRoot, dir, "Makefile");
    if (!existsSync(mk)) continue;
    const scripts = readdirSync(join(srcRoot, dir)).filter((f) => {
      const p = join(srcRoot, dir, f);
      return statSync(p).isFile() && (statSync(p).mode & 0o111) !== 0 && readFileSync(p).subarray(0, 2).toString() === "#!";
    });
    if (!scripts.length) continue;
    e.push({ path: `lib/modules/${release}/${dir}`, mode: S_IFDIR | 0o755 });
    for (const f of scripts.sort())
      e.push({ path: `lib/modules/${release}/${dir}/${f}`, mode: S_IFREG | 0o755, data: new Uint8Array(readFileSync(join(srcRoot, dir, f))) });
    for (const m of readFileSync(mk, "utf8").matchAll(/obj-m\s*[:+]?=\s*([\w-]+)\.o/g)) home.set(`${m[1]}.ko`, dir);
  }
  if (existsSync(mods)) {
    for (const name of readdirSync(mods).sort()) {
      if (!name.endsWith(".ko")) continue;
      const rel = home.has(name) ? `${home.get(name)}/${name}` : name;
      kos.push(rel);
      e.push({ path: `lib/modules/${release}/${rel}`, mode: S_IFREG | 0o644, data: new Uint8Array(readFileSync(join(mods, name))) });
    }
  }
  e.push({ path: `lib/modules/${release}/modules.dep`, mode: S_IFREG | 0o644, data: new TextEncoder().encode(modulesDep(kos)) });
  let shareBytes = 0, complete = true;
  if (o.share !== undefined) {
    // --share: the host directory's files under /mnt/host, modes kept (executables stay executable)
    e.push({ path: "mnt", mode: S_IFDIR | 0o755 }, { path: "mnt/host", mode: S_IFDIR | 0o755 });
    const scan = scanShare(o.share, "mnt/host", o.warn ?? (() => {}), { deadline: o.deadline, stopAbove: o.room?.bytes });
    e.push(...scan.entries);
    shareBytes = scan.dataBytes;
    complete = scan.complete;
  }
  if (o.exec !== undefined) e.push(...execEntries(o.exec));
  if (o.room !== undefined && o.share !== undefined) {
    // The guest holds the archive and its unpacked files at once (the initrd is freed after unpacking).
    const need = cpioSize(e) + shareBytes;
    if (need > o.room.bytes) {
      const most = Math.max(0, Math.floor((o.room.bytes - (need - 2 * shareBytes)) / 2));
      throw new UsageError(`--share: ${o.share} holds ${complete ? "" : "at least "}${MiB(shareBytes)}; with -m ${o.room.ramMiB} the guest can take at most ${MiB(most)} (the archive and the unpacked files must both fit in RAM beside the kernel)`);
    }
  }
  o.deadline?.check("packing the initramfs");
  return packCpio(e);
}

/** `kmemlab build`: make everything and write build/initramfs.cpio. */
export function buildAll(root: string, log: (s: string) => void = () => {}): void {
  makeAll(root, log);
  mkdirSync(join(root, "build"), { recursive: true });
  writeFileSync(join(root, "build/initramfs.cpio"), packInitramfs(root));
}

/**
 * `kmemlab module build DIR`: an external module directory with a
 * Kbuild-style Makefile (or Kbuild file: `obj-m := name.o`,
 * `name-objs := a.o b.o`) built against the lab's kernel, as
 * `make -C modules M=DIR` (modules/scripts/module.mk). The kernel is
 * brought up to date first (the modules use its generated headers and
 * release string). make's output (the "CC [M]" lines, gcc's diagnostics,
 * make's "***" lines) goes to `out` as it would on Linux; a failed build
 * throws BuildError. Returns the .ko files, DIR/<name>.ko.
 */
export function buildExternalModule(root: string, dir: string, out: (s: string) => void, err: (s: string) => void,
  kernelDir?: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BuildError(`module build: ${dir} is not a directory`);
  if (!existsSync(join(dir, "Makefile")) && !existsSync(join(dir, "Kbuild")))
    throw new BuildError(`module build: ${dir} has no Makefile or Kbuild (it needs e.g. "obj-m := name.o")`);
  if (kernelDir === undefined) {
    const k = spawnSync("make", ["-s", "-j2", "-C", join(root, "guest-kernel")], { encoding: "utf8" });
    if (k.error) throw new BuildError(`cannot run make: ${k.error.message} (install make and gcc)`);
    if (k.status !== 0) throw new BuildError(`make -C guest-kernel failed:\n${(k.stdout + k.stderr).trim()}`);
  }
  // --config: the caller built that kernel; the objects for it are kept apart (module.mk), the .ko is relinked
  const kobj = kernelDir !== undefined ? [`KOBJ=${kernelDir}`] : [];
  const mk = (...goal: string[]) => spawnSync("make", ["--no-print-directory", "-C", join(root, "modules"), `M=${dir}`, ...kobj, ...goal], { encoding: "utf8" });
  const list = mk("modules-list");
  if (list.status !== 0) {
    if (list.stderr) err(list.stderr.replace(/\n$/, ""));
    throw new BuildError(`module build failed: make -C ${join(root, "modules")} M=${dir} exited with status ${list.status}`);
  }
  const kos = list.stdout.split("\n").map((l) => l.trim()).filter((l) => l.endsWith(".ko"));
  if (!kos.length) throw new BuildError(`module build: ${dir} builds no module (its Makefile sets no obj-m when KERNELRELEASE is set)`);
  // DIR/name.ko is shared by every kernel tree: linked again when the last build was for another one
  const stamp = join(dir, ".tmp_kmemlab_kernel"), tree = kernelDir ?? join(root, "build/kernel");
  if (existsSync(stamp) ? readFileSync(stamp, "utf8") !== tree : kernelDir !== undefined) for (const ko of kos) rmSync(ko, { force: true });
  const r = mk("modules");
  if (r.error) throw new BuildError(`cannot run make: ${r.error.message} (install make and gcc)`);
  if (r.stdout) out(r.stdout.replace(/\n$/, ""));
  if (r.stderr) err(r.stderr.replace(/\n$/, ""));
  if (r.status !== 0) throw new BuildError(`module build failed: make -C ${join(root, "modules")} M=${dir} exited with status ${r.status}`);
  if (kernelDir !== undefined || existsSync(stamp)) writeFileSync(stamp, tree);
  return kos;
}
