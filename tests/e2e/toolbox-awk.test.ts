/*
 * toolbox-awk.test.ts: awk in the guest on the guest's own /proc and
 * kernel log, as a kernel engineer uses it: sums and conversions over
 * /proc/meminfo, fields of /proc/PID/stat, the nice column of ps, the
 * kmemleak lines of dmesg, a pipe into sort. The same binary is compared
 * with the host's awk in tests/user/toolbox-awk.test.ts.
 */
import { describe, it, expect } from "vitest";
import { bootGuest, userOutput } from "./guest.ts";

describe("awk in the guest", () => {
  it("over /proc/meminfo, /proc/4/stat, ps and dmesg", () => {
    const r = bootGuest({
      append: "kmemleak=on",
      exec: "awk '/^(MemTotal|MemFree|Slab)/ {printf \"%-10s %8.1f MiB\\n\", $1, $2/1024}' /proc/meminfo; " +
        "awk '{print $2, $3, $18, $19}' /proc/4/stat; " +
        "ps -eo pid,ni,comm | awk '$2 != 0 && NR > 1 {print $3 \" runs at nice \" $2}'; " +
        "dmesg -t | awk -F': ' '$1 == \"kmemleak\" {n++; print n \": \" $2}'; " +
        "awk -F: '$1 ~ /^Vmalloc/ {gsub(/ +/, \" \", $2); print $1 \"=\" $2}' /proc/meminfo | sort; " +
        "awk 'BEGIN { x = 0.1 + 0.2; printf \"%d %x %.3f %e %s\\n\", 2^40, 255, 1/3, 12345.6789, (x == 0.3) ? \"exact\" : \"binary\" }'; " +
        "echo 'b 2\na 1' | awk '{print $2, $1 | \"sort\"}'; awk 'BEGIN {'; echo rc=$?",
    });
    expect(userOutput(r)).toEqual([
      // free memory and slab move with the initramfs' size: their layout, and MemTotal exactly
      "MemTotal:     120.1 MiB", expect.stringMatching(/^MemFree:      11\d\.\d MiB$/), expect.stringMatching(/^Slab:           \d\.\d MiB$/),
      "(kmemleak) S 30 10",
      "kmemleak runs at nice 10",
      "1: Kernel memory leak detector initialized (mem pool available",	// FS ": " cuts at the second one too
      "2: Automatic memory scanning thread started",
      "VmallocChunk= 0 kB", "VmallocTotal= 34359738367 kB", expect.stringMatching(/^VmallocUsed= \d+ kB$/),
      "1099511627776 ff 0.333 1.234568e+04 exact",
      "1 a", "2 b",
      "awk: line 1: syntax error at or near end of file", "rc=2",
      "",
    ]);
  });
});
