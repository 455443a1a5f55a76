/*
 * job-control.test.ts: the terminal's job-control signals on the guest
 * console (a real pty): a background job that reads the terminal stops
 * with SIGTTIN, one that writes with `stty tostop` with SIGTTOU; the
 * interactive shell says so before the next prompt as bash does ("Stopped",
 * the signal named only by jobs -l: "Stopped (tty input)" / "(tty
 * output)"); fg continues the job in the foreground, where its read,
 * restarted by the kernel after the stop, gets the typed line. The lines
 * are bash 5.2's for the same keys (PIDs masked; bash on a host pty gives
 * them line for line). Then usertests' jobctl
 * case on the same terminal: EIO for an ignored SIGTTIN and an orphaned
 * group, SIGTTOU for a background TCSETS or TIOCSPGRP, TIOCSPGRP's ESRCH,
 * EINVAL, EPERM and ENOTTY (the same binary passes on the host's Linux in
 * tests/user/toolbox-jobctl.test.ts).
 */
import { describe, it, expect } from "vitest";
import { bootPty } from "./pty.ts";

describe("job control signals on the console", () => {
  it("SIGTTIN and SIGTTOU stop background jobs; jobs -l names the signal; fg resumes the read", async () => {
    const { s, exit } = bootPty();
    await s.wait(/\n# $/);
    const from = s.text.length;
    const prompt = /\n# $/;
    for (const keys of ["cat & sleep 0.2; echo after\r", "jobs\r", "jobs -l\r"]) await s.type(keys, prompt);
    await s.type("fg\r", /\ncat\n$/);
    await s.type("hello\r", /hello\nhello\n$/);
    await s.type("\x04", /^# $/);	// cat's end: the prompt right after its output
    for (const keys of ["stty tostop; echo out & sleep 0.2\r", "cat & sleep 0.2\r", "jobs -l\r",
      "stty -tostop; fg %1\r", "kill -KILL %2; sleep 0.1\r", "jobs; echo rc=$?\r", "usertests jobctl; echo rc=$?\r"]) await s.type(keys, prompt);
    // PIDs masked: "[1] 27004" and jobs -l's "[1]+ 27004 "
    const lines = s.text.slice(from).replace(/^(\[\d\]) \d+$/gm, "$1 PID").replace(/^(\[\d\][ +-]) +\d+ /gm, "$1 PID ").split("\n");
    expect(lines).toEqual([
      "cat & sleep 0.2; echo after", "[1] PID", "", "[1]+  Stopped                 cat", "after",
      "# jobs", "[1]+  Stopped                 cat",
      "# jobs -l", "[1]+ PID Stopped (tty input)     cat",
      "# fg", "cat", "hello", "hello",
      "# stty tostop; echo out & sleep 0.2", "[1] PID", "", "[1]+  Stopped                 echo out",
      "# cat & sleep 0.2", "[2] PID", "", "[2]+  Stopped                 cat",
      "# jobs -l", "[1]- PID Stopped (tty output)    echo out", "[2]+ PID Stopped (tty input)     cat",
      "# stty -tostop; fg %1", "echo out", "out",
      "# kill -KILL %2; sleep 0.1", "[2]+  Killed                  cat",
      "# jobs; echo rc=$?", "rc=0",
      "# usertests jobctl; echo rc=$?", "jobctl: OK", "rc=0",
      "# ",
    ]);
    s.p.write("poweroff\r");
    expect(await exit).toBe(0);
  });

  it("a subshell has no job control of its own: $( ), ( ) and a pipeline's compound command run to the end, as in bash", async () => {
    const { s, exit } = bootPty();
    await s.wait(/\n# $/);
    const from = s.text.length;
    const prompt = /\n# $/;
    const f = "/tmp/twelve";
    for (const keys of [`seq 12 > ${f}; [ "$(cat ${f} | wc -c)" = "$(wc -c < $(dirname ${f})/twelve)" ] && echo same\r`, `(wc -l < ${f}; cat ${f} | wc -l)\r`,
      `{ wc -l < ${f}; } | cat; x=$(sh -c 'wc -l < ${f}'); echo x=$x\r`, "jobs; echo rc=$?\r"]) await s.type(keys, prompt);
    expect(s.text.slice(from).split("\n")).toEqual([
      `seq 12 > ${f}; [ "$(cat ${f} | wc -c)" = "$(wc -c < $(dirname ${f})/twelve)" ] && echo same`, "same",
      `# (wc -l < ${f}; cat ${f} | wc -l)`, "12", "12",
      `# { wc -l < ${f}; } | cat; x=$(sh -c 'wc -l < ${f}'); echo x=$x`, "12", "x=12",
      "# jobs; echo rc=$?", "rc=0",
      "# ",
    ]);
    s.p.write("poweroff\r");
    expect(await exit).toBe(0);
  });
});
