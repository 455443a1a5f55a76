/*
 * cli.ts: the `kmemlab` command line (commander). A thin shell over the
 * library: it parses arguments, reads files, wires the console and turns
 * outcomes into exit statuses. Only this file knows argv, stdout and the
 * exit code.
 *
 * Exit statuses: the guest's own status for `boot` (isa-debug-exit value,
 * or the --exec command's status), 2 for bad input (usage errors, missing
 * or malformed files, out-of-range options), 3 when the guest machine
 * stopped abnormally (triple fault, halt with interrupts off, instruction
 * limit).
 */

import { Command, CommanderError, Option } from "commander";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { resolve, dirname, basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Machine, MIN_MEMORY_MIB, MAX_MEMORY_MIB } from "../emulator/machine.ts";
import { BootError } from "../boot/pvh-loader.ts";
import { QEMU, hasQemu, qemuArgs } from "../boot/qemu.ts";
import { runBench } from "./bench.ts";
import { BuildError, buildAll, buildExternalModule, buildKernel, makeAll, packInitramfs } from "./build.ts";
import { ConfigError, runConfig } from "./config.ts";
import { formatOracle, hex, parseNm, physicalMemory, runOracle, OracleError } from "./oracle.ts";
import { REG_NAMES, REG_RSP } from "../emulator/cpu/state.ts";
import { GDB_DEFAULT_PORT, GdbSetupError, parseGdbDevice, startGdbServer } from "../emulator/gdbstub-tcp.ts";
import { PromptWatch, SnapshotError, readStateHeader, restoreMachine, saveState } from "../emulator/snapshot.ts";
import { execFileSync } from "node:child_process";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_KERNEL = resolve(ROOT, "build/kernel/vmlinux");
export const DEFAULT_INITRD = resolve(ROOT, "build/initramfs.cpio");

/** A user-facing error: printed as one line, exit status 2. */
export class UsageError extends Error {}

function readInput(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new UsageError(`${what} ${path} not found${path === DEFAULT_KERNEL ? " (run `kmemlab build` first)" : ""}`);
  return new Uint8Array(readFileSync(path));
}

function parseMemory(v: string): number {
  const m = /^(\d+)([MG]?)$/i.exec(v.trim());
  if (!m) throw new UsageError(`invalid memory size '${v}' (use MiB, e.g. 128 or 128M or 1G)`);
  const n = Number(m[1]) * (m[2]?.toUpperCase() === "G" ? 1024 : 1);
  if (n < MIN_MEMORY_MIB || n > MAX_MEMORY_MIB) throw new UsageError(`memory size ${n} MiB is out of range (${MIN_MEMORY_MIB}..${MAX_MEMORY_MIB})`);
  return n;
}

/**
 * --jit / --no-jit / --jit-threshold N. The JIT generates its code in a
 * worker thread (which imports binaryen, about a second of CPU), so the
 * guest never pauses for it. It is on for an interactive console and with
 * --jit, off for scripted runs (--exec, --script, piped input) unless
 * asked for. --jit-threshold N (implies --jit; KMEMLAB_JIT_THRESHOLD=N in
 * the environment too) instead imports binaryen when the boot starts and
 * compiles a region at its Nth entry, before it runs again, on the main
 * thread: the compile points are then fixed (tests). Every tier gives the
 * same transcript.
 */
function jitOption(o: BootOpts, interactive: boolean): { threshold?: number; worker?: boolean } | null {
  let threshold: number | undefined;
  if (o.jitThreshold !== undefined) {
    threshold = Number(o.jitThreshold);
    if (!/^\d+$/.test(o.jitThreshold) || threshold < 1) throw new UsageError(`--jit-threshold must be a positive integer (got ${o.jitThreshold})`);
  }
  if (o.jit === false) return null;
  if (threshold !== undefined) return { threshold };
  if (o.jit === true) return { worker: true };
  // KMEMLAB_JIT_THRESHOLD=N in the environment: the JIT tier for every boot without --no-jit (test runs).
  const env = process.env.KMEMLAB_JIT_THRESHOLD;
  if (env !== undefined && /^\d+$/.test(env) && Number(env) >= 1) return { threshold: Number(env) };
  return interactive ? { worker: true } : null;
}

