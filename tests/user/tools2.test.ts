/*
 * tools2.test.ts: text tools (uniq sed tr printf seq ...), file tools (find
 * xargs tee zcat/gunzip), system tools (id env kill free ...), grep context
 * and ls -R, run natively on the host.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { writeFileSync, readFileSync, mkdirSync, existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import { gzipSync, constants } from "node:zlib";
import { buildUser, run, sh, tmp, BIN } from "./helpers.ts";

let dir: string;
let txt: string;
beforeAll(() => {
  buildUser();
  dir = tmp();
  txt = join(dir, "txt");
  writeFileSync(txt, "hello world\nfoo bar\nbaz\nqux\n");
});

const ok = (stdout: string) => ({ stdout, stderr: "", status: 0 });

describe("uniq", () => {
  const input = "a\na\nb\nc\nc\nc\nA\n";
  it("collapses, counts and selects", () => {
    expect(run("uniq", [], { input })).toEqual(ok("a\nb\nc\nA\n"));
    expect(run("uniq", ["-c"], { input }).stdout).toBe("      2 a\n      1 b\n      3 c\n      1 A\n");
    expect(run("uniq", ["-d"], { input }).stdout).toBe("a\nc\n");
    expect(run("uniq", ["-u"], { input }).stdout).toBe("b\nA\n");
    expect(run("uniq", ["-ci"], { input: "x\nX\ny\n" }).stdout).toBe("      2 x\n      1 y\n");
    expect(run("uniq", ["/nonexistent"])).toEqual({ stdout: "", stderr: "uniq: /nonexistent: No such file or directory\n", status: 1 });
  });
});

describe("sed", () => {
  const sed = (args: string[], input = "hello world\nfoo bar\nbaz\nqux\n") => run("sed", args, { input });
  it("substitutes with flags, & and back references", () => {
    expect(sed(["s/o/0/g"])).toEqual(ok("hell0 w0rld\nf00 bar\nbaz\nqux\n"));
    expect(sed(["s/o/0/2"]).stdout).toBe("hello w0rld\nfo0 bar\nbaz\nqux\n");
    expect(sed(["s/\\(hel*\\)o/[\\1]/;s/a./<&>/"]).stdout).toBe("[hell] world\nfoo b<ar>\nb<az>\nqux\n");
    expect(sed(["-E", "s/(o+)|(z)/<\\1\\2>/g"]).stdout).toBe("hell<o> w<o>rld\nf<oo> bar\nba<z>\nqux\n");
    expect(sed(["s|o|/|"], "a/o\n").stdout).toBe("a//\n");
    expect(sed(["s,/,_,g"], "/a/b\n").stdout).toBe("_a_b\n");
    expect(sed(["s/x*/-/g"], "abc\n").stdout).toBe("-a-b-c-\n");
    expect(sed(["s/a*/x/g"], "baaac\n").stdout).toBe("xbxcx\n");
    expect(sed(["-n", "s/o/O/p"]).stdout).toBe("hellO world\nfOo bar\n");
    expect(sed(["s/[[:space:]]/\\n/"], "a b\n").stdout).toBe("a\nb\n");
    expect(sed(["s/l\\{2\\}/L/;s/\\bw/W/"]).stdout.split("\n")[0]).toBe("heLo World");
    expect(sed(["s/a\\|o/_/g"], "foo bar\n").stdout).toBe("f__ b_r\n");
  });

  it("selects lines with addresses and ranges", () => {
    expect(sed(["-n", "2p"]).stdout).toBe("foo bar\n");
    expect(sed(["$d"]).stdout).toBe("hello world\nfoo bar\nbaz\n");
    expect(sed(["-n", "/ba/p"]).stdout).toBe("foo bar\nbaz\n");
    expect(sed(["2,3d"]).stdout).toBe("hello world\nqux\n");
    expect(sed(["/foo/,$s/a/A/g"]).stdout).toBe("hello world\nfoo bAr\nbAz\nqux\n");
    expect(sed(["-n", "/hello/,/baz/p"]).stdout).toBe("hello world\nfoo bar\nbaz\n");
    expect(sed(["-n", "3,1p"]).stdout).toBe("baz\n");
    expect(sed(["2!d"]).stdout).toBe("foo bar\n");
    expect(sed(["-n", "$="]).stdout).toBe("4\n");
    expect(sed(["-n", "/o/{p;p}"]).stdout).toBe("hello world\nhello world\nfoo bar\nfoo bar\n");
  });

  it("runs several commands, -e scripts and q", () => {
    expect(sed(["1d;3d"]).stdout).toBe("foo bar\nqux\n");
    expect(sed(["-e", "s/a/b/", "-e", "s/b/c/"]).stdout).toBe("hello world\nfoo cbr\ncbz\nqux\n");
    expect(sed(["s/o/0/\n/baz/d"]).stdout).toBe("hell0 world\nf0o bar\nqux\n");
    expect(sed(["2q"])).toEqual(ok("hello world\nfoo bar\n"));
    expect(sed(["2q5"]).status).toBe(5);
    expect(sed(["$!N;s/\\n/ /"]).stdout).toBe("hello world foo bar\nbaz qux\n");
    expect(sed(["y/abc/xyz/;1i top"], "aabbcc\n").stdout).toBe("top\nxxyyzz\n");
    expect(sed(["p"], "a\nb").stdout).toBe("a\na\nb\nb");
  });

  it("reports errors like GNU sed", () => {
    expect(sed(["k"])).toEqual({ stdout: "", stderr: "sed: -e expression #1, char 1: unknown command: `k'\n", status: 1 });
    expect(sed(["s/a/b"]).stderr).toBe("sed: -e expression #1, char 5: unterminated `s' command\n");
    expect(sed(["s/a/\\1/"]).stderr).toBe("sed: -e expression #1, char 7: invalid reference \\1 on `s' command's RHS\n");
    expect(run("sed", ["p", "/nonexistent"])).toEqual({ stdout: "", stderr: "sed: can't read /nonexistent: No such file or directory\n", status: 2 });
  });
});

