/* exc.test.ts: #DE, #UD, #BP, #NM and software interrupts (exc.S). */
import { expect } from "vitest";
import { bareSuite } from "./harness.ts";

const EXPECTED =
  "divide\n" +
  "#DE rip=fault\n" +
  "#DE rip=fault\n" +
  "#DE rip=fault\n" +
  "#DE rip=fault\n" +
  "#DE rip=fault\n" +
  "#DE rip=fault\n" +
  "100/7=e\n" +
  "100%7=2\n" +
  "invalid opcode\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "#UD rip=fault\n" +
  "breakpoint\n" +
  "#BP rip=next\n" +
  "#BP rip=next\n" +
  "#OF rip=next\n" +
  "vec=41 rip=next\n" +
  "#GP err=idt gate rip=fault user\n" +
  "#BP rip=next user\n" +
  "device not available\n" +
  "#NM rip=fault\n" +
  "xmm0 after clts=1234\n" +
  "done\n";

bareSuite("exc", "raises #DE, #UD, #BP (pushed RIP after int3) and #NM", EXPECTED, 41,
  (r) => { expect(r.peek("gate_err")).toBe(3 * 8 + 2); }); // QEMU: 3 * 16 + 2
