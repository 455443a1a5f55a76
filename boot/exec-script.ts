/*
 * exec-script.ts: how `boot --exec` / `--script` reach the guest. The
 * commands go into the initramfs as /etc/kmemlab/exec; the lab's /init
 * (user/rootfs/init) runs them with sh and powers off with their status.
 * Added to a built archive (appendCpio), so a prebuilt initramfs takes
 * any script without being packed again.
 */

import { appendCpio, cpioSize, S_IFDIR, S_IFREG, type CpioEntry } from "../tools/initramfs.ts";

export function execEntries(script: string): CpioEntry[] {
  return [
    { path: "etc/kmemlab", mode: S_IFDIR | 0o755 },
    { path: "etc/kmemlab/exec", mode: S_IFREG | 0o644, data: new TextEncoder().encode(script + "\n") },
  ];
}

/** The bytes the script adds to an archive. */
export function execScriptSize(script: string): number {
  return cpioSize(execEntries(script)) - cpioSize([]);
}

/** The initramfs with the script added. */
export function withExecScript(initrd: Uint8Array, script: string): Uint8Array {
  return appendCpio(initrd, execEntries(script));
}
