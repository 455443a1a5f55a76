/*
 * deflate-stored.test.ts: the page's stored-block deflate (what its state
 * files hold) is read back by Node's inflate and by its own reader, and
 * the reader refuses compressed or damaged streams.
 */
import { describe, expect, it } from "vitest";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { deflateStored, inflateStored } from "../../emulator/deflate-stored.ts";
import { decodeState, encodeState } from "../../emulator/state-codec.ts";

const data = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) >> 3 & 0xff);

describe("deflate-stored", () => {
  it("round-trips, and zlib inflates what it writes", () => {
    for (const d of [new Uint8Array(0), data.subarray(0, 65535), data.subarray(0, 65536), data]) {
      const z = deflateStored(d);
      expect(z.length).toBe(d.length + 5 * Math.max(1, Math.ceil(d.length / 65535)));
      expect(Buffer.from(inflateStored(z)).equals(Buffer.from(d))).toBe(true);
      expect(Buffer.from(inflateRawSync(z)).equals(Buffer.from(d))).toBe(true);
    }
  });

  it("refuses compressed blocks and damaged ones", () => {
    expect(() => inflateStored(deflateRawSync(data))).toThrow("deflate: compressed blocks (a state saved by the CLI; load it there)");
    const z = deflateStored(data); z[3] ^= 1;
    expect(() => inflateStored(z)).toThrow("deflate: damaged stored block");
    expect(() => inflateStored(deflateStored(data).subarray(0, 1000))).toThrow("deflate: damaged stored block");
  });
});

describe("state-codec", () => {
  it("round-trips what a state holds", () => {
    const v = { a: 1.5, b: [null, undefined, true, false, "é"], m: new Map([[0xc0000080, 0xd01n]]), u8: Uint8Array.of(1, 2), u32: Uint32Array.of(7, 0xffffffff), o: { x: { y: -0 } } };
    expect(decodeState(encodeState(v))).toEqual(v);
  });

  it("throws on what it cannot hold and on damage", () => {
    expect(() => encodeState({ f: new Float64Array(1) })).toThrow("state-codec: cannot save a [object Float64Array]");
    const b = encodeState({ a: "text" });
    expect(() => decodeState(b.subarray(0, b.length - 1))).toThrow("state-codec: truncated");
    expect(() => decodeState(Uint8Array.of(...b, 0))).toThrow("state-codec: trailing bytes");
  });
});
