/*
 * memcheck.test.ts: `kmemlab boot --memcheck` (tools/memcheck.ts), the
 * exact checker of heap accesses, and its grading of SLUB debug. The
 * book's cases 5.1-5.4 (kmalloc(32) out of bounds, right and left, read
 * and write) and 6 (a write after kfree) make exactly the invalid
 * accesses their source says, each classified as KASAN words it; SLUB
 * debug reports the writes (at kfree, or at validate for the
 * use-after-free) and never the reads, and memcheck says so. A workload
 * with no bug (kmemleak-test loaded, scanned and unloaded, SLUB's
 * validate, /proc reads) has no finding: the allocator's and kmemleak's
 * own accesses to red zones, tracks and free objects are theirs.
 * Cases 4.1-4.4 (a module global read and written 3 bytes past its end
 * and before its start) are found in the module's .bss padding on both
 * configs and graded against KASAN's global-out-of-bounds reports; the
 * stack halves of those cases are KASAN's alone, listed as unchecked.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { type BootResult, bootGuestAsync, pool } from "./guest.ts";

const RUN = "/sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase";
const share = mkdtempSync(join(tmpdir(), "kmemlab-memcheck-"));
const corrupt = (args: string) => `insmod /mnt/host/slub_corrupt.ko ${args}; rmmod slub_corrupt`;
let cases: BootResult, clean: BootResult, other: BootResult, kasan: BootResult;

beforeAll(async () => {
  cpSync(join(ROOT, "tests/modules/slub_corrupt"), share, { recursive: true, filter: (p) => !/\.ko$|\.tmp_/.test(p) });
  expect(spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "module", "build", share], { encoding: "utf8" }).status).toBe(0);
  // kasan_oob with KASAN's flags, beside slub_corrupt without them
  const ko = mkdtempSync(join(tmpdir(), "kmemlab-memcheck-kasan-"));
  cpSync(join(ROOT, "tests/modules/kasan_oob"), ko, { recursive: true, filter: (p) => !/\.ko$|\.tmp_/.test(p) });
  expect(spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "module", "build", "--config", "book-debug", ko], { encoding: "utf8" }).status).toBe(0);
  copyFileSync(join(ko, "kasan_oob.ko"), join(share, "kasan_oob.ko"));
  [cases, clean, other, kasan] = await pool([
    () => bootGuestAsync({ extra: ["--memcheck"], timeoutMs: 300_000,
      exec: `insmod /lib/modules/$(uname -r)/kmembugs_test/test_kmembugs.ko; for c in 5.1 5.2 5.3 5.4 6 4.1 4.2 4.3 4.4; do echo $c > ${RUN}; done; ` +
        "echo 1 > /sys/kernel/slab/kmalloc-32/validate" }),
    () => bootGuestAsync({ extra: ["--memcheck"], append: "kmemleak=on", timeoutMs: 300_000,
      exec: "modprobe kmemleak-test; echo scan > /sys/kernel/debug/kmemleak; rmmod kmemleak_test; echo clear > /sys/kernel/debug/kmemleak; " +
        "ls -l /proc/1 > /dev/null; cat /proc/slabinfo /proc/meminfo > /dev/null; echo 1 > /sys/kernel/slab/kmalloc-32/validate" }),
    // other caches, sizes and offsets than the book's: a module of the tests'
    () => bootGuestAsync({ extra: ["--memcheck", "--share", share], timeoutMs: 300_000,
      exec: [corrupt("bug=right size=192 offset=5"), corrupt("bug=left size=1024 offset=7"), corrupt("bug=uaf size=96 offset=40")].join("; ") }),
    // the book's debug kernel: KASAN reports before the access, from its shadow; the freed object waits in its quarantine
    // then kmalloc(30) written at [30] by code built without KASAN, and kmalloc(100) read at [100] by code built with it
    () => bootGuestAsync({ extra: ["--memcheck", "--config", "book-debug", "--share", share], timeoutMs: 300_000,
      exec: `insmod /lib/modules/$(uname -r)/kmembugs_test/test_kmembugs.ko; for c in 5.1 5.2 5.3 5.4 6 4.1 4.2 4.3 4.4; do echo $c > ${RUN}; done; ` +
        `${corrupt("bug=right size=30")}; insmod /mnt/host/kasan_oob.ko bug=tail; rmmod kasan_oob` }),
  ]);
}, 600_000);

/** memcheck's lines, addresses masked. */
const report = (r: BootResult) => r.stderr.split("\n").filter((l) => l.startsWith("memcheck:"))
  .map((l) => l.replace(/ffff(888|c90)[0-9a-f]{9}/g, "ADDR").replace(/ffffffffa0[0-9a-f]{6}/g, "MADDR").replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/g, "+0x../0x..")
    .replace(/^memcheck: \d+ heap/, "memcheck: N heap"));

