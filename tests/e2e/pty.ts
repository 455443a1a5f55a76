/*
 * pty.ts: `kmemlab boot` on a real pseudo-terminal (node-pty), driven
 * through a Screen (tests/screen.ts) the way a user would.
 */
import { spawn } from "node-pty";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { Screen } from "../screen.ts";
import { failOnJitReport } from "./guest.ts";

/** `kmemlab boot` on a 100x30 pty with the virtual clock; resolves `exit` with its status (rejects it when the JIT reported a failure). */
export function bootPty(args: string[] = []): { s: Screen; exit: Promise<number> } {
  const p = spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", ...args],
    { name: "xterm", cols: 100, rows: 30, cwd: ROOT, env: process.env as Record<string, string> });
  const s = new Screen(p);
  return { s, exit: new Promise<number>((ok, fail) => p.onExit((e) => { try { failOnJitReport(s.text); ok(e.exitCode); } catch (err) { fail(err); } })) };
}
