/*
 * streams.ts: the instruction streams of the CPU fuzzer and the images
 * that run them (tests/cpufuzz/cpufuzz.S with tests/bare/lib.S).
 *
 * A stream is 16 seeded bytes: uniformly random, or table-guided
 * (tests/decoder/fuzz.ts genCase: prefixes, REX, an opcode kmemlab
 * knows, random ModRM/SIB/displacement/immediate). Each is decoded with
 * iced-x86 from every offset (a jump inside the stream may land on any
 * byte), and rejected when any of those decodings contains:
 *   - an instruction whose result depends on the machine rather than the
 *     CPU's semantics (cpuid, rdtsc, rdtscp, rdpmc, rdrand, rdseed, rdpid,
 *     rdmsr, xgetbv), or that changes the harness's segments (mov/pop to a
 *     segment register, lss/lfs/lgs, swapgs);
 *   - in ring 0, one that changes or stops the machine: hlt, monitor and
 *     mwait, port I/O, lgdt/lidt/lldt/ltr, mov to or from CR/DR, wrmsr,
 *     xsetbv, clts, lmsw, invd/wbinvd, iret, sysret/sysexit, far returns,
 *     jumps and calls (ring 3 gets #GP for all of them: they stay);
 *   - a general-purpose instruction kmemlab does not implement (outside
 *     the decoder fuzz's subset: kmemlab raises #UD, tests/decoder checks
 *     that, and QEMU would run it). x87, MMX, SSE and AVX instructions
 *     stay: the image sets CR0.EM, so x87 raises #NM and the others #UD
 *     on every CPU.
 * QEMU accepts some encodings hardware (and iced-x86) rejects with #UD:
 * LOCK on push or pop, 8F /1-7 as pop, C6/C7 /1-7 as mov: a stream in
 * which any decoding meets an invalid instruction (other than an x87
 * escape, #NM under CR0.EM) is compared between the kmemlab tiers only
 * (record word 24; kmemlab's #UD there is checked against iced-x86 by
 * tests/decoder). QEMU's error code for a software interrupt through a
 * DPL 0 gate is vector * 16 + 2 (hardware: vector * 8 + 2): its lines
 * are read in hardware's terms (qemuAsHardware), and so is its #GP(0)
 * where a stack access (push, pop, call, ret) meets a non-canonical RSP:
 * hardware raises #SS(0) there (SDM Vol. 3 6.15; kmemlab does), and its
 * #PF without W where a read-modify-write instruction's destination
 * faults: hardware translates it for writing first (W set; kmemlab does).
 * QEMU 7.2's TCG aborts ("tcg fatal error") on LOCK BT with a register
 * operand: no stream with LOCK on an invalid instruction is generated.
 * F6/F7 /1 is TEST on hardware (and in iced-x86 and kmemlab), #UD in
 * QEMU: not generated. Nor is BSWAP of a 16-bit register (its result is
 * undefined). QEMU completes a near branch or return to a non-canonical
 * address and faults on the fetch there (#GP with that RIP, the return
 * address popped); hardware faults on the branch itself (kmemlab does):
 * such lines are not compared. An
 * operand-size prefix on a near branch is ignored by Intel CPUs in
 * 64-bit mode (kmemlab and iced-x86 follow Intel) but truncates the
 * target to 16 bits on AMD and QEMU: not generated. Nor is a REX byte
 * followed by another prefix (hardware ignores such a REX; QEMU applies it).
 * A branch inside the stream to itself or backwards could loop forever
 * (there is no timer): not generated. The scratch page is NX, the
 * harness's pages are supervisor pages in the ring-3 image, so whatever
 * else the stream does ends in an exception.
 * The RFLAGS bits any decoded instruction leaves undefined (iced's
 * rflagsUndefined) are masked out of the comparison, with RF, VIF and
 * VIP (NOT_COMPARED_FLAGS); an instruction that reads a flag an earlier
 * one of its decoding left undefined (a jcc, adc, pushf after bsf or a
 * shift) makes the stream's result undefined: not generated. Nor is
 * SHLD/SHRD of a 16-bit operand by more than 16. Valid instructions on
 * which QEMU and hardware differ (qemuDeviation) are compared between the
 * kmemlab tiers only, as invalid ones are.
 */
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng } from "../diff/inputs.ts";
import { genCase, subset } from "../decoder/fuzz.ts";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const iced = require("iced-x86") as typeof import("iced-x86");

