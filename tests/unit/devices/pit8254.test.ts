/*
 * pit8254.test.ts: the 8254 against virtual time: mode 2 and 3 counter
 * values, the latch and read-back commands, IRQ0 edges at the programmed
 * rate (through the 8259), and channel 2 gated and observed via port 0x61.
 */
import { describe, it, expect, beforeEach } from "vitest";
import { Bench, IrqRecorder } from "./helpers.ts";
import { Pit8254, pitTicksAt, pitTimeOfTick, PIT_HZ } from "../../../emulator/devices/pit8254.ts";
import { Pic8259Pair } from "../../../emulator/devices/pic8259.ts";

let b: Bench;
let irq: IrqRecorder;
let pit: Pit8254;

beforeEach(() => {
  b = new Bench();
  irq = new IrqRecorder(() => b.clock.now());
  pit = new Pit8254(b.clock, irq);
  pit.attach(b.io);
});

/** Move virtual time to input clock `t` (the first ns at which it has elapsed). */
const at = (t: number) => { b.ns = pitTimeOfTick(t); };
const latch0 = (): number => { b.outb(0x43, 0x00); return b.inb(0x40) | (b.inb(0x40) << 8); };

describe("8254 PIT", () => {
  it("converts between ns and input clocks exactly", () => {
    expect(PIT_HZ).toBe(1193182);
    expect(pitTicksAt(1e9)).toBe(1193182);
    expect(pitTicksAt(838)).toBe(0);
    expect(pitTicksAt(839)).toBe(1);
    expect(pitTimeOfTick(1)).toBe(839);
    expect(pitTimeOfTick(11932)).toBe(10000151);
    expect(pitTicksAt(3600e9 + 839)).toBe(3600 * 1193182 + 1);
  });

  it("mode 2 counts down from the reload value and reloads at 1 -> 0", () => {
    at(100);
    b.outb(0x43, 0x34);                            // ch0, lohi, mode 2, binary
    b.outb(0x40, 1000 & 0xff); b.outb(0x40, 1000 >> 8);
    expect(latch0()).toBe(1000);
    at(100 + 250); expect(latch0()).toBe(750);
    at(100 + 999); expect(latch0()).toBe(1);
    at(100 + 1000); expect(latch0()).toBe(1000);
    at(100 + 1001); expect(latch0()).toBe(999);
    // unlatched lohi reads alternate low/high bytes of the live count
    at(100 + 2000 + 0x123);
    expect(b.inb(0x40)).toBe((1000 - 0x123) & 0xff);
    expect(b.inb(0x40)).toBe((1000 - 0x123) >> 8);
  });

  it("the latch command freezes the value until both bytes are read", () => {
    b.outb(0x43, 0x34);
    b.outb(0x40, 0x00); b.outb(0x40, 0x10);        // 4096
    at(96);
    b.outb(0x43, 0x00);
    at(500);
    expect(b.inb(0x40)).toBe(0xa0);                // 4096 - 96 = 4000 = 0x0fa0
    b.outb(0x43, 0x00);                            // ignored: a latch is pending
    expect(b.inb(0x40)).toBe(0x0f);
    expect(latch0()).toBe(4096 - 500);
  });

  it("mode 3 counts down by two per clock and toggles the output each half period", () => {
    b.outb(0x43, 0x36);                            // ch0, lohi, mode 3
    b.outb(0x40, 1000 & 0xff); b.outb(0x40, 1000 >> 8);
    const status = () => { b.outb(0x43, 0xe2); return b.inb(0x40); };   // read-back status of ch0
    expect(latch0()).toBe(1000);
    expect(status()).toBe(0xb6);                   // out high, lohi, mode 3, binary
    at(1); expect(latch0()).toBe(998);
    at(499); expect(latch0()).toBe(2); expect(status() & 0x80).toBe(0x80);
    at(500); expect(latch0()).toBe(1000); expect(status() & 0x80).toBe(0);
    at(999); expect(latch0()).toBe(2); expect(status() & 0x80).toBe(0);
    at(1000); expect(status() & 0x80).toBe(0x80);
    expect(irq.risingEdges(0)).toEqual([]);        // edges are delivered by the timer source only
  });

  it("raises IRQ0 at 1193182/N Hz in virtual time, waking the run loop at each deadline", () => {
    const m = new Bench();
    const pic = new Pic8259Pair();
    pic.attach(m.io);
    new Pit8254(m.clock, pic).attach(m.io);
    for (const [p, v] of [[0x20, 0x11], [0x21, 0x20], [0x21, 0x04], [0x21, 0x01], [0x21, 0xfe]]) m.outb(p!, v!);
    m.outb(0x43, 0x34);
    m.outb(0x40, 11932 & 0xff); m.outb(0x40, 11932 >> 8);   // 100.0 Hz
    const times: number[] = [];
    while (times.length < 100) {
      m.ns = m.clock.nextDeadline();
      expect(pic.hasInterrupt()).toBe(false);
      m.clock.runDue();
      expect(pic.hasInterrupt()).toBe(true);
      expect(pic.acknowledge()).toBe(0x20);
      m.outb(0x20, 0x20);
      times.push(m.ns);
    }
    expect(times[0]).toBe(10000151);
    expect(times[1]).toBe(20000302);
    expect(times[98]).toBe(pitTimeOfTick(99 * 11932));
    expect(times[98]! < 1e9).toBe(true);
    expect(times[99]).toBe(1000015086);            // 100 periods = 1193200 clocks: 1 s + 18 clocks
    expect(m.clock.nextDeadline()).toBe(pitTimeOfTick(101 * 11932));
  });

  it("pulses IRQ0 once per period and once only in mode 0", () => {
    b.outb(0x43, 0x34);
    b.outb(0x40, 100); b.outb(0x40, 0);
    for (let i = 0; i < 5; i++) { b.ns = b.clock.nextDeadline(); b.clock.runDue(); }
    expect(irq.risingEdges(0)).toEqual([1, 2, 3, 4, 5].map((k) => pitTimeOfTick(100 * k)));
    expect(irq.levels[0]).toBe(false);
    irq.events.length = 0;
    const t0 = pitTicksAt(b.ns);
    b.outb(0x43, 0x30);                            // mode 0: stops until the count is written
    expect(b.clock.nextDeadline()).toBe(Infinity);
    b.outb(0x40, 50); b.outb(0x40, 0);
    expect(b.clock.nextDeadline()).toBe(pitTimeOfTick(t0 + 50));
    b.ns = b.clock.nextDeadline(); b.clock.runDue();
    expect(irq.risingEdges(0).length).toBe(1);
    expect(b.clock.nextDeadline()).toBe(Infinity);
  });

  it("channel 2 is gated by port 0x61 bit 0 and its output is read at bit 5", () => {
    expect(b.inb(0x61) & 0x21).toBe(0x00);
    b.outb(0x61, (b.inb(0x61) & ~0x02) | 0x01);    // gate high, speaker off (Linux TSC calibration)
    expect(b.inb(0x61) & 0x0f).toBe(0x01);
    b.outb(0x43, 0xb0);                            // ch2, lohi, mode 0
    b.outb(0x42, 100); b.outb(0x42, 0);
    expect(b.inb(0x61) & 0x20).toBe(0);
    at(99); expect(b.inb(0x61) & 0x20).toBe(0);
    at(100); expect(b.inb(0x61) & 0x20).toBe(0x20);
    // reprogram, then pause the count with the gate low
    b.outb(0x43, 0xb0);
    expect(b.inb(0x61) & 0x20).toBe(0);
    b.outb(0x42, 100); b.outb(0x42, 0);            // loaded at tick 100
    at(150); b.outb(0x61, 0x00);                   // gate low after 50 clocks
    at(400);
    expect(b.inb(0x61) & 0x20).toBe(0);
    b.outb(0x43, 0x80); expect(b.inb(0x42) | (b.inb(0x42) << 8)).toBe(50);
    b.outb(0x61, 0x01);                            // resume
    at(449); expect(b.inb(0x61) & 0x20).toBe(0);
    at(450); expect(b.inb(0x61) & 0x20).toBe(0x20);
    expect(b.clock.nextDeadline()).toBe(Infinity); // channel 2 has no IRQ
  });

  it("supports lobyte-only access, BCD counting and read-back of several channels", () => {
    b.outb(0x61, 0x01);
    b.outb(0x43, 0x90);                            // ch2, LSB only, mode 0
    b.outb(0x42, 0x80);
    at(0x10);
    expect(b.inb(0x42)).toBe(0x70);
    b.outb(0x43, 0x35);                            // ch0, lohi, mode 2, BCD
    b.outb(0x40, 0x00); b.outb(0x40, 0x10);        // 1000 decimal
    at(0x10 + 1);
    expect(latch0()).toBe(0x0999);
    at(0x10 + 1000);
    expect(latch0()).toBe(0x1000);
    b.outb(0x43, 0xca);                            // read-back: count + status, ch0 and ch2
    expect(b.inb(0x40)).toBe(0xb5);                // status first: out high, lohi, mode 2, BCD
    expect(b.inb(0x40) | (b.inb(0x40) << 8)).toBe(0x1000);
    expect(b.inb(0x42)).toBe(0x90);                // ch2 status: out high (terminal count), LSB, mode 0
  });
});
