/*
 * toolbox-procps.test.ts: the guest's uptime, vmstat, top, pidof, pgrep
 * and pkill run natively on the host's /proc and compared with procps-ng
 * 4.0 on the host: byte for byte where the two read the same stable
 * values (uptime's forms, pgrep/pidof over two sleeping children, error
 * messages and exit statuses), and line by line in layout (headers,
 * column widths, the summary lines) where the figures move between the
 * two runs (vmstat, top). The host's pidof is sysvinit's, so only the
 * forms both implement are compared.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { buildUser, BIN, tmp } from "./helpers.ts";

let kids: ChildProcess[] = [];

function run(bin: string, args: string[]): { out: string; status: number | null } {
  const r = spawnSync(bin, args, { encoding: "utf8", env: { PATH: "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC" } });
  return { out: r.stdout + r.stderr, status: r.status };
}
const guest = (tool: string, args: string[]) => run(join(BIN, tool), args);
const host = (tool: string, args: string[]) => run(tool, args);

beforeAll(async () => {
  buildUser();
  // two sleeping children named like no other process on the host (a copy of sleep, so comm and argv[0] agree)
  const bin = join(tmp(), "kmemlabsleeper");
  copyFileSync("/bin/sleep", bin);
  chmodSync(bin, 0o755);
  for (let i = 0; i < 2; i++) kids.push(spawn(bin, ["1000"], { stdio: "ignore" }));
  for (let i = 0; i < 200; i++) {
    if (host("pgrep", ["-c", "-x", "-r", "S", "kmemlabsleeper"]).out.trim() === "2") break;
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(host("pgrep", ["-c", "-x", "-r", "S", "kmemlabsleeper"]).out.trim()).toBe("2");
});

afterAll(() => {
  for (const k of kids) k.kill();
});

describe("uptime", () => {
  for (const args of [[], ["-p"], ["-s"], ["--pretty"], ["-V"], ["-h"], ["-x"], ["--bogus"], ["extra"]]) {
    it(`uptime ${args.join(" ")}`, () => {
      const g = guest("uptime", args), h = host("uptime", args);
      // the clock may tick between the two runs: compare the plain form without its seconds
      const strip = (s: string) => (args.length ? s : s.replace(/^ \d\d:\d\d:\d\d/, " HH:MM:SS").replace(/load average: .*/, "load average:"));
      expect(strip(g.out)).toBe(strip(h.out));
      expect(g.status).toBe(h.status);
    });
  }
});

describe("pgrep, pkill, pidof", () => {
  const pg = [["kmemlabsleeper"], ["-l", "kmemlab"], ["-a", "kmemlabsleeper"], ["-c", "kmemlab"], ["-d,", "kmemlabsleeper"],
    ["-n", "kmemlabsleeper"], ["-o", "kmemlabsleeper"], ["-x", "kmemlabsleepe"], ["-x", "-l", "kmemlabsleeper"],
    ["-i", "KMEMLABSLEEPER"], ["-f", "-l", "kmemlabsleeper 1000"], ["-f", "-a", "leeper 10+$"], ["-l", "-x", "kthreadd"], ["-a", "kthreadd"], ["nosuchprocess"],
    ["a", "b"], [], ["("], ["-u", "nosuchuser", "x"], ["-d"], ["-c", "-u", "root", "-x", "kmemlabsleeper"]];
  for (const args of pg) {
    it(`pgrep ${args.join(" ")}`, () => {
      const g = guest("pgrep", args), h = host("pgrep", args);
      if (args.length === 1 && args[0] === "-d") {
        // the usage text lists only the options the guest's pgrep has
        expect(g.out.split("\n")[0]).toBe(h.out.split("\n")[0]);
      } else {
        expect(g.out).toBe(h.out);
      }
      expect(g.status).toBe(h.status);
    });
  }
  for (const args of [["-0", "-e", "kmemlabsleeper"], ["--signal", "0", "-c", "kmemlabsleeper"], ["-9", "-e", "nosuchprocess"], [], ["-BOGUS", "x"]]) {
    it(`pkill ${args.join(" ")}`, () => {
      const g = guest("pkill", args), h = host("pkill", args);
      expect(g.out.split("\n")[0]).toBe(h.out.split("\n")[0]);
      expect(g.status).toBe(h.status);
    });
  }
  for (const args of [["kmemlabsleeper"], ["-s", "kmemlabsleeper"], ["-q", "kmemlabsleeper"], ["nosuchprocess"], [],
    ["kmemlabsleeper", "nosuchprocess"]]) {
    it(`pidof ${args.join(" ")}`, () => {
      const g = guest("pidof", args), h = host("pidof", args);
      expect(g.out).toBe(h.out);
      expect(g.status).toBe(h.status);
    });
  }
  it("pidof -o PID leaves that one out; -S sets the separator", () => {
    const both = host("pidof", ["kmemlabsleeper"]).out.trim().split(" ");
    expect(guest("pidof", ["-o", both[0]!, "kmemlabsleeper"]).out).toBe(`${both[1]}\n`);
    expect(guest("pidof", ["-S", ",", "kmemlabsleeper"]).out).toBe(`${both.join(",")}\n`);
  });
});

