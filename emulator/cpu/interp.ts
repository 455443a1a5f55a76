/*
 * interp.ts: the interpreter tier: decode one instruction and execute it.
 * RIP is advanced before the handler runs, so relative branches and
 * RIP-relative operands see the address of the next instruction, and a
 * fault rewinds to iStart (cpu.ts deliverFault).
 */

import type { Cpu } from "./cpu.ts";
import { decode } from "./decoder.ts";

export function step(c: Cpu): void {
  const r = decode(c);
  c.rip = c.iNext;
  r.exec(c);
}
