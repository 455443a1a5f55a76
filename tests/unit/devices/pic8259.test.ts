/*
 * pic8259.test.ts: the 8259A pair through its ports: ICW init, OCW1 masks,
 * OCW2 EOIs and rotation, OCW3 IRR/ISR reads and poll, edge triggering,
 * fixed priority with nesting, the IRQ2 cascade and spurious IRQ7/IRQ15.
 */
import { describe, it, expect, beforeEach } from "vitest";
import { IoBus } from "../../../emulator/devices/io-bus.ts";
import { Pic8259Pair } from "../../../emulator/devices/pic8259.ts";

let io: IoBus;
let pic: Pic8259Pair;
let changes: number;
const outb = (p: number, v: number) => io.out(p, 1, v);
const inb = (p: number) => io.in(p, 1);
const irr = (base: number) => { outb(base, 0x0a); return inb(base); };
const isr = (base: number) => { outb(base, 0x0b); return inb(base); };

/** The Linux sequence: vectors 0x20/0x28, cascade on IR2, 8086 mode. */
function init(masterMask = 0x00, slaveMask = 0x00): void {
  outb(0x20, 0x11); outb(0x21, 0x20); outb(0x21, 0x04); outb(0x21, 0x01);
  outb(0xa0, 0x11); outb(0xa1, 0x28); outb(0xa1, 0x02); outb(0xa1, 0x01);
  outb(0x21, masterMask); outb(0xa1, slaveMask);
}
const pulse = (line: number) => { pic.setIrq(line, true); pic.setIrq(line, false); };

beforeEach(() => {
  io = new IoBus();
  changes = 0;
  pic = new Pic8259Pair(() => { changes++; });
  pic.attach(io);
});

