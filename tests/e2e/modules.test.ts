/*
 * modules.test.ts: the module loader through the guest's real insmod,
 * rmmod, lsmod and modprobe, with Linux's messages: each relocation type,
 * bad ELF, unknown symbol, duplicate load, init failure (an errno, ESRCH
 * with kmod's own message, a value below the errno range, a positive
 * value), oops in init,
 * unload while in use, reload after unload, __init memory freed;
 * modprobe kmemleak-test; kmemleak's verdicts on kmemlab_testmod's leak
 * patterns; and an external module built with `kmemlab module build` and
 * loaded with --share.
 *
 * The guests boot in parallel (two at a time) in beforeAll; each `it`
 * asserts on a finished transcript.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { type BootResult, bootGuestAsync, pool, userOutput } from "./guest.ts";
import { parseReports, symbols } from "./reports.ts";

const KL = "/sys/kernel/debug/kmemleak";
const SCAN_TWICE = `sleep 6; echo scan > ${KL}; sleep 6; echo scan > ${KL}`;
const MODDIR = "/lib/modules/$(uname -r)";
const MARK = "=== mark";
const INIT_PATH = ["do_one_initcall", "do_init_module", "load_module", "__do_sys_finit_module", "__x64_sys_finit_module",
  "do_syscall_64", "entry_SYSCALL_64_after_hwframe"];
const RAW_ADDR = /^0xffffffffa0[0-9a-f]{6}$/;

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), ...args], { encoding: "utf8", timeout: 120_000 });

/** bootGuestAsync with the options as arguments */
function boot(exec: string, append = "", extra: string[] = []): Promise<BootResult> {
  return bootGuestAsync({ exec, append, extra });
}

/** the user-space lines between marks: [before first mark, after it, ...] */
function sections(r: BootResult): string[][] {
  const u = userOutput(r);
  const out: string[][] = [[]];
  for (const l of u) {
    if (l === MARK) out.push([]);
    else out[out.length - 1]!.push(l);
  }
  return out;
}

const kernelLines = (r: BootResult, re: RegExp) => r.lines.filter((l) => l.startsWith("[T] ") && re.test(l.slice(4))).map((l) => l.slice(4));

// an external module directory: the example, copied so the build leaves nothing in the tree
const share = mkdtempSync(join(tmpdir(), "kmemlab-extmod-"));
const badsym = mkdtempSync(join(tmpdir(), "kmemlab-badsym-"));
let build: ReturnType<typeof cli>, badBuild: ReturnType<typeof cli>;
let loader: BootResult, oops: BootResult, leaks: BootResult, modprobe: BootResult, external: BootResult;