describe("tr, basename, dirname, tee", () => {
  it("tr translates, deletes and squeezes", () => {
    expect(run("tr", ["a-z", "A-Z"], { input: "Hello, world\n" })).toEqual(ok("HELLO, WORLD\n"));
    expect(run("tr", ["abc", "x"], { input: "aabbcd\n" }).stdout).toBe("xxxxxd\n");
    expect(run("tr", ["-d", "lo"], { input: "hello world\n" }).stdout).toBe("he wrd\n");
    expect(run("tr", ["-s", " "], { input: "a   b  c\n" }).stdout).toBe("a b c\n");
    expect(run("tr", ["-s", "a-z", "A-Z"], { input: "aabbcc\n" }).stdout).toBe("ABC\n");
    expect(run("tr", ["-d", "[:digit:]"], { input: "a1b22c\n" }).stdout).toBe("abc\n");
    expect(run("tr", ["\\n", ","], { input: "a\nb\n" }).stdout).toBe("a,b,");
    expect(run("tr", ["a"]).stderr).toBe("tr: missing operand after 'a'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n");
  });

  it("basename and dirname", () => {
    expect(run("basename", ["/usr/lib/libc.so", ".so"])).toEqual(ok("libc\n"));
    expect(run("basename", ["/usr/lib/"]).stdout).toBe("lib\n");
    expect(run("basename", ["/"]).stdout).toBe("/\n");
    expect(run("basename", [".so", ".so"]).stdout).toBe(".so\n");
    expect(run("dirname", ["/usr/lib/", "file", "/x", "a/b//c"])).toEqual(ok("/usr\n.\n/\na/b\n"));
    expect(run("basename", [])).toEqual({ stdout: "", stderr: "basename: missing operand\nTry 'basename --help' for more information.\n", status: 1 });
  });

  it("tee writes and appends", () => {
    const f = join(dir, "tee.out");
    expect(run("tee", [f], { input: "one\n" })).toEqual(ok("one\n"));
    expect(run("tee", ["-a", f], { input: "two\n" }).stdout).toBe("two\n");
    expect(readFileSync(f, "utf8")).toBe("one\ntwo\n");
    expect(run("tee", ["/nonexistent/x"], { input: "z\n" })).toEqual({ stdout: "z\n", stderr: "tee: /nonexistent/x: No such file or directory\n", status: 1 });
  });
});

