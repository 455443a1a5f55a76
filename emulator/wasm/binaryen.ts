/*
 * wasm/binaryen.ts: binaryen, imported once when a WebAssembly tier first
 * needs it (about a second), and what every user of it shares: the module
 * that imports the guest's memory, and readable messages for what it
 * throws.
 */

/** This file's URL (the interpreter core's disk cache is keyed by the generators' source). */
export const BINARYEN_SOURCE = import.meta.url;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Bn = any;
let B: Bn = null;

/** Import binaryen (once; about a second). */
export async function loadBinaryen(): Promise<Bn> {
  if (B === null) B = (await import("binaryen")).default;
  return B;
}
export function binaryenLoaded(): boolean { return B !== null; }
/** The loaded binaryen module (loadBinaryen must have been awaited). */
export function bn(): Bn {
  if (B === null) throw new Error("binaryen is not loaded");
  return B;
}

/**
 * A readable message for anything the code generator threw. binaryen.js
 * throws its C++ exceptions as plain objects holding a pointer (not
 * Errors): their type and message come from getExceptionMessage.
 */
export function thrownMessage(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (B !== null && typeof e === "object" && e !== null && typeof B.getExceptionMessage === "function") {
    try {
      const [type, msg] = B.getExceptionMessage(e) as [string, string | undefined];
      return msg ? `${type}: ${msg.trim()}` : `${type} thrown by binaryen`;
    } catch { /* not one of binaryen's exceptions */ }
  }
  try { return `non-Error value thrown: ${JSON.stringify(e) ?? String(e)}`; } catch { return `non-Error value thrown: ${String(e)}`; }
}

/** A binaryen module importing the guest's memory as e.m (the caller disposes of it). */
export function newModule(): Bn {
  const b = bn();
  const m = new b.Module();
  m.setFeatures(b.Features.MVP | b.Features.SignExt | b.Features.MutableGlobals);
  m.setMemory(1, 65536);
  m.addMemoryImport("0", "e", "m");
  return m;
}