beforeAll(async () => {
  cpSync(join(ROOT, "examples/hello_kmemleak"), share, { recursive: true, filter: (p) => !/\.ko$|\.tmp_/.test(p) });
  build = cli("module", "build", share);
  writeFileSync(join(badsym, "Makefile"), "obj-m := kmemlab_badsym.o kmemlab_hugebss.o\n");
  // a .bss of 4 GiB + 4 KiB: the 32-bit layout size would wrap to one page
  writeFileSync(join(badsym, "kmemlab_hugebss.c"), [
    "#include <linux/module.h>",
    "#include <linux/init.h>",
    "MODULE_LICENSE(\"GPL\");",
    "char kmemlab_huge[0x100001000UL];",
    "static int __init hugebss_init(void) { kmemlab_huge[0x100000fffUL] = 1; return 0; }",
    "module_init(hugebss_init);",
    "",
  ].join("\n"));
  writeFileSync(join(badsym, "kmemlab_badsym.c"), [
    "#include <linux/module.h>",
    "#include <linux/init.h>",
    "MODULE_LICENSE(\"GPL\");",
    "extern int kmemlab_no_such_symbol;",
    "static int __init badsym_init(void) { return kmemlab_no_such_symbol; }",
    "module_init(badsym_init);",
    "",
  ].join("\n"));
  badBuild = cli("module", "build", badsym);
  for (const ko of ["kmemlab_badsym.ko", "kmemlab_hugebss.ko"])
    if (existsSync(join(badsym, ko))) copyFileSync(join(badsym, ko), join(share, ko));

  [leaks, loader, oops, modprobe, external] = await pool([
    () => boot(
      `cd ${MODDIR}; for l in chain vmalloc freed; do insmod kmemlab_testmod.ko leak=$l; ${SCAN_TWICE}; ` +
      `echo "${MARK}"; dmesg | grep -c "calling  kmemlab_testmod_init+0x0/0x1000 \\[kmemlab_testmod\\] @"; grep kmemlab_testmod_init /proc/kallsyms; cat ${KL}; echo clear > ${KL}; rmmod kmemlab_testmod; done`,
      "kmemleak=on initcall_debug"),
    () => boot([
      `cd ${MODDIR}`,
      "insmod kmemlab_relocs.ko; echo \"relocs $?\"",
      `echo 'not an ELF file' > /tmp/x.ko; cd /tmp; insmod x.ko; echo \"badelf $?\"; cd ${MODDIR}`,
      "insmod kmemlab_testmod.ko fail=1; echo \"fail=1 $?\"",
      "insmod kmemlab_testmod.ko fail=12; echo \"fail=12 $?\"",
      "insmod kmemlab_testmod.ko fail=3; echo \"fail=3 $?\"",
      "insmod kmemlab_testmod.ko fail=100000; echo \"fail=100000 $?\"",
      "lsmod",
      "insmod kmemlab_testmod.ko fail=-100000; echo \"fail=-100000 $?\"",
      "cut -d' ' -f1,5 /proc/modules; rmmod kmemlab_testmod",
      "lsmod",
      `echo "${MARK}"`,
      "insmod kmemlab_testmod.ko; echo \"load $?\"",
      "insmod kmemlab_testmod.ko; echo \"again $?\"",
      "insmod kmemlab_testmod_user.ko; echo \"user $?\"",
      "lsmod; cut -d' ' -f1,3,4 /proc/modules",
      `echo "${MARK}"`,
      "rmmod kmemlab_testmod; echo \"rmmod $?\"",
      "rmmod -f kmemlab_testmod; echo \"rmmod -f $?\"",
      "rmmod kmemlab_testmod_user; echo \"rmmod user $?\"",
      "rmmod kmemlab_testmod; echo \"rmmod $?\"",
      "rmmod kmemlab_testmod; echo \"rmmod $?\"",
      "lsmod",
      `echo "${MARK}"`,
      "insmod kmemlab_testmod.ko; echo \"reload $?\"",
      "lsmod",
      "grep -c '\\[kmemlab_testmod\\]' /proc/kallsyms",
      "grep -E ' (kmemlab_testmod_init|init_module|kmemlab_testmod_exit|cleanup_module)\t\\[kmemlab_testmod\\]' /proc/kallsyms | cut -d' ' -f2-",
    ].join("; ")),
    () => boot(`cd ${MODDIR}; insmod kmemlab_relocs.ko; insmod kmemlab_testmod.ko oops=1; echo "oops $?"; echo "${MARK}"; ` +
      "echo the shell survives; lsmod; cut -d' ' -f1,5 /proc/modules"),
    () => boot(`modprobe kmemleak-test; echo "modprobe $?"; lsmod; rmmod kmemleak_test; echo "rmmod $?"; lsmod`),
    () => boot(`insmod /mnt/host/hello_kmemleak.ko; echo "hello $?"; insmod /mnt/host/kmemlab_badsym.ko; echo "badsym $?"; ` +
      `insmod /mnt/host/kmemlab_hugebss.ko; echo "hugebss $?"; ` +
      `lsmod; ${SCAN_TWICE}; echo "${MARK}"; cat ${KL}`, "kmemleak=on", ["--share", share]),
  ]);
}, 300_000);

