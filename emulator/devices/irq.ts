/*
 * irq.ts: the interrupt lines between devices and the interrupt controller.
 *
 * A device raises or lowers an ISA IRQ line (0-15); the 8259 pair decides
 * what the CPU sees. Edge-triggered devices (PIT, UART) pulse the line.
 */

export interface IrqLines {
  /** Drive ISA IRQ `line` high (true) or low (false). */
  setIrq(line: number, level: boolean): void;
}

/** What the CPU asks of the interrupt controller. */
export interface InterruptController {
  /** True when an unmasked interrupt is pending for the CPU's INTR pin. */
  hasInterrupt(): boolean;
  /** INTA cycle: returns the vector of the highest-priority pending IRQ and marks it in service. */
  acknowledge(): number;
}
