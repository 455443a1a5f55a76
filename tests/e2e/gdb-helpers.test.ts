/*
 * gdb-helpers.test.ts: guest-kernel/scripts/gdb/kmemlab.py in the real
 * gdb: lx-ps, lx-lsmod (against the guest's own lsmod), lx-symbols (a
 * breakpoint in test_kmembugs' leak_simple2 by name, `finish` shows the
 * returned pointer, and a watchpoint on the leaked object plus
 * reverse-continue finds the loop in leak_simple2 that wrote "leaky!!"), lx-dmesg
 * (against the console), lx-kmemleak, and `monitor oracle` (the leak
 * oracle's verdict on the leaked object).
 */
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { bootForGdb, runGdb } from "./gdb-session.ts";

const KL = "/sys/kernel/debug/kmemleak";

describe("gdb helpers (kmemlab.py)", () => {
  it("lx-ps, lx-lsmod, lx-symbols, then a watchpoint and reverse-continue find who wrote the leaked object; lx-dmesg, lx-kmemleak", async () => {
    const vm = await bootForGdb(`cd /lib/modules/$(uname -r)/kmembugs_test; ./load_testmod > /dev/null; lsmod; echo scan > ${KL}; ` +
      `echo 3.2 | sudo ./run_tests > /dev/null; echo scan > ${KL}; echo done`);
    const g = await runGdb(vm.port, [`source ${join(ROOT, "guest-kernel/scripts/gdb/kmemlab.py")}`, "break kmemleak_scan", "continue",
      "lx-ps", "lx-lsmod", "lx-symbols", "delete", "break leak_simple2", "continue", "finish", "watch *(long *)$",
      "reverse-continue", "bt 2", "lx-dmesg", "lx-kmemleak all", "delete", "break kmemleak_scan", "continue",
      `eval "monitor oracle 0x%lx", $1`, "monitor oracle", "monitor frobnicate", "delete", "continue"]);
    const status = await vm.exited;
    const out = g.out;
    expect(out).toMatch(/^0x[0-9a-f]+ 0 swapper\/0$/m);
    expect(out).toMatch(/^0x[0-9a-f]+ 1 init$/m);
    expect(out).toMatch(/^0x[0-9a-f]+ 4 kmemleak$/m);
    // lx-lsmod agrees with the guest's lsmod
    const guest = /^test_kmembugs +(\d+) +(\d+)/m.exec(vm.stdout());
    expect(guest).not.toBeNull();
    expect(out).toMatch(new RegExp(`^0xffffffffa[0-9a-f]{7} test_kmembugs +${guest![1]}  ${guest![2]} $`, "m"));
    expect(out).toMatch(/^loading @0xffffffffa[0-9a-f]{7}: .*\/test_kmembugs\.ko$/m);
    expect(out).toMatch(/Breakpoint 2, leak_simple2 \(\) at .*kmembugs_test\.c:\d+/);
    const ptr = /^Value returned is \$1 = \(void \*\) (0xffff888[0-9a-f]+)$/m.exec(out)?.[1];
    expect(ptr).toBeDefined();
    // backwards over the copy: "leaky!!\0" as a little-endian long becomes what was there before
    expect(out).toMatch(/Hardware watchpoint 3: \*\(long \*\)\$\s+Old value = 9325479607756140\s+New value = -?\d+/);
    // the writer: leak_simple2's own loop (the book's copies "leaky!!" byte by byte), called from the debugfs write
    expect(out).toMatch(/^#0  0x[0-9a-f]+ in leak_simple2 \(\) at .*kmembugs_test\.c:\d+$/m);
    expect(out).toMatch(/^#1  0x[0-9a-f]+ in dbgfs_run_testcase \(.*\) at .*debugfs_kmembugs\.c:\d+$/m);
    // lx-dmesg: the kernel's lines as the console printed them
    const console = vm.stdout().split("\n").filter((l) => /^\[ *\d+\.\d{6}\] /.test(l));
    const first = console[0]!, tc = console.find((l) => l.includes("leak_simple2(): testcase 3.2"))!;
    expect(tc).toBeDefined();
    expect(out.split("\n")).toContain(first);
    expect(out.split("\n")).toContain(tc);
    // lx-kmemleak: the leaked object, white (no scan has seen it referenced), allocated by run_tests
    expect(out).toMatch(new RegExp(`^${ptr} size 8 white age \\d+\\.\\d{3}s comm "run_tests" pid \\d+$`, "m"));
    expect(out).toMatch(/^\d+ object\(s\)$/m);
    // monitor oracle: at the next scan the leaked object is unreachable, and too young for kmemleak to report
    expect(out).toMatch(new RegExp(`^oracle: ${ptr} size 8 false-negative comm "run_tests" pid \\d+ from \\S+: .+$`, "m"));
    expect(out).toMatch(/^oracle: kmemleak tracks \d+ objects \(\d+ reportable, \d+ ignored\); it reports \d+, the oracle finds \d+ unreachable$/m);
    expect(out).toContain("unknown monitor command: frobnicate (kmemlab knows: oracle [ADDR])");
    expect(out).toContain("[Inferior 1 (Remote target) exited normally]");
    expect(vm.stdout()).toContain("\ndone\n");
    expect(status).toBe(0);
  });
});
