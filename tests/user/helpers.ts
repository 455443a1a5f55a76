/*
 * helpers.ts: build user/ with make once per suite and run the static
 * binaries natively on the host (they use the Linux syscall ABI directly).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, "../..");
export const BIN = join(ROOT, "build/user/bin");
export const TESTBIN = join(ROOT, "build/user/tests");

/* Suites run in parallel workers: serialise the make runs with a lock directory. */
export function buildUser(): void {
  const lock = join(ROOT, "build/.user-make.lock");
  mkdirSync(join(ROOT, "build"), { recursive: true });
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 1200) throw new Error(`${lock} held for 2 minutes`);
      Atomics.wait(sleeper, 0, 0, 100);
    }
  }
  try {
    execFileSync("make", ["-s", "-C", join(ROOT, "user"), "-j4"], { stdio: ["ignore", "ignore", "inherit"] });
  } finally {
    rmdirSync(lock);
  }
}

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), "kmemlab-user-"));
}

export interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

/* Run a program from build/user/bin with only our bin directory on PATH. */
export function run(prog: string, args: string[] = [], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(prog.includes("/") ? prog : join(BIN, prog), args, {
    input: opts.input ?? "",
    cwd: opts.cwd,
    env: { PATH: BIN, HOME: "/root", ...(opts.env ?? {}) },
    encoding: "utf8",
    timeout: 10_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export function sh(script: string, opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Run {
  return run("sh", ["-c", script], opts);
}
