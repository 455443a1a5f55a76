/*
 * snapshot.test.ts: machine states (emulator/snapshot.ts). The A5
 * scenario (test_kmembugs 3.1, two scans, the report) typed at a saved
 * shell prompt gives the transcript the original machine gives when the
 * same input arrives at that prompt, on the interpreter and on the JIT;
 * and `boot --save-state` / `--load-state` round trip, refusing what is
 * not a state of this kmemlab and this kernel (and the load time the
 * bench reports is printed); Ctrl-A s on the console.
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { packInitramfs } from "../../tools/build.ts";
import { Machine } from "../../emulator/machine.ts";
import { PromptWatch, saveState, restoreMachine, readStateHeader } from "../../emulator/snapshot.ts";
import { bootPty } from "./pty.ts";

const KERNEL = new Uint8Array(readFileSync(join(ROOT, "build/kernel/vmlinux")));
const CACHE = join(ROOT, "build/cache");
const KL = "/sys/kernel/debug/kmemleak";
const CMDS1 = "cd /lib/modules/$(uname -r)/kmembugs_test; ./load_testmod > /dev/null";
const CMDS2 = `echo 3.1 | sudo ./run_tests > /dev/null; sleep 6; echo scan > ${KL}; sleep 6; echo scan > ${KL}; dmesg -t | grep "new suspected"; cat ${KL}`;
const INPUT = `${CMDS2}\npoweroff -f $?\n`;
const text = (b: number[]) => Buffer.from(b).toString("latin1");

/** Boot, run CMDS1, and at the shell prompt save the state and type INPUT; the console from there on. */
async function original(): Promise<{ state: Uint8Array; after: string; exitCode: number | null }> {
  const out: number[] = [];
  let state: Uint8Array | null = null, mark = -1;
  const m: Machine = new Machine({
    kernel: KERNEL, cmdline: "kmemleak=on", initrd: packInitramfs(ROOT, { exec: `${CMDS1}\nexec sh -i` }), cacheDir: CACHE,
    onSerial: (b) => { out.push(b); watch.output(b); },
  });
  const watch = new PromptWatch(m, () => { state = saveState(m, "test"); mark = out.length; m.sendInput(INPUT); });
  m.control = watch;
  const r = await m.run({ maxInsns: 2e9 });
  expect(state).not.toBeNull();
  return { state: state!, after: text(out.slice(mark)), exitCode: r.exitCode };
}

/** A machine loaded from `state`, typed INPUT at once; its console. */
async function resumed(state: Uint8Array, jit: { threshold: number } | null): Promise<{ after: string; exitCode: number | null }> {
  const out: number[] = [];
  const m = restoreMachine(state, "test", { kernel: KERNEL, cacheDir: CACHE, jit, onSerial: (b) => { out.push(b); } });
  m.sendInput(INPUT);
  const r = await m.run({ maxInsns: 2e9 });
  return { after: text(out), exitCode: r.exitCode };
}