const HERE = dirname(fileURLToPath(import.meta.url));
const BARE = resolve(HERE, "../bare");
export const OUT = resolve(HERE, "../../build/cpufuzz");
export const REC = 32;
/** Arithmetic flags the streams start with (bit 1 is always set). */
const START_FLAGS = [0x2, 0x3, 0x46, 0x893, 0x8d7, 0x4d6];

const MACHINE = new Set(["cpuid", "rdtsc", "rdtscp", "rdpmc", "rdrand", "rdseed", "rdpid", "rdmsr", "xgetbv", "swapgs", "lss", "lfs", "lgs"]);
const RING0 = new Set(["hlt", "monitor", "mwait", "monitorx", "mwaitx", "in", "out", "insb", "insw", "insd", "outsb", "outsw", "outsd",
  "lgdt", "lidt", "lldt", "ltr", "wrmsr", "xsetbv", "clts", "lmsw", "invd", "wbinvd", "iret", "iretd", "iretq", "sysret", "sysretq",
  "sysexit", "sysexitq", "retf", "tpause", "umwait", "encls", "enclu", "rsm", "vmcall", "vmlaunch", "vmresume", "vmxoff", "vmxon"]);
/** CPUID features whose instructions fault with CR0.EM set (x87: #NM; MMX, SSE, AVX: #UD). */
const EM_FAULTS = /^(FPU|FPU287|FPU387|MMX|MMX_EXT|SSE|SSE2|SSE3|SSSE3|SSE4_1|SSE4_2|SSE4A|AVX|AVX2|FMA|F16C|AES|PCLMULQDQ|SHA|AVX512|D3NOW|XOP|FMA4)/;
/** ... except these general-purpose ones that carry such a feature. */
const EM_IMMUNE = new Set(["crc32", "popcnt", "movnti", "clflush", "lfence", "mfence", "sfence", "pause", "prefetchnta", "prefetcht0",
  "prefetcht1", "prefetcht2", "ldmxcsr", "stmxcsr"]);

/**
 * RF: hardware sets it in the frame of a fault, QEMU does not. VIF, VIP:
 * QEMU's iret at CPL 3 loads them (hardware loads them only at CPL 0), and
 * they stay set for the streams after: neither is compared.
 */
const NOT_COMPARED_FLAGS = 0x10000 | 0x80000 | 0x100000;
const ICED_OF = 1, ICED_SF = 2, ICED_ZF = 4, ICED_AF = 8, ICED_CF = 16, ICED_PF = 32;
function x86Flags(b: number): number {
  return (b & ICED_OF ? 0x800 : 0) | (b & ICED_SF ? 0x80 : 0) | (b & ICED_ZF ? 0x40 : 0) | (b & ICED_AF ? 0x10 : 0) | (b & ICED_CF ? 1 : 0) | (b & ICED_PF ? 4 : 0);
}

const SUBSET = subset();
const regName = (r: number) => String(iced.Register[r]);

/** Why a decoded instruction makes the stream unusable, or null. */
function excluded(ins: InstanceType<typeof iced.Instruction>, ring: 0 | 3): string | null {
  const mn = String(iced.Mnemonic[ins.mnemonic]).toLowerCase();
  if (MACHINE.has(mn)) return mn;
  for (let i = 0; i < ins.opCount; i++) {
    if (ins.opKind(i) !== iced.OpKind.Register) continue;
    const r = regName(ins.opRegister(i));
    if (/^(ES|CS|SS|DS|FS|GS)$/.test(r) && (mn === "mov" && i === 0 || mn === "pop")) return `${mn} ${r}`;
    if (ring === 0 && /^(CR|DR|TR)\d/.test(r)) return `${mn} ${r}`;
  }
  if (ring === 0 && (RING0.has(mn) || ins.isJmpFarIndirect || ins.isCallFarIndirect || ins.isJmpFar || ins.isCallFar)) return mn;
  const feats = Array.from(ins.cpuidFeatures(), (f) => String(iced.CpuidFeature[f]));
  if (feats.some((f) => EM_FAULTS.test(f)) && !EM_IMMUNE.has(mn)) return null;
  const op0f = ins.length > 1;
  if (!SUBSET.has(mn) || ((mn === "movsd" || mn === "cmpsd") && op0f && feats.some((f) => /SSE/.test(f)))) return `not implemented: ${mn}`;
  return null;
}

