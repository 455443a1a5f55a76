/*
 * platform-browser.ts: the Platform (platform.ts) in a browser tab, used
 * by the page's bundle (tools/web.ts resolves platform-node.ts to this
 * file). Files are what the page preloaded (the wasm core emitted for
 * its memory layout, web/main.ts) in a map; writes stay in it. SHA-256 is
 * @noble/hashes (the page needs it synchronously, for the core cache's
 * keys). A state file's RAM is written as stored deflate blocks
 * (deflate-stored.ts: a tab has no synchronous deflate; the page
 * compresses the whole state when it keeps it). The JIT's Web Worker is
 * not in the page yet: startWorker says there is no worker (the
 * interpreter and the wasm core run everything).
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
  startWorker: () => null,
  workerPort: () => null,
  yieldToHost: () => new Promise<void>((r) => {
    if (channel === null) { setTimeout(r, 0); return; }
    waiting.push(r);
    channel.port2.postMessage(0);
  }),
  log(msg) { console.warn(`kmemlab: ${msg}`); },
};
