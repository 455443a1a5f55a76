/* mode.test.ts: the 32-bit PVH entry and the switch to long mode (mode.S). */
import { bareSuite } from "./harness.ts";

const EXPECTED =
  "mode switch\n" +
  "pvh magic=336ec578\n" +
  "pvh version=1\n" +
  "entry cr0.pg|pe=1\n" +
  "entry cr4.pae=0\n" +
  "entry efer=0\n" +
  "cr0=80000011\n" +
  "cr4=20\n" +
  "efer=500\n" +
  "cr3=pml4\n" +
  "cs=8\n" +
  "ss=10\n" +
  "ds=10\n" +
  "tr=30\n" +
  "gdt limit=4f\n" +
  "gdt base ok\n" +
  "idt limit=fff\n" +
  "cpuid lm=1\n" +
  "cpuid nx=1\n" +
  "cpuid syscall=1\n" +
  "rax=123456789abcdef0\n" +
  "zext=80000000\n" +
  "merge=ffffffffffff8000\n" +
  "2^33=200000000\n" +
  "rip-relative ok\n" +
  "higher half rip-phys=ffffffff80000000\n" +
  "rflags=2\n";

bareSuite("mode", "enters long mode from the PVH 32-bit entry", EXPECTED, 35);
