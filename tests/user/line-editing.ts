/*
 * line-editing.ts: drives the interactive sh's line editor on a pty, shared
 * by the native test (tests/user/line-editing.test.ts) and the guest test
 * (tests/e2e/line-editing.test.ts).
 *
 * Each step types keys at a "# " prompt and waits for the next prompt. The
 * echoed input line is replayed through a small VT100 model (printable
 * characters, \r, \b, ESC [ K, ESC [ n C/D, ESC [ H, ESC [ J) to get what
 * the screen shows, and the command's output is the text between that line
 * and the next prompt.
 */
import { expect } from "vitest";
import type { Screen } from "../screen.ts";

/** What one terminal line looks like after `s` (no newlines) was written to it. */
export function renderLine(s: string): string {
  let cells: string[] = [];
  let col = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\x1b") {
      const m = /^\x1b\[(\d*)([A-Za-z])/.exec(s.slice(i));
      if (!m) throw new Error(`unexpected escape sequence at ${JSON.stringify(s.slice(i, i + 8))}`);
      const n = m[1] === "" ? 1 : Number(m[1]);
      if (m[2] === "K") cells = cells.slice(0, col);
      else if (m[2] === "C") col += n;
      else if (m[2] === "D") col = Math.max(0, col - n);
      else if (m[2] === "H") col = 0;
      else if (m[2] === "J") cells = [];
      else throw new Error(`unexpected escape sequence ${JSON.stringify(m[0])}`);
      i += m[0].length - 1;
    } else if (c === "\r") col = 0;
    else if (c === "\b") col = Math.max(0, col - 1);
    else {
      while (cells.length < col) cells.push(" ");
      cells[col++] = c;
    }
  }
  return cells.join("").replace(/ +$/, "");
}

export const KEY = {
  left: "\x1b[D", right: "\x1b[C", up: "\x1b[A", down: "\x1b[B", home: "\x1b[H", end: "\x1b[F",
  home2: "\x1b[1~", end2: "\x1b[4~", del: "\x1b[3~", bs: "\x7f", ctrlH: "\x08",
  ctrlU: "\x15", ctrlK: "\x0b", ctrlW: "\x17", ctrlE: "\x05", ctrlL: "\x0c", ctrlC: "\x03", ctrlD: "\x04",
};

/**
 * Types `keys` at the prompt, waits for the next prompt and returns the
 * edited line as shown on screen and the command's output.
 */
export async function step(s: Screen, keys: string): Promise<{ line: string; output: string }> {
  const from = s.text.lastIndexOf("\n") + 1;
  const next = s.wait(/\n# $/);
  s.p.write(keys);
  await next;
  const t = s.text.slice(from, -2);
  const nl = t.indexOf("\n");
  return { line: renderLine(t.slice(0, nl)), output: t.slice(nl + 1) };
}

/** The editing scenario both tests run; `ctrlA` is how Ctrl-A reaches the shell. */
export async function editingScenario(s: Screen, ctrlA: string): Promise<void> {
  const L = (n: number) => KEY.left.repeat(n);
  // type, then fix two typos with Left, Backspace and insertion
  expect(await step(s, `echo hellp wrld${L(3)}o${L(3)}${KEY.bs}o\r`)).toEqual({ line: "# echo hello world", output: "hello world\n" });
  // recall it, delete the last word, type another
  expect(await step(s, `${KEY.up}${KEY.ctrlW}there\r`)).toEqual({ line: "# echo hello there", output: "hello there\n" });
  // walk the history: Up Up Down is the newest line again; Home, Delete x5, insert at the start
  expect(await step(s, `${KEY.up}${KEY.up}${KEY.down}${KEY.home}${KEY.del.repeat(5)}printf '<%s>\\n' ${KEY.end}\r`))
    .toEqual({ line: "# printf '<%s>\\n' hello there", output: "<hello>\n<there>\n" });
  // Ctrl-U kills to the start of the line, Ctrl-K to its end
  expect(await step(s, `echo discarded${KEY.ctrlU}echo kept abcdef${L(3)}${KEY.ctrlK}\r`)).toEqual({ line: "# echo kept abc", output: "kept abc\n" });
  // Ctrl-A / Ctrl-E, ESC [ 1 ~ / 4 ~, ^H, Right
  expect(await step(s, `cho 1 2${ctrlA}e${KEY.ctrlE}3${KEY.home2}${KEY.right.repeat(4)}${KEY.ctrlH}${KEY.end2} 4\r`))
    .toEqual({ line: "# ech 1 23 4", output: "sh: ech: not found\n" });
  // Ctrl-C at the prompt abandons the line: "^C", a new prompt, $? = 130
  expect(await step(s, `echo never${L(2)}${KEY.ctrlC}`)).toEqual({ line: "# echo never^C", output: "" });
  expect(await step(s, "echo $?\r")).toEqual({ line: "# echo $?", output: "130\n" });
  // history skips empty lines and consecutive duplicates: two Ups past "echo $?" reach "ech 1 23 4"
  expect(await step(s, "\r")).toEqual({ line: "#", output: "" });
  expect(await step(s, "echo $?\r")).toEqual({ line: "# echo $?", output: "0\n" });
  expect(await step(s, `${KEY.up}${KEY.up}\r`)).toEqual({ line: "# ech 1 23 4", output: "sh: ech: not found\n" });
  // Ctrl-L clears the screen and redraws the prompt and the line
  const r = await step(s, `echo cl${KEY.ctrlL}ear\r`);
  expect(r).toEqual({ line: "# echo clear", output: "clear\n" });
  expect(s.text).toContain("\x1b[H\x1b[J# echo cl");
}
