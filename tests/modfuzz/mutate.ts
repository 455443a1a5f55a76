/*
 * mutate.ts: seeded, deterministic mutations of a built .ko (an ELF64
 * relocatable object) for the module fuzzer (tests/e2e/modfuzz.test.ts).
 *
 * `mutant(base, seed, index)` returns one variant and the list of what
 * was changed (for the failure message and replay). Every variant first
 * gets its own module name (the same length, in .gnu.linkonce.this_module
 * and in .modinfo's name=), so a variant left behind by an oops in its
 * init does not turn every later one into -EEXIST. Then one to three
 * mutations, each of one class:
 *   trunc    the file cut at a random or structural length
 *   ehdr     an ELF header field (ident, type, machine, shoff, shentsize,
 *            shnum, shstrndx) set to a boundary or random value
 *   shdr     a section header field (sh_name, sh_type, sh_flags,
 *            sh_offset, sh_size, sh_link, sh_info, sh_addralign,
 *            sh_entsize) out of range or random
 *   sym      a symbol's st_name, st_shndx, st_value, st_info
 *   rela     a relocation's r_offset, r_info symbol index or type, addend
 *            (never re-aimed at __this_module: see the case)
 *   modinfo  vermagic changed, NULs removed, the section cut short,
 *            __versions bytes
 *   this     .gnu.linkonce.this_module bytes (the name unterminated,
 *            random words), its sh_flags without SHF_ALLOC, its size
 *   bytes    random bytes anywhere
 * A draw whose relocations would reach the module's own struct module's
 * list links (through a symbol or addend re-aimed past the end of .data,
 * which the loader lays out right before it) is replaced by another draw
 * for the same index: the kernel's module list then loops, and Linux
 * hangs in its next walk with nothing reported (see mutant()).
 */

/** mulberry32: small, seeded, the same on every host. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shdr { off: number; name: string; type: number; flags: bigint; offset: number; size: number; link: number; info: number; entsize: number }

const EHDR_FIELDS: [string, number, number][] = [   // name, offset, width
  ["e_ident.class", 4, 1], ["e_ident.data", 5, 1], ["e_type", 16, 2], ["e_machine", 18, 2], ["e_shoff", 40, 8],
  ["e_shentsize", 58, 2], ["e_shnum", 60, 2], ["e_shstrndx", 62, 2], ["e_ident.magic", 1, 1],
];
const SHDR_FIELDS: [string, number, number][] = [
  ["sh_name", 0, 4], ["sh_type", 4, 4], ["sh_flags", 8, 8], ["sh_offset", 24, 8], ["sh_size", 32, 8],
  ["sh_link", 40, 4], ["sh_info", 44, 4], ["sh_addralign", 48, 8], ["sh_entsize", 56, 8],
];
const SYM_FIELDS: [string, number, number][] = [["st_name", 0, 4], ["st_info", 4, 1], ["st_shndx", 6, 2], ["st_value", 8, 8], ["st_size", 16, 8]];
const RELA_FIELDS: [string, number, number][] = [["r_offset", 0, 8], ["r_info.type", 8, 4], ["r_info.sym", 12, 4], ["r_addend", 16, 8]];

export interface Mutant { bytes: Uint8Array; name: string; what: string[] }

function sections(b: Uint8Array): Shdr[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shoff = Number(dv.getBigUint64(40, true)), shnum = dv.getUint16(60, true), shstrndx = dv.getUint16(62, true);
  const raw = Array.from({ length: shnum }, (_, i) => {
    const off = shoff + i * 64;
    return { off, nameOff: dv.getUint32(off, true), type: dv.getUint32(off + 4, true), flags: dv.getBigUint64(off + 8, true),
      offset: Number(dv.getBigUint64(off + 24, true)), size: Number(dv.getBigUint64(off + 32, true)),
      link: dv.getUint32(off + 40, true), info: dv.getUint32(off + 44, true), entsize: Number(dv.getBigUint64(off + 56, true)) };
  });
  const strs = raw[shstrndx]!;
  const nameAt = (o: number) => { let e = strs.offset + o; while (e < b.length && b[e] !== 0) e++; return Buffer.from(b.subarray(strs.offset + o, e)).toString("latin1"); };
  return raw.map((s) => ({ ...s, name: nameAt(s.nameOff) }));
}

function indexOf(b: Uint8Array, pat: Uint8Array, from: number, to: number): number {
  outer: for (let i = from; i + pat.length <= to; i++) {
    for (let j = 0; j < pat.length; j++) if (b[i + j] !== pat[j]) continue outer;
    return i;
  }
  return -1;
}

/** The module's name from .gnu.linkonce.this_module (struct module: state, list, then name[56]). */
export function moduleName(b: Uint8Array): string {
  const m = sections(b).find((s) => s.name === ".gnu.linkonce.this_module")!;
  let e = m.offset + 24;
  while (b[e] !== 0) e++;
  return Buffer.from(b.subarray(m.offset + 24, e)).toString("latin1");
}

