/*
 * report.test.ts: how a code-generator failure is reported. Whatever the
 * generator throws (binaryen's C++ exceptions are not Errors) becomes a
 * real message; on the console the report goes to a log file and only a
 * short line to stderr, never into the guest's output.
 */
import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bn, thrownMessage } from "../../../emulator/wasm/binaryen.ts";
import { failureLine } from "../../../emulator/jit/index.ts";
import { consoleJitFailure } from "../../../tools/cli.ts";
import "../../cpu-tiers-lead.ts";

describe("JIT failure reports", () => {
  it("give a message for binaryen's exceptions and for any value thrown", () => {
    let caught: unknown = null;
    try { bn().parseText("(module (func (br $nowhere)))"); } catch (e) { caught = e; }
    expect(caught).not.toBeInstanceOf(Error);
    expect(thrownMessage(caught)).toBe("std::runtime_error: Fatal: unexpected label 'nowhere'");
    expect(thrownMessage(new Error("plain"))).toBe("plain");
    expect(thrownMessage(42)).toBe("non-Error value thrown: 42");
    expect(thrownMessage(undefined)).toBe("non-Error value thrown: undefined");
    expect(thrownMessage({ a: 1 })).toBe('non-Error value thrown: {"a":1}');
  });

  it("on the console: the report in the log file, one short line on stderr", () => {
    const file = join(mkdtempSync(join(tmpdir(), "kmemlab-jit-")), "build", "jit-failures.log");
    const f = { rip: 0x401a14, error: "test", listing: "bb0: 0x401a14: mov %rdi,%r13 [49 89 fd]" };
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => { written.push(s); return true; }) as typeof process.stderr.write;
    try {
      consoleJitFailure(f, file);
      consoleJitFailure({ ...f, rip: 0x401a20 }, file);
    } finally {
      process.stderr.write = write;
    }
    expect(readFileSync(file, "utf8")).toBe(failureLine(f) + "\n" + failureLine({ ...f, rip: 0x401a20 }) + "\n");
    expect(failureLine(f)).toBe("jit: region at 0x401a14 not compiled (test); please report it with: bb0: 0x401a14: mov %rdi,%r13 [49 89 fd]");
    expect(written).toEqual([1, 2].map(() => `\r\nkmemlab: jit: a code-generator failure (a bug), reported in ${file}\r\n`));
  });
});
