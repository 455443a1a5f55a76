/*
 * kasan.test.ts: the book's debug kernel (guest-kernel/configs/book-debug:
 * SLUB debug, kmemleak, generic KASAN inline with stack instrumentation,
 * the strong stack protector) booted with `boot --config book-debug`.
 *
 * The book's test_kmembugs cases 4.x (global and stack out of bounds),
 * 5.1-5.4 (kmalloc-32 right and left), 6 (use after free) and 7 (double
 * free) give KASAN's 5.10 reports: the kinds, sizes, caches, "N bytes to
 * the right of", the alloc/free stacks, the frame description and the
 * shadow rows are compared exactly; pointers, offsets and timestamps are
 * masked. A module of the tests' own (tests/modules/kasan_oob), built with
 * `module build --config book-debug`, shows the same on other caches and
 * sizes (the kmalloc tail of kmalloc-128, a kmem_cache_create'd cache, a
 * module global, an object freed by an RCU callback: "Last call_rcu():")
 * and report-once against kasan_multi_shot. The kmemleak
 * pitfall (A1) and /boot/config, /proc/config.gz, uname and load_testmod
 * agree with the kernel that was booted.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { type BootResult, bootGuestAsync, pool, session } from "./guest.ts";
import { bootFromStateAsync } from "./booted-state.ts";

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
const CFG = ["--config", "book-debug"];
const FILE = "/sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase";
const KL = "/sys/kernel/debug/kmemleak";
const CASES = ["5.1", "5.2", "5.3", "5.4", "6", "7", "4.1", "4.3", "9"];
const share = mkdtempSync(join(tmpdir(), "kmemlab-kasan-"));

let cases: BootResult, a1: BootResult, configs: BootResult, tail: BootResult, cache: BootResult, uaf: BootResult;
let once: BootResult, multi: BootResult, global: BootResult, page: BootResult, a6: BootResult, plain: BootResult, nul: BootResult, large: BootResult;

/* one boot of the configuration, saved and resumed for each run (a command line of its own boots afresh) */
const boot = (exec: string, append?: string) => append ? bootGuestAsync({ exec, extra: [...CFG, "--share", share], timeoutMs: 300_000, append })
  : bootFromStateAsync({ exec, config: "book-debug", share, timeoutMs: 300_000 });
const insmod = (bug: string) => `insmod /mnt/host/kasan_oob.ko bug=${bug}`;

beforeAll(async () => {
  const b = cli("build", ...CFG);
  expect(b.status, b.stderr).toBe(0);
  cpSync(join(ROOT, "tests/modules/kasan_oob"), share, { recursive: true, filter: (p) => !/\.ko$|\.tmp_/.test(p) });
  // the default kernel's build of the book's module (no KASAN flags), as a user might load it by mistake
  cpSync(join(ROOT, "build/modules/test_kmembugs.ko"), join(share, "plain_kmembugs.ko"));
  const m = cli("module", "build", ...CFG, share);
  expect(m.status, m.stderr).toBe(0);
  [cases, a1, configs, tail, cache, uaf, once, multi, global, page, plain, a6, nul, large] = await pool([
    () => boot(`insmod /lib/modules/$(uname -r)/kmembugs_test/test_kmembugs.ko; ` +
      CASES.map((c) => `echo "== ${c}"; sh -c 'echo ${c} > ${FILE}'; echo "${c} rc=$?"`).join("; ")),
    () => boot(`echo scan > ${KL}; echo "status $?"; dmesg | grep kmemleak; cat ${KL}; echo "cat $?"; echo clear > ${KL}; echo "clear $?"; ls ${KL}`),
    () => boot(`uname -r; grep -E '^CONFIG_(KASAN|KASAN_GENERIC|KASAN_INLINE|KASAN_STACK|SLUB_DEBUG_ON|STACKPROTECTOR_STRONG)=' /boot/config-$(uname -r); ` +
      `[ "$(zcat /proc/config.gz | wc -c)" = "$(wc -c < /boot/config-$(uname -r))" ] && zcat /proc/config.gz | grep -q '^CONFIG_KASAN_INLINE=y' && echo same; cd /lib/modules/$(uname -r)/kmembugs_test && ./load_testmod | grep -v '^\\['`),
    () => boot(insmod("tail")),
    () => boot(insmod("cache")),
    () => boot(insmod("uaf")),
    () => boot(insmod("twice")),
    // and then (multi-shot: a second module's report too) an object freed by an RCU callback
    () => boot(`${insmod("twice")}; rmmod kasan_oob; ${insmod("rcu")}`, "kasan_multi_shot"),
    () => boot(insmod("global")),
    () => boot(insmod("page")),
    () => boot(`insmod /mnt/host/plain_kmembugs.ko; for c in 5.1 6; do sh -c "echo $c > ${FILE}"; echo "$c rc=$?"; done`),
    () => boot(`modprobe kmemleak-test; rmmod kmemleak_test; echo scan > ${KL}; sleep 6; echo scan > ${KL}; ` +
      `grep -c unreferenced ${KL}; grep '^unreferenced' ${KL} | sed 's/.*(size/(size/' | sort | uniq -c`, "kmemleak=on"),
    () => boot(`${insmod("null")}; echo "rc=$?"`),
    () => boot(`${insmod("large")}; rmmod kasan_oob; ${insmod("lfree")}; rmmod kasan_oob`, "kasan_multi_shot"),
  ]);
}, 900_000);

/** The kernel's console lines of the session, "[T] " dropped. */
const kernelLines = (r: BootResult) => session(r).filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));

