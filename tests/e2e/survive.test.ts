/*
 * survive.test.ts: the guest kernel survives what Linux survives, the way
 * Linux does (issue 14): huge lengths answered at once, NAME_MAX, orphans
 * reaped by init, a faulting init panics, Ctrl-C ends a builtin loop, the
 * OOM killer. Each case failed (or hung) before its fix.
 */
import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootGuest, userOutput } from "./guest.ts";

describe("system calls with huge lengths and long names", () => {
  it("mmap/munmap/mprotect/brk/read/getrandom/execve of huge sizes answer at once; NAME_MAX is 255", () => {
    const r = bootGuest({ exec: "usertests huge_lengths name_max" });
    expect(userOutput(r)).toEqual(["huge_lengths: OK", "name_max: OK", ""]);
  });

  it("a share's entries that differ after the 63rd character are different files", () => {
    const dir = mkdtempSync(join(tmpdir(), "kmemlab-names-"));
    try {
      const stem = "q".repeat(63);
      writeFileSync(join(dir, `${stem}1`), "one\n");
      writeFileSync(join(dir, `${stem}2`), "two\n");
      writeFileSync(join(dir, "L".repeat(255)), "long\n");
      const r = bootGuest({ exec: "ls /mnt/host | wc -l; cat /mnt/host/q*1 /mnt/host/q*2 /mnt/host/L*", extra: ["--share", dir] });
      expect(userOutput(r)).toEqual(["3", "one", "two", "long", ""]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
