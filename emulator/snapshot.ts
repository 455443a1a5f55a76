/*
 * snapshot.ts: the whole machine as a file, and back (`kmemlab boot
 * --save-state` / `--load-state`).
 *
 * A state is taken at a run-loop boundary (Machine.control: between two
 * slices, where the loop keeps nothing in locals), so a machine loaded
 * from it and run goes on exactly as the saved one would have: the same
 * instructions at the same virtual times, the same transcript. What is
 * saved: RAM (only its non-zero pages, deflated), the CPU's architectural
 * state and counters (the decode cache, TLB, wasm records and compiled
 * code are derived and rebuilt), every device's state, the clock, and the
 * machine's kernel command line and RAM size.
 *
 * Devices are saved generically: a device's state is its own fields that
 * hold data (numbers, booleans, strings, arrays of them, Uint8Arrays, and
 * objects and arrays made only of those, such as the PIC's two chips or
 * the PIT's channels); a field holding a function or anything that leads
 * to one (a callback, the clock, another device) is wiring, set up again
 * by the new machine's constructor. A fingerprint of every saved field's
 * name is part of the file, so a kmemlab whose devices or CPU keep other
 * fields refuses the state instead of misreading it, as it refuses a
 * state from another kmemlab version or another kernel build (the
 * kernel's SHA-256).
 *
 * File: "KMEMLAB-STATE\n", a u32 length (little-endian) and a JSON header
 * (identity, command line, RAM size), then the body in state-codec.ts's
 * encoding, the same on every host (the state, the page numbers and the
 * pages as one raw deflate stream: Node compresses it, the page writes
 * stored blocks, either inflates on Node).
 */

import { platform } from "./platform.ts";
import { decodeState, encodeState } from "./state-codec.ts";
import { Machine, type MachineOptions, type RunControl } from "./machine.ts";
import type { Cpu } from "./cpu/cpu.ts";

const MAGIC = "KMEMLAB-STATE\n";
const FORMAT = 2;

/** A state that cannot be loaded here (another kernel or kmemlab, a damaged file): the CLI's status 2. */
export class SnapshotError extends Error {}

export interface StateHeader {
  format: number;
  /** The kmemlab version that wrote it. */
  kmemlab: string;
  /** SHA-256 of the kernel image it booted. */
  kernel: string;
  /** Fingerprint of the saved fields' names (what this build of kmemlab saves). */
  fields: string;
  cmdline: string;
  memoryMiB: number;
  clock: "virtual" | "real";
  /** Instructions retired when it was saved. */
  insns: number;
}

/** The Cpu's saved fields (the rest is derived, scratch for the instruction being run, or wiring). */
const CPU_FIELDS = ["rip", "flags", "cr0", "cr3", "cr4", "cr8", "efer", "dr", "mxcsr", "cpl", "seg", "gdtBase", "gdtLimit",
  "idtBase", "idtLimit", "ldtr", "tr", "kernelGsBase", "icount", "halted", "shadow", "checkIrq", "deliveries"] as const;

type Data = null | undefined | number | boolean | string | Uint8Array | Data[] | { [k: string]: Data };

/** True for a value made only of data (see the header); `seen` guards against cycles. */
function isData(v: unknown, seen: Set<object>): boolean {
  if (v === null || v === undefined) return true;
  const t = typeof v;
  if (t === "number" || t === "boolean" || t === "string") return true;
  if (t !== "object") return false;
  if (v instanceof Uint8Array) return true;
  if (ArrayBuffer.isView(v)) return false;
  if (seen.has(v as object)) return false;
  seen.add(v as object);
  try {
    if (Array.isArray(v)) return v.every((x) => isData(x, seen));
    return Object.values(v as object).every((x) => isData(x, seen));
  } finally { seen.delete(v as object); }
}

/** A device's state: its own data fields, copied. */
function capture(o: object): Record<string, Data> {
  const out: Record<string, Data> = {};
  for (const [k, v] of Object.entries(o)) if (isData(v, new Set([o]))) out[k] = structuredClone(v) as Data;
  return out;
}

/** Put captured fields back, in place (arrays and objects keep their identity: others may hold them). */
function apply(target: Record<string, unknown>, saved: Record<string, Data>): void {
  for (const [k, v] of Object.entries(saved)) {
    const cur = target[k];
    if (v instanceof Uint8Array && cur instanceof Uint8Array && cur.length === v.length) cur.set(v);
    else if (Array.isArray(v) && Array.isArray(cur)) {
      if (v.every((x) => x === null || typeof x !== "object") || cur.length !== v.length) { cur.length = 0; cur.push(...structuredClone(v)); }
      else v.forEach((x, i) => apply(cur[i] as Record<string, unknown>, x as Record<string, Data>));
    } else if (v !== null && typeof v === "object" && cur !== null && typeof cur === "object") apply(cur as Record<string, unknown>, v as Record<string, Data>);
    else target[k] = v;
  }
}

