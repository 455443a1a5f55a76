/*
 * deflate-stored.ts: raw deflate (RFC 1951) with stored blocks only, for
 * the page's state files (platform-browser.ts): a browser has no
 * synchronous deflate, and the state must be made between two slices of
 * the machine. A stored stream is valid deflate, so Node's inflate reads
 * what the page saved; the page stores the state gzipped
 * (CompressionStream, web/saved.ts). Reading takes stored blocks only:
 * compressed ones (a state saved by the CLI) are refused with a message.
 */

const MAX_BLOCK = 0xffff;

/** `data` as stored deflate blocks (5 bytes of header per 64 KiB). */
export function deflateStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / MAX_BLOCK));
  const out = new Uint8Array(data.length + blocks * 5);
  let o = 0;
  for (let k = 0; k < blocks; k++) {
    const at = k * MAX_BLOCK, n = Math.min(MAX_BLOCK, data.length - at);
    out[o] = k === blocks - 1 ? 1 : 0; // BFINAL, BTYPE 00 (the other bits of the byte pad to the boundary)
    out[o + 1] = n & 0xff; out[o + 2] = n >> 8;
    out[o + 3] = ~n & 0xff; out[o + 4] = (~n >> 8) & 0xff;
    out.set(data.subarray(at, at + n), o + 5);
    o += 5 + n;
  }
  return out;
}

/** The data of a stream of stored blocks, each starting on a byte; throws on anything else. */
export function inflateStored(z: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0, total = 0;
  for (;;) {
    if (at + 5 > z.length) throw new Error("deflate: truncated stream");
    const head = z[at]!;
    if ((head >> 1 & 3) !== 0) throw new Error("deflate: compressed blocks (a state saved by the CLI; load it there)");
    const n = z[at + 1]! | z[at + 2]! << 8, nn = z[at + 3]! | z[at + 4]! << 8;
    if ((n ^ nn) !== 0xffff || at + 5 + n > z.length) throw new Error("deflate: damaged stored block");
    parts.push(z.subarray(at + 5, at + 5 + n));
    total += n;
    at += 5 + n;
    if (head & 1) break;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