/** The same module under a new name of the same length (this_module and .modinfo). */
function rename(b: Uint8Array, secs: Shdr[], from: string, to: string): void {
  const m = secs.find((s) => s.name === ".gnu.linkonce.this_module")!;
  b.set(Buffer.from(to, "latin1"), m.offset + 24);
  const mi = secs.find((s) => s.name === ".modinfo")!;
  const at = indexOf(b, Buffer.from(`name=${from}\0`, "latin1"), mi.offset, mi.offset + mi.size);
  if (at >= 0) b.set(Buffer.from(to, "latin1"), at + 5);
}

function put(dv: DataView, off: number, width: number, v: bigint): void {
  if (off < 0 || off + width > dv.byteLength) return;
  if (width === 1) dv.setUint8(off, Number(v & 0xffn));
  else if (width === 2) dv.setUint16(off, Number(v & 0xffffn), true);
  else if (width === 4) dv.setUint32(off, Number(v & 0xffffffffn), true);
  else dv.setBigUint64(off, BigInt.asUintN(64, v), true);
}

/** A value that is likely to matter for a field: boundaries of the file, the tables, the types. */
function interesting(r: () => number, len: number, shnum: number, nsyms: number): bigint {
  const pick = [0n, 1n, 2n, 7n, 0xffn, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n,
    0x7fffffffffffffffn, 0xffffffffffffffffn, 0xfffffffffffffff0n, BigInt(len), BigInt(len - 1), BigInt(len + 1),
    BigInt(shnum), BigInt(shnum + 1), BigInt(shnum - 1), BigInt(nsyms), BigInt(nsyms + 1), 0xff00n, 0xfff1n, 0xfff2n,
    0xffffffff80000000n, 0xffff888000000000n, BigInt(Math.floor(r() * 0x100000000)),
    (BigInt(Math.floor(r() * 0x100000000)) << 32n) | BigInt(Math.floor(r() * 0x100000000))];
  return pick[Math.floor(r() * pick.length)]!;
}

const CLASSES = ["trunc", "ehdr", "shdr", "shdr", "shdr", "sym", "sym", "rela", "rela", "rela", "modinfo", "this", "bytes"] as const;

/**
 * The core region's layout of a .ko as the kernel's layout_sections makes it (kernel/module.c):
 * SHF_ALLOC sections not named .init*, by class (text, read-only, writable), each class
 * page-aligned, each section aligned to its sh_addralign; the offset of each placed section.
 */
function coreLayout(secs: (Shdr & { align: number })[]): Map<number, number> {
  const at = new Map<number, number>();
  const classes: [bigint, bigint][] = [[6n, 0n], [2n, 5n], [3n, 4n]];   // [need, forbid]: A|X; A, not W|X; W|A, not X
  let size = 0;
  for (const [need, forbid] of classes) {
    secs.forEach((s, i) => {
      if (i === 0 || (s.flags & need) !== need || (s.flags & forbid) || at.has(i) || s.name.startsWith(".init")) return;
      const al = s.align > 1 ? s.align : 1;
      size = Math.ceil(size / al) * al;
      at.set(i, size);
      size += s.size;
    });
    size = Math.ceil(size / 4096) * 4096;
  }
  return at;
}

/**
 * The relocations ("section:index") of allocated sections whose target (symbol value + addend,
 * give or take the 8 bytes an instruction's access is from it) lies in the module's own struct
 * module, .gnu.linkonce.this_module, as the loader lays the core region out. A file the parse
 * cannot read, or whose .gnu.linkonce.this_module is not `size` bytes long (sizeof(struct module),
 * the base's), has none: the loader refuses it before any code runs.
 */