/** Pointers, symbol offsets and hashed pointers masked; the rest as printed. */
const mask = (l: string) => l.replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/g, "+X/X").replace(/\bffff[0-9a-f]{12}\b/g, "<A>")
  .replace(/\bpage:[0-9a-f]{16}\b/, "page:<P>").replace(/\braw: .*/, "raw: <RAW>");

/** A KASAN report as printed (raw) and masked. */
interface Report { raw: string[]; m: string[] }

/** Each KASAN report of these lines (between its two ===== rules). */
function reports(lines: string[]): Report[] {
  const out: Report[] = [];
  const rule = "==================================================================";
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== rule || !lines[i + 1]?.startsWith("BUG: KASAN: ")) continue;
    const end = lines.indexOf(rule, i + 1);
    const raw = lines.slice(i + 1, end);
    out.push({ raw, m: raw.map(mask) });
    i = end;
  }
  return out;
}

/** The console lines of one test_kmembugs case: from its "== C" marker to its "C rc=" line. */
function caseLines(c: string): string[] {
  const s = session(cases);
  const from = s.indexOf(`== ${c}`), to = s.indexOf(`${c} rc=0`);
  expect(from, `case ${c} ran`).toBeGreaterThan(-1);
  expect(to, `case ${c} returned 0`).toBeGreaterThan(from);
  return s.slice(from + 1, to).filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));
}

/** The frames of a stack after its title line (" fn+X/X [mod]" lines), names only. */
function stackAfter(r: Report, title: RegExp): string[] {
  const i = r.m.findIndex((l) => title.test(l));
  expect(i, String(title)).toBeGreaterThan(-1);
  const out: string[] = [];
  // a " ? " line may be a bare address (%pB names no symbol for the first byte of a module's init, say)
  for (let j = i + 1; j < r.m.length && r.m[j]!.startsWith(" ") && (r.m[j]!.includes("+X/X") || r.m[j]!.startsWith(" ? ")); j++)
    out.push(r.m[j]!.trim().replace("+X/X", ""));
  return out;
}
const ALLOCATED = /^Allocated by task \d+:$/, FREED = /^Freed by task \d+:$/;
/**
 * The Call Trace as printed: the frame-pointer unwinder's frames and the
 * " ? fn" text addresses the scan of the stack found beside them (5.10's
 * show_trace_log_lvl). The saved stacks (Allocated/Freed by) come from
 * stack_trace_save and never have "? " lines: stackAfter keeps them, so an
 * exact comparison of those would see one.
 */
const callTraceAll = (r: Report) => stackAfter(r, /^Call Trace:$/);
/** The reliable frames only. */
const callTrace = (r: Report) => callTraceAll(r).filter((l) => !l.startsWith("? "));

const WRITE_PATH = ["dbgfs_run_testcase [test_kmembugs]", "full_proxy_write", "vfs_write", "ksys_write", "__x64_sys_write",
  "do_syscall_64", "entry_SYSCALL_64_after_hwframe"];
const REPORT_TOP = ["dump_stack", "print_address_description", "__kasan_report", "kasan_report"];
const KMALLOC_STACK = ["kasan_save_stack", "__kasan_kmalloc", "kmem_cache_alloc_trace"];
// 5.10's free path with frame pointers (no sibling calls): kasan_set_track out of line from generic.c's kasan_set_free_info
const FREE_HOOKS = ["__kasan_slab_free", "kasan_slab_free", "slab_free_freelist_hook"];
const FREE_STACK = ["kasan_save_stack", "kasan_set_track", "kasan_set_free_info", ...FREE_HOOKS, "kfree"];

/**
 * The shadow dump of a report: its five rows (address -> 16 bytes), which
 * row has the '>' and where the caret points. Checked for form here: the
 * rows are consecutive 128-byte blocks, the marked one is the middle one.
 */
function shadow(r: Report): { byteAt: (addr: bigint) => string; caretAddr: bigint; rows: string[] } {
  const i = r.raw.indexOf("Memory state around the buggy address:");
  expect(i).toBeGreaterThan(-1);
  const rows = r.raw.slice(i + 1, i + 7);
  const bytes = new Map<bigint, string>();
  let marked = -1, base = 0n;
  const dump = rows.filter((l) => !/^ +\^$/.test(l));
  expect(dump.length).toBe(5);
  dump.forEach((l, k) => {
    const m = /^([ >])([0-9a-f]{16}): ((?:[0-9a-f]{2} ){15}[0-9a-f]{2})$/.exec(l);
    expect(m, l).not.toBeNull();
    const at = BigInt("0x" + m![2]);
    if (k === 0) base = at;
    expect(at).toBe(base + BigInt(k * 128));
    if (m![1] === ">") marked = k;
    m![3]!.split(" ").forEach((b, j) => bytes.set(at + BigInt(j * 8), b));
  });
  expect(marked).toBe(2);
  const c = rows.findIndex((l) => /^ +\^$/.test(l));
  expect(c).toBe(3);
  const col = rows[c]!.length - 1;
  expect((col - 19) % 3).toBe(0);
  const caretAddr = base + 256n + BigInt(((col - 19) / 3) * 8);
  return { byteAt: (a: bigint) => bytes.get(a & ~7n) ?? "??", caretAddr, rows };
}

