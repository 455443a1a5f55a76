/*
 * fault.ts: the single fault mechanism of the CPU.
 *
 * Any instruction that must raise an exception throws a CpuFault on its slow
 * path; the run loop catches it once, rewinds RIP to the faulting
 * instruction and delivers the vector through the guest IDT. Nothing else in
 * the emulator uses exceptions for control flow.
 */

export class CpuFault {
  constructor(
    /** Exception vector (0-31). */
    readonly vector: number,
    /** Error code pushed by the CPU, or -1 when the vector has none. */
    readonly code: number = -1,
  ) {}
}

/** Raise #GP(code). */
export function gp(code = 0): never { throw new CpuFault(13, code); }
/** Raise #UD. */
export function ud(): never { throw new CpuFault(6); }

/** A condition that ends the whole machine run (triple fault, halt with IF=0, ...). */
export class MachineStop {
  constructor(readonly reason: string) {}
}
