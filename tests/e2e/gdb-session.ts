/*
 * gdb-session.ts: drives `kmemlab boot -S --gdb tcp::0` from a test: the
 * machine waits for gdb, the test learns the port from stderr, then talks
 * to the stub with the real gdb in batch mode (runGdb) or a raw socket
 * (RspClient, for the protocol's corner cases). Nothing waits on wall
 * time: every step waits for an event (a line, a reply, an exit).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";

export const VMLINUX = join(ROOT, "build/kernel/vmlinux");

export interface Booted {
  port: number;
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit status once kmemlab has exited. */
  exited: Promise<number | null>;
}

/**
 * Boot with the CPU frozen for gdb (-S; `running`: without it) on a free port; resolves once the server listens.
 * `from`: what the machine is (a kmemleak=on boot, or ["--load-state", FILE]); `env`: more environment (KMEMLAB_STATS).
 */
export function bootForGdb(exec: string, extra: string[] = [], running = false, from = ["-a", "kmemleak=on"], env: Record<string, string> = {}): Promise<Booted> {
  const args = [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", ...(running ? [] : ["-S"]), "--gdb", "tcp::0",
    ...from, "-e", exec, "--timeout", "100", ...extra];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let out = "", err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => { out += d.replace(/\r/g, ""); });
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  return new Promise((res, rej) => {
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      err += d;
      const m = /(?:waiting for gdb|gdb server) on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m !== null) res({ port: Number(m[1]), child, stdout: () => out, stderr: () => err, exited });
    });
    child.on("exit", (code) => rej(new Error(`kmemlab exited (${code}) before listening: ${err}`)));
  });
}

/** gdb -batch on vmlinux, connected to the port, running `cmds` (-ex each); resolves with its output. */
export function runGdb(port: number, cmds: string[], pre: string[] = []): Promise<{ status: number | null; out: string }> {
  const args = ["-batch", "-nx", ...pre.flatMap((c) => ["-iex", c]), VMLINUX, "-ex", `target remote :${port}`, ...cmds.flatMap((c) => ["-ex", c])];
  const g = spawn("gdb", args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  g.stdout!.setEncoding("utf8").on("data", (d: string) => { out += d; });
  g.stderr!.setEncoding("utf8").on("data", (d: string) => { out += d; });
  return new Promise((res) => g.on("exit", (code) => res({ status: code, out })));
}

/** Function names of a gdb backtrace, frame by frame. */
export function btFunctions(out: string): string[] {
  const names: string[] = [];
  for (const l of out.split("\n")) {
    const m = /^#(\d+)\s+(?:0x[0-9a-f]+ in )?(\S+) \(/.exec(l);
    if (m !== null && Number(m[1]) === names.length) names.push(m[2]!);
  }
  return names;
}

/** A minimal remote-protocol client (no-ack mode after the first exchange) for poking at the stub directly. */
export class RspClient {
  private buf = "";
  private waiters: (() => void)[] = [];
  closed = false;
  private constructor(readonly sock: Socket) {
    sock.setEncoding("latin1");
    sock.on("data", (d: string) => { this.buf += d; this.wake(); });
    sock.on("close", () => { this.closed = true; this.wake(); });
    sock.on("error", () => {});
  }
  private wake(): void { const w = this.waiters; this.waiters = []; for (const f of w) f(); }
  static open(port: number): Promise<RspClient> {
    return new Promise((res, rej) => { const s = connect(port, "127.0.0.1", () => res(new RspClient(s))); s.on("error", rej); });
  }
  raw(s: string): void { this.sock.write(s, "latin1"); }
  /** Send a well-formed packet. */
  send(body: string): void {
    let ck = 0;
    for (const ch of body) ck = (ck + ch.charCodeAt(0)) & 0xff;
    this.raw(`$${body}#${ck.toString(16).padStart(2, "0")}`);
  }
  /** The next packet's body (acks skipped); null if the connection closed first. */
  async reply(): Promise<string | null> {
    for (;;) {
      this.buf = this.buf.replace(/^[+-]+/, "");
      const m = /^\$([^#]*)#[0-9a-f]{2}/.exec(this.buf);
      if (m !== null) { this.buf = this.buf.slice(m[0].length); return m[1]!; }
      if (this.closed) return null;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
  async ask(body: string): Promise<string | null> { this.send(body); return this.reply(); }
  /** Resolves when the server has closed the connection. */
  async closedByPeer(): Promise<void> { while (!this.closed) await new Promise<void>((r) => this.waiters.push(r)); }
  close(): void { this.sock.destroy(); }
}
