/*
 * pvh-loader.ts: kmemlab's side of the boot protocol. It does what QEMU's
 * `-kernel` does for a PVH kernel, without a BIOS: copy the ELF's PT_LOAD
 * segments to their physical addresses, find the XEN_ELFNOTE_PHYS32_ENTRY
 * note, build `hvm_start_info` (command line, memory map, initramfs as
 * module 0) and start the CPU in 32-bit protected mode with paging off and
 * EBX pointing at the start info.
 *
 * hvm_start_info (version 1), little endian:
 *   0x00 u32 magic 0x336ec578   0x04 u32 version   0x08 u32 flags
 *   0x0c u32 nr_modules         0x10 u64 modlist_paddr
 *   0x18 u64 cmdline_paddr      0x20 u64 rsdp_paddr
 *   0x28 u64 memmap_paddr       0x30 u32 memmap_entries   0x34 u32 reserved
 * module entry: u64 paddr, u64 size, u64 cmdline_paddr, u64 reserved
 * memmap entry: u64 addr, u64 size, u32 type (1 RAM, 2 reserved), u32 reserved
 */

export class BootError extends Error {}

export const PVH_MAGIC = 0x336ec578;
const XEN_ELFNOTE_PHYS32_ENTRY = 18;

/* Low-memory layout used by the loader (all below 1 MiB, away from the kernel). */
export const BOOT_GDT = 0x500;
export const START_INFO = 0x6000;
const MODLIST = 0x6100;
const MEMMAP = 0x6200;
const CMDLINE = 0x7000;
export const CMDLINE_MAX = 4096;

export interface ElfImage {
  /** 32-bit physical entry point from the PVH note. */
  entry: number;
  segments: { paddr: number; data: Uint8Array; memsz: number }[];
  /** Highest physical address the image occupies. */
  end: number;
}

/** Parse an ELF32/ELF64 kernel and its PVH note; throws BootError with a one-line reason. */
export function parseKernel(file: Uint8Array, name = "kernel"): ElfImage {
  if (file.length < 64 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46)
    throw new BootError(`${name}: not an ELF file`);
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const is64 = file[4] === 2;
  if (file[5] !== 1) throw new BootError(`${name}: not a little-endian ELF file`);
  const machine = dv.getUint16(18, true);
  if (machine !== 62 && machine !== 3) throw new BootError(`${name}: ELF machine ${machine} is not x86`);
  const phoff = is64 ? Number(dv.getBigUint64(32, true)) : dv.getUint32(28, true);
  const phentsize = dv.getUint16(is64 ? 54 : 42, true);
  const phnum = dv.getUint16(is64 ? 56 : 44, true);
  if (phoff + phnum * phentsize > file.length) throw new BootError(`${name}: truncated program headers`);
  const segments: ElfImage["segments"] = [];
  let entry = -1;
  let end = 0;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    const type = dv.getUint32(o, true);
    const off = is64 ? Number(dv.getBigUint64(o + 8, true)) : dv.getUint32(o + 4, true);
    const paddr = is64 ? Number(dv.getBigUint64(o + 24, true)) : dv.getUint32(o + 12, true);
    const filesz = is64 ? Number(dv.getBigUint64(o + 32, true)) : dv.getUint32(o + 16, true);
    const memsz = is64 ? Number(dv.getBigUint64(o + 40, true)) : dv.getUint32(o + 20, true);
    if (off + filesz > file.length) throw new BootError(`${name}: segment ${i} lies outside the file`);
    if (type === 1 && memsz > 0) {
      segments.push({ paddr, data: file.subarray(off, off + filesz), memsz });
      end = Math.max(end, paddr + memsz);
    } else if (type === 4) {
      let p = off;
      while (p + 12 <= off + filesz) {
        const namesz = dv.getUint32(p, true), descsz = dv.getUint32(p + 4, true), ntype = dv.getUint32(p + 8, true);
        const nameStart = p + 12;
        const descStart = nameStart + ((namesz + 3) & ~3);
        const noteName = String.fromCharCode(...file.subarray(nameStart, nameStart + Math.max(0, namesz - 1)));
        if (noteName === "Xen" && ntype === XEN_ELFNOTE_PHYS32_ENTRY && descsz >= 4) entry = dv.getUint32(descStart, true);
        p = descStart + ((descsz + 3) & ~3);
      }
    }
  }
  if (entry < 0) throw new BootError(`${name}: no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY); not a PVH kernel`);
  if (segments.length === 0) throw new BootError(`${name}: no loadable segments`);
  return { entry, segments, end };
}

