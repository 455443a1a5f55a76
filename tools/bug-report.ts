/*
 * bug-report.ts: what the CLI says when something unexpected fails (an
 * exception that is no user error: a bug in kmemlab). One line on stderr
 * naming the version and how to report it; the stack, the command and the
 * versions go to a log file under build/ (or the system's temporary
 * directory when build/ cannot be written), whose path the line gives.
 */

import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The version in package.json (or "unknown" when it cannot be read). */
export function kmemlabVersion(root: string): string {
  try {
    const v = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown }).version;
    return typeof v === "string" ? v : "unknown";
  } catch {
    return "unknown";
  }
}

/** Writes the details of `e` to a log and returns the one line to print. */
export function bugReport(e: unknown, root: string, argv: string[]): string {
  const version = kmemlabVersion(root);
  const first = (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split("\n")[0]!;
  const details = [
    `kmemlab ${version} internal error, ${new Date().toISOString()}`,
    `node ${process.version} ${process.platform}-${process.arch}`,
    `command: ${argv.slice(2).map((a) => JSON.stringify(a)).join(" ")}`,
    e instanceof Error ? e.stack ?? first : first,
    "", "",
  ].join("\n");
  let log: string | null = null;
  for (const dir of [join(root, "build"), tmpdir()]) {
    try {
      mkdirSync(dir, { recursive: true });
      const p = join(dir, "kmemlab-bug.log");
      appendFileSync(p, details);
      log = p;
      break;
    } catch { /* try the next place */ }
  }
  return `kmemlab: internal error (a bug in kmemlab ${version}): ${first}; please report it with the command you ran` +
    (log ? ` and ${log}` : "");
}

/**
 * Errors outside the command's own flow (an exception in an event
 * callback, a rejected promise nobody awaited) get the same line and
 * status 3. A closed stdout (`kmemlab boot ... | head -1`) is no error: the
 * rest of the output is dropped and the command ends as it would have.
 */
export function catchUnexpected(root: string, argv: string[]): void {
  const die = (e: unknown) => { process.stderr.write(bugReport(e, root, argv) + "\n"); process.exit(3); };
  process.on("uncaughtException", die);
  process.on("unhandledRejection", die);
  for (const s of [process.stdout, process.stderr])
    s.on("error", (e: NodeJS.ErrnoException) => { if (e.code !== "EPIPE") die(e); });
}
