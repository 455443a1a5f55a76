/*
 * ubsan.test.ts: CONFIG_UBSAN as 5.10 has it (lib/ubsan.c, the flags of
 * scripts/Makefile.ubsan). A kernel built from the default config plus
 * UBSAN, UBSAN_BOUNDS, UBSAN_MISC and UBSAN_SANITIZE_ALL (UBSAN_ALIGNMENT
 * stays at its x86 default, off), test_kmembugs and a module of the
 * test's own built against it with the same flags. The book's cases 8.1-8.9
 * and 4.1-4.4 print 5.10's reports (8.1-8.4 the signed-overflow and
 * negation reports 6.1 no longer has, 8.9 gcc's object-size check; 8.8
 * nothing, as alignment checks are off), each source location reports
 * once, nothing taints the kernel, and the file names are the ones gcc
 * was given (a module's own path). Report lines are compared exactly,
 * with timestamps, hashed pointers, frame offsets and pids masked; the
 * user registers after the syscall frame are left out. A second kernel
 * with UBSAN_TRAP as well shows the trap mode: ud2, an invalid-opcode
 * oops per check that fails, no report.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { type BootResult, bootGuestAsync, pool, session } from "./guest.ts";

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), ...args], { encoding: "utf8" });
const FILE = "/sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase";
const dir = mkdtempSync(join(tmpdir(), "kmemlab-ubsan-"));
const cfg = join(dir, "config"), out = join(dir, "kernel"), mods = join(dir, "modules"), demo = join(dir, "demo");
const trapCfg = join(dir, "config-trap"), trapOut = join(dir, "kernel-trap"), trapMods = join(dir, "modules-trap");
const UBSAN_OPTS = ["UBSAN", "UBSAN_BOUNDS", "UBSAN_MISC", "UBSAN_SANITIZE_ALL"].flatMap((o) => ["--enable", o]);
const KMB = join(ROOT, "modules/kmembugs_test/kmembugs_test.c");
const RULE = "=".repeat(80);
const CPU = (comm: string) => `CPU: 0 PID: N Comm: ${comm} Tainted: G           O      5.10.0-kmemlab #1`;
const WRITE_PATH = ["dbgfs_run_testcase+X/X [test_kmembugs]", "full_proxy_write+X/X", "vfs_write+X/X", "ksys_write+X/X",
  "__x64_sys_write+X/X", "do_syscall_64+X/X", "entry_SYSCALL_64_after_hwframe+X/X"].map((f) => ` ${f}`);
const INSMOD_PATH = ["do_one_initcall+X/X", "do_init_module+X/X", "load_module+X/X", "__do_sys_finit_module+X/X",
  "__x64_sys_finit_module+X/X", "do_syscall_64+X/X", "entry_SYSCALL_64_after_hwframe+X/X"].map((f) => ` ${f}`);
const CASES = ["4.1", "4.2", "4.3", "4.4", "8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7", "8.8", "8.9", "8.1", "4.1"];

// The test's own module: a shift, a multiplication and a misaligned store
// in demo.c, a 128-bit overflow (printed in hex), and, by parameters, a
// division by zero and a reached __builtin_unreachable; the same shift in quiet.c, which its Makefile exempts
// (UBSAN_SANITIZE_quiet.o := n); alignment checks asked for by the module
// itself (ccflags-y), as a Kbuild module may.
const DEMO_MAKEFILE = [
  "ifneq ($(KERNELRELEASE),)", "obj-m := ubsan_demo.o", "ubsan_demo-objs := demo.o quiet.o",
  "ccflags-y += -fsanitize=alignment", "UBSAN_SANITIZE_quiet.o := n", "endif", ""].join("\n");
const DEMO_C = `/* ubsan_demo: undefined behaviour for UBSAN to report, in a module of its own */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

static int bits = 64;
module_param(bits, int, 0444);
static int rounds = 3;
module_param(rounds, int, 0444);
static int divisor = 1;
module_param(divisor, int, 0444);
static int reach;
module_param(reach, int, 0444);
static char buf[16] __aligned(8);

unsigned long quiet_mask(int n);

noinline unsigned long demo_mask(int n)
{
	return 1UL << n;
}

noinline int demo_scale(int v)
{
	return v * 1000;
}

noinline __int128 demo_wide(__int128 v)
{
	return v * 3;
}

noinline void demo_store(void *p, u64 v)
{
	*(u64 *)p = v;
}