describe("machine states", () => {
  it("A5 typed at a saved prompt: the same transcript as without the snapshot, on the interpreter and the JIT", async () => {
    const o = await original();
    const h = readStateHeader(o.state);
    expect([h.cmdline, h.memoryMiB, h.kmemlab, h.clock]).toEqual(["kmemleak=on", 128, "test", "virtual"]);
    // the scenario really ran after the save point: both leaks of 3.1 reported
    expect(o.after).toContain("kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)");
    expect(o.after).toMatch(/unreferenced object 0xffff888[0-9a-f]+ \(size 2048\):/);
    expect(o.after).toMatch(/unreferenced object 0xffffc90000[0-9a-f]+ \(size 8192\):/);
    expect(o.exitCode).toBe((0x80 << 1) | 1);
    const r = await resumed(o.state, null);
    expect(r.after).toBe(o.after);
    expect(r.exitCode).toBe(o.exitCode);
    const j = await resumed(o.state, { threshold: 1 });
    expect(j.after).toBe(o.after);
  });

  it("boot --save-state then --load-state resumes at the prompt; a foreign or damaged state is refused (status 2)", () => {
    const dir = mkdtempSync(join(tmpdir(), "kmemlab-state-"));
    const file = join(dir, "a.state");
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", ...args], { encoding: "utf8", timeout: 120_000 });
    const s = cli("-a", "kmemleak=on", "-e", "echo before; cd /tmp; echo x > here", "--save-state", file);
    expect(s.status).toBe(0);
    expect(s.stdout.replace(/\r/g, "")).toMatch(/\nbefore\n# $/);
    expect(s.stderr).toMatch(new RegExp(`kmemlab: state saved to ${file} \\(\\d+ KiB\\) at the shell prompt`));
    // the shell's state (its directory) and the files are there; the status is the commands'
    const l = cli("--load-state", file, "-e", "pwd; ls; false");
    expect(l.stdout.replace(/\r/g, "").split("\n").slice(0, 3)).toEqual(["pwd; ls; false", "/tmp", "here"]);
    expect(l.status).toBe(1);
    // the load time `kmemlab bench` reports (its cold row) is KMEMLAB_STATS's line
    const st = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", "--load-state", file, "-e", "true"],
      { encoding: "utf8", timeout: 120_000, env: { ...process.env, KMEMLAB_STATS: "1" } });
    expect(st.status).toBe(0);
    expect(st.stderr).toMatch(/^kmemlab: state loaded in \d+\.\d ms$/m);
    // refusals
    const junk = join(dir, "junk");
    writeFileSync(junk, "not a state");
    let r = cli("--load-state", junk, "-e", "true");
    expect([r.status, r.stderr.trim()]).toEqual([2, "kmemlab: not a kmemlab state file"]);
    const other = join(dir, "vmlinux");
    copyFileSync(join(ROOT, "build/kernel/vmlinux"), other);
    appendFileSync(other, "\0");
    r = cli("-k", other, "--load-state", file, "-e", "true");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("kmemlab: the state was saved with another kernel build");
    const b = readFileSync(file, "latin1").replace(/"kmemlab":"[^"]*"/, (v) => v.replace(/[0-9]/g, "9"));
    writeFileSync(join(dir, "v.state"), b, "latin1");
    r = cli("--load-state", join(dir, "v.state"), "-e", "true");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kmemlab: the state was saved by kmemlab 9\.9\.9; this is kmemlab \d+\.\d+\.\d+$/m);
    r = cli("--gdb", "tcp::0", "-e", "true", "--save-state", join(dir, "g.state"));
    expect([r.status, r.stderr.trim()]).toEqual([2, "kmemlab: the gdb server and --save-state cannot be combined (gdb attaches to a machine loaded with --load-state)"]);
    r = cli("--load-state", file, "-a", "debug", "-e", "true");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--load-state resumes a booted machine");
    const cut = join(dir, "cut.state");
    writeFileSync(cut, readFileSync(file).subarray(0, 2000));
    r = cli("--load-state", cut, "-e", "true");
    expect([r.status, r.stderr.trim()]).toEqual([2, "kmemlab: damaged state file (its contents do not decode)"]);
  });

  it("Ctrl-A s on the console saves the machine there; loading it goes on from that shell", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "kmemlab-state-")), "console.state");
    const { s, exit } = bootPty(["--save-state", file]);
    await s.wait(/\n# $/);
    await s.type("cd /proc; X=kept\r", /\n# $/);
    await s.type("\x01s", /kmemlab: state saved to .*console\.state\n/);
    s.p.write("\x01x");
    expect(await exit).toBe(0);
    const cli = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--load-state", file, "-e", "echo $X; pwd"], { encoding: "utf8", timeout: 120_000 });
    expect(cli.stdout.replace(/\r/g, "").split("\n").slice(0, 3)).toEqual(["echo $X; pwd", "kept", "/proc"]);
    expect(cli.status).toBe(0);
  }, 120_000);
});