describe("seq, printf, yes", () => {
  it("seq counts up, down and by fractions", () => {
    expect(run("seq", ["3"])).toEqual(ok("1\n2\n3\n"));
    expect(run("seq", ["5", "-2", "1"]).stdout).toBe("5\n3\n1\n");
    expect(run("seq", ["-s", ",", "1", "0.5", "3"]).stdout).toBe("1.0,1.5,2.0,2.5,3.0\n");
    expect(run("seq", ["-w", "8", "10"]).stdout).toBe("08\n09\n10\n");
    expect(run("seq", ["2", "1"]).stdout).toBe("");
    expect(run("seq", ["x"])).toEqual({ stdout: "", stderr: "seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.\n", status: 1 });
  });

  it("printf formats, escapes and reuses the format", () => {
    expect(run("printf", ["%s=%d|%5s|%-3s|%x %c%%\\n", "a", "42", "r", "l", "255", "q"])).toEqual(ok("a=42|    r|l  |ff q%\n"));
    expect(run("printf", ["%s,", "a", "b", "c"]).stdout).toBe("a,b,c,");
    expect(run("printf", ["%d %d\\n", "1", "2", "3"]).stdout).toBe("1 2\n3 0\n");
    expect(run("printf", ["a\\tb\\\\c\\101\\n"]).stdout).toBe("a\tb\\cA\n");
    expect(run("printf", ["%05.1s|%X|%o\\n", "xyz", "0x1f", "8"]).stdout).toBe("    x|1F|10\n");
    expect(run("printf", ["%d\\n", "abc"])).toEqual({ stdout: "0\n", stderr: "printf: 'abc': expected a numeric value\n", status: 1 });
  });

  it("yes repeats until the pipe closes", () => {
    expect(sh("yes | head -n 3; yes ab c | head -n 2")).toEqual(ok("y\ny\ny\nab c\nab c\n"));
  });
});

describe("find and xargs", () => {
  let t: string;
  beforeAll(() => {
    t = join(dir, "tree");
    mkdirSync(join(t, "a/b"), { recursive: true });
    for (const f of ["x.c", "a/y.c", "a/b/z.txt"]) writeFileSync(join(t, f), "");
  });
  it("find walks trees with -name, -type and -maxdepth", () => {
    expect(run("find", ["tree"], { cwd: dir })).toEqual(ok("tree\ntree/a\ntree/a/b\ntree/a/b/z.txt\ntree/a/y.c\ntree/x.c\n"));
    expect(run("find", ["tree", "-name", "*.c"], { cwd: dir }).stdout).toBe("tree/a/y.c\ntree/x.c\n");
    expect(run("find", ["-type", "d"], { cwd: t }).stdout).toBe(".\n./a\n./a/b\n");
    expect(run("find", ["tree/", "-maxdepth", "1", "-type", "f"], { cwd: dir }).stdout).toBe("tree/x.c\n");
    expect(run("find", ["tree", "!", "-type", "d", "-name", "[xz]*"], { cwd: dir }).stdout).toBe("tree/a/b/z.txt\ntree/x.c\n");
    expect(run("find", ["/nonexistent"])).toEqual({ stdout: "", stderr: "find: '/nonexistent': No such file or directory\n", status: 1 });
    expect(run("find", [".", "-bogus"]).stderr).toBe("find: unknown predicate `-bogus'\n");
  });

  it("xargs builds command lines", () => {
    expect(run("xargs", [], { input: "a b\n c\n" })).toEqual(ok("a b c\n"));
    expect(run("xargs", ["-n", "2", "echo", "+"], { input: "1 2 3 '4 5' x\\ y\n" }).stdout).toBe("+ 1 2\n+ 3 4 5\n+ x y\n");
    expect(run("xargs", ["-0", "printf", "[%s]"], { input: "a b\0c\0" }).stdout).toBe("[a b][c]");
    expect(run("xargs", ["false"], { input: "1\n" }).status).toBe(123);
    expect(run("xargs", ["nosuchcmd"], { input: "1\n" })).toEqual({ stdout: "", stderr: "xargs: nosuchcmd: No such file or directory\n", status: 127 });
    expect(sh(`find ${t} -name '*.c' | xargs wc -l | tail -n 1`).stdout).toBe("0 total\n");
  });
});