noinline int demo_div(int v, int d)
{
	return v / d;
}

noinline int demo_unreachable(int v)
{
	if (v)
		__builtin_unreachable();
	return 0;
}

static int __init demo_init(void)
{
	int i;

	pr_info("ubsan_demo: 1000 / %d = %d\\n", divisor, demo_div(1000, divisor));
	pr_info("ubsan_demo: unreachable(%d) = %d\\n", reach, demo_unreachable(reach));
	pr_info("ubsan_demo: wide %llx\\n", (unsigned long long)(demo_wide(((__int128)1 << 126) + rounds) >> 64));

	for (i = 0; i < rounds; i++) {
		demo_store(buf + 1, i);
		pr_info("ubsan_demo: round %d: mask %lx scale %d quiet %lx\\n", i, demo_mask(bits),
			demo_scale(INT_MAX / 1000 + 1 + i), quiet_mask(bits));
	}
	return 0;
}

static void __exit demo_exit(void)
{
}

module_init(demo_init);
module_exit(demo_exit);
MODULE_LICENSE("GPL");
`;
const QUIET_C = `/* quiet.c: the same shift as demo_mask, built with UBSAN_SANITIZE_quiet.o := n */
#include <linux/kernel.h>

noinline unsigned long quiet_mask(int n)
{
	return 1UL << n;
}
`;

let cases: BootResult, mod: BootResult, div0: BootResult, unreachable: BootResult, trap: BootResult;

const make = (m: string, mo: string, kobj = out) => spawnSync("make", ["-s", "-C", join(ROOT, "modules"), "-f", "scripts/module.mk",
  `M=${m}`, `MO=${mo}`, `KOBJ=${kobj}`], { encoding: "utf8" });
/** `kmemlab build --config` without blocking, so the two kernels build at once; resolves to its exit status. */
const buildAsync = (config: string, o: string) => new Promise<number | null>((res) =>
  spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "build", "--config", config, "-O", o], { stdio: "ignore" }).on("close", res));

beforeAll(async () => {
  copyFileSync(join(ROOT, "guest-kernel/.config"), cfg);
  expect(cli("config", "--file", cfg, ...UBSAN_OPTS).status).toBe(0);
  copyFileSync(join(ROOT, "guest-kernel/.config"), trapCfg);
  expect(cli("config", "--file", trapCfg, ...UBSAN_OPTS, "--enable", "UBSAN_TRAP").status).toBe(0);
  expect(await Promise.all([buildAsync(cfg, out), buildAsync(trapCfg, trapOut)])).toEqual([0, 0]);
  mkdirSync(mods);
  expect(make(join(ROOT, "modules/kmembugs_test"), mods).status).toBe(0);
  mkdirSync(trapMods);
  expect(make(join(ROOT, "modules/kmembugs_test"), trapMods, trapOut).status).toBe(0);
  mkdirSync(demo);
  writeFileSync(join(demo, "Makefile"), DEMO_MAKEFILE);
  writeFileSync(join(demo, "demo.c"), DEMO_C);
  writeFileSync(join(demo, "quiet.c"), QUIET_C);
  expect(make(demo, demo).status).toBe(0);
  const insmod = (args: string) => bootGuestAsync({ kernel: join(out, "vmlinux"), extra: ["--share", demo],
    exec: `insmod /mnt/host/ubsan_demo.ko ${args}; echo "insmod rc=$?"` });
  [cases, mod, div0, unreachable, trap] = await pool([
    () => bootGuestAsync({ kernel: join(out, "vmlinux"), extra: ["--share", mods],
      exec: "insmod /mnt/host/test_kmembugs.ko; " + CASES.map((tc) => `sh -c 'echo ${tc} > ${FILE}'; echo "${tc} rc=$?"`).join("; ") +
        "; cat /proc/sys/kernel/tainted" }),
    () => bootGuestAsync({ kernel: join(out, "vmlinux"), extra: ["--share", demo],
      exec: "insmod /mnt/host/ubsan_demo.ko; rmmod ubsan_demo; insmod /mnt/host/ubsan_demo.ko rounds=1; cat /proc/sys/kernel/tainted" }),
    () => insmod("divisor=0 rounds=0"),
    () => insmod("reach=1 rounds=0"),
    () => bootGuestAsync({ kernel: join(trapOut, "vmlinux"), extra: ["--share", trapMods],
      exec: "insmod /mnt/host/test_kmembugs.ko; " + ["8.5", "8.5"].map((tc) => `sh -c 'echo ${tc} > ${FILE}'; echo "${tc} rc=$?"`).join("; ") +
        "; cat /proc/sys/kernel/tainted" }),
  ]);
}, 600_000);

const masked = (l: string) => l.replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/g, "+X/X").replace(/ PID: \d+ /, " PID: N ")
  .replace(/address 00000000[0-9a-f]{8} /, "address P ");
const USER_REGS = /^(RIP|Code|RSP|RAX|RDX|RBP|R10|R13): /;

/** The kernel's lines of a run, masked, grouped by the shell's "<case> rc=N" lines: what each case printed. */
function byCase(r: BootResult): { tc: string; rc: string; kernel: string[] }[] {
  const groups: { tc: string; rc: string; kernel: string[] }[] = [];
  let cur: string[] = [];
  for (const l of session(r)) {
    const m = /^(\d+(?:\.\d+)?) rc=(\d+)$/.exec(l);
    if (m) { groups.push({ tc: m[1]!, rc: m[2]!, kernel: cur }); cur = []; continue; }
    if (l.startsWith("[T] ")) cur.push(masked(l.slice(4)));
  }
  return groups;
}

/**
 * The reports among kernel lines: each from its opening rule to its closing one, user registers and the
 * trace's " ? " lines (text addresses the stack scan found beside the unwinder's frames, 5.10's
 * show_trace_log_lvl; oops.test.ts checks them) left out.
 */
function reports(kernel: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < kernel.length; i++) {
    if (kernel[i] !== RULE) continue;
    const e = kernel.indexOf(RULE, i + 1);
    out.push(kernel.slice(i, e + 1).filter((l) => !USER_REGS.test(l) && !l.startsWith(" ? ")));
    i = e;
  }
  return out;
}

/** The 1-based line of the source line that is exactly `text` (so the test follows edits to the module). */
function lineOf(file: string, text: string): number {
  const i = readFileSync(file, "utf8").split("\n").indexOf(text);
  expect(i, `${text} in ${file}`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

const report = (kind: string, where: string, detail: string[], frames: string[], path = WRITE_PATH, comm = "sh") =>
  [RULE, `UBSAN: ${kind} in ${where}`, ...detail, CPU(comm), "Call Trace:", " dump_stack+X/X", " ubsan_epilogue+X/X",
    ...frames.map((f) => ` ${f}`), ...path, RULE];
const at = (text: string, col: number) => `${KMB}:${lineOf(KMB, text)}:${col}`;

describe("UBSAN (CONFIG_UBSAN, 5.10's lib/ubsan.c)", () => {
  it("instruments the UBSAN kernel and its modules, not the default kernel nor lib/ubsan.c itself", () => {
    const calls = (f: string) => spawnSync("objdump", ["-d", f], { encoding: "utf8", maxBuffer: 1 << 28 }).stdout
      .split("\n").filter((l) => /call .*<__ubsan_handle_/.test(l)).length;
    expect(calls(join(out, "vmlinux"))).toBeGreaterThan(500);
    expect(calls(join(ROOT, "build/kernel/vmlinux"))).toBe(0);
    const undef = (f: string) => spawnSync("nm", ["-u", f], { encoding: "utf8" }).stdout.split("\n")
      .map((l) => l.trim().replace(/^U /, "")).filter((s) => s.startsWith("__ubsan_")).sort();
    expect(undef(join(out, "lib/ubsan.o"))).toEqual([]);
    expect(undef(join(mods, "test_kmembugs.ko"))).toEqual(["__ubsan_handle_add_overflow", "__ubsan_handle_divrem_overflow",
      "__ubsan_handle_load_invalid_value", "__ubsan_handle_mul_overflow", "__ubsan_handle_negate_overflow",
      "__ubsan_handle_out_of_bounds", "__ubsan_handle_shift_out_of_bounds", "__ubsan_handle_sub_overflow",
      "__ubsan_handle_type_mismatch_v1"]);
    // quiet.o has the same shift as demo.o, without the check
    expect(undef(join(demo, ".tmp_demo/ubsan_demo/quiet.o"))).toEqual([]);
    // (the add is the loop's INT_MAX / 1000 + 1 + i)
    expect(undef(join(demo, ".tmp_demo/ubsan_demo/demo.o"))).toEqual(["__ubsan_handle_add_overflow",
      "__ubsan_handle_builtin_unreachable", "__ubsan_handle_divrem_overflow", "__ubsan_handle_mul_overflow",
      "__ubsan_handle_shift_out_of_bounds", "__ubsan_handle_type_mismatch_v1"]);
    // the exported handlers are in the kernel's symbol table
    const nm = spawnSync("nm", [join(out, "vmlinux")], { encoding: "utf8" }).stdout;
    expect(nm).toMatch(/ T __ubsan_handle_builtin_unreachable\n/);
  });

  it("boots without a report, and the cases all run to their rc line", () => {
    expect(cases.status).toBe(0);
    const boot = cases.lines.slice(0, cases.lines.findIndex((l) => l.startsWith("[T] Run /init")));
    expect(boot.filter((l) => l.includes("UBSAN"))).toEqual([]);
    // 8.6's arr[5] lands on the dispatcher's saved state (no KASAN here): the write fails
    expect(byCase(cases).map((g) => `${g.tc} rc=${g.rc}`)).toEqual(CASES.map((tc) => `${tc} rc=${tc === "8.6" ? 1 : 0}`));
    // 5.10's UBSAN does not taint: O (4096) from the module only
    expect(session(cases).filter((l) => !l.startsWith("[T] ")).at(-2)).toBe("4096");
  });

  it("8.1-8.4: 5.10's signed-integer-overflow and negation-overflow reports", () => {
    const g = byCase(cases);
    expect(reports(g[4]!.kernel)).toEqual([report("signed-integer-overflow", at("\tval += 2;", 6),
      ["2147483647 + 2 cannot be represented in type 'int'"],
      ["handle_overflow+X/X", "__ubsan_handle_add_overflow+X/X", "test_ubsan_add_overflow+X/X [test_kmembugs]"])]);
    expect(reports(g[5]!.kernel)).toEqual([report("signed-integer-overflow", at("\tval -= val2;", 6),
      ["-2147483648 - 2 cannot be represented in type 'int'"],
      ["handle_overflow+X/X", "__ubsan_handle_sub_overflow+X/X", "test_ubsan_sub_overflow+X/X [test_kmembugs]"])]);
    expect(reports(g[6]!.kernel)).toEqual([report("signed-integer-overflow", at("\tval *= 3;", 6),
      ["1073741823 * 3 cannot be represented in type 'int'"],
      ["handle_overflow+X/X", "__ubsan_handle_mul_overflow+X/X", "test_ubsan_mul_overflow+X/X [test_kmembugs]"])]);
    expect(reports(g[7]!.kernel)).toEqual([report("negation-overflow", at("\tval = -val;", 8),
      ["negation of -2147483648 cannot be represented in type 'int':"],
      ["__ubsan_handle_negate_overflow+X/X", "test_ubsan_negate_overflow+X/X [test_kmembugs]"])]);
  });

  it("8.5-8.9: shift, index, invalid bool load, no alignment check, object size", () => {
    const g = byCase(cases);
    expect(reports(g[8]!.kernel)).toEqual([report("shift-out-of-bounds", at("\tval2 <<= val;", 7),
      ["shift exponent -1 is negative"],
      ["__ubsan_handle_shift_out_of_bounds+X/X", "test_ubsan_shift_out_of_bounds+X/X [test_kmembugs]"])]);
    // the index check, then gcc's object-size check of the same store
    expect(reports(g[9]!.kernel)).toEqual([
      report("array-index-out-of-bounds", at("\tarr[j] = i;", 5), ["index 5 is out of range for type 'int [4]'"],
        ["__ubsan_handle_out_of_bounds+X/X", "test_ubsan_out_of_bounds+X/X [test_kmembugs]"]),
      report("object-size-mismatch", at("\tarr[j] = i;", 9),
        ["store to address P with insufficient space", "for an object of type 'volatile int'"],
        ["__ubsan_handle_type_mismatch_v1+X/X", "test_ubsan_out_of_bounds+X/X [test_kmembugs]"])]);
    expect(reports(g[10]!.kernel)).toEqual([report("invalid-load", at("\tval2 = val;", 7),
      ["load of value 4 is not a valid value for type '_Bool'"],
      ["__ubsan_handle_load_invalid_value+X/X", "test_ubsan_load_invalid_value+X/X [test_kmembugs]"])]);
    expect(g[11]!.kernel).toEqual([]);
    expect(reports(g[12]!.kernel)).toEqual([report("object-size-mismatch", at("\tval2 = *ptr;", 9),
      ["load of address P with insufficient space", "for an object of type 'volatile int'"],
      ["__ubsan_handle_type_mismatch_v1+X/X", "test_ubsan_object_size_mismatch+X/X [test_kmembugs]"])]);
  });

  it("4.1-4.4: the index out of local_arr (pointer accesses are KASAN's, not UBSAN's)", () => {
    const g = byCase(cases);
    const oob = (text: string, col: number, index: number, fn: string) => report("array-index-out-of-bounds", at(text, col),
      [`index ${index} is out of range for type 'char [20]'`], ["__ubsan_handle_out_of_bounds+X/X", `${fn}+X/X [test_kmembugs]`]);
    const size = (op: string, text: string, col: number, fn: string) => report("object-size-mismatch", at(text, col),
      [`${op} address P with insufficient space`, "for an object of type 'volatile char'"],
      ["__ubsan_handle_type_mismatch_v1+X/X", `${fn}+X/X [test_kmembugs]`]);
    const right = "\t\tz = local_arr[ARRAY_SIZE(local_arr) + 5];\t/* out of bounds */";
    const rightW = "\t\tlocal_arr[ARRAY_SIZE(local_arr) + 5] = 'z';\t/* out of bounds */";
    expect(reports(g[0]!.kernel)).toEqual([oob(right, 16, 25, "global_mem_oob_right"),
      size("load of", right, 16, "global_mem_oob_right")]);
    expect(reports(g[1]!.kernel)).toEqual([oob(rightW, 12, 25, "global_mem_oob_right"),
      size("store to", rightW, 40, "global_mem_oob_right")]);
    expect(reports(g[2]!.kernel)).toEqual([oob("\t\ty = local_arr[-5];\t\t\t\t/* out of bounds */", 16, -5, "global_mem_oob_left")]);
    expect(reports(g[3]!.kernel)).toEqual([oob("\t\tlocal_arr[-5] = 'y';\t\t\t\t/* out of bounds */", 12, -5, "global_mem_oob_left")]);
  });

  it("reports each source location once: 8.1 and 4.1 again print nothing", () => {
    const g = byCase(cases);
    expect(g[13]!.tc).toBe("8.1");
    expect(g[13]!.kernel).toEqual([]);
    expect(g[14]!.tc).toBe("4.1");
    expect(g[14]!.kernel).toEqual([]);
  });

  it("a module of its own: its file:line:col, once per location per load, the exempt object silent", () => {
    expect(mod.status).toBe(0);
    const k = session(mod).filter((l) => l.startsWith("[T] ")).map((l) => masked(l.slice(4)));
    const src = join(demo, "demo.c");
    const where = (text: string, col: number) => `${src}:${lineOf(src, text)}:${col}`;
    const load = (rounds: number) => [
      report("signed-integer-overflow", where("\treturn v * 3;", 11),
        [`0x4000000000000000000000000000000${rounds} * 0x00000000000000000000000000000003 cannot be represented in type '__int128'`],
        ["handle_overflow+X/X", "__ubsan_handle_mul_overflow+X/X", "demo_wide+X/X [ubsan_demo]", "demo_init+X/X [ubsan_demo]"],
        INSMOD_PATH, "insmod"),
      report("misaligned-access", where("\t*(u64 *)p = v;", 12),
        ["store to misaligned address P for type 'u64'", "which requires 8 byte alignment"],
        ["__ubsan_handle_type_mismatch_v1+X/X", "demo_store+X/X [ubsan_demo]", "demo_init+X/X [ubsan_demo]"], INSMOD_PATH, "insmod"),
      report("signed-integer-overflow", where("\treturn v * 1000;", 11), ["2147484 * 1000 cannot be represented in type 'int'"],
        ["handle_overflow+X/X", "__ubsan_handle_mul_overflow+X/X", "demo_scale+X/X [ubsan_demo]", "demo_init+X/X [ubsan_demo]"],
        INSMOD_PATH, "insmod"),
      report("shift-out-of-bounds", where("\treturn 1UL << n;", 13), ["shift exponent 64 is too large for 64-bit type 'long unsigned int'"],
        ["__ubsan_handle_shift_out_of_bounds+X/X", "demo_mask.cold+X/X [ubsan_demo]", "demo_init+X/X [ubsan_demo]"],
        INSMOD_PATH, "insmod"),
    ];
    // rounds=3, then a fresh copy of the module (new records, so new reports) with rounds=1
    expect(reports(k)).toEqual([...load(3), ...load(1)]);
    expect(k.filter((l) => l.startsWith("ubsan_demo: ") && !l.includes("taints"))).toEqual([
      "ubsan_demo: 1000 / 1 = 1000", "ubsan_demo: unreachable(0) = 0", "ubsan_demo: wide c000000000000000",
      "ubsan_demo: round 0: mask 1 scale -2147483296 quiet 1", "ubsan_demo: round 1: mask 1 scale -2147482296 quiet 1",
      "ubsan_demo: round 2: mask 1 scale -2147481296 quiet 1",
      "ubsan_demo: 1000 / 1 = 1000", "ubsan_demo: unreachable(0) = 0", "ubsan_demo: wide c000000000000000",
      "ubsan_demo: round 0: mask 1 scale -2147483296 quiet 1"]);
    expect(session(mod).filter((l) => !l.startsWith("[T] ")).at(-2)).toBe("4096");
  });

  it("division by zero: the report, then the CPU's divide error, as on Linux (the check does not stop the division)", () => {
    const k = session(div0).filter((l) => l.startsWith("[T] ")).map((l) => masked(l.slice(4)));
    const src = join(demo, "demo.c");
    expect(reports(k)).toEqual([report("division-overflow", `${src}:${lineOf(src, "\treturn v / d;")}:11`, ["division by zero"],
      ["__ubsan_handle_divrem_overflow+X/X", "demo_div.cold+X/X [ubsan_demo]", "demo_init+X/X [ubsan_demo]"], INSMOD_PATH, "insmod")]);
    const oops = k.slice(k.lastIndexOf(RULE) + 1);
    expect(oops.slice(0, 3)).toEqual(["divide error: 0000 [#1] SMP NOPTI", CPU("insmod"), "RIP: 0010:demo_div+X/X [ubsan_demo]"]);
    expect(session(div0).filter((l) => !l.startsWith("[T] "))).toEqual(["Segmentation fault", "insmod rc=139", ""]);
  });

  it("a reached __builtin_unreachable(): reported (not once-only), then the panic 5.10 ends it with", () => {
    const k = session(unreachable).filter((l) => l.startsWith("[T] ")).map((l) => masked(l.slice(4)));
    const src = join(demo, "demo.c");
    expect(reports(k)).toEqual([report("unreachable", `${src}:${lineOf(src, "\t\t__builtin_unreachable();")}:3`,
      ["calling __builtin_unreachable()"],
      ["__ubsan_handle_builtin_unreachable+X/X", "demo_unreachable.cold+X/X [ubsan_demo]", "demo_init+X/X [ubsan_demo]"],
      INSMOD_PATH, "insmod")]);
    const p = k.slice(k.lastIndexOf(RULE) + 1);
    expect(p[0]).toBe("Kernel panic - not syncing: can't return from __builtin_unreachable()");
    expect(p.at(-1)).toBe("---[ end Kernel panic - not syncing: can't return from __builtin_unreachable() ]---");
    expect(unreachable.status).toBe(3);
  });

  it("UBSAN_TRAP: ud2 in place of the handlers (none is built), each time an invalid-opcode oops as in 5.10", () => {
    const undef = spawnSync("nm", [join(trapOut, "vmlinux")], { encoding: "utf8" }).stdout.split("\n").filter((l) => l.includes("__ubsan_"));
    expect(undef).toEqual([]);
    expect(spawnSync("nm", ["-u", join(trapMods, "test_kmembugs.ko")], { encoding: "utf8" }).stdout).not.toContain("__ubsan_");
    const g = byCase(trap);
    expect(g.map((c) => `${c.tc} rc=${c.rc}`)).toEqual(["8.5 rc=139", "8.5 rc=139"]);
    for (const [i, c] of g.entries()) {
      const o = c.kernel.findIndex((l) => l.startsWith("invalid opcode: "));
      expect(c.kernel.slice(o, o + 3)).toEqual([`invalid opcode: 0000 [#${i + 1}] SMP NOPTI`,
        i === 0 ? CPU("sh") : CPU("sh").replace("G           O", "G      D    O"),
        "RIP: 0010:test_ubsan_shift_out_of_bounds+X/X [test_kmembugs]"]);
      expect(c.kernel.some((l) => l.startsWith("UBSAN:"))).toBe(false);
    }
    // O and D (the oops)
    expect(session(trap).filter((l) => !l.startsWith("[T] ")).at(-2)).toBe("4224");
  });
});
