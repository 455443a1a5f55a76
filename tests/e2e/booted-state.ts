/*
 * booted-state.ts: a guest booted once, then resumed for every test that
 * boots the same configuration (issue 19's "use it where it pays").
 *
 * bootFromState({ exec }) gives what bootGuest({ exec }) gives, without
 * booting: the first call for a configuration (kernel, initramfs, kernel
 * command line, the share directory's files, the emulator's sources) boots it with
 * `boot -e : --save-state` and keeps the state and the boot's console
 * under build/boot-states/, named by the SHA-256 of all of those; every
 * call then runs `boot --load-state FILE -e CMDS`, which types CMDS at the
 * saved prompt and powers off with their status. The result's transcript
 * is the saved boot's console followed by the commands' output, without
 * the shell's echo of the typed line and of the `poweroff -f $?` after
 * it, so `session`, `userOutput` and `lines` read it as a fresh boot's.
 *
 * It is the same machine as a fresh boot would be when its script starts:
 * the interactive shell is the script's shell (`exec sh -i` in place, same
 * pid), the commands get the same pids, the same tty, the same working
 * directory and environment. What differs: $0 is "sh" (not
 * /etc/kmemlab/exec), the virtual clock is a few milliseconds later, an
 * `exit` ends the interactive shell rather than a script; so only tests
 * whose assertions hold either way use it (one line of commands, no
 * control characters). A state is valid only for identical boot inputs:
 * anything that changes them (another -a, -m, --share contents, kernel or
 * emulator build) is another file. Several vitest workers may create the
 * same state at once: each writes a temporary file and renames it into
 * place, and both write the same bytes (the boot is deterministic).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { packInitramfs } from "../../tools/build.ts";
import { packCpio } from "../../tools/initramfs.ts";
import { scanShare } from "../../tools/share.ts";
import { defaultTree, resolveConfig } from "../../tools/kconfigs.ts";
import { type BootResult, bootResult, runNode } from "./guest.ts";

export interface StateBootOpts {
  exec: string;
  /** Kernel command line of the saved boot. */
  append?: string;
  /** `boot --config NAME` of the saved boot. */
  config?: string;
  /** `boot --share DIR` of the saved boot (its files are part of the key, not its path). */
  share?: string;
  /** Options of the resumed run only (--oracle, --jit-threshold N, ...): never ones that shape the boot. */
  extra?: string[];
  timeoutMs?: number;
}

const DIR = join(ROOT, "build/boot-states");
const CLI = join(ROOT, "tools/kmemlab.mjs");
const BOOT_SHAPING = /^(-a|--append|-m|--memory|-k|--kernel|-i|--initrd|--share|--config|--load-state|--save-state|-e|--exec|--script)(=|$)/;
/** States not used for this long are removed when a new one is saved (each kernel or emulator build makes new ones). */
const STALE_MS = 24 * 3600_000;

interface Saved { file: string; boot: string }

function bootArgs(o: StateBootOpts): string[] {
  const a: string[] = [];
  if (o.append) a.push("-a", o.append);
  if (o.config) a.push("--config", o.config);
  if (o.share) a.push("--share", o.share);
  return a;
}

/** Names, modes and contents of a directory's files (those `keepIf` keeps), into `h`. */
function hashDir(h: ReturnType<typeof createHash>, dir: string, keepIf: (name: string) => boolean, rel = ""): void {
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
    const p = join(rel, e.name);
    if (!e.isDirectory() && !keepIf(e.name)) continue;
    h.update(`${p}\0${statSync(join(dir, p)).mode}\0`);
    if (e.isDirectory()) hashDir(h, dir, keepIf, p);
    else if (e.isFile()) h.update(readFileSync(join(dir, p)));
  }
}

/** The emulator's sources (what the CLI bundle is built from: emulator/, boot/, tools/), hashed once per process. */
let emulatorHash: string | null = null;
function emulatorSources(): string {
  if (emulatorHash === null) {
    const h = createHash("sha256");
    for (const d of ["emulator", "boot", "tools"]) hashDir(h, join(ROOT, d), (n) => n.endsWith(".ts") || n.endsWith(".mjs"));
    emulatorHash = h.digest("hex");
  }
  return emulatorHash;
}

/** The kernel and initramfs of a tree with the emulator's sources, hashed once per process and kernel file (the tree's vmlinux, as stat sees it). */
const treeHashes = new Map<string, string>();
const treeOf = (config: string | undefined) => config !== undefined ? resolveConfig(ROOT, config) : defaultTree(ROOT);
function treeHash(config: string | undefined): string {
  const tree = treeOf(config);
  const vmlinux = join(tree.kernelDir, "vmlinux"), st = statSync(vmlinux);
  const id = `${vmlinux}\0${st.size}\0${st.mtimeMs}`;
  let v = treeHashes.get(id);
  if (v === undefined) {
    const h = createHash("sha256");
    h.update(readFileSync(vmlinux));
    h.update(packInitramfs(ROOT, { tree }));
    h.update(emulatorSources());
    h.update(readFileSync(join(ROOT, "package.json")));
    v = h.digest("hex");
    treeHashes.set(id, v);
  }
  return v;
}

/** The state's name: SHA-256 of everything that shapes the booted machine. */
function stateKey(o: StateBootOpts): string {
  const h = createHash("sha256");
  h.update(treeHash(o.config));
  h.update(`\0${o.append ?? ""}\0`);
  // the share as the guest gets it (the archive of its files)
  if (o.share !== undefined) h.update(packCpio(scanShare(o.share, "mnt/host", () => {}).entries));
  return h.digest("hex").slice(0, 32);
}