const hex = (s: string) => BigInt("0x" + s);
/** The object a report names, and the access address. */
function addrs(r: Report): { object: bigint; access: bigint } {
  const o = r.raw.find((l) => l.startsWith("The buggy address belongs to the object at "));
  const a = /at addr ([0-9a-f]{16})/.exec(r.raw[1]!);
  return { object: o ? hex(o.slice(-16)) : 0n, access: a ? hex(a[1]!) : 0n };
}
/** The shadow bytes of n granules from addr. */
const granules = (sh: ReturnType<typeof shadow>, addr: bigint, n: number) =>
  Array.from({ length: n }, (_, k) => sh.byteAt(addr + BigInt(k * 8))).join(" ");

function objectLines(r: Report): string[] {
  const i = r.m.findIndex((l) => l.startsWith("The buggy address belongs to the object at "));
  return r.m.slice(i, i + 4);
}
/** The shadow byte under the caret (the first bad granule). */
const caretByte = (r: Report) => { const sh = shadow(r); return sh.byteAt(sh.caretAddr); };

describe("the book-debug configuration", () => {
  it("boots the KASAN kernel whose config /boot, /proc/config.gz and load_testmod show", () => {
    expect(configs.status).toBe(0);
    const u = session(configs).filter((l) => !l.startsWith("[T] "));
    expect(u.slice(0, 9)).toEqual([
      "5.10.0-kmemlab", "CONFIG_SLUB_DEBUG_ON=y", "CONFIG_STACKPROTECTOR_STRONG=y", "CONFIG_KASAN=y", "CONFIG_KASAN_GENERIC=y",
      "CONFIG_KASAN_INLINE=y", "CONFIG_KASAN_STACK=1", "same", "Kernel ver: 5.10.0-kmemlab",
    ]);
    expect(u).toContain("Generic KASAN enabled");
    expect(u).not.toContain("=== NOTE! Both KASAN and UBSAN are disabled for this kernel ===");
    expect(kernelLines(configs)).toContain("test_kmembugs:kmembugs_test_init(): KASAN configured");
    // the boot log says KASAN is up, before the command line as on x86-64 Linux
    expect(cases.lines.indexOf("[T] kasan: KernelAddressSanitizer initialized")).toBeLessThan(cases.lines.findIndex((l) => l.startsWith("[T] Kernel command line:")));
  });

  it("is built with gcc's kernel-address sanitizer, inline, and so are its modules", () => {
    const count = (f: string, re: RegExp) => spawnSync("objdump", ["-d", f], { encoding: "utf8", maxBuffer: 1 << 28 }).stdout
      .split("\n").filter((l) => re.test(l)).length;
    const vmlinux = join(ROOT, "build/kernel-book-debug/vmlinux");
    expect(count(vmlinux, /movabs \$0xdffffc0000000000,/)).toBeGreaterThan(1000);
    expect(count(vmlinux, /call .*<__asan_report_(load|store)\d+_noabort>/)).toBeGreaterThan(1000);
    // gcc builds the offset with a movabs, or as 0x37ffff << 42
    const SHADOW_OFFSET = /movabs \$0xdffffc0000000000,|mov +\$0x37ffff,/;
    expect(count(join(ROOT, "build/kernel-book-debug/modules/test_kmembugs.ko"), SHADOW_OFFSET)).toBeGreaterThan(10);
    expect(count(join(share, "kasan_oob.ko"), SHADOW_OFFSET)).toBeGreaterThan(3);
    // the default kernel has none
    expect(count(join(ROOT, "build/kernel/vmlinux"), /0xdffffc0000000000/)).toBe(0);
  });

  it("--config names a configuration or a file; anything else is one line and status 2", () => {
    const nosuch = cli("boot", "--no-build", "--config", "nosuch", "-e", "true");
    expect([nosuch.status, nosuch.stderr]).toEqual([2,
      `kmemlab: --config: no configuration nosuch in guest-kernel/configs/ (there: book-debug, default) and no file ${join(process.cwd(), "nosuch")}\n`]);
    const dir = cli("boot", "--no-build", "--config", tmpdir(), "-e", "true");
    expect([dir.status, dir.stderr]).toEqual([2, `kmemlab: --config: ${tmpdir()} is not a regular file\n`]);
    const both = cli("boot", "--no-build", "--config", "book-debug", "-k", join(share, "vmlinux"), "-e", "true");
    expect([both.status, both.stderr]).toEqual([2, "kmemlab: --config and --kernel both name the kernel (give one)\n"]);
    const mod = cli("module", "build", "--config", "/nonexistent/cfg", share);
    expect([mod.status, mod.stderr]).toEqual([2, "kmemlab: --config: /nonexistent/cfg not found\n"]);
  });

  it("a path to the same file is the same configuration (its tree, build/kernel-book-debug)", () => {
    const r = cli("boot", "--no-build", "--clock", "virtual", "--config", join(ROOT, "guest-kernel/configs/book-debug"), "-e", "grep KASAN_INLINE /boot/config-$(uname -r)");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("\nCONFIG_KASAN_INLINE=y\r\n");
  });

  it("A1: kmemleak built in but off at boot, as on the default kernel", () => {
    expect(a1.status).toBe(0);
    expect(session(a1)).toEqual([
      "sh: echo: write error: Operation not permitted",
      "status 1",
      "[T] kmemleak: Kernel memory leak detector disabled",
      "cat 0",
      "clear 0",
      KL,
      "[T] reboot: Power down",
      "",
    ]);
  });
});

describe("a module built without KASAN, loaded into the KASAN kernel", () => {
  it("loads (the vermagic is the same, as on Linux) and runs; its own accesses are not checked, so nothing is reported", () => {
    expect(plain.status).toBe(0);
    expect(session(plain).filter((l) => !l.startsWith("[T] "))).toEqual(["5.1 rc=0", "6 rc=0", ""]);
    expect(kernelLines(plain)).toContain("test_kmembugs:kmembugs_test_init(): KASAN NOT configured");
    expect(kernelLines(plain).some((l) => l.startsWith("BUG: KASAN") || l.startsWith("BUG kmalloc"))).toBe(false);
  });
});

