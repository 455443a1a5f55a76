/*
 * toolbox-coreutils.test.ts: the guest's sort (keys, separators, numeric
 * and human sizes, -u, -s), chmod (octal and symbolic modes, -v's
 * messages), date (formats over a fixed time) and which, run natively and
 * compared with GNU coreutils and debianutils on the host in the C locale.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildUser, BIN, tmp } from "./helpers.ts";

let dir: string;
const run = (bin: string, args: string[], cwd?: string) => {
  const r = spawnSync(bin, args, { encoding: "utf8", cwd: cwd ?? dir, env: { PATH: "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC" } });
  return { out: r.stdout + r.stderr, status: r.status };
};

beforeAll(() => {
  buildUser();
  dir = tmp();
  writeFileSync(join(dir, "s.txt"), "b 10 x\na 9 y\nc 10 a\n  d 2 z\nB 1K q\nb 2M r\n-3 -1.5 w\n0 0.25 v\nkmemleak:3 x\nslab:12 y\n");
});

describe("sort", () => {
  const CASES = [[], ["-r"], ["-n"], ["-k2"], ["-k2n"], ["-k2,2n"], ["-k2", "-n"], ["-k2,2", "-n", "-r"], ["-t:", "-k2"],
    ["-t:", "-k2n"], ["-k3"], ["-u", "-k2,2n"], ["-f"], ["-k1,1f"], ["-b", "-k1"], ["-h", "-k2"], ["-s", "-k2,2n"], ["-k2.2"],
    ["-k2n,2", "-k1r"], ["-nr"], ["-k1.1,1.1"], ["-k", "2,2", "-n"], ["-t"], ["-k0"], ["-q"]];
  for (const args of CASES) {
    it(`sort ${args.join(" ")}`, () => {
      expect(run(join(BIN, "sort"), [...args, "s.txt"])).toEqual(run("sort", [...args, "s.txt"]));
    });
  }
});

describe("chmod -v", () => {
  for (const mode of ["644", "u+x", "go-r", "a=rx", "u=rw,go=r", "+x", "o+t", "g+s", "u+w,o-x", "a+X", "4755", "9z"]) {
    it(`chmod -v ${mode}`, () => {
      const sub = join(dir, `chmod-${mode.replace(/[^a-z0-9]/gi, "_")}`);
      mkdirSync(join(sub, "g"), { recursive: true });
      mkdirSync(join(sub, "h"), { recursive: true });
      writeFileSync(join(sub, "g", "f"), "");
      writeFileSync(join(sub, "h", "f"), "");
      run("chmod", ["600", "f"], join(sub, "g"));
      run("chmod", ["600", "f"], join(sub, "h"));
      const g = run(join(BIN, "chmod"), ["-v", mode, "f"], join(sub, "g")), h = run("chmod", ["-v", mode, "f"], join(sub, "h"));
      expect(g.status).toBe(h.status);
      expect(g.out).toBe(h.out.replace(/[\u2018\u2019]/g, "'"));
      expect(run("stat", ["-c", "%a", "f"], join(sub, "g")).out).toBe(run("stat", ["-c", "%a", "f"], join(sub, "h")).out);
    });
  }
  it("a missing file and a missing operand", () => {
    expect(run(join(BIN, "chmod"), ["644", "nosuch"])).toEqual(run("chmod", ["644", "nosuch"]));
    expect(run(join(BIN, "chmod"), [])).toEqual(run("chmod", []));
  });
});

describe("date and which", () => {
  const T = "@1700000000";
  for (const f of [[], ["+%Y-%m-%d %H:%M:%S"], ["+%s"], ["-R"], ["-Iseconds"], ["-I"], ["+%a %A %b %B %j %e %k %l %p %r %D %y %C %u %w %:z %%"], ["+%c"], ["+%F %T %Z"]]) {
    it(`date -d ${T} ${f.join(" ")}`, () => {
      expect(run(join(BIN, "date"), ["-d", T, ...f])).toEqual(run("date", ["-d", T, ...f]));
    });
  }
  for (const w of [["ls"], ["nosuchcommand"], ["sh", "ls"], ["-a", "sh"]]) {
    it(`which ${w.join(" ")}`, () => {
      expect(run(join(BIN, "which"), w)).toEqual(run("which", w));
    });
  }
});
