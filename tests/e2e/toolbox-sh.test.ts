/*
 * toolbox-sh.test.ts: the shell habits a kernel engineer brings to the
 * guest: a rejected debugfs write shows the kernel's errno (printf builtin,
 * as bash), and $(( )) on kernel addresses wraps as bash's 64-bit
 * arithmetic does (compared with bash itself in tests/user/toolbox-sh.test.ts).
 */
import { describe, it, expect } from "vitest";
import { userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

describe("shell", () => {
  it("printf garbage > /sys/kernel/debug/kmemleak reports EINVAL; address arithmetic wraps", () => {
    const r = bootFromState({
      append: "kmemleak=on",
      exec: "printf garbage > /sys/kernel/debug/kmemleak; echo rc=$?; printf scan > /sys/kernel/debug/kmemleak; echo rc=$?; " +
        "echo $((0xffff888007fee048+4)); printf '%x\\n' $((0xffff888007fee048+4)); echo $((1<<64)) $((-9223372036854775807-1))",
    });
    expect(userOutput(r)).toEqual([
      "sh: printf: write error: Invalid argument", "rc=1", "rc=0",
      "-131391505375156", "ffff888007fee04c", "1 -9223372036854775808", "",
    ]);
  });
});
