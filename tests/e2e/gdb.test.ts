/*
 * gdb.test.ts: the gdb stub with the real gdb (Debian's, batch mode):
 * a breakpoint in kmemleak_scan hit by `echo scan` from --exec, the
 * backtrace, registers and stack; an exact write watchpoint on every CPU
 * tier; bad input (garbage, a second client, m on unmapped and
 * non-canonical addresses, a disconnect mid-run) that leaves the guest
 * running to its end; attaching to a running guest; kill; bad --gdb
 * devices and a busy port.
 */
import { describe, it, expect } from "vitest";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { bootForGdb, runGdb, btFunctions, RspClient, VMLINUX } from "./gdb-session.ts";
import { savedState } from "./booted-state.ts";

const SCAN = "echo scan > /sys/kernel/debug/kmemleak; echo scanned";

/** nm's address of a kernel symbol. */
function symbol(name: string): bigint {
  const nm = execFileSync("nm", [VMLINUX], { encoding: "utf8" });
  const m = new RegExp(`^([0-9a-f]+) \\w ${name}$`, "m").exec(nm);
  if (m === null) throw new Error(`no symbol ${name}`);
  return BigInt("0x" + m[1]);
}

/** objdump's line for the instruction that ends at `next` (the one before it). */
function insnBefore(next: bigint): string {
  const dis = execFileSync("objdump", ["-d", "--no-show-raw-insn", VMLINUX], { encoding: "utf8", maxBuffer: 64 << 20 });
  const lines = dis.split("\n").filter((l) => /^ffffffff[0-9a-f]+:/.test(l));
  const at = lines.findIndex((l) => BigInt("0x" + l.split(":")[0]) === next);
  if (at <= 0) throw new Error(`no instruction at ${next.toString(16)}`);
  return lines[at - 1]!;
}

