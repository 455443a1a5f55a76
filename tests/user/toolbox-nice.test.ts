/*
 * toolbox-nice.test.ts: the guest's nice and renice run natively, compared
 * with coreutils' nice and util-linux's renice on the host: the same
 * output and status for the same arguments (renice on a sleeping child,
 * each tool given a fresh child so that "old priority" is the same).
 */
import { describe, it, expect, beforeAll, afterEach } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { buildUser, BIN } from "./helpers.ts";

const run = (bin: string, args: string[]) => {
  const r = spawnSync(bin, args, { encoding: "utf8", env: { PATH: "/usr/bin:/bin", LC_ALL: "C" } });
  return { out: (r.stdout + r.stderr).replace(/^\d+ \(process ID\)/, "PID (process ID)"), status: r.status };
};
let kids: ChildProcess[] = [];
const child = () => { const c = spawn("sleep", ["1000"], { stdio: "ignore" }); kids.push(c); return String(c.pid); };

beforeAll(() => buildUser());
afterEach(() => { for (const k of kids) k.kill(); kids = []; });

describe("nice", () => {
  for (const args of [[], ["-n", "5", "nice"], ["-3", "nice"], ["-n", "x", "true"], ["nosuchcommand"], ["-z"], ["--adjustment=2", "nice"]]) {
    it(`nice ${args.join(" ")}`, () => {
      const g = run(join(BIN, "nice"), args), h = run("nice", args);
      expect(g).toEqual(h);
    });
  }
});

describe("renice", () => {
  for (const form of [["5"], ["-n", "7", "-p"], ["+3", "-p"], ["2", "-p", "99999", "-p"]]) {
    it(`renice ${form.join(" ")} PID`, () => {
      const g = run(join(BIN, "renice"), [...form, child()]), h = run("renice", [...form, child()]);
      expect(g).toEqual(h);
    });
  }
  for (const args of [[], ["x", "1"], ["2", "99999"]]) {
    it(`renice ${args.join(" ")}`, () => {
      expect(run(join(BIN, "renice"), args)).toEqual(run("renice", args));
    });
  }
});