/** SHLD/SHRD of 16 bits by more than 16 (an immediate, or CL, whatever it holds): the result is undefined (SDM). */
function shxd16Undefined(ins: InstanceType<typeof iced.Instruction>): boolean {
  const mn = String(iced.Mnemonic[ins.mnemonic]);
  if ((mn !== "Shld" && mn !== "Shrd") || !/^([A-D]X|[SD]I|[SB]P|R\d+W)$/.test(regName(ins.op1Register))) return false;
  return ins.op2Kind !== iced.OpKind.Immediate8 || (ins.immediate8 & 31) > 16;
}

/**
 * Where QEMU (TCG, -cpu qemu64) and hardware differ on a valid instruction, so
 * its line is compared between the kmemlab tiers only:
 *   - RET/RETF imm16 with bit 15 set: QEMU sign-extends the immediate (RSP
 *     comes out 64 KiB low); hardware (and kmemlab) add it zero-extended;
 *   - EMMS and the conversions between MMX and XMM registers (CVTPI2PS,
 *     CVT(T)PS2PI, CVTPI2PD, CVT(T)PD2PI): QEMU runs them with CR0.EM set;
 *     hardware raises #UD;
 *   - IRET from ring 3 whose frame read faults: QEMU reads the frame as a
 *     supervisor access (#PF error code without U); hardware uses CPL 3;
 *   - LZCNT/TZCNT: the qemu64 model has neither ABM nor BMI1, so QEMU runs
 *     F3 0F BD/BC as BSR/BSF, as such a CPU does;
 *   - CMPS: QEMU reads ES:RDI before DS:RSI, so when both fault it raises
 *     the destination's exception; hardware faults on DS:RSI first (kmemlab
 *     does; checked on this machine's AMD EPYC: non-canonical RSI and an
 *     unmapped RDI give #GP);
 *   - an instruction that reads flags and accesses memory (ADC/SBB, RCL/RCR,
 *     SETcc, CMOVcc on memory, PUSHF): QEMU folds the lazy flags into one
 *     value before the access and, when the access faults, restores the
 *     previous instruction's flag state with operands it has discarded, so
 *     the exception frame's RFLAGS are garbage (e.g. SF set after a
 *     positive ADC result);
 *   - REP MOVS/REP STOS after an instruction of the same decoding wrote
 *     RCX or RDI (repWritesAfterCountOrDest): the count and the destination
 *     are then the stream's, and the copy can run over the code page and
 *     the string instruction itself. QEMU notices the write to translated
 *     code, stops the REP there and decodes the new bytes; hardware goes on
 *     with the REP it decoded until the count ends or an access faults
 *     (kmemlab does; checked on this host with tests/cpufuzz/native.c:
 *     ring 3 seed 1 stream 16119, 91 bb .. f3 a5: xchg eax,ecx then
 *     rep movsd, and seed 2 stream 9660, bswap ecx then rep movsb, fault
 *     at RDI 0x200000 with RSI 0x1fff80 as on kmemlab, where QEMU stops
 *     after overwriting 0x1ff800);
 *   - ENTER: hardware faults when a write at the final stack pointer would
 *     (the SDM's rule; kmemlab does; checked on this host with native.c:
 *     ring 3 seed 3 stream 714, enter $0xb090,$28, #PF with CR2 the final
 *     RSP); QEMU completes the enter and faults later or not at all;
 *   - RETF from ring 3: QEMU reads the frame as a supervisor access (#PF
 *     error code without U: ring 3 seed 3 batch 3004 stream 1186, 23 e3 f2 19
 *     ec a4 cb, lret through RSP 0xfffffc00, error code 0 where kmemlab and
 *     the host CPU give 4; the host's CR2 is 0xfffffc04, this AMD CPU reading
 *     the selector first, kmemlab's 0xfffffc00, the offset popped first as in
 *     the SDM's pseudocode) and, with a 32- or 16-bit operand size, through
 *     RSP cut to 32 bits, so a non-canonical RSP is #PF at its low half where
 *     hardware raises #SS(0) (SDM Vol. 3 6.15; kmemlab does; the host CPU
 *     gives SIGBUS, trap 12, for pop %rsp; lret in ring 3 seed 3 batches 3001
 *     stream 928, 3002 stream 120 and 3003 stream 797);
 *   - SHLD/SHRD with an immediate count and a RIP-relative memory operand:
 *     QEMU leaves the imm8 out of the instruction's length when it adds
 *     RIP, so it accesses one byte lower (0f ac 05 00 00 00 10 01: CR2
 *     0x101ff807 on QEMU, 0x101ff808 on kmemlab and the host CPU; ring 3
 *     seed 3 batch 3000 stream 215, batch 3004 stream 884).
 */
