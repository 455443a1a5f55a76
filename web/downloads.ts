/*
 * downloads.ts: what the page offers as files: the console log (every
 * byte the guest wrote to the console since the boot, as the terminal
 * received it) and kmemleak's report. The report is never made by the
 * page: it is the last printout of /sys/kernel/debug/kmemleak on the
 * console (the guest's own text, `cat /sys/kernel/debug/kmemleak`), found
 * as the last run of report blocks in the transcript; with none there,
 * the page says what to type instead of typing it.
 */

const HEAD = /^unreferenced object 0x[0-9a-f]+ \(size \d+\):$/;

/**
 * The last printout of kmemleak's report in a console transcript: the
 * run of consecutive "unreferenced object" blocks (each its head line and
 * the indented lines after it) that holds the transcript's last such
 * block, with "\n" line ends; null when the console shows none.
 */
export function lastReport(transcript: string): string | null {
  const lines = transcript.replace(/\r/g, "").split("\n");
  let last = lines.length - 1;
  while (last >= 0 && !HEAD.test(lines[last]!)) last--;
  if (last < 0) return null;
  let end = last + 1;
  while (end < lines.length && lines[end]!.startsWith("  ")) end++;
  // back over the blocks before it: an indented line run that starts with a head line
  let start = last;
  for (;;) {
    let k = start - 1;
    while (k >= 0 && lines[k]!.startsWith("  ")) k--;
    if (k < 0 || !HEAD.test(lines[k]!)) break;
    start = k;
  }
  return lines.slice(start, end).join("\n") + "\n";
}

/** Why the report cannot be downloaded yet (the status line's text). */
export const NO_REPORT = "kmemlab: no kmemleak report on the console yet: `cat /sys/kernel/debug/kmemleak` prints it (after a scan), then download it";

/** Offer `data` as a file named `name` (text as UTF-8; bytes as they are). */
export function download(name: string, data: string | Uint8Array): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([data as BlobPart], { type: "text/plain" }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
}
