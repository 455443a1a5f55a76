/*
 * elf-checks.test.ts: boot/pvh-loader.ts against crafted and corrupted
 * kernel files. Every offset and length the file gives is checked against
 * the file (a note with namesz near 2^32 used to spin the loader forever),
 * every segment against 4 GiB, the loader's boot area, the other segments
 * and RAM; whatever the bytes, the loader returns an image or throws a
 * one-line BootError, never anything else.
 */
import { describe, it, expect } from "vitest";
import { parseKernel, loadPvh, initrdRoom, BootError } from "../../../boot/pvh-loader.ts";

interface Phdr { type: number; off: number | bigint; paddr: number | bigint; filesz: number | bigint; memsz: number | bigint }

/** An ELF64 x86-64 file: header, program headers at 64, then `body` at 0x1000. */
function elf64(phdrs: Phdr[], body: Uint8Array, o: { phoff?: bigint; phentsize?: number; phnum?: number } = {}): Uint8Array {
  const f = new Uint8Array(0x1000 + body.length);
  const dv = new DataView(f.buffer);
  f.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, 62, true);
  dv.setBigUint64(32, o.phoff ?? 64n, true);
  dv.setUint16(54, o.phentsize ?? 56, true);
  dv.setUint16(56, o.phnum ?? phdrs.length, true);
  phdrs.forEach((p, i) => {
    const b = 64 + i * 56;
    dv.setUint32(b, p.type, true);
    dv.setBigUint64(b + 8, BigInt(p.off), true);
    dv.setBigUint64(b + 24, BigInt(p.paddr), true);
    dv.setBigUint64(b + 32, BigInt(p.filesz), true);
    dv.setBigUint64(b + 40, BigInt(p.memsz), true);
  });
  f.set(body, 0x1000);
  return f;
}

/** A note (namesz, descsz, type, name padded, desc padded) with the given header fields. */
function note(namesz: number, descsz: number, type: number, name: number[], desc: number[]): Uint8Array {
  const b = new Uint8Array(12 + name.length + desc.length);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, namesz, true); dv.setUint32(4, descsz, true); dv.setUint32(8, type, true);
  b.set(name, 12); b.set(desc, 12 + name.length);
  return b;
}

const XEN = [0x58, 0x65, 0x6e, 0];
const pvhNote = (entry: number) => note(4, 4, 18, XEN, [entry & 0xff, (entry >> 8) & 0xff, (entry >> 16) & 0xff, entry >>> 24]);
/** A valid kernel: 64 bytes of code at 0x200000 (file offset 0x1000) and the PVH note after them. */
function kernel(extra: Phdr[] = [], noteBytes = pvhNote(0x200000)): Uint8Array {
  const body = new Uint8Array(64 + noteBytes.length);
  body.set(noteBytes, 64);
  return elf64([
    { type: 1, off: 0x1000, paddr: 0x200000, filesz: 64, memsz: 0x2000 },
    { type: 4, off: 0x1040, paddr: 0x200040, filesz: noteBytes.length, memsz: noteBytes.length },
    ...extra,
  ], body);
}

const fails = (f: Uint8Array, msg: string) => expect(() => parseKernel(f, "k")).toThrow(new BootError(`k: ${msg}`));

