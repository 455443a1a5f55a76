/*
 * toolbox-awk.test.ts: the guest's awk against the host's POSIX awk
 * (mawk on this machine) on the programs people run over kernel logs and
 * /proc: the same program, the same input, byte-identical output and the
 * same exit status. Where the two awks may differ the guest follows POSIX
 * and gawk, and the test says what it expects: decimal arithmetic
 * (0.1 + 0.2 == 0.3), %d of numbers beyond 2^31, substr's rounding.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildUser, BIN, tmp } from "./helpers.ts";

let dir: string;
const LOG = [
  "[    0.000000] Linux version 5.10.0-kmemlab (gcc) #1 SMP",
  "[    0.003534] kmemleak: Kernel memory leak detector initialized (mem pool available: 15984)",
  "[    1.500000] kmemleak: 3 new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
  "[   12.250000] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
  "unreferenced object 0xffff888007fee048 (size 32):",
  "  comm \"insmod\", pid 64, jiffies 4294937296 (age 12.300s)",
  "  backtrace:",
  "    [<000000003ffaa535>] kmem_cache_alloc_trace+0x15e/0x2b0",
  "",
].join("\n");
const MEMINFO = ["MemTotal:         122996 kB", "MemFree:          119452 kB", "MemAvailable:     116924 kB",
  "Buffers:               0 kB", "Slab:                540 kB", "SUnreclaim:          540 kB", "KernelStack:          80 kB",
  "VmallocTotal:   34359738367 kB", ""].join("\n");
const STAT = "4 (kmemleak) S 2 0 0 0 -1 2129984 0 0 0 0 0 3 0 0 30 10 1 0 1 0 0 18446744073709551615 0 0 0 0 0\n";

function run(bin: string, args: string[], input = "") {
  const r = spawnSync(bin, args, { encoding: "utf8", input, cwd: dir, env: { PATH: "/usr/bin:/bin", LC_ALL: "C" } });
  return { out: r.stdout + r.stderr.replace(/^mawk: /gm, "awk: "), status: r.status };
}

beforeAll(() => {
  buildUser();
  dir = tmp();
  writeFileSync(join(dir, "log"), LOG);
  writeFileSync(join(dir, "meminfo"), MEMINFO);
  writeFileSync(join(dir, "stat"), STAT);
});

const SAME: [string, string][] = [
  ["{print $1}", "log"], ["{print NF, $NF}", "log"], ["/new suspected/ {n += $3} END {print n}", "log"],
["$2 > 100000 {print $1}", "meminfo"],
  ["/^(MemTotal|MemFree)/ {printf \"%-10s %8.1f MiB\\n\", $1, $2/1024}", "meminfo"],
  ["BEGIN {FS=\":\"} {gsub(/ /, \"\", $2); print $1 \"=\" $2}", "meminfo"], ["-F:|{print $1}", "meminfo"],
  ["{print $14 + $15, $19, $2}", "stat"], ["{print $23}", "stat"],
  ["-F] |/kmemleak/ {print $2}", "log"], ["/backtrace:/,/alloc/ {print NR \": \" $0}", "log"],
  ["match($0, /0x[0-9a-f]+/) {print substr($0, RSTART, RLENGTH)}", "log"], ["{gsub(/[0-9]/, \"#\"); print}", "log"],
  ["$1 ~ /^\\[/ {sub(/\\]/, \"\", $2); t = $2} END {printf \"last %.2f\\n\", t}", "log"],
  ["{n[$2]++} END {print n[\"kmemleak:\"], length(n)}", "log"], ["NR%2 == 0", "log"], ["!/^ /", "log"],
  ["{ $2 = \"X\"; print; print NF }", "meminfo"], ["BEGIN {OFS=\"-\"} {$1 = $1; print}", "meminfo"], ["{NF = 1; print}", "meminfo"],
  ["function kb(x) { return x * 1024 } NR < 8 {print kb($2)}", "meminfo"], ["END {print NR, FNR, FILENAME}", "log"],
  ["{ if ($2 > max) { max = $2; k = $1 } } END { print k, max }", "meminfo"],
  ["{ print length($0), index($0, \"kB\"), toupper(substr($1, 1, 3)) }", "meminfo"],
  ["BEGIN { n = split(\"a:b:c\", a, \":\"); print n, a[1], a[3]; print sprintf(\"%03d-%s\", 7, \"x\") }", ""],
  ["BEGIN { printf \"%5.2f|%-6s|%d|%x|%o|%e|%g|%c%c|%+d|%05.1f|%*d|%.3s\\n\", 3.14159, \"ab\", 42.9, 255, 8, 12345.678, 0.0001234, 65, \"hi\", 5, 2.25, 4, 7, \"abcdef\" }", ""],
  ["BEGIN { printf \"%.0f %.0f %.0f %.2e %G %.1f %.3g\\n\", 2.5, 3.5, -0.5, 0, 1e-10, 0.25, 1234567 }", ""],
  ["BEGIN { print 1/3, 2^10, -2^2, 7%3, -7%3, int(-3.7), 1e6, 1234567.5, 0.000001, 100/3 }", ""],
  ["BEGIN { print (\"10\" < \"9\"), (10 < 9), x + 0, x \"\", length(x) }", ""],
  ["BEGIN { a[\"x\", 1] = 5; for (k in a) { split(k, p, SUBSEP); print p[1], p[2] }; if ((\"x\", 1) in a) print \"yes\"; delete a[\"x\", 1]; print length(a) }", ""],
  ["BEGIN { while (i < 3) { i++; if (i == 2) continue; print i }; do { j++ } while (j < 5); print j }", ""],
  ["BEGIN { \"echo hi there\" | getline; print $2 }", ""], ["{ getline; print \"after:\", $0 }", "meminfo"],
  ["{ print $1, $2 | \"sort -k2 -n\" }", "meminfo"], ["BEGIN { x = \"3x\"; print x + 1, \"1e2\" + 0, \".5\" + 0 }", ""],
  ["{print > \"out\"} END {close(\"out\"); while ((getline l < \"out\") > 0) n++; print n}", "meminfo"],
  ["BEGIN { if (match(\"foobar\", /o+b/)) print RSTART, RLENGTH }", ""], ["BEGIN { exit 3 } END { print \"end\" }", ""],
  ["{ exit } END { print NR }", "log"], ["BEGIN { print length() }", ""], ["{print $(NF-1)}", "meminfo"],
  ["{print v}|v=7", "meminfo"], ["{print $1", ""], ["BEGIN { x = }", ""], ["{ print $1 }}", ""],
];

describe("awk against the host's awk", () => {
  for (const [prog, file] of SAME) {
    it(`awk '${prog}' ${file}`, () => {
      const parts = prog.split("|").length === 2 && (prog.startsWith("-F") || prog.endsWith("=7")) ? prog.split("|") : [prog];
      let args: string[];
      if (parts.length === 2 && prog.startsWith("-F")) args = [parts[0]!, parts[1]!, ...(file ? [file] : [])];
      else if (parts.length === 2) args = [parts[0]!, parts[1]!, ...(file ? [file] : [])];
      else args = [prog, ...(file ? [file] : [])];
      const g = run(join(BIN, "awk"), args), h = run("awk", args);
      if (h.out.startsWith("awk: line")) {
        // syntax errors: the same status and the same kind of message (the wording differs between awks)
        expect(g.out).toMatch(/^awk: line \d+: syntax error at or near /);
      } else {
        expect(g.out).toBe(h.out);
      }
      expect(g.status).toBe(h.status);
    });
  }
});

describe("where this awk follows POSIX and gawk", () => {
  const awk = (p: string) => run(join(BIN, "awk"), [p]).out;
  it("decimal arithmetic: 0.1 + 0.2 is 0.3", () => {
    expect(awk("BEGIN { x = 0.1 + 0.2; print x, (x == 0.3), 0.3 - x }")).toBe("0.3 1 0\n");
  });
  it("integral values print whole (18 digits exact), as gawk; %d does not clamp at 2^31", () => {
    expect(awk("BEGIN { printf \"%d %d %s\\n\", 1e18, 123456789012, 2^53; print 1e16, 2^59 }"))
      .toBe("1000000000000000000 123456789012 9007199254740992\n10000000000000000 576460752303423488\n");
    // /proc/meminfo's VmallocTotal in a sum: mawk would print 3.43601e+10
    expect(run(join(BIN, "awk"), ["/kB/ {s += $2} END {print s, s/1024}", "meminfo"]).out).toBe("34360098899 3.35548e+07\n");
  });
  it("substr rounds its positions and drops those before 1 (POSIX)", () => {
    expect(awk("BEGIN { print substr(\"hello\", 0), substr(\"hello\", -1, 3), substr(\"hello\", 2.7), substr(\"hello\", 4, 10) }"))
      .toBe("hello h llo lo\n");
  });
  it("hex strings are not numbers (as gawk without --non-decimal-data)", () => {
    expect(awk("BEGIN { print +\"0x10\", 0x10 }")).toBe("0 16\n");
  });
  it("--help says which subset; sqrt is refused at parse time", () => {
    const h = run(join(BIN, "awk"), ["--help"]);
    expect(h.status).toBe(0);
    expect(h.out).toContain("Numbers are decimal with 18 significant digits; sqrt exp log sin cos atan2 are not");
    const s = run(join(BIN, "awk"), ["BEGIN { print sqrt(2) }"]);
    expect([s.out, s.status]).toEqual(["awk: function sqrt() is not in this awk (no floating point; see awk --help)\n", 2]);
  });
  it("a missing file, a missing argument, no program", () => {
    expect(run(join(BIN, "awk"), ["{print}", "/nonexistent"])).toEqual({ out: "awk: cannot open /nonexistent (No such file or directory)\n", status: 2 });
    expect(run(join(BIN, "awk"), ["-v"])).toEqual({ out: "awk: option requires an argument -- v\nusage: awk [-F fs][-v var=value][-f progfile | 'prog'][file ...]\n", status: 2 });
    expect(run(join(BIN, "awk"), []).status).toBe(2);
  });
});
