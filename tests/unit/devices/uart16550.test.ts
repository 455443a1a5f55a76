/*
 * uart16550.test.ts: COM1 through its ports: reset values, DLAB, FIFO
 * detection in IIR, IIR/LSR sequences for THR-empty and received-data
 * interrupts, their priority, OUT2 gating of IRQ4, loopback and overrun.
 */
import { describe, it, expect, beforeEach } from "vitest";
import { Bench, IrqRecorder } from "./helpers.ts";
import { Uart16550 } from "../../../emulator/devices/uart16550.ts";

const B = 0x3f8;
const RBR = B, IER = B + 1, IIR = B + 2, FCR = B + 2, LCR = B + 3, MCR = B + 4, LSR = B + 5, MSR = B + 6, SCR = B + 7;
let b: Bench;
let irq: IrqRecorder;
let uart: Uart16550;
let sent: number[];
const enc = (s: string) => new TextEncoder().encode(s);

beforeEach(() => {
  b = new Bench();
  irq = new IrqRecorder();
  sent = [];
  uart = new Uart16550(irq, 4, (v) => sent.push(v));
  uart.attach(b.io, B);
});

describe("16550A UART", () => {
  it("resets to no interrupt, THR empty and modem lines ready", () => {
    expect(b.inb(IIR)).toBe(0x01);
    expect(b.inb(LSR)).toBe(0x60);
    expect(b.inb(MSR)).toBe(0xb0);
    expect(b.inb(IER)).toBe(0x00);
    b.outb(SCR, 0x5a);
    expect(b.inb(SCR)).toBe(0x5a);
  });

  it("reaches DLL/DLM with DLAB set and transmits through THR otherwise", () => {
    b.outb(LCR, 0x80);
    b.outb(RBR, 0x01); b.outb(IER, 0x02);
    expect(b.inb(RBR)).toBe(0x01);
    expect(b.inb(IER)).toBe(0x02);
    b.outb(LCR, 0x03);
    expect(b.inb(LCR)).toBe(0x03);
    expect(b.inb(IER)).toBe(0x00);                 // the DLM write did not touch IER
    b.outb(RBR, 0x41); b.outb(RBR, 0x0a);
    expect(sent).toEqual([0x41, 0x0a]);
    expect(b.inb(LSR)).toBe(0x60);
    b.outb(IER, 0xff);
    expect(b.inb(IER)).toBe(0x0f);
  });

  it("reports the FIFO in IIR bits 7-6 when FCR enables it", () => {
    b.outb(FCR, 0x07);
    expect(b.inb(IIR)).toBe(0xc1);
    b.outb(FCR, 0x00);
    expect(b.inb(IIR)).toBe(0x01);
  });

  it("raises and clears the THR-empty interrupt (IIR read, THR write), gated onto IRQ4 by OUT2", () => {
    b.outb(FCR, 0x01);
    b.outb(IER, 0x02);
    expect(b.inb(IIR)).toBe(0xc2);                 // enabling ETBEI with THR empty interrupts
    expect(irq.levels[4]).toBe(false);             // OUT2 off: not on the ISA line
    expect(b.inb(IIR)).toBe(0xc1);                 // the IIR read that reported it cleared it
    b.outb(MCR, 0x0b);                             // DTR | RTS | OUT2
    b.outb(RBR, 0x31);
    expect(irq.levels[4]).toBe(true);
    expect(b.inb(IIR)).toBe(0xc2);
    expect(irq.levels[4]).toBe(false);
    b.outb(RBR, 0x32);
    expect(irq.levels[4]).toBe(true);
    b.outb(IER, 0x00);
    expect(irq.levels[4]).toBe(false);
    expect(b.inb(IIR)).toBe(0xc1);
    expect(sent).toEqual([0x31, 0x32]);
  });

  it("interrupts for received data, with LSR.DR following the FIFO", () => {
    b.outb(FCR, 0x07);                             // FIFO on, trigger level 1
    b.outb(MCR, 0x0b);
    b.outb(IER, 0x01);
    expect(uart.canReceive()).toBe(true);
    expect(b.inb(IIR)).toBe(0xc1);
    uart.receive(enc("ab"));
    expect(irq.levels[4]).toBe(true);
    expect(b.inb(IIR)).toBe(0xc4);
    expect(b.inb(LSR)).toBe(0x61);
    expect(b.inb(RBR)).toBe(0x61);
    expect(b.inb(IIR)).toBe(0xc4);
    expect(b.inb(RBR)).toBe(0x62);
    expect(b.inb(LSR)).toBe(0x60);
    expect(b.inb(IIR)).toBe(0xc1);
    expect(irq.levels[4]).toBe(false);
    expect(irq.events.map((e) => e.level)).toEqual([true, false]);
  });

  it("reports data below the trigger level as a character timeout", () => {
    b.outb(FCR, 0x41);                             // trigger level 4
    b.outb(IER, 0x01);
    uart.receive(enc("xy"));
    expect(b.inb(IIR)).toBe(0xcc);
    uart.receive(enc("zw"));
    expect(b.inb(IIR)).toBe(0xc4);
  });

  it("orders received data above THR empty", () => {
    b.outb(FCR, 0x01);
    b.outb(IER, 0x03);
    uart.receive(enc("q"));
    expect(b.inb(IIR)).toBe(0xc4);
    expect(b.inb(RBR)).toBe(0x71);
    expect(b.inb(IIR)).toBe(0xc2);
    expect(b.inb(IIR)).toBe(0xc1);
  });

  it("keeps host input beyond the FIFO in a backlog and without FIFO uses one holding register", () => {
    b.outb(FCR, 0x01);
    const text = "0123456789abcdefghij";
    uart.receive(enc(text));
    expect(uart.rxFifo.length).toBe(16);
    let got = "";
    while (b.inb(LSR) & 1) got += String.fromCharCode(b.inb(RBR));
    expect(got).toBe(text);
    b.outb(FCR, 0x00);
    b.outb(IER, 0x01);
    uart.receive(enc("AB"));
    expect(uart.rxFifo.length).toBe(1);
    expect(b.inb(IIR)).toBe(0x04);
    expect(b.inb(RBR)).toBe(0x41);
    expect(b.inb(IIR)).toBe(0x04);
    expect(b.inb(RBR)).toBe(0x42);
    expect(b.inb(IIR)).toBe(0x01);
  });

  it("loops transmit back to receive and MCR to MSR in loopback, with overrun and line status interrupt", () => {
    b.outb(MCR, 0x1a);                             // LOOP | OUT2 | RTS (the Linux 8250 probe)
    expect(b.inb(MSR) & 0xf0).toBe(0x90);
    b.outb(MCR, 0x1f);
    expect(b.inb(MSR)).toBe(0xf2);                 // DSR came up: DDSR
    expect(b.inb(MSR)).toBe(0xf0);
    b.outb(IER, 0x05);
    b.outb(RBR, 0x78);
    expect(sent).toEqual([]);
    expect(irq.levels[4]).toBe(false);             // loopback disconnects the IRQ driver
    expect(b.inb(IIR)).toBe(0x04);
    b.outb(RBR, 0x79);                             // no FIFO: overruns the holding register
    expect(b.inb(IIR)).toBe(0x06);
    expect(b.inb(LSR)).toBe(0x63);
    expect(b.inb(LSR)).toBe(0x61);
    expect(b.inb(RBR)).toBe(0x79);
    b.outb(MCR, 0x0b);
    expect(b.inb(MSR)).toBe(0xb4);                 // back to the host lines: RI fell (TERI)
  });
});
