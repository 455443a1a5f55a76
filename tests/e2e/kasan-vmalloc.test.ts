/*
 * kasan-vmalloc.test.ts: CONFIG_KASAN_VMALLOC (tests/configs/kasan-vmalloc:
 * the book's debug kernel plus KASAN_VMALLOC), as 5.10's: each vmalloc
 * area gets real shadow, poisoned KASAN_VMALLOC_INVALID (0xf8) but for the
 * bytes asked for, so kmemlab_oops what=vmalloc_oob (a read of
 * vmalloc(3000)[3100], inside the area's page) is KASAN's
 * "vmalloc-out-of-bounds" report: the lines, the frames and the five
 * shadow rows (0xf8 from byte 3000, the ^ under byte 3100) are exact,
 * addresses masked. KASAN_VMALLOC is what lets VMAP_STACK stay on under
 * KASAN (its depends: !KASAN || KASAN_VMALLOC): the config booted has
 * both, and a stack overflow is the guard page's double fault with KASAN
 * on (the task stacks' shadow is vmalloc shadow too: test_kmembugs 4.3's
 * stack-out-of-bounds is found on a vmalloc'd stack, gcc's frame
 * described, no page lines as 5.10 has none for a vmalloc address).
 * Shadow pages go when their vmalloc space does (5.10's
 * kasan_release_vmalloc): a 16 MiB file in /tmp (its data grows through
 * larger and larger vmalloc areas) and insmod of it (a vmalloc'd copy)
 * touch ~5 MiB of shadow; with the file deleted, MemFree is back but for
 * KASAN's quarantine (~0.8 MiB; 4.8 MiB short without the release).
 */
import { describe, it, expect, beforeAll } from "vitest";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { buildTree, resolveConfig } from "../../tools/kconfigs.ts";
import { type BootResult, bootGuestAsync, pool, session } from "./guest.ts";

const CONFIG = join(ROOT, "tests/configs/kasan-vmalloc");
const MOD = "/lib/modules/$(uname -r)/kmemlab_oops.ko";
const INIT_PATH = ["kmemlab_oops_init [kmemlab_oops]", "do_one_initcall", "do_init_module", "load_module", "__do_sys_finit_module",
  "__x64_sys_finit_module", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"];
let oob: BootResult, overflow: BootResult, stack: BootResult, release: BootResult;

beforeAll(async () => {
  buildTree(ROOT, resolveConfig(ROOT, CONFIG));
  const boot = (exec: string) => bootGuestAsync({ exec, extra: ["--config", CONFIG], timeoutMs: 300_000 });
  const memFree = "grep MemFree /proc/meminfo";
  [oob, overflow, stack, release] = await pool([
    () => boot(`grep -E '^CONFIG_(KASAN|KASAN_VMALLOC|VMAP_STACK)=' /boot/config-$(uname -r); insmod ${MOD} what=vmalloc_oob; echo "rc $?"`),
    () => boot(`insmod ${MOD} what=recurse; echo "rc $?"`),
    () => boot("insmod /lib/modules/$(uname -r)/kmembugs_test/test_kmembugs.ko; " +
      `echo 4.3 > /sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase; echo "rc $?"`),
    () => boot(`${memFree}; head -c 16777216 /dev/zero > /tmp/big; insmod /tmp/big; rm /tmp/big; ${memFree}`),
  ]);
}, 900_000);

const kernelLines = (r: BootResult) => session(r).filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));
const frame = (l: string) => l.trim().replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/, "");

