/*
 * toolbox-files.test.ts: the guest's cp, ln (symbolic and hard), mv,
 * touch and stat run natively on the host, side by side with GNU coreutils
 * in two scratch directories: the same messages and statuses, the same
 * resulting files (contents, modes, link counts, link targets, times set
 * with touch -d), and stat's default display and -c formats field for
 * field; readlink (-f/-e/-m, -n, -v, -z) and ls -l /proc/self/fd give
 * coreutils' output for the same descriptors; usertests' rename, link,
 * stop, at and procfd cases pass on the host's kernel too.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, readFileSync, readlinkSync, statSync, chmodSync, type Stats } from "node:fs";
import { join } from "node:path";
import { buildUser, BIN, tmp } from "./helpers.ts";

let root: string;
const run = (bin: string, args: string[], cwd: string) => {
  const r = spawnSync(bin, args, { encoding: "utf8", cwd, env: { PATH: "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC" } });
  return { out: (r.stdout + r.stderr).replace(/[\u2018\u2019]/g, "'"), status: r.status };
};

/** a fresh pair of directories with the same files: g for the guest's tool, h for the host's */
function pair(name: string): [string, string] {
  const dirs = ["g", "h"].map((s) => join(root, name, s)) as [string, string];
  for (const d of dirs) {
    mkdirSync(join(d, "dir"), { recursive: true });
    writeFileSync(join(d, "a"), "hello\n");
    chmodSync(join(d, "a"), 0o640);
    writeFileSync(join(d, "dir", "f"), "x\n");
  }
  return dirs;
}

beforeAll(() => {
  buildUser();
  root = tmp();
});

describe("cp, ln, touch against coreutils", () => {
  const CASES: [string, string[]][] = [
    ["cp", ["-v", "a", "b"]], ["cp", ["a", "dir"]], ["cp", ["dir", "z"]], ["cp", ["-r", "dir", "copy"]], ["cp", ["a"]], ["cp", []],
    ["cp", ["nosuch", "b"]], ["cp", ["a", "a2", "a3"]], ["cp", ["-p", "a", "kept"]],
    ["ln", ["-sv", "a", "link"]], ["ln", ["-s", "a", "dir"]], ["ln", ["-s"]], ["ln", ["-s", "a", "dir/f"]], ["ln", ["-sf", "a", "dir/f"]],
    ["mv", ["-v", "a", "b"]], ["mv", ["a", "dir"]], ["mv", ["-v", "dir", "a"]], ["mv", ["a", "dir/f"]], ["mv", ["-n", "a", "dir/f"]],
    ["mv", ["dir", "dir/sub"]], ["mv", ["a"]], ["mv", ["nosuch", "b"]], ["mv", ["-T", "a", "dir"]], ["mv", ["-vt", "dir", "a"]],
    ["ln", ["a", "h"]], ["ln", ["-v", "a", "dir"]], ["ln", ["dir", "h"]], ["ln", ["a", "dir/f"]], ["ln", ["-f", "a", "dir/f"]],
    ["rmdir", ["dir"]], ["rmdir", ["a"]], ["rmdir", ["-v", "nosuch"]], ["rmdir", []], ["rmdir", ["-p", "dir/f"]],
    ["touch", ["new"]], ["touch", ["-c", "none"]], ["touch", ["-d", "@1700000000", "a"]], ["touch", []], ["touch", ["-d", "yesterday", "a"]],
  ];
  for (const [tool, args] of CASES) {
    it(`${tool} ${args.join(" ")}`, () => {
      const [g, h] = pair(`${tool}-${args.join("_").replace(/[^\w]/g, "_")}`);
      const rg = run(join(BIN, tool), args, g), rh = run(tool, args, h);
      if (tool === "touch" && args.includes("yesterday")) {
        // GNU touch parses free-form dates; the guest's takes @SECONDS only and says so
        expect(rg).toEqual({ out: "touch: invalid date format 'yesterday'\n", status: 1 });
        return;
      }
      expect(rg.status).toBe(rh.status);
      expect(rg.out).toBe(rh.out);
      for (const f of ["b", "dir/a", "copy/f", "kept", "new", "link", "dir/f", "a", "h"]) {
        let sg: Stats | undefined, sh: Stats | undefined;
        try { sg = statSync(join(g, f)); } catch { /* absent */ }
        try { sh = statSync(join(h, f)); } catch { /* absent */ }
        expect(!!sg).toBe(!!sh);
        if (!sg || !sh) continue;
        expect(sg.mode).toBe(sh.mode);
        expect(sg.nlink).toBe(sh.nlink);
        if (sg.isFile()) expect(readFileSync(join(g, f), "utf8")).toBe(readFileSync(join(h, f), "utf8"));
        if (args.includes("@1700000000") || args.includes("-p")) expect(Math.floor(sg.mtimeMs / 1000)).toBe(Math.floor(sh.mtimeMs / 1000));
      }
      if (args.includes("link")) expect(readlinkSync(join(g, "link"))).toBe(readlinkSync(join(h, "link")));
    });
  }
});

