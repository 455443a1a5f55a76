/*
 * cli.ts: the `kmemlab` command line (commander). A thin shell over the
 * library: it parses arguments, reads files, wires the console and turns
 * outcomes into exit statuses. Only this file knows argv, stdout and the
 * exit code.
 *
 * `boot` checks every option, builds, reads the files and packs the
 * initramfs, then runs a lab Session (boot/session.ts) on this terminal.
 *
 * Exit statuses: the guest's own status for `boot` (isa-debug-exit value,
 * or the --exec command's status), 2 for bad input (usage errors, missing
 * or malformed files, out-of-range options), 3 when the guest machine
 * stopped abnormally (triple fault, halt with interrupts off, instruction
 * limit) and for a bug in kmemlab (one line, the details in a log), 124
 * when --timeout expired. Never a stack trace.
 */

import { Command, CommanderError, Option } from "commander";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { resolve, dirname, basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MIN_MEMORY_MIB, MAX_MEMORY_MIB } from "../emulator/machine.ts";
import { parseNm, type Sym } from "./oracle.ts";
import { Session, exitStatus, type SessionEnd, type SessionOptions } from "../boot/session.ts";
import { execScriptSize, withExecScript } from "../boot/exec-script.ts";
import { BootError, initrdRoom, parseKernel } from "../boot/pvh-loader.ts";
import { failureLine, WORKER_AFTER_SCRIPTED, type JitFailure } from "../emulator/jit/index.ts";
import { QEMU, hasQemu, qemuArgs } from "../boot/qemu.ts";
import { runBench } from "./bench.ts";
import { runScanBench } from "./bench-scan.ts";
import { buildWeb, serveWeb } from "./web.ts";
import { BuildError, buildAll, buildExternalModule, buildKernel, makeAll, packInitramfs } from "./build.ts";
import { ConfigError, runConfig } from "./config.ts";
import { buildTree, defaultTree, resolveConfig, writeMergedConfig } from "./kconfigs.ts";
import { UsageError, TimeoutError } from "./errors.ts";
import { parseCount, parseMemory, parseSeconds } from "./args.ts";
import { Deadline } from "./deadline.ts";
import { fileKind, readRegularFile, sysMessage } from "./host-files.ts";
import { bugReport, catchUnexpected, kmemlabVersion } from "./bug-report.ts";
import { GDB_DEFAULT_PORT, GdbSetupError, parseGdbDevice, startGdbServer } from "../emulator/gdbstub-tcp.ts";
import { SnapshotError, readStateHeader } from "../emulator/snapshot.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_KERNEL = resolve(ROOT, "build/kernel/vmlinux");

export { UsageError };

/** The largest kernel file read (a vmlinux with debug info is larger than the image it loads). */
const MAX_KERNEL_FILE = MAX_MEMORY_MIB * 1048576;

/** Reads a regular file the user named (-k, -i, --script, --load-state): one line and status 2 for anything else. */
function readInput(path: string, what: string, maxBytes: number, deadline: Deadline): Uint8Array {
  if (!existsSync(path)) throw new UsageError(`${what} ${path} not found${path === DEFAULT_KERNEL ? " (run `kmemlab build` first)" : ""}`);
  return readRegularFile(path, what, { maxBytes, deadline });
}

/**
 * --jit / --no-jit / --jit-threshold N. The JIT generates its code in a
 * worker thread (which imports binaryen, about a second of CPU), so the
 * guest never pauses for it. It is on for an interactive console and with
 * --jit, off for scripted runs (--exec, --script, piped input) unless
 * asked for. --jit-threshold N (implies --jit; KMEMLAB_JIT_THRESHOLD=N in
 * the environment too) instead imports binaryen when the boot starts and
 * compiles a region at its Nth entry, before it runs again, on the main
 * thread: the compile points are then fixed (tests). A scripted run with
 * --jit starts the worker only once it has run WORKER_AFTER_SCRIPTED
 * instructions (a short one would spend more on importing binaryen than it
 * gains); until then it installs what the disk cache has. Every tier gives
 * the same transcript.
 */
