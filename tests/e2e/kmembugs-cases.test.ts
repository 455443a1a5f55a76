/*
 * kmembugs-cases.test.ts: every test_kmembugs case (1 to 10) on the
 * default config (SLUB_DEBUG_ON, no KASAN/UBSAN), one guest each (resumed
 * from one saved boot, tests/e2e/booted-state.ts), run as
 * ../shared/linux-ref/case.sh runs it on real Linux: insmod, clear the
 * log, write the case number from a child shell, print the log.
 * Asserted: the module's own lines exactly (as linux-ref/slub/case-*.
 * transcript shows them), that the write succeeds and the shell and the
 * machine survive every case (real Linux survives all of them on this
 * config), and that the cases SLUB cannot see print nothing else.
 *
 * The SLUB reports themselves (5.2, 5.4, 6, 7) are checked line by line
 * in tests/e2e/slub-debug.test.ts; here their banner and the bytes found,
 * in 5.10's wording (5.10 says "Redzone overwritten" for both sides; the
 * "Left/Right Redzone" of linux-ref/slub came with 5.14).
 */
import { describe, it, expect, beforeAll } from "vitest";
import { type BootResult, pool, session } from "./guest.ts";
import { bootFromStateAsync } from "./booted-state.ts";

const FILE = "/sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase";
const CASES = ["1", "2", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4", "6", "7",
  "8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7", "8.8", "8.9", "9", "10"];
const MARK = "=== log";
const P = "test_kmembugs:";
// 5.10's slab_bug banner; the taint (18 columns) does not have B yet when it is printed
const BUG = (what: string) => [
  "=============================================================================",
  `BUG kmalloc-32 (Tainted: G           O     ): ${what}`,
  "-----------------------------------------------------------------------------",
  "",
];

const runs = new Map<string, BootResult>();

beforeAll(async () => {
  const results = await pool(CASES.map((tc) => () => bootFromStateAsync({
    exec: `insmod /lib/modules/$(uname -r)/kmembugs_test/test_kmembugs.ko; dmesg -C; ` +
      `sh -c 'echo ${tc} > ${FILE}'; echo "write rc=$?"; sleep 1; echo "${MARK}"; dmesg -t; echo "the shell survives"`,
  })));
  CASES.forEach((tc, i) => runs.set(tc, results[i]!));
}, 600_000);

/** The guest's output after the write: [what the shell printed before the log, the log] */
function run(tc: string): { before: string[]; log: string[]; r: BootResult } {
  const r = runs.get(tc)!;
  const u = session(r).filter((l) => !l.startsWith("[T] "));
  const m = u.indexOf(MARK);
  const log = u.slice(m + 1);
  expect(log.at(-2)).toBe("the shell survives");
  return { before: u.slice(0, m), log: log.slice(0, -2), r };
}

/** Every case: the write returns, the log starts with the debugfs line, the machine powers off normally. */
function common(tc: string) {
  const x = run(tc);
  expect(x.before).toEqual(["write rc=0"]);
  expect(x.log[0]).toBe(`testcase to run: ${tc}`);
  expect(x.r.status).toBe(0);
  expect(x.r.out).not.toMatch(/Kernel panic|Oops|general protection fault|invalid opcode/);
  return x.log.slice(1);
}

