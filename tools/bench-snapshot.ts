/*
 * bench-snapshot.ts: `kmemlab bench`'s rows for machine states and the
 * gdb server (issue 19): a booted lab with kmemleak=on saved at its shell
 * prompt (save time, file size, non-zero RAM pages), loaded again in this
 * process (warm: each step of the restore timed) and as the first thing
 * a `kmemlab boot --load-state` does (cold: its KMEMLAB_STATS line, and
 * the whole command against a boot), then the guest's speed with gdb
 * attached: kmemleak scans from that state, timed on the host between two
 * marker lines the guest prints (so neither the start nor gdb's own start
 * counts), without gdb, with gdb attached and no breakpoint, and with one
 * watchpoint (jiffies_last_scan, written by every scan: each write stops
 * the machine and gdb continues it). Best of 2 for every timed command.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Machine } from "../emulator/machine.ts";
import { PromptWatch, bodyOffset, kernelId, restoreMachine, saveState, readStateHeader } from "../emulator/snapshot.ts";
import { decodeState } from "../emulator/state-codec.ts";
import { platform } from "../emulator/platform.ts";
import { packInitramfs } from "./build.ts";
import { kmemlabVersion } from "./bug-report.ts";
import type { BenchRow } from "./bench.ts";

const KL = "/sys/kernel/debug/kmemleak";
const SCANS = `echo T0; for i in 1 2 3 4 5 6 7 8; do echo scan > ${KL}; done; echo T1`;
const ms = (t: number) => `${t.toFixed(1)} ms`;
const best = (xs: (number | null)[]) => xs.some((x) => x === null) ? null : Math.min(...(xs as number[]));

/** Boot with kmemleak=on to the shell prompt in this process; the state, and the time saveState took there. */
async function bootAndSave(root: string, kernel: Uint8Array): Promise<{ state: Uint8Array; saveMs: number }> {
  let state: Uint8Array | null = null, saveMs = 0;
  const m: Machine = new Machine({
    kernel, cmdline: "kmemleak=on", initrd: packInitramfs(root, { exec: "exec sh -i" }), cacheDir: join(root, "build/cache"),
    onSerial: (b) => watch.output(b),
  });
  const watch = new PromptWatch(m, () => {
    const t = performance.now();
    state = saveState(m, kmemlabVersion(root));
    saveMs = performance.now() - t;
    m.requestStop("saved");
  });
  m.control = watch;
  await m.run({ maxInsns: 2e9 });
  if (state === null) throw new Error("bench: the lab did not reach its shell prompt");
  return { state, saveMs };
}

/** The restore's steps, each timed (the faster of three). */
async function restoreSteps(root: string, kernel: Uint8Array, state: Uint8Array): Promise<BenchRow[]> {
  const version = kmemlabVersion(root), runs: Record<string, number>[] = [];
  for (let i = 0; i < 3; i++) {
    const t: Record<string, number> = {};
    let t0 = performance.now();
    const lap = (k: string) => { const n = performance.now(); t[k] = n - t0; t0 = n; };
    const h = readStateHeader(state);
    new Machine({ kernel, cmdline: h.cmdline, memoryMiB: h.memoryMiB, initrd: null, boot: false }); lap("machine built (its RAM allocated)");
    kernelId(kernel); lap("kernel SHA-256 (the build check)");
    const body = decodeState(state.subarray(bodyOffset(state))) as { ram: Uint8Array };
    lap("body decoded");
    platform.inflateRaw(body.ram); lap("RAM inflated");
    t0 = performance.now();
    const m = restoreMachine(state, version, { kernel, cacheDir: join(root, "build/cache") });
    t.whole = performance.now() - t0;
    t0 = performance.now();
    await m.prepare(); lap("wasm core instantiated (cached module)");
    runs.push(t);
  }
  const min = (k: string) => Math.min(...runs.map((r) => r[k]!));
  const rows: BenchRow[] = [{ name: "state load, warm: restoreMachine", value: ms(min("whole")), note: "machine built, state checked, decoded, inflated, RAM and devices set" }];
  for (const k of Object.keys(runs[0]!).filter((k) => k !== "whole")) rows.push({ name: `  of which / after it: ${k}`, value: ms(min(k)), note: "" });
  return rows;
}