function devicesOf(m: Machine): Record<string, object> {
  const d = m.dev;
  return { pic: d.pic, uart: d.uart, pit: d.pit, rtc: d.rtc, clock: m.clock };
}

/** Every device's state; the clock without its mode (the loading run's choice) and host-time origin (per process). */
function captureDevices(m: Machine): Record<string, Record<string, Data>> {
  const out: Record<string, Record<string, Data>> = {};
  for (const [k, o] of Object.entries(devicesOf(m))) out[k] = capture(o);
  delete out.clock!.mode;
  delete out.clock!.realStart;
  return out;
}

function cpuState(c: Cpu): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  for (const k of CPU_FIELDS) s[k] = structuredClone(c[k]);
  return { ...s, r: Uint8Array.from(new Uint8Array(c.r.buffer, c.r.byteOffset, c.r.byteLength)),
    xmm: Uint8Array.from(new Uint8Array(c.xmm.buffer, c.xmm.byteOffset, c.xmm.byteLength)), msr: new Map(c.msr), cr2: c.mmu.cr2 };
}

/** Names of everything saved, hashed: two kmemlab builds that save the same fields read each other's states. */
function fingerprint(devices: Record<string, Record<string, Data>>): string {
  const names = [...CPU_FIELDS, "r", "xmm", "msr", "cr2"].join(",") + ";" +
    Object.entries(devices).map(([d, f]) => `${d}:${Object.keys(f).sort().join(",")}`).join(";");
  return platform.sha256Hex(`${FORMAT};${names}`).slice(0, 16);
}

/** Everything of a machine but its RAM: the CPU's saved fields and every device's. */
export interface CoreState { cpu: Record<string, unknown>; devices: Record<string, Record<string, Data>> }

export function captureCore(m: Machine): CoreState { return { cpu: cpuState(m.cpu), devices: captureDevices(m) }; }

/** Put a CoreState back (RAM untouched); the TLB is flushed, the decode cache is the caller's business. */
export function applyCore(m: Machine, st: CoreState): void {
  const c = m.cpu, s = st.cpu;
  for (const f of CPU_FIELDS) {
    if (f === "seg") (s.seg as object[]).forEach((x, i) => Object.assign(c.seg[i]!, x));
    else if (f === "ldtr" || f === "tr" || f === "dr") Object.assign(c[f], s[f]);
    else (c as unknown as Record<string, unknown>)[f] = structuredClone(s[f]);
  }
  new Uint8Array(c.r.buffer, c.r.byteOffset, c.r.byteLength).set(s.r as Uint8Array);
  new Uint8Array(c.xmm.buffer, c.xmm.byteOffset, c.xmm.byteLength).set(s.xmm as Uint8Array);
  c.msr.clear();
  for (const [a, v] of s.msr as Map<number, bigint>) c.msr.set(a, v);
  c.mmu.cr2 = s.cr2 as number;
  for (const [name, o] of Object.entries(devicesOf(m))) apply(o as unknown as Record<string, unknown>, structuredClone(st.devices[name] ?? {}));
  c.updateMode();
  c.mmu.flushTlb();
}

export function kernelId(kernel: Uint8Array): string { return platform.sha256Hex(kernel); }

/** The machine's state as a file (at a run-loop boundary: from a RunControl's pause, or before the first run). */
export function saveState(m: Machine, kmemlab: string): Uint8Array {
  const c = m.cpu, mem = c.mmu.mem;
  const devices = captureDevices(m);
  // the non-zero pages
  const words = new BigUint64Array(mem.buffer, mem.byteOffset, Math.floor(mem.byteLength / 8));
  const pages: number[] = [];
  for (let pg = 0; pg * 512 < words.length; pg++) {
    const end = Math.min(words.length, pg * 512 + 512);
    for (let w = pg * 512; w < end; w++) if (words[w] !== 0n) { pages.push(pg); break; }
  }
  const raw = new Uint8Array(pages.length * 4096);
  pages.forEach((pg, i) => raw.set(mem.subarray(pg * 4096, Math.min(mem.length, pg * 4096 + 4096)), i * 4096));
  const header: StateHeader = {
    format: FORMAT, kmemlab, kernel: kernelId(m.opts.kernel), fields: fingerprint(devices),
    cmdline: m.opts.cmdline ?? "", memoryMiB: m.opts.memoryMiB ?? 128, clock: m.clock.mode, insns: c.icount,
  };
  const body = encodeState({ cpu: cpuState(c), devices, pages: Uint32Array.from(pages), ram: platform.deflateRaw(raw) });
  const h = new TextEncoder().encode(JSON.stringify(header));
  const file = new Uint8Array(MAGIC.length + 4 + h.length + body.length);
  for (let i = 0; i < MAGIC.length; i++) file[i] = MAGIC.charCodeAt(i);
  new DataView(file.buffer).setUint32(MAGIC.length, h.length, true);
  file.set(h, MAGIC.length + 4);
  file.set(body, MAGIC.length + 4 + h.length);
  return file;
}

