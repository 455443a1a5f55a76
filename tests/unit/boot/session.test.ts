/*
 * session.test.ts: the lab Session (boot/session.ts) on the real kernel and
 * initramfs, without the CLI: the --exec script added to a built archive,
 * console output in batches, the console keys, and a typed end for each
 * way a run stops (power-off with the guest's status, panic, instruction
 * limit, a stop asked for), with the exit status that follows from it.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Session, exitStatus, endOfExit, CONSOLE_HELP, type SessionOptions } from "../../../boot/session.ts";
import { packInitramfs } from "../../../tools/build.ts";
import { packCpio } from "../../../tools/initramfs.ts";
import { BootError } from "../../../boot/pvh-loader.ts";
import { ROOT, DEFAULT_KERNEL } from "../../../tools/cli.ts";

let kernel: Uint8Array, initrd: Uint8Array;
beforeAll(() => {
  kernel = new Uint8Array(readFileSync(DEFAULT_KERNEL));
  initrd = packInitramfs(ROOT);
});

function session(o: Partial<SessionOptions> = {}): { s: Session; text: () => string; batches: Uint8Array[] } {
  const batches: Uint8Array[] = [];
  const s = new Session({ kernel, initrd, cmdline: "", memoryMiB: 64, clock: "virtual", cacheDir: join(ROOT, "build/cache"), onOutput: (b) => batches.push(b), ...o });
  return { s, batches, text: () => Buffer.concat(batches).toString("latin1").replace(/\r/g, "") };
}

describe("Session", () => {
  it("runs the --exec script it adds to the initramfs and ends with the guest's status", async () => {
    const { s, text } = session({ exec: "echo from the session; exit 7" });
    const end = await s.run();
    expect(end).toEqual({ kind: "poweroff", status: 7 });
    expect(exitStatus(end)).toBe(7);
    expect(text()).toContain("\nfrom the session\n");
  });

  it("the kernel's panic, the instruction limit and a stop asked for are ends of their own kind", async () => {
    const panic = await session({ initrd: packCpio([]) }).s.run();
    expect([panic, exitStatus(panic)]).toEqual([{ kind: "panic" }, 3]);
    const limit = await session({ exec: "true", maxInsns: 1_000_000 }).s.run();
    expect([limit, exitStatus(limit)]).toEqual([{ kind: "insn-limit", limit: 1_000_000 }, 3]);
    const t = session({ exec: "while true; do true; done" });
    const running = t.s.run();
    setTimeout(() => t.s.stop("timeout"), 0);
    const end = await running;
    expect([end, exitStatus(end)]).toEqual([{ kind: "timeout" }, 124]);
  });

  it("console keys: Ctrl-A h prints the help, Ctrl-A Ctrl-A sends Ctrl-A, Ctrl-A x quits", async () => {
    const { s, text } = session();
    const running = s.run();
    s.consoleInput(new Uint8Array([0x01, 0x68]));
    s.consoleInput(new TextEncoder().encode("echo typed\r"));
    s.consoleInput(new Uint8Array([0x01, 0x01]));
    setTimeout(() => s.consoleInput(new Uint8Array([0x01, 0x78])), 0);
    const end = await running;
    expect([end, exitStatus(end)]).toEqual([{ kind: "quit", by: "the console (Ctrl-A x)" }, 0]);
    expect(text().startsWith(CONSOLE_HELP.replace(/\r/g, ""))).toBe(true);
  });

  it("an --exec script without an initramfs is refused", () => {
    expect(() => session({ initrd: null, exec: "true" })).toThrow(new BootError("an --exec script needs an initramfs to run in"));
  });

  it("isa-debug-exit codes: (v << 1) | 1 with v = 0x80 | s a power-off with status s, v = 1 a panic", () => {
    expect(endOfExit(((0x80 | 42) << 1) | 1)).toEqual({ kind: "poweroff", status: 42 });
    expect(endOfExit((1 << 1) | 1)).toEqual({ kind: "panic" });
    expect(endOfExit((5 << 1) | 1)).toEqual({ kind: "debug-exit", code: 11 });
    expect(exitStatus({ kind: "debug-exit", code: 11 })).toBe(11);
    expect(exitStatus({ kind: "stopped", reason: "triple fault" })).toBe(3);
  });
});
