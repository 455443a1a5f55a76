/*
 * kconfigs.ts: the named kernel configurations of guest-kernel/configs/
 * and the build tree each one gets.
 *
 * `--config NAME` names a file in guest-kernel/configs/ (`default`,
 * `book-debug`); anything else is a path to a .config file. A config file is a list of CONFIG_ lines over Kconfig's
 * defaults (a full .config works unchanged, a fragment gets the rest at
 * their defaults): the merged .config is written into the build tree,
 * build/kernel-NAME/.config-in, only when its text changed, so make
 * rebuilds incrementally and the source file is never edited in place
 * (make's olddefconfig would append to it). The kernel goes to
 * build/kernel-NAME/vmlinux and the tree's modules, built against that
 * kernel's autoconf.h (its sanitizer flags), to build/kernel-NAME/modules.
 *
 * `default` is the lab's default tree itself (guest-kernel/.config,
 * build/kernel, build/modules): `--config default` boots what a plain
 * `kmemlab boot` boots.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { BuildError } from "./build.ts";
import type { Deadline } from "./deadline.ts";
import { UsageError } from "./errors.ts";

/** Where a configuration's kernel, release string and modules are. */
export interface KernelTree {
  /** The name shown to the user (`book-debug`, or the file's base name). */
  name: string;
  /** The build directory: vmlinux, release, include/generated/autoconf.h. */
  kernelDir: string;
  /** The in-tree modules built against that kernel. */
  modulesDir: string;
  /** The config file it was built from (null for the default tree). */
  config: string | null;
}

export const CONFIGS_DIR = "guest-kernel/configs";

/** The default tree: what `kmemlab boot` without --config uses. */
export function defaultTree(root: string): KernelTree {
  return { name: "default", kernelDir: join(root, "build/kernel"), modulesDir: join(root, "build/modules"), config: null };
}

/** Resolves `--config NAME|PATH`; a UsageError names what is wrong. */
export function resolveConfig(root: string, arg: string): KernelTree {
  if (arg === "default") return defaultTree(root);
  const named = /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(arg) ? join(root, CONFIGS_DIR, arg) : null;
  const file = named !== null && existsSync(named) ? named : resolve(arg);
  if (!existsSync(file))
    throw new UsageError(named !== null ? `--config: no configuration ${arg} in ${CONFIGS_DIR}/ (there: ${listConfigs(root).join(", ")}) and no file ${file}`
      : `--config: ${file} not found`);
  if (!statSync(file).isFile()) throw new UsageError(`--config: ${file} is not a regular file`);
  const name = basename(file).replace(/^\./, "") || "config";
  const kernelDir = join(root, "build", `kernel-${name}`);
  return { name, kernelDir, modulesDir: join(kernelDir, "modules"), config: file };
}

export function listConfigs(root: string): string[] {
  const d = join(root, CONFIGS_DIR);
  return existsSync(d) ? readdirSync(d).sort() : [];
}

/** Kconfig's defaults with the file's CONFIG_ lines over them, in Kconfig's order (options Kconfig does not know are kept at the end, for make to refuse). */
export function mergedConfig(root: string, file: string): string {
  const r = spawnSync("sh", [join(root, "guest-kernel/scripts/kconfig.sh"), "defconfig", join(root, "guest-kernel/Kconfig")], { encoding: "utf8" });
  if (r.status !== 0) throw new BuildError(`kconfig.sh defconfig failed: ${r.stderr}`);
  const key = (l: string) => /^CONFIG_(\w+)=/.exec(l)?.[1] ?? /^# CONFIG_(\w+) is not set/.exec(l)?.[1];
  const over = new Map<string, string>();
  for (const l of readFileSync(file, "utf8").split("\n")) {
    const k = key(l);
    if (k !== undefined) over.set(k, l);
  }
  const out: string[] = [];
  for (const l of r.stdout.split("\n")) {
    const k = key(l);
    if (k === undefined) continue;
    out.push(over.get(k) ?? l);
    over.delete(k);
  }
  out.push(...over.values());
  disableUnmetDefaults(readFileSync(join(root, "guest-kernel/Kconfig"), "utf8"), out, new Set([...fileKeys(file)]));
  return out.join("\n") + "\n";
}

function fileKeys(file: string): string[] {
  return readFileSync(file, "utf8").split("\n").flatMap((l) => {
    const k = /^CONFIG_(\w+)=/.exec(l)?.[1] ?? /^# CONFIG_(\w+) is not set/.exec(l)?.[1];
    return k === undefined ? [] : [k];
  });
}

/**
 * A bool/tristate option left at its Kconfig default whose `depends on`
 * is false is turned off, as Kconfig does (VMAP_STACK's default y with
 * `depends on !KASAN || KASAN_VMALLOC` in a KASAN config without
 * KASAN_VMALLOC). Repeated until nothing changes (an option turned off
 * can make another's depends false). Options the file sets are kept.
 */
