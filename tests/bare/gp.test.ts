/* gp.test.ts: #GP and #NP on segment loads, non-canonical addresses and privileged instructions in ring 3 (gp.S). */
import { expect } from "vitest";
import { bareSuite } from "./harness.ts";

const EXPECTED =
  "segment loads\n" +
  "#GP err=50 rip=fault\n" +
  "#GP err=c rip=fault\n" +
  "#GP err=40 rip=fault\n" +
  "#NP err=48 rip=fault\n" +
  "#GP err=20 rip=fault\n" +
  "#GP err=20 rip=fault\n" +
  "#GP err=8 rip=fault\n" +
  "#GP err=30 rip=fault\n" +
  "null ds and ss ok, ss=0\n" +
  "code in ds ok, ds=8\n" +
  "non-canonical\n" +
  "#GP err=0 rip=fault\n" +
  "#GP err=0 rip=fault\n" +
  "ring 3\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=0 rip=fault user\n" +
  "#GP err=10 rip=fault user\n" +
  "#GP err=idt gate rip=fault user\n" +
  "back in ring 0\n";

bareSuite("gp", "raises #GP/#NP on bad segment loads and privileged instructions in ring 3", EXPECTED, 39,
  (r) => { expect(r.peek("gate_err")).toBe(0x81 * 8 + 2); }); // QEMU: 0x81 * 16 + 2