function qemuDeviation(ins: InstanceType<typeof iced.Instruction>, ring: 0 | 3): boolean {
  const mn = String(iced.Mnemonic[ins.mnemonic]);
  if ((mn === "Ret" || mn === "Retf") && ins.opCount === 1 && (ins.immediate16 & 0x8000) !== 0) return true;
  if (["Emms", "Cvtpi2ps", "Cvtps2pi", "Cvttps2pi", "Cvtpi2pd", "Cvtpd2pi", "Cvttpd2pi", "Lzcnt", "Tzcnt"].includes(mn)) return true;
  if (ring === 3 && mn.startsWith("Iret")) return true;
  if (mn === "Enter") return true;
  if (ring === 3 && mn === "Retf") return true;
  if ((mn === "Shld" || mn === "Shrd") && ins.op2Kind === iced.OpKind.Immediate8 && ins.isIpRelMemoryOperand) return true;
  if (mn.startsWith("Cmps") && ins.opCount === 2 && ins.opKind(1) === iced.OpKind.MemoryESRDI) return true;
  // (RCL/RCR by a count that masks to 0 read no flag, but QEMU folds them all the same)
  if (ins.rflagsRead === 0 && mn !== "Rcl" && mn !== "Rcr") return false;
  if (ins.stackPointerIncrement !== 0) return true;
  for (let i = 0; i < ins.opCount; i++) if (ins.opKind(i) === iced.OpKind.Memory) return true;
  return false;
}

const COUNT_OR_DEST = /^(RCX|ECX|CX|CL|CH|RDI|EDI|DI|DIL)$/;
const WRITES = new Set([iced.OpAccess.Write, iced.OpAccess.CondWrite, iced.OpAccess.ReadWrite, iced.OpAccess.ReadCondWrite]);
/** The instruction writes RCX or RDI (any part). */
function writesCountOrDest(info: InstanceType<typeof iced.InstructionInfoFactory>, ins: InstanceType<typeof iced.Instruction>): boolean {
  const ii = info.info(ins);
  const regs = ii.usedRegisters() as InstanceType<typeof iced.UsedRegister>[];
  const w = regs.some((u) => WRITES.has(u.access) && COUNT_OR_DEST.test(regName(u.register)));
  for (const u of regs) u.free();
  return w;
}
/** REP MOVS or REP STOS (F3 or F2: both repeat them). */
function repWrite(ins: InstanceType<typeof iced.Instruction>): boolean {
  const mn = String(iced.Mnemonic[ins.mnemonic]);
  return (ins.hasRepPrefix || ins.hasRepnePrefix) && /^(Movs|Stos)[bwdq]$/.test(mn) && ins.opCount >= 1 && ins.opKind(0) === iced.OpKind.MemoryESRDI;
}