describe("gdb stub", () => {
  it("-S, break kmemleak_scan, echo scan: the breakpoint hits with the real call chain, registers and stack", async () => {
    const vm = await bootForGdb(SCAN);
    const g = await runGdb(vm.port, ["break kmemleak_scan", "continue", "bt", "info registers rip", "x/4gx $rsp", "info registers rsp"]);
    const status = await vm.exited;
    expect(g.out).toMatch(/Breakpoint 1, kmemleak_scan \(\) at mm\/kmemleak\.c:\d+/);
    // this kernel's chain (Linux's, __do_sys_write being inlined into __x64_sys_write)
    expect(btFunctions(g.out)).toEqual(["kmemleak_scan", "kmemleak_write", "full_proxy_write", "vfs_write",
      "ksys_write", "__do_sys_write", "__x64_sys_write", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"]);
    // the chain ends at the syscall entry (its unwind information: the return address is undefined), no stray frames
    expect(g.out).not.toMatch(/^#9 |Backtrace stopped/m);
    const scan = symbol("kmemleak_scan").toString(16);
    expect(g.out).toContain(`rip            0x${scan}  0x${scan} <kmemleak_scan>`);
    // at the entry the stack's top is the return address into kmemleak_write (bt's frame #1)
    const ret = /^#1\s+0x([0-9a-f]+) in kmemleak_write/m.exec(g.out)![1]!;
    const rsp = /^rsp\s+0x([0-9a-f]+)/m.exec(g.out)![1]!;
    const x = new RegExp(`^0x${rsp}:\\s+0x([0-9a-f]{16})\\s+0x[0-9a-f]{16}\\n0x[0-9a-f]+:\\s+0x[0-9a-f]{16}\\s+0x[0-9a-f]{16}$`, "m").exec(g.out);
    expect(x?.[1]).toBe(ret.padStart(16, "0"));
    expect(BigInt("0x" + ret) > symbol("kmemleak_write")).toBe(true);
    // gdb detached at the end of its batch: the guest ran on and powered off normally
    expect(g.out).toContain("[Inferior 1 (Remote target) detached]");
    expect(vm.stdout()).toContain("\nscanned\n");
    expect(status).toBe(0);
  });

  it("-S on a machine loaded from a state: frozen where it was saved; breakpoint, bt, reverse-stepi and stepi as on a booted one", async () => {
    const vm = await bootForGdb(SCAN, [], false, ["--load-state", await savedState({ append: "kmemleak=on" })]);
    const g = await runGdb(vm.port, ["info registers rip", "break kmemleak_scan", "continue", "bt", "reverse-stepi", "info registers rip",
      "stepi", "info registers rip", "delete", "continue"]);
    const status = await vm.exited;
    // saved at the shell prompt: the CPU idles
    expect(g.out).toMatch(/^rip\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <cpu_idle_loop\+\d+>$/m);
    expect(g.out).toMatch(/Breakpoint 1, kmemleak_scan \(\) at mm\/kmemleak\.c:\d+/);
    expect(btFunctions(g.out)).toEqual(["kmemleak_scan", "kmemleak_write", "full_proxy_write", "vfs_write",
      "ksys_write", "__do_sys_write", "__x64_sys_write", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"]);
    // one instruction back is the call in kmemleak_write (ending at bt's return address); one forward the breakpoint again
    const rips = [...g.out.matchAll(/^rip\s+0x([0-9a-f]+)\s/gm)].map((m) => BigInt("0x" + m[1]!));
    const ret = BigInt("0x" + /^#1\s+0x([0-9a-f]+) in kmemleak_write/m.exec(g.out)![1]!);
    expect(insnBefore(ret)).toMatch(new RegExp(`^${rips[1]!.toString(16)}:\\s+call +[0-9a-f]+ <kmemleak_scan>$`));
    expect(rips[2]).toBe(symbol("kmemleak_scan"));
    expect(g.out).toMatch(/\[Inferior 1 \(Remote target\) exited normally\]/);
    expect(vm.stdout()).toContain("\nscanned\n");
    expect(status).toBe(0);
  });

  for (const tier of [[], ["--jit-threshold", "1"], ["--no-wasm-core"]]) {
    it(`a write watchpoint stops right after the instruction that wrote (${tier.join(" ") || "interpreter with its wasm core"})`, async () => {
      const vm = await bootForGdb(SCAN, tier);
      const g = await runGdb(vm.port, ["break kmemleak_write", "continue", "delete",
        "watch jiffies_last_scan", "continue", "info registers rip", "p jiffies_last_scan == jiffies", "delete", "continue"]);
      const status = await vm.exited;
      expect(g.out).toMatch(/Hardware watchpoint 2: jiffies_last_scan\s+Old value = 0\s+New value = \d+/);
      expect(g.out).toContain("kmemleak_scan () at mm/kmemleak.c:");
      const pc = BigInt(/^rip\s+(0x[0-9a-f]+)/m.exec(g.out)![1]!);
      // the previous instruction is the store to the watched variable
      expect(insnBefore(pc)).toMatch(/\tmov +%\w+,0x[0-9a-f]+\(%rip\) +# [0-9a-f]+ <jiffies_last_scan>$/);
      expect(g.out).toContain("$1 = 1");
      expect(g.out).toMatch(/\[Inferior 1 \(Remote target\) exited normally\]/);
      expect(vm.stdout()).toContain("\nscanned\n");
      expect(status).toBe(0);
    });
  }

  it("bad input: clear errors, one client at a time, and the guest goes on", async () => {
    // the guest's last work outlasts the host's noticing the disconnect (a few yields of the run loop)
    const vm = await bootForGdb("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo still-running");
    const c = await RspClient.open(vm.port);
    expect(await c.ask("QStartNoAckMode")).toBe("OK");
    // garbage and a bad checksum are dropped; the stub answers the next good packet
    c.raw("hello\x7f$g#00");
    expect(await c.ask("?")).toBe("T05thread:01;");
    expect(await c.ask("qC")).toBe("QC1");
    expect(await c.ask("qAttached")).toBe("1");
    expect(await c.ask("qfThreadInfo")).toBe("m1");
    expect(await c.ask("qsThreadInfo")).toBe("l");
    expect(await c.ask("vCont?")).toBe("vCont;c;C;s;S");
    expect(await c.ask("qSupported:swbreak+")).toBe("PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+;ReverseStep+;ReverseContinue+");
    expect(await c.ask("vUnknownThing")).toBe("");
    // reverse execution at the start of the history (gdb attached here), and a b-packet that does not exist
    expect(await c.ask("bs")).toBe("T05replaylog:begin;thread:01;");
    expect(await c.ask("bc")).toBe("T05replaylog:begin;thread:01;");
    expect(await c.ask("bx")).toBe("");
    // memory: unmapped (no RAM at 4 GiB, paging off at the entry), non-canonical, malformed
    expect(await c.ask("m100000000,8")).toBe("E0e");
    expect(await c.ask("m8000000000000000,8")).toBe("E0e");
    expect(await c.ask("mzz,8")).toBe("E16");
    expect(await c.ask("Z0,8000000000000000,1")).toBe("E16");
    expect(await c.ask("p999")).toBe("E16");
    // the PVH entry's first bytes are readable (the kernel is loaded at 2 MiB)
    expect(await c.ask("m200000,1")).toMatch(/^[0-9a-f]{2}$/);
    // a second client is turned away at once
    const second = await RspClient.open(vm.port);
    await second.closedByPeer();
    expect(vm.stderr()).toContain("refused a second connection");
    // run to the first system call: memory through that process's page tables
    const sys = symbol("do_syscall_64").toString(16);
    expect(await c.ask(`Z0,${sys},1`)).toBe("OK");
    expect(await c.ask("c")).toBe("T05swbreak:;thread:01;");
    expect(await c.ask("p10")).toBe(Buffer.from(sys.padStart(16, "0"), "hex").reverse().toString("hex"));
    expect(await c.ask(`z0,${sys},1`)).toBe("OK");
    expect(await c.ask("m0,8")).toBe("E0e");                      // nothing is mapped at 0
    expect(await c.ask("mffffffff80200000,4")).toMatch(/^[0-9a-f]{8}$/);
    expect(await c.ask("Mffffffffffff0000,1:00")).toBe("E0e");
    // continue, then interrupt (Ctrl-C)
    c.send("c");
    c.raw("\x03");
    expect(await c.reply()).toBe("T02thread:01;");
    // a breakpoint on an address nothing runs is accepted and never hit; then the client vanishes mid-run
    expect(await c.ask("Z0,1000,1")).toBe("OK");
    c.send("c");
    c.close();
    const status = await vm.exited;
    expect(vm.stderr()).toContain("gdb: connection closed; the guest goes on");
    expect(vm.stdout()).toContain("\nstill-running\n");
    expect(status).toBe(0);
  });

  it("k (gdb's kill) ends the run: status 0, said on stderr", async () => {
    const vm = await bootForGdb("echo never");
    const c = await RspClient.open(vm.port);
    c.send("k");
    await c.closedByPeer();
    expect(await vm.exited).toBe(0);
    expect(vm.stderr()).toContain("kmemlab: terminated from gdb (k)");
    expect(vm.stdout()).not.toContain("never");
  });

  it("gdb attaching to a running guest (no -S) finds it stopped; its kill ends the run", async () => {
    const vm = await bootForGdb("echo looping; while true; do :; done", [], true);
    while (!vm.stdout().includes("\nlooping\n")) await new Promise((r) => vm.child.stdout!.once("data", r));
    const g = await runGdb(vm.port, ["info registers rip", "kill"]);
    expect(g.out).toMatch(/^rip +0x[0-9a-f]+ /m);
    expect(g.out).toContain("[Inferior 1 (Remote target) killed]");
    expect(await vm.exited).toBe(0);
  });

  it("bad --gdb devices and a busy port: one line, status 2", async () => {
    const cli = (...a: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "-e", "true", ...a], { encoding: "utf8", timeout: 60_000 });
    let r = cli("--gdb", "tcp:example.com:1234");
    expect([r.status, r.stderr]).toEqual([2, "kmemlab: --gdb: the gdb server listens on 127.0.0.1 only (got host 'example.com')\n"]);
    r = cli("--gdb", "udp::1");
    expect([r.status, r.stderr]).toEqual([2, "kmemlab: --gdb: 'udp::1' is not tcp::PORT (e.g. tcp::1234)\n"]);
    r = cli("--gdb", "tcp::70000");
    expect([r.status, r.stderr]).toEqual([2, "kmemlab: --gdb: port 70000 is out of range (0..65535)\n"]);
    const busy = createServer();
    await new Promise<void>((res) => busy.listen(0, "127.0.0.1", res));
    const port = (busy.address() as { port: number }).port;
    const b = await bootOnBusyPort(port);
    busy.close();
    expect(b).toEqual([2, `kmemlab: gdb: cannot listen on 127.0.0.1:${port}: the port is in use\n`]);
  });
});

/** `boot --gdb tcp::PORT` while the port is taken (asynchronously: the test's server must keep listening meanwhile). */
function bootOnBusyPort(port: number): Promise<[number | null, string]> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "-e", "true", "--gdb", `tcp::${port}`]);
    let err = "";
    p.stderr.setEncoding("utf8").on("data", (d: string) => { err += d; });
    p.on("exit", (code) => res([code, err]));
  });
}
