/*
 * web.test.ts: the page (`kmemlab web`) in a real browser (Debian's
 * chromium, headless): it boots to the root shell in the xterm.js
 * terminal and runs what is typed there (the book's A1), a scripted
 * session in the page gives the CLI's transcript byte for byte (virtual
 * clock), and a panic is shown with a reboot offered. The figures (boot to
 * the prompt, guest speed in the page and on Node) are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { ROOT } from "../../tools/cli.ts";
import { hookOf, launchChromium, screenOf, serveSite, waitHook, type Browser, type Site } from "./page.ts";

let site: Site, browser: Browser, page: Page;
const errors: string[] = [];

beforeAll(async () => {
  site = await serveSite();
  browser = await launchChromium();
  page = await browser.ctx.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe("kmemlab web in chromium", () => {
  it("boots to the shell and runs the A1 commands typed in the terminal", async () => {
    await page.goto(site.url);
    await waitHook(page, "k.promptMs !== null");
    const h = await hookOf(page);
    console.log(`web: boot to the prompt in headless chromium: ${h.promptMs!.toFixed(0)} ms (real-time clock)`);
    await page.click("#term");
    await page.keyboard.type("echo scan > /sys/kernel/debug/kmemleak");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /Operation not permitted[^]*\n# $/.test((window as unknown as { kmemlab: { transcript: string } }).kmemlab.transcript), null, { timeout: 60_000 });
    const lines = (await screenOf(page)).split("\n");
    const at = lines.indexOf("# echo scan > /sys/kernel/debug/kmemleak");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe("sh: echo: write error: Operation not permitted");
    expect(lines[at + 2]).toBe("# ");
    mkdirSync(join(ROOT, "build/web-test"), { recursive: true });
    await page.screenshot({ path: join(ROOT, "build/web-test/page.png") });
    expect(errors).toEqual([]);
  });

  it("gives the CLI's transcript for the same --exec commands (virtual clock)", async () => {
    const cmds = "echo scan > /sys/kernel/debug/kmemleak; dmesg | grep kmemleak; cat /proc/meminfo | head -2; uname -r";
    const boot = (...a: string[]) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", ...a], { encoding: "latin1", env: { ...process.env, KMEMLAB_STATS: "1" } });
      return { r, ms: performance.now() - t0 };
    };
    // Node's guest time: the run less the start-up (node, the bundle, the machine, one instruction)
    const start = boot("--max-insns", "1", "--exec", cmds), run = boot("--exec", cmds);
    const cli = run.r, cliMs = run.ms - start.ms;
    expect(cli.status).toBe(0);
    await page.goto(`${site.url}?clock=virtual&exec=${encodeURIComponent(cmds)}`);
    await waitHook(page, "k.end !== null");
    const h = await hookOf(page);
    expect(h.end).toEqual({ kind: "poweroff", status: 0 });
    expect(h.transcript).toContain("kmemleak: Kernel memory leak detector disabled");
    expect(h.transcript).toBe(cli.stdout);
    const insns = Number(/insns=(\d+)/.exec(cli.stderr)?.[1]);
    console.log(`web: guest speed: page ${(h.insns / h.runMs / 1e3).toFixed(1)} MIPS (${h.insns} insns in ${h.runMs.toFixed(0)} ms), ` +
      `node CLI ${(insns / cliMs / 1e3).toFixed(1)} MIPS (${insns} insns in ${cliMs.toFixed(0)} ms past its start-up)`);
    expect(h.insns).toBe(insns);
  });

  it("shows a panic and offers a reboot", async () => {
    await page.goto(`${site.url}?clock=virtual&append=rdinit%3D/nope`);
    await waitHook(page, "k.end !== null");
    expect((await hookOf(page)).end).toEqual({ kind: "panic" });
    expect(await screenOf(page)).toMatch(/\] Kernel panic - not syncing: No working init found\./);
    expect(await page.textContent("#status")).toBe("The kernel panicked (the panic is above). Reboot");
    await page.click("#status button");
    await waitHook(page, "k.end !== null && k.end.kind === 'panic' && k.transcript.includes('Kernel panic')");
    expect(errors).toEqual([]);
  });
});
