/*
 * sysfuzz.test.ts: the in-guest system-call fuzzer (user/bin/sysfuzz.c)
 * against the guest kernel: every seed's run must end with its summary,
 * no oops, BUG, WARNING or kernel-mode fault in the log, and the machine
 * still answering. npm test runs one cheap seed; KMEMLAB_FUZZ_LONG=1 runs
 * the long version (KMEMLAB_FUZZ_SEEDS seeds, default 5, of 100,000 calls
 * each) and prints each seed's counts. If the guest stops making progress,
 * kmemlab's --timeout ends the run (status 124) and the failure shows the
 * fuzzer's last progress line: replay that batch with `sysfuzz -s SEED -B N -v`.
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";

const LONG = process.env.KMEMLAB_FUZZ_LONG === "1";
const SEEDS = LONG ? Array.from({ length: Number(process.env.KMEMLAB_FUZZ_SEEDS ?? 5) }, (_, i) => i + 1) : [7];
const CALLS = LONG ? 100_000 : 3000;
const GUEST_TIMEOUT_S = LONG ? 3600 : 120;

function fuzz(seed: number) {
  const exec = `sysfuzz -s ${seed} -n ${CALLS}; dmesg | grep -c -e 'Oops' -e 'BUG:' -e 'WARNING:' -e 'Kernel panic'; echo alive`;
  const r = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual",
    "--timeout", String(GUEST_TIMEOUT_S), "-e", exec], { encoding: "utf8", timeout: (GUEST_TIMEOUT_S + 60) * 1000, maxBuffer: 1 << 30 });
  return { status: r.status, out: (r.stdout ?? "").replace(/\r/g, "") };
}

describe(`sysfuzz: ${SEEDS.length} seed(s) of ${CALLS} calls`, () => {
  it("no oops, no hang, the machine alive after every seed", () => {
    for (const seed of SEEDS) {
      const { status, out } = fuzz(seed);
      const lines = out.split("\n");
      const progress = lines.filter((l) => l.startsWith("sysfuzz: ")).slice(-3).join("\n");
      expect(status, `seed ${seed} stopped; last lines:\n${progress}`).toBe(0);
      const summary = lines.find((l) => l.startsWith(`sysfuzz: seed ${seed}: `) && l.includes(" calls in "));
      expect(summary, progress).toMatch(/^sysfuzz: seed \d+: \d+ calls in \d+ batches \((\d+) numbers known\), \d+ children ended by a signal, \d+ stuck$/);
      const [, made, known] = /: (\d+) calls in .*\((\d+) numbers known\)/.exec(summary!)!;
      expect(Number(made)).toBe(CALLS);
      expect(Number(known)).toBeGreaterThan(50);
      const bad = lines.filter((l) => /\] (Oops|BUG:|WARNING:|Kernel panic|RIP: 0010:)/.test(l));
      expect(bad, `seed ${seed}`).toEqual([]);
      const i = lines.indexOf(summary!);
      expect(lines.slice(i + 1, i + 3)).toEqual(["0", "alive"]);
      if (LONG) console.log(summary);
    }
  }, (GUEST_TIMEOUT_S + 90) * 1000 * SEEDS.length);
});