export interface BootPlan {
  /** Physical address of hvm_start_info (EBX at entry). */
  startInfo: number;
  entry: number;
}

export interface PhysMemory {
  readonly mem: Uint8Array;
  readonly ramSize: number;
}

/** Copy the kernel, the command line and the initramfs into RAM and write hvm_start_info. */
export function loadPvh(ram: PhysMemory, image: ElfImage, cmdline: string, initrd: Uint8Array | null): BootPlan {
  const mem = ram.mem;
  const dv = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  for (const s of image.segments) {
    if (s.paddr + s.memsz > ram.ramSize) throw new BootError(`kernel segment at 0x${s.paddr.toString(16)} does not fit in ${ram.ramSize >> 20} MiB of RAM`);
    mem.fill(0, s.paddr, s.paddr + s.memsz);
    mem.set(s.data, s.paddr);
  }
  const cmd = new TextEncoder().encode(cmdline);
  if (cmd.length >= CMDLINE_MAX) throw new BootError(`command line longer than ${CMDLINE_MAX - 1} bytes`);
  mem.fill(0, CMDLINE, CMDLINE + CMDLINE_MAX);
  mem.set(cmd, CMDLINE);

  // A flat GDT (null, null, code32 0x10, data 0x18) so a segment reload before the kernel's own GDT works.
  dv.setBigUint64(BOOT_GDT + 0x10, 0x00cf9a000000ffffn, true);
  dv.setBigUint64(BOOT_GDT + 0x18, 0x00cf92000000ffffn, true);

  mem.fill(0, START_INFO, CMDLINE);
  let nrModules = 0;
  if (initrd !== null) {
    // Like QEMU: the initramfs goes page-aligned near the top of RAM.
    const at = Math.floor((ram.ramSize - initrd.length - 0x10000) / 4096) * 4096;
    if (at < image.end) throw new BootError(`initramfs (${initrd.length} bytes) does not fit in RAM next to the kernel`);
    mem.set(initrd, at);
    dv.setBigUint64(MODLIST, BigInt(at), true);
    dv.setBigUint64(MODLIST + 8, BigInt(initrd.length), true);
    nrModules = 1;
  }
  const map: [number, number, number][] = [
    [0, 0x9fc00, 1],
    [0x9fc00, 0x400, 2],
    [0xf0000, 0x10000, 2],
    [0x100000, ram.ramSize - 0x100000, 1],
  ];
  map.forEach(([addr, size, type], i) => {
    const o = MEMMAP + i * 24;
    dv.setBigUint64(o, BigInt(addr), true);
    dv.setBigUint64(o + 8, BigInt(size), true);
    dv.setUint32(o + 16, type, true);
  });
  dv.setUint32(START_INFO, PVH_MAGIC, true);
  dv.setUint32(START_INFO + 4, 1, true);
  dv.setUint32(START_INFO + 12, nrModules, true);
  dv.setBigUint64(START_INFO + 0x10, BigInt(nrModules ? MODLIST : 0), true);
  dv.setBigUint64(START_INFO + 0x18, BigInt(CMDLINE), true);
  dv.setBigUint64(START_INFO + 0x28, BigInt(MEMMAP), true);
  dv.setUint32(START_INFO + 0x30, map.length, true);
  return { startInfo: START_INFO, entry: image.entry };
}
