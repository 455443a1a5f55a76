/*
 * platform-node.ts: the Platform (platform.ts) on Node: files through
 * node:fs, hashing with node:crypto, raw deflate with node:zlib, worker threads (from the TypeScript sources a worker first
 * registers tsx's loader, which it does not inherit), setImmediate and
 * stderr.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync, renameSync, readdirSync, rmSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import type { Platform, HostWorker } from "./platform.ts";

export const platform: Platform = {
  name: "node",
  files: {
    read(path) { try { return readFileSync(path); } catch { return null; } },
    exists: (path) => existsSync(path),
    writeAtomic(path, bytes) {
      writeFileSync(`${path}.${process.pid}`, bytes);
      renameSync(`${path}.${process.pid}`, path);
    },
    mkdirp(dir) { mkdirSync(dir, { recursive: true }); },
    list: (dir) => readdirSync(dir),
    remove(path) { rmSync(path, { force: true, recursive: true }); },
    join: (dir, name) => join(dir, name),
    sourceOf(url) { try { return readFileSync(fileURLToPath(url)); } catch { return null; } },
  },
  sha256Hex: (data) => createHash("sha256").update(data).digest("hex"),
  deflateRaw: (bytes) => deflateRawSync(bytes, { level: 1 }),
  inflateRaw: (bytes) => inflateRawSync(bytes),
  startWorker(url, role) {
    let w: Worker;
    if (url.endsWith(".ts")) {
      const tsx = pathToFileURL(createRequire(url).resolve("tsx/esm/api")).href;
      const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url)}); });`;
      w = new Worker(boot, { eval: true, workerData: { role } });
    } else {
      w = new Worker(new URL(url), { workerData: { role } });
    }
    w.unref();
    const hw: HostWorker = {
      postMessage: (m) => w.postMessage(m),
      onMessage: (f) => { w.on("message", f); },
      onError: (f) => { w.on("error", f); },
      terminate: () => { void w.terminate(); },
    };
    return hw;
  },
  workerPort(role) {
    if (isMainThread || (workerData as { role?: string } | null)?.role !== role) return null;
    const port = parentPort!;
    return { postMessage: (m) => port.postMessage(m), onMessage: (f) => { port.on("message", f); } };
  },
  yieldToHost: () => new Promise((r) => setImmediate(r)),
  log(msg) { process.stderr.write(`kmemlab: ${msg}\n`); },
};
