/*
 * kmemleak-modules.test.ts: scenarios A5 (the book's test_kmembugs cases
 * 3.1, 3.2 and 3.3 through run_tests) and A6 (kmemleak-test) of
 * kmemleak.md Part A, end to end in the guest.
 */
import { describe, it, expect } from "vitest";
import { userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";
import { parseReports, symbols } from "./reports.ts";

const KL = "/sys/kernel/debug/kmemleak";
const SCAN_TWICE = `sleep 6; echo scan > ${KL}; sleep 6; echo scan > ${KL}`;
const MARK = "=== kmemleak ===";
const WRITE_PATH = ["full_proxy_write", "vfs_write", "ksys_write", "__x64_sys_write", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"];

function runCase(tc: string) {
  const r = bootFromState({
    append: "kmemleak=on",
    exec: `cd /lib/modules/$(uname -r)/kmembugs_test; ./load_testmod > /dev/null; echo ${tc} | sudo ./run_tests > /dev/null; ` +
      `${SCAN_TWICE}; dmesg -t | grep "new suspected"; echo "${MARK}"; cat ${KL}`,
  });
  const u = userOutput(r);
  const mark = u.indexOf(MARK);
  const counts = u.slice(0, mark).map((l) => Number(/^kmemleak: (\d+) new suspected memory leaks \(see \/sys\/kernel\/debug\/kmemleak\)$/.exec(l)![1]));
  return { r, counts, reports: parseReports(u.slice(mark + 1)) };
}

describe("A5: test_kmembugs through run_tests", () => {
  it("3.1: kzalloc(1520) is a 2048-byte leak and vmalloc(5*1024) an 8192-byte one, both from run_tests", () => {
    const { r, counts, reports } = runCase("3.1");
    expect(r.status).toBe(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
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
    const printed = /kzalloc\(1520\) = 0x([0-9a-f]+)/.exec(r.out)![1];
    expect(reports[0]!.addr).toBe(printed);
    expect(reports[1]!.addr).toMatch(/^ffffc90000/);
    for (const x of reports) expect(x.backtrace[0]).toMatch(/^[\w.]+\+0x[0-9a-f]+\/0x[0-9a-f]+$/);
  });

  it("3.2: an 8-byte leak holding \"leaky!!\"", () => {
    const { counts, reports } = runCase("3.2");
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(reports.length).toBe(1);
    expect(reports[0]!.size).toBe(8);
    expect(reports[0]!.dumpLen).toBe(8);
    expect(reports[0]!.hex).toEqual(["6c 65 61 6b 79 21 21 00                          leaky!!."]);
    expect(symbols(reports[0]!).slice(0, 3)).toEqual(["slab_post_alloc_hook", "kmem_cache_alloc_trace", "leak_simple2 [test_kmembugs]"]);
  });

  it("3.3: a 192-byte leak from irq_work, recorded as comm \"hardirq\", pid 0", () => {
    const { counts, reports } = runCase("3.3");
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(reports.length).toBe(1);
    const x = reports[0]!;
    expect([x.size, x.comm, x.pid]).toEqual([192, "hardirq", 0]);
    // 5.10 on a PC without an APIC: irq_work runs from the timer tick, whose entry is the 8259's common_interrupt;
    // kmemleak keeps 16 frames (MAX_TRACE), which end before asm_common_interrupt
    expect(symbols(x)).toEqual(["slab_post_alloc_hook", "kmem_cache_alloc_trace", "irq_work_leaky [test_kmembugs]",
      "irq_work_single", "irq_work_run_list", "irq_work_tick", "update_process_times", "tick_periodic", "tick_handle_periodic",
      "timer_interrupt", "__handle_irq_event_percpu", "handle_irq_event_percpu", "handle_irq_event", "handle_level_irq",
      "asm_call_irq_on_stack", "common_interrupt"]);
  });
});

describe("A6: kmemleak-test", () => {
  const r = bootFromState({
    append: "kmemleak=on",
    exec: `modprobe kmemleak-test; ${SCAN_TWICE}; echo "loaded $(grep -c unreferenced ${KL})"; echo "${MARK}"; cat ${KL}; echo "${MARK}"; ` +
      `rmmod kmemleak_test; echo "rmmod $?"; echo clear > ${KL}; ${SCAN_TWICE}; dmesg -t | grep "new suspected"; echo "${MARK}"; cat ${KL}`,
  });
  const u = userOutput(r);
  const marks = u.map((l, i) => (l === MARK ? i : -1)).filter((i) => i >= 0);

  it("prints one line per allocation with a hashed %p", () => {
    const alloc = r.lines.filter((l) => /^\[T\] kmemleak: (kmalloc|vmalloc|kzalloc)/.test(l)).map((l) => l.slice(4));
    expect(alloc.length).toBe(2 * 4 + 5 + 10 + 1);
    for (const l of alloc) expect(l).toMatch(/^kmemleak: (kmalloc\((32|1024|2048|4096|129)\)|vmalloc\(64\)|kzalloc\(sizeof\(\*elem\)\)) = [0-9a-f]{16}$/);
    expect(r.lines).toContain("[T] kmemleak: Kmemleak testing");
  });

  it("reports 13 leaks while loaded: 2x32, 2x1024, 2x2048 and 7x4096, all from modprobe", () => {
    expect(u[0]).toBe("loaded 13");
    const reps = parseReports(u.slice(marks[0]! + 1, marks[1]));
    expect(reps.map((x) => x.size).sort((a, b) => a - b)).toEqual([32, 32, 1024, 1024, 2048, 2048, 4096, 4096, 4096, 4096, 4096, 4096, 4096]);
    for (const x of reps) expect(x.comm).toBe("modprobe");
    // kmalloc'ed blocks hold SLUB's poison: 6b... ending in a5
    const k32 = reps.find((x) => x.size === 32)!;
    expect(k32.hex).toEqual([
      "6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b  kkkkkkkkkkkkkkkk",
      "6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b a5  kkkkkkkkkkkkkkk.",
    ]);
    // 5.10's init is __init: freed after loading, so its frame prints as a raw address
    expect(symbols(k32)).toEqual(["slab_post_alloc_hook", "kmem_cache_alloc_trace", expect.stringMatching(/^0xffffffffa0[0-9a-f]{6}$/),
      "do_one_initcall", "do_init_module", "load_module", "__do_sys_finit_module", "__x64_sys_finit_module", "do_syscall_64",
      "entry_SYSCALL_64_after_hwframe"]);
  });

  it("after rmmod, the 10 list nodes (512) and the per-CPU kmalloc(129) (192) are new leaks: 11", () => {
    expect(u[marks[1]! + 1]).toBe("rmmod 0");
    const counts = u.slice(marks[1]! + 2, marks[2]).map((l) => Number(/^kmemleak: (\d+) new suspected/.exec(l)![1]));
    // the first two summary lines are the 13 of the loaded module, the rest the 11 after rmmod
    const after = counts.slice(-1)[0];
    expect(counts.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(13);
    expect(after).toBe(11);
    const reps = parseReports(u.slice(marks[2]! + 1));
    expect(reps.map((x) => x.size).sort((a, b) => a - b)).toEqual([192, ...Array(10).fill(512)]);
  });
});
