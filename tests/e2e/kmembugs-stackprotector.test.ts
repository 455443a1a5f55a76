/*
 * kmembugs-stackprotector.test.ts: CONFIG_STACKPROTECTOR_STRONG (off in
 * the default config, as in the SLUB-only reference kernel; on in the
 * book's). A kernel built from the default config plus the two options,
 * and test_kmembugs built against it: every protected function checks
 * its canary at %gs:40, each task has its own, and a test case whose
 * out-of-bounds stack write reaches the canary ends as Linux ends it,
 * "Kernel panic - not syncing: stack-protector: Kernel stack is
 * corrupted in: <fn>". Without KASAN's stack red zones the book's 4.2
 * (local_arr[25] of 20) and 8.6 (arr[5] of 4) land on the canary gcc put
 * right above the arrays; the other cases run as without the protector.
 * A user program that loads its own GS selector shows that the kernel's
 * GS (the canary's per-CPU area) is swapped in on every entry.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { type BootResult, bootGuestAsync, pool, session } from "./guest.ts";

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), ...args], { encoding: "utf8" });
const FILE = "/sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase";
const dir = mkdtempSync(join(tmpdir(), "kmemlab-stackprotector-"));
const cfg = join(dir, "config"), out = join(dir, "kernel"), mods = join(dir, "modules");
const WRITE_PATH = ["dbgfs_run_testcase [test_kmembugs]", "full_proxy_write", "vfs_write", "ksys_write", "__x64_sys_write",
  "do_syscall_64", "entry_SYSCALL_64_after_hwframe"];

let survive: BootResult, oob42: BootResult, oob86: BootResult, gsload: BootResult;

// a user program that loads its own GS selector, makes a system call, then reads %gs:0x28
const GSLOAD = [
  "\t.globl _start", "_start:", "\tmov $0x2b, %eax", "\tmov %eax, %gs",
  "\tmov $1, %eax", "\tmov $1, %edi", "\tlea msg(%rip), %rsi", "\tmov $3, %edx", "\tsyscall",
  "\tmov %gs:0x28, %rax", "\tmov $60, %eax", "\txor %edi, %edi", "\tsyscall", "msg: .ascii \"ok\\n\"", "",
].join("\n");

const runCase = (tcs: string[]) => bootGuestAsync({
  kernel: join(out, "vmlinux"), extra: ["--share", mods],
  exec: `insmod /mnt/host/test_kmembugs.ko; ` + tcs.map((tc) => `sh -c 'echo ${tc} > ${FILE}'; echo "${tc} rc=$?"`).join("; ") +
    "; echo the shell survives",
});

beforeAll(async () => {
  copyFileSync(join(ROOT, "guest-kernel/.config"), cfg);
  expect(cli("config", "--file", cfg, "--enable", "STACKPROTECTOR", "--enable", "STACKPROTECTOR_STRONG").status).toBe(0);
  expect(cli("build", "--config", cfg, "-O", out).status).toBe(0);
  mkdirSync(mods);
  const m = spawnSync("make", ["-s", "-C", join(ROOT, "modules"), "-f", "scripts/module.mk",
    `M=${join(ROOT, "modules/kmembugs_test")}`, `MO=${mods}`, `KOBJ=${out}`], { encoding: "utf8" });
  expect(m.status).toBe(0);
  writeFileSync(join(mods, "gsload.S"), GSLOAD);
  expect(spawnSync("gcc", ["-static", "-nostdlib", "-o", join(mods, "gsload"), join(mods, "gsload.S")]).status).toBe(0);
  [survive, oob42, oob86, gsload] = await pool([
    () => runCase(["1", "2", "3.2", "4.1", "4.3", "4.4", "5.2", "8.1", "9", "10"]),
    () => runCase(["4.2"]),
    () => runCase(["8.6"]),
    () => bootGuestAsync({ kernel: join(out, "vmlinux"), extra: ["--share", mods],
      exec: "/mnt/host/gsload; echo \"rc $?\"; /mnt/host/gsload; echo \"rc $?\"; echo the shell survives" }),
  ]);
}, 600_000);

/** The panic's lines, from "Kernel panic" to its end marker, offsets masked. */
function panicLines(r: BootResult): string[] {
  const k = session(r).filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));
  const i = k.findIndex((l) => l.startsWith("Kernel panic - not syncing: "));
  const e = k.findIndex((l) => l.startsWith("---[ end Kernel panic"));
  return k.slice(i, e + 1).map((l) => l.replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/g, "+X/X"));
}

