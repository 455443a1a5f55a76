/*
 * soak.test.ts: modprobe/rmmod kmemleak-test N times with kmemleak=on,
 * then two scans. What must hold afterwards:
 *   - every slab cache the module touches grew by exactly N times what one
 *     load leaks on purpose (PER_CYCLE below, from
 *     modules/kmemleak-test/kmemleak-test.c and vmalloc's own bookkeeping),
 *     and no other kmalloc cache grew: everything else is given back;
 *   - VmallocUsed grew by N x 5 pages (the five vmalloc(64) blocks);
 *   - MemFree fell by the slab pages the caches grew by (every cache of
 *     /proc/slabinfo; at least N x the leaked objects' sizes with SLUB
 *     debug's layout, about 110 kB per cycle, the slabs' unused tails
 *     making it about 120 kB) plus the vmalloc pages, within a fixed
 *     slack for page tables;
 *   - both scans finish and the second lists (N + 1) x 24 unreferenced
 *     objects (the warm-up cycle before the first snapshot leaks too);
 *   - the host's RSS (the kmemlab process, read from /proc at the guest's
 *     progress lines) stays flat between the first progress line and the end.
 * npm test runs 20 cycles; KMEMLAB_FUZZ_LONG=1 (npm run fuzz -- --long)
 * runs KMEMLAB_SOAK_CYCLES (default 1000) and prints the figures.
 */
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";

const LONG = process.env.KMEMLAB_FUZZ_LONG === "1";
const CYCLES = LONG ? Number(process.env.KMEMLAB_SOAK_CYCLES ?? 1000) : 20;
const GUEST_TIMEOUT_S = LONG ? 7200 : 200;
/** RAM for the guest: each cycle leaks about 122 kB on purpose (1,000 cycles: 122 MB). */
const MEMORY_MIB = LONG ? Math.max(128, 64 + Math.ceil(CYCLES * 0.25)) : 128;
const KL = "/sys/kernel/debug/kmemleak";

/**
 * Objects one modprobe/rmmod of kmemleak-test leaves behind, per cache:
 * 2 x kmalloc(32), 2 x kmalloc(1024), 2 x kmalloc(2048), 2 x kmalloc(4096),
 * 10 test_node (416 bytes -> kmalloc-512), 1 kmalloc(129) (one possible
 * CPU -> kmalloc-192); each of the 5 vmalloc(64) blocks keeps its
 * vm_struct (64 bytes -> kmalloc-64), its page array (one pointer ->
 * kmalloc-8), its vmap_area and a kmemleak scan area (the vm_struct);
 * kmemleak tracks every one of the 24 + 5 x 3 blocks (39 objects).
 */
const PER_CYCLE: Record<string, number> = {
  "kmalloc-32": 2, "kmalloc-1k": 2, "kmalloc-2k": 2, "kmalloc-4k": 2, "kmalloc-512": 10, "kmalloc-192": 1,
  "kmalloc-64": 5, "kmalloc-8": 5, vmap_area: 5, kmemleak_scan_area: 5, kmemleak_object: 39,
};
/** The unreferenced objects kmemleak reports per cycle: 13 orphans, 10 nodes, 1 per-cpu block. */
const REPORTED_PER_CYCLE = 24;
/** vmalloc(64) x 5: one page each. */
const VMALLOC_KB_PER_CYCLE = 5 * 4;
/** Partly filled slabs (at most one order-3 slab per cache) and page tables. */
const SLACK_KB = 1024;

interface Slab { active: number; objsize: number; pages: number }
interface Snap { memFree: number; vmallocUsed: number; slabs: Map<string, Slab> }

function parseSnap(lines: string[]): Snap {
  const kb = (k: string) => Number(/(\d+) kB/.exec(lines.find((l) => l.startsWith(k + ":"))!)![1]);
  const slabs = new Map<string, Slab>();
  for (const l of lines) {
    // name active_objs num_objs objsize objperslab pagesperslab : tunables .. : slabdata active_slabs num_slabs shared
    const m = /^(\S+)\s+(\d+)\s+\d+\s+(\d+)\s+\d+\s+(\d+) : tunables\s+\d+\s+\d+\s+\d+ : slabdata\s+\d+\s+(\d+)/.exec(l);
    if (m) slabs.set(m[1]!, { active: Number(m[2]), objsize: Number(m[3]), pages: Number(m[4]) * Number(m[5]) });
  }
  return { memFree: kb("MemFree"), vmallocUsed: kb("VmallocUsed"), slabs };
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

interface SoakRun { status: number | null; lines: string[]; rss: number[]; markMs: Map<string, number> }

function soak(cycles: number): Promise<SoakRun> {
  const every = Math.max(1, Math.floor(cycles / 10));
  const snap = `echo snap-$1; grep -e MemFree -e VmallocUsed /proc/meminfo; tail -n +3 /proc/slabinfo; echo end-$1`;
  const exec = [
    `snap() { ${snap}; }`,
    // one cycle first: what the first load sets up once (sysfs, caches) is not a leak
    "modprobe kmemleak-test; rmmod kmemleak_test", "snap before",
    `i=0; while [ $i -lt ${cycles} ]; do modprobe kmemleak-test || echo modprobe-failed; rmmod kmemleak_test || echo rmmod-failed; i=$((i+1)); if [ $((i % ${every})) -eq 0 ]; then echo cycle-$i; grep MemFree /proc/meminfo; fi; done`,
    "snap after", "sleep 6", "echo scan-1", `echo scan > ${KL}`, "echo scan-2", `echo scan > ${KL}`, "echo scans-done",
    `echo reported $(grep -c unreferenced ${KL})`, "dmesg | grep -c -e 'Oops' -e 'BUG:' -e 'WARNING:' -e 'Kernel panic'", "echo soak-end",
  ].join("\n");
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", "-a", "kmemleak=on", "-m", String(MEMORY_MIB),
      "--timeout", String(GUEST_TIMEOUT_S), "-e", exec], { stdio: ["ignore", "pipe", "pipe"] });
    const t0 = Date.now();
    let out = "", pending = "";
    const rss: number[] = [];
    const markMs = new Map<string, number>();
    p.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d; pending += d;
      const parts = pending.split("\n"); pending = parts.pop()!;
      for (const l of parts.map((s) => s.replace(/\r/g, ""))) {
        if (/^(cycle-\d+|scan-\d|scans-done)$/.test(l)) { markMs.set(l, Date.now() - t0); rss.push(rssKb(p.pid!)); }
      }
    });
    p.stderr.resume();
    const kill = setTimeout(() => p.kill(), (GUEST_TIMEOUT_S + 60) * 1000);
    p.on("error", rej);
    p.on("close", (status) => { clearTimeout(kill); res({ status, lines: out.replace(/\r/g, "").split("\n"), rss, markMs }); });
  });
}

