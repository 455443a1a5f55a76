/*
 * kmemleak-scenarios.ts: scenarios A2-A9 of kmemleak.md Part A as the
 * commands they type and the lines they must print, one source for every
 * kernel configuration: kmemleak-boot, kmemleak-config, kmemleak-modules,
 * fault-injection and oracle run them on the default kernel, one boot
 * each; kmemleak-book-debug runs them on the book's debug kernel (KASAN,
 * UBSAN), several in one boot, each in its own section of the session
 * (see sections()).
 */
import { expect } from "vitest";
import { type BootResult, session } from "./guest.ts";
import { parseReports, symbols } from "./reports.ts";

export const KL = "/sys/kernel/debug/kmemleak";
export const SCAN_TWICE = `sleep 6; echo scan > ${KL}; sleep 6; echo scan > ${KL}`;
export const WRITE_PATH = ["full_proxy_write", "vfs_write", "ksys_write", "__x64_sys_write", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"];
const FS = "/sys/kernel/debug/failslab";

/* ---- several scenarios in one boot ---- */

const mark = (name: string) => `=== ${name} ===`;

/** The commands of several scenarios, each section opened by its mark line. */
export function inSections(parts: [string, string][]): string {
  return parts.map(([name, exec]) => `echo "${mark(name)}"; ${exec}`).join("; ");
}

/** A boot's session cut at the mark lines: section name -> its lines (console lines included, masked "[T] "). */
export function sections(r: BootResult): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cur: string[] | null = null;
  for (const l of session(r)) {
    const m = /^=== (.+) ===$/.exec(l);
    if (m) { cur = []; out.set(m[1]!, cur); } else cur?.push(l);
  }
  return out;
}

/** The lines of a section (or session) that the guest's programs printed. */
export const user = (lines: string[]) => lines.filter((l) => !l.startsWith("[T] "));

/* ---- A2: debug initcall_debug ---- */

export const A2 = {
  append: "debug initcall_debug",
  exec: `dmesg | grep kmemleak`,
  /** the session's lines, offsets and times masked */
  check(lines: string[]): void {
    expect(lines.map((l) => l.replace(/\+0x0\/0x[0-9a-f]+/, "+0x0/0xSIZE").replace(/after \d+ usecs/, "after N usecs"))).toEqual([
      "[T] kmemleak: Kernel memory leak detector disabled",
      "[T] calling  kmemleak_late_init+0x0/0xSIZE @ 1",
      "[T] initcall kmemleak_late_init+0x0/0xSIZE returned -12 after N usecs",
      "[T] kmemleak: kmemleak_late_init() failed (-12)",
    ]);
  },
  /** every initcall on the console, in Linux's format */
  checkConsole(r: BootResult): void {
    const calls = r.lines.filter((l) => l.startsWith("[T] calling  "));
    const rets = r.lines.filter((l) => l.startsWith("[T] initcall "));
    expect(calls.length).toBeGreaterThan(5);
    expect(rets.length).toBe(calls.length);
    for (const l of calls) expect(l).toMatch(/^\[T\] calling  \w+\+0x0\/0x[0-9a-f]+ @ 1$/);
    for (const l of rets) expect(l).toMatch(/^\[T\] initcall \w+\+0x0\/0x[0-9a-f]+ returned -?\d+ after \d+ usecs$/);
  },
};

/* ---- A3: a bigger pool does not help ---- */

export const A3 = {
  pool: "32000",
  exec: "dmesg -t | grep kmemleak; grep POOL_SIZE /boot/config-$(uname -r); zcat /proc/config.gz | grep POOL_SIZE",
  expected: ["kmemleak: Kernel memory leak detector disabled", "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE=32000", "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE=32000"],
};

/* ---- A4: kmemleak=on ---- */

export const A4 = {
  append: "kmemleak=on",
  exec: `dmesg -t | grep kmemleak; ps | grep -c kmemleak; for d in /proc/[0-9]*; do grep -q '^kmemleak$' $d/comm && cut -d' ' -f2,19 $d/stat; done; ` +
    `echo scan > ${KL}; echo "scan $?"; cat ${KL} | wc -l`,
  /**
   * The user lines; returns the pool figure. It is 15984 on both configurations: the 16 objects
   * kmemleak tracks before kmemleak_init are the same memblock blocks, and KASAN's shadow pages,
   * memblock's too, are not tracked (Linux allocates them with MEMBLOCK_ALLOC_KASAN; kasan/init.c
   * hands each back at once, and the next reuses its pool entry from the free list).
   */
  check(u: string[]): number {
    expect(u[0]).toBe("Kernel command line: kmemleak=on");
    expect(u[1]).toMatch(/^kmemleak: Kernel memory leak detector initialized \(mem pool available: \d+\)$/);
    const avail = Number(/available: (\d+)/.exec(u[1]!)![1]);
    expect(u.slice(2)).toEqual([
      "kmemleak: Automatic memory scanning thread started",
      "1",
      "(kmemleak) 10",
      "scan 0",
      "0",
    ]);
    return avail;
  },
};