/** Wall milliseconds between the guest's T0 and T1 lines of `kmemlab boot ... -e SCANS`; with `gdb`, gdb attached (-S) running these commands first. */
function timedRun(root: string, stateFile: string, gdb: string[] | null): Promise<number | null> {
  const args = [join(root, "tools/kmemlab.mjs"), "boot", "--no-build", "--load-state", stateFile, "-e", SCANS, "--timeout", "300",
    ...(gdb !== null ? ["-S", "--gdb", "tcp::0"] : [])];
  return new Promise((res) => {
    const p = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "", t0 = 0, t1 = 0, client = false;
    p.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (t0 === 0 && /^T0\r?$/m.test(out)) t0 = performance.now();
      if (t1 === 0 && /^T1\r?$/m.test(out)) t1 = performance.now();
    });
    p.stderr.setEncoding("utf8").on("data", (d: string) => {
      err += d;
      const m = /waiting for gdb on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m !== null && gdb !== null && !client) {
        client = true;
        spawn("gdb", ["-batch", "-nx", join(root, "build/kernel/vmlinux"), "-ex", `target remote :${m[1]}`, ...gdb.flatMap((c) => ["-ex", c])], { stdio: "ignore" });
      }
    });
    p.on("close", (status) => res(status === 0 && t0 > 0 && t1 > t0 ? t1 - t0 : null));
  });
}

export async function snapshotRows(root: string): Promise<BenchRow[]> {
  const kernel = new Uint8Array(readFileSync(join(root, "build/kernel/vmlinux")));
  const { state, saveMs } = await bootAndSave(root, kernel);
  const dir = join(root, "build/bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "kmemleak-on.state");
  writeFileSync(file, state);
  const pages = (decodeState(state.subarray(bodyOffset(state))) as { pages: Uint32Array }).pages.length;
  const rows: BenchRow[] = [
    { name: "state save (booted lab, kmemleak=on)", value: ms(saveMs), note: "saveState at the shell prompt, in this process" },
    { name: "state size", value: `${(state.length / 1024).toFixed(0)} KiB`, note: `${pages} non-zero RAM pages of 32768 (128 MiB), deflated` },
    ...await restoreSteps(root, kernel, state),
  ];
  // cold: a new process; KMEMLAB_STATS prints the Session's construction time
  const cold: number[] = [], whole: number[] = [], boot: number[] = [];
  for (let i = 0; i < 2; i++) {
    let t = performance.now();
    const r = spawnSync(process.execPath, [join(root, "tools/kmemlab.mjs"), "boot", "--no-build", "--load-state", file, "-e", "true"],
      { encoding: "utf8", env: { ...process.env, KMEMLAB_STATS: "1" } });
    whole.push(performance.now() - t);
    const m = /state loaded in ([\d.]+) ms/.exec(r.stderr ?? "");
    if (m !== null) cold.push(Number(m[1]));
    t = performance.now();
    spawnSync(process.execPath, [join(root, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", "-a", "kmemleak=on", "-e", "true"]);
    boot.push(performance.now() - t);
  }
  rows.push({ name: "state load, cold (first thing boot --load-state does)", value: cold.length ? ms(Math.min(...cold)) : "n/a", note: "KMEMLAB_STATS=1's 'state loaded in'" });
  rows.push({ name: "boot --load-state -e true, whole command", value: ms(Math.min(...whole)), note: `boot -a kmemleak=on -e true: ${ms(Math.min(...boot))}` });
  // gdb attached: the same scans, timed between the guest's markers
  const plain = best([await timedRun(root, file, null), await timedRun(root, file, null)]);
  const attached = best([await timedRun(root, file, ["continue"]), await timedRun(root, file, ["continue"])]);
  const loop = "python\nwhile True:\n  try: gdb.execute('continue')\n  except gdb.error: break\nend";
  const script = join(dir, "gdb-watch-continue.gdb");
  writeFileSync(script, `watch jiffies_last_scan\n${loop}\n`);
  const watched = best([await timedRun(root, file, [`source ${script}`]), await timedRun(root, file, [`source ${script}`])]);
  const f = (x: number | null) => (x === null ? "n/a" : ms(x));
  const ratio = (x: number | null) => (x === null || plain === null ? "" : `${(x / plain).toFixed(2)}x the run without gdb`);
  rows.push({ name: "8 kmemleak scans from the state, no gdb", value: f(plain), note: "wall time between the guest's marker lines" });
  rows.push({ name: "  with gdb attached, no breakpoints", value: f(attached), note: ratio(attached) + " (target: within 10%)" });
  rows.push({ name: "  with one watchpoint (jiffies_last_scan)", value: f(watched), note: ratio(watched) + " (target: within 2x; 8 stops, gdb continues each)" });
  return rows;
}
