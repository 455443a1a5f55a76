/*
 * setup-equality.ts: loaded before every suite (vitest.config.ts). Byte
 * arrays compare with Buffer.compare instead of vitest's element-by-element
 * walk, which spent a third of the CPU suites' time comparing 4 KiB data
 * pages that were equal. A difference still fails with vitest's own diff.
 */
import { expect } from "vitest";

function sameBytes(a: unknown, b: unknown): boolean | undefined {
  // (a Buffer equals a Uint8Array of the same bytes, as with vitest's own comparison)
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return undefined;
  return Buffer.compare(a, b) === 0;
}

expect.addEqualityTesters([sameBytes]);