/* ---- A5: test_kmembugs 3.1, 3.2, 3.3 through run_tests ---- */

const REPORT = "--- kmemleak report ---";
export const A5 = {
  append: "kmemleak=on",
  cases: ["3.1", "3.2", "3.3"],
  /** one case, its scans, the summary lines and the report; `clear` afterwards lets the next case follow in the same boot */
  exec: (tc: string) => `cd /lib/modules/$(uname -r)/kmembugs_test; ./load_testmod > /dev/null; echo ${tc} | sudo ./run_tests > /dev/null; ` +
    `${SCAN_TWICE}; dmesg -t | grep "new suspected"; echo "${REPORT}"; cat ${KL}; echo clear > ${KL}`,
  /** a case's lines (console lines included: they show the address the case printed) */
  check(tc: string, lines: string[]): void {
    const u = user(lines);
    const at = u.indexOf(REPORT);
    const counts = u.slice(0, at).map((l) => Number(/^kmemleak: (\d+) new suspected memory leaks \(see \/sys\/kernel\/debug\/kmemleak\)$/.exec(l)![1]));
    const total = counts.reduce((a, b) => a + b, 0);
    const reports = parseReports(u.slice(at + 1));
    for (const x of reports) expect(x.backtrace[0]).toMatch(/^[\w.]+\+0x[0-9a-f]+\/0x[0-9a-f]+$/);
    if (tc === "3.1") {
      // kzalloc(1520) is a 2048-byte leak and vmalloc(5*1024) an 8192-byte one, both from run_tests
      expect(total).toBe(2);
      expect(reports.map((x) => [x.size, x.comm])).toEqual([[2048, "run_tests"], [8192, "run_tests"]]);
      expect(reports[0]!.hex).toEqual([
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................",
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................",
      ]);
      expect(symbols(reports[0]!)).toEqual(["slab_post_alloc_hook", "kmem_cache_alloc_trace", "leak_simple1 [test_kmembugs]",
        "dbgfs_run_testcase [test_kmembugs]", ...WRITE_PATH]);
      expect(symbols(reports[1]!)).toEqual(["__vmalloc_node_range", "vmalloc", "leak_simple1 [test_kmembugs]",
        "dbgfs_run_testcase [test_kmembugs]", ...WRITE_PATH]);
      // the address printed by the test case is the reported object's
      const printed = lines.map((l) => /kzalloc\(1520\) = 0x([0-9a-f]+)/.exec(l)?.[1]).find((a) => a !== undefined);
      expect(reports[0]!.addr).toBe(printed);
      expect(reports[1]!.addr).toMatch(/^ffffc90000/);
    } else if (tc === "3.2") {
      // an 8-byte leak holding "leaky!!"
      expect(total).toBe(1);
      expect(reports.length).toBe(1);
      expect([reports[0]!.size, reports[0]!.dumpLen]).toEqual([8, 8]);
      expect(reports[0]!.hex).toEqual(["6c 65 61 6b 79 21 21 00                          leaky!!."]);
      expect(symbols(reports[0]!).slice(0, 3)).toEqual(["slab_post_alloc_hook", "kmem_cache_alloc_trace", "leak_simple2 [test_kmembugs]"]);
    } else {
      // a 192-byte leak from irq_work, recorded as comm "hardirq", pid 0
      expect(total).toBe(1);
      expect(reports.length).toBe(1);
      const x = reports[0]!;
      expect([x.size, x.comm, x.pid]).toEqual([192, "hardirq", 0]);
      // 5.10 on a PC without an APIC: irq_work runs from the timer tick, whose entry is the 8259's common_interrupt;
      // kmemleak keeps 16 frames (MAX_TRACE), which end before asm_common_interrupt
      expect(symbols(x)).toEqual(["slab_post_alloc_hook", "kmem_cache_alloc_trace", "irq_work_leaky [test_kmembugs]",
        "irq_work_single", "irq_work_run_list", "irq_work_tick", "update_process_times", "tick_periodic", "tick_handle_periodic",
        "timer_interrupt", "__handle_irq_event_percpu", "handle_irq_event_percpu", "handle_irq_event", "handle_level_irq",
        "asm_call_irq_on_stack", "common_interrupt"]);
    }
  },
};

/* ---- A7: the rest of the control file ---- */

