/*
 * reports.ts: parses /sys/kernel/debug/kmemleak's text into records, and
 * checks each block's layout byte for byte against Linux 5.10's format
 * (kmemleak.md Part B §3.1) while doing so: any line out of shape throws.
 */

export interface Report {
  addr: string; size: number; comm: string; pid: number; jiffies: number; age: string;
  dumpLen: number; hex: string[]; backtrace: string[];
}

const HEAD = /^unreferenced object 0x([0-9a-f]{16}) \(size (\d+)\):$/;
const COMM = /^  comm "(.{0,15})", pid (\d+), jiffies (\d+) \(age (\d+\.\d{3})s\)$/;
const DUMP = /^  hex dump \(first (\d+) bytes\):$/;
const HEX = /^    ((?:[0-9a-f]{2} ){0,15}[0-9a-f]{2}) +(.{1,16})$/;
const FRAME = /^    \[<([0-9a-f]{16})>\] (.+)$/;

export function parseReports(lines: string[]): Report[] {
  const out: Report[] = [];
  let i = 0;
  const next = (re: RegExp, what: string) => {
    const m = re.exec(lines[i] ?? "");
    if (!m) throw new Error(`kmemleak report line ${i}: expected ${what}, got ${JSON.stringify(lines[i])}`);
    i++;
    return m;
  };
  while (i < lines.length && lines[i] !== "") {
    const h = next(HEAD, "'unreferenced object'");
    const c = next(COMM, "the comm line");
    const d = next(DUMP, "the hex dump header");
    const r: Report = {
      addr: h[1]!, size: Number(h[2]), comm: c[1]!, pid: Number(c[2]), jiffies: Number(c[3]), age: c[4]!,
      dumpLen: Number(d[1]), hex: [], backtrace: [],
    };
    for (let left = r.dumpLen; left > 0; left -= 16) {
      const line = lines[i]!;
      const m = next(HEX, "a hex dump line");
      const n = Math.min(16, left);
      // the ASCII column: n characters from column 4 + 49 (its first may be a space: a byte 0x20)
      if (m[1]!.split(" ").length !== n || line.length !== 4 + 49 + n) throw new Error(`bad hex dump layout: ${JSON.stringify(line)}`);
      r.hex.push(line.slice(4));
    }
    if (lines[i] !== "  backtrace:") throw new Error(`expected '  backtrace:', got ${JSON.stringify(lines[i])}`);
    i++;
    while (i < lines.length && FRAME.test(lines[i]!)) r.backtrace.push(FRAME.exec(lines[i++]!)![2]!);
    out.push(r);
  }
  return out;
}

/** "fn+0x1e/0x51 [mod]" -> "fn [mod]": offsets vary with the compiler, names do not. */
export function symbols(r: Report): string[] {
  return r.backtrace.map((f) => f.replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/, ""));
}