describe("zcat and gunzip", () => {
  const text = Array.from({ length: 2000 }, (_, i) => `line ${i} ${"abcdefghij".repeat(i % 7)}\n`).join("");
  let rnd: Buffer;
  beforeAll(() => {
    rnd = Buffer.alloc(100_000);
    let x = 12345;
    for (let i = 0; i < rnd.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      rnd[i] = x >>> 24;
    }
    writeFileSync(join(dir, "dyn.gz"), gzipSync(text, { level: 9 }));
    writeFileSync(join(dir, "fixed.gz"), gzipSync(text, { strategy: constants.Z_FIXED }));
    writeFileSync(join(dir, "stored.gz"), gzipSync(text, { level: 0 }));
    writeFileSync(join(dir, "rnd.gz"), gzipSync(rnd));
    writeFileSync(join(dir, "multi.gz"), Buffer.concat([gzipSync("first\n"), gzipSync("second\n")]));
    const bad = gzipSync("hello\n");
    bad[bad.length - 8] ^= 1;
    writeFileSync(join(dir, "bad.gz"), bad);
    writeFileSync(join(dir, "plain"), "not gzip\n");
  });

  it("inflates stored, fixed and dynamic Huffman blocks", () => {
    for (const f of ["dyn.gz", "fixed.gz", "stored.gz"]) expect(run("zcat", [join(dir, f)])).toEqual(ok(text));
    expect(run("gunzip", ["-c", join(dir, "multi.gz")])).toEqual(ok("first\nsecond\n"));
    expect(run("zcat", [], { input: "" }).status).toBe(1);
    const r = sh(`zcat ${join(dir, "rnd.gz")} | wc -c`);
    expect(r.stdout).toBe("100000\n");
  });

  it("gunzip replaces FILE.gz by FILE", () => {
    writeFileSync(join(dir, "g.txt.gz"), gzipSync("payload\n"));
    expect(run("gunzip", [join(dir, "g.txt.gz")])).toEqual(ok(""));
    expect(readFileSync(join(dir, "g.txt"), "utf8")).toBe("payload\n");
    expect(existsSync(join(dir, "g.txt.gz"))).toBe(false);
  });

  it("checks the CRC and the format", () => {
    const bad = join(dir, "bad.gz"), plain = join(dir, "plain");
    expect(run("zcat", [bad])).toEqual({ stdout: "hello\n", stderr: `gzip: ${bad}: invalid compressed data--crc error\n`, status: 1 });
    expect(run("zcat", [plain])).toEqual({ stdout: "", stderr: `gzip: ${plain}: not in gzip format\n`, status: 1 });
  });
});