export function ownModuleTargets(b: Uint8Array, size: number): Set<string> {
  const out = new Set<string>();
  try {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const secs = sections(b).map((s) => ({ ...s, align: Number(dv.getBigUint64(s.off + 48, true)) }));
    const at = coreLayout(secs);
    const tm = secs.findIndex((s) => s.name === ".gnu.linkonce.this_module");
    const symtab = secs.find((s) => s.type === 2);
    if (tm < 0 || !at.has(tm) || secs[tm]!.size !== size || !symtab) return out;
    const lo = at.get(tm)! + 8, hi = lo + 16;   // struct module's list (after the 4-byte state and its padding)
    secs.forEach((rs, ri) => {
      if (rs.type !== 4 || !((secs[rs.info]?.flags ?? 0n) & 2n)) return;
      for (let k = 0; k + 24 <= rs.size; k += 24) {
        const sym = dv.getUint32(rs.offset + k + 12, true);
        if ((sym + 1) * 24 > symtab.size) continue;
        const shndx = dv.getUint16(symtab.offset + sym * 24 + 6, true);
        if (!at.has(shndx)) continue;
        const t = at.get(shndx)! + Number(dv.getBigUint64(symtab.offset + sym * 24 + 8, true)) + Number(dv.getBigInt64(rs.offset + k + 16, true));
        if (t + 8 > lo && t - 8 < hi) out.add(`${ri}:${k / 24}`);
      }
    });
  } catch {
    return new Set();
  }
  return out;
}

/**
 * One variant. A variant whose code would address its own struct module through a relocation
 * the base does not have (a symbol or addend re-aimed past the end of .data, which the loader lays
 * out right before .gnu.linkonce.this_module: seed 6 #112's list_add_tail read its "prev" from
 * this_module's list.next, the kernel's module list, and stored its nodes there) is not used:
 * the module list then loops, and every walk of it (printk's %pS finding the module, the soft
 * lockup report's "Modules linked in:" line, /proc/modules) spins forever, as it would in
 * Linux, with interrupts off in printk and in the watchdog's own report: a hang that no kernel
 * reports. Another draw is taken for that index (the same as before for every other variant).
 */
export function mutant(base: Uint8Array, seed: number, index: number): Mutant {
  const size = sections(base).find((s) => s.name === ".gnu.linkonce.this_module")!.size;
  const own = ownModuleTargets(base, size);
  for (let attempt = 0; ; attempt++) {
    const m = draw(base, seed, index, attempt);
    if (attempt >= 16 || [...ownModuleTargets(m.bytes, size)].every((k) => own.has(k))) return m;
  }
}

