/*
 * oracle.test.ts: `kmemlab boot --oracle` (tools/oracle.ts, issue 7). After
 * each workload the oracle reads kmemleak's metadata out of guest memory,
 * computes exact reachability and grades kmemleak's answer; these runs
 * check that kmemleak has no false positive on a quiet system and no false
 * negative on the leaks of kmemleak-test and of the book's test cases, and
 * that the oracle does see the false negatives of a single scan.
 */
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { bootGuest, userOutput } from "./guest.ts";
import { Machine } from "../../emulator/machine.ts";
import { packInitramfs } from "../../tools/build.ts";
import { ROOT, DEFAULT_KERNEL } from "../../tools/cli.ts";
import { runOracle, physicalMemory, parseNm, hex } from "../../tools/oracle.ts";
import { KL, SCAN_TWICE, type OracleGrades, oracleGrades, sizes } from "./kmemleak-scenarios.ts";

function oracle(extraExec: string): { o: OracleGrades; user: string[] } {
  const r = bootGuest({ append: "kmemleak=on", exec: extraExec, extra: ["--oracle"] });
  expect(r.status).toBe(0);
  return { o: oracleGrades(r.stderr), user: userOutput(r) };
}

describe("the leak oracle", () => {
  it("(a) an idle system after two scans: no report, and the oracle agrees", () => {
    const { o, user } = oracle(`${SCAN_TWICE}; echo $(grep -c unreferenced ${KL})`);
    expect(user[0]).toBe("0");
    expect([o.reported, o.fp, o.tp]).toEqual([0, 0, 0]);
    expect(o.unreachable).toBe(o.fn);
  });

  it("(b) kmemleak-test loaded: its 13 leaks are all reported (no false negative)", () => {
    const { o, user } = oracle(`modprobe kmemleak-test; ${SCAN_TWICE}; grep -c unreferenced ${KL}`);
    expect(user[0]).toBe("13");
    const mine = o.objects.filter((x) => x.comm === "modprobe");
    expect(mine.filter((x) => x.verdict === "false-negative")).toEqual([]);
    expect(sizes(mine.filter((x) => x.verdict === "true-positive"))).toEqual([32, 32, 1024, 1024, 2048, 2048, 4096, 4096, 4096, 4096, 4096, 4096, 4096]);
    expect(o.fp).toBe(0);
    // the vmalloc areas: one reference (vm_struct->addr) of the two min_count asks for
    expect(mine.filter((x) => x.addr.startsWith("0xffffc9")).map((x) => x.reason))
      .toEqual(Array(5).fill("unreachable (1 of 2 references needed)"));
  });

  it("(b) kmemleak-test after rmmod: the 11 new leaks are all reported", () => {
    const { o, user } = oracle(`modprobe kmemleak-test; ${SCAN_TWICE}; rmmod kmemleak_test; echo clear > ${KL}; ${SCAN_TWICE}; grep -c unreferenced ${KL}`);
    expect(user[0]).toBe("11");
    const mine = o.objects.filter((x) => x.comm === "modprobe");
    expect(mine.filter((x) => x.verdict === "false-negative")).toEqual([]);
    expect(sizes(mine.filter((x) => x.verdict === "true-positive"))).toEqual([192, ...Array(10).fill(512)]);
    expect(o.fp).toBe(0);
  });

  it("sees the false negatives of a single scan: the 8 non-zero kmalloc blocks need a second one", () => {
    const { o } = oracle(`modprobe kmemleak-test; sleep 6; echo scan > ${KL}`);
    const fn = o.objects.filter((x) => x.verdict === "false-negative" && x.comm === "modprobe");
    expect(sizes(fn)).toEqual([32, 32, 1024, 1024, 2048, 2048, 4096, 4096]);
    for (const x of fn) expect(x.reason).toMatch(/^checksum changed at the last scan/);
    expect(o.objects.filter((x) => x.verdict === "true-positive" && x.comm === "modprobe").length).toBe(5);
  });

  it("sees leaks too young for the last scan", () => {
    const { o } = oracle(`modprobe kmemleak-test; echo scan > ${KL}`);
    const fn = o.objects.filter((x) => x.verdict === "false-negative" && x.comm === "modprobe");
    expect(fn.length).toBe(13);
    for (const x of fn) expect(x.reason).toMatch(/^too young at the last scan \(age \d+\.\d{3}s < 5\.000s\)$/);
  });

  const book: [string, number[], string][] = [["3.1", [2048, 8192], "run_tests"], ["3.2", [8], "run_tests"], ["3.3", [192], "hardirq"]];
  for (const [tc, want, comm] of book) {
    it(`(c) test_kmembugs ${tc}: no false negative`, () => {
      const { o } = oracle(`cd /lib/modules/$(uname -r)/kmembugs_test; ./load_testmod > /dev/null; echo ${tc} | sudo ./run_tests > /dev/null; ${SCAN_TWICE}`);
      expect(o.fn).toBe(0);
      expect(o.fp).toBe(0);
      const tp = o.objects.filter((x) => x.verdict === "true-positive");
      expect(sizes(tp)).toEqual(want);
      for (const x of tp) expect(x.comm).toBe(comm);
    });
  }

  // In-process: run a workload, then edit the stopped guest's memory and grade again.
  it("grades injected faults: a .bss word keeping a reported block alive (false positive), a stale stack word hiding a leak (false negative)", async () => {
    const KL = "/sys/kernel/debug/kmemleak";
    const exec = `modprobe kmemleak-test; sleep 6; echo scan > ${KL}; sleep 6; echo scan > ${KL}`;
    const m = new Machine({ kernel: new Uint8Array(readFileSync(DEFAULT_KERNEL)), cmdline: "kmemleak=on", initrd: packInitramfs(ROOT, { exec }), clock: "virtual" });
    await m.run({});
    const syms = parseNm(execFileSync("nm", ["-n", DEFAULT_KERNEL], { encoding: "utf8" }));
    const mem = physicalMemory(m.cpu.mmu.mem, m.cpu.mmu.cr3);
    const r0 = runOracle(mem, syms);
    expect(r0.truePositives).toBe(13);
    const tps = r0.objects.filter((o) => o.verdict === "true-positive");
    const pa = (va: number) => m.cpu.mmu.tr(va, 0);
    const dv = new DataView(m.cpu.mmu.mem.buffer, m.cpu.mmu.mem.byteOffset);
    const put = (va: number, v: number) => { const b = BigInt(v) & ((1n << 64n) - 1n); dv.setBigUint64(pa(va), b < 0n ? b + (1n << 64n) : b, true); };
    // 1: a .bss word points into object 0 (interior): false positive with its chain
    const s = syms.find((x) => x.name === "jiffies_scan_wait")!;
    put(s.addr, tps[0]!.addr + 8);
    // 2: un-report object 1 and leave its address in a dead stack word of init_task
    const layout = syms.find((x) => x.name === "kmemleak_layout")!;
    const rd = (va: number) => { const lo = dv.getUint32(pa(va), true), hi = dv.getUint32(pa(va) + 4, true); return hi >= 0x80000000 ? (hi - 2 ** 32) * 2 ** 32 + lo : hi * 2 ** 32 + lo; };
    const objList = rd(layout.addr + 8 * 40), objFlags = rd(layout.addr + 8 * 4), objLink = rd(layout.addr + 8 * 5), objPtr = rd(layout.addr + 8 * 6);
    for (let n = rd(objList); n !== objList; n = rd(n)) {
      const o = n - objLink;
      if (rd(o + objPtr) === tps[1]!.addr) dv.setUint32(pa(o + objFlags), dv.getUint32(pa(o + objFlags), true) & ~2, true);
    }
    const itu = syms.find((x) => x.name === "init_thread_union")!.addr;
    put(itu + 4096, tps[1]!.addr);
    const r1 = runOracle(mem, syms);
    expect(r1.falsePositives).toBe(1);
    expect(r1.falseNegatives).toBe(1);
    const fp = r1.objects.find((o) => o.verdict === "false-positive")!;
    expect([fp.addr, fp.reason]).toEqual([tps[0]!.addr, `reachable: jiffies_scan_wait+0x0 (.bss, at ${hex(s.addr)}) -> ${hex(tps[0]!.addr)}`]);
    const fn = r1.objects.find((o) => o.verdict === "false-negative")!;
    expect(fn.addr).toBe(tps[1]!.addr);
    expect(fn.reason).toMatch(new RegExp(`^still referenced by stale stack word at ${hex(itu + 4096)} of task pid 0 \\(swapper/0\\), below its stack pointer 0x[0-9a-f]{16} -> ${hex(tps[1]!.addr)}$`));
  }, 120000);
});