/** The three lines of a global out of bounds (4.x) on the module's .bss. */
const global = (rw: string, fn: string, where: string, variable: string, graded: string) => [
  `memcheck: global-out-of-bounds: ${rw} of size 1 at addr MADDR by ${fn}+0x../0x.. [test_kmembugs]`,
  `memcheck:   3 bytes to the ${where} of the 10-byte global variable ${variable} at MADDR [test_kmembugs]`, `memcheck:   ${graded}`];
const GLOBAL_MISS = "missed: SLUB debug watches only the slab heap; KASAN is not in this kernel";

const READ_MISS = "memcheck:   missed: a read changes nothing, and SLUB debug checks red zones and poison for changes (at free and validate); KASAN is not in this kernel";

describe("memcheck on the book's slab cases (default config: SLUB debug, no KASAN)", () => {
  it("finds exactly the invalid accesses of 5.1-5.4 and 6, and grades SLUB debug on each", () => {
    expect(cases.status).toBe(0);
    expect(report(cases)).toEqual([
      "memcheck: N heap and module-data accesses checked; 14 invalid accesses",
      // 5.1: two reads 3 bytes past the end
      "memcheck: slab-out-of-bounds: Read of size 1 at addr ADDR by dynamic_mem_oob_right+0x../0x.. [test_kmembugs]",
      "memcheck:   3 bytes to the right of the 32-byte object at ADDR in kmalloc-32",
      READ_MISS,
      "memcheck: slab-out-of-bounds: Read of size 1 at addr ADDR by dynamic_mem_oob_right+0x../0x.. [test_kmembugs]",
      "memcheck:   3 bytes to the right of the 32-byte object at ADDR in kmalloc-32",
      READ_MISS,
      // 5.2: two writes past the end, found by SLUB debug at kfree
      "memcheck: slab-out-of-bounds: Write of size 1 at addr ADDR by dynamic_mem_oob_right+0x../0x.. [test_kmembugs]",
      "memcheck:   3 bytes to the right of the 32-byte object at ADDR in kmalloc-32",
      "memcheck:   reported by SLUB debug",
      "memcheck: slab-out-of-bounds: Write of size 1 at addr ADDR by dynamic_mem_oob_right+0x../0x.. [test_kmembugs]",
      "memcheck:   0 bytes to the right of the 32-byte object at ADDR in kmalloc-32",
      "memcheck:   reported by SLUB debug",
      // 5.3 and 5.4: one byte before the start
      "memcheck: slab-out-of-bounds: Read of size 1 at addr ADDR by dynamic_mem_oob_left+0x../0x.. [test_kmembugs]",
      "memcheck:   1 bytes to the left of the 32-byte object at ADDR in kmalloc-32",
      READ_MISS,
      "memcheck: slab-out-of-bounds: Write of size 1 at addr ADDR by dynamic_mem_oob_left+0x../0x.. [test_kmembugs]",
      "memcheck:   1 bytes to the left of the 32-byte object at ADDR in kmalloc-32",
      "memcheck:   reported by SLUB debug",
      // 6: a write into the freed object, found when the cache is validated
      "memcheck: use-after-free: Write of size 1 at addr ADDR by uaf+0x../0x.. [test_kmembugs]",
      "memcheck:   8 bytes inside of the 32-byte object at ADDR in kmalloc-32, freed by uaf+0x../0x.. [test_kmembugs] (pid 7)",
      "memcheck:   reported by SLUB debug",
      // 4.1-4.4: global_arr2[13] read once, written twice; global_arr2[-3], in the padding after global_arr3, read and written twice
      ...global("Read", "global_mem_oob_right", "right", "global_arr2", GLOBAL_MISS),
      ...global("Write", "global_mem_oob_right", "right", "global_arr2", GLOBAL_MISS),
      ...global("Write", "global_mem_oob_right", "right", "global_arr2", GLOBAL_MISS),
      ...global("Read", "global_mem_oob_left", "right", "global_arr3", GLOBAL_MISS),
      ...global("Read", "global_mem_oob_left", "right", "global_arr3", GLOBAL_MISS),
      ...global("Write", "global_mem_oob_left", "right", "global_arr3", GLOBAL_MISS),
      ...global("Write", "global_mem_oob_left", "right", "global_arr3", GLOBAL_MISS),
      "memcheck: the detectors reported 4 of 14",
    ]);
  });

  it("the console shows the SLUB debug reports it graded", () => {
    expect(cases.out.match(/BUG kmalloc-32 \([^)]*\): Redzone overwritten/g)?.length).toBe(2);
    expect(cases.out.match(/BUG kmalloc-32 \([^)]*\): Poison overwritten/g)?.length).toBe(1);
  });

  it("has no finding on a workload without a bug", () => {
    expect(clean.status).toBe(0);
    expect(report(clean)).toEqual(["memcheck: N heap and module-data accesses checked; 0 invalid accesses"]);
  });
});

