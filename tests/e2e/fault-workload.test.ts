/*
 * fault-workload.test.ts: the kernel's own allocation failures are handled
 * everywhere (issue 14, item 14). failslab (every cache) and
 * fail_page_alloc (every order) fail 1%, 10% or 50% of the allocations of
 * the workload's processes (task-filter, each command started with
 * make-it-fail set), or 1% and 10% of every allocation in the system
 * (kernel threads, the shell, init included), while the workload runs:
 * usertests, kmemleak-test loaded, scanned and unloaded six times, the
 * book's test_kmembugs leak cases 3.1 and 3.2 (A5), /proc and /sys reads,
 * pipes and files. Then the faults stop, kmemleak scans twice, and:
 *  - the workload ran to its end and the machine powered off (status 0);
 *  - no oops, BUG, WARNING or panic; every stack dump belongs to one of
 *    5.10's allocation-failure warnings (warn_alloc, slab_out_of_memory);
 *  - no output was lost: every command's status line is there, and every
 *    error the commands print is an errno Linux gives for a failed
 *    allocation (never "not found" or "Permission denied", which is what
 *    an ENOMEM mistaken for ENOENT looks like);
 *  - kmemleak reports nothing but what the modules leak on purpose: every
 *    unreferenced object was allocated from module code (a frame in the
 *    module area, named or, once the init section is freed, raw).
 */
import { describe, it, expect, beforeAll } from "vitest";
import { type BootResult, pool, session } from "./guest.ts";
import { bootFromStateAsync } from "./booted-state.ts";

const FS = "/sys/kernel/debug/failslab", FP = "/sys/kernel/debug/fail_page_alloc", KL = "/sys/kernel/debug/kmemleak";
/* $rel: the release, read before the faults start (uname itself may fail to start under them) */
const KMEMBUGS = "/lib/modules/$rel/kmembugs_test/test_kmembugs.ko";
const RUN = "/sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase";

/*
 * Every command the workload runs through inj, in order; each attempt
 * prints "[name status]" on stderr. "retry" commands are tried again until
 * they succeed, at most 10 times (at 1% a program's exec alone fails often
 * here: the kernel reads the whole binary and copies it into the new mm,
 * some eighty allocations, where Linux maps page-cache pages).
 */
const COMMANDS: string[] = [
  "usertests",
  ...Array.from({ length: 6 }, () => [
    "retry modprobe kmemleak-test", `sh -c 'echo scan > ${KL}'`, `cat ${KL} > /dev/null`, "retry rmmod kmemleak_test",
  ]).flat(),
  `insmod ${KMEMBUGS}`, `sh -c 'test -e ${RUN} && echo 3.1 > ${RUN}'`, `sh -c 'test -e ${RUN} && echo 3.2 > ${RUN}'`,
  "rmmod test_kmembugs",
  "ls -l /proc /sys/kernel/slab /sys/module > /dev/null", "ps", "dmesg > /dev/null",
  "cat /proc/meminfo /proc/slabinfo /proc/vmallocinfo > /dev/null",
  `sh -c 'for i in 1 2 3 4 5 6 7 8; do echo x$i > /tmp/f$i; cat /tmp/f$i; done | wc -l'`,
  `sh -c 'cat /proc/self/maps /proc/self/status > /dev/null; echo pipe | cat | cat | wc -c'`,
];

/** The workload at percent, on the workload's tasks (filter) or on every task. */
function workload(percent: number, filter: boolean): string {
  const setup = [FS, FP].map((d) => `echo N > ${d}/ignore-gfp-wait; echo 0 > ${d}/verbose; echo 4294967295 > ${d}/times; ` +
    `echo ${filter ? "Y" : "N"} > ${d}/task-filter`).join("; ");
  /* with every task failing, even these writes can fail: retry until they hold */
  const set = (p: number) => `until echo ${p} > ${FS}/probability; do :; done; until echo ${p} > ${FP}/probability; do :; done`;
  return `rel=$(uname -r); ${setup}; echo 0 > ${FP}/min-order; ` +
    `inj() { sh -c 'echo 1 > /proc/self/make-it-fail && exec "$@"' sh "$@"; st=$?; echo "[$1 $st]" >&2; return $st; }; ` +
    `retry() { n=0; until inj "$@"; do n=$((n + 1)); [ $n -lt 10 ] || break; done; }; ` +
    `${set(percent)}; ` + COMMANDS.map((c) => (c.startsWith("retry ") ? c : `inj ${c}`)).join("; ") + `; ${set(0)}; ` +
    `echo faults off; rmmod kmemleak_test 2>/dev/null; sleep 6; echo scan > ${KL}; sleep 6; echo scan > ${KL}; ` +
    `echo "unreferenced: $(grep -c unreferenced ${KL})"; cat ${KL}; echo "workload done"`;
}

