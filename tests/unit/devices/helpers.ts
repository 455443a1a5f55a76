/*
 * helpers.ts: a test bench for the device models: an I/O bus, a virtual
 * clock whose time the test sets directly, and a recorder for IRQ lines.
 */
import { IoBus } from "../../../emulator/devices/io-bus.ts";
import { Clock } from "../../../emulator/clock.ts";
import type { IrqLines } from "../../../emulator/devices/irq.ts";

export class Bench {
  readonly io = new IoBus();
  readonly clock = new Clock("virtual", 1);
  ns = 0;
  constructor() { this.clock.insnCounter = () => this.ns; }
  inb(port: number): number { return this.io.in(port, 1); }
  outb(port: number, v: number): void { this.io.out(port, 1, v); }
}

/** Records every level change per line, with the clock time. */
export class IrqRecorder implements IrqLines {
  readonly levels = new Array<boolean>(16).fill(false);
  readonly events: { line: number; level: boolean; t: number }[] = [];
  constructor(private readonly now: () => number = () => 0) {}
  setIrq(line: number, level: boolean): void {
    this.levels[line] = level;
    this.events.push({ line, level, t: this.now() });
  }
  risingEdges(line: number): number[] {
    return this.events.filter((e) => e.line === line && e.level).map((e) => e.t);
  }
}