/** The instruction at `at` (of `len` bytes) carries the legacy prefix `p`. */
function hasPrefix(b: Uint8Array, at: number, len: number, p: number): boolean {
  for (let i = at; i < at + len; i++) {
    if (b[i] === p) return true;
    if (![0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x2e, 0x36, 0x3e, 0x26, 0x64, 0x65].includes(b[i]!)) return false;
  }
  return false;
}

const LEGACY = [0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x2e, 0x36, 0x3e, 0x26, 0x64, 0x65];
/** A REX byte followed by a legacy prefix: hardware ignores that REX, QEMU applies it. */
function rexBeforeLegacy(b: Uint8Array, at: number, len: number): boolean {
  for (let i = at; i + 1 < at + len; i++) {
    if ((b[i]! & 0xf0) === 0x40 && LEGACY.includes(b[i + 1]!)) return true;
    if ((b[i]! & 0xf0) !== 0x40 && !LEGACY.includes(b[i]!)) return false;
  }
  return false;
}

/** Legacy prefixes (and REX) at `at` include LOCK. */
function hasLock(b: Uint8Array, at: number): boolean {
  for (let i = at; i < b.length; i++) {
    if (b[i] === 0xf0) return true;
    if (!LEGACY.includes(b[i]!) && (b[i]! & 0xf0) !== 0x40) return false;
  }
  return false;
}

/** F6 /1 or F7 /1: hardware (and iced-x86, and kmemlab) run it as TEST; QEMU raises #UD. */
function testAlias(b: Uint8Array, at: number, ins: InstanceType<typeof iced.Instruction>): boolean {
  if (String(iced.Mnemonic[ins.mnemonic]) !== "Test") return false;
  let i = at;
  while (i < at + ins.length && (LEGACY.includes(b[i]!) || (b[i]! & 0xf0) === 0x40)) i++;
  return (b[i] === 0xf6 || b[i] === 0xf7) && ((b[i + 1]! >> 3) & 7) === 1;
}

/** The instruction at `at` is an x87 escape (D8-DF after legacy prefixes and REX): with CR0.EM every one is #NM, valid or not. */
function isEscape(b: Uint8Array, at: number): boolean {
  let i = at;
  while (i < b.length && [0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x2e, 0x36, 0x3e, 0x26, 0x64, 0x65].includes(b[i]!)) {
    if (b[i] === 0xf0) return false;   // LOCK: #UD or #NM first is not settled here: not compared with QEMU
    i++;
  }
  if (i < b.length && (b[i]! & 0xf0) === 0x40) i++;
  return i < b.length && b[i]! >= 0xd8 && b[i]! <= 0xdf;
}

/** Whether QEMU's line for the record counts (see the header: invalid encodings are compared between the kmemlab tiers only). */
export function qemuComparable(records: Uint8Array, i: number): boolean {
  return new DataView(records.buffer, records.byteOffset + i * REC).getUint32(24, true) === 1;
}

/**
 * QEMU's error code for a gate the IDT refuses is vector * 16 + 2 in long
 * mode (it scales by the 16-byte gate size; hardware's is the vector in the
 * selector-index field, vector * 8 + 2): QEMU's line in hardware's terms.
 */
export function qemuAsHardware(line: string, ours = "", record?: Uint8Array): string {
  const [vec, err, ...rest] = line.split(" ");
  const rip = BigInt("0x" + (rest[0] ?? "0"));
  if (vec === "d" && rip >= 0x800000000000n && rip < 0xffff800000000000n) return "(not compared: QEMU branched to a non-canonical address)";
  const e = parseInt(err ?? "0", 16);
  // QEMU: a read-modify-write's destination faults as a read (#PF without W); hardware translates it for writing
  // first (W set; kmemlab does; the host CPU through native.c: error code 6 on an unmapped page for add, shl $0, shrd,
  // bts, xchg, cmpxchg, xadd; 4 for bt and cmp)
  const [ov, oe, ...orest] = ours.split(" ");
  if (vec === "e" && ov === "e" && (e & 2) === 0 && parseInt(oe ?? "0", 16) === (e | 2) && orest.join(" ") === rest.join(" ") &&
    record !== undefined && rmwAt(record, Number(rip) - ENTRY)) return ours;
  // QEMU: #GP(0) for a non-canonical stack address, where hardware raises #SS(0) (push, pop, call, ret, enter, leave)
  if (vec === "d" && e === 0 && ours.startsWith("c 0 ")) return ["c", "0", ...rest].join(" ");
  // (only an IDT error code, below 256 * 16: a software INT n to an error-code vector leaves RIP in that slot)
  if ((vec === "d" || vec === "b") && e < 0x1000 && (e & 0xf) === 2) return [vec, ((e >> 4) * 8 + 2).toString(16), ...rest].join(" ");
  return line;
}