describe("loader error paths through insmod/rmmod", () => {
  it("applies R_X86_64_64, PC32, PLT32, 32S, 32 and PC64 relocations: relocs OK", () => {
    expect(sections(loader)[0]![0]).toBe("relocs 0");
    expect(kernelLines(loader, /^kmemlab_relocs: /)).toEqual([
      "kmemlab_relocs: loading out-of-tree module taints kernel.",
      "kmemlab_relocs: relocs OK",
    ]);
  });

  it("bad ELF, init failure: Linux's messages, the module is gone", () => {
    expect(sections(loader)[0]).toEqual([
      "relocs 0",
      "insmod: ERROR: could not insert module x.ko: Invalid module format",
      "badelf 1",
      "insmod: ERROR: could not insert module kmemlab_testmod.ko: Operation not permitted",
      "fail=1 1",
      "insmod: ERROR: could not insert module kmemlab_testmod.ko: Cannot allocate memory",
      "fail=12 1",
      // kmod's mod_strerror: ESRCH is its own message
      "insmod: ERROR: could not insert module kmemlab_testmod.ko: Module has wrong symbol version",
      "fail=3 1",
      // init returned -100000, not an errno: the kernel frees the module and returns it as it is, libc
      // sees no error, errno stays 0 and kmod 30's insmod says nothing (status 0)
      "fail=100000 0",
      "Module                  Size  Used by",
      "kmemlab_relocs         16384  0",
      // init returned 100000: warned about, the module stays
      "fail=-100000 0",
      "kmemlab_testmod Live",
      "kmemlab_relocs Live",
      "Module                  Size  Used by",
      "kmemlab_relocs         16384  0",
    ]);
    expect(kernelLines(loader, /^kmemlab_testmod: init (fails|returns)/)).toEqual([
      "kmemlab_testmod: init fails with -1",
      "kmemlab_testmod: init fails with -12",
      "kmemlab_testmod: init fails with -3",
      "kmemlab_testmod: init fails with -100000",
      "kmemlab_testmod: init returns 100000",
    ]);
  });

  it("init returning > 0: do_init_module's warning and a stack dump through the loader, as 5.10", () => {
    const i = loader.lines.indexOf("[T] kmemlab_testmod: init returns 100000");
    expect(i).toBeGreaterThan(0);
    const rep = loader.lines.slice(i + 1, i + 30).map((l) => l.slice(4));
    expect(rep.slice(0, 2)).toEqual([
      "do_init_module: 'kmemlab_testmod'->init suspiciously returned 100000, it should follow 0/-E convention",
      "do_init_module: loading module anyway...",
    ]);
    expect(rep[2]).toMatch(/^CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}O {5} 5\.10\.0-kmemlab #1$/);
    const ct = rep.indexOf("Call Trace:");
    expect(ct).toBeGreaterThan(2);
    // the unwinder's frames (the stack scan's " ? " lines left out: oops.test.ts checks them)
    expect(rep.slice(ct + 1).filter((l) => !l.startsWith(" ? ")).slice(0, 6).map((l) => l.trim().replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+$/, ""))).toEqual(
      ["dump_stack", "do_init_module", "load_module", "__do_sys_finit_module", "__x64_sys_finit_module", "do_syscall_64"]);
  });

  it("duplicate load is \"File exists\"; a user of an export holds a reference (Used by)", () => {
    expect(sections(loader)[1]).toEqual([
      "load 0",
      "insmod: ERROR: could not insert module kmemlab_testmod.ko: File exists",
      "again 1",
      "user 0",
      "Module                  Size  Used by",
      "kmemlab_testmod_user    16384  0",
      "kmemlab_testmod        16384  1 kmemlab_testmod_user",
      "kmemlab_relocs         16384  0",
      "kmemlab_testmod_user 0 -",
      "kmemlab_testmod 1 kmemlab_testmod_user,",
      "kmemlab_relocs 0 -",
    ]);
    expect(kernelLines(loader, /^kmemlab_testmod_user: /)).toEqual([
      "kmemlab_testmod_user: kmemlab_testmod_value = 42",
      "kmemlab_testmod_user: unloaded",
    ]);
  });

  it("unload while in use fails (kmod's check, then -EWOULDBLOCK from the kernel with -f); after the user goes it unloads", () => {
    expect(sections(loader)[2]).toEqual([
      "rmmod: ERROR: Module kmemlab_testmod is in use by: kmemlab_testmod_user",
      "rmmod 1",
      "rmmod: ERROR: could not remove module kmemlab_testmod: Resource temporarily unavailable",
      "rmmod -f 1",
      "rmmod user 0",
      "rmmod 0",
      "rmmod: ERROR: Module kmemlab_testmod is not currently loaded",
      "rmmod 1",
      "Module                  Size  Used by",
      "kmemlab_relocs         16384  0",
    ]);
  });

  it("reloads after unload; __init code is freed (its symbols leave kallsyms), the rest stays", () => {
    const s = sections(loader)[3]!;
    expect(s.slice(0, 4)).toEqual([
      "reload 0",
      "Module                  Size  Used by",
      "kmemlab_testmod        16384  0",
      "kmemlab_relocs         16384  0",
    ]);
    expect(Number(s[4])).toBeGreaterThan(10);
    // kmemlab_testmod_init and its alias init_module were in .init.text: gone; exit stays
    expect(s.slice(5)).toEqual(["t kmemlab_testmod_exit\t[kmemlab_testmod]", "T cleanup_module\t[kmemlab_testmod]", ""]);
    expect(kernelLines(loader, /^kmemlab_testmod: (loaded|unloaded)/)).toEqual([
      "kmemlab_testmod: unloaded",	// the one that stayed after init returned 100000
      "kmemlab_testmod: loaded, kmemlab_testmod_value = 42",
      "kmemlab_testmod: unloaded",
      "kmemlab_testmod: loaded, kmemlab_testmod_value = 42",
    ]);
  });

  it("an oops in init: the report, insmod killed, the shell survives with the module left Loading", () => {
    const [before, after] = sections(oops);
    // a kernel page fault kills the task with SIGKILL, as Linux's page_fault_oops
    expect(before).toEqual(["Killed", "oops 137"]);
    expect(after).toEqual([
      "the shell survives",
      "Module                  Size  Used by",
      "kmemlab_testmod        20480  0",
      "kmemlab_relocs         16384  0",
      "kmemlab_testmod Loading",
      "kmemlab_relocs Live",
      "",
    ]);
    const i = oops.lines.indexOf("[T] kmemlab_testmod: dereferencing NULL");
    expect(i).toBeGreaterThan(0);
    const end = oops.lines.findIndex((l) => /^\[T\] ---\[ end trace [0-9a-f]{16} \]---$/.test(l));
    const rep = oops.lines.slice(i + 1, end + 1).map((l) => l.slice(4));
    expect(rep.slice(0, 3)).toEqual([
      "BUG: kernel NULL pointer dereference, address: 0000000000000000",
      "#PF: supervisor read access in kernel mode",
      "#PF: error_code(0x0000) - not-present page",
    ]);
    // the walk stops at the first entry not present (5.10 leaves the space after it)
    expect(rep[3]).toMatch(/^PGD ([0-9a-f]+) P4D \1 PUD [0-9a-f]+ PMD 0 $/);
    expect(rep[4]).toBe("Oops: 0000 [#1] SMP NOPTI");
    // both modules are out of tree: taint O, as Linux's "Tainted: G           O      "
    expect(rep[5]).toMatch(/^CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}O {5} 5\.10\.0-kmemlab #1$/);
    expect(rep[6]).toMatch(/^RIP: 0010:kmemlab_testmod_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kmemlab_testmod\]$/);
    const ct = rep.indexOf("Call Trace:");
    expect(ct).toBeGreaterThan(6);
    expect(rep.slice(ct + 1).filter((l) => !l.startsWith(" ? ")).slice(0, INIT_PATH.length)
      .map((l) => l.trim().replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+$/, ""))).toEqual(INIT_PATH);
    expect(rep.slice(-3, -1)).toEqual(["Modules linked in: kmemlab_testmod(O+) kmemlab_relocs(O)", "CR2: 0000000000000000"]);
    expect(oops.status).toBe(0);
  });
});

