/*
 * gdb-reverse.test.ts: reverse execution through the gdb stub (bs, bc)
 * with the real gdb: reverse-stepi x100 and stepi x100 come back to the
 * same registers; reverse-continue to a watchpoint stops at the last
 * writer, with gdb showing the value before it; reverse-next goes back a
 * line; the start of the history is reported as such; reverse-continue
 * back over console output leaves the console transcript exactly what a
 * run without gdb prints (re-executed output is not shown again).
 */
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { bootForGdb, runGdb } from "./gdb-session.ts";

const SCAN = "echo scan > /sys/kernel/debug/kmemleak; echo scanned";
const REGS = "info registers rax rbx rcx rdx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15 rip eflags cs ss fs_base gs_base cr3";

/** The register dumps in gdb's output, in order (each a block of lines starting with "rax"). */
function dumps(out: string): string[] {
  return out.split(/^(?=rax )/m).slice(1).map((b) => b.split("\n").slice(0, 23).join("\n"));
}

/** The console transcript (stdout) and status of `kmemlab boot -e exec` without gdb. */
function plainRun(exec: string): Promise<{ out: string; status: number | null }> {
  const child = spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", "-a", "kmemleak=on", "-e", exec, "--timeout", "100"],
    { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => { out += d.replace(/\r/g, ""); });
  return new Promise((res) => child.on("exit", (status) => res({ out, status })));
}

describe("gdb reverse execution", () => {
  for (const tier of [[], ["--jit-threshold", "1"]]) {
    it(`reverse-stepi 100 then stepi 100 return to the same registers (${tier.join(" ") || "interpreter"})`, async () => {
      const vm = await bootForGdb(SCAN, tier);
      const g = await runGdb(vm.port, ["break kmemleak_scan", "continue", REGS, "stepi 100", REGS, "reverse-stepi 100", REGS, "stepi 100", REGS,
        "delete", "continue"]);
      const status = await vm.exited;
      const [a, b, a2, b2] = dumps(g.out);
      expect(a).toMatch(/^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <kmemleak_scan>$/m);
      expect(b).not.toBe(a);
      expect(a2).toBe(a);
      expect(b2).toBe(b);
      expect(g.out).toContain("[Inferior 1 (Remote target) exited normally]");
      expect(vm.stdout()).toContain("\nscanned\n");
      expect(status).toBe(0);
    });
  }

  it("reverse-continue to a watchpoint stops at the last writer; reverse-next goes back a line; the history's start is reported", async () => {
    const vm = await bootForGdb(SCAN);
    const g = await runGdb(vm.port, ["reverse-stepi", "break kmemleak_scan", "continue", "delete", "next", "next", "next", "reverse-next",
      "watch jiffies_last_scan", "reverse-continue", "x/i $pc", "delete", "continue"]);
    const status = await vm.exited;
    expect(g.out).toMatch(/^No more reverse-execution history\.$/m);
    // next x3 from line 1047 then one line back
    const lines = [...g.out.matchAll(/^(\d+)\t/gm)].map((m) => Number(m[1]));
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines[4]).toBe(lines[2]);
    // going back over the store: gdb shows the value it wrote becoming the value before it
    expect(g.out).toMatch(/Hardware watchpoint 2: jiffies_last_scan\s+Old value = \d+\s+New value = 0\s/);
    expect(g.out).toMatch(/^=> 0x[0-9a-f]+ <kmemleak_scan\+\d+>:\tmov +%\w+,0x[0-9a-f]+\(%rip\) +# 0x[0-9a-f]+ <jiffies_last_scan>$/m);
    expect(g.out).toContain("[Inferior 1 (Remote target) exited normally]");
    expect(status).toBe(0);
  });

  it("reverse-continue back over console output: the transcript is exactly the run's without gdb", async () => {
    const TWO = "echo one; uname; echo two; uname -a; echo three";
    const plain = await plainRun(TWO);
    const vm = await bootForGdb(TWO);
    // to the second uname (after "two"), back to the first (before it: "Linux", "two" are run again twice, by the scan and the replay), then on
    const g = await runGdb(vm.port, ["break __x64_sys_newuname", "continue", "continue", "info breakpoints", "reverse-continue", "info breakpoints",
      "delete", "continue"]);
    const status = await vm.exited;
    expect(g.out).toMatch(/breakpoint already hit 2 times/);
    expect(g.out).toMatch(/breakpoint already hit 3 times/);
    expect(g.out).toContain("[Inferior 1 (Remote target) exited normally]");
    expect(plain.status).toBe(0);
    expect(status).toBe(0);
    expect(plain.out).toMatch(/^one\nLinux\ntwo\nLinux kmemlab 5\.10\.0-kmemlab #1 SMP .* x86_64 GNU\/Linux\nthree\n/m);
    expect(vm.stdout()).toBe(plain.out);
  });
});