describe("rename(2), link(2), stop signals, system-call restart, the *at calls, /proc/self/fd and getcwd on the host's kernel", () => {
  it("usertests rename link stop restart fork_share at procfd getcwd: the errnos and statuses the guest's kernel gives are Linux's", () => {
    const r = spawnSync(join(BIN, "usertests"), ["rename", "link", "stop", "restart", "fork_share", "at", "procfd", "getcwd"], { encoding: "utf8", cwd: root });
    expect(r.stdout).toBe("rename: OK\nlink: OK\nstop: OK\nrestart: OK\nfork_share: OK\nat: OK\nprocfd: OK\ngetcwd: OK\n");
    expect(r.status).toBe(0);
  });
});

describe("readlink and ls -l /proc/self/fd against coreutils", () => {
  // the same descriptors for both: stdin a file, stdout and stderr sockets (their inode numbers differ)
  const mask = (s: string) => s.replace(/(pipe|socket):\[\d+\]/g, "$1:[N]").replace(/\/proc\/\d+\//g, "/proc/PID/")
    .replace(/\w{3} [ \d]\d \d\d:\d\d/g, "DATE");
  const both = (tool: string, args: string[], cwd: string) => {
    const io = (bin: string) => {
      const r = spawnSync("sh", ["-c", 'exec "$@" < a', "sh", bin, ...args], { encoding: "utf8", cwd, env: { PATH: "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC" } });
      return { out: mask(r.stdout + "|" + r.stderr), status: r.status };
    };
    return [io(join(BIN, tool)), io(tool)];
  };
  it("ls -l /proc/self/fd: the links, their modes and targets, ls's own directory among them", () => {
    const [g] = pair("ls-procfd");
    const [rg, rh] = both("ls", ["-l", "/proc/self/fd"], g);
    expect(rg).toEqual(rh);
    expect(rg.out).toContain(`lr-x------ 1 root root 64 DATE 0 -> ${g}/a\n`);
  });
  const CASES: string[][] = [
    ["/proc/self/fd/0"], ["/proc/self/fd/1"], ["-f", "/proc/self/fd/0"], ["-e", "/proc/self/fd/1"], ["-m", "/proc/self/fd/1"],
    ["l"], ["-f", "l"], ["-v", "a"], ["a"], ["-n", "l"], ["-n", "l", "l"], ["-z", "l"], ["-e", "-v", "nosuch/x"],
    ["-f", "nosuch"], ["-f", "nosuch/x"], ["-m", "nosuch/../a/x"], ["-f", "dir/../l"], [], ["-x", "l"], ["-ev", "a/x"],
  ];
  for (const args of CASES) {
    it(`readlink ${args.join(" ")}`, () => {
      const [g] = pair(`readlink-${args.join("_").replace(/[^\w]/g, "_")}`);
      run("ln", ["-s", "a", "l"], g);
      const [rg, rh] = both("readlink", args, g);
      expect(rg).toEqual(rh);
    });
  }
});

describe("stat against coreutils", () => {
  it("the default display, line for line (times and inode are the file's own)", () => {
    const [g] = pair("stat-default");
    run("ln", ["-s", "a", "l"], g);
    for (const f of ["a", "dir", "l"]) {
      const sg = run(join(BIN, "stat"), [f], g).out.split("\n"), sh = run("stat", [f], g).out.split("\n");
      // the access time moves as the two read the file (stat reads a link's target): the rest, exactly
      expect([...sg.slice(0, 4), ...sg.slice(5, 7)]).toEqual([...sh.slice(0, 4), ...sh.slice(5, 7)]);
      expect(sg[7]).toBe(" Birth: -");	// no statx in the lab's kernel
    }
  });
  it("-c formats", () => {
    const [g] = pair("stat-format");
    run("ln", ["-s", "a", "l"], g);
    const fmt = "%n|%s|%a|%A|%F|%h|%u|%U|%g|%G|%N|%i|%b|%B|%o|%Y|%y|%f";
    expect(run(join(BIN, "stat"), ["-c", fmt, "a", "l", "dir"], g)).toEqual(run("stat", ["-c", fmt, "a", "l", "dir"], g));
    expect(run(join(BIN, "stat"), ["-L", "-c", "%n %F %s", "l"], g)).toEqual(run("stat", ["-L", "-c", "%n %F %s", "l"], g));
  });
  it("a missing file and a missing operand", () => {
    const [g] = pair("stat-missing");
    expect(run(join(BIN, "stat"), ["nosuch"], g)).toEqual(run("stat", ["nosuch"], g));
    expect(run(join(BIN, "stat"), [], g)).toEqual(run("stat", [], g));
  });
});
