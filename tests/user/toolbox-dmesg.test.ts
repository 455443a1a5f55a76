/*
 * toolbox-dmesg.test.ts: the guest's dmesg run natively on a syslog-format
 * log file (-F), compared byte for byte with util-linux's dmesg reading the
 * same file, for the stamp, decode and filter options and the bad-input
 * messages. The live /dev/kmsg paths (-w, -W) are checked in the guest
 * (tests/e2e/toolbox-log.test.ts).
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildUser, BIN, tmp } from "./helpers.ts";

let log: string;

/* Levels 0-7, kernel and user facilities, stamps from 0 past a minute and past an hour. */
const LOG = [
  "<5>[    0.000000] Linux version 5.10.0-kmemlab (root@kmemlab)",
  "<6>[    0.000000] Command line: kmemleak=on",
  "<4>[    0.000000] first warning at zero",
  "<6>[    0.004937] Trying to unpack rootfs image as initramfs...",
  "<3>[    1.500000] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
  "<12>[    2.000000] a user-space warning",
  "<0>[    2.000001] emergency",
  "<1>[    2.100000] alert",
  "<2>[   12.100000] critical",
  "<14>[   59.999999] user info",
  "<4>[   62.250000] warn after a minute",
  "<7>[ 3700.000001] debug an hour later",
  "<6>[ 3700.000002] info right after",
].join("\n") + "\n";

function dmesg(bin: string, args: string[]): { out: string; status: number | null } {
  const r = spawnSync(bin, ["-F", log, ...args], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", TZ: "UTC", LC_ALL: "C" } });
  return { out: r.stdout + r.stderr, status: r.status };
}

beforeAll(() => {
  buildUser();
  log = join(tmp(), "log");
  writeFileSync(log, LOG);
});

const OPTIONS = [
  [], ["-x"], ["-t"], ["-T"], ["-d"], ["-k"], ["-u"], ["-r"], ["-H"], ["-e"], ["-x", "-d"], ["-x", "-t"], ["-T", "-d"], ["-t", "-d"],
  ["-l", "err,warn"], ["-l", "3"], ["-lerr"], ["--level=emerg,alert,crit"], ["-f", "kern"], ["--facility", "user"], ["-f", "kern,user", "-l", "warn"],
  ["--time-format", "iso"], ["--time-format=delta"], ["--time-format", "ctime"], ["--time-format", "notime"], ["--time-format", "reltime"],
  ["-L=never"], ["--color=never"], ["-H", "-x"], ["-k", "-x", "-T"],
];

describe("dmesg against util-linux on the same log", () => {
  for (const o of OPTIONS) {
    it(`dmesg ${o.join(" ")}`, () => {
      const host = dmesg("dmesg", o), guest = dmesg(join(BIN, "dmesg"), o);
      expect(guest.out).toBe(host.out);
      expect(guest.status).toBe(0);
    });
  }
});

describe("dmesg bad input", () => {
  for (const o of [["-l", "bogus"], ["-l", "err,bogus"], ["-f", "bogus"], ["--bogus"], ["-Q"], ["--time-format", "bogus"], ["--level"], ["-l"], ["-r", "-x"]]) {
    it(`dmesg ${o.join(" ")}`, () => {
      const host = dmesg("dmesg", o), guest = dmesg(join(BIN, "dmesg"), o);
      expect(guest.out).toBe(host.out);
      expect(guest.status).toBe(host.status);
      expect(guest.status).toBe(1);
    });
  }
});