describe("kmemleak on the KASAN kernel", () => {
  it("A6: kmemleak-test's leaks are found as on the default kernel; its scans read whole blocks without a KASAN report", () => {
    expect(a6.status).toBe(0);
    expect(session(a6).filter((l) => !l.startsWith("[T] "))).toEqual(["24",
      "      2 (size 1024):", "      1 (size 192):", "      2 (size 2048):", "      2 (size 32):", "      7 (size 4096):", "     10 (size 512):", ""]);
    expect(kernelLines(a6).some((l) => l.startsWith("BUG: KASAN"))).toBe(false);
  });
});

describe("test_kmembugs on KASAN (5.10 reports)", () => {
  it("5.1: two slab-out-of-bounds reads 3 bytes right of a kmalloc-32 object, with its allocation stack", () => {
    const r = reports(caseLines("5.1"));
    expect(r.length).toBe(2);
    for (const rep of r) {
      expect(rep.m[0]).toBe("BUG: KASAN: slab-out-of-bounds in dynamic_mem_oob_right+X/X [test_kmembugs]");
      expect(rep.m[1]).toMatch(/^Read of size 1 at addr <A> by task sh\/\d+$/);
      expect(rep.m[2]).toBe("");
      expect(rep.m[3]).toMatch(/^CPU: 0 PID: \d+ Comm: sh Tainted: G    [B ]      O      5\.10\.0-kmemlab #1$/);
      expect(callTrace(rep)).toEqual([...REPORT_TOP, "__asan_report_load1_noabort", "dynamic_mem_oob_right [test_kmembugs]", ...WRITE_PATH]);
      // the scan's clues where Linux's trace has them (linux-ref/full/case-5.1): the bad access's function
      // (the ip KASAN was given, on the stack) right after the report's frames, and after the function itself
      // the end of the one before it in the module (a stack-protector/KASAN frame's saved address)
      const all = callTraceAll(rep);
      expect(all[all.indexOf("print_address_description") + 1]).toBe("? dynamic_mem_oob_right [test_kmembugs]");
      expect(all[all.indexOf("dynamic_mem_oob_right [test_kmembugs]") + 1]).toBe("? global_mem_oob_left [test_kmembugs]");
      expect(stackAfter(rep, ALLOCATED)).toEqual([...KMALLOC_STACK, "dynamic_mem_oob_right [test_kmembugs]", ...WRITE_PATH]);
      expect(rep.m.some((l) => FREED.test(l))).toBe(false);
      expect(objectLines(rep)).toEqual([
        "The buggy address belongs to the object at <A>", " which belongs to the cache kmalloc-32 of size 32",
        "The buggy address is located 3 bytes to the right of", " 32-byte region [<A>, <A>)",
      ]);
      // 5.10's __dump_page of the slab's head page (an order-1 slab: 9 objects of 416 bytes do not fit a page
      // within calculate_order's 1/16 waste), hashed %p, mapping NULL for a slab, index = the freelist
      const p = rep.m.indexOf("The buggy address belongs to the page:");
      expect(rep.m.slice(p + 1, p + 7).map((l) => l.replace(/(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])/g, "<H>"))).toEqual([
        "page:<P> refcount:1 mapcount:0 mapping:<H> index:0x<H> pfn:" + rep.m[p + 1]!.split("pfn:")[1],
        "head:<H> order:1 compound_mapcount:0",
        "flags: 0x<H>(slab|head)",
        "raw: <RAW>",
        "raw: <RAW>",
        "page dumped because: kasan: bad access detected",
      ]);
      expect(rep.raw[p + 2]!.slice(5, 21)).toBe(rep.raw[p + 1]!.slice(5, 21)); // head: is the page itself
      expect(rep.raw[p + 1]).toMatch(/ mapping:0000000000000000 index:0xffff[0-9a-f]{12} pfn:0x[0-9a-f]+$/);
      // struct page in Linux's word order: flags, slab_list, slab_cache, freelist, counters, _mapcount -1 | _refcount 1, memcg_data 0
      expect(rep.raw[p + 5]).toMatch(/^raw: ffff[0-9a-f]{12} [0-9a-f]{16} 00000001ffffffff 0000000000000000$/);
      // the object's four granules addressable, the red zone around it fc, the caret on the bad byte's granule
      const { object, access } = addrs(rep);
      const sh = shadow(rep);
      expect(access).toBe(object + 35n);
      expect(granules(sh, object - 16n, 8)).toBe("fc fc 00 00 00 00 fc fc");
      expect(sh.caretAddr).toBe(object + 32n);
      expect(caretByte(rep)).toBe("fc");
    }
    // the first report taints B and turns lock debugging off, once
    const k = caseLines("5.1");
    expect(k.filter((l) => l === "Disabling lock debugging due to kernel taint").length).toBe(1);
    expect(r[1]!.m[3]).toContain("Tainted: G    B      O");
  });

  it("5.2: two slab-out-of-bounds writes (3 and 0 bytes to the right), no SLUB report: the object is in the quarantine", () => {
    const k = caseLines("5.2");
    const r = reports(k);
    expect(r.map((rep) => [rep.m[0], rep.m[1]!.replace(/\d+$/, "N"), objectLines(rep)[2]])).toEqual([
      ["BUG: KASAN: slab-out-of-bounds in dynamic_mem_oob_right+X/X [test_kmembugs]", "Write of size 1 at addr <A> by task sh/N", "The buggy address is located 3 bytes to the right of"],
      ["BUG: KASAN: slab-out-of-bounds in dynamic_mem_oob_right+X/X [test_kmembugs]", "Write of size 1 at addr <A> by task sh/N", "The buggy address is located 0 bytes to the right of"],
    ]);
    expect(callTrace(r[0]!)).toContain("__asan_report_store1_noabort");
    expect(k.some((l) => l.startsWith("BUG kmalloc-32"))).toBe(false);
  });

  it("5.3 / 5.4: one byte to the left of the object, read then write", () => {
    for (const [c, rw] of [["5.3", "Read"], ["5.4", "Write"]] as const) {
      const r = reports(caseLines(c));
      expect(r.length, c).toBe(1);
      expect(r[0]!.m[0]).toBe("BUG: KASAN: slab-out-of-bounds in dynamic_mem_oob_left+X/X [test_kmembugs]");
      expect(r[0]!.m[1]).toMatch(new RegExp(`^${rw} of size 1 at addr <A> by task sh/\\d+$`));
      expect(objectLines(r[0]!).slice(1)).toEqual([" which belongs to the cache kmalloc-32 of size 32",
        "The buggy address is located 1 bytes to the left of", " 32-byte region [<A>, <A>)"]);
      const { object } = addrs(r[0]!);
      const sh = shadow(r[0]!);
      expect(sh.caretAddr).toBe(object - 8n);
      expect(granules(sh, object - 8n, 5)).toBe("fc 00 00 00 00");
    }
  });

  it("6: use-after-free write 8 bytes inside, with the allocation and the free stacks; the first granule says the free track is saved (fa)", () => {
    const r = reports(caseLines("6"));
    expect(r.length).toBe(1);
    const rep = r[0]!;
    expect(rep.m[0]).toBe("BUG: KASAN: use-after-free in uaf+X/X [test_kmembugs]");
    expect(rep.m[1]).toMatch(/^Write of size 1 at addr <A> by task sh\/\d+$/);
    expect(stackAfter(rep, ALLOCATED)).toEqual([...KMALLOC_STACK, "uaf [test_kmembugs]", ...WRITE_PATH]);
    expect(stackAfter(rep, FREED)).toEqual([...FREE_STACK, "uaf [test_kmembugs]", ...WRITE_PATH]);
    expect(objectLines(rep).slice(2)).toEqual(["The buggy address is located 8 bytes inside of", " 32-byte region [<A>, <A>)"]);
    const { object } = addrs(rep);
    const sh = shadow(rep);
    expect(granules(sh, object - 8n, 6)).toBe("fc fa fb fb fb fc");
    expect(sh.caretAddr).toBe(object + 8n);
  });

  it("7: the second kfree is a double-free or invalid-free, reported in kfree, 0 bytes inside; SLUB never sees it", () => {
    const k = caseLines("7");
    const r = reports(k);
    expect(r.length).toBe(1);
    const rep = r[0]!;
    expect(rep.m[0]).toBe("BUG: KASAN: double-free or invalid-free in kfree+X/X");
    expect(rep.m[1]).toBe("");
    expect(callTrace(rep).slice(0, 8)).toEqual(["dump_stack", "print_address_description", "kasan_report_invalid_free",
      ...FREE_HOOKS, "kfree", "double_free [test_kmembugs]"]);
    // as linux-ref/full/case-7 (6.1's __kmem_cache_free is 5.10's kfree): "? kfree" after the report's frames
    const all = callTraceAll(rep);
    expect(all[all.indexOf("print_address_description") + 1]).toBe("? kfree");
    expect(all.filter((l) => l === "? kfree").length).toBeGreaterThanOrEqual(2);
    expect(stackAfter(rep, ALLOCATED)).toEqual([...KMALLOC_STACK, "double_free [test_kmembugs]", ...WRITE_PATH]);
    expect(stackAfter(rep, FREED)).toEqual([...FREE_STACK, "double_free [test_kmembugs]", ...WRITE_PATH]);
    expect(objectLines(rep).slice(2)).toEqual(["The buggy address is located 0 bytes inside of", " 32-byte region [<A>, <A>)"]);
    const sh = shadow(rep);
    expect(sh.caretAddr).toBe(addrs(rep).object);
    expect(caretByte(rep)).toBe("fa");
    expect(k.some((l) => l.startsWith("BUG kmalloc-32"))).toBe(false);
  });

  it("4.1: global-out-of-bounds read 3 bytes past the 10-byte global_arr2 (named), then stack-out-of-bounds with gcc's frame description", () => {
    const r = reports(caseLines("4.1"));
    expect(r.map((rep) => rep.m[0])).toEqual([
      "BUG: KASAN: global-out-of-bounds in global_mem_oob_right+X/X [test_kmembugs]",
      "BUG: KASAN: stack-out-of-bounds in global_mem_oob_right+X/X [test_kmembugs]",
    ]);
    const [g, s] = r as [Report, Report];
    const v = g.m.indexOf("The buggy address belongs to the variable:");
    expect(g.m[v + 1]).toBe(" global_arr2+X/X [test_kmembugs]");
    expect(g.raw[v + 1]).toMatch(/^ global_arr2\+0xd\/0x[0-9a-f]+ \[test_kmembugs\]$/);
    expect(g.m.some((l) => l.startsWith("The buggy address belongs to the page:"))).toBe(false);
    // global_arr2: one granule, one of 2 bytes, then the red zone gcc gave it
    const gs = shadow(g), ga = addrs(g).access;
    expect(granules(gs, ga - 13n, 4)).toBe("00 02 f9 f9");
    expect(gs.caretAddr).toBe(ga - 5n);
    expect(s.m[1]).toMatch(/^Read of size 1 at addr <A> by task sh\/\d+$/);
    const f = s.m.findIndex((l) => l.startsWith("addr <A> is located in stack of task sh/"));
    expect(s.m[f]).toMatch(/^addr <A> is located in stack of task sh\/\d+ at offset 153 in frame:$/);
    expect(s.m.slice(f + 1, f + 10)).toEqual([
      " global_mem_oob_right+X/X [test_kmembugs]", "", "this frame has 6 objects:",
      " [32, 33) 'w'", " [48, 49) 'x'", " [64, 65) 'y'", " [80, 81) 'z'", " [96, 104) 'ptr'", " [128, 148) 'local_arr'",
    ]);
    // local_arr[20] at frame offset 128: 00 00 04, then the right red zone f3 where [25] is
    const ss = shadow(s), sa = addrs(s).access;
    expect(granules(ss, sa - 25n, 4)).toBe("00 00 04 f3");
    expect(caretByte(s)).toBe("f3");
  });

  it("4.3: two reads 3 bytes left of global_arr2 (in the red zone of the global before it, as on Linux), then local_arr[-5]", () => {
    const r = reports(caseLines("4.3"));
    expect(r.map((rep) => rep.m[0])).toEqual([
      "BUG: KASAN: global-out-of-bounds in global_mem_oob_left+X/X [test_kmembugs]",
      "BUG: KASAN: global-out-of-bounds in global_mem_oob_left+X/X [test_kmembugs]",
      "BUG: KASAN: stack-out-of-bounds in global_mem_oob_left+X/X [test_kmembugs]",
    ]);
    for (const g of r.slice(0, 2)) {
      const v = g.m.indexOf("The buggy address belongs to the variable:");
      expect(g.m[v + 1]).toBe(" global_arr3+X/X [test_kmembugs]");
      expect(caretByte(g)).toBe("f9");
    }
    expect(caretByte(r[2]!)).toMatch(/^f[12]$/);
  });

  it("9: copies to and from user space check the whole kernel buffer: 11 bytes of a kmalloc(10) in kmalloc-16", () => {
    const k = caseLines("9");
    const r = reports(k);
    expect(r.map((rep) => [rep.m[0], rep.m[1]!.replace(/\d+$/, "N")])).toEqual([
      ...["Write", "Read", "Write", "Read"].map((rw) =>
        ["BUG: KASAN: slab-out-of-bounds in oob_copy_user_test+X/X [test_kmembugs]", `${rw} of size 11 at addr <A> by task sh/N`]),
      ["BUG: KASAN: slab-out-of-bounds in strncpy_from_user+X/X", "Write of size 11 at addr <A> by task sh/N"],
    ]);
    // each report follows the module's line naming the copy
    expect(k.filter((l) => l.startsWith("test_kmembugs:oob_copy_user_test(): ") || l.startsWith("BUG: KASAN: ")).map((l) => l.replace(/\+0x.*/, ""))).toEqual(
      ["__copy_from_user()", "__copy_to_user()", "__copy_from_user_inatomic()", "__copy_to_user_inatomic()", "strncpy_from_user()"].flatMap((f, i) =>
        [`test_kmembugs:oob_copy_user_test(): out-of-bounds in ${f}`, `BUG: KASAN: slab-out-of-bounds in ${i < 4 ? "oob_copy_user_test" : "strncpy_from_user"}`]));
    for (const rep of r) {
      expect(objectLines(rep).slice(1)).toEqual([" which belongs to the cache kmalloc-16 of size 16",
        "The buggy address is located 0 bytes inside of", " 16-byte region [<A>, <A>)"]);
      const { object } = addrs(rep);
      const sh = shadow(rep);
      expect(granules(sh, object - 8n, 4)).toBe("fc 00 02 fc");
      expect(sh.caretAddr).toBe(object + 8n);
    }
    expect(callTrace(r[4]!).slice(4, 8)).toEqual(["check_memory_region", "__kasan_check_write", "strncpy_from_user", "oob_copy_user_test [test_kmembugs]"]);
  });

  it("every case returns to the shell: a KASAN report is not an oops", () => {
    expect(cases.status).toBe(0);
    for (const c of CASES) expect(session(cases)).toContain(`${c} rc=0`);
    expect(kernelLines(cases).some((l) => /Oops|Kernel panic/.test(l))).toBe(false);
  });
});

