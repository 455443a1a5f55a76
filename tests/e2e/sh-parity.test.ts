/*
 * sh-parity.test.ts: the same shell scripts (tests/e2e/sh-scripts/*.sh:
 * pipes, redirections, expansions, control flow, here-documents, read,
 * test, quoting, exit statuses, tool pipelines, error messages) run
 * natively on the host with build/user/bin/sh and in the guest, which must
 * agree on each script's stdout, stderr and exit status.
 *
 * The guest runs them all in one boot from /mnt/host (--share): each
 * script's stdout and stderr go to files in /tmp, printed after a
 * "@@@ name status" line; an "echo" after each file keeps a missing final
 * newline visible (one "\n" is removed again when parsing).
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { BIN, buildUser, tmp } from "../user/helpers.ts";
import { bootGuest, userOutput } from "./guest.ts";

const DIR = join(ROOT, "tests/e2e/sh-scripts");
const scripts = readdirSync(DIR).filter((f) => f.endsWith(".sh")).sort();

interface Result { stdout: string; stderr: string; status: number | null }

function native(name: string): Result {
  const work = tmp();
  try {
    const r = spawnSync(join(BIN, "sh"), [join(DIR, name)], {
      cwd: work, input: "", encoding: "utf8", timeout: 10_000,
      env: { PATH: BIN, HOME: "/root", TMPDIR: work },
    });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const RUNNER = `for f in /mnt/host/*.sh; do
  sh $f >/tmp/o 2>/tmp/e </dev/null
  s=$?
  echo "@@@ \${f##*/} $s"; cat /tmp/o; echo
  echo "@@@ stderr"; cat /tmp/e; echo
done
echo "@@@ end"`;

function guest(): Map<string, Result> {
  const r = bootGuest({ exec: RUNNER, extra: ["--share", DIR] });
  expect(r.status, r.stderr).toBe(0);
  const text = userOutput(r).join("\n");
  const res = new Map<string, Result>();
  const parts = text.split(/^@@@ /m).slice(1);
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const head = /^(\S+) (\d+)\n([\s\S]*)\n$/.exec(parts[i]);
    const err = /^stderr\n([\s\S]*)\n$/.exec(parts[i + 1]);
    if (!head || !err) throw new Error(`cannot parse the guest's output near ${JSON.stringify(parts[i].slice(0, 200))}`);
    res.set(head[1], { stdout: head[3], stderr: err[1], status: Number(head[2]) });
  }
  expect(parts[parts.length - 1]).toMatch(/^end\n?$/);
  return res;
}

let inGuest: Map<string, Result>;
beforeAll(() => {
  buildUser();
  inGuest = guest();
}, 120_000);

describe("sh parity: host and guest", () => {
  it("has the scripts", () => {
    expect(scripts.length).toBeGreaterThanOrEqual(30);
    expect([...inGuest.keys()]).toEqual(scripts);
  });

  it.each(scripts)("%s", (name) => {
    const host = native(name);
    expect(host.stdout.length + host.stderr.length).toBeGreaterThan(0);
    expect(inGuest.get(name)).toEqual(host);
  });
});
