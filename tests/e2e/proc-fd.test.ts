/*
 * proc-fd.test.ts: /proc/<pid>/fd and /proc/<pid>/fdinfo as Linux 5.10
 * shows them, read with the guest's ls, readlink and cat: one magic link
 * per open descriptor with the mode of its open (lrwx------ for the
 * console the kernel opened O_RDWR, lr-x------ for ls's own directory
 * descriptor and a file redirected in), size 64, "total 0"; readlink gives
 * "/dev/console", "pipe:[ino]" for a pipe, "/tmp/x (deleted)" for a file
 * removed while open (whose contents are still read through the link);
 * fdinfo has 5.10's three lines (no "ino:", which came in 5.14), flags in
 * octal with O_LARGEFILE for what open(2) opened, and the mount ids of
 * /proc/self/mountinfo (devtmpfs's for the console, rootfs's for /tmp).
 * The system calls themselves are usertests' procfd case (cli.test.ts; on
 * the host's kernel in tests/user/toolbox-files.test.ts).
 */
import { describe, it, expect } from "vitest";
import { userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

const DATE = /\w{3} [ \d]\d \d\d:\d\d/;

describe("/proc/<pid>/fd and fdinfo", () => {
  it("ls -l, readlink and fdinfo of the shell's commands' descriptors", () => {
    const r = bootFromState({
      exec: "ls -l /proc/self/fd; readlink /proc/self/fd/0; echo | readlink /proc/self/fd/0; echo hi > /tmp/x; " +
        "ls -l /proc/self/fd/0 < /tmp/x; sh -c 'exec 3</tmp/x; rm /tmp/x; readlink /proc/self/fd/3; cat /proc/self/fd/3'; " +
        "cat /proc/self/fdinfo/0; cat /proc/self/fdinfo/1 > /tmp/y; cat /tmp/y; ls -ld /proc/self/fd /proc/self/fdinfo; " +
        "ls -l /proc/self/fdinfo; readlink /proc/self/fd/7; echo $?; grep -c . /proc/self/mountinfo; grep '^3 ' /proc/self/mountinfo",
    });
    expect(r.status).toBe(0);
    const out = userOutput(r).map((l) => l.replace(DATE, "DATE"));
    const pipe = /^pipe:\[(\d+)\]$/.exec(out[6] ?? "");
    expect(pipe).not.toBeNull();
    expect(out.slice(0, 6)).toEqual([
      "total 0",
      "lrwx------ 1 root root 64 DATE 0 -> /dev/console",
      "lrwx------ 1 root root 64 DATE 1 -> /dev/console",
      "lrwx------ 1 root root 64 DATE 2 -> /dev/console",
      expect.stringMatching(/^lr-x------ 1 root root 64 DATE 3 -> \/proc\/\d+\/fd$/),
      "/dev/console",
    ]);
    expect(out.slice(7)).toEqual([
      "lr-x------ 1 root root 64 DATE /proc/self/fd/0 -> /tmp/x",
      "/tmp/x (deleted)",
      "hi",
      "pos:\t0", "flags:\t02", "mnt_id:\t3",
      "pos:\t0", "flags:\t0100001", "mnt_id:\t1",
      "dr-x------ 2 root root 0 DATE /proc/self/fd",
      "dr-x------ 2 root root 0 DATE /proc/self/fdinfo",
      "total 0",
      "-r-------- 1 root root 0 DATE 0",
      "-r-------- 1 root root 0 DATE 1",
      "-r-------- 1 root root 0 DATE 2",
      "-r-------- 1 root root 0 DATE 3",
      "1",
      "5",
      "3 1 0:3 / /dev rw,relatime - devtmpfs devtmpfs rw",
      "",
    ]);
  });
});
