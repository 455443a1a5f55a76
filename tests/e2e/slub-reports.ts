/*
 * slub-reports.ts: cuts SLUB debug reports out of a console transcript and
 * masks what changes from run to run or build to build, so tests can
 * compare whole reports with the lines Linux 5.10 prints:
 *   hashed %p values (0x00000000xxxxxxxx, NULL excepted) -> 0x<P>, and the hashed
 *   addresses that start print_section's hex lines -> <P>;
 *   +0x1f/0x40 symbol offsets -> +<off>; age=N -> age=<A>; pid=N and
 *   "PID: N" -> <pid>; @offset=N -> @offset=<O> (the raw numbers are kept
 *   in `offsets` for arithmetic checks); a frame printed as a raw address
 *   (freed __init code, an unloaded module) -> <raw>.
 * Frames the unwinder marks unreliable (" ? fn") are dropped, and so are
 * the user registers 5.10 prints after a system call's entry frame
 * (RIP: 0033:..., Code:, RSP: 002b:..., RAX: ... R13: ...; their values
 * depend on the user program's build; tests/e2e/oops.test.ts checks them).
 */

export interface SlubReport {
  lines: string[];		/* masked, without the "[T] " prefix */
  offsets: number[];	/* the @offset= values, in order */
}

const REPORT_LINE = /^(=+$|-+$|$|BUG |INFO: |\t|Redzone |Object |Padding |Bytes b4 |CPU: |Hardware name:|Call Trace:| |FIX |Disabling lock debugging)/;

/** A line of the user-mode register block that ends a trace through a system call (5.10's __show_regs, SHOW_REGS_USER). */
export const USER_REGS_LINE = /^(RIP: 0033:|Code: |RSP: 002b:|RAX: |RDX: |RBP: |R10: |R13: )/;

export function maskSlubLine(l: string): string {
  return l
    .replace(/0x00000000(?!00000000\b)[0-9a-f]{8}\b/g, "0x<P>")
    .replace(/^(Redzone|Object|Padding|Bytes b4) [0-9a-f]{16}:/, "$1 <P>:")
    .replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/g, "+<off>")
    .replace(/age=\d+/g, "age=<A>")
    .replace(/pid=\d+/g, "pid=<pid>")
    .replace(/PID: \d+/g, "PID: <pid>")
    .replace(/@offset=\d+/g, "@offset=<O>")
    .replace(/^(\t| )0xffffffff[0-9a-f]{8}$/, "$1<raw>");
}

/** Every report (from its ===== rule to its last line) in the transcript's kernel lines. */
export function slubReports(transcript: string[]): SlubReport[] {
  const kernel = transcript.filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));
  const out: SlubReport[] = [];
  for (let i = 0; i < kernel.length; i++) {
    if (!/^=+$/.test(kernel[i]!) || !kernel[i + 1]?.startsWith("BUG ")) continue;
    const raw: string[] = [kernel[i]!];
    for (i++; i < kernel.length && !/^=+$/.test(kernel[i]!) && (REPORT_LINE.test(kernel[i]!) || USER_REGS_LINE.test(kernel[i]!)); i++) raw.push(kernel[i]!);
    i--;
    out.push({
      lines: raw.filter((l) => !l.startsWith(" ? ") && !USER_REGS_LINE.test(l)).map(maskSlubLine),
      offsets: [...raw.join("\n").matchAll(/@offset=(\d+)/g)].map((m) => Number(m[1])),
    });
  }
  return out;
}

/** print_section's lines for these bytes (print_hex_dump, 16 per row, with the ASCII column). */
export function hexLines(prefix: string, bytes: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.slice(i, i + 16);
    const hex = row.map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    out.push(`${prefix} <P>: ${hex.padEnd(16 * 3 + 1)}${ascii}`);
  }
  return out;
}

/** n copies of byte b, optionally with some bytes changed: fill(8, 0xcc, { 0: 0x78 }). */
export function fill(n: number, b: number, at: Record<number, number> = {}): number[] {
  return Array.from({ length: n }, (_, i) => at[i] ?? b);
}

/** A free object's poison: 0x6b bytes ending in 0xa5. */
export function poison(n: number, at: Record<number, number> = {}): number[] {
  return fill(n, 0x6b, { [n - 1]: 0xa5, ...at });
}
