/*
 * uart16550.ts: a 16550A UART, wired as the PC's COM1 (0x3f8, IRQ4).
 *
 * Why: COM1 is the guest's console in both directions (kernel log out,
 * shell input in), and the kernel's 8250 driver probes and drives it like
 * real hardware: scratch/IER/loopback probing, FIFO detection through the
 * IIR's 0xc0 bits, interrupt-driven receive and transmit.
 *
 * Model (after the NS PC16550D datasheet): RBR/THR, IER, IIR/FCR, LCR with
 * DLAB access to DLL/DLM, MCR, LSR, MSR and SCR. Transmission takes no time:
 * a THR write hands the byte to `onSerial` at once (or, in loopback, to the
 * receiver), so THRE and TEMT are always set. Received bytes come from the
 * host through `receive()` into a 16-byte FIFO (a single holding register
 * with the FIFO off); bytes beyond that wait in a host-side backlog that
 * refills the FIFO as the guest reads, so console input is never overrun.
 * As there is no line timing, data below the FIFO trigger level is reported
 * at once as a character timeout interrupt (IIR 0xcc).
 * Interrupt identification follows the datasheet priorities: receiver line
 * status, received data / timeout, THR empty, modem status. The interrupt
 * reaches IRQ4 only while MCR.OUT2 is set and loopback is off (the OUT2 pin
 * enables the PC's IRQ driver and is forced inactive in loopback).
 */

import type { IoBus } from "./io-bus.ts";
import type { IrqLines } from "./irq.ts";

const IER_RDA = 1, IER_THRE = 2, IER_RLS = 4, IER_MS = 8;
const LSR_DR = 0x01, LSR_OE = 0x02, LSR_THRE = 0x20, LSR_TEMT = 0x40, LSR_ERRORS = 0x1e;
const MCR_DTR = 1, MCR_RTS = 2, MCR_OUT1 = 4, MCR_OUT2 = 8, MCR_LOOP = 0x10;
const FIFO_SIZE = 16;
const TRIGGER = [1, 4, 8, 14];

export class Uart16550 {
  ier = 0;
  lcr = 0;
  mcr = 0;
  scr = 0;
  dll = 0;
  dlm = 0;
  fifoEnabled = false;
  trigger = 1;
  /** LSR error bits (OE) pending until LSR is read. */
  lsrErrors = 0;
  msr = 0xb0;           // CTS | DSR | DCD asserted by the host side
  /** THR-empty interrupt pending (cleared by an IIR read that reports it, or a THR write). */
  thrPending = false;
  readonly rxFifo: number[] = [];
  private readonly backlog: number[] = [];
  private irqLevel = false;

  constructor(
    private readonly irq: IrqLines,
    private readonly line: number,
    private readonly onSerial: (byte: number) => void,
  ) {}

  attach(io: IoBus, base: number): void {
    io.registerRead(base, (p) => this.read(p - base), 8);
    io.registerWrite(base, (p, v) => this.write(p - base, v), 8);
  }

  /** Bytes typed on the host console. */
  receive(bytes: Uint8Array): void {
    for (const b of bytes) this.backlog.push(b);
    this.refill();
    this.update();
  }

  /** Console bytes not yet read by the guest (in the FIFO or still on the line). */
  pendingInput(): number { return this.rxFifo.length + this.backlog.length; }

  /** True when a received byte would interrupt the guest (so a halted guest can still be woken by input). */
  canReceive(): boolean {
    return (this.ier & IER_RDA) !== 0 && (this.mcr & MCR_OUT2) !== 0 && (this.mcr & MCR_LOOP) === 0;
  }

  private capacity(): number { return this.fifoEnabled ? FIFO_SIZE : 1; }

  private refill(): void {
    while (this.backlog.length > 0 && this.rxFifo.length < this.capacity()) this.rxFifo.push(this.backlog.shift()!);
  }

  /** A byte arriving at the receiver from the line (loopback): overruns when full. */
  private receiveFromLine(b: number): void {
    if (this.rxFifo.length < this.capacity()) this.rxFifo.push(b);
    else if (this.fifoEnabled) this.lsrErrors |= LSR_OE;
    else { this.rxFifo[0] = b; this.lsrErrors |= LSR_OE; }
  }

