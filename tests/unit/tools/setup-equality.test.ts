/*
 * setup-equality.test.ts: the byte-array equality tester that every suite
 * loads (tests/setup-equality.ts) still tells arrays apart, at any depth.
 */
import { describe, it, expect } from "vitest";

describe("byte-array equality", () => {
  it("equal bytes are equal, one byte or one length of difference is not, nested too", () => {
    const a = new Uint8Array(4096).fill(7), b = a.slice();
    expect(b).toEqual(a);
    expect({ regs: [1n], mem: b }).toEqual({ regs: [1n], mem: a });
    b[4095] = 8;
    expect(b).not.toEqual(a);
    expect({ mem: b }).not.toEqual({ mem: a });
    expect(a.subarray(0, 4095)).not.toEqual(a);
    expect(Buffer.from(a)).toEqual(a);
    expect(Buffer.from(b)).not.toEqual(a);
    expect(new Uint8Array(8).subarray(2, 6)).toEqual(new Uint8Array(4));
  });
});