describe("kernel ELF checks", () => {
  it("accepts the well-formed kernel", () => {
    const img = parseKernel(kernel(), "k");
    expect([img.entry, img.segments.length, img.end]).toEqual([0x200000, 1, 0x202000]);
  });

  it("a note whose namesz or descsz is near 2^32 is refused, not walked", () => {
    // namesz 0xfffffff0 used to round to -16: the walk stood still at the same offset forever
    fails(kernel([], note(0xfffffff0, 4, 18, XEN, [0, 0, 0x20, 0])), "segment 1: note at offset 0x1040 (name 4294967280 bytes, descriptor 4 bytes) runs past the segment");
    fails(kernel([], note(4, 0xfffffffd, 18, XEN, [0, 0, 0x20, 0])), "segment 1: note at offset 0x1040 (name 4 bytes, descriptor 4294967293 bytes) runs past the segment");
    fails(kernel([], note(0xffffffff, 0xffffffff, 1, [], [])), "segment 1: note at offset 0x1040 (name 4294967295 bytes, descriptor 4294967295 bytes) runs past the segment");
    fails(kernel([], note(4, 2, 18, XEN, [0, 0, 0, 0])), "segment 1: the PVH entry note has a 2-byte descriptor");
    fails(kernel([], new Uint8Array([4, 0, 0, 0, 4, 0, 0, 0])), "segment 1: truncated note header at offset 0x1040");
  });

  it("program headers must lie inside the file and be large enough", () => {
    const k = kernel();
    const at = (o: Parameters<typeof elf64>[2]) => { const f = k.slice(); const dv = new DataView(f.buffer);
      if (o?.phoff !== undefined) dv.setBigUint64(32, o.phoff, true);
      if (o?.phentsize !== undefined) dv.setUint16(54, o.phentsize, true);
      if (o?.phnum !== undefined) dv.setUint16(56, o.phnum, true);
      return f; };
    fails(at({ phoff: 0xfffffffffffff000n }), "e_phoff 0xfffffffffffff000 is out of range");
    fails(at({ phoff: 0x10000n }), "2 program headers of 56 bytes (file offset 0x10000, 0x70 bytes) lies outside the file (4180 bytes)");
    fails(at({ phnum: 0xffff }), "65535 program headers of 56 bytes (file offset 0x40, 0x37ffc8 bytes) lies outside the file (4180 bytes)");
    fails(at({ phentsize: 8 }), "program header size 8 is smaller than 56");
    fails(at({ phnum: 0 }), "no program headers");
    fails(k.subarray(0, 40), "truncated ELF header");
    const c = k.slice(); c[4] = 7;
    fails(c, "unknown ELF class 7");
  });

  it("segments must lie inside the file, below 4 GiB, apart from the boot area and from each other", () => {
    const load = (off: number | bigint, paddr: number | bigint, filesz: number | bigint, memsz: number | bigint): Phdr => ({ type: 1, off, paddr, filesz, memsz });
    fails(kernel([load(0x1000, 0x400000, 0x100000, 0x100000)]), "segment 2 (file offset 0x1000, 0x100000 bytes) lies outside the file (4180 bytes)");
    fails(kernel([load(0x1fffffffffffffn, 0x400000, 1, 1)]), "segment 2 (file offset 0x1fffffffffffff, 0x1 bytes) lies outside the file (4180 bytes)");
    fails(kernel([load(0xffffffffffffffffn, 0x400000, 1, 1)]), "segment 2: p_offset 0xffffffffffffffff is out of range");
    fails(kernel([load(0x1000, 0x400000, 0x40, 0x10)]), "segment 2: file size 0x40 exceeds its memory size 0x10");
    fails(kernel([load(0x1000, 0xfffff000, 0x40, 0x2000)]), "segment 2 at 0xfffff000 (0x2000 bytes) lies above 4 GiB");
    fails(kernel([load(0x1000, 0x10000000000n, 0x40, 0x40)]), "segment 2 at 0x10000000000 (0x40 bytes) lies above 4 GiB");
    fails(kernel([load(0x1000, 0, 0x40, 0x1000)]), "segment 2 at 0x0 (0x1000 bytes) overlaps the loader's boot information (0x500-0x8000)");
    fails(kernel([load(0x1000, 0x201000, 0x40, 0x40)]), "segment 2 at 0x201000 overlaps the segment at 0x200000");
    fails(kernel([], pvhNote(0x300000)), "the PVH entry point 0x300000 is in no loadable segment");
    // other segment types are not loaded, so their fields are not used
    expect(parseKernel(kernel([{ type: 0x6474e551, off: 0xffffffffffffffffn, paddr: 0, filesz: 0xffffffffffffffffn, memsz: 0 }]), "k").segments.length).toBe(1);
  });

  it("RAM limits: a segment past the end of RAM, an initramfs one byte larger than the room", () => {
    const ram = (mib: number) => ({ mem: new Uint8Array(mib << 20), ramSize: mib << 20 });
    const big = parseKernel(kernel([{ type: 1, off: 0x1000, paddr: 0x1000000, filesz: 0x40, memsz: 0x100 }]), "k");
    expect(() => loadPvh(ram(16), big, "", null)).toThrow(new BootError("kernel segment at 0x1000000 does not fit in 16 MiB of RAM"));
    const img = parseKernel(kernel(), "k");
    const room = initrdRoom(img, 16 << 20);
    expect(room).toBe((16 << 20) - 0x10000 - 0x202000);
    expect(loadPvh(ram(16), img, "", new Uint8Array(room)).entry).toBe(0x200000);
    expect(() => loadPvh(ram(16), img, "", new Uint8Array(room + 1)))
      .toThrow(new BootError(`initramfs (${room + 1} bytes) does not fit in RAM next to the kernel`));
  });

  it("any truncation or corruption of a kernel is an image or a BootError, never another exception", () => {
    const k = kernel();
    let rnd = 12345;
    const next = () => (rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0);
    const outcomes = new Set<string>();
    const tryParse = (f: Uint8Array) => {
      try { parseKernel(f, "k"); outcomes.add("ok"); } catch (e) {
        if (!(e instanceof BootError)) throw e;
        expect(e.message).not.toContain("\n");
        outcomes.add("BootError");
      }
    };
    for (let n = 0; n <= k.length; n++) tryParse(k.subarray(0, n));
    for (let i = 0; i < 20000; i++) {
      const f = k.slice();
      // corrupt 1-4 bytes of the headers and the note, with bytes biased to 0x00 and 0xff
      for (let j = next() % 4; j >= 0; j--) {
        const pos = next() % 2 ? next() % 176 : 0x1040 + (next() % 28);
        f[pos] = [0, 0xff, next() & 0xff][next() % 3]!;
      }
      tryParse(f);
    }
    expect([...outcomes].sort()).toEqual(["BootError", "ok"]);
  });
});