describe("modprobe kmemleak-test", () => {
  it("prints the allocation lines in order, shows in lsmod, rmmod kmemleak_test succeeds and it leaves lsmod", () => {
    expect(userOutput(modprobe)).toEqual([
      "modprobe 0",
      "Module                  Size  Used by",
      "kmemleak_test          16384  0",
      "rmmod 0",
      "Module                  Size  Used by",
      "",
    ]);
    const alloc = kernelLines(modprobe, /^kmemleak: (?!Kernel memory leak detector)/).map((l) => l.replace(/ = [0-9a-f]{16}$/, ""));
    expect(alloc).toEqual([
      "kmemleak: Kmemleak testing",
      ...Array(2).fill("kmemleak: kmalloc(32)"), ...Array(2).fill("kmemleak: kmalloc(1024)"),
      ...Array(2).fill("kmemleak: kmalloc(2048)"), ...Array(2).fill("kmemleak: kmalloc(4096)"),
      ...Array(5).fill("kmemleak: vmalloc(64)"), ...Array(10).fill("kmemleak: kzalloc(sizeof(*elem))"),
      "kmemleak: kmalloc(129)",
    ]);
  });
});

describe("kmemleak on kmemlab_testmod's leak patterns (two scans each)", () => {
  const addrs = (re: RegExp) => re.exec(leaks.lines.join("\n"))!.slice(1);
  const reports = (n: number) => parseReports(sections(leaks)[n]!.slice(1));
  const moduleFrames = (fn: string) => [
    `${fn} [kmemlab_testmod]`, expect.stringMatching(RAW_ADDR), ...INIT_PATH,
  ];

  it("init runs from the init region, which is freed after loading: its frames print as raw addresses", () => {
    // initcall_debug's "calling" line (KERN_DEBUG, so from dmesg) resolved the init function while it ran;
    // the kallsyms grep after each load finds nothing: each section goes on with the first report
    for (const n of [1, 2, 3]) {
      expect(sections(leaks)[n]![0]).toBe(String(n));
      expect(sections(leaks)[n]![1]).toMatch(/^unreferenced object /);
    }
  });

  it("chain: all 3 objects are reported (an unreferenced object is never scanned, so what it points to stays unreferenced too)", () => {
    const [head, mid, tail] = addrs(/kmemlab_testmod: chain: head ([0-9a-f]{16}) -> ([0-9a-f]{16}) -> ([0-9a-f]{16})/);
    const r = reports(1);
    expect(r.map((x) => [x.addr, x.size, x.comm])).toEqual([[head, 64, "insmod"], [mid, 64, "insmod"], [tail, 64, "insmod"]]);
    const le = (a: string) => a.match(/../g)!.reverse().join(" ");
    expect(r[0]!.hex[0]!.slice(0, 23)).toBe(le(mid!));
    expect(r[1]!.hex[0]!.slice(0, 23)).toBe(le(tail!));
    expect(r[2]!.hex[0]!.slice(0, 23)).toBe("00 00 00 00 00 00 00 00");
    for (const x of r) expect(symbols(x)).toEqual(["slab_post_alloc_hook", "kmem_cache_alloc_trace", ...moduleFrames("leak_chain")]);
    expect(kernelLines(leaks, /new suspected/)[0]).toBe("kmemleak: 3 new suspected memory leaks (see /sys/kernel/debug/kmemleak)");
  });

  it("vmalloc: the leaked vmalloc block and the kmalloc it alone points to are both reported", () => {
    const [block, obj] = addrs(/kmemlab_testmod: vmalloc: block ([0-9a-f]{16}) holds ([0-9a-f]{16})/);
    const r = reports(2);
    expect(r.map((x) => [x.addr, x.size])).toEqual([[block, 4096], [obj, 96]]);
    expect(symbols(r[0]!)).toEqual(["__vmalloc_node_range", "vmalloc", ...moduleFrames("leak_vmalloc")]);
    expect(symbols(r[1]!)).toEqual(["slab_post_alloc_hook", "kmem_cache_alloc_trace", ...moduleFrames("leak_vmalloc")]);
    expect(r[1]!.hex[0]).toBe("6b 65 70 74 20 6f 6e 6c 79 20 69 6e 20 61 20 76  kept only in a v");
    expect(kernelLines(leaks, /new suspected/)[1]).toBe("kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)");
  });

  it("freed: an object pointed to only from freed memory is reported; the freed one is not", () => {
    const [obj] = addrs(/kmemlab_testmod: freed: ([0-9a-f]{16}) kept only in freed [0-9a-f]{16}/);
    const r = reports(3);
    expect(r.map((x) => [x.addr, x.size])).toEqual([[obj, 192]]);
    expect(symbols(r[0]!)).toEqual(["slab_post_alloc_hook", "kmem_cache_alloc_trace", ...moduleFrames("leak_freed")]);
    expect(kernelLines(leaks, /new suspected/)).toHaveLength(3);
    expect(kernelLines(leaks, /new suspected/)[2]).toBe("kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)");
  });
});

