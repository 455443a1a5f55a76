/* pf.test.ts: page faults (pf.S): not present, read-only with CR0.WP, user vs supervisor, NX fetches, reserved bit, A/D bits, a page-crossing store (regressions: CR2 of a page-crossing store was its last byte, not the first byte of the second page; bit 63 without EFER.NXE was not a reserved-bit fault). */
import { expect } from "vitest";
import { bareSuite } from "./harness.ts";

const EXPECTED =
  "page faults\n" +
  "a/d after read=20\n" +
  "a/d after write=60\n" +
  "a/d untouched=0\n" +
  "not present\n" +
  "#PF err=0 cr2=1f0123 rip=fault\n" +
  "#PF err=2 cr2=1f0456 rip=fault\n" +
  "#PF err=0 cr2=1f0010 rip=1f0010\n" +
  "#PF err=2 cr2=1f0000 rip=fault\n" +
  "straddle left=11223344\n" +
  "#PF err=0 cr2=634567 rip=fault\n" +
  "2m page back\n" +
  "read-only\n" +
  "wp=0 wrote 5a\n" +
  "#PF err=3 cr2=1f1010 rip=fault\n" +
  "#PF err=3 cr2=1f1020 rip=fault\n" +
  "wp=1 read 5a\n" +
  "reserved bit (nxe=0, bit 63)\n" +
  "#PF err&~P=8\n" +
  "    cr2=1f4008\n" +
  "#PF err&~P=a\n" +
  "    cr2=1f4008\n" +
  "user\n" +
  "ring3 cs=2b\n" +
  "#PF err=5 cr2=1f2000 rip=fault user\n" +
  "#PF err=7 cr2=1f2008 rip=fault user\n" +
  "#PF err=7 cr2=1f1000 rip=fault user\n" +
  "#PF err=4 cr2=1f0000 rip=fault user\n" +
  "user read ro ok\n" +
  "#PF err=7 cr2=1f1000 rip=fault user\n" +
  "nx\n" +
  "exec nxe=0 ok\n" +
  "exec nxe=1 ok\n" +
  "nx data read c3\n" +
  "#PF err=11 cr2=1f3000 rip=1f3000\n" +
  "#PF err=10 cr2=1f0010 rip=1f0010\n" +
  "#PF err=15 cr2=1f3000 rip=1f3000 user\n" +
  "done\n";

bareSuite("pf", "faults with the right CR2 and error code", EXPECTED, 37,
  (r) => { expect(r.peek("rsvd_err")).toBe(0xb); }); // P|W|RSVD (QEMU prints it without P)
