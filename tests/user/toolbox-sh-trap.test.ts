/*
 * toolbox-sh-trap.test.ts: the guest shell's trap, set -o pipefail and the
 * time keyword against bash on the same scripts: EXIT traps (in the shell,
 * in a subshell, with exit inside the trap), signal traps run between
 * commands, ignored signals, the trap listing, pipefail's status, and
 * time's report (its figures masked: they are the run's own).
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildUser, BIN } from "./helpers.ts";

beforeAll(() => buildUser());

function run(shell: string, script: string) {
  const args = shell === "/bin/bash" ? ["--norc", "--noprofile", "-c", script] : ["-c", script];
  const r = spawnSync(shell, args, { encoding: "utf8", env: { PATH: `${BIN}:/usr/bin:/bin` } });
  return { out: (r.stdout + r.stderr).replace(/^(\/bin\/bash|bash|sh): (line 1: )?/gm, "SH: ").replace(/\d+m\d+\.\d{3}s|\d+\.\d\d$/gm, "T"), status: r.status };
}

const SCRIPTS = [
  "false | true; echo $?; set -o pipefail; false | true; echo $?; true | false | true; echo $?; (exit 3) | (exit 4) | true; echo $?; set +o pipefail; false | true; echo $?",
  "set -o nosuch; echo $?", "set -o | grep -E 'errexit|pipefail|xtrace'; set -o pipefail; set +o | grep pipefail",
  "trap 'echo bye' EXIT; echo hi", "trap 'echo got usr1' USR1; kill -USR1 $$; echo after",
  "trap 'echo a' INT; trap; trap - INT; trap; echo done", "trap 'echo x' NOSIG; echo rc=$?",
  "trap '' USR1; kill -USR1 $$; echo survived", "f() { trap 'echo in-exit' EXIT; }; f; echo end",
  "(trap 'echo sub' EXIT; echo insub); echo outer", "trap 'echo parent' EXIT; (echo child); echo x",
  "trap 'echo t; exit 5' EXIT; exit 2", "trap 'echo $?' EXIT; (exit 7)", "trap \"echo it's\" TERM; trap",
  "time true", "time -p true", "time false; echo $?", "time ! false; echo $?", "time sleep 0 | true",
];

describe("trap, pipefail, time against bash", () => {
  for (const s of SCRIPTS) {
    it(s, () => {
      expect(run(join(BIN, "sh"), s)).toEqual(run("/bin/bash", s));
    });
  }
});

/*
 * A trapped signal during a blocking builtin: bash installs its handlers
 * without SA_RESTART, so `wait` returns 128+sig at once and the trap runs,
 * while `read` runs the trap and goes on reading. The signal comes 0.4 s in,
 * the awaited command or the input 1.5 s later.
 */
const INTERRUPTED = [
  "trap 'echo got' USR1; (sleep 0.4; kill -USR1 $$) & sleep 2 & wait $!; echo rc=$?",
  "trap 'echo got' USR1; (sleep 0.4; kill -USR1 $$) & sleep 2 & wait; echo rc=$?",
  "trap 'echo got' USR1; (sleep 0.4; kill -USR1 $$) & sleep 2 | cat; echo rc=$?",
];
describe("a trap interrupts wait, not read or a foreground command, as in bash", () => {
  for (const s of INTERRUPTED) {
    it(s, () => {
      const ours = run(join(BIN, "sh"), s);
      expect(ours).toEqual({ out: "got\nrc=" + (s.includes("wait") ? "138" : "0") + "\n", status: 0 });
      expect(run("/bin/bash", s)).toEqual(ours);
    });
  }
  it("read: the trap runs, the read goes on", () => {
    const inner = "trap 'echo got' USR1; (sleep 0.4; kill -USR1 $$) & read x; echo rc=$? x=$x";
    for (const shell of [join(BIN, "sh"), "/bin/bash"]) {
      const r = spawnSync("/bin/bash", ["-c", `(sleep 2; echo line) | ${shell} -c "$0"`, inner], { encoding: "utf8", env: { PATH: `${BIN}:/usr/bin:/bin` } });
      expect([r.stdout, r.status]).toEqual(["got\nrc=0 x=line\n", 0]);
    }
  });
});
