/*
 * tools.test.ts: the guest tools and libc run natively on the host.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { writeFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { buildUser, run, sh, tmp, TESTBIN } from "./helpers.ts";

let dir: string;
let lines: string;
beforeAll(() => {
  buildUser();
  dir = tmp();
  lines = join(dir, "lines");
  writeFileSync(lines, "alpha\nbeta\nGamma delta\nepsilon 42\nzeta\nabab\n");
});

describe("libc", () => {
  it("formats with printf", () => {
    const r = run(join(TESTBIN, "fmt"));
    expect(r.stdout).toBe(
      [
        "[-42] [17] [4000000000] [beef] [BEEF]",
        "[ffffffff80200000] [123456789abcdef] [-9000000000] [18446744073709551615]",
        "[   42] [42   ] [00042] [+42] [ 42]",
        "[   ab] [ab   ] [ab] [z] [%]",
        "[0x1234] [(nil)] [0000001f] [0xff] [010] [007]",
        "[     1] [2   ] [000000000000dead] [44] [4464]",
        "[truncated strin] 22",
        "-31 493 123 35 12",
        "rest=",
        "hello world",
        "FOO=bar",
        "FOO=(unset)",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe("err 5\n");
    expect(r.status).toBe(3);
  });

  it("has Linux's strerror texts", () => {
    const out = run(join(TESTBIN, "fmt"), ["strerror"]).stdout.split("\n");
    const want: Record<number, string> = {
      0: "Success", 1: "Operation not permitted", 2: "No such file or directory", 8: "Exec format error",
      12: "Cannot allocate memory", 16: "Device or resource busy", 17: "File exists", 22: "Invalid argument",
      28: "No space left on device", 38: "Function not implemented", 39: "Directory not empty",
      95: "Operation not supported", 134: "Unknown error 134",
    };
    for (const [n, msg] of Object.entries(want)) expect(out[Number(n)]).toBe(`${n} ${msg}`);
  });
});

describe("tools", () => {
  it("grep: plain, -i -v -c -q -n, BRE and ERE", () => {
    expect(run("grep", ["eta", lines]).stdout).toBe("beta\nzeta\n");
    expect(run("grep", ["-i", "gamma", lines]).stdout).toBe("Gamma delta\n");
    expect(run("grep", ["-c", "-v", "a", lines]).stdout).toBe("1\n");
    expect(run("grep", ["-n", "^e", lines]).stdout).toBe("4:epsilon 42\n");
    expect(run("grep", ["[0-9][0-9]*$", lines]).stdout).toBe("epsilon 42\n");
    expect(run("grep", ["-E", "^(ab)+$|^z.t", lines]).stdout).toBe("zeta\nabab\n");
    expect(run("grep", ["-E", "ph?a", lines]).stdout).toBe("alpha\n");
    expect(run("grep", ["-q", "zeta", lines]).status).toBe(0);
    expect(run("grep", ["-q", "nomatch", lines])).toEqual({ stdout: "", stderr: "", status: 1 });
    expect(run("grep", ["x", "/nonexistent"])).toEqual({ stdout: "", stderr: "grep: /nonexistent: No such file or directory\n", status: 2 });
  });

  it("head and tail", () => {
    expect(run("head", ["-n", "2", lines]).stdout).toBe("alpha\nbeta\n");
    expect(run("head", ["-1"], { input: "x\ny\n" }).stdout).toBe("x\n");
    expect(run("tail", ["-n", "2", lines]).stdout).toBe("zeta\nabab\n");
    expect(run("tail", ["-n", "+5", lines]).stdout).toBe("zeta\nabab\n");
    expect(run("tail", ["-1"], { input: "a\nb" }).stdout).toBe("b");
  });

  it("wc in coreutils layout", () => {
    expect(run("wc", ["-l", lines]).stdout).toBe(`6 ${lines}\n`);
    expect(run("wc", ["-l"], { input: "a\nb\n" }).stdout).toBe("2\n");
    expect(run("wc", [], { input: "one two\nthree\n" }).stdout).toBe("      2       3      14\n");
    expect(run("wc", ["-c", "-w", lines]).stdout).toBe(` 8 44 ${lines}\n`);
  });

  it("echo, cat, true, false, sleep, uname", () => {
    expect(run("echo", ["-n", "a", "b"]).stdout).toBe("a b");
    expect(run("echo", ["-e", "x\\ty"]).stdout).toBe("x\ty\n");
    expect(run("cat", [lines, "-"], { input: "tail\n" }).stdout).toBe("alpha\nbeta\nGamma delta\nepsilon 42\nzeta\nabab\ntail\n");
    expect(run("cat", ["/nonexistent"])).toEqual({ stdout: "", stderr: "cat: /nonexistent: No such file or directory\n", status: 1 });
    expect(run("true").status).toBe(0);
    expect(run("false").status).toBe(1);
    expect(run("sleep", ["0.05"]).status).toBe(0);
    expect(run("sleep", ["x"]).stderr).toBe("sleep: invalid time interval 'x'\n");
    expect(run("uname", ["-r"]).stdout).toBe(execFileSync("uname", ["-r"], { encoding: "utf8" }));
    expect(run("uname", ["-s", "-m"]).stdout).toBe(execFileSync("uname", ["-s", "-m"], { encoding: "utf8" }));
  });

  it("mkdir -p, ls, rm -r", () => {
    const d = join(dir, "a/b/c");
    expect(run("mkdir", ["-p", d]).status).toBe(0);
    writeFileSync(join(dir, "a/file"), "12345");
    expect(run("ls", [join(dir, "a")]).stdout).toBe("b\nfile\n");
    expect(run("ls", ["-a", join(dir, "a")]).stdout).toBe(".\n..\nb\nfile\n");
    expect(run("ls", ["-l", join(dir, "a/file")]).stdout).toMatch(/^-rw-r--r-- 1 \S+ \S+ 5 \w{3} [ \d]\d \d\d:\d\d .*\/a\/file\n$/);
    expect(run("mkdir", [join(dir, "a")]).stderr).toBe(`mkdir: cannot create directory '${join(dir, "a")}': File exists\n`);
    expect(run("rm", [join(dir, "a")]).stderr).toBe(`rm: cannot remove '${join(dir, "a")}': Is a directory\n`);
    expect(run("rm", ["-r", join(dir, "a")]).status).toBe(0);
    expect(existsSync(join(dir, "a"))).toBe(false);
    expect(run("rm", ["-f", join(dir, "a")]).status).toBe(0);
  });

  it("cut, sort, sudo, ps", () => {
    expect(run("cut", ["-d:", "-f", "1,3"], { input: "a:b:c\nx:y:z\n" }).stdout).toBe("a:c\nx:z\n");
    expect(run("cut", ["-c", "2-"], { input: "hello\n" }).stdout).toBe("ello\n");
    expect(run("sort", ["-u"], { input: "b\na\nb\n" }).stdout).toBe("a\nb\n");
    expect(run("sort", ["-n", "-r"], { input: "2\n10\n1\n" }).stdout).toBe("10\n2\n1\n");
    expect(run("sudo", ["echo", "root"]).stdout).toBe("root\n");
    const ps = run("ps").stdout.split("\n");
    expect(ps[0]).toBe("  PID TTY          TIME CMD");
    expect(ps.some((l) => /^ *\d+ \S+ +\d\d:\d\d:\d\d ps$/.test(l))).toBe(true);
  });

  it("modinfo reads .modinfo from an ELF object", () => {
    const src = join(dir, "m.c");
    writeFileSync(
      src,
      'static const char a[] __attribute__((section(".modinfo"), used)) = "license=GPL";\n' +
        'static const char b[] __attribute__((section(".modinfo"), used)) = "parmtype=debug:int";\n' +
        'static const char c[] __attribute__((section(".modinfo"), used)) = "parm=debug:enable debugging";\n' +
        'static const char d[] __attribute__((section(".modinfo"), used)) = "description=test module";\n',
    );
    const ko = join(dir, "m.ko");
    execFileSync("gcc", ["-c", "-o", ko, src]);
    const r = run("modinfo", [ko]);
    expect(r.stdout).toBe(`filename:       ${ko}\nlicense:        GPL\nparm:           debug:enable debugging (int)\ndescription:    test module\n`);
    expect(run("modinfo", ["-F", "license", ko]).stdout).toBe("GPL\n");
  });

  it("module tools report errors like kmod", () => {
    expect(run("insmod", ["/nonexistent.ko"])).toEqual({
      stdout: "",
      stderr: "insmod: ERROR: could not load module /nonexistent.ko: No such file or directory\n",
      status: 1,
    });
    expect(run("insmod", []).status).toBe(1);
  });

  it("the shell drives the tools through PATH", () => {
    const r = sh(`grep -c a ${lines} | cat; head -n 3 ${lines} | tail -n 1; n=$(wc -l < ${lines}); echo $((n * 2))`);
    expect(r).toEqual({ stdout: "5\nGamma delta\n12\n", stderr: "", status: 0 });
  });
});
