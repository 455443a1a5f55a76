/*
 * line-editing.test.ts: the interactive sh's line editor and history, run
 * natively on a host pty (node-pty): the same editing scenario as
 * tests/e2e/line-editing.test.ts, plus Ctrl-C while a command runs (the
 * terminal is back in canonical mode with ISIG) and Ctrl-D at an empty line.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawn } from "node-pty";
import { join } from "node:path";
import { buildUser, BIN } from "./helpers.ts";
import { step, editingScenario, KEY } from "./line-editing.ts";
import { Screen } from "../screen.ts";

beforeAll(() => buildUser());

function start(): { s: Screen; exit: Promise<number> } {
  const p = spawn(join(BIN, "sh"), ["-i"], { name: "xterm", cols: 100, rows: 30, env: { PATH: BIN, HOME: "/root", TERM: "xterm" } });
  const s = new Screen(p, 30_000);
  const exit = new Promise<number>((ok) => p.onExit((e) => ok(e.exitCode)));
  return { s, exit };
}

describe("sh line editing on the host", () => {
  it("edits, recalls and abandons lines", async () => {
    const { s, exit } = start();
    await s.wait(/^# $/);
    await editingScenario(s, "\x01");
    s.p.write(KEY.ctrlD);
    expect(await exit).toBe(0);
    expect(s.text.endsWith("# \n")).toBe(true);
  });

  it("runs commands with the terminal restored: Ctrl-C interrupts them; Ctrl-D exits with $?", async () => {
    const { s, exit } = start();
    await s.wait(/^# $/);
    const started = s.wait(/\nstarted\n/);
    s.p.write("sh -c 'echo started; while true; do true; done'\r");
    await started;
    // the terminal echoes "^C" (ECHOCTL) without a newline; the shell ends the line, as bash does
    const prompt = s.wait(/\^C\n?# $/);
    s.p.write(KEY.ctrlC);
    await prompt;
    expect(await step(s, "echo $?\r")).toEqual({ line: "# echo $?", output: "130\n" });
    // a command reading the terminal gets canonical lines, echoed by the terminal
    // (once "go" shows, the editor has restored the terminal)
    const go = s.wait(/\ngo\n/);
    const done = step(s, "echo go; read a b; echo \"[$b][$a]\"\r");
    await go;
    s.p.write("one two\r");
    expect(await done).toEqual({ line: "# echo go; read a b; echo \"[$b][$a]\"", output: "go\none two\n[two][one]\n" });
    expect(await step(s, "false\r")).toEqual({ line: "# false", output: "" });
    s.p.write(`echo x${KEY.ctrlU}${KEY.ctrlD}`);
    expect(await exit).toBe(1);
  });
});