describe("KASAN_VMALLOC: real shadow for vmalloc areas", () => {
  it("a vfree'd area's shadow pages are freed: MemFree is back once a 16 MiB file and its vmalloc'd copies are gone", () => {
    const out = session(release).filter((l) => !l.startsWith("[T] "));
    expect(out.filter((l) => l.startsWith("insmod:"))).toEqual(["insmod: ERROR: could not insert module /tmp/big: Invalid module format"]);
    const free = out.filter((l) => l.startsWith("MemFree:")).map((l) => Number(/(\d+) kB/.exec(l)![1]));
    expect(free).toHaveLength(2);
    expect(free[0]! - free[1]!).toBeLessThan(2048);
  });

  it("vmalloc(3000)[3100]: a vmalloc-out-of-bounds report, 0xf8 past the 3000 bytes; init goes on", () => {
    expect(session(oob).filter((l) => !l.startsWith("[T] "))).toEqual(["CONFIG_VMAP_STACK=y", "CONFIG_KASAN=y", "CONFIG_KASAN_VMALLOC=y", "rc 0", ""]);
    const k = kernelLines(oob);
    const i = k.indexOf("kmemlab_oops: reading vmalloc(3000)[3100]");
    expect(i).toBeGreaterThanOrEqual(0);
    const r = k.slice(i + 1);
    expect(r[0]).toBe("==================================================================");
    expect(r[1]).toMatch(/^BUG: KASAN: vmalloc-out-of-bounds in vmalloc_oob\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kmemlab_oops\]$/);
    const addr = /^Read of size 1 at addr (ffffc900[0-9a-f]{8}) by task insmod\/\d+$/.exec(r[2]!)![1]!;
    expect(BigInt(`0x${addr}`) % 4096n).toBe(3100n);
    expect(r[3]).toBe("");
    expect(r[4]).toMatch(/^CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}O {6}5\.10\.0-kmemlab #1$/);
    expect(r[5]).toBe("Call Trace:");
    const user = r.findIndex((l) => /^RIP: 0033:/.test(l));
    // the unwinder's frames ("? " lines: what else the stack scan found; oops.test.ts checks them)
    expect(r.slice(6, user).filter((l) => !l.startsWith(" ? ")).map(frame)).toEqual(["dump_stack", "print_address_description", "__kasan_report", "kasan_report",
      "__asan_report_load1_noabort", "vmalloc_oob [kmemlab_oops]", ...INIT_PATH]);
    // the user registers (8 lines), then no object, cache or page lines: a vmalloc address has none in 5.10
    const m = r.indexOf("Memory state around the buggy address:");
    expect(r.slice(user + 8, m)).toEqual(["", ""]);
    const base = (BigInt(`0x${addr}`) & ~0x7fn) - 0x100n;
    const row = (d: bigint) => (base + d).toString(16).padStart(16, "0");
    const f8 = Array(16).fill("f8").join(" ");
    expect(r.slice(m + 1, m + 8)).toEqual([
      ` ${row(0n)}: ${Array(16).fill("00").join(" ")}`,
      // byte 3000 = 0xbb8: granule 375, the 8th of its row
      ` ${row(0x80n)}: ${[...Array(7).fill("00"), ...Array(9).fill("f8")].join(" ")}`,
      `>${row(0x100n)}: ${f8}`,
      // under granule 3 of the row (byte 0xc1c): ">" + 16 digits + ": " then 3 bytes of "xx "
      `${" ".repeat(1 + 16 + 2 + 3 * 3)}^`,
      ` ${row(0x180n)}: ${f8}`,
      ` ${row(0x200n)}: ${f8}`,
      "==================================================================",
    ]);
    expect(r[m + 8]).toBe("Disabling lock debugging due to kernel taint");
  });

  it("VMAP_STACK under KASAN: a stack overflow is the guard page's double fault and the panic", () => {
    expect(session(overflow).some((l) => l.startsWith("rc "))).toBe(false);
    expect(overflow.status).toBe(3);
    const k = kernelLines(overflow);
    const g = k.findIndex((l) => /^BUG: stack guard page was hit at [0-9a-f]{16} \(stack is [0-9a-f]{16}\.\.[0-9a-f]{16}\)$/.test(l));
    expect(g).toBeGreaterThan(k.indexOf("kmemlab_oops: recursing without end"));
    expect(k[g + 1]).toBe("kernel stack overflow (double-fault): 0000 [#1] SMP KASAN NOPTI");
    expect(k[g + 3]).toMatch(/^RIP: 0010:recurse\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kmemlab_oops\]$/);
    expect(k[g + 5]).toMatch(/^RSP: 0018:ffffc900[0-9a-f]{8} EFLAGS: [0-9a-f]{8}$/);
    expect(k.slice(-3)).toEqual(["Kernel panic - not syncing: Fatal exception in interrupt", "Kernel Offset: disabled",
      "---[ end Kernel panic - not syncing: Fatal exception in interrupt ]---"]);
  });

  it("test_kmembugs 4.3 on a vmalloc'd stack: stack-out-of-bounds, the task's frame described, no page lines", () => {
    const k = kernelLines(stack);
    const i = k.findIndex((l) => /^BUG: KASAN: stack-out-of-bounds in global_mem_oob_left\+0x[0-9a-f]+\/0x[0-9a-f]+ \[test_kmembugs\]$/.test(l));
    expect(i).toBeGreaterThan(0);
    const addr = /^Read of size 1 at addr (ffffc900[0-9a-f]{8}) by task sh\/\d+$/.exec(k[i + 1]!)![1]!;
    const m = k.indexOf("Memory state around the buggy address:", i);
    const at = k.indexOf(`addr ${addr} is located in stack of task sh/${/sh\/(\d+)$/.exec(k[i + 1]!)![1]} at offset 123 in frame:`, i);
    expect(at).toBeGreaterThan(i);
    expect(at).toBeLessThan(m);
    expect(k.slice(at + 1, m).map((l) => l.replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/, ""))).toEqual([" global_mem_oob_left [test_kmembugs]", "",
      "this frame has 6 objects:", " [32, 33) 'w'", " [48, 49) 'x'", " [64, 65) 'y'", " [80, 81) 'z'", " [96, 104) 'ptr'",
      " [128, 148) 'local_arr'", ""]);
    expect(k.slice(i, m).some((l) => /belongs to the page/.test(l))).toBe(false);
    // the shadow rows are the vmalloc'd stack's: gcc's f2/f3 red zones around local_arr, whatever the frame's place in a row
    const shadow = new Map<bigint, string>();
    for (const l of k.slice(m + 1, m + 7)) {
      const r = /^[ >]([0-9a-f]{16}): ((?:[0-9a-f]{2} ){15}[0-9a-f]{2})$/.exec(l);
      if (r) r[2]!.split(" ").forEach((b, j) => shadow.set(BigInt(`0x${r[1]}`) + BigInt(j * 8), b));
    }
    const frame = BigInt(`0x${addr}`) - 123n;
    expect([104n, 112n, 120n, 128n, 136n, 144n, 152n, 160n].map((o) => shadow.get(frame + o)).join(" ")).toBe("f2 f2 f2 00 00 04 f3 f3");
    expect(k.find((l, j) => j > m && /^ +\^$/.test(l))).toBeDefined();
    expect(session(stack).filter((l) => !l.startsWith("[T] "))).toEqual(["rc 0", ""]);
  });
});
