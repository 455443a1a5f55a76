/*
 * cli.test.ts: the host command line around a real boot: --exec exit
 * status, --share, --timeout, bad input; and the guest's own system-call
 * tests (usertests).
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { hasQemu } from "../../boot/qemu.ts";
import { bootGuest, userOutput } from "./guest.ts";

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), ...args], { encoding: "utf8", timeout: 120_000 });

describe("kmemlab boot", () => {
  it("--exec exits with the command's status", () => {
    expect(bootGuest({ exec: "true" }).status).toBe(0);
    expect(bootGuest({ exec: "false" }).status).toBe(1);
    expect(bootGuest({ exec: "exit 42" }).status).toBe(42);
    const r = bootGuest({ exec: "nosuchcommand" });
    expect(r.status).toBe(127);
    expect(userOutput(r)).toEqual(["sh: nosuchcommand: not found", ""]);
  });

  it("--share shows a host directory under /mnt/host, executables included", () => {
    const dir = mkdtempSync(join(tmpdir(), "kmemlab-share-"));
    writeFileSync(join(dir, "hello.sh"), "#!/bin/sh\necho hello from the host: $1\n");
    chmodSync(join(dir, "hello.sh"), 0o755);
    writeFileSync(join(dir, "data.txt"), "some data\n");
    const r = bootGuest({ exec: "/mnt/host/hello.sh guest; cat /mnt/host/data.txt", extra: ["--share", dir] });
    expect(userOutput(r)).toEqual(["hello from the host: guest", "some data", ""]);
  });

  it.runIf(hasQemu())("--qemu boots the same image under QEMU and passes the status on", () => {
    const r = cli("boot", "--no-build", "--qemu", "-e", "uname -r; exit 5");
    expect(r.status).toBe(5);
    expect(r.stdout).toMatch(/\n5\.10\.0-kmemlab\r?\n/);
  });

  it("boots to the shell, runs a command and powers off within 25 M guest instructions", () => {
    // measured: about 17 M; --max-insns stops the machine (status 3) if boot ever gets much slower
    const r = cli("boot", "--no-build", "--max-insns", "25000000", "-e", "echo reached the shell");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("\nreached the shell\r\n");
    const s = cli("boot", "--no-build", "--max-insns", "1000000", "-e", "true");
    expect(s.status).toBe(3);
    expect(s.stderr).toMatch(/kmemlab: machine stopped: .*instruction/);
  });

  it("--timeout stops a guest that never ends, with status 124", () => {
    const r = cli("boot", "--no-build", "--timeout", "1", "-e", "while true; do true; done");
    expect(r.status).toBe(124);
    expect(r.stderr).toBe("\nkmemlab: timed out after 1 s (--timeout); the guest was stopped\n");
  });

  it("rejects bad input with one line and status 2", () => {
    const cases: [string[], string][] = [
      [["boot", "--no-build", "--share", "/nonexistent-dir", "-e", "true"], "kmemlab: --share: /nonexistent-dir is not a directory\n"],
      [["boot", "--no-build", "-m", "3"], "kmemlab: memory size 3 MiB is out of range (16..4096)\n"],
      [["boot", "--no-build", "-k", "/nonexistent-kernel"], "kmemlab: kernel /nonexistent-kernel not found\n"],
      [["boot", "--no-build", "--timeout", "soon", "-e", "true"], "kmemlab: invalid --timeout 'soon' (seconds, more than 0 and at most 1000000000, e.g. 30 or 0.5)\n"],
    ];
    for (const [args, err] of cases) {
      const r = cli(...args);
      expect([r.status, r.stderr]).toEqual([2, err]);
    }
    const u = cli("boot", "--frobnicate");
    expect(u.status).toBe(2);
    expect(u.stderr).toContain("error: unknown option '--frobnicate'");
  });
});

describe("usertests in the guest", () => {
  it("boots with 3 GiB of RAM: the wasm memory's tables lie past 2 GiB (kernel and user code in the core)", () => {
    const r = bootGuest({ exec: "head -1 /proc/meminfo; echo scan-free", extra: ["-m", "3072"] });
    expect(r.status).toBe(0);
    const total = /^MemTotal:\s+(\d+) kB$/m.exec(r.out);
    expect(Number(total?.[1])).toBeGreaterThan(3_000_000);
    expect(userOutput(r)).toContain("scan-free");
  });

  it("every system-call test passes", () => {
    // 32 MiB keeps the fork-bomb test short: the thread limit scales with RAM
    const r = bootGuest({ exec: "usertests 2>&1 | grep -v segfault", extra: ["-m", "32"] });
    expect(userOutput(r).filter((l) => !l.includes("segfault at"))).toEqual([
      "efault: OK", "page_boundary: OK", "emfile: OK", "pipe_eof: OK", "sigsegv: OK", "exec_errors: OK",
      "wait_nochild: OK", "brk: OK", "fork_limit: OK", "huge_lengths: OK", "name_max: OK", "bad_return: OK",
      "fd_range: OK", "bad_args: OK", "rename: OK", "link: OK", "stop: OK", "restart: OK", "fork_share: OK", "at: OK",
      "procfd: OK", "getcwd: OK", "",
    ]);
    expect(r.out).toMatch(/\] usertests\[\d+\]: segfault at 10 ip [0-9a-f]{16} sp [0-9a-f]{16} error 6 in usertests\[401000\+[0-9a-f]+\]\n/);
  });
});
