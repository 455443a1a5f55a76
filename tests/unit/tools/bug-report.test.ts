/*
 * bug-report.test.ts: an unexpected exception (a bug in kmemlab, here one
 * planted in `kmemlab bench`) is one line naming the version and where the
 * details are, status 3, no stack trace on stderr; the stack and the
 * command go to the log file the line names.
 */
import { describe, it, expect, vi } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";

vi.mock("../../../tools/bench.ts", () => ({ runBench: async () => { throw new TypeError("planted bug\nsecond line"); } }));
const { main, ROOT } = await import("../../../tools/cli.ts");

describe("internal errors", () => {
  it("are a one-line bug report with the version, and a log with the stack", async () => {
    const err: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => { err.push(String(s)); return true; });
    let status: number;
    try { status = await main(["node", "kmemlab", "bench"]); } finally { spy.mockRestore(); }
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    expect(status).toBe(3);
    expect(err.length).toBe(1);
    const log = join(ROOT, "build", "kmemlab-bug.log");
    expect(err[0]).toBe(`kmemlab: internal error (a bug in kmemlab ${version}): TypeError: planted bug; please report it with the command you ran and ${log}\n`);
    const text = readFileSync(log, "utf8");
    const last = text.slice(text.lastIndexOf(`kmemlab ${version} internal error`));
    expect(last).toMatch(/^kmemlab \S+ internal error, \d{4}-\d\d-\d\dT[\d:.]+Z\nnode v\d+\.\d+\.\d+ linux-\w+\ncommand: "bench"\nTypeError: planted bug\nsecond line\n\s+at /);
  });
});
