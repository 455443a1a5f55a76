/*
 * terminal.test.ts: `kmemlab boot` on a real pseudo-terminal (node-pty), as
 * a user sees it: the "# " prompt, commands, Ctrl-C, backspace, Ctrl-A x;
 * and the book's test_kmembugs session typed at the console.
 */
import { describe, it, expect } from "vitest";
import { bootPty } from "./pty.ts";

describe("the interactive console", () => {
  it("gives a root shell: prompt, commands, Ctrl-C, Ctrl-A x", async () => {
    const { s, exit } = bootPty();
    await s.wait(/\n# $/);
    await s.type("uname -r\r", /\n# $/);
    expect(s.text).toContain("# uname -r\n5.10.0-kmemlab\n# ");
    await s.type("echo scan > /sys/kernel/debug/kmemleak\r", /\n# $/);
    expect(s.text).toContain("sh: echo: write error: Operation not permitted\n");
    // a busy command, interrupted once it is surely running: the shell survives and reports 130
    await s.type("sh -c 'echo started; while true; do true; done'\r", /\nstarted\n/);
    await s.type("\x03", /\n# $/);
    await s.type("echo $?\r", /130\n# $/);
    // backspace edits the line before it is sent
    await s.type("echo abX\x7fc\r", /\n# $/);
    expect(s.text).toContain("\nabc\n# ");
    s.p.write("\x01x");
    expect(await exit).toBe(0);
  }, 120_000);
});

describe("the book's session, typed at the console", () => {
  it("load_testmod, sudo ./run_tests, 3.1 at the prompt, then the scans and the report", async () => {
    const { s, exit } = bootPty(["-a", "kmemleak=on"]);
    await s.wait(/\n# $/);
    await s.type("cd /lib/modules/$(uname -r)/kmembugs_test\r", /\n# $/);
    await s.type("./load_testmod\r", /\n# $/);
    expect(s.text).toMatch(/\] test_kmembugs:kmembugs_test_init\(\): CONFIG_DEBUG_KMEMLEAK configured\n/);
    await s.type("sudo ./run_tests\r", /\(Type in the testcase number to run\): \n?$/);
    expect(s.text).toContain("3.1  simple memory leakage testcase1\n");
    await s.type("3.1\r", /\n# $/);
    expect(s.text).toContain('-------- Running testcase "3.1" via test module now...\n');
    expect(s.text).toMatch(/\] test_kmembugs:leak_simple1\(\): testcase 3\.1: simple memory leak testcase 1\n/);
    expect(s.text).toMatch(/\] test_kmembugs:leak_simple1\(\): kzalloc\(1520\) = 0xffff8880[0-9a-f]{8}\n/);
    expect(s.text).toMatch(/\] test_kmembugs:leak_simple1\(\): vmalloc\(5\*1024\) = 0xffffc900[0-9a-f]{8}\n/);
    await s.type("sleep 6; echo scan > /sys/kernel/debug/kmemleak; sleep 6; echo scan > /sys/kernel/debug/kmemleak\r", /\n# $/);
    await s.type("grep -c unreferenced /sys/kernel/debug/kmemleak\r", /\n2\n# $/);
    s.p.write("\x01x");
    expect(await exit).toBe(0);
  }, 120_000);
});
