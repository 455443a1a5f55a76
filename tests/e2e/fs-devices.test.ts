/*
 * fs-devices.test.ts: each filesystem instance is an anonymous device, as
 * Linux's set_anon_super numbers them (major 0, minors from 1 in the order
 * the instances are made: rootfs, then debugfs, devtmpfs, sysfs and pipefs
 * at boot, proc when /init mounts it, then each new tmpfs/ramfs mount).
 * stat's %d/%D show it, and /proc/<pid>/mountinfo carries the same
 * major:minor, in 5.10's format: parsed here by the host's util-linux
 * findmnt (--kernel -F), whose MAJ:MIN per target must match stat's.
 * Mount ids: rootfs 1, pipefs's internal mount 2 (in no mountinfo; a
 * pipe's fdinfo shows it), then the mounts in their order.
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootGuest, userOutput } from "./guest.ts";

describe("st_dev and mountinfo", () => {
  it("one anonymous device per instance, the same in stat and in mountinfo (findmnt parses it)", () => {
    const r = bootGuest({
      exec: "mkdir /x; mount -t tmpfs none /x; mkdir /x/y; mount -t ramfs r /x/y; mount -t tmpfs none /x/f/g 2>/dev/null; " +
        "stat -c '%d %D %n' / /tmp /dev /dev/null /proc /proc/1/stat /sys /sys/kernel/debug /x /x/y; echo =; cat /proc/1/mountinfo",
    });
    const out = userOutput(r), mark = out.indexOf("=");
    expect(out.slice(0, mark)).toEqual([
      "1 1 /", "1 1 /tmp", "3 3 /dev", "3 3 /dev/null", "6 6 /proc", "6 6 /proc/1/stat", "4 4 /sys", "2 2 /sys/kernel/debug",
      "7 7 /x", "8 8 /x/y",
    ]);
    const info = out.slice(mark + 1).join("\n");
    expect(info.split("\n")).toEqual([
      "1 1 0:1 / / rw - rootfs rootfs rw",
      "3 1 0:3 / /dev rw,relatime - devtmpfs devtmpfs rw",
      "4 1 0:6 / /proc rw,relatime - proc proc rw",
      "5 1 0:4 / /sys rw,relatime - sysfs sysfs rw",
      "6 5 0:2 / /sys/kernel/debug rw,relatime - debugfs debugfs rw",
      "7 1 0:7 / /x rw,relatime - tmpfs none rw",
      "8 7 0:8 / /x/y rw,relatime - ramfs r rw",
      "",
    ]);
    const file = join(mkdtempSync(join(tmpdir(), "kmemlab-mi-")), "mountinfo");
    writeFileSync(file, info);
    const f = spawnSync("findmnt", ["--kernel", "-F", file, "-n", "-l", "-o", "MAJ:MIN,TARGET"], { encoding: "utf8" });
    expect(f.status).toBe(0);
    const byTarget = new Map(f.stdout.trim().split("\n").map((l) => l.trim().split(/\s+/)).map(([mm, t]) => [t!, mm!]));
    for (const line of out.slice(0, mark)) {
      const [dev, , path] = line.split(" ");
      if (byTarget.has(path!)) expect(byTarget.get(path!)).toBe(`0:${dev}`);
    }
    expect(byTarget.size).toBe(7);
  });
});
