/*
 * pty.ts: drive `kmemlab boot` on a real pseudo-terminal (node-pty) the way
 * a user would: wait for text on the screen, type, read what appeared.
 * The guest ends lines with CR LF and the host pty adds its own CR, so the
 * screen text is kept with plain newlines.
 */
import { spawn, type IPty } from "node-pty";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";

export class Screen {
  text = "";
  private waiters: { re: RegExp; from: number; ok: () => void }[] = [];
  constructor(readonly p: IPty) {
    p.onData((d) => {
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
  /** Types `keys` and waits for `re` to appear after them. */
  async type(keys: string, re: RegExp): Promise<void> {
    const next = this.wait(re);
    this.p.write(keys);
    await next;
  }
}

/** `kmemlab boot` on a 100x30 pty with the virtual clock; resolves `exit` with its status. */
export function bootPty(args: string[] = []): { s: Screen; exit: Promise<number> } {
  const p = spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", ...args],
    { name: "xterm", cols: 100, rows: 30, cwd: ROOT, env: process.env as Record<string, string> });
  const s = new Screen(p);
  return { s, exit: new Promise<number>((ok) => p.onExit((e) => ok(e.exitCode))) };
}