function jitOption(o: BootOpts, interactive: boolean): { threshold?: number; worker?: boolean; workerAfter?: number } | null {
  const threshold = o.jitThreshold !== undefined ? parseCount("--jit-threshold", o.jitThreshold, 1) : undefined;
  // KMEMLAB_JIT_THRESHOLD=N in the environment: the JIT tier for every boot without --no-jit (test runs).
  const env = process.env.KMEMLAB_JIT_THRESHOLD;
  const envThreshold = env !== undefined && env !== "" ? parseCount("KMEMLAB_JIT_THRESHOLD", env, 1) : undefined;
  if (o.jit === false) return null;
  if (threshold !== undefined) return { threshold };
  if (o.jit === true) return interactive ? { worker: true } : { worker: true, workerAfter: WORKER_AFTER_SCRIPTED };
  if (envThreshold !== undefined) return { threshold: envThreshold };
  return interactive ? { worker: true } : null;
}

/** On the console a JIT code-generator failure goes to this file, with one short line on stderr (never into the guest's output). */
export const JIT_FAILURE_LOG = "build/jit-failures.log";
export function consoleJitFailure(f: JitFailure, file = resolve(ROOT, JIT_FAILURE_LOG)): void {
  try { mkdirSync(dirname(file), { recursive: true }); appendFileSync(file, failureLine(f) + "\n"); } catch { process.stderr.write(`\r\nkmemlab: ${failureLine(f)}\r\n`); return; }
  process.stderr.write(`\r\nkmemlab: jit: a code-generator failure (a bug), reported in ${file}\r\n`);
}

interface BootOpts {
  kernel: string; initrd?: string; noInitrd?: boolean; append: string; memory: string;
  clock?: "virtual" | "real"; maxInsns?: string; exec?: string; script?: string; build?: boolean;
  oracle?: boolean; memcheck?: boolean; timeout?: string; share?: string; qemu?: boolean; jit?: boolean; jitThreshold?: string; wasmCore?: boolean;
  gdb?: string; s?: boolean; S?: boolean; saveState?: string; loadState?: string; config?: string;
}

/**
 * `boot --qemu`: the same kernel, initramfs and command line under QEMU
 * (TCG), with the console on this terminal. QEMU keeps only 8 bits of
 * isa-debug-exit's (v << 1) | 1, so the status is v's low 7 bits: the
 * --exec status, or 1 after a kernel panic.
 */
function bootQemu(kernel: string, initrd: Uint8Array | null, append: string, memoryMiB: number, interactive: boolean, deadline: Deadline): number {
  if (!hasQemu()) throw new UsageError(`${QEMU} not found (Debian: apt-get install qemu-system-x86)`);
  let initrdPath: string | undefined;
  if (initrd) {
    initrdPath = join(mkdtempSync(join(tmpdir(), "kmemlab-qemu-")), "initramfs.cpio");
    writeFileSync(initrdPath, initrd);
  }
  const args = qemuArgs({ kernel, append, initrd: initrdPath, memoryMiB, serial: interactive ? "mon:stdio" : "stdio" });
  deadline.check("starting QEMU");
  const r = spawnSync(QEMU, args, { stdio: "inherit", timeout: deadline.childTimeout() });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT") throw deadline.error("QEMU ran (it was stopped)");
  if (r.error) throw new UsageError(`cannot run qemu-system-x86_64: ${r.error.message}`);
  const code = r.status ?? 3;
  return code & 1 ? (code >> 1) & 0x7f : code;
}

/** `nm -n` of the kernel that ran, for the oracle (or the line saying why there is none). */
function kernelSymbols(kernelPath: string, deadline: Deadline): { nm: string } | { error: string } {
  try {
    return { nm: execFileSync("nm", ["-n", kernelPath], { encoding: "utf8", maxBuffer: 64 << 20, timeout: deadline.childTimeout() }) };
  } catch (e) {
    return { error: `oracle: cannot read the symbol table of ${kernelPath} with nm: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` };
  }
}