describe("memcheck on other caches, sizes and offsets (tests/modules/slub_corrupt)", () => {
  it("names each object, cache and distance, and SLUB debug's report of each", () => {
    expect(other.status).toBe(0);
    expect(report(other)).toEqual([
      "memcheck: N heap and module-data accesses checked; 3 invalid accesses",
      "memcheck: slab-out-of-bounds: Write of size 1 at addr ADDR by corrupt_right+0x../0x.. [slub_corrupt]",
      "memcheck:   5 bytes to the right of the 192-byte object at ADDR in kmalloc-192",
      "memcheck:   reported by SLUB debug",
      "memcheck: slab-out-of-bounds: Write of size 1 at addr ADDR by corrupt_left+0x../0x.. [slub_corrupt]",
      "memcheck:   8 bytes to the left of the 1024-byte object at ADDR in kmalloc-1k",
      "memcheck:   reported by SLUB debug",
      "memcheck: use-after-free: Write of size 1 at addr ADDR by use_after_free+0x../0x.. [slub_corrupt]",
      "memcheck:   40 bytes inside of the 96-byte object at ADDR in kmalloc-96, freed by use_after_free+0x../0x.. [slub_corrupt] (pid 12)",
      // found when the slot was allocated again (rmmod's own allocations)
      "memcheck:   reported by SLUB debug",
      "memcheck: the detectors reported 3 of 3",
    ]);
  });
});