describe("the stack protector (CONFIG_STACKPROTECTOR_STRONG)", () => {
  it("is compiled into the kernel and the module: canary loads from %gs:40", () => {
    const count = (f: string) => spawnSync("objdump", ["-d", f], { encoding: "utf8", maxBuffer: 1 << 28 }).stdout
      .split("\n").filter((l) => /mov +%gs:0x28,/.test(l)).length;
    expect(count(join(out, "vmlinux"))).toBeGreaterThan(50);
    expect(count(join(mods, "test_kmembugs.ko"))).toBeGreaterThan(3);
    // the default build has none
    expect(count(join(ROOT, "build/kernel/vmlinux"))).toBe(0);
  });

  it("the machine boots, runs processes and survives the cases that stay off the canary", () => {
    const u = session(survive).filter((l) => !l.startsWith("[T] "));
    expect(u).toEqual([...["1", "2", "3.2", "4.1", "4.3", "4.4", "5.2", "8.1", "9", "10"].map((tc) => `${tc} rc=0`),
      "the shell survives", ""]);
    expect(survive.status).toBe(0);
  });

  it("4.2: local_arr[25] overwrites the canary: panic in global_mem_oob_right, as Linux's __stack_chk_fail", () => {
    const p = panicLines(oob42);
    expect(p[0]).toBe("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: global_mem_oob_right+X/X [test_kmembugs]");
    expect(p[1]).toMatch(/^CPU: 0 PID: \d+ Comm: sh Tainted: G {11}O {6}5\.10\.0-kmemlab #1$/);
    // the unwinder's frames; panic's "? global_mem_oob_right" (its %pS argument, left on the stack) is the scan's clue
    expect(p.filter((l) => l === " ? global_mem_oob_right+X/X [test_kmembugs]").length).toBeGreaterThan(0);
    expect(p.filter((l) => !l.startsWith(" ? ")).slice(2, 14).map((l) => l.trim().replace(/\+X\/X/, ""))).toEqual(["Call Trace:", "dump_stack", "panic", "__stack_chk_fail",
      "global_mem_oob_right [test_kmembugs]", ...WRITE_PATH]);
    expect(p.at(-2)).toBe("Kernel Offset: disabled");
    expect(p.at(-1)).toBe("---[ end Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: global_mem_oob_right+X/X [test_kmembugs] ]---");
    // the machine stops: the shell never prints the write's status
    expect(session(oob42).some((l) => l.includes("rc="))).toBe(false);
    expect(oob42.status).toBe(3);
  });

  it("8.6: arr[5] overwrites the canary: panic in test_ubsan_out_of_bounds", () => {
    const p = panicLines(oob86);
    expect(p[0]).toBe("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: test_ubsan_out_of_bounds+X/X [test_kmembugs]");
    expect(oob86.status).toBe(3);
  });

  it("a user program's own GS does not reach the kernel: swapgs on every entry, its %gs:0x28 is address 0x28", () => {
    expect(session(gsload).filter((l) => !l.startsWith("[T] "))).toEqual(["ok", "Segmentation fault", "rc 139",
      "ok", "Segmentation fault", "rc 139", "the shell survives", ""]);
    const k = session(gsload).filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));
    expect(k.filter((l) => l.includes("segfault"))).toEqual([1, 2].map(() =>
      expect.stringMatching(/^gsload\[\d+\]: segfault at 28 ip [0-9a-f]{16} sp 00007fff[0-9a-f]{8} error 4 in gsload\[[0-9a-f]+\+[0-9a-f]+\]$/)));
    expect(gsload.status).toBe(0);
  });
});