/**
 * --memcheck's inputs: the kernel's symbols, and the functions whose heap
 * and module-data accesses are the allocator's or a detector's (every
 * function defined in those objects of the kernel's build directory, and
 * whatever they call), and the module loader's, whose own accesses only
 * are exempt (a module's init runs below load_module).
 */
const MEMCHECK_EXEMPT = ["mm/slub.o", "mm/kmemleak.o", "mm/page_alloc.o", "mm/failslab.o", "lib/hexdump.o"];
const MEMCHECK_EXEMPT_OWN = ["kernel/module.o"];
/* KASAN's files, in a kernel configured with it (its quarantine links freed objects through their metadata) */
const MEMCHECK_EXEMPT_IF_BUILT = ["mm/kasan/common.o", "mm/kasan/generic.o", "mm/kasan/quarantine.o", "mm/kasan/report.o", "mm/kasan/init.o"];
function memcheckInputs(kernelPath: string, deadline: Deadline): { syms: Sym[]; exempt: Set<string>; exemptOwn: Set<string> } {
  const sym = kernelSymbols(kernelPath, deadline);
  if (!("nm" in sym)) throw new UsageError(sym.error.replace(/^oracle: /, "--memcheck: "));
  const functions = (objs: string[]): Set<string> => {
    const names = new Set<string>();
    for (const obj of objs) {
      const file = join(dirname(kernelPath), obj);
      let out: string;
      try { out = execFileSync("nm", ["--defined-only", file], { encoding: "utf8", timeout: deadline.childTimeout() }); }
      catch { throw new UsageError(`--memcheck needs the kernel's build directory: cannot read ${file}`); }
      for (const m of out.matchAll(/^[0-9a-f]+ [tTwW] (\S+)$/gm)) names.add(m[1]!);
    }
    return names;
  };
  const built = MEMCHECK_EXEMPT_IF_BUILT.filter((f) => existsSync(join(dirname(kernelPath), f)));
  return { syms: parseNm(sym.nm), exempt: functions([...MEMCHECK_EXEMPT, ...built]), exemptOwn: functions(MEMCHECK_EXEMPT_OWN) };
}

/** What the CLI prints when a run ends other than by the guest's own exit. */
function endMessage(end: SessionEnd, timeout: string | undefined): string | null {
  switch (end.kind) {
    case "timeout": return `timed out after ${timeout} s (--timeout); the guest was stopped`;
    case "quit": return `terminated from ${end.by}`;
    case "saved": return null;
    case "insn-limit": return `machine stopped: instruction limit (${end.limit}) reached`;
    case "stopped": return `machine stopped: ${end.reason}`;
    default: return null;
  }
}

/** A Session, or one line when the host cannot give the machine its RAM. */
function newSession(o: SessionOptions): Session {
  try {
    return new Session(o);
  } catch (e) {
    if (e instanceof RangeError && /allocat|Array buffer length|WebAssembly\.Memory/i.test(e.message))
      throw new UsageError(`cannot allocate ${o.memoryMiB} MiB of guest RAM on this host (${e.message})`);
    throw e;
  }
}