describe("memcheck on the book-debug kernel (KASAN)", () => {
  it("agrees with KASAN on every case KASAN catches, a use-after-free in the quarantine included", () => {
    expect(kasan.status).toBe(0);
    const r = report(kasan);
    expect(r[0]).toBe("memcheck: N heap and module-data accesses checked; 16 invalid accesses");
    expect(r.filter((l) => /^memcheck: (slab-out-of-bounds|use-after-free):/.test(l)).map((l) => l.replace(/ at addr ADDR by (\S+)\+.*$/, " $1"))).toEqual([
      "memcheck: slab-out-of-bounds: Read of size 1 dynamic_mem_oob_right",
      "memcheck: slab-out-of-bounds: Read of size 1 dynamic_mem_oob_right",
      "memcheck: slab-out-of-bounds: Write of size 1 dynamic_mem_oob_right",
      "memcheck: slab-out-of-bounds: Write of size 1 dynamic_mem_oob_right",
      "memcheck: slab-out-of-bounds: Read of size 1 dynamic_mem_oob_left",
      "memcheck: slab-out-of-bounds: Write of size 1 dynamic_mem_oob_left",
      "memcheck: use-after-free: Write of size 1 uaf",
      "memcheck: slab-out-of-bounds: Write of size 1 corrupt_right",
      "memcheck: slab-out-of-bounds: Read of size 1 kasan_oob_tail",
    ]);
    expect(r.filter((l) => l.startsWith("memcheck:   reported by") || l.startsWith("memcheck:   missed")).slice(0, 7)).toEqual(Array(7).fill("memcheck:   reported by KASAN"));
    expect(r).toContain("memcheck: the detectors reported 15 of 16");
    expect(kasan.out.match(/BUG: KASAN: (slab-out-of-bounds|use-after-free) in /g)?.length).toBe(8);
  });

  it("bounds an object by the size kmalloc was asked for (KASAN's shadow records it), and says why each detector missed the uninstrumented write", () => {
    const r = report(kasan), end = r.indexOf("memcheck: the detectors reported 15 of 16");
    expect(r.slice(end - 6, end)).toEqual([
      "memcheck: slab-out-of-bounds: Write of size 1 at addr ADDR by corrupt_right+0x../0x.. [slub_corrupt]",
      "memcheck:   30 bytes inside of the 32-byte object at ADDR in kmalloc-32 (30 bytes requested)",
      "memcheck:   missed: past the 30 bytes requested but inside the object: 5.10's SLUB debug does not guard kmalloc's tail (6.2's orig_size does); " +
        "KASAN did not report it (code built without KASAN, or an earlier report without kasan_multi_shot)",
      "memcheck: slab-out-of-bounds: Read of size 1 at addr ADDR by kasan_oob_tail+0x../0x.. [kasan_oob]",
      "memcheck:   100 bytes inside of the 128-byte object at ADDR in kmalloc-128 (100 bytes requested)",
      "memcheck:   reported by KASAN",
    ]);
  });
});

describe("memcheck on module globals with KASAN (4.1-4.4)", () => {
  it("finds each global access KASAN reports, nearer the variable it was meant for, and lists KASAN's stack reports as unchecked", () => {
    const r = report(kasan);
    const at = r.findIndex((l) => l.startsWith("memcheck: global-out-of-bounds"));
    expect(r.slice(at, at + 21)).toEqual([
      ...global("Read", "global_mem_oob_right", "right", "global_arr2", "reported by KASAN"),
      ...global("Write", "global_mem_oob_right", "right", "global_arr2", "reported by KASAN"),
      ...global("Write", "global_mem_oob_right", "right", "global_arr2", "reported by KASAN"),
      // KASAN's red zones make global_arr2 the nearer variable (KASAN itself names global_arr3, whose red zone it is)
      ...global("Read", "global_mem_oob_left", "left", "global_arr2", "reported by KASAN"),
      ...global("Read", "global_mem_oob_left", "left", "global_arr2", "reported by KASAN"),
      ...global("Write", "global_mem_oob_left", "left", "global_arr2", "reported by KASAN"),
      ...global("Write", "global_mem_oob_left", "left", "global_arr2", "reported by KASAN"),
    ]);
    const unchecked = (rw: string) => `memcheck: KASAN's stack-out-of-bounds report (${rw} of size 1 at addr ADDR): not checked here (stacks and read-only or kernel-image data are not watched)`;
    expect(r.slice(r.indexOf("memcheck: the detectors reported 15 of 16") + 1)).toEqual([unchecked("Read"), unchecked("Write"), unchecked("Read"), unchecked("Write")]);
    expect(kasan.out.match(/BUG: KASAN: global-out-of-bounds in global_mem_oob_(right|left)\+/g)?.length).toBe(7);
  });
});

describe("memcheck's bad input", () => {
  it("is refused with --qemu and with the gdb server", async () => {
    const [q, g] = await pool([
      () => bootGuestAsync({ extra: ["--memcheck", "--qemu"], exec: "true" }),
      () => bootGuestAsync({ extra: ["--memcheck", "--gdb", "tcp::0"], exec: "true" }),
    ]);
    for (const r of [q, g]) {
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("kmemlab: --memcheck watches kmemlab's own CPU (not with --qemu, nor with the gdb server, whose watchpoints it would take over)\n");
    }
  });
});