/** Where the body starts (after the magic, the header's length and the header). */
export function bodyOffset(file: Uint8Array): number {
  return MAGIC.length + 4 + new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(MAGIC.length, true);
}

/** The header of a state file (to build the machine it is loaded into); throws SnapshotError. */
export function readStateHeader(file: Uint8Array): StateHeader {
  if (file.length < MAGIC.length + 4 || String.fromCharCode(...file.subarray(0, MAGIC.length)) !== MAGIC) throw new SnapshotError("not a kmemlab state file");
  const end = bodyOffset(file);
  let h: StateHeader;
  try {
    if (end > file.length) throw new Error("short");
    h = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(file.subarray(MAGIC.length + 4, end))) as StateHeader;
  } catch {
    throw new SnapshotError("damaged state file (its header does not parse)");
  }
  if (h.format !== FORMAT) throw new SnapshotError(`state file format ${h.format}; this kmemlab reads format ${FORMAT}`);
  return h;
}

/**
 * Load a state into `m`, a machine built with the header's command line
 * and RAM size, and the same kernel, that has not run yet. Throws
 * SnapshotError when the state is not this kmemlab's or this kernel's.
 */
export function loadState(m: Machine, file: Uint8Array, kmemlab: string): void {
  const h = readStateHeader(file);
  if (h.kmemlab !== kmemlab) throw new SnapshotError(`the state was saved by kmemlab ${h.kmemlab}; this is kmemlab ${kmemlab}`);
  if (h.kernel !== kernelId(m.opts.kernel)) throw new SnapshotError("the state was saved with another kernel build (its SHA-256 differs); boot that kernel with -k, or save the state again");
  const c = m.cpu, mmu = c.mmu;
  if (m.opts.boot !== false || c.icount !== 0) throw new Error("loadState needs a machine built with boot: false that has not run");
  if (h.fields !== fingerprint(captureDevices(m))) throw new SnapshotError("the state was saved by a kmemlab whose machine keeps other fields; save it again with this one");
  if (h.memoryMiB * 1024 * 1024 !== mmu.ramSize) throw new SnapshotError(`the state has ${h.memoryMiB} MiB of RAM, this machine ${mmu.ramSize >> 20} MiB`);
  let body: { cpu: Record<string, unknown>; devices: Record<string, Record<string, Data>>; pages: Uint32Array; ram: Uint8Array };
  let raw: Uint8Array;
  try {
    body = decodeState(file.subarray(bodyOffset(file))) as typeof body;
    raw = platform.inflateRaw(body.ram);
    if (raw.length !== body.pages.length * 4096) throw new Error("size");
  } catch {
    throw new SnapshotError("damaged state file (its contents do not decode)");
  }
  // RAM (all zero in an unbooted machine): the saved pages
  const mem = mmu.mem;
  body.pages.forEach((pg, k) => {
    const at = pg * 4096;
    if (at < mem.length) mem.set(raw.subarray(k * 4096, k * 4096 + Math.min(4096, mem.length - at)), at);
  });
  applyCore(m, body);
  if (m.clock.mode === "real") m.clock.resumeReal();
  mmu.flushCode();
}

/**
 * A RunControl that calls `onPrompt` once, at the first slice boundary
 * where the guest sits at a shell prompt: the console's output so far
 * ends with "\n# " (fed through `output`), the CPU idles in hlt with
 * interrupts enabled and no console input is waiting. `onPrompt` may save
 * the state, stop the machine or type input; the run goes on unless it
 * stopped it.
 */
export class PromptWatch implements RunControl {
  private tail = "";
  private done = false;
  constructor(private readonly m: Machine, private readonly onPrompt: () => void) {}

  /** Every byte the guest writes to the console. */
  output(b: number): void { if (!this.done) this.tail = (this.tail + String.fromCharCode(b)).slice(-3); }

  pause(): Promise<void> | null {
    const c = this.m.cpu;
    if (!this.done && c.halted && (c.flags & 0x200) !== 0 && /\n# $/.test(this.tail.replace(/\r/g, "\n")) && this.m.dev.uart.pendingInput() === 0) {
      this.done = true;
      this.onPrompt();
    }
    return null;
  }

  limit(): number { return Infinity; }
  wake(): void {}
}

/** A machine resumed from a state file: its command line and RAM size come from the state; throws SnapshotError. */
export function restoreMachine(file: Uint8Array, kmemlab: string, opts: Omit<MachineOptions, "cmdline" | "memoryMiB" | "initrd" | "boot">): Machine {
  const h = readStateHeader(file);
  const m = new Machine({ ...opts, cmdline: h.cmdline, memoryMiB: h.memoryMiB, initrd: null, boot: false });
  loadState(m, file, kmemlab);
  return m;
}