/** Where the streams run (cpufuzz.S ENTRY). */
const ENTRY = 0x1ff800;
/**
 * The instruction at ENTRY + `at` writes the memory it reads (iced-x86's access): the stream's 16 bytes, int3 around
 * them in the code page, and outside it RAM as the harness leaves it, zeros (add %al,(%rax): a branch of a ring-0
 * stream can land there; ring 0 seed 3 batch 3002 stream 175, a jmp to 0x43b9b0).
 */
function rmwAt(record: Uint8Array, at: number): boolean {
  const buf = new Uint8Array(32).fill(0xcc);
  if (at >= 0 && at < 16) buf.set(record.subarray(at, 16));
  else if (at < -0x800 || at >= 0x800) buf.fill(0);
  const dec = new iced.Decoder(64, buf, iced.DecoderOptions.None);
  const ins = dec.decode();
  const info = new iced.InstructionInfoFactory();
  const mems = info.info(ins).usedMemory() as InstanceType<typeof iced.UsedMemory>[];
  const rmw = mems.some((u) => u.access === iced.OpAccess.ReadWrite || u.access === iced.OpAccess.ReadCondWrite);
  for (const u of mems) u.free();
  info.free(); ins.free(); dec.free();
  return rmw;
}

/**
 * The batch's records with the QEMU-compared ones first (in their order), then the others. A
 * stream compared between the tiers only may end differently on QEMU, and in ring 0 it can leave
 * that difference behind in the harness's own memory (its data, stack or tables are writable
 * there), so a compared stream after it would start from different machines: ring 0 seed 2
 * stream 7192 (0d a9 a5 f2 ...) differed from QEMU in its batch only (replayed alone, or after
 * compared streams only, the lines are the same).
 * After the reordering every compared stream follows only streams that ended the same on both.
 */
function comparedFirst(records: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(records.length);
  let k = 0;
  for (const want of [true, false])
    for (let i = 0; i < count; i++)
      if (qemuComparable(records, i) === want) out.set(records.subarray(i * REC, i * REC + REC), REC * k++);
  return out;
}

export interface StreamBatch { records: Uint8Array; count: number; rejected: number; reasons: Map<string, number> }