describe("an external module: kmemlab module build, then --share", () => {
  it("builds DIR/name.ko from a Kbuild Makefile with name-objs", () => {
    expect([build.status, build.stderr]).toEqual([0, ""]);
    expect(build.stdout.split("\n")).toEqual([
      `  CC [M]  ${share}/hello_main.c`,
      `  CC [M]  ${share}/hello_leak.c`,
      `  LD [M]  ${share}/hello_kmemleak.ko`,
      `kmemlab: built ${share}/hello_kmemleak.ko (load it with: kmemlab boot --share ${share}, then insmod /mnt/host/hello_kmemleak.ko)`,
      "",
    ]);
    expect(badBuild.status).toBe(0);
  });

  it("a compile error prints gcc's and make's lines and exits with status 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "kmemlab-broken-"));
    writeFileSync(join(dir, "Makefile"), "obj-m := broken.o\n");
    writeFileSync(join(dir, "broken.c"), "#include <linux/module.h>\nint broken(void) { return no_such_variable; }\n");
    const r = cli("module", "build", dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(`  CC [M]  ${dir}/broken.c\n`);
    const err = r.stderr.split("\n");
    expect(r.stderr).toMatch(new RegExp(`(^|\n)${dir}/broken\\.c:2:\\d+: error: .no_such_variable. undeclared \\(first use in this function\\)\n`));
    expect(r.stderr).toMatch(/\nmake\[1\]: \*\*\* \[[^\]]+broken\.o\] Error 1\n/);
    expect(err.slice(-2)).toEqual([`kmemlab: module build failed: make -C ${join(ROOT, "modules")} M=${dir} exited with status 2`, ""]);
    const none = cli("module", "build", join(dir, "nonexistent"));
    expect([none.status, none.stderr]).toEqual([2, `kmemlab: module build: ${join(dir, "nonexistent")} is not a directory\n`]);
  });

  it("loads with --share: its leak is reported; a module with a missing symbol or a .bss too big for the module area is refused", () => {
    const [before, after] = sections(external);
    expect(before).toEqual([
      "hello 0",
      "insmod: ERROR: could not insert module /mnt/host/kmemlab_badsym.ko: Unknown symbol in module",
      "badsym 1",
      "insmod: ERROR: could not insert module /mnt/host/kmemlab_hugebss.ko: Invalid module format",
      "hugebss 1",
      "Module                  Size  Used by",
      "hello_kmemleak         16384  0",
    ]);
    expect(kernelLines(external, /^(hello_kmemleak|kmemlab_badsym): /).map((l) => l.replace(/[0-9a-f]{16}/, "X"))).toEqual([
      "hello_kmemleak: loading out-of-tree module taints kernel.",
      "hello_kmemleak: hello, leaking 128 bytes",
      "hello_kmemleak: kmalloc(128) = X (never freed)",
      "kmemlab_badsym: Unknown symbol kmemlab_no_such_symbol (err -2)",
    ]);
    const r = parseReports(after!);
    expect(r.map((x) => [x.size, x.comm])).toEqual([[128, "insmod"]]);
    expect(r[0]!.hex[0]).toBe("68 65 6c 6c 6f 20 66 72 6f 6d 20 61 20 6c 65 61  hello from a lea");
    expect(symbols(r[0]!)).toEqual(["slab_post_alloc_hook", "kmem_cache_alloc_trace", "hello_leak [hello_kmemleak]",
      expect.stringMatching(RAW_ADDR), ...INIT_PATH]);
  });
});
