/*
 * toolbox-sh.test.ts: the shell habits a kernel engineer brings to the
 * guest: a rejected debugfs write shows the kernel's errno (printf builtin,
 * as bash), $(( )) on kernel addresses wraps as bash's 64-bit arithmetic
 * does (compared with bash itself in tests/user/toolbox-sh.test.ts), and
 * background jobs: jobs, wait, fg, bg and kill %N in a script, then an
 * interactive shell without a terminal (no job control), as bash 5 prints
 * them (the console's job control, Ctrl-Z and "[1]+  Done", is in
 * line-editing.test.ts's pty boot).
 * The virtual clock makes every sleep exact, so the job states are fixed.
 */
import { describe, it, expect } from "vitest";
import { bootGuest, userOutput } from "./guest.ts";

const JOBS = [
  "sleep 1 & jobs; jobs -p | wc -l; wait; echo st=$?",
  "true & sleep 0.1; jobs; echo again; jobs",
  "sleep 5 & kill %1; wait %1; echo st=$?; jobs",
  "fg; echo st=$?; bg; echo st=$?; wait %4; echo st=$?; kill %9; echo st=$?; wait 12345; echo st=$?",
  "sleep 0.3 & sleep 0.1 & false & sleep 0.05; jobs; echo; sleep 0.1; jobs",
  "(exit 3) & sleep 0.1; wait %1; echo $?; wait $!; echo $?; jobs",
  "sleep 2 | cat & echo x > /dev/null 2>&1 & sleep 0.5; jobs -l | sed 's/[0-9][0-9]* /N /'; kill %1; wait",
  "printf 'sleep 0.1 &\\nsleep 0.3\\necho next\\nsleep 0.2 & wait\\n(exit 3) &\\nsleep 0.1\\njobs\\nsleep 1 &\\nfg\\nbg\\n' | " +
    "sh -i 2>&1 | sed 's/] [0-9]*$/] PID/'; echo",
].join("\n");

describe("shell", () => {
  it("a trapped signal: wait returns 128+sig at once, read and a foreground command go on (bash's handlers have no SA_RESTART)", () => {
    const r = bootGuest({
      exec: [
        "trap 'echo got' USR1; (sleep 0.4; kill -USR1 $$) & sleep 2 & wait $!; echo rc=$?",
        "(sleep 0.4; kill -USR1 $$) & sleep 2 & wait; echo rc=$?",
        "(sleep 0.4; kill -USR1 $$) & sleep 2 | cat; echo rc=$?",
        "(sleep 2; echo line) | sh -c 'trap \"echo got-in-read\" USR1; (sleep 0.4; kill -USR1 $$) & read x; echo rc=$? x=$x'",
      ].join("\n"),
    });
    expect(userOutput(r)).toEqual(["got", "rc=138", "got", "rc=138", "got", "rc=0", "got-in-read", "rc=0 x=line", ""]);
  });


  it("printf garbage > /sys/kernel/debug/kmemleak reports EINVAL; address arithmetic wraps; jobs as bash", () => {
    const r = bootGuest({
      append: "kmemleak=on",
      exec: "printf garbage > /sys/kernel/debug/kmemleak; echo rc=$?; printf scan > /sys/kernel/debug/kmemleak; echo rc=$?; " +
        "echo $((0xffff888007fee048+4)); printf '%x\\n' $((0xffff888007fee048+4)); echo $((1<<64)) $((-9223372036854775807-1))\n" + JOBS,
    });
    expect(userOutput(r)).toEqual([
      "sh: printf: write error: Invalid argument", "rc=1", "rc=0",
      "-131391505375156", "ffff888007fee04c", "1 -9223372036854775808",
      /* jobs in a script: bash's lines (its "script: line N: " prefix is our "sh: ") */
      "[1]+  Running                 sleep 1 &", "1", "st=0",
      "[1]+  Done                    true", "again",
      "st=143",
      "sh: fg: no job control", "st=1", "sh: bg: no job control", "st=1", "sh: wait: %4: no such job", "st=127",
      "sh: kill: %9: no such job", "st=1", "sh: wait: pid 12345 is not a child of this shell", "st=127",
      "[1]   Running                 sleep 0.3 &", "[2]-  Running                 sleep 0.1 &", "[3]+  Exit 1                  false",
      "", "[1]-  Running                 sleep 0.3 &", "[2]+  Done                    sleep 0.1",
      "0", "3",
      /* -l: the pids in 5 columns; each process of a pipeline on its own line */
      expect.stringMatching(/^\[1\]- {1,4}N Running {17}sleep 2$/), expect.stringMatching(/^ {5,8}N {23}\| cat &$/),
      expect.stringMatching(/^\[2\]\+ {1,4}N Done {20}echo x > \/dev\/null 2>&1$/),
      /* sh -i on a pipe: interactive without job control, as bash -i there ("[1] PID", no Done lines, no fg) */
      "# [1] PID", "# # next",
      "# [1] PID",
      "# [1] PID",
      "# # # [1] PID", "# sh: fg: no job control", "# sh: bg: no job control", "# ", "",
    ]);
  });
});
