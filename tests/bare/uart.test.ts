/* uart.test.ts: the COM1 16550A (uart.S). */
import { bareSuite } from "./harness.ts";

const EXPECTED =
  "uart\n" +
  "lcr=3\n" +
  "ier=0\n" +
  "iir=c1\n" +
  "mcr=3\n" +
  "lsr=60\n" +
  "scr=5a\n" +
  "dll=1\n" +
  "dlm=0\n" +
  "loopback msr=f0\n" +
  "loop rbr=4c\n" +
  "lsr after=60\n" +
  "irqs=1\n" +
  "iir in isr=c2\n";

bareSuite("uart", "drives the 16550A registers, loopback and IRQ4", EXPECTED, 51);
