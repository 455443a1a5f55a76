/*
 * guest.ts: boots kmemlab from a test and returns what the console showed.
 *
 * Each call runs the real CLI (`node tools/kmemlab.mjs boot --no-build`)
 * in a child process with the virtual clock, so transcripts are
 * deterministic. `lines` has the kernel timestamps masked ("[    0.015083] "
 * becomes "[T] ") and carriage returns removed; the assertions compare
 * everything else exactly.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";

export interface BootResult { status: number | null; out: string; lines: string[]; stderr: string }

export interface BootOpts { append?: string; exec: string; kernel?: string; extra?: string[]; timeoutMs?: number }

function bootArgs(opts: BootOpts): string[] {
  const args = [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", "-e", opts.exec];
  if (opts.append) args.push("-a", opts.append);
  if (opts.kernel) args.push("-k", opts.kernel);
  if (opts.extra) args.push(...opts.extra);
  return args;
}

/** A run's console as tests read it (timestamps masked, no carriage returns); fails on a JIT report. */
export function bootResult(status: number | null, stdout: string, stderr: string): BootResult {
  failOnJitReport(stderr);
  const out = stdout.replace(/\r/g, "");
  const lines = out.split("\n").map((l) => l.replace(/^\[ *\d+\.\d{6}\] /, "[T] "));
  return { status, out, lines, stderr };
}

export function bootGuest(opts: BootOpts): BootResult {
  const r = spawnSync(process.execPath, bootArgs(opts), { encoding: "utf8", timeout: opts.timeoutMs ?? 120_000 });
  return bootResult(r.status, r.stdout ?? "", r.stderr ?? "");
}

/** `node ARGS` without blocking: its status and output (killed after timeoutMs). */
export function runNode(args: string[], timeoutMs: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    p.stdout.setEncoding("utf8").on("data", (d: string) => { stdout += d; });
    p.stderr.setEncoding("utf8").on("data", (d: string) => { stderr += d; });
    const t = setTimeout(() => p.kill(), timeoutMs);
    p.on("error", rej);
    p.on("close", (status) => { clearTimeout(t); res({ status, stdout, stderr }); });
  });
}

/** bootGuest without blocking, so two guests can run at once (see pool). */
export async function bootGuestAsync(opts: BootOpts): Promise<BootResult> {
  const r = await runNode(bootArgs(opts), opts.timeoutMs ?? 120_000);
  return bootResult(r.status, r.stdout, r.stderr);
}

/** Runs the thunks two at a time (the machine has two cores). */
export async function pool<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => { while (next < jobs.length) { const i = next++; out[i] = await jobs[i]!(); } };
  await Promise.all([worker(), worker()]);
  return out;
}

/** A JIT code-generator failure is a bug: a boot whose output carries one of its reports fails the test. */
export function failOnJitReport(output: string): void {
  const report = /^.*kmemlab: jit: .*$/m.exec(output);
  if (report !== null) throw new Error(`the JIT reported a failure: ${report[0].slice(0, 2000)}`);
}

/** What the guest's programs printed: the session without the kernel's console lines. */
export function userOutput(r: BootResult): string[] {
  return session(r).filter((l) => !l.startsWith("[T] "));
}

/** The lines after the kernel started /init (the user session). */
export function session(r: BootResult): string[] {
  const i = r.lines.findIndex((l) => l.startsWith("[T] Run /init as init process"));
  return r.lines.slice(i + 1).filter((l) => !/^\[T\] (  with |    \/init|    HOME=|    TERM=)/.test(l));
}