const RUNS = [
  { percent: 1, filter: true }, { percent: 10, filter: true }, { percent: 50, filter: true },
  { percent: 1, filter: false }, { percent: 10, filter: false },
];
let results: BootResult[];

beforeAll(async () => {
  results = await pool(RUNS.map(({ percent, filter }) => () =>
    bootFromStateAsync({ append: "kmemleak=on", exec: workload(percent, filter), timeoutMs: 300_000 })));
}, 900_000);

/** kmemleak's reports after "faults off": [first line, backtrace lines] per object. */
function leaks(lines: string[]): { head: string; frames: string[] }[] {
  const out: { head: string; frames: string[] }[] = [];
  const from = lines.findIndex((l) => l.startsWith("unreferenced: "));
  for (const l of lines.slice(from + 1)) {
    if (l.startsWith("unreferenced object ")) out.push({ head: l, frames: [] });
    else if (/^ {4}\[<[0-9a-f]+>\] /.test(l) && out.length) out[out.length - 1]!.frames.push(l.trim());
  }
  return out;
}

const MODULE_FRAME = /\] (0xffffffffa[0-9a-f]+|\S+ \[(kmemleak_test|test_kmembugs)\])$/;
const ALLOC_ERRORS = /(Cannot allocate memory|Argument list too long|Bad address|Resource temporarily unavailable)$/;

describe.each(RUNS.map((r, i) => ({ ...r, i })))("failslab and fail_page_alloc at $percent% (task-filter $filter)", ({ i, filter }) => {
  it("runs the workload to its end and powers off", () => {
    const r = results[i]!;
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.lines).toContain("faults off");
    expect(r.lines).toContain("workload done");
  });

  it("never oopses, and every stack dump is an allocation-failure warning", () => {
    const lines = results[i]!.lines;
    expect(lines.filter((l) => /BUG: |Oops|WARNING: |Kernel panic|kernel BUG at|general protection fault[:,]|Attempted to kill/.test(l))).toEqual([]);
    const dumps = lines.filter((l) => l === "[T] Call Trace:").length;
    const warnings = lines.filter((l) => /^\[T\] \S+: (page allocation failure: order:\d+|vmalloc: allocation failure[:,] .*), mode:0x[0-9a-f]+\(.*\), nodemask=\(null\)$/.test(l)).length;
    expect(dumps).toBe(warnings);
  });

  it("loses no output: every command reports its status, every error is an allocation errno", () => {
    const out = session(results[i]!);
    const statuses = out.filter((l) => /^\[\S+ \d+\]$/.test(l)).map((l) => l.replace(/ \d+\]$/, "]"));
    /* a retried command prints one line per attempt: compare runs of the same name */
    const runs = (names: string[]) => names.filter((n, k) => n !== names[k - 1]);
    if (filter) expect(runs(statuses)).toEqual(runs(COMMANDS.map((c) => `[${c.replace(/^retry /, "").split(" ")[0]}]`)));
    else expect(statuses.length).toBeGreaterThan(0);
    // (kmod's modprobe says "not found in directory" when its index lookup fails, whatever the errno;
    // a file whose creation failed for want of memory is not there for the next command either)
    const followsFailedCreate = (l: string, k: number) => {
      const m = /^cat: (\S+): No such file or directory$/.exec(l);
      return m !== null && out[k - 1] !== undefined && out[k - 1]!.startsWith(`sh: ${m[1]}: `) && ALLOC_ERRORS.test(out[k - 1]!);
    };
    expect(out.filter((l, k) => /not found|Permission denied|No such file/.test(l) && !/^modprobe: FATAL: Module \S+ not found in directory /.test(l) &&
      !followsFailedCreate(l, k))).toEqual([]);
    const errors = out.filter((l) => /^sh: /.test(l));
    expect(errors.filter((l) => !ALLOC_ERRORS.test(l))).toEqual([]);
  });

  it("leaves kmemleak nothing to report but the modules' own leaks", () => {
    const lines = session(results[i]!);
    const count = Number(/^unreferenced: (\d+)$/.exec(lines.find((l) => l.startsWith("unreferenced: ")) ?? "")?.[1]);
    const found = leaks(lines);
    expect(found.length).toBe(count);
    expect(found.filter((o) => !o.frames.some((f) => MODULE_FRAME.test(f)))).toEqual([]);
  });
});

it("the 1% runs on the workload's tasks still load and unload the modules", () => {
  /* a workload that failed everything would prove nothing: at 1% most commands succeed */
  const out = session(results[0]!);
  expect(out.filter((l) => l === "[modprobe 0]").length).toBeGreaterThanOrEqual(3);
  expect(out.filter((l) => l === "[rmmod 0]").length).toBeGreaterThanOrEqual(3);
  expect(leaks(out).length).toBeGreaterThan(0);
});
