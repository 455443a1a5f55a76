/*
 * platform.ts: what differs between the hosts the machine runs on (Node,
 * a browser tab), behind one small interface, so that emulator/ and
 * boot/session.ts import no node: module and esbuild can bundle them for
 * a page. The Node implementation is platform-node.ts, re-exported here;
 * the page's bundle (tools/web.ts) resolves that file to
 * platform-browser.ts instead, so neither the sources nor the Node
 * behaviour carry a run-time switch.
 *
 * What sits here: the disk cache of emitted wasm (files), hashing (the
 * cache's keys, the state file's kernel id), a state file's compression
 * (snapshot.ts), the JIT's compile worker (worker
 * threads vs Web Workers), yielding to the host's event loop, and the
 * operator's log line (stderr vs the browser's console).
 */

/** The few file operations the caches need (paths are the host's). */
export interface HostFiles {
  read(path: string): Uint8Array | null;
  exists(path: string): boolean;
  /** Write beside and rename into place (a reader never sees half a file); errors are the caller's. */
  writeAtomic(path: string, bytes: Uint8Array): void;
  mkdirp(dir: string): void;
  list(dir: string): string[];
  remove(path: string): void;
  join(dir: string, name: string): string;
  /** The text of a source file named by its module URL, or null when the host cannot read it. */
  sourceOf(url: string): Uint8Array | null;
}

/** A worker running the JIT's code generator (a worker thread, a Web Worker). */
export interface HostWorker {
  postMessage(msg: unknown): void;
  onMessage(f: (msg: unknown) => void): void;
  onError(f: (e: Error) => void): void;
  terminate(): void;
}

/** Inside a worker: its channel to the thread that started it, when started with `role`. */
export interface WorkerPort {
  postMessage(msg: unknown): void;
  onMessage(f: (msg: unknown) => void): void;
}

export interface Platform {
  readonly name: "node" | "browser";
  files: HostFiles;
  sha256Hex(data: Uint8Array | string): string;
  deflateRaw(bytes: Uint8Array): Uint8Array;
  inflateRaw(bytes: Uint8Array): Uint8Array;
  /** Start the module at `url` as a worker with `role` (a worker that never keeps the host alive), or null when the host has none. */
  startWorker(url: string, role: string): HostWorker | null;
  /** This thread's port when it is a worker started with `role`; null otherwise. */
  workerPort(role: string): WorkerPort | null;
  /** Let the host's event loop run (console input, timers, a page's rendering). */
  yieldToHost(): Promise<void>;
  /** A line for the operator, as "kmemlab: msg". */
  log(msg: string): void;
}

export { platform } from "./platform-node.ts";
