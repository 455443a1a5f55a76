/*
 * slub-debug.test.ts: SLUB debug as Linux 5.10 has it, on caches and sizes
 * the book's module does not use. tests/modules/slub_corrupt (built with
 * `kmemlab module build`, loaded from --share) overruns, underruns, uses
 * after free and frees twice; each report is compared line by line with
 * 5.10's (slub-reports.ts masks hashed pointers, symbol offsets, ages,
 * pids and slab offsets; the offsets are then checked against the slot
 * layout). Also: the 5.10 slot sizes in /proc/slabinfo and
 * /sys/kernel/slab, slub_debug= variants, the attributes' errnos, validate,
 * alloc_calls, and the natural alignment of kmalloc-2k objects.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { bootFromStateAsync } from "./booted-state.ts";
import { type BootResult, bootGuestAsync, pool, userOutput } from "./guest.ts";
import { type SlubReport, USER_REGS_LINE, slubReports, maskSlubLine, hexLines, fill, poison } from "./slub-reports.ts";

const share = mkdtempSync(join(tmpdir(), "kmemlab-slub-"));
const INSMOD = "insmod /mnt/host/slub_corrupt.ko";
const RMMOD = "rmmod slub_corrupt";
const SLAB = "/sys/kernel/slab";
const INIT_PATH = ["do_one_initcall", "do_init_module", "load_module", "__do_sys_finit_module",
  "__x64_sys_finit_module", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"];
const TAINT_O = "Tainted: G           O     ";
const BANNER = "=============================================================================";
const RULE = "-----------------------------------------------------------------------------";
const TRACK_SIZE = 152;	/* struct track: addr, 16 frames, cpu, pid, when */

/** 5.10's calculate_sizes()/calculate_order() for a kmalloc cache (F Z P U, one CPU). */
function layout(objectSize: number) {
  const align = (objectSize & (objectSize - 1)) === 0 ? Math.max(8, objectSize) : 8;
  const up = (x: number, a: number) => Math.ceil(x / a) * a;
  const inuse = up(objectSize, 8) + (objectSize % 8 === 0 ? 8 : 0);
  const infoEnd = inuse + 8;					/* free pointer after the object */
  const redLeftPad = up(8, align);
  const size = up(infoEnd + 2 * TRACK_SIZE + 8 + redLeftPad, align);
  let order = 0;
  for (let minObjects = Math.min(8, Math.floor(32768 / size)); ; minObjects--) {
    const fit = (fraction: number) => {
      for (let o = Math.max(0, Math.ceil(Math.log2(Math.ceil(minObjects * size / 4096)))); o <= 3; o++)
        if (((4096 << o) % size) <= (4096 << o) / fraction) return o;
      return -1;
    };
    const o = [16, 8, 4].map(fit).find((x) => x >= 0);
    if (o !== undefined || minObjects <= 1) { order = o ?? 3; break; }
  }
  return { size, inuse, redLeftPad, order, objects: Math.floor((4096 << order) / size),
    padding: size - redLeftPad - infoEnd - 2 * TRACK_SIZE, paddingAt: infoEnd + 2 * TRACK_SIZE };
}

const frames = (prefix: string, names: string[]) => names.map((n) => `${prefix}${n.startsWith("<") ? n : n.replace(/^(\S+)/, "$1+<off>")}`);

/**
 * The report without dump_stack's "Hardware name:" line (the machine's, not
 * SLUB's); the object's fp (what its free pointer last held: the next free
 * object or NULL, depending on where the object was) is masked either way.
 */
function body(r: SlubReport): string[] {
  return r.lines.filter((l) => !l.startsWith("Hardware name:"))
    .map((l) => l.replace(/^(INFO: Object 0x<P> @offset=<O> fp=0x)0{16}$/, "$1<P>"));
}

