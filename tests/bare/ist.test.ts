/* ist.test.ts: IDT delivery with and without IST, a #DF on IST1 (ist.S). */
import { expect } from "vitest";
import { bareSuite } from "./harness.ts";

const EXPECTED =
  "ist\n" +
  "no ist, misaligned rsp\n" +
  "  frame top&15=0\n" +
  "  saved rsp = rsp before int3\n" +
  "  saved cs=8\n" +
  "  saved ss=10\n" +
  "ist1\n" +
  "  frame top&15=0\n" +
  "  frame at top of ist1\n" +
  "  saved rsp = rsp before int3\n" +
  "  saved cs=8\n" +
  "  saved ss=10\n" +
  "ist1 from ring 3\n" +
  "  frame top&15=0\n" +
  "  frame at top of ist1\n" +
  "  saved rsp = rsp before int3\n" +
  "  saved cs=2b\n" +
  "  saved ss=23\n" +
  "  handler ss=0\n" +
  "double fault on ist1\n" +
  "#DF err=0\n" +
  "  cr2=1f0ff8\n" +
  "  frame at top of ist1\n" +
  "back from #df\n";

bareSuite("ist", "delivers through IST1 and the TSS", EXPECTED, 43,
  (r) => { expect(r.peek("handler_ss")).toBe(0x10); }); // SS kept without a CPL change
