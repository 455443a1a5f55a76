/* smc.test.ts: code patched, aliased, remapped and unmapped under compiled blocks (smc.S); every tier and QEMU agree. */
import { bareSuite } from "./harness.ts";

const EXPECTED =
  "self-modifying code\n" +
  "first=12c\n" +
  "again=12c\n" +
  "patched=1f4\n" +
  "two mappings of one frame\n" +
  "alias=1f4\n" +
  "original=2bc\n" +
  "alias=2bc\n" +
  "remapped to another frame\n" +
  "frame b=384\n" +
  "unmapped, then mapped back\n" +
  "#PF err=0 cr2=1e0000 rip=1e0000\n" +
  "frame a=2bc\n" +
  "alias=2bc\n" +
  "done\n";

bareSuite("smc", "runs the bytes that are there: patched, through an alias, remapped, unmapped", EXPECTED, 43);