/** ... and without the object's previous free track (what was there before it was allocated). */
function withoutStaleFree(r: SlubReport): string[] {
  const lines = body(r);
  const i = lines.findIndex((l) => l.startsWith("INFO: Freed in "));
  const j = lines.findIndex((l) => l.startsWith("INFO: Slab "));
  return i < 0 ? lines : [...lines.slice(0, i), ...lines.slice(j)];
}

/** dump_stack's header and trace. */
function trailerTrace(comm: string, names: string[]): string[] {
  return [`CPU: 0 PID: <pid> Comm: ${comm} Tainted: G    B      O      5.10.0-kmemlab #1`, "Call Trace:", ...frames(" ", names)];
}

function slabLine(r: SlubReport, objects: number, flags: string): void {
  expect(r.lines.find((l) => l.startsWith("INFO: Slab "))).toMatch(
    new RegExp(`^INFO: Slab 0x<P> objects=${objects} used=\\d+ fp=0x(<P>|0{16}) flags=${flags}$`));
}

let right: BootResult, left: BootResult, twice: BootResult, uaf: BootResult, attrs: BootResult;
let fzOnly: BootResult, noDebug: BootResult, higherOrder: BootResult, blocks: BootResult, traced: BootResult, atAlloc: BootResult;
const attrList = ["object_size", "slab_size", "objs_per_slab", "order", "align", "red_zone", "poison",
  "store_user", "sanity_checks", "trace", "failslab", "objects", "total_objects", "slabs"];
const showAttrs = (cache: string) => `for f in ${attrList.join(" ")}; do echo "${cache} $f $(cat ${SLAB}/${cache}/$f)"; done`;

beforeAll(async () => {
  cpSync(join(ROOT, "tests/modules/slub_corrupt"), share, { recursive: true, filter: (p) => !/\.ko$|\.tmp_/.test(p) });
  const b = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "module", "build", share], { encoding: "utf8" });
  expect(b.status, b.stderr).toBe(0);
  const sh = ["--share", share];
  [right, left, twice, uaf, attrs, fzOnly, noDebug, higherOrder, blocks, traced, atAlloc] = await pool([
    () => bootFromStateAsync({ exec: `${INSMOD} bug=right size=64`, share }),
    () => bootFromStateAsync({ exec: `${INSMOD} bug=left size=4096`, share }),
    () => bootFromStateAsync({ exec: `${INSMOD} bug=double size=2048`, share }),
    () => bootFromStateAsync({ exec: `${INSMOD} bug=uaf size=96 byte=0x79; echo 1 > ${SLAB}/kmalloc-96/validate; echo second; echo 1 > ${SLAB}/kmalloc-96/validate; echo done`, share }),
    () => bootFromStateAsync({ exec: `grep -E '^kmalloc-(8|32|2k) ' /proc/slabinfo; ${showAttrs("kmalloc-32")}; ${INSMOD} bug=keep size=1520; ` +
      `cat ${SLAB}/kmalloc-2k/alloc_calls | grep keep_object; cat ${SLAB}/kmalloc-2k/validate; echo "[$(cat ${SLAB}/kmalloc-2k/shrink)]"; ` +
      `echo 0 > ${SLAB}/kmalloc-2k/validate; echo "validate=0 $?"; echo 1 > ${SLAB}/kmalloc-2k/red_zone; echo "red_zone $?"; ` +
      `echo x > ${SLAB}/kmalloc-2k/min_partial; echo "min_partial $?"; echo 2 > ${SLAB}/kmalloc-2k/shrink; echo "shrink=2 $?"; ` +
      `echo 1 > ${SLAB}/kmalloc-2k/shrink; echo "shrink=1 $?"`,
      share }),
    () => bootGuestAsync({ exec: `${showAttrs("kmalloc-64")}; ${showAttrs("kmalloc-32")}; ${INSMOD} bug=right size=64`, append: "slub_debug=FZ,kmalloc-64", extra: sh }),
    () => bootGuestAsync({ exec: `grep -E '^kmalloc-(8|32|2k) ' /proc/slabinfo; ${showAttrs("kmalloc-32")}; cat ${SLAB}/kmalloc-32/alloc_calls`, append: "slub_debug=-" }),
    () => bootGuestAsync({ exec: `${showAttrs("kmalloc-4k")}; ${showAttrs("kmalloc-32")}`, append: "slub_debug=FZPUOQ" }),
    () => bootGuestAsync({ exec: `${showAttrs("kmalloc-32")}; ${showAttrs("kmalloc-64")}`, append: "slub_debug=FZPU;A,kmalloc-32;U,kmalloc-1*" }),
    () => bootGuestAsync({ exec: `${INSMOD} bug=keep size=8000; ${RMMOD}; ${INSMOD} bug=destroy size=100; ls ${SLAB} | grep corrupt; ` +
      `${RMMOD}; ${INSMOD} bug=destroy size=100`,
      append: "slub_debug=FZPU;FZPT,kmalloc-8k", extra: sh }),
    /* kmalloc-96 has one partial slab, so the next kmalloc(96) takes the object just freed */
    () => bootFromStateAsync({ exec: `${INSMOD} bug=uaf size=96 offset=104 byte=0x79 realloc=1; ${RMMOD}; ${INSMOD} bug=uaf size=96 offset=3 byte=0x79 realloc=1`, share }),
  ]);
}, 300_000);

