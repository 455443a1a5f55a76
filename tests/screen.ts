/*
 * screen.ts: what a program on a pseudo-terminal (node-pty) has shown, for
 * tests that type at it: wait for text, type and wait. The guest ends lines
 * with CR LF and the host pty adds its own CR (ONLCR), so the text is kept
 * with plain newlines. Shared by the console tests in tests/e2e and the
 * native line-editing test in tests/user.
 */
import type { IPty } from "node-pty";

export class Screen {
  text = "";
  private waiters: { re: RegExp; from: number; ok: () => void }[] = [];
  /** `timeoutMs`: how long wait() waits by default before failing. */
  constructor(readonly p: IPty, private readonly timeoutMs = 60_000) {
    p.onData((d) => {
      this.text = (this.text + d).replace(/\r+\n/g, "\n");
      this.waiters = this.waiters.filter((w) => (w.re.test(this.text.slice(w.from)) ? (w.ok(), false) : true));
    });
  }
  /** Resolves when `re` appears in output written after this call. */
  wait(re: RegExp, ms = this.timeoutMs): Promise<void> {
    const from = this.text.length;
    return new Promise((ok, fail) => {
      const t = setTimeout(() => fail(new Error(`timed out waiting for ${re}; screen:\n${JSON.stringify(this.text.slice(-2000))}`)), ms);
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