/** Every option of `boot` checked before any work starts. */
function bootSettings(o: BootOpts) {
  if (o.exec !== undefined && o.script !== undefined) throw new UsageError("--exec and --script cannot be combined");
  if (o.initrd !== undefined && (o.exec !== undefined || o.script !== undefined)) throw new UsageError("--exec and --script need the lab's own initramfs (drop --initrd)");
  if (o.share !== undefined && o.initrd !== undefined) throw new UsageError("--share needs the lab's own initramfs (drop --initrd)");
  // -s = --gdb tcp::1234; -S freezes the CPU until gdb continues it (and starts that server too)
  const gdbPort = o.gdb !== undefined || o.s === true || o.S === true ? parseGdbDevice(o.gdb ?? `tcp::${GDB_DEFAULT_PORT}`) : null;
  const snapshots = o.saveState !== undefined || o.loadState !== undefined;
  // gdb attaches to a loaded machine (-S: frozen at the state's instruction); saving at the prompt would take the run loop's control from it
  if (gdbPort !== null && o.saveState !== undefined) throw new UsageError("the gdb server and --save-state cannot be combined (gdb attaches to a machine loaded with --load-state)");
  if (o.qemu && snapshots) throw new UsageError("--save-state and --load-state are kmemlab's (not with --qemu)");
  if (o.memcheck && (gdbPort !== null || o.qemu)) throw new UsageError("--memcheck watches kmemlab's own CPU (not with --qemu, nor with the gdb server, whose watchpoints it would take over)");
  if (gdbPort !== null && o.qemu) throw new UsageError("-s, -S and --gdb are kmemlab's gdb server; with --qemu run qemu-system-x86_64 -s -S yourself");
  const interactive = process.stdin.isTTY === true && o.exec === undefined && o.script === undefined;
  return {
    memoryMiB: parseMemory(o.memory, MIN_MEMORY_MIB, MAX_MEMORY_MIB),
    deadline: o.timeout !== undefined ? new Deadline(o.timeout, parseSeconds("--timeout", o.timeout)) : new Deadline(),
    maxInsns: o.maxInsns !== undefined ? parseCount("--max-insns", o.maxInsns, 1) : undefined,
    jit: jitOption(o, interactive),
    interactive,
    gdbPort,
  };
}