describe("SLUB reports on other caches and sizes (slub_corrupt)", () => {
  it("kmalloc-64, a byte past the end: Redzone overwritten at kfree, restored, the object is not freed", () => {
    const L = layout(64);
    const [r, ...more] = slubReports(right.lines);
    expect(more).toEqual([]);
    expect(withoutStaleFree(r!)).toEqual([
      BANNER, `BUG kmalloc-64 (${TAINT_O}): Redzone overwritten`, RULE, "",
      "Disabling lock debugging due to kernel taint",
      "INFO: 0x<P>-0x<P> @offset=<O>. First byte 0x78 instead of 0xcc",
      "INFO: Allocated in corrupt_right+<off> [slub_corrupt] age=<A> cpu=0 pid=<pid>",
      ...frames("\t", ["__slab_alloc", "__kmalloc", "corrupt_right [slub_corrupt]", "slub_corrupt_init [slub_corrupt]", ...INIT_PATH]),
      r!.lines.find((l) => l.startsWith("INFO: Slab "))!,
      "INFO: Object 0x<P> @offset=<O> fp=0x<P>", "",
      ...hexLines("Redzone", fill(L.redLeftPad, 0xcc)),
      ...hexLines("Object", poison(64)),
      ...hexLines("Redzone", fill(L.inuse - 64, 0xcc, { 0: 0x78 })),
      ...hexLines("Padding", fill(L.padding, 0x5a)),
      ...(trailerTrace("insmod", ["dump_stack", "print_trailer", "check_bytes_and_report", "check_object",
        "free_debug_processing", "__slab_free", "kfree", "corrupt_right [slub_corrupt]", "slub_corrupt_init [slub_corrupt]", ...INIT_PATH])),
      "FIX kmalloc-64: Restoring 0x<P>-0x<P>=0xcc", "",
      "FIX kmalloc-64: Object at 0x<P> not freed",
    ]);
    slabLine(r!, L.objects, "0x4000000000000200");
    const [fault, object] = r!.offsets;
    expect(fault).toBe(object! + 64);
    expect(object! % L.size).toBe(L.redLeftPad);
    expect(right.status).toBe(0);
  });

  it("kmalloc-4k, a byte before the start: the left red zone (4096 bytes, the cache's alignment) catches it", () => {
    const L = layout(4096);
    expect([L.size, L.redLeftPad, L.objects, L.order]).toEqual([12288, 4096, 2, 3]);
    const [r, ...more] = slubReports(left.lines);
    expect(more).toEqual([]);
    expect(withoutStaleFree(r!)).toEqual([
      BANNER, `BUG kmalloc-4k (${TAINT_O}): Redzone overwritten`, RULE, "",
      "Disabling lock debugging due to kernel taint",
      "INFO: 0x<P>-0x<P> @offset=<O>. First byte 0x78 instead of 0xcc",
      "INFO: Allocated in corrupt_left+<off> [slub_corrupt] age=<A> cpu=0 pid=<pid>",
      ...frames("\t", ["__slab_alloc", "__kmalloc", "corrupt_left [slub_corrupt]", "slub_corrupt_init [slub_corrupt]", ...INIT_PATH]),
      r!.lines.find((l) => l.startsWith("INFO: Slab "))!,
      "INFO: Object 0x<P> @offset=<O> fp=0x<P>", "",
      ...hexLines("Redzone", fill(4096, 0xcc, { 4095: 0x78 })),
      ...hexLines("Object", poison(4096)),
      ...hexLines("Redzone", fill(8, 0xcc)),
      ...hexLines("Padding", fill(L.padding, 0x5a)),
      ...(trailerTrace("insmod", ["dump_stack", "print_trailer", "check_bytes_and_report", "check_object",
        "free_debug_processing", "__slab_free", "kfree", "corrupt_left [slub_corrupt]", "slub_corrupt_init [slub_corrupt]", ...INIT_PATH])),
      "FIX kmalloc-4k: Restoring 0x<P>-0x<P>=0xcc", "",
      "FIX kmalloc-4k: Object at 0x<P> not freed",
    ]);
    slabLine(r!, 2, "0x4000000000010200");
    const [fault, object] = r!.offsets;
    expect(fault).toBe(object! - 1);
    expect(object! % L.size).toBe(4096);
  });

  it("kmalloc-2k freed twice: Object already free, with both tracks, and the second kfree does nothing", () => {
    const L = layout(2048);
    const [r, ...more] = slubReports(twice.lines);
    expect(more).toEqual([]);
    expect(body(r!)).toEqual([
      BANNER, `BUG kmalloc-2k (${TAINT_O}): Object already free`, RULE, "",
      "Disabling lock debugging due to kernel taint",
      "INFO: Allocated in free_twice+<off> [slub_corrupt] age=<A> cpu=0 pid=<pid>",
      ...frames("\t", ["__slab_alloc", "__kmalloc", "free_twice [slub_corrupt]", "slub_corrupt_init [slub_corrupt]", ...INIT_PATH]),
      "INFO: Freed in free_twice+<off> [slub_corrupt] age=<A> cpu=0 pid=<pid>",
      ...frames("\t", ["kfree", "free_twice [slub_corrupt]", "slub_corrupt_init [slub_corrupt]", ...INIT_PATH]),
      r!.lines.find((l) => l.startsWith("INFO: Slab "))!,
      "INFO: Object 0x<P> @offset=<O> fp=0x<P>", "",
      ...hexLines("Redzone", fill(L.redLeftPad, 0xbb)),
      ...hexLines("Object", poison(2048)),
      ...hexLines("Redzone", fill(8, 0xbb)),
      ...hexLines("Padding", fill(L.padding, 0x5a)),
      ...(trailerTrace("insmod", ["dump_stack", "print_trailer", "object_err", "free_debug_processing",
        "__slab_free", "kfree", "free_twice [slub_corrupt]", "slub_corrupt_init [slub_corrupt]", ...INIT_PATH])),
      "FIX kmalloc-2k: Object at 0x<P> not freed",
    ]);
    slabLine(r!, 5, "0x4000000000010200");
    expect(r!.offsets[0]! % L.size).toBe(2048);
  });

  it("caught when the object is allocated again: Freepointer corrupt / Poison overwritten, and the slab is marked all used", () => {
    const [fp, poisoned, ...more] = slubReports(atAlloc.lines);
    expect(more).toEqual([]);
    const allocPath = ["alloc_debug_processing", "__slab_alloc", "__kmalloc", "use_after_free [slub_corrupt]", "slub_corrupt_init [slub_corrupt]", ...INIT_PATH];
    const f = body(fp!);
    expect(f.slice(0, 6)).toEqual([BANNER, `BUG kmalloc-96 (${TAINT_O}): Freepointer corrupt`, RULE, "",
      "Disabling lock debugging due to kernel taint", "INFO: Allocated in use_after_free+<off> [slub_corrupt] age=<A> cpu=0 pid=<pid>"]);
    /* the slab was taken whole for the allocation (5.10's acquire_slab) */
    expect(f).toContain("INFO: Slab 0x<P> objects=9 used=9 fp=0x0000000000000000 flags=0x4000000000000200");
    expect(f.slice(f.indexOf("Call Trace:"))).toEqual(["Call Trace:", ...frames(" ", ["dump_stack", "print_trailer", "object_err", "check_object", ...allocPath]),
      "FIX kmalloc-96: Marking all objects used"]);
    const p = body(poisoned!);
    expect(p.slice(1, 5)).toEqual([`BUG kmalloc-96 (Tainted: G    B      O     ): Poison overwritten`, RULE, "",
      "INFO: 0x<P>-0x<P> @offset=<O>. First byte 0x79 instead of 0x6b"]);
    expect(p.filter((l) => l.startsWith("Object "))).toEqual(hexLines("Object", poison(96, { 3: 0x79 })));
    expect(p.slice(p.indexOf("Call Trace:"))).toEqual(["Call Trace:",
      ...frames(" ", ["dump_stack", "print_trailer", "check_bytes_and_report", "check_object", ...allocPath]),
      "FIX kmalloc-96: Restoring 0x<P>-0x<P>=0x6b", "", "FIX kmalloc-96: Marking all objects used"]);
    expect(poisoned!.offsets[0]).toBe(poisoned!.offsets[1]! + 3);
  });

  it("a use after free in kmalloc-96 is reported by validate at once, and repaired", () => {
    const L = layout(96);
    const [r, ...more] = slubReports(uaf.lines);
    expect(more).toEqual([]);
    expect(body(r!)).toEqual([
      BANNER, `BUG kmalloc-96 (${TAINT_O}): Poison overwritten`, RULE, "",
      "Disabling lock debugging due to kernel taint",
      "INFO: 0x<P>-0x<P> @offset=<O>. First byte 0x79 instead of 0x6b",
      "INFO: Allocated in use_after_free+<off> [slub_corrupt] age=<A> cpu=0 pid=<pid>",
      ...frames("\t", ["__slab_alloc", "__kmalloc", "use_after_free [slub_corrupt]", "<raw>", ...INIT_PATH]),
      "INFO: Freed in use_after_free+<off> [slub_corrupt] age=<A> cpu=0 pid=<pid>",
      ...frames("\t", ["kfree", "use_after_free [slub_corrupt]", "<raw>", ...INIT_PATH]),
      r!.lines.find((l) => l.startsWith("INFO: Slab "))!,
      "INFO: Object 0x<P> @offset=<O> fp=0x<P>", "",
      ...hexLines("Redzone", fill(8, 0xbb)),
      ...hexLines("Object", poison(96, { 0: 0x79 })),
      ...hexLines("Redzone", fill(8, 0xbb)),
      ...hexLines("Padding", fill(L.padding, 0x5a)),
      ...(trailerTrace("sh", ["dump_stack", "print_trailer", "check_bytes_and_report", "check_object",
        "validate_slab", "validate_slab_cache", "validate_store", "slab_attr_write", "vfs_write", "ksys_write",
        "__x64_sys_write", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"])),
      "FIX kmalloc-96: Restoring 0x<P>-0x<P>=0x6b", "",
    ]);
    slabLine(r!, L.objects, "0x4000000000000200");
    expect(r!.offsets[0]).toBe(r!.offsets[1]);
    expect(r!.offsets[1]! % L.size).toBe(8);
    /* the report comes before "second"; the second validate finds nothing */
    const out = userOutput(uaf).filter((l) => l !== "");
    expect(out.slice(-2)).toEqual(["second", "done"]);
    const second = uaf.lines.indexOf("second");
    expect(uaf.lines.findIndex((l) => l.includes("BUG kmalloc-96"))).toBeLessThan(second);
  });
});

describe("slot sizes and /sys/kernel/slab (CONFIG_SLUB_DEBUG_ON)", () => {
  it("/proc/slabinfo shows 5.10's slot sizes, objects per slab and pages per slab", () => {
    const rows = userOutput(attrs).filter((l) => /^kmalloc-(8|32|2k) +\d/.test(l)).map((l) => l.split(/\s+/).slice(0, 6).filter((_, i) => i !== 1 && i !== 2));
    /* newest cache first, as 5.10 lists slab_caches */
    expect(rows).toEqual([["kmalloc-2k", "6144", "5", "8"], ["kmalloc-32", "416", "19", "2"], ["kmalloc-8", "344", "23", "2"]]);
    expect([layout(8).order, layout(32).order, layout(2048).order]).toEqual([1, 1, 3]);
    expect([layout(8).size, layout(32).size, layout(2048).size]).toEqual([344, 416, 6144]);
    expect([layout(8).objects, layout(32).objects, layout(2048).objects]).toEqual([23, 19, 5]);
  });

  it("the attributes of kmalloc-32", () => {
    const a = userOutput(attrs).filter((l) => /^kmalloc-32 [a-z_]+ /.test(l)).map((l) => l.replace(/ (objects|total_objects|slabs) \d+$/, " $1 N"));
    expect(a).toEqual(["kmalloc-32 object_size 32", "kmalloc-32 slab_size 416", "kmalloc-32 objs_per_slab 19",
      "kmalloc-32 order 1", "kmalloc-32 align 32", "kmalloc-32 red_zone 1", "kmalloc-32 poison 1", "kmalloc-32 store_user 1",
      "kmalloc-32 sanity_checks 1", "kmalloc-32 trace 0", "kmalloc-32 failslab 0", "kmalloc-32 objects N",
      "kmalloc-32 total_objects N", "kmalloc-32 slabs N"]);
  });

  it("kmalloc(1520) is a 2048-aligned kmalloc-2k object, listed in alloc_calls; writes get Linux's errnos", () => {
    const out = userOutput(attrs).filter((l) => l !== "");
    const kept = attrs.lines.find((l) => l.includes("slub_corrupt: kept "))!;
    const addr = BigInt("0x" + kept.split("kept ")[1]);
    expect(addr % 2048n).toBe(0n);
    expect(out.find((l) => l.includes("keep_object"))).toMatch(/^ {6}1 keep_object\+0x[0-9a-f]+\/0x[0-9a-f]+ \[slub_corrupt\] age=\d+ pid=\d+$/);
    const i = out.findIndex((l) => l.includes("keep_object"));
    expect(out.slice(i + 1)).toEqual([
      "[]",
      "sh: echo: write error: Invalid argument", "validate=0 1",
      `sh: ${SLAB}/kmalloc-2k/red_zone: Permission denied`, "red_zone 1",
      "sh: echo: write error: Invalid argument", "min_partial 1",
      "sh: echo: write error: Invalid argument", "shrink=2 1",
      "shrink=1 0",
    ]);
  });

  it("slub_debug=FZ,kmalloc-64: only that cache is debugged, without poison or tracks", () => {
    const out = userOutput(fzOnly);
    expect(out.filter((l) => /^kmalloc-64 (slab_size|red_zone|poison|store_user|sanity_checks) /.test(l))).toEqual([
      "kmalloc-64 slab_size 192", "kmalloc-64 red_zone 1", "kmalloc-64 poison 0", "kmalloc-64 store_user 0", "kmalloc-64 sanity_checks 1"]);
    expect(out.filter((l) => /^kmalloc-32 (slab_size|objs_per_slab|red_zone|poison|store_user|sanity_checks) /.test(l))).toEqual([
      "kmalloc-32 slab_size 32", "kmalloc-32 objs_per_slab 128", "kmalloc-32 red_zone 0", "kmalloc-32 poison 0",
      "kmalloc-32 store_user 0", "kmalloc-32 sanity_checks 0"]);
    const [r] = slubReports(fzOnly.lines);
    const head = r!.lines.slice(0, 7);
    expect(head).toEqual([BANNER, `BUG kmalloc-64 (${TAINT_O}): Redzone overwritten`, RULE, "",
      "Disabling lock debugging due to kernel taint", "INFO: 0x<P>-0x<P> @offset=<O>. First byte 0x78 instead of 0xcc",
      r!.lines[6]!]);
    expect(r!.lines[6]).toMatch(/^INFO: Slab 0x<P> objects=21 used=\d+ fp=0x<P> flags=0x4000000000000200$/);
    expect(r!.lines.some((l) => l.startsWith("INFO: Allocated"))).toBe(false);
    /* free pointer in the middle of the object (no poison), 64-byte left red zone, 56 bytes of padding */
    expect(r!.lines.filter((l) => l.startsWith("Redzone")).length).toBe(4 + 1);
    expect(r!.lines.filter((l) => l.startsWith("Padding")).length).toBe(4);
    expect(r!.lines.slice(-3)).toEqual(["FIX kmalloc-64: Restoring 0x<P>-0x<P>=0xcc", "", "FIX kmalloc-64: Object at 0x<P> not freed"]);
  });

  it("slub_debug=- turns debugging off: plain sizes, no alloc_calls (ENOSYS)", () => {
    const out = userOutput(noDebug);
    const rows = out.filter((l) => /^kmalloc-(8|32|2k) +\d/.test(l)).map((l) => l.split(/\s+/).slice(3, 6));
    expect(rows).toEqual([["2048", "8", "4"], ["32", "128", "1"], ["8", "512", "1"]]);
    expect(out.filter((l) => /^kmalloc-32 (red_zone|poison|store_user|sanity_checks|align) /.test(l))).toEqual([
      "kmalloc-32 align 32", "kmalloc-32 red_zone 0", "kmalloc-32 poison 0", "kmalloc-32 store_user 0", "kmalloc-32 sanity_checks 0"]);
    expect(out).toContain(`cat: ${SLAB}/kmalloc-32/alloc_calls: Function not implemented`);
  });

  it("slub_debug=FZPUOQ: an unknown flag is reported and skipped, O drops the metadata where it would raise the order", () => {
    expect(higherOrder.lines).toContain("[T] slub_debug option 'Q' unknown. skipped");
    const out = userOutput(higherOrder);
    expect(out.filter((l) => /^kmalloc-4k (slab_size|order|red_zone|poison|store_user|sanity_checks) /.test(l))).toEqual([
      "kmalloc-4k slab_size 4096", "kmalloc-4k order 3", "kmalloc-4k red_zone 0", "kmalloc-4k poison 0",
      "kmalloc-4k store_user 0", "kmalloc-4k sanity_checks 1"]);
    expect(out).toContain("kmalloc-32 slab_size 416");
  });

  it("slub_debug=FZPU;A,kmalloc-32;U,kmalloc-1*: per-cache blocks and a glob", () => {
    const out = userOutput(blocks);
    expect(out.filter((l) => /^kmalloc-(32|64) (red_zone|store_user|failslab) /.test(l))).toEqual([
      "kmalloc-32 red_zone 0", "kmalloc-32 store_user 0", "kmalloc-32 failslab 1",
      "kmalloc-64 red_zone 1", "kmalloc-64 store_user 1", "kmalloc-64 failslab 0"]);
  });

  it("slub_debug=T traces each allocation and free of the cache (with the object at free), and dump_stack", () => {
    // dump_stack's frames: the " ? " lines of its stack scan are left out, as slub-reports.ts does
    const k = traced.lines.filter((l) => l.startsWith("[T] ")).map((l) => maskSlubLine(l.slice(4)))
      .filter((l) => !l.startsWith("Hardware name:") && !l.startsWith(" ? "));
    const a = k.indexOf("TRACE kmalloc-8k alloc 0x<P> inuse=1 fp=0x0000000000000000");
    expect(k.slice(a + 1, a + 7)).toEqual(["CPU: 0 PID: <pid> Comm: insmod Tainted: G           O      5.10.0-kmemlab #1", "Call Trace:",
      " dump_stack+<off>", " alloc_debug_processing+<off>", " __slab_alloc+<off>", " __kmalloc+<off>"]);
    const f = k.indexOf("TRACE kmalloc-8k free 0x<P> inuse=1 fp=0x0000000000000000");
    expect(f).toBeGreaterThan(a);
    expect(k.slice(f + 1, f + 513)).toEqual(hexLines("Object", poison(8192)));
    expect(k.slice(f + 513, f + 520)).toEqual(["CPU: 0 PID: <pid> Comm: rmmod Tainted: G           O      5.10.0-kmemlab #1", "Call Trace:",
      " dump_stack+<off>", " free_debug_processing+<off>", " __slab_free+<off>", " kfree+<off>", " slub_corrupt_exit+<off> [slub_corrupt]"]);
  });

  it("kmem_cache_destroy of a cache with objects lists them and refuses, as 5.10's __kmem_cache_shutdown", () => {
    const [r, ...more] = slubReports(traced.lines);
    expect(more).toEqual([]);
    const lines = body(r!);
    expect(lines.slice(0, 6)).toEqual([BANNER,
      `BUG slub_corrupt_cache (${TAINT_O}): Objects remaining in slub_corrupt_cache on __kmem_cache_shutdown()`, RULE, "",
      "Disabling lock debugging due to kernel taint", lines[5]!]);
    expect(lines[5]).toMatch(/^INFO: Slab 0x<P> objects=9 used=1 fp=0x<P> flags=0x4000000000000200$/);
    const i = lines.indexOf("INFO: Object 0x<P> @offset=<O>");
    expect(lines.slice(6, i)).toEqual(trailerTrace("insmod", ["dump_stack", "slab_err", "list_slab_objects", "kmem_cache_destroy",
      "destroy_busy_cache [slub_corrupt]", "slub_corrupt_init [slub_corrupt]", ...INIT_PATH]).map((l) => l.replace("Tainted: G    B", "Tainted: G    B")));
    expect(lines.slice(i + 1, i + 5)).toEqual(["INFO: Allocated in destroy_busy_cache+<off> [slub_corrupt] age=<A> cpu=0 pid=<pid>",
      "\t__slab_alloc+<off>", "\tkmem_cache_alloc+<off>", "\tdestroy_busy_cache+<off> [slub_corrupt]"]);
    expect(r!.offsets.at(-1)).toBe(8);
    expect(traced.lines).toContain("[T] kmem_cache_destroy slub_corrupt_cache: Slab cache still has objects");
    expect(userOutput(traced)).toContain("slub_corrupt_cache");
    /* the refused cache is still there: creating it again fails as kobject_add does */
    const k = traced.lines.filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));
    const d = k.indexOf("sysfs: cannot create duplicate filename '/kernel/slab/slub_corrupt_cache'");
    expect(d).toBeGreaterThan(0);
    expect(k.filter((l, i) => i > d && !l.startsWith(" ") && !USER_REGS_LINE.test(l) && !/^(CPU|Hardware name|Call Trace)/.test(l)).slice(0, 2)).toEqual([
      "kobject_add_internal failed for slub_corrupt_cache with -EEXIST, don't try to register things with the same name in the same directory.",
      "kmem_cache_create(slub_corrupt_cache) failed with error -17"]);
  });
});
