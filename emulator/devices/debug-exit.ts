/*
 * debug-exit.ts: QEMU's isa-debug-exit device at port 0xf4 (iosize 4).
 *
 * Why: tests and the guest's poweroff path end a run with a status code the
 * same way on kmemlab and on QEMU (`-device isa-debug-exit,iobase=0xf4,
 * iosize=0x04`): a write of v (1, 2 or 4 bytes) requests exit status
 * (v << 1) | 1. Reads return all ones, as QEMU's device does not decode them.
 */

import type { IoBus } from "./io-bus.ts";

export function attachDebugExit(io: IoBus, port: number, onExit: (code: number) => void): void {
  io.registerWrite(port, (_p, v) => onExit(((v & 0xff) << 1) | 1));
  io.registerWide(port, 2, null, (_p, v) => onExit(((v & 0xffff) << 1) | 1));
  io.registerWide(port, 4, null, (_p, v) => onExit(((v >>> 0) * 2 + 1) >>> 0));
}
