/*
 * fault-injection.test.ts: failslab and fail_page_alloc as Linux 5.10's
 * Documentation/fault-injection describes them. tests/modules/slub_corrupt
 * (bug=alloc / bug=pages) makes `count` GFP_ATOMIC allocations in a task
 * with /proc/self/make-it-fail set (task-filter=Y keeps every other task
 * out) and prints which failed ('F') and which did not ('.'); the patterns
 * must be the ones the attributes imply: times, interval, space,
 * probability, cache-filter with slub_debug=A, min-order. Also: the
 * debugfs files and their defaults and errnos, the boot parameters,
 * the "FAULT_INJECTION: forcing a failure." lines at verbose 1 and 2, and
 * scenario A8 (kmemleak.md): with pool 200 and failslab on
 * kmemleak_object, the pool runs dry and kmemleak disables itself through
 * its cleanup work.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { type BootResult, bootGuestAsync, pool, userOutput } from "./guest.ts";
import { bootFromStateAsync } from "./booted-state.ts";
import { USER_REGS_LINE, maskSlubLine } from "./slub-reports.ts";
import { A8 } from "./kmemleak-scenarios.ts";

const share = mkdtempSync(join(tmpdir(), "kmemlab-fault-"));
const FS = "/sys/kernel/debug/failslab";
const FP = "/sys/kernel/debug/fail_page_alloc";
const ALLOC = "insmod /mnt/host/slub_corrupt.ko bug=alloc";
const RMMOD = "rmmod slub_corrupt";
const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), ...args], { encoding: "utf8", timeout: 300_000 });
const COMMON = ["probability", "interval", "times", "space", "verbose", "verbose_ratelimit_interval_ms", "verbose_ratelimit_burst", "task-filter"];
const show = (dir: string, files: string[]) => `for f in ${files.join(" ")}; do echo "$f=$(cat ${dir}/$f)"; done`;
/* only this shell's children fail, everything else in the system is left alone */
const ONLY_ME = `echo 1 > /proc/self/make-it-fail; echo Y > ${FS}/task-filter; echo Y > ${FP}/task-filter; echo 0 > ${FS}/verbose; echo 0 > ${FP}/verbose`;

