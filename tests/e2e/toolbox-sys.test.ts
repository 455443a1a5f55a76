/*
 * toolbox-sys.test.ts: /sys/module as Linux 5.10 lays it out: a built-in
 * parameter (kmemleak.verbose) that reads and writes the variable the
 * kernel uses, and a loaded module's parameters, refcnt, initstate,
 * coresize, taint and sections, gone with rmmod; EACCES and EINVAL where
 * sysfs gives them.
 */
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";
import { ROOT } from "../../tools/cli.ts";

describe("/sys/module", () => {
  it("kmemleak's verbose: mode, value, writes that take effect, a bad value", () => {
    const r = bootFromState({
      append: "kmemleak=on",
      exec: "ls -l /sys/module/kmemleak/parameters | tail -1 | cut -c1-10; cat /sys/module/kmemleak/parameters/verbose; " +
        "echo 1 > /sys/module/kmemleak/parameters/verbose; cat /sys/module/kmemleak/parameters/verbose; " +
        "echo maybe > /sys/module/kmemleak/parameters/verbose; echo rc=$?; echo N > /sys/module/kmemleak/parameters/verbose; " +
        "cat /sys/module/kmemleak/parameters/verbose",
    });
    expect(userOutput(r)).toEqual(["-rw-------", "N", "Y", "sh: echo: write error: Invalid argument", "rc=1", "N", ""]);
  });

  it("a loaded module's files, refcnt following its users, sections, and rmmod removing them", () => {
    const r = bootFromState({
      exec: "modprobe kmemlab_testmod; cd /sys/module/kmemlab_testmod; ls | cat; ls parameters | cat; ls -a sections | grep -c '^\\.text$'; " +
        "for f in initsize initstate refcnt taint parameters/fail parameters/leak parameters/oops; do echo \"$f: $(cat $f)\"; done; " +
        "grep -c '^0xffffffffa0[0-9a-f]\\{6\\}$' sections/.text; grep -c . coresize; " +
        "echo 3 > parameters/fail; echo rc=$?; modprobe kmemlab_testmod_user; cat refcnt; " +
        "echo 2 > /proc/sys/kernel/kptr_restrict; cat sections/.text; cat sections/.text; cd /; " +
        "rmmod kmemlab_testmod_user; rmmod kmemlab_testmod; ls /sys/module",
    });
    expect(userOutput(r)).toEqual([
      "coresize", "holders", "initsize", "initstate", "parameters", "refcnt", "sections", "taint",
      "fail", "leak", "oops", "1",
      "initsize: 0", "initstate: live", "refcnt: 0", "taint: O", "parameters/fail: 0", "parameters/leak: (null)", "parameters/oops: 0",
      "1", "1",
      "sh: parameters/fail: Permission denied", "rc=1", "1",
      "0x0000000000000000", "0x0000000000000000",
      "kmemleak", "",
    ]);
  });
});

describe("/sys/kernel/debug/dynamic_debug/control", () => {
  it("lists pr_debug sites (a -DDEBUG module's on), and queries turn them on, off and decorate them", () => {
    // the line of irq_work_leaky's pr_debug of its kzalloc(129), read from the module's source
    const src = readFileSync(join(ROOT, "modules/kmembugs_test/kmembugs_test.c"), "utf8").split("\n");
    const L = src.findIndex((l) => l.includes('pr_debug("kzalloc(129) = 0x%px')) + 1;
    expect(L).toBeGreaterThan(0);
    const r = bootFromState({
      exec: "cd /sys/kernel/debug/dynamic_debug; head -2 control; modprobe test_kmembugs > /dev/null 2>&1; " +
        `grep -c '\\[test_kmembugs\\].* =p "' control; grep 'kmembugs_test.c:${L} ' control; ` +
        "echo 'module test_kmembugs -p' > control; grep -c '\\[test_kmembugs\\].* =_ \"' control; " +
        `echo 'file kmembugs_test.c line ${L} +pfl' > control; grep 'kmembugs_test.c:${L} ' control; ` +
        "echo 'func irq_work_leaky =_; module test_kmembugs format debugfs +m' > control; grep -c ' =m \"' control; " +
        "echo 'bogus x +p' > control; echo rc=$?; echo 'module test_kmembugs ~p' > control; echo rc=$?; " +
        "rmmod test_kmembugs; grep -c test_kmembugs control",
    });
    /* the module's sites carry the path it was compiled from; the kernel's line numbers move with its sources */
    const out = userOutput(r).map((l) => l.replace(/^\/\S+\/modules\/kmembugs_test\//, "M/").replace(/^kernel\/module\.c:\d+ /, "kernel/module.c:N "));
    expect(out).toEqual([
      "# filename:lineno [module]function flags format",
      "kernel/module.c:N [module]simplify_symbols =_ \"Common symbol: %s\\012\"",
      out[2]!,
      `M/kmembugs_test.c:${L} [test_kmembugs]irq_work_leaky =p "kzalloc(129) = 0x%px\\012"`,
      out[2]!,
      `M/kmembugs_test.c:${L} [test_kmembugs]irq_work_leaky =pfl "kzalloc(129) = 0x%px\\012"`,
      "1",
      "sh: echo: write error: Invalid argument", "rc=1",
      "sh: echo: write error: Invalid argument", "rc=1",
      "0", "",
    ]);
    expect(Number(out[2])).toBeGreaterThanOrEqual(3);
    expect(r.lines).toContain("[T] dyndbg: unknown keyword \"bogus\"");
  });
});
