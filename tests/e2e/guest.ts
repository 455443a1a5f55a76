/*
 * guest.ts: boots kmemlab from a test and returns what the console showed.
 *
 * Each call runs the real CLI (`node tools/kmemlab.mjs boot --no-build`)
 * in a child process with the virtual clock, so transcripts are
 * deterministic. `lines` has the kernel timestamps masked ("[    0.015083] "
 * becomes "[T] ") and carriage returns removed; the assertions compare
 * everything else exactly.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";

export interface BootResult { status: number | null; out: string; lines: string[]; stderr: string }

export function bootGuest(opts: { append?: string; exec: string; kernel?: string; extra?: string[]; timeoutMs?: number }): BootResult {
  const args = [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", "-e", opts.exec];
  if (opts.append) args.push("-a", opts.append);
  if (opts.kernel) args.push("-k", opts.kernel);
  if (opts.extra) args.push(...opts.extra);
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: opts.timeoutMs ?? 120_000 });
  const out = (r.stdout ?? "").replace(/\r/g, "");
  const lines = out.split("\n").map((l) => l.replace(/^\[ *\d+\.\d{6}\] /, "[T] "));
  const stderr = r.stderr ?? "";
  failOnJitReport(stderr);
  return { status: r.status, out, lines, stderr };
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
