/*
 * platform-browser.ts: the Platform (platform.ts) in a browser tab, used
 * by the page's bundle (tools/web.ts resolves platform-node.ts to this
 * file). Files are what the page preloaded (the wasm core emitted for
 * its memory layout, web/main.ts) in a map; writes stay in it. SHA-256 is
 * @noble/hashes (the page needs it synchronously, for the core cache's
 * keys). A state file's RAM is written as stored deflate blocks
 * (deflate-stored.ts: a tab has no synchronous deflate; the page
 * compresses the whole state when it keeps it). A worker is a module Web
 * Worker whose script is named by its role (`<role>.js` beside the page:
 * the JIT's compile worker is tools/web.ts's second bundle, with
 * binaryen) and whose name is the role, which is how the worker knows it
 * is one.
 * Yielding is a MessageChannel round trip (setTimeout(0) is clamped to
 * 4 ms after a few nestings); the log goes to the browser's console.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { Platform } from "./platform.ts";
import { deflateStored, inflateStored } from "./deflate-stored.ts";

/** The page's files: path -> bytes (preloaded with preloadFile). */
const files = new Map<string, Uint8Array>();

/** Put a file where platform.files finds it (the page's wasm core under its cache name). */
export function preloadFile(path: string, bytes: Uint8Array): void { files.set(path, bytes); }

const channel = typeof MessageChannel === "function" ? new MessageChannel() : null;
const waiting: Array<() => void> = [];
if (channel !== null) channel.port1.onmessage = () => { waiting.shift()?.(); };

export const platform: Platform = {
  name: "browser",
  files: {
    read: (path) => files.get(path) ?? null,
    exists: (path) => files.has(path),
    writeAtomic(path, bytes) { files.set(path, bytes); },
    mkdirp() {},
    list: (dir) => [...files.keys()].filter((p) => p.startsWith(`${dir}/`)).map((p) => p.slice(dir.length + 1)),
    remove(path) { files.delete(path); },
    join: (dir, name) => `${dir}/${name}`,
    sourceOf: () => null,
  },
  sha256Hex: (data) => bytesToHex(sha256(typeof data === "string" ? new TextEncoder().encode(data) : data)),
  deflateRaw: deflateStored,
  inflateRaw: inflateStored,
  startWorker(_url, role) {
    if (typeof Worker !== "function") return null;
    const w = new Worker(new URL(`${role}.js`, location.href), { type: "module", name: role });
    return {
      postMessage: (m) => w.postMessage(m),
      onMessage: (f) => w.addEventListener("message", (e) => f(e.data)),
      onError: (f) => w.addEventListener("error", (e) => { e.preventDefault(); f(new Error(e.message || `cannot start ${role}.js`)); }),
      terminate: () => w.terminate(),
    };
  },
  workerPort(role) {
    const g = globalThis as unknown as { WorkerGlobalScope?: unknown; name?: string; postMessage(m: unknown): void; addEventListener(t: string, f: (e: MessageEvent) => void): void };
    if (g.WorkerGlobalScope === undefined || g.name !== role) return null;
    return { postMessage: (m) => g.postMessage(m), onMessage: (f) => g.addEventListener("message", (e) => f(e.data)) };
  },
  yieldToHost: () => new Promise<void>((r) => {
    if (channel === null) { setTimeout(r, 0); return; }
    waiting.push(r);
    channel.port2.postMessage(0);
  }),
  log(msg) { console.warn(`kmemlab: ${msg}`); },
};