interface BootOpts {
  kernel: string; initrd?: string; noInitrd?: boolean; append: string; memory: string;
  clock?: "virtual" | "real"; maxInsns?: string; exec?: string; script?: string; build?: boolean;
  oracle?: boolean; timeout?: string; share?: string; qemu?: boolean; jit?: boolean; jitThreshold?: string; wasmCore?: boolean;
  gdb?: string; s?: boolean; S?: boolean; saveState?: string; loadState?: string;
}

/** The version a saved state is tied to. */
function kmemlabVersion(): string {
  return (JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * `boot --qemu`: the same kernel, initramfs and command line under QEMU
 * (TCG), with the console on this terminal. QEMU keeps only 8 bits of
 * isa-debug-exit's (v << 1) | 1, so the status is v's low 7 bits: the
 * --exec status, or 1 after a kernel panic.
 */
function bootQemu(kernel: string, initrd: Uint8Array | null, append: string, memoryMiB: number, interactive: boolean): number {
  if (!hasQemu()) throw new UsageError(`${QEMU} not found (Debian: apt-get install qemu-system-x86)`);
  let initrdPath: string | undefined;
  if (initrd) {
    initrdPath = join(mkdtempSync(join(tmpdir(), "kmemlab-qemu-")), "initramfs.cpio");
    writeFileSync(initrdPath, initrd);
  }
  const args = qemuArgs({ kernel, append, initrd: initrdPath, memoryMiB, serial: interactive ? "mon:stdio" : "stdio" });
  const r = spawnSync(QEMU, args, { stdio: "inherit" });
  if (r.error) throw new UsageError(`cannot run qemu-system-x86_64: ${r.error.message}`);
  const code = r.status ?? 3;
  return code & 1 ? (code >> 1) & 0x7f : code;
}

const CONSOLE_HELP = "\r\nkmemlab console: Ctrl-A x quit, Ctrl-A s save the machine (--save-state FILE, or ./kmemlab.state), Ctrl-A h this help, Ctrl-A Ctrl-A send Ctrl-A\r\n";

/**
 * What the guest asked for through isa-debug-exit (QEMU's status is (v << 1) | 1):
 * v = 0x80 | s is a power-off carrying the --exec status s; v = 1 is a kernel panic.
 */
export function guestExitStatus(code: number): number {
  const v = code >> 1;
  if (v & 0x80) return v & 0x7f;
  if (v === 1) return 3;
  return code;
}

/**
 * `boot --oracle`: grade kmemleak against exact reachability on the stopped
 * machine (tools/oracle.ts): symbols from `nm -n` of the kernel that ran,
 * guest memory through the CPU's page tables, the CPU's registers as roots.
 */
function oracleLines(m: Machine, kernelPath: string, at?: number): string[] {
  let nm: string;
  try {
    nm = execFileSync("nm", ["-n", kernelPath], { encoding: "utf8", maxBuffer: 64 << 20 });
  } catch (e) {
    return [`oracle: cannot read the symbol table of ${kernelPath} with nm: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`];
  }
  const cpu = m.cpu;
  const regs = [];
  for (let n = 0; n < 16; n++) regs.push({ name: REG_NAMES[n] ?? `r${n}`, value: cpu.regLin(n) });
  try {
    const r = runOracle(physicalMemory(cpu.mmu.mem, cpu.mmu.cr3), parseNm(nm), { rsp: cpu.regLin(REG_RSP), regs });
    if (at === undefined) return formatOracle(r);
    // one address (gdb's `monitor oracle ADDR`): the verdict on the object holding it
    const o = r.objects.find((x) => at >= x.addr && at < x.addr + Math.max(1, x.size));
    return o !== undefined ? formatOracle({ ...r, notes: [], objects: [o] }).slice(2)
      : [`oracle: ${hex(at)}: in no object kmemleak reports or the oracle finds unreachable (referenced, or not tracked)`];
  } catch (e) {
    if (e instanceof OracleError) return [`oracle: ${e.message}`];
    throw e;
  }
}

/** One line of counters: guest instructions, the core's runs and records, the JIT's blocks. */
function tierStats(m: Machine): string {
  const c = m.cpu, core = c.core as { stats?: Record<string, number> } | null, jit = c.jit as { stats?: Record<string, number> } | null;
  const kv = (o: Record<string, number> | undefined) => o === undefined ? "-" : Object.entries(o).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(1)}`).join(" ");
  return `insns=${c.icount} core: ${kv(core?.stats)} jit: ${kv(jit?.stats)}`;
}

async function boot(o: BootOpts): Promise<number> {
  if (o.exec !== undefined && o.script !== undefined) throw new UsageError("--exec and --script cannot be combined");
  let exec = o.exec;
  if (o.script !== undefined) exec = new TextDecoder().decode(readInput(resolve(o.script), "script"));
  if (o.initrd !== undefined && exec !== undefined) throw new UsageError("--exec and --script need the lab's own initramfs (drop --initrd)");
  // --load-state: the machine resumes from a file (its RAM, command line and size included); --exec's commands are typed at its prompt
  const state = o.loadState !== undefined ? readInput(resolve(o.loadState), "state file") : null;
  const header = state !== null ? readStateHeader(state) : null;
  if (header !== null && (o.append !== "" || o.initrd !== undefined || o.share !== undefined || parseMemory(o.memory) !== header.memoryMiB))
    throw new UsageError(`--load-state resumes a booted machine: its command line ("${header.cmdline}"), RAM (${header.memoryMiB} MiB) and initramfs are the state's (drop -a, -m, --initrd, --share)`);
  // --save-state: the commands run, then the machine is saved at the shell prompt instead of powering off
  if (o.saveState !== undefined && exec !== undefined && state === null) exec += "\nexec sh -i";
  // The lab's kernel, programs and modules are rebuilt when their sources changed.
  if (resolve(o.kernel) === DEFAULT_KERNEL && o.build !== false) {
    // on a terminal, say what is happening while make checks (or rebuilds) the tree
    const tty = process.stderr.isTTY === true;
    if (tty) process.stderr.write("kmemlab: checking the build (make)…");
    try {
      makeAll(ROOT, (l) => process.stderr.write((tty ? "\r\x1b[K" : "") + l + "\n"));
    } finally {
      if (tty) process.stderr.write("\r\x1b[K");
    }
  }
  const kernel = readInput(resolve(o.kernel), "kernel");
  let initrd: Uint8Array | null = null;
  const share = o.share !== undefined ? resolve(o.share) : undefined;
  if (share !== undefined && (!existsSync(share) || !statSync(share).isDirectory())) throw new UsageError(`--share: ${share} is not a directory`);
  if (share !== undefined && o.initrd !== undefined) throw new UsageError("--share needs the lab's own initramfs (drop --initrd)");
  let timeoutMs: number | undefined;
  if (o.timeout !== undefined) {
    timeoutMs = Number(o.timeout) * 1000;
    if (!(timeoutMs > 0)) throw new UsageError(`invalid --timeout '${o.timeout}' (seconds, e.g. 30)`);
  }
  if (o.initrd !== undefined) initrd = readInput(resolve(o.initrd), "initramfs");
  else if (state !== null) initrd = null;
  else if (existsSync(resolve(ROOT, "build/kernel/release"))) initrd = packInitramfs(ROOT, { exec, share });
  else if (exec !== undefined) throw new UsageError("no initramfs to run --exec in (run `kmemlab build` first)");
  const memoryMiB = parseMemory(o.memory);
  // -s = --gdb tcp::1234; -S freezes the CPU until gdb continues it (and starts that server too)
  const gdbPort = o.gdb !== undefined || o.s === true || o.S === true ? parseGdbDevice(o.gdb ?? `tcp::${GDB_DEFAULT_PORT}`) : null;
  if (gdbPort !== null && (o.saveState !== undefined || state !== null)) throw new UsageError("the gdb server and --save-state/--load-state cannot be combined yet");
  if (o.qemu && (o.saveState !== undefined || state !== null)) throw new UsageError("--save-state and --load-state are kmemlab's (not with --qemu)");
  if (gdbPort !== null && o.qemu) throw new UsageError("-s, -S and --gdb are kmemlab's gdb server; with --qemu run qemu-system-x86_64 -s -S yourself");
  if (o.qemu) return bootQemu(resolve(o.kernel), initrd, o.append, memoryMiB, exec === undefined && process.stdin.isTTY === true);
  const interactive = process.stdin.isTTY === true && exec === undefined;
  const clock = o.clock ?? (interactive ? "real" : "virtual");
  const out: number[] = [];
  const flush = () => { if (out.length) { process.stdout.write(Buffer.from(out)); out.length = 0; } };
  let prompt: PromptWatch | null = null;
  const mopts = {
    kernel, kernelName: o.kernel, clock,
    // virtual runs start at a fixed date (reproducible transcripts); real-time runs at the host's
    rtcEpochMs: clock === "real" ? Date.now() : undefined,
    onSerial: (b: number) => { out.push(b); prompt?.output(b); if (b === 10 || out.length > 4096) flush(); },
    jit: jitOption(o, interactive),
    wasmCore: o.wasmCore !== false,
    cacheDir: resolve(ROOT, "build/cache"),
  };
  const t0 = performance.now();
  const m = state !== null ? restoreMachine(state, kmemlabVersion(), mopts) : new Machine({ ...mopts, cmdline: o.append, initrd, memoryMiB });
  if (state !== null && process.env.KMEMLAB_STATS) process.stderr.write(`kmemlab: state loaded in ${(performance.now() - t0).toFixed(1)} ms\n`);
  const saveTo = o.saveState !== undefined ? resolve(o.saveState) : null;
  // on the console, --save-state is where Ctrl-A s saves (no automatic save at the prompt)
  const saveOnPrompt = saveTo !== null && !interactive;
  // (saving again: the state is taken at the prompt that follows the commands)
  if (state !== null && exec !== undefined) m.sendInput(saveOnPrompt ? `${exec}\n` : `${exec}\npoweroff -f $?\n`);
  let saved = "";
  if (saveOnPrompt) {
    prompt = new PromptWatch(m, () => {
      const bytes = saveState(m, kmemlabVersion());
      writeFileSync(saveTo, bytes);
      saved = `state saved to ${saveTo} (${(bytes.length / 1024).toFixed(0)} KiB) at the shell prompt`;
      m.requestStop("state saved");
    });
    m.control = prompt;
  }
  const gdb = gdbPort !== null ? await startGdbServer(m, gdbPort, o.S === true) : null;
  // gdb's `monitor oracle [ADDR]`: the leak oracle on the stopped machine
  if (gdb !== null) gdb.stub.monitor = (cmd) => {
    const a = /^oracle(?:\s+(0x[0-9a-fA-F]+|\d+))?\s*$/.exec(cmd.trim());
    return a === null ? null : oracleLines(m, resolve(o.kernel), a[1] !== undefined ? Number(BigInt.asIntN(64, BigInt(a[1]))) : undefined);
  };
  let gdbStatus: number | null = null;
  const timer = setInterval(flush, 20);
  let timedOut = false;
  const deadline = timeoutMs !== undefined ? setTimeout(() => { timedOut = true; m.requestStop("timeout"); }, timeoutMs) : undefined;
  let restore = () => {};
  if (interactive) {
    let ctrlA = false;
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.on("data", (d: Buffer) => {
      for (const b of d) {
        if (ctrlA) {
          ctrlA = false;
          if (b === 0x78 /* x */) { m.requestStop("terminated from the console (Ctrl-A x)"); continue; }
          if (b === 0x68 /* h */) { process.stdout.write(CONSOLE_HELP); continue; }
          if (b === 0x73 /* s */) {
            // (input handlers run between two slices of the run loop: a state can be taken here)
            const f = saveTo ?? resolve("kmemlab.state");
            try { writeFileSync(f, saveState(m, kmemlabVersion())); process.stdout.write(`\r\nkmemlab: state saved to ${f}\r\n`); }
            catch (e) { process.stdout.write(`\r\nkmemlab: cannot save the state to ${f}: ${e instanceof Error ? e.message : String(e)}\r\n`); }
            continue;
          }
          if (b !== 0x01) continue;
        } else if (b === 0x01) { ctrlA = true; continue; }
        m.sendInput(new Uint8Array([b]));
      }
    });
    restore = () => { process.stdin.setRawMode(false); process.stdin.pause(); };
  } else if (!process.stdin.isTTY) {
    process.stdin.on("data", (d: Buffer) => m.sendInput(new Uint8Array(d)));
    process.stdin.on("error", () => {});
  }
  try {
    const r = await m.run({ maxInsns: o.maxInsns !== undefined ? Number(o.maxInsns) : undefined });
    flush();
    if (r.exitCode !== null) gdbStatus = guestExitStatus(r.exitCode);
    // KMEMLAB_STATS=1: what the tiers ran (profiling; the transcript is unchanged)
    if (process.env.KMEMLAB_STATS) process.stderr.write(`kmemlab: ${tierStats(m)}\n`);
    // The machine has stopped; its RAM is still there for the oracle.
    if (o.oracle) for (const l of oracleLines(m, resolve(o.kernel))) process.stderr.write(l + "\n");
    if (timedOut) { process.stderr.write(`\nkmemlab: timed out after ${o.timeout} s (--timeout); the guest was stopped\n`); return 124; }
    if (r.exitCode !== null) return guestExitStatus(r.exitCode);
    if (saved !== "" && r.reason === "state saved") { process.stderr.write(`kmemlab: ${saved}\n`); return 0; }
    if (r.reason.startsWith("terminated from")) { process.stderr.write(`\nkmemlab: ${r.reason}\n`); return 0; }
    process.stderr.write(`\nkmemlab: machine stopped: ${r.reason}\n`);
    return 3;
  } finally {
    gdb?.close(gdbStatus);
    clearInterval(timer);
    if (deadline) clearTimeout(deadline);
    restore();
    process.stdin.destroy();
  }
}

/** Run the CLI; returns the process exit status. Never throws. */
export async function main(argv: string[]): Promise<number> {
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
    .option("--timeout <seconds>", "stop the guest after this much wall time (exit status 124)")
    .option("--share <dir>", "make a host directory's files visible in the guest under /mnt/host")
    .option("--qemu", "boot the same kernel, initramfs and command line under QEMU instead")
    .option("--oracle", "when the machine stops, grade kmemleak's answer against exact reachability (summary on stderr)")
    .option("--jit", "compile hot guest code to WebAssembly in a worker thread (binaryen; the default on an interactive console)")
    .option("--no-jit", "interpreter only (the default for --exec and --script)")
    .option("--jit-threshold <n>", "compile a code region at its Nth entry, on the main thread (implies --jit; 1 compiles everything before it runs)")
    .option("--no-wasm-core", "interpret every instruction in TypeScript (no WebAssembly interpreter core; for comparisons)")
    .option("-s", "gdb server on 127.0.0.1:1234, as QEMU's -s (shorthand for --gdb tcp::1234)")
    .option("-S", "freeze the CPU before its first instruction until gdb continues it (starts the gdb server, on :1234 unless --gdb)")
    .option("--save-state <file>", "once the commands have run (or at the first shell prompt), save the machine to this file instead of powering off")
    .option("--load-state <file>", "resume a saved machine (its RAM, command line and devices); --exec/--script commands are typed at its prompt")
    .option("--gdb <dev>", "gdb server on 127.0.0.1:PORT, as QEMU's -gdb (tcp::PORT; 0 picks a free port, printed on stderr)")
    .action(async (o: BootOpts) => { status = await boot(o); });

  program.command("build")
    .description("build the kernel, user programs and modules, and pack build/initramfs.cpio")
    .option("--config <file>", "build the kernel from this .config (default guest-kernel/.config)")
    .option("-O, --output <dir>", "with --config: where the kernel goes (default build/kernel-<config name>)")
    .action((o: { config?: string; output?: string }) => {
      const log = (l: string) => process.stdout.write(l + "\n");
      if (o.config === undefined) {
        if (o.output !== undefined) throw new UsageError("--output needs --config");
        buildAll(ROOT, log);
        return;
      }
      const cfg = resolve(o.config);
      if (!existsSync(cfg)) throw new UsageError(`config ${cfg} not found`);
      const out = resolve(o.output ?? resolve(ROOT, "build", `kernel-${basename(cfg).replace(/^\./, "")}`));
      buildKernel(ROOT, cfg, out, log);
      log(`kernel: ${out}/vmlinux (boot it with: kmemlab boot -k ${out}/vmlinux)`);
    });

  const module = program.command("module").description("external kernel modules");
  module.command("build")
    .description("build an external module directory (Kbuild-style Makefile: obj-m := name.o, name-objs := a.o b.o) against the lab's kernel, like make -C <kernel> M=DIR; leaves DIR/name.ko")
    .argument("<dir>", "the module's source directory")
    .action((dir: string) => {
      const d = resolve(dir);
      const kos = buildExternalModule(ROOT, d, (l) => process.stdout.write(l + "\n"), (l) => process.stderr.write(l + "\n"));
      for (const ko of kos)
        process.stdout.write(`kmemlab: built ${ko} (load it with: kmemlab boot --share ${d}, then insmod /mnt/host/${basename(ko)})\n`);
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

  program.command("bench")
    .description("print performance figures (interpreter MIPS, ratio against QEMU)")
    .action(async () => { await runBench(ROOT, (s) => process.stdout.write(s + "\n")); });

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
    process.stderr.write(`kmemlab: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return 70;
  }
}
