/*
 * jit/worker.ts: the JIT's code generator in a worker thread (a Web
 * Worker in the page), so that importing binaryen (~1 s) and generating a
 * region's module (1-10 ms) never stop the guest. The worker runs this
 * same file (the TypeScript source under tsx, the launcher's bundle,
 * which contains it, or in the page its own bundle with binaryen):
 * started with workerData.role = ROLE, it imports binaryen and answers
 * each CompileRequest with the module's bytes or the generator's error.
 * Requests are answered in order; the main thread (index.ts) installs
 * what arrives.
 */
import { platform, type HostWorker, type WorkerPort } from "../platform.ts";
import type { JitLayout } from "../cpu/mmu.ts";
import { loadBinaryen, thrownMessage } from "../wasm/binaryen.ts";
import { emit, type Region } from "./codegen.ts";

/** The worker's role (in a page also its script's name, tools/web.ts: kmemlab-jit-compiler.js). */
export const ROLE = "kmemlab-jit-compiler";
const SELF = import.meta.url;

export interface CompileRequest { id: number; region: Region; us: number; layout: JitLayout }
/** A module's bytes or the generator's error for request `id`; `ready` once, when binaryen is loaded. */
export type CompileReply = { ready: true } | { id: number; bytes: Uint8Array; error?: undefined } | { id: number; bytes?: undefined; error: string };

/**
 * Start a compile worker (it never keeps the process alive; on Node, from
 * the TypeScript sources, it first registers tsx's loader: platform.ts),
 * or null when the host has no workers.
 */
export function startCompileWorker(): HostWorker | null { return platform.startWorker(SELF, ROLE); }

async function serve(port: WorkerPort): Promise<void> {
  await loadBinaryen();
  port.postMessage({ ready: true } satisfies CompileReply);
  port.onMessage((msg) => {
    const req = msg as CompileRequest;
    let reply: CompileReply;
    try {
      reply = { id: req.id, bytes: emit(req.region, req.us, req.layout) as Uint8Array };
    } catch (e) {
      reply = { id: req.id, error: thrownMessage(e) };
    }
    port.postMessage(reply);
  });
}

const port = platform.workerPort(ROLE);
if (port !== null) void serve(port);
