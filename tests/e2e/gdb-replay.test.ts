/*
 * gdb-replay.test.ts: console input across reverse execution (the gdb
 * stub driven in-process through its transport, so the test types at
 * exact stops). A session types three lines at three gdb stops (the
 * shell's first tty_read, then two breakpoints in uname(2)); going back
 * from the last stop replays the earlier input at the points it first
 * arrived, so the machine reaches the last stop again at the same
 * instruction; keys typed while the machine is in the past wait for the
 * present; a detach in the past replays forward to the present. Every way
 * gives exactly the console transcript of the session without reverse
 * execution, each byte shown once. Input typed while stopped at a
 * breakpoint: continuing (c, or gdb's z0/s/Z0/c) runs the breakpoint's
 * instruction before the interrupt is taken (QEMU's SSTEP_NOIRQ), so the
 * breakpoint is not reported again, and a replay does the same. Memory
 * and a register written in the past end the recorded future there: the
 * run goes on from the change (its output shown), and a replay from before
 * makes the change again at its instruction.
 */
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { packInitramfs } from "../../tools/build.ts";
import { Machine } from "../../emulator/machine.ts";
import { GdbStub, type GdbTransport } from "../../emulator/gdbstub.ts";
import { VMLINUX } from "./gdb-session.ts";

const KERNEL = new Uint8Array(readFileSync(VMLINUX));
const CACHE = join(ROOT, "build/cache");
const NM = execFileSync("nm", [VMLINUX], { encoding: "utf8" });
const sym = (name: string) => { const m = new RegExp(`^([0-9a-f]+) \\w ${name}$`, "m").exec(NM); if (m === null) throw new Error(name); return m[1]!; };
const TTY_READ = sym("tty_read"), UNAME = sym("__x64_sys_newuname");
const X = "echo one; uname\n", Y = "echo two; uname -a\n", Z = "echo three; poweroff -f 0\n";

