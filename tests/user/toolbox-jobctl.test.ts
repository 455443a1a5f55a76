/*
 * toolbox-jobctl.test.ts: usertests' jobctl case on the host's Linux, on a
 * real pseudo-terminal (node-pty): the SIGTTIN / SIGTTOU stops, EIO for an
 * ignored SIGTTIN and an orphaned group, and TIOCSPGRP's refusals the
 * guest's kernel gives (tests/e2e/job-control.test.ts runs the same case
 * on the guest console). Then stty's bad input against coreutils' stty.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawn } from "node-pty";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildUser, BIN } from "./helpers.ts";

beforeAll(() => buildUser());

function onPty(file: string, args: string[]): Promise<{ out: string; status: number }> {
  const p = spawn(file, args, { name: "xterm", cols: 100, rows: 30, env: { PATH: BIN, LC_ALL: "C" } });
  let out = "";
  p.onData((d) => (out += d));
  return new Promise((ok) => p.onExit((e) => ok({ out: out.replace(/\r\n/g, "\n"), status: e.exitCode })));
}

describe("terminal job control on the host's kernel", () => {
  it("usertests jobctl passes on a pty", async () => {
    expect(await onPty(join(BIN, "usertests"), ["jobctl"])).toEqual({ out: "jobctl: OK\n", status: 0 });
  });
  it("usertests jobctl without a terminal says what it needs", () => {
    const r = spawnSync(join(BIN, "usertests"), ["jobctl"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect([r.stdout, r.status]).toEqual(["jobctl: FAILED (stdin and stderr must be a terminal)\n", 1]);
  });
});

describe("stty against coreutils", () => {
  it("an unknown setting, and no terminal", async () => {
    for (const args of [["nosuch"], ["-tostop", "bogus"]]) {
      const g = await onPty(join(BIN, "stty"), args), h = await onPty("/usr/bin/stty", args);
      expect(g).toEqual({ ...h, out: h.out.replace("/usr/bin/stty", "stty").replace("/usr/bin/stty", "stty") });
      expect(g.status).toBe(1);
    }
    const g = spawnSync(join(BIN, "stty"), ["tostop"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const h = spawnSync("/usr/bin/stty", ["tostop"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { LC_ALL: "C" } });
    expect([g.stderr, g.status]).toEqual([h.stderr.replace("/usr/bin/stty", "stty"), h.status]);
  });
  it("tostop set and cleared as coreutils reads it back", async () => {
    const r = await onPty("/bin/sh", ["-c", `${join(BIN, "stty")} tostop; /usr/bin/stty -a | grep -o ' -*tostop'; ${join(BIN, "stty")} -tostop; /usr/bin/stty -a | grep -o ' -*tostop'`]);
    expect(r).toEqual({ out: " tostop\n -tostop\n", status: 0 });
  });
});