/** `count` accepted streams from the generator state `g`. */
export function makeStreams(g: Rng, count: number, ring: 0 | 3): StreamBatch {
  const records = new Uint8Array(count * REC);
  const buf = new Uint8Array(32).fill(0xcc);
  const ins = new iced.Instruction();
  const info = new iced.InstructionInfoFactory();
  const reasons = new Map<string, number>();
  let rejected = 0;
  for (let k = 0; k < count;) {
    const s = buf.subarray(0, 16);
    if (g.below(2)) for (let i = 0; i < 16; i++) s[i] = g.u32() & 0xff;
    else genCase(g, s);
    const dec = new iced.Decoder(64, buf, iced.DecoderOptions.None);
    let why: string | null = null, undef = 0, invalid = false;
    for (let start = 0; start < 16 && why === null; start++) {
      dec.position = start;
      dec.ip = BigInt(start);
      let undefHere = 0;   // the flags this decoding has left undefined so far
      let wroteCountOrDest = false;
      while (dec.position < 16 && why === null) {
        const at = dec.position;
        dec.decodeOut(ins);
        if (ins.isInvalid) {
          if (hasLock(buf, at)) why = "LOCK on an invalid instruction";
          else if (!isEscape(buf, at)) invalid = true;
          break;
        }
        why = excluded(ins, ring);
        if (why === null && ins.flowControl !== iced.FlowControl.Next && hasPrefix(buf, at, ins.length, 0x66)) why = "66 on a branch";
        if (why === null && rexBeforeLegacy(buf, at, ins.length)) why = "REX before a legacy prefix";
        // a loop inside the stream could run forever: no branch back to itself or before it
        if (why === null && (ins.isJccShortOrNear || ins.isJmpShortOrNear || ins.isCallNear || ins.isLoop || ins.isLoopcc || ins.isJcxShort) &&
          BigInt.asIntN(64, ins.nearBranchTarget) >= 0n && BigInt.asIntN(64, ins.nearBranchTarget) <= BigInt(at)) why = "backward branch";
        if (why === null && testAlias(buf, at, ins)) why = "F6/F7 /1";
        if (why === null && String(iced.Mnemonic[ins.mnemonic]) === "Bswap" && hasPrefix(buf, at, ins.length, 0x66)) why = "bswap r16 (undefined)";
        if (why === null && shxd16Undefined(ins)) why = "shld/shrd r16 by more than 16 (undefined)";
        if (why === null && (x86Flags(ins.rflagsRead) & undefHere) !== 0) why = "reads a flag left undefined";
        if (qemuDeviation(ins, ring)) invalid = true;
        if (repWrite(ins) && wroteCountOrDest) invalid = true;   // QEMU's self-modifying REP (see qemuDeviation)
        if (!wroteCountOrDest && writesCountOrDest(info, ins)) wroteCountOrDest = true;
        undefHere = (undefHere & ~x86Flags(ins.rflagsModified)) | x86Flags(ins.rflagsUndefined);
        undef |= x86Flags(ins.rflagsUndefined);
      }
    }
    dec.free();
    if (why !== null) { rejected++; reasons.set(why, (reasons.get(why) ?? 0) + 1); continue; }
    const r = records.subarray(k * REC, k * REC + REC);
    r.set(s, 0);
    const dv = new DataView(r.buffer, r.byteOffset, REC);
    dv.setUint32(16, ~(undef | NOT_COMPARED_FLAGS) >>> 0, true);
    dv.setUint32(20, g.pick(START_FLAGS), true);
    dv.setUint32(24, invalid ? 0 : 1, true);
    k++;
  }
  ins.free();
  info.free();
  return { records: comparedFirst(records, count), count, rejected, reasons };
}

function tool(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}${r.error ?? ""}`);
}

/** The scratch page's contents: the same pseudo-random words for every stream. */
function pattern(): Uint8Array {
  const g = new Rng(0x5eed);
  const p = new Uint8Array(4096);
  const dv = new DataView(p.buffer);
  for (let i = 0; i < 4096; i += 4) dv.setUint32(i, g.u32(), true);
  return p;
}

/** Builds the image for one batch of records; returns the ELF path. */
export function buildImage(name: string, records: Uint8Array, ring: 0 | 3, verbose = false, noEm = false): string {
  const dir = join(OUT, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "streams.bin"), records);
  writeFileSync(join(dir, "pattern.bin"), pattern());
  const lib = join(OUT, "lib.o"), obj = join(dir, "cpufuzz.o"), elf = join(dir, "cpufuzz.elf");
  tool("as", ["--64", "-I", BARE, "-o", lib, join(BARE, "lib.S")]);
  tool("as", ["--64", "-I", BARE, "-I", dir, ...(ring === 3 ? ["--defsym", "RING3=1"] : []), ...(verbose ? ["--defsym", "VERBOSE=1"] : []), ...(noEm ? ["--defsym", "NOEM=1"] : []), "-o", obj, join(HERE, "cpufuzz.S")]);
  tool("ld", ["-m", "elf_x86_64", "--no-warn-rwx-segments", "-T", join(BARE, "bare.ld"), "-o", elf, lib, obj]);
  return elf;
}
