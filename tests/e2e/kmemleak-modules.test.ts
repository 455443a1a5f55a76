/*
 * kmemleak-modules.test.ts: scenarios A5 (the book's test_kmembugs cases
 * 3.1, 3.2 and 3.3 through run_tests) and A6 (kmemleak-test) of
 * kmemleak.md Part A, end to end in the guest (A5's commands and lines are
 * kmemleak-scenarios.ts's, which kmemleak-book-debug runs too).
 */
import { describe, it, expect } from "vitest";
import { session, userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";
import { parseReports, symbols } from "./reports.ts";
import { A5, KL, SCAN_TWICE } from "./kmemleak-scenarios.ts";

const MARK = "=== kmemleak ===";

describe("A5: test_kmembugs through run_tests", () => {
  for (const tc of A5.cases) {
    it(`${tc}: as kmemleak.md shows it`, () => {
      const r = bootFromState({ append: A5.append, exec: A5.exec(tc) });
      expect(r.status).toBe(0);
      A5.check(tc, session(r));
    });
  }
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