async function boot(o: BootOpts): Promise<number> {
  const settings = bootSettings(o);
  const { deadline, maxInsns, jit, interactive, gdbPort } = settings;
  let memoryMiB = settings.memoryMiB;
  // --load-state: the machine resumes from a file (its RAM, command line and initramfs included)
  const state = o.loadState !== undefined ? readInput(resolve(o.loadState), "state file", MAX_KERNEL_FILE + (MAX_MEMORY_MIB << 20), deadline) : undefined;
  if (state !== undefined) {
    const header = readStateHeader(state);
    if (o.append !== "" || o.initrd !== undefined || o.share !== undefined || (o.memory !== "128" && memoryMiB !== header.memoryMiB))
      throw new UsageError(`--load-state resumes a booted machine: its command line ("${header.cmdline}"), RAM (${header.memoryMiB} MiB) and initramfs are the state's (drop -a, -m, --initrd, --share)`);
    memoryMiB = header.memoryMiB;
  }
  const share = o.share !== undefined ? resolve(o.share) : undefined;
  if (share !== undefined) {
    let st;
    try { st = statSync(share); } catch { throw new UsageError(`--share: ${share} is not a directory`); }
    if (!st.isDirectory()) throw new UsageError(`--share: ${share} is not a directory (it is ${fileKind(st)})`);
  }
  // --config NAME|PATH: that configuration's kernel tree (tools/kconfigs.ts), built when its sources changed
  const tree = o.config !== undefined ? resolveConfig(ROOT, o.config) : defaultTree(ROOT);
  if (o.config !== undefined) {
    if (resolve(o.kernel) !== DEFAULT_KERNEL) throw new UsageError("--config and --kernel both name the kernel (give one)");
    o.kernel = join(tree.kernelDir, "vmlinux");
    if (tree.config !== null && o.build !== false) {
      deadline.check("building (make)");
      buildTree(ROOT, tree, (l) => process.stderr.write(l + "\n"), deadline);
    }
  }
  // The lab's kernel, programs and modules are rebuilt when their sources changed.
  if (resolve(o.kernel) === DEFAULT_KERNEL && o.build !== false) {
    // on a terminal, say what is happening while make checks (or rebuilds) the tree
    const tty = process.stderr.isTTY === true;
    if (tty) process.stderr.write("kmemlab: checking the build (make)…");
    try {
      makeAll(ROOT, (l) => process.stderr.write((tty ? "\r\x1b[K" : "") + l + "\n"), deadline);
    } finally {
      if (tty) process.stderr.write("\r\x1b[K");
    }
  }
  const kernel = readInput(resolve(o.kernel), "kernel", MAX_KERNEL_FILE, deadline);
  // What the initramfs may take: the loader's room above this kernel in this much RAM.
  const room = initrdRoom(parseKernel(kernel, o.kernel), memoryMiB * 1048576);
  let exec = o.exec;
  if (o.script !== undefined) exec = new TextDecoder().decode(readInput(resolve(o.script), "script", room, deadline));
  let initrd: Uint8Array | null = null;
  if (o.initrd !== undefined) initrd = readInput(resolve(o.initrd), "initramfs", room, deadline);
  else if (state !== undefined) initrd = null;
  else if (existsSync(join(tree.kernelDir, "release"))) {
    // the session adds the --exec script to the archive: what is left of the room is the share's
    const bytes = room - (exec !== undefined ? execScriptSize(exec) : 0);
    initrd = packInitramfs(ROOT, { share, room: { bytes, ramMiB: memoryMiB }, deadline, warn: (l) => process.stderr.write(`kmemlab: ${l}\n`), tree });
  } else if (exec !== undefined) throw new UsageError("no initramfs to run --exec in (run `kmemlab build` first)");
  if (o.qemu) {
    const qemuInitrd = initrd !== null && exec !== undefined ? withExecScript(initrd, exec) : initrd;
    return bootQemu(resolve(o.kernel), qemuInitrd, o.append, memoryMiB, exec === undefined && process.stdin.isTTY === true, deadline);
  }
  deadline.check("starting the machine");
  const saveTo = o.saveState !== undefined ? resolve(o.saveState) : undefined;
  let saved = "";
  const t0 = performance.now();
  const session = newSession({
    kernel, kernelName: o.kernel, initrd, cmdline: o.append, memoryMiB, exec, maxInsns,
    // on the console a code-generator failure goes to a log file, never into the guest's output
    jit: jit !== null && interactive ? { ...jit, onFailure: (f: JitFailure) => consoleJitFailure(f) } : jit,
    clock: o.clock ?? (interactive ? "real" : "virtual"),
    wasmCore: o.wasmCore !== false,
    cacheDir: resolve(ROOT, "build/cache"),
    onOutput: (b) => process.stdout.write(b),
    state, version: kmemlabVersion(ROOT),
    memcheck: o.memcheck ? memcheckInputs(resolve(o.kernel), deadline) : undefined,
    // on the console, --save-state names where Ctrl-A s saves (no automatic save at the prompt)
    saveAtPrompt: saveTo !== undefined && !interactive ? (bytes) => {
      writeFileSync(saveTo, bytes);
      saved = `state saved to ${saveTo} (${(bytes.length / 1024).toFixed(0)} KiB) at the shell prompt`;
    } : undefined,
    onSaveKey: (bytes) => {
      const f = saveTo ?? resolve("kmemlab.state");
      try { writeFileSync(f, bytes); return `state saved to ${f}`; }
      catch (e) { return `cannot save the state to ${f}: ${e instanceof Error ? e.message : String(e)}`; }
    },
  });
  if (state !== undefined && process.env.KMEMLAB_STATS) process.stderr.write(`kmemlab: state loaded in ${(performance.now() - t0).toFixed(1)} ms\n`);
  const gdb = gdbPort !== null ? await startGdbServer(session.machine, gdbPort, o.S === true, () => session.stop("quit", "gdb (k)")) : null;
  // gdb's `monitor oracle [ADDR]`: the leak oracle on the stopped machine
  if (gdb !== null) gdb.stub.monitor = (cmd) => {
    const a = /^oracle(?:\s+(0x[0-9a-fA-F]+|\d+))?\s*$/.exec(cmd.trim());
    if (a === null) return null;
    const sym = kernelSymbols(resolve(o.kernel), deadline);
    return "nm" in sym ? session.oracle(sym.nm, a[1] !== undefined ? Number(BigInt.asIntN(64, BigInt(a[1]))) : undefined) : [sym.error];
  };
  let gdbStatus: number | null = null;
  const cancelDeadline = deadline.onExpire(() => session.stop("timeout"));
  let restore = () => {};
  if (interactive) {
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.on("data", (d: Buffer) => session.consoleInput(d));
    restore = () => { process.stdin.setRawMode(false); process.stdin.pause(); };
  } else if (!process.stdin.isTTY) {
    process.stdin.on("data", (d: Buffer) => session.input(d));
    process.stdin.on("error", () => {});
  }
  try {
    let end = await session.run();
    if (end.kind === "poweroff" || end.kind === "panic" || end.kind === "debug-exit") gdbStatus = exitStatus(end);
    // KMEMLAB_STATS=1: what the tiers ran (profiling; the transcript is unchanged)
    if (process.env.KMEMLAB_STATS) process.stderr.write(`kmemlab: ${session.tierStats()}\n`);
    // The machine has stopped; its RAM is still there for the oracle.
    if (o.oracle && end.kind !== "timeout") {
      const sym = kernelSymbols(resolve(o.kernel), deadline);
      for (const l of "nm" in sym ? session.oracle(sym.nm) : [sym.error]) process.stderr.write(l + "\n");
    }
    for (const l of end.kind !== "timeout" ? session.memcheckReport() : []) process.stderr.write(l + "\n");
    if (deadline.expired) end = { kind: "timeout" };
    if (saved !== "") process.stderr.write(`kmemlab: ${saved}\n`);
    const msg = endMessage(end, o.timeout);
    if (msg !== null) process.stderr.write(`\nkmemlab: ${msg}\n`);
    return exitStatus(end);
  } finally {
    gdb?.close(gdbStatus);
    cancelDeadline();
    restore();
    process.stdin.destroy();
  }
}

