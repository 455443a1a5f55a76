/*
 * qemu-parity.test.ts: the same kernel and initramfs on QEMU (TCG) and on
 * kmemlab must give the same session: what the guest's programs print is
 * compared line by line (kernel timestamps masked; the console lines that
 * describe the machine itself, e820 map, TSC speed, RAM disk address, are
 * left out). Only defined where qemu-system-x86_64 is installed (.ci/run
 * installs it).
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { packInitramfs } from "../../tools/build.ts";
import { QEMU, hasQemu, qemuArgs } from "../../boot/qemu.ts";
import { bootGuest, userOutput } from "./guest.ts";


const KL = "/sys/kernel/debug/kmemleak";
const SCRIPT = [
  "uname -a", "cat /proc/cmdline", `echo scan > ${KL}`, "dmesg -t | grep kmemleak", "ls /", "ls /sys/kernel/debug",
  "modprobe kmemleak-test", "lsmod", "cut -d' ' -f1-3 /proc/modules", "rmmod kmemleak_test", "echo rmmod $?", "cat /proc/self/comm",
  "grep -c . /proc/kallsyms > /dev/null; echo kallsyms $?", "cat /nonexistent",
].join("; ");

function qemuSession(append: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "kmemlab-qemu-"));
  const initrd = join(dir, "initramfs.cpio");
  writeFileSync(initrd, packInitramfs(ROOT, { exec: SCRIPT }));
  const r = spawnSync(QEMU, qemuArgs({ kernel: join(ROOT, "build/kernel/vmlinux"), initrd, append }), { encoding: "latin1", timeout: 120_000 });
  const lines = (r.stdout ?? "").replace(/\r/g, "").split("\n");
  const i = lines.findIndex((l) => /\] Run \/init as init process$/.test(l));
  return lines.slice(i + 1).filter((l) => !/^\[ *\d+\.\d{6}\] /.test(l));
}

describe.runIf(hasQemu())("the same kernel on QEMU and on kmemlab", () => {
  for (const append of ["", "kmemleak=on"]) {
    it(`prints the same session (cmdline "${append}")`, () => {
      const ours = userOutput(bootGuest({ append, exec: SCRIPT }));
      const theirs = qemuSession(append);
      expect(theirs.length).toBeGreaterThan(10);
      expect(ours).toEqual(theirs);
    });
  }
});
