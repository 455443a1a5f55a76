/*
 * bench-scan.ts: `kmemlab bench --scan`: how kmemleak's scan cost grows
 * with the number of objects it tracks, on kmemlab (JIT and interpreter)
 * and on QEMU TCG with the same kernel, initramfs and command line.
 *
 * One boot per machine: kmemleak-test is loaded and unloaded in batches
 * (each cycle leaves 39 tracked objects: its 24 leaks, Part A6 of
 * kmemleak.md, and the vm_struct, page array and vmap_area of each of its
 * five vmalloc()s) until kmemleak_object's active count in /proc/slabinfo
 * passes each target; then one `echo scan` is timed. The time is wall
 * time between two marker lines the guest prints around the scan, read as
 * they arrive on the host, so neither boot time nor the cycles count.
 * Automatic scanning is off (scan=off) so only the timed scans run.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { hasQemu } from "../boot/qemu.ts";
import type { BenchRow } from "./bench.ts";

/** Tracked-object counts at which a scan is timed (the boot alone tracks about 1,700). */
export const SCAN_TARGETS = [1_000, 5_000, 20_000, 50_000];
const KL = "/sys/kernel/debug/kmemleak";
const MEMORY_MIB = "384";	// 50,000 tracked objects: ~1,250 cycles of leaks, about 110 MiB with SLUB debug

function script(): string {
  const objects = "$(grep '^kmemleak_object ' /proc/slabinfo | { read n a rest; echo $a; })";
  const cycles = "i=0; while [ $i -lt 25 ]; do modprobe kmemleak-test; rmmod kmemleak_test; i=$((i+1)); done";
  return `echo scan=off > ${KL}; ` + SCAN_TARGETS.map((t) =>
    `while [ ${objects} -lt ${t} ]; do ${cycles}; done; echo "T0 ${objects}"; echo scan > ${KL}; echo T1`).join("; ");
}

interface ScanPoint { objects: number; seconds: number }

/** Runs one machine; the timed scans in order, or null if it failed or took over the limit. */
function timeScans(root: string, machine: string[]): Promise<ScanPoint[] | null> {
  return new Promise((resolve) => {
    const args = [join(root, "tools/kmemlab.mjs"), "boot", "--no-build", "-m", MEMORY_MIB, "-a", "kmemleak=on", ...machine, "-e", script()];
    const p = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "ignore"] });
    const points: ScanPoint[] = [];
    let buf = "", t0 = 0, n = 0;
    const limit = setTimeout(() => p.kill(), 3_600_000);
    p.stdout.setEncoding("utf8").on("data", (d: string) => {
      const now = performance.now();
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, "");
        buf = buf.slice(nl + 1);
        const m = /^T0 (\d+)$/.exec(line);
        if (m) { t0 = now; n = Number(m[1]); } else if (line === "T1") points.push({ objects: n, seconds: (now - t0) / 1000 });
      }
    });
    p.on("close", (status) => { clearTimeout(limit); resolve(status === 0 && points.length === SCAN_TARGETS.length ? points : null); });
  });
}

export async function runScanBench(root: string, log: (s: string) => void): Promise<BenchRow[]> {
  const machines: [string, string[]][] = [["kmemlab JIT", ["--jit"]], ["kmemlab interpreter", ["--no-jit"]]];
  if (hasQemu()) machines.push(["QEMU TCG", ["--qemu"]]);
  const results = new Map<string, ScanPoint[] | null>();
  for (const [name, args] of machines) results.set(name, await timeScans(root, args));
  const qemu = results.get("QEMU TCG") ?? null;
  const rows: BenchRow[] = [];
  for (const [name] of machines) {
    const pts = results.get(name) ?? null;
    SCAN_TARGETS.forEach((target, i) => {
      const p = pts?.[i];
      const q = qemu?.[i];
      const ratio = p && q && name !== "QEMU TCG" ? `, ${(p.seconds / q.seconds).toFixed(2)}x QEMU's time` : "";
      const row = { name: `one scan, >= ${target} tracked objects: ${name}`, value: p ? `${p.seconds.toFixed(2)} s` : "n/a",
        note: p ? `${p.objects} kmemleak_object in use, ${(p.seconds * 1e6 / p.objects).toFixed(1)} us per object${ratio}` : "failed" };
      rows.push(row);
      log(`${row.name.padEnd(58)} ${row.value.padStart(10)}   ${row.note}`);
    });
  }
  return rows;
}