function paths(key: string): Saved { return { file: join(DIR, `${key}.state`), boot: join(DIR, `${key}.boot`) }; }

function saveArgs(o: StateBootOpts, tmp: string): string[] {
  return [CLI, "boot", "--no-build", "--clock", "virtual", ...bootArgs(o), "-e", ":", "--save-state", tmp];
}

/** The saving boot's console, up to (not including) the prompt it was saved at; throws if it did not save. */
function keep(s: Saved, tmp: string, status: number | null, stdout: string, stderr: string): Saved {
  if (status !== 0 || !existsSync(tmp)) throw new Error(`booted-state: the boot to save (status ${status}) failed: ${stderr.slice(-2000)}`);
  if (!stdout.endsWith("# ")) throw new Error(`booted-state: the saved boot did not end at a prompt: ${JSON.stringify(stdout.slice(-200))}`);
  // the console first, the state (whose presence means "ready") last
  writeFileSync(`${s.boot}.${process.pid}.tmp`, stdout.slice(0, -2));
  renameSync(`${s.boot}.${process.pid}.tmp`, s.boot);
  renameSync(tmp, s.file);
  prune(s);
  return s;
}

function prune(keep: Saved): void {
  const now = Date.now();
  for (const f of readdirSync(DIR)) {
    const p = join(DIR, f);
    if (p === keep.file || p === keep.boot) continue;
    try { if (now - statSync(p).mtimeMs > STALE_MS) rmSync(p, { force: true }); } catch { /* another worker's */ }
  }
}

const made = new Map<string, Promise<Saved>>();

function ready(key: string): Saved | null {
  const s = paths(key);
  if (!existsSync(s.file) || !existsSync(s.boot)) return null;
  // in use: not stale (prune)
  const now = new Date();
  try { utimesSync(s.file, now, now); utimesSync(s.boot, now, now); } catch { /* pruned meanwhile: the load says so */ }
  return s;
}

function savedSync(o: StateBootOpts, timeoutMs: number): Saved {
  const key = stateKey(o);
  const have = ready(key);
  if (have !== null) return have;
  mkdirSync(DIR, { recursive: true });
  const s = paths(key), tmp = `${s.file}.${process.pid}.tmp`;
  const r = spawnSync(process.execPath, saveArgs(o, tmp), { encoding: "utf8", timeout: timeoutMs });
  return keep(s, tmp, r.status, r.stdout ?? "", r.stderr ?? "");
}

function savedAsync(o: StateBootOpts, timeoutMs: number): Promise<Saved> {
  const key = stateKey(o);
  const have = ready(key);
  if (have !== null) return Promise.resolve(have);
  // one saving boot per key in this process (pool() asks for the same state twice at once)
  let p = made.get(key);
  if (p === undefined) {
    mkdirSync(DIR, { recursive: true });
    const s = paths(key), tmp = `${s.file}.${process.pid}.tmp`;
    p = runNode(saveArgs(o, tmp), timeoutMs).then((r) => keep(s, tmp, r.status, r.stdout, r.stderr));
    made.set(key, p);
    p.catch(() => made.delete(key));
  }
  return p;
}

function loadArgs(o: StateBootOpts, s: Saved): string[] {
  if (/[\x00-\x1f\x7f]/.test(o.exec)) throw new Error("bootFromState: the commands are typed at a prompt: one line, no control characters (use bootGuest)");
  for (const x of o.extra ?? []) if (BOOT_SHAPING.test(x)) throw new Error(`bootFromState: ${x} shapes the boot (give it as an option of the state)`);
  const k = o.config !== undefined ? ["--config", o.config] : [];
  return [CLI, "boot", "--no-build", "--clock", "virtual", ...k, "--load-state", s.file, "-e", o.exec, ...(o.extra ?? [])];
}

/** The resumed run's console without what typing made (the echo of the two lines typed); the saved boot's before it. */
function resumed(o: StateBootOpts, s: Saved, status: number | null, stdout: string, stderr: string): BootResult {
  const echo = `${o.exec}\r\n`, off = "# poweroff -f $?\r\n";
  let out = stdout;
  if (!out.startsWith(echo)) throw new Error(`bootFromState: the resumed shell did not echo the commands: ${JSON.stringify(out.slice(0, 300))} (${stderr.slice(-500)})`);
  out = out.slice(echo.length);
  const i = out.lastIndexOf(off);
  if (i >= 0) out = out.slice(0, i) + out.slice(i + off.length);
  return bootResult(status, readFileSync(s.boot, "utf8") + out, stderr);
}

/** The configuration's saved state file (booted and saved the first time), for a test that loads it itself. */
export async function savedState(o: Omit<StateBootOpts, "exec">): Promise<string> {
  return (await savedAsync({ ...o, exec: "" }, o.timeoutMs ?? 120_000)).file;
}

/** bootGuest's result for `o.exec`, from the configuration's saved state (booted and saved the first time). */
export function bootFromState(o: StateBootOpts): BootResult {
  const timeout = o.timeoutMs ?? 120_000;
  const s = savedSync(o, timeout);
  const r = spawnSync(process.execPath, loadArgs(o, s), { encoding: "utf8", timeout });
  return resumed(o, s, r.status, r.stdout ?? "", r.stderr ?? "");
}

/** bootFromState without blocking (for pool). */
export async function bootFromStateAsync(o: StateBootOpts): Promise<BootResult> {
  const timeout = o.timeoutMs ?? 120_000;
  const s = await savedAsync(o, timeout);
  const r = await runNode(loadArgs(o, s), timeout);
  return resumed(o, s, r.status, r.stdout, r.stderr);
}