describe("8259A pair", () => {
  it("powers up as a BIOS leaves it: vectors 0x08/0x70, all masked but the cascade", () => {
    expect(inb(0x21)).toBe(0xfb);
    expect(inb(0xa1)).toBe(0xff);
    pulse(0);
    expect(pic.hasInterrupt()).toBe(false);
    outb(0x21, 0xfa);
    expect(pic.hasInterrupt()).toBe(true);
    expect(pic.acknowledge()).toBe(0x08);
  });

  it("initialises with ICW1-ICW4, reads back OCW1 masks and reports IRR/ISR through OCW3", () => {
    init(0xfe, 0xff);
    expect(inb(0x21)).toBe(0xfe);
    expect(inb(0xa1)).toBe(0xff);
    expect(irr(0x20)).toBe(0x00);
    pulse(1);                                      // masked: latched in IRR but not presented
    pulse(0);
    expect(irr(0x20)).toBe(0x03);
    expect(pic.hasInterrupt()).toBe(true);
    expect(changes).toBe(1);
    expect(pic.acknowledge()).toBe(0x20);
    expect(irr(0x20)).toBe(0x02);
    expect(isr(0x20)).toBe(0x01);
    expect(inb(0x20)).toBe(0x01);                  // OCW3 read selection is sticky
    expect(pic.hasInterrupt()).toBe(false);
    outb(0x20, 0x20);                              // non-specific EOI
    expect(isr(0x20)).toBe(0x00);
    outb(0x21, 0x00);                              // unmask IR1: its latched request is presented
    expect(pic.hasInterrupt()).toBe(true);
    expect(pic.acknowledge()).toBe(0x21);
  });

  it("is edge triggered: a held line latches once, a new rising edge latches again", () => {
    init();
    pic.setIrq(3, true);
    expect(pic.acknowledge()).toBe(0x23);
    outb(0x20, 0x20);
    pic.setIrq(3, true);                           // still high: no new edge
    expect(pic.hasInterrupt()).toBe(false);
    pic.setIrq(3, false);
    pic.setIrq(3, true);
    expect(pic.hasInterrupt()).toBe(true);
    expect(pic.acknowledge()).toBe(0x23);
  });

  it("orders requests by fixed priority and lets only higher priorities nest", () => {
    init();
    pulse(5); pulse(3);
    expect(pic.acknowledge()).toBe(0x23);
    expect(pic.hasInterrupt()).toBe(false);        // IR5 waits behind IR3 in service
    pulse(1);
    expect(pic.hasInterrupt()).toBe(true);         // IR1 nests
    expect(pic.acknowledge()).toBe(0x21);
    expect(isr(0x20)).toBe(0x0a);
    outb(0x20, 0x20);                              // non-specific EOI ends IR1 (highest in service)
    expect(isr(0x20)).toBe(0x08);
    expect(pic.hasInterrupt()).toBe(false);
    outb(0x20, 0x63);                              // specific EOI for IR3
    expect(isr(0x20)).toBe(0x00);
    expect(pic.acknowledge()).toBe(0x25);
    outb(0x20, 0x65);
    expect(isr(0x20)).toBe(0x00);
  });

  it("rotates priorities with OCW2 set-priority and rotate-on-EOI", () => {
    init();
    outb(0x20, 0xc3);                              // IR3 lowest: IR4 highest
    pulse(1); pulse(5); pulse(3);
    expect(pic.acknowledge()).toBe(0x25);
    outb(0x20, 0xa0);                              // rotate on non-specific EOI: IR5 becomes lowest
    expect(pic.acknowledge()).toBe(0x21);          // order now 6,7,0,1,2,3,4,5
    outb(0x20, 0xe1);                              // rotate on specific EOI for IR1: IR2 highest
    expect(pic.acknowledge()).toBe(0x23);
    outb(0x20, 0x20);
    outb(0x20, 0xc7);                              // back to fixed priority (IR7 lowest)
    pulse(7); pulse(0);
    expect(pic.acknowledge()).toBe(0x20);
  });

  it("cascades the slave through master IR2", () => {
    init();
    pulse(12);
    expect(irr(0xa0)).toBe(0x10);
    expect(irr(0x20)).toBe(0x04);
    expect(pic.hasInterrupt()).toBe(true);
    expect(pic.acknowledge()).toBe(0x2c);
    expect(isr(0xa0)).toBe(0x10);
    expect(isr(0x20)).toBe(0x04);
    pulse(0);
    expect(pic.acknowledge()).toBe(0x20);          // IR0 outranks the cascade in service
    outb(0x20, 0x20);
    pulse(8);
    expect(pic.hasInterrupt()).toBe(false);        // master IR2 still in service
    outb(0xa0, 0x20); outb(0x20, 0x20);
    expect(isr(0xa0)).toBe(0x00);
    expect(isr(0x20)).toBe(0x00);
    expect(pic.acknowledge()).toBe(0x28);
    outb(0xa0, 0x20); outb(0x20, 0x20);
    outb(0x21, 0x04);                              // masking the cascade masks the whole slave
    pulse(15);
    expect(pic.hasInterrupt()).toBe(false);
  });

  it("answers INTA with nothing pending as spurious IRQ7, and a withdrawn slave request as spurious IRQ15", () => {
    init();
    expect(pic.acknowledge()).toBe(0x27);
    expect(isr(0x20)).toBe(0x00);                  // no ISR bit for a spurious IRQ7
    pulse(9);                                      // slave raises, master latches IR2
    outb(0xa1, 0x02);                              // the request is masked away before INTA
    expect(irr(0x20)).toBe(0x04);
    expect(pic.acknowledge()).toBe(0x2f);
    expect(isr(0xa0)).toBe(0x00);
    expect(isr(0x20)).toBe(0x04);                  // the master did acknowledge IR2
  });

  it("supports poll mode and auto-EOI", () => {
    init();
    pulse(6);
    outb(0x20, 0x0c);
    expect(inb(0x20)).toBe(0x86);
    expect(isr(0x20)).toBe(0x40);
    outb(0x20, 0x0c);
    expect(inb(0x20)).toBe(0x00);
    outb(0x20, 0x20);
    // ICW4 with AEOI
    outb(0x20, 0x11); outb(0x21, 0x30); outb(0x21, 0x04); outb(0x21, 0x03);
    expect(inb(0x21)).toBe(0x00);                  // ICW1 cleared the mask
    pulse(3);
    expect(pic.acknowledge()).toBe(0x33);
    expect(isr(0x20)).toBe(0x00);
  });
});
