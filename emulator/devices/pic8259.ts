/*
 * pic8259.ts: the PC's cascaded pair of 8259A programmable interrupt
 * controllers (master 0x20/0x21, slave 0xa0/0xa1 on master IRQ2).
 *
 * Why: the guest kernel remaps the pair to vectors 0x20-0x2f and takes every
 * device interrupt (PIT IRQ0, COM1 IRQ4) through it; the CPU asks it for
 * INTR and runs the INTA cycle through `InterruptController`.
 *
 * Model (after the Intel 8259A datasheet, with QEMU's i8259 as the
 * behavioural reference): ICW1-ICW4 initialisation, OCW1 mask, OCW2
 * non-specific/specific EOI and the rotation commands, OCW3 IRR/ISR read,
 * poll and special mask mode, auto-EOI, special fully nested mode on the
 * master. Inputs are edge triggered: a rising edge latches IRR, and IRR is
 * cleared by the INTA cycle. Priority is fixed (IR0 highest) until a
 * rotation command moves the lowest-priority input. With nothing pending at
 * INTA time the chip answers with IR7 (spurious IRQ7 on the master, spurious
 * IRQ15 on the slave, the master then having IR2 in service), without
 * setting the ISR bit, as the real part does.
 *
 * Power-on state is what a PC BIOS leaves behind (the guest has no BIOS):
 * initialised in 8086 mode with vectors 0x08 and 0x70, every input masked
 * except the cascade.
 */

import type { InterruptController, IrqLines } from "./irq.ts";
import type { IoBus } from "./io-bus.ts";

class Chip {
  irr = 0;
  isr = 0;
  imr = 0;
  /** Input levels last seen, for edge detection. */
  lastLevel = 0;
  /** The input with the lowest priority is (priorityAdd - 1) & 7. */
  priorityAdd = 0;
  vectorBase = 0;
  readIsr = false;
  poll = false;
  specialMask = false;
  autoEoi = false;
  rotateOnAutoEoi = false;
  specialFullyNested = false;
  /** 0: operational; 1: expecting ICW2; 2: ICW3; 3: ICW4. */
  initState = 0;
  icw4Needed = false;
  single = false;

  constructor(readonly master: boolean) {}

  initReset(): void {
    this.lastLevel = 0;
    this.irr = 0;
    this.isr = 0;
    this.imr = 0;
    this.priorityAdd = 0;
    this.readIsr = false;
    this.poll = false;
    this.specialMask = false;
    this.autoEoi = false;
    this.rotateOnAutoEoi = false;
    this.specialFullyNested = false;
    this.icw4Needed = false;
    this.single = false;
  }

  /** Priority (0 = highest) of the highest-priority bit in `mask`, 8 if none. */
  priority(mask: number): number {
    if ((mask & 0xff) === 0) return 8;
    let p = 0;
    while ((mask & (1 << ((p + this.priorityAdd) & 7))) === 0) p++;
    return p;
  }

  /** The input that would be presented to the CPU now, or -1. */
  pending(): number {
    const p = this.priority(this.irr & ~this.imr);
    if (p === 8) return -1;
    let inService = this.isr;
    if (this.specialMask) inService &= ~this.imr;
    if (this.specialFullyNested && this.master) inService &= ~(1 << 2);
    return p < this.priority(inService) ? (p + this.priorityAdd) & 7 : -1;
  }

  setInput(irq: number, level: boolean): void {
    const m = 1 << irq;
    if (level) {
      if ((this.lastLevel & m) === 0) this.irr |= m;
      this.lastLevel |= m;
    } else {
      this.lastLevel &= ~m;
    }
  }

  /** INTA for input `irq`: mark in service (or auto-EOI) and clear the request. */
  intack(irq: number): void {
    if (this.autoEoi) {
      if (this.rotateOnAutoEoi) this.priorityAdd = (irq + 1) & 7;
    } else {
      this.isr |= 1 << irq;
    }
    this.irr &= ~(1 << irq);
  }