export function disableUnmetDefaults(kconfig: string, lines: string[], explicit: Set<string>): void {
  const deps = new Map<string, string>();
  let name = "";
  for (const l of kconfig.split("\n")) {
    const c = /^config (\w+)/.exec(l);
    if (c) name = c[1];
    const d = /^[ \t]+depends on (.*)$/.exec(l);
    if (d && name) deps.set(name, deps.has(name) ? `(${deps.get(name)}) && (${d[1]})` : d[1]);
  }
  const index = new Map<string, number>();
  lines.forEach((l, i) => {
    const k = /^CONFIG_(\w+)=/.exec(l)?.[1] ?? /^# CONFIG_(\w+) is not set/.exec(l)?.[1];
    if (k !== undefined) index.set(k, i);
  });
  // tristate values: n 0, m 1, y 2; an int or string option that is set counts as y
  const value = (sym: string): number => {
    if (sym === "y") return 2;
    if (sym === "m") return 1;
    if (sym === "n") return 0;
    const i = index.get(sym);
    const l = i === undefined ? "" : lines[i];
    const v = /^CONFIG_\w+=(.*)$/.exec(l)?.[1];
    return v === undefined ? 0 : v === "m" ? 1 : 2;
  };
  const evaluate = (expr: string): number => {
    const toks = expr.match(/\w+|&&|\|\||!=|=|!|\(|\)/g) ?? [];
    let p = 0;
    const primary = (): number => {
      const t = toks[p++];
      if (t === "!") return 2 - primary();
      if (t === "(") {
        const v = or();
        p++;
        return v;
      }
      return value(t ?? "n");
    };
    const and = (): number => {
      let v = primary();
      while (toks[p] === "&&") { p++; v = Math.min(v, primary()); }
      return v;
    };
    const or = (): number => {
      let v = and();
      while (toks[p] === "||") { p++; v = Math.max(v, and()); }
      return v;
    };
    return or();
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [sym, expr] of deps) {
      const i = index.get(sym);
      if (i === undefined || explicit.has(sym) || !/^CONFIG_\w+=[ym]$/.test(lines[i]) || evaluate(expr) !== 0) continue;
      lines[i] = `# CONFIG_${sym} is not set`;
      changed = true;
    }
  }
}

/** Writes the merged config into dir/.config-in, only when its text changed (so make stays incremental); returns its path. */
export function writeMergedConfig(root: string, file: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const cfg = join(dir, ".config-in");
  const text = mergedConfig(root, file);
  if (!existsSync(cfg) || readFileSync(cfg, "utf8") !== text) writeFileSync(cfg, text);
  return cfg;
}

/**
 * Brings the tree's kernel and its modules up to date (make, incremental).
 * The default tree is left to makeAll (the boot path already runs it).
 */
export function buildTree(root: string, t: KernelTree, log: (s: string) => void = () => {}, deadline?: Deadline): void {
  if (t.config === null) return;
  mkdirSync(t.modulesDir, { recursive: true });
  const cfg = writeMergedConfig(root, t.config, t.kernelDir);
  // --timeout covers these makes too (make is stopped)
  const make = (args: string[]) => {
    deadline?.check("building (make)");
    const r = spawnSync("make", args, { encoding: "utf8", maxBuffer: 64 << 20, timeout: deadline?.childTimeout() });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT") throw deadline!.error("building (make)");
    if (r.error) throw new BuildError(`cannot run make: ${r.error.message} (install make and gcc)`);
    return r;
  };
  const k = make(["-s", "-j2", "-C", join(root, "guest-kernel"), `O=${t.kernelDir}`, `KCONFIG_CONFIG=${cfg}`]);
  if (k.status !== 0) throw new BuildError(`kernel build failed:\n${(k.stdout + k.stderr).trim()}`);
  for (const l of (k.stdout ?? "").split("\n")) if (l.trim()) log(l);
  // user programs are the same for every kernel; the modules are built against this one
  const u = make(["-s", "-j2", "-C", join(root, "user")]);
  if (u.status !== 0) throw new BuildError(`make -C user failed:\n${(u.stdout + u.stderr).trim()}`);
  const m = make(["-s", "-j2", "-C", join(root, "modules"), `MO=${t.modulesDir}`, `KOBJ=${t.kernelDir}`]);
  if (m.status !== 0) throw new BuildError(`make -C modules (for ${t.name}) failed:\n${(m.stdout + m.stderr).trim()}`);
  for (const l of (m.stdout ?? "").split("\n")) if (l.trim() && !/Nothing to be done|is up to date/.test(l)) log(l);
}
