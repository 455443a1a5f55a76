/*
 * qemu.ts: the one QEMU command line for our images (CONVENTIONS.md): the
 * `pc` machine with qemu64+NX, no display, COM1 on `serial`, no reboot,
 * isa-debug-exit at 0xf4, and the kernel loaded through its PVH note.
 * Used by `kmemlab boot --qemu`, `kmemlab bench` and every test that
 * compares a transcript with QEMU's.
 */
import { spawnSync } from "node:child_process";

export const QEMU = "qemu-system-x86_64";

/** True when qemu-system-x86_64 is on the PATH. */
export function hasQemu(): boolean {
  return spawnSync("sh", ["-c", `command -v ${QEMU}`]).status === 0;
}

export interface QemuImage {
  kernel: string;
  append?: string;
  initrd?: string;
  memoryMiB?: number;
  /** -serial backend: stdio (default), mon:stdio for an interactive console, null to drop it */
  serial?: string;
}

export function qemuArgs(o: QemuImage): string[] {
  const args = ["-machine", "pc", "-cpu", "qemu64,+nx", "-m", `${o.memoryMiB ?? 128}M`, "-display", "none",
    "-serial", o.serial ?? "stdio", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    "-kernel", o.kernel, "-append", o.append ?? ""];
  if (o.initrd) args.push("-initrd", o.initrd);
  return args;
}
