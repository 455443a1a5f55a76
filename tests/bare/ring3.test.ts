/* ring3.test.ts: iretq to ring 3 and back via a DPL 3 interrupt gate with the TSS.rsp0 stack switch (ring3.S). */
import { bareSuite } from "./harness.ts";

const EXPECTED =
  "ring 3\n" +
  "user cs=2b\n" +
  "user ss=23\n" +
  "user ds=0\n" +
  "user rflags&3200=3200\n" +
  "user rsp = user_stack_top\n" +
  "int 40 rax=1111\n" +
  "  saved cs=2b\n" +
  "  saved ss=23\n" +
  "  saved rflags&3200=3200\n" +
  "  saved rsp = user rsp\n" +
  "  frame top = tss.rsp0\n" +
  "  cs=8\n" +
  "  ss=0\n" +
  "  if=0\n" +
  "user rax after int=2222\n" +
  "user rsp preserved\n" +
  "user cs=2b\n" +
  "back in ring 0, user returned 77\n" +
  "cs=8\n";

bareSuite("ring3", "goes to ring 3 with iretq and back through a DPL 3 gate on TSS.rsp0", EXPECTED, 45);