/** The client's side of the stub's transport: packets in, replies out, awaited. */
class Client implements GdbTransport {
  private buf = "";
  private waiters: (() => void)[] = [];
  constructor(readonly stub: GdbStub) { stub.attach(this); }
  write(d: string): void { this.buf += d; const w = this.waiters; this.waiters = []; for (const f of w) f(); }
  close(): void {}
  send(body: string): void {
    let ck = 0;
    for (const ch of body) ck = (ck + ch.charCodeAt(0)) & 0xff;
    this.stub.receive(`$${body}#${ck.toString(16).padStart(2, "0")}`);
  }
  async reply(): Promise<string> {
    for (;;) {
      this.buf = this.buf.replace(/^[+-]+/, "");
      const m = /^\$([^#]*)#[0-9a-f]{2}/.exec(this.buf);
      if (m !== null) { this.buf = this.buf.slice(m[0].length); return m[1]!; }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
  async ask(body: string): Promise<string> { this.send(body); return this.reply(); }
}

type Step = (m: Machine, g: Client) => Promise<void>;

/**
 * Boot to an interactive shell under the stub (frozen at the first
 * instruction); at the shell's first read type X with a breakpoint in
 * uname(2), continue to it and type Y, continue to the next and run
 * `atLast`; the console transcript and the instruction count at that stop.
 */
async function session(atLast: Step): Promise<{ out: string; atC: number; exitCode: number | null; logs: string[] }> {
  const out: number[] = [], logs: string[] = [];
  const m = new Machine({ kernel: KERNEL, cmdline: "", initrd: packInitramfs(ROOT, { exec: "exec sh -i" }), cacheDir: CACHE, onSerial: (b) => { out.push(b); } });
  const stub = new GdbStub(m, { waitForGdb: true, log: (l) => logs.push(l) });
  const g = new Client(stub);
  const run = m.run({ maxInsns: 4e9 });
  expect(await g.ask("?")).toMatch(/^T05/);
  expect(await g.ask(`Z0,${TTY_READ},1`)).toBe("OK");
  g.send("c");
  expect(await g.reply()).toMatch(/^T05swbreak/);
  expect(await g.ask(`z0,${TTY_READ},1`)).toBe("OK");
  expect(await g.ask(`Z0,${UNAME},1`)).toBe("OK");
  m.sendInput(X);
  g.send("c");
  expect(await g.reply()).toMatch(/^T05swbreak/);
  m.sendInput(Y);
  g.send("c");
  expect(await g.reply()).toMatch(/^T05swbreak/);
  expect(BigInt.asUintN(64, BigInt(m.cpu.rip)).toString(16)).toBe(UNAME);
  const atC = m.cpu.icount;
  await atLast(m, g);
  const r = await run;
  return { out: Buffer.from(out).toString("latin1"), atC, exitCode: r.exitCode, logs };
}

/** The end every session shares: no breakpoints, on to the power-off (the machine's run ends). */
async function toTheEnd(g: Client): Promise<void> {
  expect(await g.ask(`z0,${UNAME},1`)).toBe("OK");
  g.send("c");
}

describe("console input across reverse execution", () => {
  it("replayed where it arrived; keys typed in the past wait for the present; a detach in the past replays to it", async () => {
    // without reverse execution: Z typed at the last stop
    const ref = await session(async (m, g) => { m.sendInput(Z); await toTheEnd(g); });
    expect(ref.exitCode).toBe((0x80 << 1) | 1);
    // (the tty echoes Y and Z as they arrive, while uname runs)
    // (Z typed at the stop in `uname -a`, which a continue from the first stop reaches: the input typed there is not
    // delivered before the breakpoint's instruction, so that breakpoint is not reported again)
    expect(ref.out).toMatch(/\r\n# echo two; uname -a\r\ntwo\r\necho three; poweroff -f 0\r\nLinux kmemlab 5\.10\.0-kmemlab #1 SMP .* x86_64 GNU\/Linux\r\n# echo three; poweroff -f 0\r\nthree\r\n/);
    for (const line of ["one", "two", "three", "Linux"]) expect(ref.out.split(`\r\n${line}\r\n`).length).toBe(2);

    // back to the previous stop (Y typed there comes again), Z typed there (held), forward: the same last stop, then Z
    let again = -1;
    const held = await session(async (m, g) => {
      const c = m.cpu.icount;
      g.send("bc");
      expect(await g.reply()).toMatch(/^T05swbreak/);
      expect(m.cpu.icount).toBeLessThan(c);
      m.sendInput(Z);
      expect(m.dev.uart.pendingInput()).toBe(0);
      g.send("c");
      expect(await g.reply()).toMatch(/^T05swbreak/);
      again = m.cpu.icount;
      await toTheEnd(g);
    });
    expect(again).toBe(held.atC);
    expect(held.atC).toBe(ref.atC);
    expect(held.out).toBe(ref.out);
    expect(held.logs).toEqual([]);

    // Z typed at the last stop, back one stop, detach: the machine replays Y and Z and runs on
    const detached = await session(async (m, g) => {
      m.sendInput(Z);
      g.send("bc");
      expect(await g.reply()).toMatch(/^T05swbreak/);
      expect(await g.ask("D")).toBe("OK");
    });
    expect(detached.out).toBe(ref.out);
    expect(detached.exitCode).toBe(ref.exitCode);
    // (no input replayed late: the re-execution met each batch at its own instruction)
    expect(detached.logs).toEqual(["gdb: detached"]);
  });
});

/**
 * Boot to the shell under the stub, type `uname` and stop at the breakpoint in uname(2);
 * type `echo typed; uname -a` while stopped there, then `leave` continues from the breakpoint.
 */
async function typedAtBreak(leave: (g: Client) => Promise<string>): Promise<{ first: number; second: number; reply: string; outThen: string; back: number; again: number }> {
  const out: number[] = [];
  const m = new Machine({ kernel: KERNEL, cmdline: "", initrd: packInitramfs(ROOT, { exec: "exec sh -i" }), cacheDir: CACHE, onSerial: (b) => { out.push(b); } });
  const stub = new GdbStub(m, { waitForGdb: true, log: () => {} });
  const g = new Client(stub);
  const run = m.run({ maxInsns: 4e9 });
  expect(await g.ask(`Z0,${TTY_READ},1`)).toBe("OK");
  g.send("c");
  expect(await g.reply()).toMatch(/^T05swbreak/);
  expect(await g.ask(`z0,${TTY_READ},1`)).toBe("OK");
  expect(await g.ask(`Z0,${UNAME},1`)).toBe("OK");
  m.sendInput("uname\n");
  g.send("c");
  expect(await g.reply()).toMatch(/^T05swbreak/);
  const first = m.cpu.icount;
  m.sendInput("echo typed; uname -a\n");
  const reply = await leave(g);
  const second = m.cpu.icount;
  const outThen = Buffer.from(out).toString("latin1");
  // back to the first stop and forward again: the replay holds the interrupt where the continue did
  g.send("bc");
  expect(await g.reply()).toMatch(/^T05swbreak/);
  const back = m.cpu.icount;
  g.send("c");
  expect(await g.reply()).toMatch(/^T05swbreak/);
  const again = m.cpu.icount;
  expect(await g.ask(`z0,${UNAME},1`)).toBe("OK");
  m.sendInput("poweroff -f 0\n");
  g.send("c");
  await run;
  return { first, second, reply, outThen, back, again };
}

describe("console input typed at a breakpoint", () => {
  // QEMU steps with interrupts off (SSTEP_NOIRQ): the breakpoint's instruction runs first, the interrupt after it
  for (const [name, leave] of [
    ["c from the breakpoint", async (g: Client) => { g.send("c"); return g.reply(); }],
    ["gdb's step over it (z0, s, Z0, c)", async (g: Client) => {
      expect(await g.ask(`z0,${UNAME},1`)).toBe("OK");
      expect(await g.ask("s")).toMatch(/^T05/);
      expect(await g.ask(`Z0,${UNAME},1`)).toBe("OK");
      g.send("c");
      return g.reply();
    }],
  ] as const) {
    it(`${name}: not reported again; the next stop is the next uname, replayed at the same instruction`, async () => {
      const r = await typedAtBreak(leave);
      expect(r.reply).toMatch(/^T05swbreak/);
      // the shell read the typed line and ran its echo before the second uname
      expect(r.outThen).toMatch(/\r\ntyped\r\n$/);
      expect(r.second).toBeGreaterThan(r.first);
      expect(r.back).toBe(r.first);
      expect(r.again).toBe(r.second);
    }, 300_000);
  }
});

describe("registers and memory written in the past", () => {
  it("end the recorded future there (gdb's record-full): the run goes on from the change, shown; replays make it again", async () => {
    const out: number[] = [], logs: string[] = [];
    const text = () => Buffer.from(out).toString("latin1");
    const m = new Machine({ kernel: KERNEL, cmdline: "", initrd: packInitramfs(ROOT, { exec: "exec sh -i" }), cacheDir: CACHE, onSerial: (b) => { out.push(b); } });
    const stub = new GdbStub(m, { waitForGdb: true, log: (l) => logs.push(l) });
    const g = new Client(stub);
    const run = m.run({ maxInsns: 4e9 });
    // init_uts_ns_name.nodename (struct new_utsname: six 65-byte strings)
    const nodename = (BigInt("0x" + sym("init_uts_ns_name")) + 65n).toString(16);
    const hexOf = (s: string) => Buffer.from(s, "latin1").toString("hex");
    expect(await g.ask(`Z0,${TTY_READ},1`)).toBe("OK");
    g.send("c");
    expect(await g.reply()).toMatch(/^T05swbreak/);
    const read1 = m.cpu.icount;
    expect(await g.ask(`z0,${TTY_READ},1`)).toBe("OK");
    expect(await g.ask(`Z0,${UNAME},1`)).toBe("OK");
    m.sendInput("uname -n\n");
    g.send("c");
    expect(await g.reply()).toMatch(/^T05swbreak/);
    const atUname = m.cpu.icount;
    expect(await g.ask(`Z0,${TTY_READ},1`)).toBe("OK");
    g.send("c");
    expect(await g.reply()).toMatch(/^T05swbreak/);
    const read2 = m.cpu.icount;
    expect(text()).toMatch(/\r\nkmemlab\r\n# $/);
    // back to the stop in uname(2): the nodename there, written (a value already there is no change)
    g.send("bc");
    expect(await g.reply()).toMatch(/^T05swbreak/);
    expect(m.cpu.icount).toBe(atUname);
    expect(await g.ask(`m${nodename},7`)).toBe(hexOf("kmemlab"));
    expect(await g.ask(`M${nodename},7:${hexOf("kmemlab")}`)).toBe("OK");
    expect(logs).toEqual([]);
    expect(await g.ask(`M${nodename},7:${hexOf("kmemXab")}`)).toBe("OK");
    expect(logs).toEqual([`gdb: memory at 0x${nodename} written in the past (instruction ${atUname}): the recorded execution after it is dropped; the machine goes on from here`]);
    // on: the new future, on the console after the old one
    expect(await g.ask(`z0,${UNAME},1`)).toBe("OK");
    g.send("c");
    expect(await g.reply()).toMatch(/^T05swbreak/);
    const read3 = m.cpu.icount;
    expect(read3).toBe(read2);
    expect(text()).toMatch(/\r\nkmemlab\r\n# kmemXab\r\n# $/);
    // back before the write (memory as it was), forward again: the replay writes it at its instruction
    // (the last tty_read before the write: the shell's, reading the line)
    g.send("bc");
    expect(await g.reply()).toMatch(/^T05swbreak/);
    expect(m.cpu.icount).toBeGreaterThanOrEqual(read1);
    expect(m.cpu.icount).toBeLessThan(atUname);
    expect(await g.ask(`m${nodename},7`)).toBe(hexOf("kmemlab"));
    g.send("c");
    expect(await g.reply()).toMatch(/^T05swbreak/);
    expect(m.cpu.icount).toBe(read3);
    expect(await g.ask(`m${nodename},7`)).toBe(hexOf("kmemXab"));
    // a register written in the past: the same (r11, call-clobbered, just before the call to tty_read; one step back and forth)
    g.send("bs");
    expect(await g.reply()).toMatch(/^T05/);
    const before = m.cpu.icount;
    expect(await g.ask("Pb=efbeadde00000000")).toBe("OK");
    expect(logs.length).toBe(2);
    expect(logs[1]).toBe(`gdb: register r11 written in the past (instruction ${before}): the recorded execution after it is dropped; the machine goes on from here`);
    expect(await g.ask("pb")).toBe("efbeadde00000000");
    expect(await g.ask("bs")).toMatch(/^T05/);
    expect(await g.ask("pb")).not.toBe("efbeadde00000000");
    expect(await g.ask("s")).toMatch(/^T05/);
    expect(m.cpu.icount).toBe(before);
    expect(await g.ask("pb")).toBe("efbeadde00000000");
    expect(await g.ask(`z0,${TTY_READ},1`)).toBe("OK");
    m.sendInput("echo done; poweroff -f 0\n");
    g.send("c");
    await run;
    expect(text()).toMatch(/\r\ndone\r\n/);
    expect(text().split("kmemXab").length).toBe(2);
  }, 300_000);
});