describe("test_kmembugs cases on the default config, as the book's module behaves", () => {
  it("loads with the book's init lines", () => {
    const r = runs.get("1")!;
    const k = session(r).filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));
    const i = k.indexOf("test_kmembugs: loading out-of-tree module taints kernel.");
    expect(k.slice(i, i + 5)).toEqual([
      "test_kmembugs: loading out-of-tree module taints kernel.",
      `${P}kmembugs_test_init(): KASAN NOT configured`,
      `${P}kmembugs_test_init(): CONFIG_UBSAN NOT configured`,
      `${P}kmembugs_test_init(): CONFIG_DEBUG_KMEMLEAK configured`,
      "debugfs entry initialized",
    ]);
  });

  it("1: UMR prints the uninitialised local", () => {
    const l = common("1");
    expect(l).toHaveLength(1);
    expect(l[0]).toMatch(new RegExp(`^${P}umr\\(\\): testcase 1: UMR \\(val=-?\\d+\\)$`));
  });

  it("2: UAR: gcc returns NULL for the local's address", () => {
    expect(common("2")).toEqual([`${P}uar(): testcase 2: UAR:`, `testcase 2: UAR: res1 = "<whoops, it's NULL; UAR!>"`]);
  });

  it("3.1: kzalloc(1520) and vmalloc(5*1024), printed with %px", () => {
    const l = common("3.1");
    expect(l).toHaveLength(3);
    expect(l[0]).toBe(`${P}leak_simple1(): testcase 3.1: simple memory leak testcase 1`);
    expect(l[1]).toMatch(new RegExp(`^${P}leak_simple1\\(\\): kzalloc\\(1520\\) = 0xffff8880[0-9a-f]{8}$`));
    expect(l[2]).toMatch(new RegExp(`^${P}leak_simple1\\(\\): vmalloc\\(5\\*1024\\) = 0xffffc900[0-9a-f]{8}$`));
  });

  it("3.2: the caller prints the 8-byte buffer it does not free", () => {
    expect(common("3.2")).toEqual([`${P}leak_simple2(): testcase 3.2: simple memory leak testcase 2`, ` res2 = "leaky!!"`]);
  });

  it("3.3: the irq_work runs in hardirq context and allocates 129 bytes", () => {
    const l = common("3.3");
    expect(l[0]).toBe(`${P}leak_simple3(): testcase 3.3: simple memory leak testcase 3`);
    expect(l[1]).toMatch(new RegExp(`^${P}irq_work_leaky\\(\\): 000\\) .*:\\d+ +\\| +d\\.h1 +/\\* irq_work_leaky\\(\\) \\*/$`));
    expect(l[2]).toMatch(new RegExp(`^${P}irq_work_leaky\\(\\): kzalloc\\(129\\) = 0xffff8880[0-9a-f]{8}$`));
    expect(l).toHaveLength(3);
  });

  // SLUB sees no global or stack memory and no reads: real Linux prints nothing and goes on
  for (const tc of ["4.1", "4.2", "4.3", "4.4", "5.1", "5.3"])
    it(`${tc}: out of bounds where SLUB cannot see it: nothing more, the machine goes on`, () => {
      expect(common(tc)).toEqual([]);
    });

  // 6.1 and 5.10 have no arithmetic sanitizer without UBSAN; 8.6 and 8.9 stay inside the frame or hit only its saved rbp
  for (const tc of ["8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7", "8.8", "8.9"])
    it(`${tc}: undefined behaviour without UBSAN: nothing more, the machine goes on`, () => {
      expect(common(tc)).toEqual([]);
    });

  /** The report's banner, the bytes check_bytes_and_report found, where the object came from, and the FIX lines. */
  function slubReport(tc: string, what: string, found: string, from: string, fix: RegExp[]) {
    const l = common(tc);
    expect(l.slice(0, 5)).toEqual([...BUG(what), "Disabling lock debugging due to kernel taint"]);
    expect(l[5]).toMatch(new RegExp(`^INFO: 0x[0-9a-f]{16}-0x[0-9a-f]{16} @offset=\\d+\\. ${found}$`));
    expect(l[6]).toMatch(new RegExp(`^INFO: Allocated in ${from}\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[test_kmembugs\\] age=\\d+ cpu=0 pid=\\d+$`));
    const fixes = l.filter((x) => x.startsWith("FIX "));
    expect(fixes).toHaveLength(fix.length);
    fix.forEach((re, i) => expect(fixes[i]).toMatch(re));
  }
  const RESTORE = /^FIX kmalloc-32: Restoring 0x[0-9a-f]{16}-0x[0-9a-f]{16}=0xcc$/;

  it("5.2: the right red zone of the kmalloc(32) is reported at kfree, restored, and the object left allocated", () => {
    slubReport("5.2", "Redzone overwritten", "First byte 0x78 instead of 0xcc", "dynamic_mem_oob_right",
      [RESTORE, /^FIX kmalloc-32: Object at 0x[0-9a-f]{16} not freed$/]);
  });

  it("5.4: the left red zone (the byte before the object) is reported at kfree, restored, and the object left allocated", () => {
    slubReport("5.4", "Redzone overwritten", "First byte 0x78 instead of 0xcc", "dynamic_mem_oob_left",
      [RESTORE, /^FIX kmalloc-32: Object at 0x[0-9a-f]{16} not freed$/]);
  });

  it("6: the 'y' written into the freed object is found in its poison at the next allocation from that slab", () => {
    slubReport("6", "Poison overwritten", "First byte 0x79 instead of 0x6b", "uaf",
      [/^FIX kmalloc-32: Restoring 0x[0-9a-f]{16}-0x[0-9a-f]{16}=0x6b$/, /^FIX kmalloc-32: Marking all objects used$/]);
  });

  it("7: the second kfree is reported", () => {
    expect(common("7").slice(0, 4)).toEqual(BUG("Object already free"));
  });

  it("9: each user-copy routine is called with 11 bytes; kmalloc-16 has room, so nothing is reported", () => {
    const fn = `${P}oob_copy_user_test(): out-of-bounds in`;
    expect(common("9")).toEqual([`${fn} __copy_from_user()`, `${fn} __copy_to_user()`,
      `${fn} __copy_from_user_inatomic()`, `${fn} __copy_to_user_inatomic()`, `${fn} strncpy_from_user()`]);
  });

  it("10: a fresh kmalloc(32) shows SLUB's poison, 6b and the a5 end marker", () => {
    expect(common("10")).toEqual([
      `${P}umr_slub(): testcase 10: simple UMR on slab memory`,
      `${P}umr_slub(): q[3] is 0x6b`,
      "q: 00000000: 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b  kkkkkkkkkkkkkkkk",
      "q: 00000010: 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b a5  kkkkkkkkkkkkkkk.",
    ]);
  });
});
