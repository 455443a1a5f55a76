/*
 * web.ts: `kmemlab web` builds the lab as a static site in build/web/
 * (copy the folder to any static host): index.html and its stylesheet,
 * the page's bundle (web/main.ts, made by esbuild for the browser with
 * platform-browser.ts in place of platform-node.ts), the JIT's compile
 * worker (jit/worker.ts bundled with binaryen, loaded as a Web Worker when
 * the JIT starts), xterm.js's
 * stylesheet, the kernel, the initramfs (the same archive the CLI packs:
 * programs, modules, the book's scripts) and the wasm interpreter core
 * emitted for the page's memory layout (the page has no binaryen; the
 * core's layout is written beside it, and the page checks it), and the
 * kernel's `nm -n` for the kmemleak panel's oracle.
 * `kmemlab web --serve` then serves the folder on 127.0.0.1 only, gzipped
 * for a browser that takes it (as static hosts do).
 */
import { build, type Plugin } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { extname, join, resolve, sep } from "node:path";
import { Machine } from "../emulator/machine.ts";
import { cacheFile, emitCore, layoutKey } from "../emulator/wasm/core.ts";
import { loadBinaryen } from "../emulator/wasm/binaryen.ts";
import { initrdRoom, parseKernel } from "../boot/pvh-loader.ts";
import { makeAll, packInitramfs } from "./build.ts";
import { UsageError } from "./errors.ts";
import { kmemlabVersion } from "./bug-report.ts";
import { ROLE as JIT_ROLE } from "../emulator/jit/worker.ts";

/** The page's guest RAM (its wasm core is emitted for this layout). */
export const WEB_MEMORY_MIB = 128;

/** The browser's Platform instead of Node's. */
const platformPlugin: Plugin = {
  name: "kmemlab-platform",
  setup(b) {
    b.onResolve({ filter: /platform-node\.ts$/ }, (a) => ({ path: resolve(a.resolveDir, a.path.replace(/platform-node\.ts$/, "platform-browser.ts")) }));
  },
};

/** The page: the browser's Platform, and binaryen stays out (its core is prebuilt; the JIT's worker has its own). */
const browserPlugin: Plugin = {
  name: "kmemlab-browser",
  setup(b) {
    platformPlugin.setup(b);
    b.onResolve({ filter: /^binaryen$/ }, () => ({ path: "binaryen", namespace: "kmemlab-stub" }));
    b.onLoad({ filter: /.*/, namespace: "kmemlab-stub" }, () => ({
      contents: 'throw new Error("binaryen is not in the page (its wasm core is prebuilt by kmemlab web)");', loader: "js",
    }));
  },
};