/** a line's layout: every right-aligned number (with its padding, decimals, unit) replaced by as many N */
const shape = (l: string) => l.replace(/ *\d+(\.\d+)?[mgte]?/g, (m) => "N".repeat(m.length));

describe("vmstat", () => {
  for (const args of [[], ["-a"], ["-w"], ["-a", "-w"], ["-S", "m"], ["-n", "1", "2"]]) {
    it(`vmstat ${args.join(" ")}: the headers are procps's, each value in its column`, () => {
      const g = guest("vmstat", args).out.split("\n"), h = host("vmstat", args).out.split("\n");
      expect(g.length).toBe(h.length);
      expect(g.slice(0, 2)).toEqual(h.slice(0, 2));
      // as many values as columns, all numbers (the exact widths are checked in the guest, tests/e2e/toolbox-top.test.ts)
      const fields = (l: string) => l.trim().split(/ +/);
      for (let i = 2; i < g.length - 1; i++) {
        expect(fields(g[i]!).length).toBe(fields(h[i]!).length);
        expect(fields(g[i]!).every((f) => /^\d+$/.test(f))).toBe(true);
      }
    });
  }
  it("vmstat -s: procps's labels in procps's order", () => {
    const labels = (s: string) => s.split("\n").map((l) => l.replace(/^ *\d+ /, ""));
    expect(labels(guest("vmstat", ["-s"]).out)).toEqual(labels(host("vmstat", ["-s"]).out));
  });
  for (const args of [["0"], ["1", "x"], ["1", "2", "3"], ["-z"], ["--bogus"], ["-S"], ["-S", "x"]]) {
    it(`vmstat ${args.join(" ")}: the same message and status`, () => {
      const g = guest("vmstat", args), h = host("vmstat", args);
      expect(g.out.split("\n").slice(0, 2)).toEqual(h.out.split("\n").slice(0, 2));
      expect(g.status).toBe(h.status);
    });
  }
});

describe("top -b", () => {
  it("top -b -n 1 -p PID: the five summary lines and the task line in procps's layout", () => {
    const pid = String(kids[0]!.pid);
    const g = guest("top", ["-b", "-n", "1", "-p", pid]).out.split("\n"), h = host("top", ["-b", "-n", "1", "-p", pid]).out.split("\n");
    expect(g.length).toBe(h.length);
    expect(g.map(shape).slice(1)).toEqual(h.map(shape).slice(1));
    expect(shape(g[0]!).replace(/load average: .*/, "")).toBe(shape(h[0]!).replace(/load average: .*/, ""));
    expect(g[6]).toBe("  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND");
    // the sleeper's own fields: PID, user, priority, nice, state, name
    const cols = (l: string) => { const c = l.trim().split(/ +/); return [c[0], c[1], c[2], c[3], c[7], c[11]]; };
    expect(cols(g[7]!)).toEqual(cols(h[7]!));
    expect([cols(g[7]!)[0], cols(g[7]!)[4], cols(g[7]!)[5]]).toEqual([pid, "S", "kmemlabsl+"]);	// cut at 79 columns
  });
  it("two frames, each ending in an empty line", () => {
    const pid = String(kids[0]!.pid);
    const g = guest("top", ["-b", "-n", "2", "-d", "0.1", "-p", pid]).out.split("\n");
    const h = host("top", ["-b", "-n", "2", "-d", "0.1", "-p", pid]).out.split("\n");
    expect(g.map(shape).slice(1, 9)).toEqual(h.map(shape).slice(1, 9));
    expect(g.map((l, i) => (l.startsWith("top - ") || l === "" ? i : -1)).filter((i) => i >= 0))
      .toEqual(h.map((l, i) => (l.startsWith("top - ") || l === "" ? i : -1)).filter((i) => i >= 0));
  });
  for (const args of [["-n", "x"], ["-d", "x"], ["-p", "abc"], ["-u", "nosuchuser"], ["-o", "BAD"], ["-z"]]) {
    it(`top -b ${args.join(" ")}: the same message and status`, () => {
      const g = guest("top", ["-b", "-n", "1", ...args]), h = host("top", ["-b", "-n", "1", ...args]);
      expect(g.out).toBe(h.out);
      expect(g.status).toBe(h.status);
    });
  }
});
