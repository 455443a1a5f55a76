/*
 * jit-programs.test.ts: real programs with every region compiled at once
 * (--jit-threshold 1) and with regions arriving from the compile worker
 * (--jit), against the interpreter (--no-jit) and native execution: every
 * portable program of user/bin on typical inputs (jit-programs/tools.sh,
 * run natively too, user programs being static Linux ELFs), cpumix
 * (recursion, function pointers, a switch's jump table, mul/div at every
 * size, string instructions) and cpubench; then the kernel's tools,
 * usertests and the shell running its scripts (jit-programs/kernel.sh),
 * compared between tiers. A code generator failure makes bootGuest throw
 * (guest.ts), so nothing may fail to compile.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync, execFileSync } from "node:child_process";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { BIN, buildUser, tmp } from "../user/helpers.ts";
import { bootGuest, userOutput, type BootResult } from "./guest.ts";

const HERE = join(ROOT, "tests/e2e/jit-programs");
const TIERS = { interpreter: ["--no-jit"], threshold1: ["--jit-threshold", "1"], worker: ["--jit"] } as const;

/** The inputs tools.sh reads, and the scripts kernel.sh runs. */
function share(): string {
  const d = tmp();
  writeFileSync(join(d, "words"), "banana\napple\ncherry\nbanana\ndate\nCoconut\nfig\napple\nelderberry\nnana\n");
  writeFileSync(join(d, "nums"), "10\n2\n33\n4\n-5\n100\n7\n");
  writeFileSync(join(d, "pairs"), "x 3\ny 1\nz 3\nw 2\n");
  writeFileSync(join(d, "colon"), "root:0:a\nbin:2:b\ndaemon:1:c\nuser:1000:d\n");
  writeFileSync(join(d, "words.gz"), execFileSync("gzip", ["-n", "-c", join(d, "words")]));
  for (const f of ["tools.sh", "kernel.sh"]) cpSync(join(HERE, f), join(d, f));
  cpSync(join(ROOT, "tests/e2e/sh-scripts"), join(d, "sh-scripts"), { recursive: true });
  return d;
}

/** The guest's output from the line `from` to the line `to` (excluded). */
const section = (r: BootResult, from: string, to: string) => {
  const text = userOutput(r).join("\n");
  const a = text.indexOf(from), b = text.indexOf(to);
  if (a < 0 || b < a) throw new Error(`no "${from}" ... "${to}" in the guest's output:\n${text.slice(-2000)}`);
  return text.slice(a, b);
};

let dir: string;
const runs = new Map<string, BootResult>();
beforeAll(() => {
  buildUser();
  dir = share();
  // (through cat: ls writes columns to a terminal, one name a line to a pipe, as natively)
  const tools = "mkdir -p /tmp/w; IN=/mnt/host WORK=/tmp/w sh /mnt/host/tools.sh 2>&1 | cat";
  // 32 MiB keeps usertests' fork-bomb test short (the thread limit scales with RAM).
  // Compiling every region before it runs (threshold 1) costs minutes for kernel.sh's usertests
  // and shell scripts since regions follow calls across pages: that tier runs the programs of
  // tools.sh (cpumix, cpubench and every portable tool), the others both scripts.
  for (const [tier, flags] of Object.entries(TIERS))
    runs.set(tier, bootGuest({ exec: tier === "threshold1" ? tools : `${tools}; sh /mnt/host/kernel.sh`, extra: ["-m", "32", "--share", dir, ...flags], timeoutMs: 300_000 }));
}, 900_000);

describe("real programs on every CPU tier", () => {
  it("the interpreter runs them all (and native execution agrees on the portable ones)", () => {
    const r = runs.get("interpreter")!;
    expect(r.status, r.stderr).toBe(0);
    const work = tmp();
    const host = spawnSync(join(BIN, "sh"), ["-c", `sh ${join(dir, "tools.sh")} 2>&1`], {
      encoding: "utf8", timeout: 30_000, input: "", env: { PATH: BIN, HOME: "/root", IN: dir, WORK: work },
    });
    const native = host.stdout;
    expect(section(r, "== echo printf", "== kernel tools")).toBe(native.slice(0, native.indexOf("== done")) + "== done\n");
    expect(native).toContain("cpumix: 1 rounds\nrecursion ");   // (its time masked)
    const out = userOutput(r).join("\n");
    expect(out).toContain("usertests 0");
    expect(out).toMatch(/@@ 31-exec-dot\.sh\n[\s\S]*== end/);
    expect(r.out).not.toMatch(/\] (BUG|Oops|general protection fault)|Segmentation fault|Illegal instruction/);
  });

  for (const tier of ["threshold1", "worker"] as const) {
    it(`${TIERS[tier].join(" ")}: the same console output, byte for byte, and no region failed to compile`, () => {
      const r = runs.get(tier)!, ref = runs.get("interpreter")!;
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe(ref.stderr);
      if (tier === "worker") expect(r.out).toBe(ref.out);
      else expect(section(r, "== echo printf", "== done")).toBe(section(ref, "== echo printf", "== done"));
    });
  }
});
