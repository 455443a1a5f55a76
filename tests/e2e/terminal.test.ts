/*
 * terminal.test.ts: `kmemlab boot` on a real pseudo-terminal (node-pty), as
 * a user sees it: wait for the "# " prompt, type commands, interrupt one
 * with Ctrl-C, quit with Ctrl-A x.
 */
import { describe, it, expect } from "vitest";
import { spawn, type IPty } from "node-pty";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";

class Screen {
  text = "";
  private waiters: { re: RegExp; from: number; ok: () => void }[] = [];
  constructor(readonly p: IPty) {
    p.onData((d) => {
      // the guest sends CR LF and the host pty adds its own CR (ONLCR): compare plain newlines
      this.text = (this.text + d).replace(/\r+\n/g, "\n");
      this.waiters = this.waiters.filter((w) => (w.re.test(this.text.slice(w.from)) ? (w.ok(), false) : true));
    });
  }
  /** Resolves when `re` appears in output written after this call. */
  wait(re: RegExp, ms = 60_000): Promise<void> {
    const from = this.text.length;
    return new Promise((ok, fail) => {
      const t = setTimeout(() => fail(new Error(`timed out waiting for ${re}; screen:\n${this.text.slice(-2000)}`)), ms);
      this.waiters.push({ re, from, ok: () => { clearTimeout(t); ok(); } });
    });
  }
}

describe("the interactive console", () => {
  it("gives a root shell: prompt, commands, Ctrl-C, Ctrl-A x", async () => {
    const p = spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual"],
      { name: "xterm", cols: 100, rows: 30, cwd: ROOT, env: process.env as Record<string, string> });
    const s = new Screen(p);
    const exit = new Promise<number>((ok) => p.onExit((e) => ok(e.exitCode)));
    await s.wait(/\n# $/);
    let next = s.wait(/\n# $/);
    p.write("uname -r\r");
    await next;
    expect(s.text).toContain("# uname -r\n5.10.0-kmemlab\n# ");
    next = s.wait(/\n# $/);
    p.write("echo scan > /sys/kernel/debug/kmemleak\r");
    await next;
    expect(s.text).toContain("sh: echo: write error: Operation not permitted\n");
    // a busy command, interrupted once it is surely running: the shell survives and reports 130
    next = s.wait(/\nstarted\n/);
    p.write("sh -c 'echo started; while true; do true; done'\r");
    await next;
    next = s.wait(/\n# $/);
    p.write("\x03");
    await next;
    next = s.wait(/130\n# $/);
    p.write("echo $?\r");
    await next;
    // backspace edits the line before it is sent
    next = s.wait(/\n# $/);
    p.write("echo abX\x7fc\r");
    await next;
    expect(s.text).toContain("\nabc\n# ");
    p.write("\x01x");
    expect(await exit).toBe(0);
  }, 120_000);
});
