/*
 * page.ts: the browser tests' harness: `kmemlab web --serve --port 0`
 * (the site rebuilt, served on 127.0.0.1) and Debian's chromium driven
 * headless by playwright-core, with a fresh profile per run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { ROOT } from "../../tools/cli.ts";

export const CHROMIUM = "/usr/bin/chromium";

export interface Site { url: string; server: ChildProcess; close: () => Promise<void> }

/** Build and serve the site; resolves with its URL once the server printed it. */
export function serveSite(): Promise<Site> {
  const server = spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "web", "--serve", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  server.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
  return new Promise((ok, fail) => {
    server.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) ok({ url: m[1]!, server, close: () => new Promise((r) => { server.once("exit", () => r()); server.kill("SIGTERM"); }) });
    });
    server.once("exit", (code) => fail(new Error(`kmemlab web --serve exited (${code}): ${out}${err}`)));
  });
}

export interface Browser { ctx: BrowserContext; close: () => Promise<void> }

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium (apt-get install -y chromium)`);
  const profile = mkdtempSync(join(tmpdir(), "kmemlab-chromium-"));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 720 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  return { ctx, close: async () => { await ctx.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/** What the page's window.kmemlab hook (web/main.ts) exposes. */
export interface Hook { transcript: string; end: { kind: string; status?: number } | null; promptMs: number | null; insns: number; runMs: number }

export const hookOf = (page: Page): Promise<Hook> =>
  page.evaluate(() => { const k = (window as unknown as { kmemlab: Hook }).kmemlab; return { transcript: k.transcript, end: k.end, promptMs: k.promptMs, insns: k.insns, runMs: k.runMs }; });

export const screenOf = (page: Page): Promise<string> =>
  page.evaluate(() => (window as unknown as { kmemlab: { screen: () => string } }).kmemlab.screen());

/** Wait until the page's hook satisfies `cond` (polled in the page; playwright's timeout, not a sleep). */
export async function waitHook(page: Page, cond: string, timeout = 120_000): Promise<void> {
  await page.waitForFunction(`(() => { const k = window.kmemlab; return ${cond}; })()`, null, { timeout, polling: 100 });
}

/** Click `selector` and read the file the page offers for download. */
export async function downloaded(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), page.click(selector)]);
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}
