/* syscall.test.ts: syscall/sysretq with STAR, LSTAR, SFMASK; RCX and R11 (syscall.S). */
import { expect } from "vitest";
import { bareSuite } from "./harness.ts";

const EXPECTED =
  "syscall\n" +
  "#UD rip=fault\n" +
  "star.hi=1b0008\n" +
  "kernel rax=1234\n" +
  "rcx = return rip\n" +
  "r11=43446\n" +
  "kernel rflags&~arith=3002\n" +
  "kernel cs=8\n" +
  "kernel ss=10\n" +
  "user rax=5678\n" +
  "user rflags after sysret=43446\n" +
  "user cs=2b\n" +
  "user ss=23\n" +
  "#GP err=0 rip=fault user\n" +
  "sce=0 from ring 3\n" +
  "#UD rip=fault user\n";

bareSuite("syscall", "round-trips syscall/sysretq", EXPECTED, 47,
  (r) => { expect(r.peek("kernel_rflags")).toBe(0x3046); }); // ZF|PF kept; QEMU loses them
