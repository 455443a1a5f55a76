/*
 * toolbox-slabtop.test.ts: the guest's slabtop -o run natively over the
 * host's /proc/slabinfo and compared with procps-ng's slabtop: the
 * summary's labels, the header, each row's layout, and the order of the
 * caches for every sort key whose values do not move between the two
 * runs (names, object sizes, objects per slab, pages per slab).
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildUser, BIN } from "./helpers.ts";

const run = (bin: string, args: string[]) => {
  const r = spawnSync(bin, args, { encoding: "utf8", env: { PATH: "/usr/bin:/bin", LC_ALL: "C" } });
  return { out: r.stdout + r.stderr, status: r.status };
};
const readable = existsSync("/proc/slabinfo") && run("cat", ["/proc/slabinfo"]).status === 0;

beforeAll(() => buildUser());

// /proc/slabinfo is root's (0400): where it cannot be read, both tools can only fail, and that is what is checked
function withSlabinfo(check: () => void) {
  return () => {
    if (readable) return check();
    const g = run(join(BIN, "slabtop"), ["-o"]);
    expect(g.status).toBe(1);
    expect(g.out).toMatch(/^fopen \/proc\/slabinfo: /);
    expect(run("slabtop", ["-o"]).status).not.toBe(0);
  };
}

describe("slabtop -o against procps-ng", () => {
  it("summary labels, header, and each row in procps's column layout", withSlabinfo(() => {
    const g = run(join(BIN, "slabtop"), ["-o"]).out.split("\n"), h = run("slabtop", ["-o"]).out.split("\n");
    expect(g.slice(0, 5).map((l) => l.replace(/:.*/, ""))).toEqual(h.slice(0, 5).map((l) => l.replace(/:.*/, "")));
    expect(g.slice(5, 7)).toEqual(h.slice(5, 7));
    const row = /^[ \d]{6} [ \d]{6} [ \d]{3}% [ \d]{4}\.\d\dK [ \d]{6} [ \d]{8} [ \d]{9}K \S+ *$/;
    for (const l of g.slice(7, -1)) expect(l).toMatch(row);
    expect(g.length).toBe(h.length);
  }));
  for (const key of ["n", "s", "b", "p"]) {
    it(`slabtop -o -s ${key}: the same caches in the same order, with the same sizes`, withSlabinfo(() => {
      const cols = (s: string) => s.split("\n").slice(7, -1).map((l) => { const c = l.trim().split(/ +/); return `${c[7]} ${c[3]} ${c[5]}`; });
      expect(cols(run(join(BIN, "slabtop"), ["-o", "-s", key]).out)).toEqual(cols(run("slabtop", ["-o", "-s", key]).out));
    }));
  }
  it("--help", () => {
    expect(run(join(BIN, "slabtop"), ["--help"])).toEqual(run("slabtop", ["--help"]));
  });
});
