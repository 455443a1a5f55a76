/*
 * pc.ts: builds the PC platform's devices on an I/O bus and connects them
 * to the clock and the CPU: COM1 (0x3f8, IRQ4), the 8259 pair, the 8254
 * PIT (IRQ0, port 0x61), the CMOS RTC (0x70/0x71) and isa-debug-exit (0xf4).
 * Each device lives in its own file; this one only wires them together.
 */

import type { IoBus } from "./io-bus.ts";
import type { InterruptController } from "./irq.ts";
import type { Clock } from "../clock.ts";
import { Pic8259Pair } from "./pic8259.ts";
import { Pit8254 } from "./pit8254.ts";
import { Uart16550 } from "./uart16550.ts";
import { CmosRtc } from "./cmos-rtc.ts";
import { attachDebugExit } from "./debug-exit.ts";

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

export interface PcDeviceModels extends PcDevices {
  pic: Pic8259Pair;
  uart: Uart16550;
  pit: Pit8254;
  rtc: CmosRtc;
}

export const COM1_BASE = 0x3f8;
export const COM1_IRQ = 4;
export const DEBUG_EXIT_PORT = 0xf4;

export function createPcDevices(o: PcDeviceOptions): PcDeviceModels {
  const io = o.io;
  const pic = new Pic8259Pair(o.onIrqChange);
  pic.attach(io);
  const pit = new Pit8254(o.clock, pic);
  pit.attach(io);
  const uart = new Uart16550(pic, COM1_IRQ, o.onSerial);
  uart.attach(io, COM1_BASE);
  const rtc = new CmosRtc(o.clock, o.rtcEpochMs);
  rtc.attach(io);
  attachDebugExit(io, DEBUG_EXIT_PORT, o.onExit);
  return { pic, uart, pit, rtc };
}