  lsr(): number {
    return (this.rxFifo.length > 0 ? LSR_DR : 0) | this.lsrErrors | LSR_THRE | LSR_TEMT;
  }

  /** IIR value (without side effects). */
  iir(): number {
    const fifo = this.fifoEnabled ? 0xc0 : 0;
    if ((this.ier & IER_RLS) && (this.lsrErrors & LSR_ERRORS)) return fifo | 0x06;
    if ((this.ier & IER_RDA) && this.rxFifo.length > 0) {
      if (this.fifoEnabled && this.rxFifo.length < this.trigger) return fifo | 0x0c;
      return fifo | 0x04;
    }
    if ((this.ier & IER_THRE) && this.thrPending) return fifo | 0x02;
    if ((this.ier & IER_MS) && (this.msr & 0x0f)) return fifo | 0x00;
    return fifo | 0x01;
  }

  private update(): void {
    const level = (this.iir() & 1) === 0 && (this.mcr & MCR_OUT2) !== 0 && (this.mcr & MCR_LOOP) === 0;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.irq.setIrq(this.line, level);
    }
  }

  /** Modem status inputs: from MCR in loopback, from the (always ready) host otherwise. */
  private setModemInputs(): void {
    const m = this.mcr;
    const inputs = (m & MCR_LOOP)
      ? ((m & MCR_RTS) ? 0x10 : 0) | ((m & MCR_DTR) ? 0x20 : 0) | ((m & MCR_OUT1) ? 0x40 : 0) | ((m & MCR_OUT2) ? 0x80 : 0)
      : 0xb0;
    const old = this.msr & 0xf0;
    let delta = this.msr & 0x0f;
    if ((old ^ inputs) & 0x10) delta |= 0x01;            // DCTS
    if ((old ^ inputs) & 0x20) delta |= 0x02;            // DDSR
    if ((old & 0x40) && !(inputs & 0x40)) delta |= 0x04; // TERI: trailing edge of RI
    if ((old ^ inputs) & 0x80) delta |= 0x08;            // DDCD
    this.msr = inputs | delta;
  }

  read(reg: number): number {
    const dlab = (this.lcr & 0x80) !== 0;
    switch (reg) {
      case 0: {
        if (dlab) return this.dll;
        const b = this.rxFifo.shift() ?? 0;
        this.refill();
        this.update();
        return b;
      }
      case 1: return dlab ? this.dlm : this.ier;
      case 2: {
        const v = this.iir();
        if ((v & 0x0f) === 0x02) { this.thrPending = false; this.update(); }
        return v;
      }
      case 3: return this.lcr;
      case 4: return this.mcr;
      case 5: {
        const v = this.lsr();
        this.lsrErrors = 0;
        this.update();
        return v;
      }
      case 6: {
        const v = this.msr;
        this.msr &= 0xf0;
        this.update();
        return v;
      }
      default: return this.scr;
    }
  }

  write(reg: number, v: number): void {
    const dlab = (this.lcr & 0x80) !== 0;
    switch (reg) {
      case 0:
        if (dlab) { this.dll = v; return; }
        if (this.mcr & MCR_LOOP) this.receiveFromLine(v);
        else this.onSerial(v);
        this.thrPending = true;        // the byte left at once: THR is empty again
        break;
      case 1:
        if (dlab) { this.dlm = v; return; }
        // Enabling ETBEI while THR is empty raises the THRE interrupt.
        if ((v & IER_THRE) && !(this.ier & IER_THRE)) this.thrPending = true;
        this.ier = v & 0x0f;
        break;
      case 2: {
        const enable = (v & 1) !== 0;
        if (enable !== this.fifoEnabled) { this.rxFifo.length = 0; this.fifoEnabled = enable; }
        if (enable && (v & 2)) this.rxFifo.length = 0;
        this.trigger = TRIGGER[(v >> 6) & 3]!;
        this.refill();
        break;
      }
      case 3: this.lcr = v; return;
      case 4:
        this.mcr = v & 0x1f;
        this.setModemInputs();
        break;
      case 5: return;                    // LSR is read-only (factory test)
      case 6: return;
      default: this.scr = v; return;
    }
    this.update();
  }
}