function section(lines: string[], name: string): string[] {
  const i = lines.indexOf(`snap-${name}`), j = lines.indexOf(`end-${name}`);
  expect(i, `snapshot ${name}`).toBeGreaterThanOrEqual(0);
  return lines.slice(i + 1, j);
}

describe(`soak: ${CYCLES} modprobe/rmmod cycles of kmemleak-test with kmemleak=on`, () => {
  it("gives back all but what the module leaks on purpose; the scans finish; host RSS flat", async () => {
    const r = await soak(CYCLES);
    expect(r.status, r.lines.slice(-20).join("\n")).toBe(0);
    expect(r.lines.filter((l) => /-failed$/.test(l))).toEqual([]);
    const before = parseSnap(section(r.lines, "before")), after = parseSnap(section(r.lines, "after"));
    // objects: exact per cache; memory: the slab pages those caches grew by (SLUB debug's object
    // sizes leave part of each slab unused), plus the vmalloc pages
    let objectsKb = VMALLOC_KB_PER_CYCLE * CYCLES, expectKb = VMALLOC_KB_PER_CYCLE * CYCLES;
    for (const [name, { active, objsize, pages }] of after.slabs) {
      const was = before.slabs.get(name)!;
      expectKb += (pages - was.pages) * 4;
      if (!name.startsWith("kmalloc-") && PER_CYCLE[name] === undefined) continue;
      const grew = active - was.active;
      expect(grew, `${name} objects`).toBe((PER_CYCLE[name] ?? 0) * CYCLES);
      objectsKb += (grew * objsize) / 1024;
    }
    for (const name of Object.keys(PER_CYCLE)) expect(after.slabs.has(name), name).toBe(true);
    expect(after.vmallocUsed - before.vmallocUsed).toBe(VMALLOC_KB_PER_CYCLE * CYCLES);
    const fell = before.memFree - after.memFree;
    expect(expectKb).toBeGreaterThanOrEqual(objectsKb);
    expect(fell).toBeGreaterThanOrEqual(Math.floor(expectKb));
    expect(fell).toBeLessThanOrEqual(Math.ceil(expectKb) + SLACK_KB);
    expect(r.lines).toContain("scans-done");
    expect(r.lines.filter((l) => l.startsWith("reported "))).toEqual([`reported ${REPORTED_PER_CYCLE * (CYCLES + 1)}`]);
    const i = r.lines.findIndex((l) => l.startsWith("reported "));
    expect(r.lines.slice(i + 1, i + 3)).toEqual(["0", "soak-end"]);
    const ms = (k: string) => r.markMs.get(k)!;
    const msg = `soak: ${CYCLES} cycles in ${(ms("scan-1") / 1000).toFixed(1)} s; MemFree fell ${fell} kB ` +
      `(${(fell / CYCLES).toFixed(1)} kB/cycle; objects leaked on purpose ${(objectsKb / CYCLES).toFixed(1)} kB/cycle, ` +
      `the slab and vmalloc pages holding them ${(expectKb / CYCLES).toFixed(1)} kB/cycle), ` +
      `two scans of ${after.slabs.get("kmemleak_object")!.active} tracked objects in ${((ms("scans-done") - ms("scan-1")) / 1000).toFixed(1)} s, ` +
      `host RSS ${r.rss[0]} -> ${r.rss[r.rss.length - 1]} kB (max ${Math.max(...r.rss)})`;
    // the guest's MemFree at each progress line: host RSS grows by the guest pages it touches for the first time
    const free = r.lines.filter((l, k) => k > 0 && /^cycle-\d+$/.test(r.lines[k - 1]!) && l.startsWith("MemFree:")).map((l) => Number(/(\d+) kB/.exec(l)![1]));
    console.log(`${msg}; guest MemFree kB at each progress line: ${free.join(" ")}; host RSS kB at each progress line: ${r.rss.join(" ")}`);
    // the host: RSS at the end within 64 MiB of the first progress line
    expect(r.rss.length).toBeGreaterThan(2);
    const grewRss = Math.max(...r.rss) - r.rss[0]!;
    expect(grewRss, `RSS kB at each progress line: ${r.rss.join(" ")}`).toBeLessThan(64 * 1024);
  }, (GUEST_TIMEOUT_S + 120) * 1000);
});
