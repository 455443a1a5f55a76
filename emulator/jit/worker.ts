/*
 * jit/worker.ts: the JIT's code generator in a worker thread, so that
 * importing binaryen (~1 s) and generating a region's module (1-10 ms)
 * never stop the guest. The worker runs this same file (the TypeScript
 * source under tsx, or the launcher's bundle, which contains it):
 * started with workerData.role = ROLE, it imports binaryen and answers
 * each CompileRequest with the module's bytes or the generator's error.
 * Requests are answered in order; the main thread (index.ts) installs
 * what arrives.
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { JitLayout } from "../cpu/mmu.ts";
import { loadBinaryen, thrownMessage } from "../wasm/binaryen.ts";
import { emit, type Region } from "./codegen.ts";

const ROLE = "kmemlab-jit-compiler";
const SELF = import.meta.url;

export interface CompileRequest { id: number; region: Region; us: number; layout: JitLayout }
/** A module's bytes or the generator's error for request `id`; `ready` once, when binaryen is loaded. */
export type CompileReply = { ready: true } | { id: number; bytes: Uint8Array; error?: undefined } | { id: number; bytes?: undefined; error: string };

/**
 * Start a compile worker (unref'd: it never keeps the process alive). From
 * the TypeScript sources (tests) the worker first registers tsx's loader,
 * which a worker does not inherit.
 */
export function startCompileWorker(): Worker {
  let w: Worker;
  if (SELF.endsWith(".ts")) {
    const tsx = pathToFileURL(createRequire(SELF).resolve("tsx/esm/api")).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(SELF)}); });`;
    w = new Worker(boot, { eval: true, workerData: { role: ROLE } });
  } else {
    w = new Worker(new URL(SELF), { workerData: { role: ROLE } });
  }
  w.unref();
  return w;
}

async function serve(): Promise<void> {
  await loadBinaryen();
  parentPort!.postMessage({ ready: true } satisfies CompileReply);
  parentPort!.on("message", (req: CompileRequest) => {
    let reply: CompileReply;
    try {
      reply = { id: req.id, bytes: emit(req.region, req.us, req.layout) as Uint8Array };
    } catch (e) {
      reply = { id: req.id, error: thrownMessage(e) };
    }
    parentPort!.postMessage(reply);
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) void serve();