const A7_CMDS = ["on", "bogus", "stack=off", "scan=off", "scan=5", "scan=on", "scanxyz", "clear", "dump=0x1234", "offline", "scan", "clear"];
export const A7 = {
  append: "kmemleak=on",
  /** it ends with kmemleak off: the last scenario of a boot */
  exec: A7_CMDS.map((c) => `echo ${c} > ${KL}; echo "${c}: $?"`).join("; ") + "; dmesg -t | grep kmemleak: | tail -n 6",
  expected: [
    "sh: echo: write error: Invalid argument",
    "on: 1",
    "sh: echo: write error: Invalid argument",
    "bogus: 1",
    "stack=off: 0",
    "scan=off: 0",
    "scan=5: 0",
    "scan=on: 0",
    "scanxyz: 0",
    "clear: 0",
    "sh: echo: write error: Invalid argument",
    "dump=0x1234: 1",
    "offline: 0",
    "sh: echo: write error: Operation not permitted",
    "scan: 1",
    "clear: 0",
    // scan=off ends the thread, scan=5 starts it again (scan=on finds it running),
    // dump= of an unknown address, "offline" is "off" by prefix: disabled, then the cleanup ends the thread
    "kmemleak: Automatic memory scanning thread started",
    "kmemleak: Automatic memory scanning thread ended",
    "kmemleak: Automatic memory scanning thread started",
    "kmemleak: Unknown object at 0x00001234",
    "kmemleak: Kernel memory leak detector disabled",
    "kmemleak: Automatic memory scanning thread ended",
  ],
};

/* ---- A8: the pool runs dry when kmemleak's own cache cannot allocate ---- */

export const A8 = {
  pool: "200",
  append: "kmemleak=on slub_debug=FZPU;A,kmemleak_object failslab=1,0,0,-1",
  exec: `cat /sys/kernel/slab/kmemleak_object/failslab; echo Y > ${FS}/cache-filter; echo N > ${FS}/ignore-gfp-wait; echo 0 > ${FS}/verbose; ` +
    `echo 100 > ${FS}/probability; for i in 1 2 3 4 5 6; do modprobe kmemleak-test; rmmod kmemleak_test; done; ` +
    `echo scan > ${KL}; echo "st=$?"; dmesg | grep -E 'kmemleak: [A-Z]'`,
  /** 184 on both configurations, as A4's 15984 (16 early objects) */
  check(r: BootResult): void {
    const out = user(session(r)).filter((l) => l !== "");
    expect(out[0]).toBe("1");
    expect(out).toContain("sh: echo: write error: Operation not permitted");
    expect(out).toContain("st=1");
    const log = r.out.split("\n").filter((l) => /kmemleak: [A-Z]/.test(l) && !l.includes("Kmemleak testing"))
      .map((l) => l.replace(/^\[ *\d+\.\d+\] /, ""));
    /* dmesg repeats the console's lines: take dmesg's copy (the last ones) */
    expect(log.slice(-6)).toEqual([
      "kmemleak: Kernel memory leak detector initialized (mem pool available: 184)",
      "kmemleak: Automatic memory scanning thread started",
      "kmemleak: Memory pool empty, consider increasing CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE",
      "kmemleak: Cannot allocate a kmemleak_object structure",
      "kmemleak: Kernel memory leak detector disabled",
      "kmemleak: Automatic memory scanning thread ended",
    ]);
    expect(r.status).toBe(0);
  },
};

/* ---- A9: correctness beyond the transcript, graded by `boot --oracle` (tools/oracle.ts) ---- */

export interface Graded { addr: string; size: number; verdict: string; comm: string; pid: number; reason: string }
export interface OracleGrades { reported: number; unreachable: number; tp: number; fp: number; fn: number; objects: Graded[] }

/** The leak oracle's grades from a boot's stderr. */
export function oracleGrades(stderr: string): OracleGrades {
  const lines = stderr.split("\n").filter((l) => l.startsWith("oracle: "));
  const head = /^oracle: kmemleak tracks \d+ objects \(\d+ reportable, \d+ ignored\); it reports (\d+), the oracle finds (\d+) unreachable$/
    .exec(lines[0] ?? "");
  const counts = /^oracle: (\d+) true positives, (\d+) false positives, (\d+) false negatives, \d+ true negatives$/.exec(lines[1] ?? "");
  if (!head || !counts) throw new Error(`no oracle summary in stderr:\n${stderr}`);
  const objects: Graded[] = [];
  for (const l of lines.slice(2)) {
    const m = /^oracle: (0x[0-9a-f]{16}) size (\d+) (true-positive|false-positive|false-negative) comm "(.*)" pid (\d+) from \S+: (.+)$/.exec(l);
    if (m) objects.push({ addr: m[1]!, size: Number(m[2]), verdict: m[3]!, comm: m[4]!, pid: Number(m[5]), reason: m[6]! });
  }
  const o = { reported: Number(head[1]), unreachable: Number(head[2]), tp: Number(counts[1]), fp: Number(counts[2]), fn: Number(counts[3]), objects };
  expect(o.objects.length).toBe(o.tp + o.fp + o.fn);
  return o;
}

export const sizes = (xs: Graded[]) => xs.map((x) => x.size).sort((a, b) => a - b);
