/*
 * cmos-rtc.test.ts: the RTC's time registers from rtcEpochMs plus virtual
 * time, in BCD and binary, 24h and 12h, the status registers, setting the
 * time, plain CMOS bytes; and isa-debug-exit's status codes.
 */
import { describe, it, expect } from "vitest";
import { Bench } from "./helpers.ts";
import { CmosRtc } from "../../../emulator/devices/cmos-rtc.ts";
import { attachDebugExit } from "../../../emulator/devices/debug-exit.ts";

function setup(epoch: number): { b: Bench; rd: (r: number) => number; wr: (r: number, v: number) => void } {
  const b = new Bench();
  new CmosRtc(b.clock, epoch).attach(b.io);
  return {
    b,
    rd: (r) => { b.outb(0x70, r); return b.inb(0x71); },
    wr: (r, v) => { b.outb(0x70, r); b.outb(0x71, v); },
  };
}
const TIME = [0, 2, 4, 6, 7, 8, 9, 0x32];

describe("CMOS RTC", () => {
  it("reads BCD 24h time derived from the epoch and virtual time", () => {
    const { b, rd } = setup(Date.UTC(2025, 11, 31, 23, 59, 58, 500));   // a Wednesday
    expect(rd(0x0a)).toBe(0x26);
    expect(rd(0x0b)).toBe(0x02);
    expect(rd(0x0d)).toBe(0x80);
    expect(rd(0x0c)).toBe(0x00);
    expect(TIME.map(rd)).toEqual([0x58, 0x59, 0x23, 0x04, 0x31, 0x12, 0x25, 0x20]);
    b.ns = 1_499_999_999;                          // 23:59:59.999...
    expect(rd(0)).toBe(0x59);
    b.ns = 1_500_000_000;
    expect(TIME.map(rd)).toEqual([0x00, 0x00, 0x00, 0x05, 0x01, 0x01, 0x26, 0x20]);
    expect(rd(0x0a) & 0x80).toBe(0);               // UIP never set
  });

  it("switches to binary and 12h formats with status B", () => {
    const { rd, wr } = setup(Date.UTC(2026, 6, 4, 21, 7, 45));
    wr(0x0b, 0x06);                                // binary, 24h
    expect(TIME.map(rd)).toEqual([45, 7, 21, 7, 4, 7, 26, 20]);
    wr(0x0b, 0x04);                                // binary, 12h
    expect(rd(4)).toBe(0x80 | 9);
    wr(0x0b, 0x00);                                // BCD, 12h
    expect(rd(4)).toBe(0x89);
    expect(rd(0x0b)).toBe(0x00);
  });

  it("sets the time through the time registers and keeps plain CMOS bytes", () => {
    const { b, rd, wr } = setup(Date.UTC(2026, 0, 1));
    wr(0x0b, 0x82);                                // SET, 24h, BCD
    wr(4, 0x13); wr(2, 0x45); wr(0, 0x30); wr(9, 0x27);
    wr(0x0b, 0x02);
    b.ns = 2e9;
    expect(TIME.map(rd)).toEqual([0x32, 0x45, 0x13, 0x06, 0x01, 0x01, 0x27, 0x20]);
    wr(0x34, 0xab);
    b.outb(0x70, 0x80 | 0x34);                     // NMI-disable bit is not part of the index
    expect(b.inb(0x71)).toBe(0xab);
    wr(0x0c, 0xff);
    expect(rd(0x0c)).toBe(0x00);
  });
});

describe("isa-debug-exit", () => {
  it("exits with (v << 1) | 1 for 1-, 2- and 4-byte writes", () => {
    const b = new Bench();
    const codes: number[] = [];
    attachDebugExit(b.io, 0xf4, (c) => codes.push(c));
    b.io.out(0xf4, 1, 0x21);
    b.io.out(0xf4, 2, 0x1234);
    b.io.out(0xf4, 4, 0x00010000);
    b.io.out(0xf4, 1, 0);
    expect(codes).toEqual([67, 0x2469, 0x20001, 1]);
  });
});
