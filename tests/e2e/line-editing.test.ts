/*
 * line-editing.test.ts: the guest shell's line editor on the console of
 * `kmemlab boot` (a real pty via node-pty): type a line and fix it with
 * Left/Backspace/insertion, recall it with Up, edit and run it again, walk
 * the history, Ctrl-U/Ctrl-K/Ctrl-W/Ctrl-L, Ctrl-C at the prompt. The
 * scenario is shared with the native test (tests/user/line-editing.ts).
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
    p.write("\x01x");
    expect(await exit).toBe(0);
  }, 60_000);
});