  writeCommand(v: number): void {
    if (v & 0x10) {
      // ICW1
      this.initReset();
      this.initState = 1;
      this.icw4Needed = (v & 1) !== 0;
      this.single = (v & 2) !== 0;
    } else if (v & 0x08) {
      // OCW3
      if (v & 0x04) this.poll = true;
      if (v & 0x02) this.readIsr = (v & 1) !== 0;
      if (v & 0x40) this.specialMask = ((v >> 5) & 1) !== 0;
    } else {
      // OCW2
      const cmd = v >> 5;
      switch (cmd) {
        case 0: case 4:
          this.rotateOnAutoEoi = cmd === 4;
          break;
        case 1: case 5: {          // non-specific EOI (5: and rotate)
          const p = this.priority(this.isr);
          if (p !== 8) {
            const irq = (p + this.priorityAdd) & 7;
            this.isr &= ~(1 << irq);
            if (cmd === 5) this.priorityAdd = (irq + 1) & 7;
          }
          break;
        }
        case 3:                    // specific EOI
          this.isr &= ~(1 << (v & 7));
          break;
        case 6:                    // set priority: v&7 becomes the lowest
          this.priorityAdd = (v + 1) & 7;
          break;
        case 7:                    // rotate on specific EOI
          this.isr &= ~(1 << (v & 7));
          this.priorityAdd = ((v & 7) + 1) & 7;
          break;
        default:                   // 2: no operation
          break;
      }
    }
  }

  writeData(v: number): void {
    switch (this.initState) {
      case 0: this.imr = v; break;
      case 1:
        this.vectorBase = v & 0xf8;
        this.initState = this.single ? (this.icw4Needed ? 3 : 0) : 2;
        break;
      case 2:
        this.initState = this.icw4Needed ? 3 : 0;
        break;
      default:
        this.specialFullyNested = ((v >> 4) & 1) !== 0;
        this.autoEoi = ((v >> 1) & 1) !== 0;
        this.initState = 0;
        break;
    }
  }
}

export class Pic8259Pair implements InterruptController, IrqLines {
  readonly master = new Chip(true);
  readonly slave = new Chip(false);
  private out = false;

  /** `onChange` is called when the master's INTR output goes high. */
  constructor(private readonly onChange: () => void = () => {}) {
    for (const [c, base, mask] of [[this.master, 0x08, 0xfb], [this.slave, 0x70, 0xff]] as const) {
      c.vectorBase = base;
      c.imr = mask;
    }
  }

  attach(io: IoBus): void {
    for (const [c, base] of [[this.master, 0x20], [this.slave, 0xa0]] as const) {
      io.registerWrite(base, (_p, v) => { c.writeCommand(v); this.update(); });
      io.registerWrite(base + 1, (_p, v) => { c.writeData(v); this.update(); });
      io.registerRead(base, () => this.readPort(c, 0));
      io.registerRead(base + 1, () => this.readPort(c, 1));
    }
  }

  private readPort(c: Chip, a: 0 | 1): number {
    if (c.poll) {
      c.poll = false;
      let irq = c.pending();
      if (irq >= 0) {
        c.intack(irq);
        if (c === this.master && irq === 2) {
          // Polling the master for a cascaded request: acknowledge on the slave too.
          const s = this.slave.pending();
          if (s >= 0) this.slave.intack(s);
        }
        irq |= 0x80;
      } else irq = 0;
      this.update();
      return irq;
    }
    if (a === 1) return c.imr;
    return c.readIsr ? c.isr : c.irr;
  }

  setIrq(line: number, level: boolean): void {
    if (line < 0 || line > 15) return;
    if (line >= 8) this.slave.setInput(line - 8, level);
    else this.master.setInput(line, level);
    this.update();
  }

  /** Propagate the slave's INT to master IR2 and recompute the master's INTR output. */
  private update(): void {
    this.master.setInput(2, this.slave.pending() >= 0);
    const out = this.master.pending() >= 0;
    if (out && !this.out) { this.out = true; this.onChange(); }
    else this.out = out;
  }

  hasInterrupt(): boolean {
    return this.master.pending() >= 0;
  }

  acknowledge(): number {
    const m = this.master;
    let irq = m.pending();
    let vec: number;
    if (irq >= 0) {
      m.intack(irq);
      if (irq === 2) {
        let s = this.slave.pending();
        if (s >= 0) this.slave.intack(s);
        else s = 7;                      // spurious IRQ15
        vec = this.slave.vectorBase + s;
      } else vec = m.vectorBase + irq;
    } else {
      irq = 7;                           // spurious IRQ7: ISR untouched
      vec = m.vectorBase + irq;
    }
    this.update();
    return vec;
  }
}