/** The F/. patterns slub_corrupt printed, in order. */
const patterns = (r: BootResult) => r.lines.map((l) => /slub_corrupt: ([F.]+) \(/.exec(l)?.[1]).filter((p): p is string => !!p);

let defaults: BootResult, counts: BootResult, verbose: BootResult, filters: BootResult, boot: BootResult, bad: BootResult, a8: BootResult;

beforeAll(async () => {
  cpSync(join(ROOT, "tests/modules/slub_corrupt"), share, { recursive: true, filter: (p) => !/\.ko$|\.tmp_/.test(p) });
  expect(cli("module", "build", share).status).toBe(0);
  /* a kernel with the smallest kmemleak pool, for A8 */
  const dir = mkdtempSync(join(tmpdir(), "kmemlab-pool200-"));
  const cfg = join(dir, "config");
  copyFileSync(join(ROOT, "guest-kernel/.config"), cfg);
  expect(cli("config", "--file", cfg, "--set-val", "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE", A8.pool).status).toBe(0);
  expect(cli("build", "--config", cfg, "-O", join(dir, "k")).status).toBe(0);
  const sh = ["--share", share];
  [defaults, counts, verbose, filters, boot, bad, a8] = await pool([
    () => bootFromStateAsync({ exec: `${show(FS, [...COMMON, "ignore-gfp-wait", "cache-filter"])}; ${show(FP, [...COMMON, "ignore-gfp-wait", "ignore-gfp-highmem", "min-order"])}; ` +
      `cat /sys/kernel/slab/kmalloc-32/failslab; cat /proc/self/make-it-fail; ls /proc/1/make-it-fail` }),
    () => bootFromStateAsync({ share, exec: `${ONLY_ME}; echo 100 > ${FS}/probability; echo 5 > ${FS}/times; ${ALLOC} count=20; ${RMMOD}; ` +
      `echo "times=$(cat ${FS}/times)"; echo 4294967295 > ${FS}/times; echo 3 > ${FS}/interval; ${ALLOC} count=20; ${RMMOD}; ` +
      `echo 1 > ${FS}/interval; echo 100 > ${FS}/space; ${ALLOC} count=8 size=32; ${RMMOD}; echo "space=$(cat ${FS}/space)"; ` +
      `echo 0 > ${FS}/space; echo 50 > ${FS}/probability; ${ALLOC} count=40; ${RMMOD}; ` +
      `echo 0 > ${FS}/probability; echo 100 > ${FP}/probability; echo 4294967295 > ${FP}/times; ` +
      `insmod /mnt/host/slub_corrupt.ko bug=pages count=4 order=1; ${RMMOD}; insmod /mnt/host/slub_corrupt.ko bug=pages count=4 order=0; ${RMMOD}; ` +
      `echo 0 > ${FP}/min-order; insmod /mnt/host/slub_corrupt.ko bug=pages count=4 order=0; ${RMMOD}; ` +
      `echo 0 > /proc/self/make-it-fail; echo 100 > ${FS}/probability; ${ALLOC} count=4; ${RMMOD}; echo 0 > ${FS}/probability; ` +
      `echo 1 > /proc/self/make-it-fail; echo 100 > ${FS}/probability; ${ALLOC} count=4 gfp=kernel; ${RMMOD}; echo 0 > /proc/self/make-it-fail; ` +
      `echo N > ${FS}/ignore-gfp-wait; sh -c 'echo 1 > /proc/self/make-it-fail; ${ALLOC} count=4 gfp=kernel'; echo "st=$?"` }),
    () => bootFromStateAsync({ share, exec: `${ONLY_ME}; echo 100 > ${FS}/probability; echo 2 > ${FS}/times; echo 1 > ${FS}/verbose; ${ALLOC} count=2; ${RMMOD}; ` +
      `echo 1 > ${FS}/times; echo 2 > ${FS}/verbose; ${ALLOC} count=1; ${RMMOD}` }),
    () => bootGuestAsync({ extra: sh, append: "slub_debug=FZPU;A,kmalloc-32", exec: `${ONLY_ME}; echo 100 > ${FS}/probability; echo 4294967295 > ${FS}/times; ` +
      `echo Y > ${FS}/cache-filter; ${ALLOC} count=3 size=32; ${RMMOD}; ${ALLOC} count=3 size=64; ${RMMOD}; ` +
      `cat /sys/kernel/slab/kmalloc-32/failslab /sys/kernel/slab/kmalloc-64/failslab` }),
    () => bootGuestAsync({ append: "failslab=2,0,4096,-1 fail_page_alloc=junk", exec: show(FS, ["interval", "probability", "space", "times"]) + `; ${show(FP, ["interval", "times"])}` }),
    () => bootFromStateAsync({ exec: `echo abc > ${FS}/probability; echo "st=$?"; echo -1 > ${FS}/times; echo "st=$?"; echo maybe > ${FS}/task-filter; echo "st=$?"; ` +
      `echo 1 > /sys/kernel/slab/kmalloc-32/failslab; echo "st=$?"; echo x > /proc/self/make-it-fail; echo "st=$?"; echo 2 > /proc/self/make-it-fail; echo "st=$?"; ` +
      `echo 0x10 > ${FS}/interval; cat ${FS}/interval; sh -c 'echo 1 > /proc/self/make-it-fail; sh -c "cat /proc/self/make-it-fail"'; cat /proc/self/make-it-fail` }),
    () => bootGuestAsync({ kernel: join(dir, "k", "vmlinux"), append: A8.append, exec: A8.exec }),
  ]);
}, 600_000);

describe("fault injection (CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC)", () => {
  it("has 5.10's debugfs files and defaults, the slab's failslab flag and /proc/<pid>/make-it-fail", () => {
    expect(userOutput(defaults).filter((l) => l !== "")).toEqual([
      "probability=0", "interval=1", "times=1", "space=0", "verbose=2", "verbose_ratelimit_interval_ms=0",
      "verbose_ratelimit_burst=0", "task-filter=N", "ignore-gfp-wait=Y", "cache-filter=N",
      "probability=0", "interval=1", "times=1", "space=0", "verbose=2", "verbose_ratelimit_interval_ms=0",
      "verbose_ratelimit_burst=0", "task-filter=N", "ignore-gfp-wait=Y", "ignore-gfp-highmem=Y", "min-order=1",
      "0", "0", "/proc/1/make-it-fail",
    ]);
  });

  it("fails as times, interval, space and probability say, only in make-it-fail tasks and only where the gfp and order allow", () => {
    const half = patterns(counts)[3]!;
    expect(patterns(counts)).toEqual([
      "FFFFF...............",		/* times=5 */
      "..F..F..F..F..F..F..",		/* interval=3, times=-1 */
      "...FFFFF",			/* space=100 and 32-byte objects: 100, 68, 36 pass; 4 < 32 fails */
      half,				/* probability=50: below */
      "FFFF",				/* fail_page_alloc, order 1 >= min-order 1 */
      "....",				/* order 0 < min-order 1 */
      "FFFF",				/* min-order=0 */
      "....",				/* make-it-fail=0 with task-filter=Y */
      "....",				/* GFP_KERNEL with ignore-gfp-wait=Y */
    ]);
    /* ignore-gfp-wait=N: now a make-it-fail shell cannot even fork */
    expect(userOutput(counts).slice(-3)).toEqual(["sh: fork: Cannot allocate memory", "st=2", ""]);
    expect(half).toHaveLength(40);
    const failed = [...half].filter((c) => c === "F").length;
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(30);
    expect(userOutput(counts)).toContain("times=0");
    expect(userOutput(counts)).toContain("space=4");
  });

  it("logs each forced failure: one line at verbose=1, with the stack at verbose=2", () => {
    const k = verbose.lines.filter((l) => l.startsWith("[T] ")).map((l) => maskSlubLine(l.slice(4)));
    const i = k.indexOf("FAULT_INJECTION: forcing a failure.");
    expect(k.slice(i, i + 5)).toEqual([
      "FAULT_INJECTION: forcing a failure.", "name failslab, interval 1, probability 100, space 0, times 2",
      "FAULT_INJECTION: forcing a failure.", "name failslab, interval 1, probability 100, space 0, times 1",
      "slub_corrupt: FF (2 of 2 failed)",
    ]);
    const j = k.indexOf("FAULT_INJECTION: forcing a failure.", i + 3);
    const trace = k.slice(j, k.indexOf("slub_corrupt: F (1 of 1 failed)")).filter((l) => !l.startsWith("Hardware name:") && !l.startsWith(" ? ") && !USER_REGS_LINE.test(l));
    expect(trace).toEqual([
      "FAULT_INJECTION: forcing a failure.", "name failslab, interval 1, probability 100, space 0, times 1",
      "CPU: 0 PID: <pid> Comm: insmod Tainted: G           O      5.10.0-kmemlab #1", "Call Trace:",
      ...["dump_stack", "should_fail", "should_failslab", "__kmalloc", "alloc_many [slub_corrupt]", "slub_corrupt_init [slub_corrupt]",
        "do_one_initcall", "do_init_module", "load_module", "__do_sys_finit_module", "__x64_sys_finit_module", "do_syscall_64",
        "entry_SYSCALL_64_after_hwframe"].map((n) => ` ${n.replace(/^(\S+)/, "$1+<off>")}`),
    ]);
  });

  it("cache-filter=Y fails only the caches slub_debug=A marked", () => {
    expect(patterns(filters)).toEqual(["FFF", "..."]);
    expect(userOutput(filters).filter((l) => /^[01]$/.test(l))).toEqual(["1", "0"]);
  });

  it("takes failslab= and fail_page_alloc= at boot, and says when it cannot parse them", () => {
    expect(userOutput(boot).filter((l) => l.includes("="))).toEqual([
      "interval=2", "probability=0", "space=4096", "times=-1", "interval=1", "times=1"]);
    expect(boot.lines).toContain("[T] FAULT_INJECTION: failed to parse arguments");
  });

  it("gives bad writes 5.10's errnos (times=-1 is EINVAL: 5.10 parses with kstrtoull)", () => {
    expect(userOutput(bad).filter((l) => l !== "")).toEqual([
      "sh: echo: write error: Invalid argument", "st=1",
      "sh: echo: write error: Invalid argument", "st=1",
      "sh: echo: write error: Invalid argument", "st=1",
      "sh: /sys/kernel/slab/kmalloc-32/failslab: Permission denied", "st=1",
      "sh: echo: write error: Invalid argument", "st=1",
      "sh: echo: write error: Invalid argument", "st=1",
      "16", "1", "0",
    ]);
  });
});

describe("A8 restated: the pool runs dry when kmemleak's own cache cannot allocate", () => {
  it("with pool 200 and failslab on kmemleak_object, kmemleak disables itself and scan is refused", () => A8.check(a8));
});
