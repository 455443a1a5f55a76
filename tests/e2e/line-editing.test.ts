/*
 * line-editing.test.ts: the guest shell's line editor on the console of
 * `kmemlab boot` (a real pty via node-pty): type a line and fix it with
 * Left/Backspace/insertion, recall it with Up, edit and run it again, walk
 * the history, Ctrl-U/Ctrl-K/Ctrl-W/Ctrl-L, Ctrl-C at the prompt. The
 * scenario is shared with the native test (tests/user/line-editing.ts).
 * Then job control in the same boot: Ctrl-Z stops the foreground job (the
 * tty's SIGTSTP to its process group, TASK_STOPPED, wait4's WUNTRACED),
 * jobs and ps show it stopped, bg and fg continue it, kill %1 ends it, with
 * bash's lines.
 */
import { describe, it, expect } from "vitest";
import { spawn } from "node-pty";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { step, editingScenario } from "../user/line-editing.ts";
import { Screen } from "../screen.ts";

describe("line editing on the guest console", () => {
  it("edits, recalls and abandons lines; commands still get Ctrl-C", async () => {
    const p = spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual"],
      { name: "xterm", cols: 100, rows: 30, cwd: ROOT, env: process.env as Record<string, string> });
    const s = new Screen(p, 30_000);
    const exit = new Promise<number>((ok) => p.onExit((e) => ok(e.exitCode)));
    await s.wait(/\n# $/, 60_000);
    // Ctrl-A is the console's escape key: Ctrl-A Ctrl-A sends one to the guest
    await editingScenario(s, "\x01\x01");
    // the terminal is back in canonical mode with ISIG while a command runs
    const started = s.wait(/\nstarted\n/);
    p.write("sh -c 'echo started; while true; do true; done'\r");
    await started;
    const prompt = s.wait(/\n# $/);
    p.write("\x03");
    await prompt;
    expect(await step(s, "echo $?\r")).toEqual({ line: "# echo $?", output: "130\n" });
    // job control: ^Z once the job has said it started; fg shows its command once it has it back
    const LOOP = "sh -c 'echo started; while true; do sleep 5; done'", from = s.text.length;
    await s.type(LOOP + "\r", /started\n/);
    await s.type("\x1a", /\n# $/);
    await s.type("jobs; grep State /proc/$(jobs -p)/status\r", /\n# $/);
    await s.type("bg\r", /\n# $/);
    await s.type("jobs\r", /\n# $/);
    await s.type("fg\r", /while true; do sleep 5; done'\n/);
    await s.type("\x1a", /\n# $/);
    await s.type("echo $?; kill %1\r", /\n# $/);
    await s.type("jobs; sleep 1 & sleep 2\r", /Done[^]*\n# $/);
    expect(s.text.slice(from).split("\n")).toEqual([
      LOOP, "started", "^Z", `[1]+  Stopped                 ${LOOP}`,
      "# jobs; grep State /proc/$(jobs -p)/status", `[1]+  Stopped                 ${LOOP}`, "State:\tT (stopped)",
      "# bg", `[1]+ ${LOOP} &`,
      "# jobs", `[1]+  Running                 ${LOOP} &`,
      "# fg", LOOP, "^Z", `[1]+  Stopped                 ${LOOP}`,
      "# echo $?; kill %1", "148", `[1]+  Terminated              ${LOOP}`,
      "# jobs; sleep 1 & sleep 2", expect.stringMatching(/^\[1\] \d+$/), "[1]+  Done                    sleep 1", "# ",
    ]);
    p.write("\x01x");
    expect(await exit).toBe(0);
  }, 60_000);
});