/** `kmemlab web [--serve [--port N]]`: build the site, then serve it until SIGINT/SIGTERM. */
async function web(o: { serve?: boolean; port: string }): Promise<number> {
  const port = parseCount("--port", o.port, 0, 65535);
  if (o.serve !== true && o.port !== "8080") throw new UsageError("--port needs --serve");
  const out = resolve(ROOT, "build/web");
  const files = await buildWeb(ROOT, out, (l) => process.stderr.write(`kmemlab: ${l}\n`));
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  process.stdout.write(`kmemlab: built ${out} (${files.map((f) => `${f.name} ${kib(f.bytes)}`).join(", ")})\n`);
  if (o.serve !== true) return 0;
  const server = await serveWeb(out, port);
  process.stdout.write(`kmemlab: serving ${out} at ${server.url} (Ctrl-C stops)\n`);
  await new Promise<void>((done) => { for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => done()); });
  server.close();
  return 0;
}

/** errno codes that mean a file the user named is missing, unreadable or of the wrong kind. */
const FILE_ERRORS = new Set(["ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EPERM", "ELOOP", "ENAMETOOLONG", "EROFS", "ENOSPC", "EEXIST", "ENXIO", "EINVAL", "EFBIG", "EMFILE", "ENFILE"]);

/** Run the CLI; returns the process exit status. Never throws. */
export async function main(argv: string[]): Promise<number> {
  catchUnexpected(ROOT, argv);
  const program = new Command();
  let status = 0;
  program
    .name("kmemlab")
    .description("A virtual x86-64 PC that boots a small Linux-like kernel with a faithful kmemleak")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .showHelpAfterError("(run kmemlab --help for usage)");

  program.command("boot")
    .description("boot the kernel; interactive console when stdin is a terminal (Ctrl-A x quits)")
    .option("-k, --kernel <file>", "kernel image (ELF with a PVH note)", DEFAULT_KERNEL)
    .option("-i, --initrd <file>", "initramfs (newc cpio)")
    .option("-a, --append <cmdline>", "kernel command line", "")
    .option("-m, --memory <size>", "guest RAM in MiB", "128")
    .addOption(new Option("--clock <mode>", "virtual (deterministic) or real time").choices(["virtual", "real"]))
    .option("--max-insns <n>", "stop after this many guest instructions")
    .option("-e, --exec <command>", "run a shell command in the guest, power off, exit with its status")
    .option("--script <file>", "like --exec, with the commands read from a file")
    .option("--no-build", "do not run make before booting")
    .option("--timeout <seconds>", "stop the whole command (make, packing and the guest) after this much wall time (exit status 124)")
    .option("--share <dir>", "make a host directory's files visible in the guest under /mnt/host")
    .option("--qemu", "boot the same kernel, initramfs and command line under QEMU instead")
    .option("--oracle", "when the machine stops, grade kmemleak's answer against exact reachability (summary on stderr)")
    .option("--memcheck", "check every heap access against SLUB's metadata; when the machine stops, list the invalid ones and which detector reported each (on stderr)")
    .option("--jit", "compile hot guest code to WebAssembly in a worker thread (binaryen; the default on an interactive console)")
    .option("--no-jit", "interpreter only (the default for --exec and --script)")
    .option("--jit-threshold <n>", "compile a code region at its Nth entry, on the main thread (implies --jit; 1 compiles everything before it runs)")
    .option("--no-wasm-core", "interpret every instruction in TypeScript (no WebAssembly interpreter core; for comparisons)")
    .option("-s", "gdb server on 127.0.0.1:1234, as QEMU's -s (shorthand for --gdb tcp::1234)")
    .option("-S", "freeze the CPU before its first instruction until gdb continues it (starts the gdb server, on :1234 unless --gdb)")
    .option("--gdb <dev>", "gdb server on 127.0.0.1:PORT, as QEMU's -gdb (tcp::PORT; 0 picks a free port, printed on stderr)")
    .option("--save-state <file>", "once the commands have run (or at the first shell prompt), save the machine to this file instead of powering off")
    .option("--load-state <file>", "resume a saved machine (its RAM, command line and devices); --exec/--script commands are typed at its prompt")
    .option("--config <name|file>", "boot the kernel of this configuration (a name in guest-kernel/configs/: default, book-debug; or a .config file), built with its modules into build/kernel-<name>")
    .action(async (o: BootOpts) => { status = await boot(o); });

  program.command("build")
    .description("build the kernel, user programs and modules, and pack build/initramfs.cpio")
    .option("--config <name|file>", "build the kernel of this configuration (guest-kernel/configs/NAME or a .config file) and its modules into build/kernel-<name>")
    .option("-O, --output <dir>", "with --config: where the kernel goes (default build/kernel-<config name>)")
    .action((o: { config?: string; output?: string }) => {
      const log = (l: string) => process.stdout.write(l + "\n");
      if (o.config === undefined) {
        if (o.output !== undefined) throw new UsageError("--output needs --config");
        buildAll(ROOT, log);
        return;
      }
      if (o.output === undefined) {
        // a configuration's own tree: the kernel and the modules built against it, as boot --config uses
        const tree = resolveConfig(ROOT, o.config);
        if (tree.config === null) { buildAll(ROOT, log); return; }
        buildTree(ROOT, tree, log);
        log(`kernel: ${tree.kernelDir}/vmlinux, modules in ${tree.modulesDir} (boot it with: kmemlab boot --config ${o.config})`);
        return;
      }
      const cfg = resolve(o.config);
      if (!existsSync(cfg)) throw new UsageError(`config ${cfg} not found`);
      if (!statSync(cfg).isFile()) throw new UsageError(`config ${cfg} is ${fileKind(statSync(cfg))}, not a regular file`);
      const out = resolve(o.output ?? resolve(ROOT, "build", `kernel-${basename(cfg).replace(/^\./, "")}`));
      // a fragment (as guest-kernel/configs/ has) gets Kconfig's defaults, as with --config alone
      buildKernel(ROOT, writeMergedConfig(ROOT, cfg, out), out, log);
      log(`kernel: ${out}/vmlinux (boot it with: kmemlab boot -k ${out}/vmlinux)`);
    });

  const module = program.command("module").description("external kernel modules");
  module.command("build")
    .description("build an external module directory (Kbuild-style Makefile: obj-m := name.o, name-objs := a.o b.o) against the lab's kernel, like make -C <kernel> M=DIR; leaves DIR/name.ko")
    .argument("<dir>", "the module's source directory")
    .option("--config <name|file>", "build against that configuration's kernel (as boot --config; its KASAN flags go to the module)")
    .action((dir: string, mo: { config?: string }) => {
      const d = resolve(dir);
      const tree = mo.config !== undefined ? resolveConfig(ROOT, mo.config) : undefined;
      if (tree !== undefined && tree.config !== null) buildTree(ROOT, tree, (l) => process.stderr.write(l + "\n"));
      const kos = buildExternalModule(ROOT, d, (l) => process.stdout.write(l + "\n"), (l) => process.stderr.write(l + "\n"),
        tree?.config !== null ? tree?.kernelDir : undefined);
      const cfg = tree?.config != null ? ` --config ${mo.config}` : "";
      for (const ko of kos)
        process.stdout.write(`kmemlab: built ${ko} (load it with: kmemlab boot${cfg} --share ${d}, then insmod /mnt/host/${basename(ko)})\n`);
    });

  program.command("config")
    .description("edit guest-kernel/.config like the kernel's scripts/config (--enable, --disable, --module, --set-val, --set-str, --undefine, --state, --file)")
    .allowUnknownOption(true)
    .helpOption(false)
    .argument("[args...]")
    .action((args: string[]) => {
      if (!args.length) throw new ConfigError("nothing to do (e.g. kmemlab config --state CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE)");
      for (const l of runConfig(ROOT, args)) process.stdout.write(l + "\n");
    });

  program.command("web")
    .description("build the lab as a static web page in build/web/ (xterm.js console; copy the folder to any static host)")
    .option("--serve", "then serve build/web on 127.0.0.1 and print its URL (Ctrl-C stops)")
    .option("--port <n>", "with --serve: the port (0 picks a free one)", "8080")
    .action(async (o: { serve?: boolean; port: string }) => { status = await web(o); });

  program.command("bench")
    .description("print performance figures (interpreter MIPS, ratio against QEMU)")
    .option("--scan", "instead: kmemleak's scan time at 1k-50k tracked objects, kmemlab against QEMU (long: tens of minutes)")
    .action(async (o: { scan?: boolean }) => {
      const log = (s: string) => process.stdout.write(s + "\n");
      await (o.scan ? runScanBench(ROOT, log) : runBench(ROOT, log));
    });

  try {
    await program.parseAsync(argv);
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof UsageError || e instanceof BootError || e instanceof BuildError || e instanceof ConfigError || e instanceof GdbSetupError || e instanceof SnapshotError) {
      process.stderr.write(`kmemlab: ${e.message}\n`);
      return 2;
    }
    if (e instanceof TimeoutError) {
      process.stderr.write(`kmemlab: ${e.message}\n`);
      return 124;
    }
    // A file error that reached here (e.g. `config --file DIR`): the file, what went wrong, status 2.
    const sys = e as NodeJS.ErrnoException;
    if (typeof sys?.code === "string" && FILE_ERRORS.has(sys.code)) {
      process.stderr.write(`kmemlab: ${sys.path ?? `${sys.syscall ?? "file access"} failed`}: ${sysMessage(e)}\n`);
      return 2;
    }
    process.stderr.write(bugReport(e, ROOT, argv) + "\n");
    return 3;
  }
}