describe("system tools", () => {
  it("id, hostname, nproc, env", () => {
    const uid = process.getuid!();
    if (uid === 0) expect(run("id")).toEqual(ok("uid=0(root) gid=0(root) groups=0(root)\n"));
    expect(run("id", ["-u"]).stdout).toBe(`${uid}\n`);
    expect(run("hostname")).toEqual(ok(`${hostname()}\n`));
    expect(Number(run("nproc").stdout)).toBeGreaterThan(0);
    expect(run("env", [], { env: { A: "1" } }).stdout).toBe(`PATH=${BIN}\nHOME=/root\nA=1\n`);
    expect(run("env", ["-i", "X=1", "env"]).stdout).toBe("X=1\n");
    expect(run("env", ["-u", "HOME", "B=2"]).stdout).toBe(`PATH=${BIN}\nB=2\n`);
    expect(run("env", ["nosuchcmd"])).toEqual({ stdout: "", stderr: "env: 'nosuchcmd': No such file or directory\n", status: 127 });
  });

  it("kill sends signals by name and number, -l lists them", async () => {
    expect(run("kill", ["-l"]).stdout.split("\n").slice(0, 3)).toEqual([" 1) HUP", " 2) INT", " 3) QUIT"]);
    expect(run("kill", ["-l", "9", "TERM", "130"])).toEqual(ok("KILL\n15\nINT\n"));
    for (const [args, sig] of [[["-USR1"], "SIGUSR1"], [["-9"], "SIGKILL"], [["-s", "INT"], "SIGINT"], [[], "SIGTERM"]] as const) {
      const child = spawn(join(BIN, "sleep"), ["10"]);
      const done = new Promise<string | null>((res) => child.on("exit", (_c, s) => res(s)));
      expect(run("kill", [...args, String(child.pid)]).status).toBe(0);
      expect(await done).toBe(sig);
    }
    expect(run("kill", ["-BOGUS", "1"])).toEqual({ stdout: "", stderr: "kill: bad signal name 'BOGUS'\n", status: 1 });
    expect(run("kill", ["999999999"]).stderr).toBe("kill: can't kill pid 999999999: No such process\n");
  });

  it("free -k has procps-ng's layout", () => {
    const mi = Object.fromEntries(
      readFileSync("/proc/meminfo", "utf8").trim().split("\n").map((l) => [l.split(":")[0], Number(l.split(/\s+/)[1])]),
    );
    const out = run("free", ["-k"]).stdout.split("\n");
    expect(out[0]).toBe("               total        used        free      shared  buff/cache   available");
    expect(out[1]).toMatch(/^Mem: {4}( {0,11}\d+){1} {1,11}\d+ {1,11}\d+ {1,11}\d+ {1,11}\d+ {1,11}\d+$/);
    expect(out[1].length).toBe(9 + 11 + 5 * 12);
    expect(out[1].slice(9, 20).trim()).toBe(String(mi.MemTotal));
    expect(out[2]).toBe(`Swap:    ${String(mi.SwapTotal).padStart(11)} ${String(mi.SwapTotal - mi.SwapFree).padStart(11)} ${String(mi.SwapFree).padStart(11)}`);
    expect(out[3]).toBe("");
  });
});

describe("grep context and ls -R", () => {
  const nums = Array.from({ length: 12 }, (_, i) => `${i + 1}`).join("\n") + "\n";
  it("grep -A/-B/-C with group separators", () => {
    expect(run("grep", ["-A1", "^5$"], { input: nums })).toEqual(ok("5\n6\n"));
    expect(run("grep", ["-n", "-B2", "^3$"], { input: nums }).stdout).toBe("1-1\n2-2\n3:3\n");
    expect(run("grep", ["-C1", "-e", "^3$", "-e", "^9$"], { input: nums }).stdout).toBe("2\n3\n4\n--\n8\n9\n10\n");
    expect(run("grep", ["-C1", "-e", "^3$", "-e", "^5$"], { input: nums }).stdout).toBe("2\n3\n4\n5\n6\n");
    expect(run("grep", ["-A", "0", "1"], { input: nums }).stdout).toBe("1\n--\n10\n11\n12\n");
    writeFileSync(join(dir, "g1"), "a\nx\nb\n");
    expect(run("grep", ["-B1", "x", "g1", "g1"], { cwd: dir }).stdout).toBe("g1-a\ng1:x\n--\ng1-a\ng1:x\n");
    expect(run("grep", ["-C", "z", "x"]).stderr).toBe("grep: z: invalid context length argument\n");
  });

  it("ls -R lists directories recursively", () => {
    const t = join(dir, "lsr");
    mkdirSync(join(t, "d/e"), { recursive: true });
    writeFileSync(join(t, "f"), "");
    writeFileSync(join(t, "d/g"), "");
    expect(run("ls", ["-R"], { cwd: t })).toEqual(ok(".:\nd\nf\n\n./d:\ne\ng\n\n./d/e:\n"));
    expect(run("ls", ["-R", "d", "f"], { cwd: t }).stdout).toBe("f\n\nd:\ne\ng\n\nd/e:\n");
  });
});
