/*
 * web.test.ts: the page (`kmemlab web`) in a real browser (Debian's
 * chromium, headless): it boots to the root shell in the xterm.js
 * terminal and runs what is typed there (the book's A1), offers the
 * console log and kmemleak's report (its last printout on the console) as
 * downloads, a scripted session in the page gives the CLI's transcript
 * byte for byte (virtual clock, the JIT in a Web Worker), the kmemleak
 * panel lists kmemleak-test's 13 leaks as the oracle grades them, draws
 * them white in the reference graph with no path from any root, shows a
 * clicked object's report or chain and is drawn again at each reporting
 * scan, the machine saved in IndexedDB comes back after a reload (and
 * resumes in the CLI), an uploaded module reaches /mnt/host (and what is
 * not an ELF or too large is refused), a panic is shown with a reboot
 * offered, and a browser without WebAssembly is told so. The figures
 * (boot to the prompt, guest speed, the page's weight, under 4 MB
 * compressed) are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { ROOT } from "../../tools/cli.ts";
import { Session } from "../../boot/session.ts";
import { NO_REPORT } from "../../web/downloads.ts";
import { downloaded, hookOf, launchChromium, screenOf, serveSite, waitHook, type Browser, type Site } from "./page.ts";

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
    // the terminal draws what it was given a little later: wait on its text, not on the transcript
    await waitHook(page, "/Operation not permitted\\n# ?$/.test(k.screen())", 60_000);
    const lines = (await screenOf(page)).split("\n");
    const at = lines.indexOf("# echo scan > /sys/kernel/debug/kmemleak");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe("sh: echo: write error: Operation not permitted");
    expect(lines[at + 2]).toBe("# ");
    mkdirSync(join(ROOT, "build/web-test"), { recursive: true });
    await page.screenshot({ path: join(ROOT, "build/web-test/page.png") });
    // no report on the console yet: the page says what to type, and types nothing
    await page.click("#report");
    expect(await page.textContent("#status")).toBe(NO_REPORT);
    expect(await screenOf(page)).toBe(lines.join("\n"));
    // the console log is the console's bytes
    const log = await downloaded(page, "#log");
    expect(log.name).toBe("kmemlab-console.log");
    expect(log.bytes.toString("latin1")).toBe((await hookOf(page)).transcript);
    expect(errors).toEqual([]);
  });

  it("gives the CLI's transcript for the same --exec commands (virtual clock)", async () => {
    const cmds = "echo scan > /sys/kernel/debug/kmemleak; dmesg | grep kmemleak; cat /proc/meminfo | head -2; uname -r";
    const cli = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--exec", cmds], { encoding: "latin1", env: { ...process.env, KMEMLAB_STATS: "1" } });
    expect(cli.status).toBe(0);
    await page.goto(`${site.url}?clock=virtual&exec=${encodeURIComponent(cmds)}`);
    await waitHook(page, "k.end !== null");
    const h = await hookOf(page);
    expect(h.end).toEqual({ kind: "poweroff", status: 0 });
    expect(h.transcript).toContain("kmemleak: Kernel memory leak detector disabled");
    expect(h.transcript).toBe(cli.stdout);
    const insns = Number(/insns=(\d+)/.exec(cli.stderr)?.[1]);
    // Node's guest speed on the same files, the run alone (this process; the page's figure is its run alone too)
    const built = (f: string) => new Uint8Array(readFileSync(join(ROOT, "build/web", f)));
    const s = new Session({ kernel: built("vmlinux"), initrd: built("initramfs.cpio"), cmdline: "", memoryMiB: 128, clock: "virtual", exec: cmds, wasmCore: true, cacheDir: join(ROOT, "build/cache") });
    await s.machine.prepare();
    const t0 = performance.now();
    expect(await s.run()).toEqual({ kind: "poweroff", status: 0 });
    const nodeMs = performance.now() - t0;
    console.log(`web: guest speed: page (JIT in a Web Worker) ${(h.insns / h.runMs / 1e3).toFixed(1)} MIPS (${h.insns} insns in ${h.runMs.toFixed(0)} ms), ` +
      `node in this process (tsx, unbundled, no JIT: slower than the CLI) ${(s.machine.cpu.icount / nodeMs / 1e3).toFixed(1)} MIPS (${s.machine.cpu.icount} insns in ${nodeMs.toFixed(0)} ms)`);
    expect(h.insns).toBe(insns);
  });

  it("the kmemleak panel shows kmemleak-test's 13 leaks, and a clicked object's report", async () => {
    const KL = "/sys/kernel/debug/kmemleak";
    const cmds = `modprobe kmemleak-test; sleep 6; echo scan > ${KL}; sleep 6; echo scan > ${KL}; cat ${KL}; grep -c unreferenced ${KL}`;
    await page.goto(`${site.url}?boot=kmemleak&clock=virtual&exec=${encodeURIComponent(cmds)}`);
    await waitHook(page, "k.end !== null");
    const h = await hookOf(page);
    expect(h.end).toEqual({ kind: "poweroff", status: 0 });
    // all-zero objects can be reported by the first scan, the others by the second: the counts add up to 13
    const counts = [...h.transcript.matchAll(/\] kmemleak: (\d+) new suspected memory leaks \(see \/sys\/kernel\/debug\/kmemleak\)\r\n/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(13);
    expect(h.transcript).toMatch(/\r\n13\r\n/);
    await page.click("#objects-button");
    // the page fetches the kernel's symbols first: wait for the panel's table and graph
    await waitHook(page, "k.graph !== null && document.querySelectorAll('#objects tbody tr').length > 0", 60_000);
    const rows = await page.$$eval("#objects tbody tr", (trs) => trs.map((tr) => ({ verdict: tr.className, cells: [...tr.children].map((td) => td.textContent) })));
    const leaks = rows.filter((r) => r.verdict === "true-positive" && r.cells[2] === "modprobe");
    expect(leaks.map((r) => Number(r.cells[1])).sort((a, b) => a - b)).toEqual([32, 32, 1024, 1024, 2048, 2048, 4096, 4096, 4096, 4096, 4096, 4096, 4096]);
    expect(rows.filter((r) => r.verdict === "false-positive")).toEqual([]);
    // sorted by size (twice: descending), the first row is the largest object
    const size = page.locator("#objects th[data-key=size]");
    await size.click();
    await size.click();
    expect(Number(await page.textContent("#objects tbody tr:first-child td:nth-child(2)"))).toBe(Math.max(...rows.map((r) => Number(r.cells[1]))));
    // the reference graph: the 13 leaks are white nodes, with no path from any root
    type N = { id: string; kind: string; colour: string; x: number; y: number; chain: boolean };
    const nodes: N[] = await page.evaluate(() => {
      const cy = (window as unknown as { kmemlab: { graph: { nodes(): Array<{ data(k: string): string; renderedPosition(): { x: number; y: number }; incomers(s: string): { length: number } }> } } }).kmemlab.graph;
      return cy.nodes().map((n) => ({ id: n.data("id"), kind: n.data("kind"), colour: n.data("colour"), ...n.renderedPosition(), chain: n.incomers("edge[kind = 'chain']").length > 0 }));
    });
    const leakAddrs = new Set(leaks.map((r) => r.cells[0]));
    expect(nodes.filter((n) => leakAddrs.has(n.id)).map((n) => [n.colour, n.chain])).toEqual(Array(13).fill(["white", false]));
    expect(nodes.filter((n) => n.kind === "root").length).toBeGreaterThan(0);
    console.log(`web: the graph: ${nodes.length} nodes (${nodes.filter((n) => n.kind === "root").length} roots, ${nodes.filter((n) => n.colour === "white").length} white, ${nodes.filter((n) => n.colour === "grey").length} grey, ${nodes.filter((n) => n.colour === "black").length} black)`);
    await page.locator("#graph").scrollIntoViewIfNeeded();
    await page.locator("#graph").screenshot({ path: join(ROOT, "build/web-test/graph.png") });
    const box = (await page.locator("#graph").boundingBox())!;
    const click = async (n: N) => { await page.mouse.click(box.x + n.x, box.y + n.y); };
    const leak = nodes.find((n) => leakAddrs.has(n.id) && n.x > 0 && n.y > 0 && n.x < box.width && n.y < box.height)!;
    await click(leak);
    const leakDetail = (await page.textContent("#detail"))!;
    expect(leakDetail.split("\n").slice(1, 3)).toEqual([expect.stringMatching(/^oracle: reported, and unreachable: a leak: unreachable \(\d of [12] references needed\)$/), "no path from any root"]);
    expect(leakDetail).toContain(`\n\nunreferenced object ${leak.id} (size `);
    // a grey object of modprobe's: its chain from a root
    const kept = nodes.find((n) => n.kind === "object" && n.colour === "grey" && n.chain && !leakAddrs.has(n.id) && n.x > 0 && n.y > 0 && n.x < box.width && n.y < box.height);
    expect(kept).toBeDefined();
    await click(kept!);
    await page.evaluate(() => { document.getElementById("panel")!.scrollTop = 0; });
    await page.screenshot({ path: join(ROOT, "build/web-test/panel-graph.png") });
    expect((await page.textContent("#detail"))!).toMatch(new RegExp(`\\noracle: reachable, and not reported: kmemleak agrees\\nreference chain: [^\\n]+ -> ${kept!.id}\\n`));
    const row = page.locator("#objects tbody tr.true-positive", { hasText: "2048" }).first();
    const addr = await row.locator("td").first().textContent();
    await row.click();
    const detail = (await page.textContent("#detail"))!;
    expect(detail).toContain(`oracle: reported, and unreachable: a leak`);
    expect(detail).toContain(`\n\nunreferenced object ${addr} (size 2048):\n  comm "modprobe", pid `);
    expect(detail).toMatch(/\n  backtrace:\n/);
    await page.screenshot({ path: join(ROOT, "build/web-test/panel.png") });
    // the page's weight: everything it fetched (the JIT's worker and the kernel's symbols included), as it crossed the wire
    const fetched: Array<{ name: string; bytes: number }> = await page.evaluate(() =>
      (performance.getEntriesByType("navigation") as PerformanceResourceTiming[]).concat(performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .map((e) => ({ name: new URL(e.name).pathname.slice(1) || "index.html", bytes: e.transferSize })));
    const total = fetched.reduce((a, f) => a + f.bytes, 0);
    console.log(`web: page weight ${(total / 1048576).toFixed(2)} MiB compressed: ${fetched.map((f) => `${f.name} ${(f.bytes / 1024).toFixed(0)} KiB`).join(", ")}`);
    expect(fetched.map((f) => f.name).sort()).toEqual(["core-layout.json", "core.wasm", "index.html", "initramfs.cpio", "kernel.nm", "kmemlab-jit-compiler.js", "kmemlab-web.js", "style.css", "vmlinux", "xterm.css"]);
    expect(total).toBeLessThan(4e6);
    // kmemleak's report as the guest's cat printed it: its 13 blocks, the line after them grep's count
    const rep = await downloaded(page, "#report");
    expect(rep.name).toBe("kmemleak-report.txt");
    const text = rep.bytes.toString("latin1");
    expect(text.match(/^unreferenced object 0x[0-9a-f]+ \(size \d+\):$/gm)?.length).toBe(13);
    expect(text.startsWith("unreferenced object ")).toBe(true);
    expect(h.transcript.replace(/\r/g, "")).toContain(`${text}13\n`);
    expect(text).toContain(`${detail.slice(detail.indexOf("unreferenced object"))}\n`);
  });

  it("an open kmemleak panel is drawn again at each scan that reports, with nothing clicked", async () => {
    const KL = "/sys/kernel/debug/kmemleak";
    const cmds = `modprobe kmemleak-test; sleep 6; echo scan > ${KL}; sleep 6; echo scan > ${KL}`;
    await page.goto(`${site.url}?boot=kmemleak&clock=virtual&panel=open&exec=${encodeURIComponent(cmds)}`);
    await waitHook(page, "k.end !== null");
    const h = await hookOf(page);
    const scans = [...h.transcript.matchAll(/ new suspected memory leaks \(see \/sys\/kernel\/debug\/kmemleak\)\r\n/g)].length;
    expect(scans).toBeGreaterThan(0);
    await waitHook(page, `k.panelDraws === ${scans}`, 60_000);
    expect(await page.textContent("#summary")).toMatch(/; it reports 13, the oracle finds 13 unreachable:/);
  });

  it("saves the machine in IndexedDB; after a reload, restoring it resumes the shell with its file and module", async () => {
    await page.goto(site.url);
    await waitHook(page, "k.promptMs !== null");
    await page.click("#term");
    await page.keyboard.type("echo kept across a reload > /tmp/f; modprobe kmemlab_testmod; echo loaded $(lsmod | grep -c kmemlab_testmod)");
    await page.keyboard.press("Enter");
    await waitHook(page, "/\\nloaded 1\\n# ?$/.test(k.screen())", 60_000);
    await page.click("#save");
    await waitHook(page, "k.saves === 1 || document.getElementById('status').className === 'bad'", 60_000);
    expect(await page.textContent("#status")).toMatch(/^Saved the machine in this browser \(\d+\.\d MiB, \d+\.\d MiB gzipped\): "Restore the saved machine" resumes it, after a reload too\.$/);
    console.log(`web: ${await page.textContent("#status")}`);
    // one state format: the page's (from IndexedDB, gunzipped) resumes in the CLI, the file and the module there
    const gz: string = await page.evaluate(() => new Promise<string>((ok, fail) => {
      const r = indexedDB.open("kmemlab", 1);
      r.onerror = () => fail(new Error("open"));
      r.onsuccess = () => {
        const g = r.result.transaction("states").objectStore("states").get("machine");
        g.onerror = () => fail(new Error("get"));
        g.onsuccess = () => { const b = g.result.gz as Uint8Array; let t = ""; for (const x of b) t += String.fromCharCode(x); ok(btoa(t)); };
      };
    }));
    const stateFile = join(ROOT, "build/web-test/page.state");
    writeFileSync(stateFile, gunzipSync(Buffer.from(gz, "base64")));
    const cli = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "-k", join(ROOT, "build/web/vmlinux"), "--load-state", stateFile, "--exec", "cat /tmp/f; lsmod"], { encoding: "latin1" });
    expect([cli.status, cli.stderr]).toEqual([0, ""]);
    expect(cli.stdout.replace(/\r/g, "")).toMatch(/\nkept across a reload\nModule +Size +Used by\nkmemlab_testmod +\d+ +0\n/);
    await page.reload();
    await waitHook(page, "k.promptMs !== null");
    expect(await screenOf(page)).not.toContain("kept across a reload");
    await page.click("#restore");
    await waitHook(page, "k.restores === 1 && k.session !== null && k.end === null");
    expect(await page.textContent("#status")).toMatch(/^Restored the machine saved at \d{4}-\d\d-\d\dT[\d:.]+Z: the shell waits where it was \(press Enter for a prompt\)\.$/);
    await page.click("#term");
    // the shell sat at its prompt when saved: Enter gives a new one
    await page.keyboard.press("Enter");
    await waitHook(page, "/(^|\\n)# ?$/.test(k.screen())", 30_000);
    await page.keyboard.type("cat /tmp/f; lsmod");
    await page.keyboard.press("Enter");
    await waitHook(page, "/\\nkmemlab_testmod .*\\n# ?$/.test(k.screen())", 60_000);
    const lines = (await screenOf(page)).split("\n");
    const at = lines.indexOf("# cat /tmp/f; lsmod");
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toBe("kept across a reload");
    expect(lines[at + 2]).toMatch(/^Module +Size +Used by$/);
    expect(lines[at + 3]).toMatch(/^kmemlab_testmod +\d+ +0$/);
    await page.screenshot({ path: join(ROOT, "build/web-test/restored.png") });
    // a damaged record is refused with one line, and the machine that runs goes on
    await page.evaluate(async () => {
      const gz = new Uint8Array(await new Response(new Blob(["not a state\n"]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
      await new Promise<void>((ok, fail) => {
        const r = indexedDB.open("kmemlab", 1);
        r.onsuccess = () => {
          const tx = r.result.transaction("states", "readwrite");
          tx.objectStore("states").put({ gz, savedAt: "2026-01-01T00:00:00.000Z", cmdline: "", bytes: 12 }, "machine");
          tx.oncomplete = () => ok();
          tx.onerror = () => fail(new Error("put"));
        };
      });
    });
    await page.click("#restore");
    await waitHook(page, "k.restores === 2 && document.getElementById('status').className === 'bad'");
    expect(await page.textContent("#status")).toBe("kmemlab: cannot restore the saved machine: not a kmemlab state file");
    expect(await page.evaluate(() => { const k = (window as unknown as { kmemlab: { session: unknown; end: unknown } }).kmemlab; return [k.session !== null, k.end]; })).toEqual([true, null]);
    expect(errors).toEqual([]);
  });

  it("shows a panic and offers a reboot", async () => {
    await page.goto(`${site.url}?clock=virtual&append=rdinit%3D/nope`);
    await waitHook(page, "k.end !== null");
    expect((await hookOf(page)).end).toEqual({ kind: "panic" });
    await waitHook(page, "/\\] Kernel panic - not syncing: No working init found\\./.test(k.screen())", 30_000);
    expect(await page.textContent("#status")).toBe("The kernel panicked (the panic is above). Reboot");
    await page.click("#status button");
    await waitHook(page, "k.boots === 2 && k.end !== null && k.end.kind === 'panic' && k.transcript.includes('Kernel panic')");
    expect(errors).toEqual([]);
  });

  it("without WebAssembly the page says so in one line and boots nothing", async () => {
    const bare = await browser.ctx.newPage();
    await bare.addInitScript(() => { delete (globalThis as { WebAssembly?: unknown }).WebAssembly; });
    await bare.goto(site.url);
    await bare.waitForFunction(() => document.getElementById("status")!.textContent !== "");
    expect(await bare.textContent("#status")).toBe("kmemlab needs WebAssembly and Web Workers, which this browser does not offer.");
    expect(await bare.evaluate(() => (window as unknown as { kmemlab: { session: unknown } }).kmemlab.session)).toBe(null);
    await bare.close();
  });

  it("uploads a module into /mnt/host (insmod loads it) and refuses what is not an ELF or too large", async () => {
    const KL = "/sys/kernel/debug/kmemleak";
    const cmds = `ls -l /mnt/host; insmod /mnt/host/mine.ko; lsmod; echo scan > ${KL}`;
    await page.goto(`${site.url}?boot=kmemleak&clock=virtual&exec=${encodeURIComponent(cmds)}`);
    await waitHook(page, "k.end !== null");
    expect((await hookOf(page)).transcript).toContain("ls: cannot access '/mnt/host': No such file or directory");
    const ko = readFileSync(join(ROOT, "build/modules/kmemlab_testmod.ko"));
    await page.setInputFiles("#upload", [{ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a program\n") }]);
    await page.waitForFunction(() => document.getElementById("status")!.className === "bad");
    expect(await page.textContent("#status")).toBe("kmemlab: notes.txt is not an ELF file (a program or a module); nothing added");
    const big = Buffer.alloc((8 << 20) + 1); big.set([0x7f, 0x45, 0x4c, 0x46]);
    await page.setInputFiles("#upload", [{ name: "big.ko", mimeType: "application/octet-stream", buffer: big }]);
    await page.waitForFunction(() => document.getElementById("status")!.textContent!.includes("big.ko"));
    expect(await page.textContent("#status")).toBe(`kmemlab: big.ko is too large (${big.length} bytes; at most ${8 << 20}); nothing added`);
    await page.setInputFiles("#upload", [{ name: "mine.ko", mimeType: "application/octet-stream", buffer: ko }]);
    await waitHook(page, "k.boots === 2 && k.end !== null");
    const t = (await hookOf(page)).transcript.replace(/\r/g, "");
    expect(t).toContain(`\n-rwxr-xr-x 1 root root ${ko.length} Jan  1 00:00 mine.ko\n`);
    expect(t).toMatch(/\nkmemlab_testmod +\d+ +0\b/);
    expect((await hookOf(page)).end).toEqual({ kind: "poweroff", status: 0 });
  });

  it("refuses a bad --port with one line and status 2", () => {
    for (const [args, line] of [
      [["--port", "9"], "kmemlab: --port needs --serve"],
      [["--serve", "--port", "65536"], "kmemlab: --port 65536 is out of range (0..65535)"],
      [["--serve", "--port", "x"], "kmemlab: --port must be a whole number of at least 0 (got 'x')"],
    ] as const) {
      const r = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "web", ...args], { encoding: "utf8" });
      expect([r.status, r.stderr]).toEqual([2, `${line}\n`]);
    }
  });
});