describe("a module of the tests' own (kasan_oob, built with module build --config book-debug)", () => {
  it("kmalloc(100) in kmalloc-128: a read of p[100] is inside the object but in its poisoned tail", () => {
    const r = reports(kernelLines(tail));
    expect(r.length).toBe(1);
    const rep = r[0]!;
    expect(rep.m[0]).toBe("BUG: KASAN: slab-out-of-bounds in kasan_oob_tail+X/X [kasan_oob]");
    expect(rep.m[1]).toMatch(/^Read of size 1 at addr <A> by task insmod\/\d+$/);
    expect(callTrace(rep).slice(4, 7)).toEqual(["__asan_report_load1_noabort", "kasan_oob_tail [kasan_oob]", "kasan_oob_init [kasan_oob]"]);
    expect(stackAfter(rep, ALLOCATED).slice(0, 5)).toEqual([...KMALLOC_STACK, "kasan_oob_tail [kasan_oob]", "kasan_oob_init [kasan_oob]"]);
    expect(objectLines(rep)).toEqual([
      "The buggy address belongs to the object at <A>", " which belongs to the cache kmalloc-128 of size 128",
      "The buggy address is located 100 bytes inside of", " 128-byte region [<A>, <A>)",
    ]);
    const { object } = addrs(rep);
    const sh = shadow(rep);
    expect(granules(sh, object, 17)).toBe("00 00 00 00 00 00 00 00 00 00 00 00 04 fc fc fc fc");
    expect(sh.caretAddr).toBe(object + 96n);
    expect(session(tail)).toContain("[T] kasan_oob: bug=tail done");
  });

  it("a kmem_cache_create'd cache of 72-byte objects: a write just past one; SLUB reports the red zone when the quarantine gives it back", () => {
    const k = kernelLines(cache);
    const r = reports(k);
    expect(r.length).toBe(1);
    expect(r[0]!.m[0]).toBe("BUG: KASAN: slab-out-of-bounds in kasan_oob_cache_write+X/X [kasan_oob]");
    expect(r[0]!.m[1]).toMatch(/^Write of size 1 at addr <A> by task insmod\/\d+$/);
    expect(objectLines(r[0]!).slice(1)).toEqual([" which belongs to the cache kasan_oob_cache of size 72",
      "The buggy address is located 0 bytes to the right of", " 72-byte region [<A>, <A>)"]);
    const { object } = addrs(r[0]!);
    expect(granules(shadow(r[0]!), object - 8n, 11)).toBe("fc 00 00 00 00 00 00 00 00 00 fc");
    // kmem_cache_destroy empties the quarantine: SLUB's free checks find the byte in its right red zone
    const slub = k.findIndex((l) => l.startsWith("BUG kasan_oob_cache "));
    expect(slub).toBeGreaterThan(k.indexOf("Disabling lock debugging due to kernel taint"));
    expect(k[slub]).toBe("BUG kasan_oob_cache (Tainted: G    B      O     ): Redzone overwritten");
    expect(k.find((l) => l.startsWith("INFO: 0x"))).toMatch(/^INFO: 0x[0-9a-f]{16}-0x[0-9a-f]{16} @offset=80\. First byte 0x78 instead of 0xcc$/);
  });

  it("the same cache: a write after kmem_cache_free is a use-after-free 40 bytes inside, freed by kmem_cache_free", () => {
    const r = reports(kernelLines(uaf));
    expect(r.length).toBe(1);
    const rep = r[0]!;
    expect(rep.m[0]).toBe("BUG: KASAN: use-after-free in kasan_oob_cache_uaf+X/X [kasan_oob]");
    expect(stackAfter(rep, FREED).slice(0, 8))
      .toEqual(["kasan_save_stack", "kasan_set_track", "kasan_set_free_info", ...FREE_HOOKS, "kmem_cache_free", "kasan_oob_cache_uaf [kasan_oob]"]);
    expect(stackAfter(rep, ALLOCATED).slice(0, 4))
      .toEqual(["kasan_save_stack", "__kasan_kmalloc", "slab_post_alloc_hook", "kmem_cache_alloc"]);
    expect(objectLines(rep).slice(1)).toEqual([" which belongs to the cache kasan_oob_cache of size 72",
      "The buggy address is located 40 bytes inside of", " 72-byte region [<A>, <A>)"]);
    const { object } = addrs(rep);
    expect(granules(shadow(rep), object, 10)).toBe("fa fb fb fb fb fb fb fb fb fc");
    expect(caretByte(rep)).toBe("fb");
  });

  it("a module global: one byte past kasan_oob_global[13]", () => {
    const r = reports(kernelLines(global));
    expect(r.length).toBe(1);
    expect(r[0]!.m[0]).toBe("BUG: KASAN: global-out-of-bounds in kasan_oob_global_read+X/X [kasan_oob]");
    const v = r[0]!.m.indexOf("The buggy address belongs to the variable:");
    expect(r[0]!.raw[v + 1]).toMatch(/^ kasan_oob_global\+0xd\/0x[0-9a-f]+ \[kasan_oob\]$/);
    const sh = shadow(r[0]!), a = addrs(r[0]!).access;
    expect(granules(sh, a - 13n, 3)).toBe("00 05 f9");
    expect(sh.caretAddr).toBe(a - 5n);
  });

  it("a page back in the page allocator: use-after-free, the page's shadow ff, no object", () => {
    const r = reports(kernelLines(page));
    expect(r.length).toBe(1);
    const rep = r[0]!;
    expect(rep.m[0]).toBe("BUG: KASAN: use-after-free in kasan_oob_page_uaf+X/X [kasan_oob]");
    expect(rep.m[1]).toMatch(/^Read of size 1 at addr <A> by task insmod\/\d+$/);
    expect(rep.m.some((l) => l.startsWith("The buggy address belongs to the object"))).toBe(false);
    // an order-0 page, free: no head line, refcount 0, no flags
    const p = rep.m.indexOf("The buggy address belongs to the page:");
    expect(rep.m[p + 1]).toMatch(/^page:<P> refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x[0-9a-f]+$/);
    expect(rep.m[p + 2]).toMatch(/^flags: 0x[0-9a-f]+\(\)$/);
    const sh = shadow(rep), a = addrs(rep).access;
    expect(sh.rows.filter((l) => !/^ +\^$/.test(l)).map((l) => l.slice(19))).toEqual(Array(5).fill(Array(16).fill("ff").join(" ")));
    expect(sh.caretAddr).toBe(a);
  });

  it("kmalloc_large: a read past kmalloc(10000), in its third page, dumps the order-2 head page; kfree inside it is an invalid free", () => {
    const r = reports(kernelLines(large));
    expect(r.length).toBe(2);
    const H = (l: string) => l.replace(/(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])/g, "<H>");
    const pageLines = (rep: Report) => rep.m.slice(rep.m.indexOf("The buggy address belongs to the page:") + 1).slice(0, 3).map(H);
    const head = (rep: Report) => BigInt("0x" + /pfn:0x([0-9a-f]+)$/.exec(rep.raw[rep.m.indexOf("The buggy address belongs to the page:") + 1]!)![1]);
    const [oob, free] = r as [Report, Report];
    expect(oob.m[0]).toBe("BUG: KASAN: slab-out-of-bounds in kasan_oob_large+X/X [kasan_oob]");
    expect(oob.m[1]).toMatch(/^Read of size 1 at addr <A> by task insmod\/\d+$/);
    // not a slab: no object, no alloc track; the head of the compound page, whichever page the address is in
    expect(oob.m.some((l) => /belongs to the object|^Allocated by/.test(l))).toBe(false);
    for (const rep of r) {
      expect(pageLines(rep)).toEqual([
        "page:<P> refcount:1 mapcount:0 mapping:<H> index:0x0 pfn:" + rep.m[rep.m.indexOf("The buggy address belongs to the page:") + 1]!.split("pfn:")[1],
        "head:<H> order:2 compound_mapcount:0 compound_pincount:0", "flags: 0x<H>(head)"]);
    }
    const a = addrs(oob).access;
    expect((a - 0xffff888000000000n) >> 12n).toBe(head(oob) + 2n);
    // kmalloc_large poisons from the requested size to the end of the pages: KASAN_PAGE_REDZONE
    const sh = shadow(oob);
    expect(granules(sh, a - 16n, 4)).toBe("00 00 fe fe");
    expect(caretByte(oob)).toBe("fe");
    // kfree(p + 4096 + 16): reported against the head page (virt_to_head_page), which is then freed whole, as Linux's kfree does
    expect(free.m[0]).toBe("BUG: KASAN: double-free or invalid-free in kasan_oob_large+X/X [kasan_oob]");
    expect(free.m[1]).toBe("");
    expect(kernelLines(large).some((l) => /Oops|Bad page|kernel BUG/.test(l))).toBe(false);
  });

  it("a NULL pointer read: gcc's check reads the shadow of 0, a #GP on a non-canonical address, and KASAN names it", () => {
    const k = kernelLines(nul);
    expect(k.find((l) => l.startsWith("general protection fault"))).toBe(
      "general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] SMP KASAN NOPTI");
    const i = k.indexOf("KASAN: null-ptr-deref in range [0x0000000000000000-0x0000000000000007]");
    expect(k[i - 1]).toBe("Modules linked in: kasan_oob(O+)");
    expect(k[i + 1]).toMatch(/^---\[ end trace [0-9a-f]{16} \]---$/);
    expect(session(nul).filter((l) => !l.startsWith("[T] "))).toEqual(["Segmentation fault", "rc=139", ""]);
  });

  it("report-once: two bad reads give one report, kasan_multi_shot gives both", () => {
    expect(reports(kernelLines(once)).map((rep) => rep.m[0])).toEqual(["BUG: KASAN: slab-out-of-bounds in kasan_oob_twice+X/X [kasan_oob]"]);
    expect(reports(kernelLines(multi)).map((rep) => rep.m[0])).toEqual([...[1, 2].map(() => "BUG: KASAN: slab-out-of-bounds in kasan_oob_twice+X/X [kasan_oob]"),
      "BUG: KASAN: use-after-free in kasan_oob_rcu_uaf+X/X [kasan_oob]"]);
    for (const r of [once, multi]) expect(session(r)).toContain("[T] kasan_oob: bug=twice done");
  });

  it("an object freed by an RCU callback: the free stack ends at the softirq's entry, and call_rcu's stack is 'Last call_rcu():'", () => {
    const rep = reports(kernelLines(multi))[2]!;
    expect(rep.m[1]).toMatch(/^Read of size 1 at addr <A> by task insmod\/\d+$/);
    // the callback ran in the softirq after insmod's sleep, on the idle task's stack: "task 0", cut at __do_softirq (filter_irq_stacks)
    expect(stackAfter(rep, /^Freed by task 0:$/)).toEqual([...FREE_STACK, "kasan_oob_rcu_free [kasan_oob]", "rcu_do_batch", "rcu_core", "__do_softirq"]);
    expect(stackAfter(rep, /^Last call_rcu\(\):$/).slice(0, 6)).toEqual(["kasan_save_stack", "kasan_record_aux_stack", "__call_rcu", "call_rcu",
      "kasan_oob_rcu_uaf [kasan_oob]", "kasan_oob_init [kasan_oob]"]);
    const i = rep.m.indexOf("Last call_rcu():");
    expect(rep.m.indexOf("Freed by task 0:")).toBeLessThan(i);
    expect(rep.m.some((l) => l.startsWith("Second to last call_rcu()"))).toBe(false);
    expect(objectLines(rep)).toEqual([
      "The buggy address belongs to the object at <A>", " which belongs to the cache kmalloc-64 of size 64",
      "The buggy address is located 21 bytes inside of", " 64-byte region [<A>, <A>)",
    ]);
    expect(rep.m[rep.m.indexOf("The buggy address belongs to the object at <A>") - 1]).toBe("");
  });
});
