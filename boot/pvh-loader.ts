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

/* The loader's own structures in low memory; a kernel segment must not overlap them. */
const BOOT_AREA_START = BOOT_GDT, BOOT_AREA_END = CMDLINE + CMDLINE_MAX;
/** PVH enters in 32-bit mode: the image lies below 4 GiB. */
const PHYS_LIMIT = 2 ** 32;
const PT_LOAD = 1, PT_NOTE = 4;

const hex = (n: number) => `0x${n.toString(16)}`;
const align4 = (n: number) => n + ((4 - (n % 4)) % 4);

/**
 * Reads of an untrusted ELF file: every field read is inside the file, and
 * 64-bit fields above 2^53 (not exact as a number) are refused, so every
 * offset and length can be compared with the file's size exactly.
 */
class ElfFile {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array, readonly name: string, readonly is64: boolean) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  fail(why: string): never { throw new BootError(`${this.name}: ${why}`); }
  private need(off: number, n: number, what: string): void {
    if (off + n > this.bytes.length) this.fail(`${what} lies outside the file (${this.bytes.length} bytes)`);
  }
  u16(off: number, what: string): number { this.need(off, 2, what); return this.dv.getUint16(off, true); }
  u32(off: number, what: string): number { this.need(off, 4, what); return this.dv.getUint32(off, true); }
  /** A 32-bit field in ELF32, a 64-bit one in ELF64. */
  word(off32: number, off64: number, what: string): number {
    if (!this.is64) return this.u32(off32, what);
    this.need(off64, 8, what);
    const v = this.dv.getBigUint64(off64, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} 0x${v.toString(16)} is out of range`);
    return Number(v);
  }
  /** [off, off + len) must lie inside the file. */
  range(off: number, len: number, what: string): void {
    if (off > this.bytes.length || len > this.bytes.length - off)
      this.fail(`${what} (file offset ${hex(off)}, ${hex(len)} bytes) lies outside the file (${this.bytes.length} bytes)`);
  }
}

/** The PVH entry from one PT_NOTE segment's notes, or -1; every note must lie inside the segment. */
function pvhEntryNote(f: ElfFile, seg: number, off: number, size: number): number {
  let entry = -1;
  const end = off + size;
  for (let p = off; p < end;) {
    if (end - p < 12) f.fail(`segment ${seg}: truncated note header at offset ${hex(p)}`);
    const namesz = f.u32(p, "note"), descsz = f.u32(p + 4, "note"), type = f.u32(p + 8, "note");
    const name = p + 12, desc = name + align4(namesz), next = desc + align4(descsz);
    if (next > end) f.fail(`segment ${seg}: note at offset ${hex(p)} (name ${namesz} bytes, descriptor ${descsz} bytes) runs past the segment`);
    const xen = namesz === 4 && f.bytes[name] === 0x58 && f.bytes[name + 1] === 0x65 && f.bytes[name + 2] === 0x6e && f.bytes[name + 3] === 0; // "Xen\0"
    if (xen && type === XEN_ELFNOTE_PHYS32_ENTRY) {
      if (descsz < 4) f.fail(`segment ${seg}: the PVH entry note has a ${descsz}-byte descriptor`);
      entry = f.u32(desc, "PVH entry note");
    }
    p = next;
  }
  return entry;
}

/**
 * Parse an ELF32/ELF64 kernel and its PVH note; throws BootError with a
 * one-line reason. Every offset and length from the file is checked
 * against the file, every segment against the 32-bit physical space, the
 * loader's boot area and the other segments.
 */
export function parseKernel(file: Uint8Array, name = "kernel"): ElfImage {
  if (file.length < 16 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46)
    throw new BootError(`${name}: not an ELF file`);
  if (file[4] !== 1 && file[4] !== 2) throw new BootError(`${name}: unknown ELF class ${file[4]}`);
  const is64 = file[4] === 2;
  if (file[5] !== 1) throw new BootError(`${name}: not a little-endian ELF file`);
  const f = new ElfFile(file, name, is64);
  if (file.length < (is64 ? 64 : 52)) f.fail("truncated ELF header");
  const machine = f.u16(18, "e_machine");
  if (machine !== 62 && machine !== 3) f.fail(`ELF machine ${machine} is not x86`);
  const phoff = f.word(28, 32, "e_phoff");
  const phentsize = f.u16(is64 ? 54 : 42, "e_phentsize");
  const phnum = f.u16(is64 ? 56 : 44, "e_phnum");
  const minEnt = is64 ? 56 : 32;
  if (phnum === 0) f.fail("no program headers");
  if (phentsize < minEnt) f.fail(`program header size ${phentsize} is smaller than ${minEnt}`);
  f.range(phoff, phnum * phentsize, `${phnum} program headers of ${phentsize} bytes`);
  const segments: ElfImage["segments"] = [];
  let entry = -1;
  let end = 0;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    const type = f.u32(o, "p_type");
    if (type !== PT_LOAD && type !== PT_NOTE) continue;
    const off = f.word(o + 4, o + 8, `segment ${i}: p_offset`);
    const paddr = f.word(o + 12, o + 24, `segment ${i}: p_paddr`);
    const filesz = f.word(o + 16, o + 32, `segment ${i}: p_filesz`);
    const memsz = f.word(o + 20, o + 40, `segment ${i}: p_memsz`);
    f.range(off, filesz, `segment ${i}`);
    if (type === PT_NOTE) {
      const e = pvhEntryNote(f, i, off, filesz);
      if (e >= 0) entry = e;
      continue;
    }
    if (memsz === 0) continue;
    if (filesz > memsz) f.fail(`segment ${i}: file size ${hex(filesz)} exceeds its memory size ${hex(memsz)}`);
    if (paddr >= PHYS_LIMIT || memsz > PHYS_LIMIT - paddr) f.fail(`segment ${i} at ${hex(paddr)} (${hex(memsz)} bytes) lies above 4 GiB`);
    if (paddr < BOOT_AREA_END && paddr + memsz > BOOT_AREA_START)
      f.fail(`segment ${i} at ${hex(paddr)} (${hex(memsz)} bytes) overlaps the loader's boot information (${hex(BOOT_AREA_START)}-${hex(BOOT_AREA_END)})`);
    const clash = segments.findIndex((s) => paddr < s.paddr + s.memsz && s.paddr < paddr + memsz);
    if (clash >= 0) f.fail(`segment ${i} at ${hex(paddr)} overlaps the segment at ${hex(segments[clash]!.paddr)}`);
    segments.push({ paddr, data: file.subarray(off, off + filesz), memsz });
    end = Math.max(end, paddr + memsz);
  }
  if (entry < 0) f.fail("no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY); not a PVH kernel");
  if (segments.length === 0) f.fail("no loadable segments");
  if (!segments.some((s) => entry >= s.paddr && entry < s.paddr + s.memsz)) f.fail(`the PVH entry point ${hex(entry)} is in no loadable segment`);
  return { entry, segments, end };
}

/** Where loadPvh puts the initramfs: page-aligned, INITRD_GAP below the top of RAM (as QEMU does). */
const INITRD_GAP = 0x10000;

/** The largest initramfs loadPvh can place in `ramSize` bytes of RAM above this kernel. */
export function initrdRoom(image: ElfImage, ramSize: number): number {
  return Math.max(0, ramSize - INITRD_GAP - Math.ceil(Math.max(image.end, BOOT_AREA_END) / 4096) * 4096);
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
    if (initrd.length > initrdRoom(image, ram.ramSize)) throw new BootError(`initramfs (${initrd.length} bytes) does not fit in RAM next to the kernel`);
    const at = Math.floor((ram.ramSize - initrd.length - INITRD_GAP) / 4096) * 4096;
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
