/*
 * pc.ts: builds the PC platform's devices on an I/O bus and connects them
 * to the clock and the CPU: COM1 (0x3f8, IRQ4), the 8259 pair, the 8254
 * PIT (IRQ0), the CMOS RTC and isa-debug-exit (0xf4).
 *
 * Interim state: until the full device models (uart16550.ts, pic8259.ts,
 * pit8254.ts, cmos-rtc.ts, debug-exit.ts) are in, this file provides a
 * transmit-only COM1 and isa-debug-exit, and no interrupt sources.
 */

import type { IoBus } from "./io-bus.ts";
import type { InterruptController } from "./irq.ts";
import type { Clock } from "../clock.ts";

export interface PcDeviceOptions {
  io: IoBus;
  clock: Clock;
  onSerial: (byte: number) => void;
  /** isa-debug-exit: the guest asked to exit with status `code` ((v << 1) | 1). */
  onExit: (code: number) => void;
  /** An interrupt line changed: the CPU should re-check INTR. */
  onIrqChange: () => void;
  rtcEpochMs: number;
}

export interface PcDevices {
  pic: InterruptController;
  uart: { receive(bytes: Uint8Array): void; canReceive(): boolean };
}

export function createPcDevices(o: PcDeviceOptions): PcDevices {
  const io = o.io;
  const COM1 = 0x3f8;
  const rx: number[] = [];
  io.registerWrite(COM1, (_p, v) => o.onSerial(v));
  io.registerRead(COM1, () => rx.shift() ?? 0);
  io.registerRead(COM1 + 5, () => 0x60 | (rx.length > 0 ? 1 : 0));     // LSR: THRE | TEMT | DR
  io.registerWrite(COM1 + 1, () => {}, 7);
  io.registerRead(COM1 + 1, () => 0, 4);
  io.registerRead(COM1 + 6, () => 0xb0, 2);
  io.registerWrite(0xf4, (_p, v) => o.onExit(((v & 0xff) << 1) | 1));
  io.registerWide(0xf4, 2, null, (_p, v) => o.onExit(((v & 0xffff) << 1) | 1));
  io.registerWide(0xf4, 4, null, (_p, v) => o.onExit(((v >>> 0) * 2 + 1) >>> 0));
  return {
    pic: { hasInterrupt: () => false, acknowledge: () => 0x27 },
    uart: { receive: (b) => { rx.push(...b); }, canReceive: () => true },
  };
}