/** Build the site into `out`; returns the files written with their sizes. */
export async function buildWeb(root: string, out: string, log: (l: string) => void): Promise<Array<{ name: string; bytes: number }>> {
  makeAll(root, log);
  mkdirSync(out, { recursive: true });
  const r = await build({
    entryPoints: [join(root, "web", "main.ts")],
    outfile: join(out, "kmemlab-web.js"),
    bundle: true, platform: "browser", format: "esm", target: "es2022", minify: true,
    plugins: [browserPlugin], logLevel: "silent", define: { __KMEMLAB_VERSION__: JSON.stringify(kmemlabVersion(root)) },
  });
  for (const w of r.warnings) log(`esbuild: ${w.text}`);
  // the JIT's compile worker (a Web Worker named by its role): the worker's file with binaryen, which the page itself never loads
  const jw = await build({
    entryPoints: [join(root, "emulator", "jit", "worker.ts")],
    outfile: join(out, `${JIT_ROLE}.js`),
    bundle: true, platform: "browser", format: "esm", target: "es2022", minify: true, external: ["node:*"],
    plugins: [platformPlugin], logLevel: "silent",
  });
  for (const w of jw.warnings) log(`esbuild: ${w.text}`);
  copyFileSync(join(root, "web", "index.html"), join(out, "index.html"));
  copyFileSync(join(root, "web", "style.css"), join(out, "style.css"));
  copyFileSync(join(root, "node_modules", "@xterm", "xterm", "css", "xterm.css"), join(out, "xterm.css"));
  // the kernel without its DWARF (the page needs none: kernel.nm has the symbols), a quarter of the bytes;
  // states saved in the page name this image: resume them in the CLI with -k build/web/vmlinux
  execFileSync("objcopy", ["--strip-debug", join(root, "build", "kernel", "vmlinux"), join(out, "vmlinux")]);
  const kernel = readFileSync(join(out, "vmlinux"));
  const room = initrdRoom(parseKernel(kernel, "vmlinux"), WEB_MEMORY_MIB * 1048576);
  writeFileSync(join(out, "initramfs.cpio"), packInitramfs(root, { room: { bytes: room, ramMiB: WEB_MEMORY_MIB }, warn: log }));
  // the core for the page's layout: from the CLI's cache when it is there (same generator sources), else emitted
  const m = new Machine({ kernel, memoryMiB: WEB_MEMORY_MIB, boot: false });
  const L = m.cpu.mmu.layout!;
  const cached = readCached(cacheFile(join(root, "build", "cache"), layoutKey(L)));
  if (cached === null) await loadBinaryen();
  writeFileSync(join(out, "core.wasm"), cached ?? emitCore(L));
  writeFileSync(join(out, "core-layout.json"), JSON.stringify(L));
  // the kernel's symbols for the kmemleak panel's oracle (web/panel.ts)
  writeFileSync(join(out, "kernel.nm"), execFileSync("nm", ["-n", join(root, "build", "kernel", "vmlinux")], { encoding: "utf8", maxBuffer: 64 << 20 }));
  const names = ["index.html", "style.css", "xterm.css", "kmemlab-web.js", `${JIT_ROLE}.js`, "vmlinux", "initramfs.cpio", "core.wasm", "core-layout.json", "kernel.nm"];
  return names.map((name) => ({ name, bytes: statSync(join(out, name)).size }));
}

function readCached(file: string): Uint8Array | null { try { return readFileSync(file); } catch { return null; } }

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".nm": "text/plain; charset=utf-8",
};

/** Serve `dir` on 127.0.0.1:port (0: a free port); resolves with the URL once listening. */
export function serveWeb(dir: string, port: number): Promise<{ url: string; close: () => void }> {
  const base = resolve(dir);
  const gzipped = new Map<string, { key: string; bytes: Buffer }>();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = resolve(base, `.${path.endsWith("/") ? `${path}index.html` : path}`);
    if (req.method !== "GET" && req.method !== "HEAD") { res.writeHead(405).end(); return; }
    let body: Buffer;
    try {
      if (!file.startsWith(base + sep) || !statSync(file).isFile()) throw new Error("not a file");
      body = readFileSync(file);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    // compressed as a static host would serve it (the page's weight is what crosses the wire), once per file version
    const headers: Record<string, string | number> = { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" };
    if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      const st = statSync(file), key = `${st.mtimeMs}:${st.size}`;
      let z = gzipped.get(file);
      if (z?.key !== key) gzipped.set(file, z = { key, bytes: gzipSync(body, { level: 9 }) });
      body = z.bytes;
      headers["content-encoding"] = "gzip";
      headers.vary = "accept-encoding";
    }
    headers["content-length"] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((ok, fail) => {
    server.once("error", (e: NodeJS.ErrnoException) => fail(new UsageError(`cannot serve on 127.0.0.1:${port}: ${e.code === "EADDRINUSE" ? "the port is in use" : e.message}`)));
    server.listen(port, "127.0.0.1", () => {
      const a = server.address();
      ok({ url: `http://127.0.0.1:${typeof a === "object" && a !== null ? a.port : port}/`, close: () => server.close() });
    });
  });
}