function draw(base: Uint8Array, seed: number, index: number, attempt: number): Mutant {
  const r = rng((seed * 0x9e3779b1 + index * 0x85ebca77 + attempt * 0x27d4eb2f) >>> 0);
  const b = base.slice();
  const secs = sections(b);
  const old = moduleName(b);
  const tag = index.toString(36).padStart(4, "0");
  const name = old.slice(0, old.length - tag.length) + tag;
  rename(b, secs, old, name);
  const dv = new DataView(b.buffer);
  const what: string[] = [];
  const symtab = secs.find((s) => s.type === 2)!;
  const nsyms = Math.floor(symtab.size / 24);
  const strtab = secs[symtab.link]!;
  const symName = (i: number) => { const o = strtab.offset + dv.getUint32(symtab.offset + i * 24, true); let e = o; while (b[e] !== 0) e++; return Buffer.from(b.subarray(o, e)).toString("latin1"); };
  const thisSym = Array.from({ length: nsyms }, (_, i) => i).find((i) => symName(i) === "__this_module") ?? -1;
  const relas = secs.filter((s) => s.type === 4 && s.size >= 24);
  const idx = (n: number) => Math.floor(r() * n);
  let len = b.length;
  const n = 1 + idx(3);
  for (let k = 0; k < n; k++) {
    const cls = CLASSES[idx(CLASSES.length)]!;
    const v = interesting(r, b.length, secs.length, nsyms);
    switch (cls) {
      case "trunc": {
        const cuts = [0, 1, 16, 63, 64, ...secs.map((s) => s.offset), ...secs.map((s) => s.offset + s.size - 1), Number(dv.getBigUint64(40, true)) + idx(secs.length * 64), idx(b.length)];
        len = Math.min(len, cuts[idx(cuts.length)]!);
        what.push(`trunc ${len}`);
        break;
      }
      case "ehdr": {
        const [f, off, w] = EHDR_FIELDS[idx(EHDR_FIELDS.length)]!;
        put(dv, off, w, v); what.push(`ehdr ${f}=${v.toString(16)}`);
        break;
      }
      case "shdr": {
        const i = idx(secs.length);
        const [f, off, w] = SHDR_FIELDS[idx(SHDR_FIELDS.length)]!;
        let val = v;
        if (f === "sh_flags" && r() < 0.6) val = secs[i]!.flags ^ BigInt(1 << idx(3));   // flip W, A or X
        if (f === "sh_type" && r() < 0.6) val = BigInt([0, 1, 2, 3, 4, 8, 9, 11][idx(8)]!);
        if ((f === "sh_link" || f === "sh_info") && r() < 0.5) val = BigInt(idx(secs.length + 2));
        put(dv, secs[i]!.off + off, w, val); what.push(`shdr[${i} ${secs[i]!.name}].${f}=${val.toString(16)}`);
        break;
      }
      case "sym": {
        const i = 1 + idx(nsyms - 1);
        const [f, off, w] = SYM_FIELDS[idx(SYM_FIELDS.length)]!;
        let val = v;
        if (f === "st_shndx" && r() < 0.5) val = BigInt(idx(secs.length + 2));
        if (f === "st_value" && r() < 0.5) val = BigInt(idx(0x2000));
        put(dv, symtab.offset + i * 24 + off, w, val); what.push(`sym[${i}].${f}=${val.toString(16)}`);
        break;
      }
      case "rela": {
        if (relas.length === 0) break;
        const s = relas[idx(relas.length)]!;
        const i = idx(Math.floor(s.size / 24));
        const [f, off, w] = RELA_FIELDS[idx(RELA_FIELDS.length)]!;
        let val = v;
        if (f === "r_info.type" && r() < 0.7) val = BigInt(idx(42));
        if (f === "r_info.sym" && r() < 0.6) val = BigInt(idx(nsyms + 3));
        // not generated: the module's code handed its own struct module (whose list
        // links are the kernel's module list) corrupts the list for everyone; Linux
        // then oopses in every walk of the list, recursively while printing the oops
        if (f === "r_info.sym" && (val & 0xffffffffn) === BigInt(thisSym)) val += 1n;
        if (f === "r_offset" && r() < 0.6) val = BigInt(idx(0x400));
        if (f === "r_addend" && r() < 0.5) val = BigInt.asUintN(64, BigInt(idx(64) - 32));
        put(dv, s.offset + i * 24 + off, w, val); what.push(`${s.name}[${i}].${f}=${val.toString(16)}`);
        break;
      }
      case "modinfo": {
        const mi = secs.find((s) => s.name === ".modinfo")!;
        const kind = idx(4);
        if (kind === 0) {
          const at = indexOf(b, Buffer.from("vermagic=", "latin1"), mi.offset, mi.offset + mi.size);
          if (at >= 0) b[at + 9 + idx(8)] ^= 1 << idx(7);
          what.push("modinfo vermagic changed");
        } else if (kind === 1) {
          for (let i = mi.offset; i < mi.offset + mi.size; i++) if (b[i] === 0) b[i] = 0x78;
          what.push("modinfo without NULs");
        } else if (kind === 2) {
          const sz = idx(mi.size);
          put(dv, mi.off + 32, 8, BigInt(sz)); what.push(`modinfo size ${sz}`);
        } else {
          const vs = secs.find((s) => s.name === "__versions") ?? mi;
          for (let j = 0; j < 8; j++) b[vs.offset + idx(vs.size)] = idx(256);
          what.push(`${vs.name} bytes`);
        }
        break;
      }
      case "this": {
        const m = secs.find((s) => s.name === ".gnu.linkonce.this_module")!;
        const kind = idx(4);
        if (kind === 0) { b.fill(0x41, m.offset + 24, m.offset + 24 + 56); what.push("this_module name unterminated"); }
        else if (kind === 1) { put(dv, m.off + 8, 8, m.flags & ~2n); what.push("this_module without SHF_ALLOC"); }
        else if (kind === 2) { put(dv, m.off + 32, 8, BigInt(m.size + [-8, 8, -m.size][idx(3)]!)); what.push("this_module size"); }
        else { const at = m.offset + 8 * idx(m.size / 8); put(dv, at, 8, v); what.push(`this_module word ${at - m.offset}=${v.toString(16)}`); }
        break;
      }
      case "bytes": {
        const cnt = 1 + idx(8);
        for (let j = 0; j < cnt; j++) b[idx(b.length)] = idx(256);
        what.push(`${cnt} random bytes`);
        break;
      }
    }
  }
  return { bytes: b.subarray(0, len), name, what };
}
