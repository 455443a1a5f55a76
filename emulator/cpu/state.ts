/*
 * state.ts: layout of the one buffer that holds all guest-visible CPU state.
 *
 * The interpreter (and later the JIT's wasm code) read and write registers
 * through views of this single ArrayBuffer, so there is exactly one copy of
 * the architectural state. General registers are stored as little-endian
 * 64-bit values, i.e. two 32-bit halves: GPR n's low half is u32[2n], its
 * high half u32[2n+1].
 *
 *   byte offset  contents
 *   0x000        16 GPRs, encoding order rax rcx rdx rbx rsp rbp rsi rdi r8..r15
 *   0x080        16 XMM registers, 16 bytes each (only moves are implemented)
 */

export const REG_RAX = 0, REG_RCX = 1, REG_RDX = 2, REG_RBX = 3;
export const REG_RSP = 4, REG_RBP = 5, REG_RSI = 6, REG_RDI = 7;

export const STATE_BYTES = 0x200;
export const XMM_OFFSET = 0x80;

/** (isa.ts REG64, for the register dumps) */
export { REG64 as REG_NAMES } from "./isa.ts";

/* RFLAGS bits (SDM Vol. 1 §3.4.3). */
export const FLAG_CF = 0x0001;
export const FLAG_PF = 0x0004;
export const FLAG_AF = 0x0010;
export const FLAG_ZF = 0x0040;
export const FLAG_SF = 0x0080;
export const FLAG_TF = 0x0100;
export const FLAG_IF = 0x0200;
export const FLAG_DF = 0x0400;
export const FLAG_OF = 0x0800;
export const FLAG_IOPL = 0x3000;
export const FLAG_NT = 0x4000;
export const FLAG_RF = 0x10000;
export const FLAG_AC = 0x40000;
export const FLAG_ID = 0x200000;
/** The six arithmetic status flags. */
export const FLAGS_STATUS = FLAG_CF | FLAG_PF | FLAG_AF | FLAG_ZF | FLAG_SF | FLAG_OF;
/** Bits software may change with popf at CPL 0 (VM/VIF/VIP stay clear: no v8086). */
/**
 * Elements one execution of a rep string instruction moves, stores or
 * compares at most; then RIP stays on it so interrupts can be taken (as
 * hardware does between iterations). Every tier counts the same chunks.
 */
export const REP_CHUNK = 4096;
export const FLAGS_WRITABLE = FLAGS_STATUS | FLAG_TF | FLAG_IF | FLAG_DF | FLAG_IOPL | FLAG_NT | FLAG_RF | FLAG_AC | FLAG_ID;

/* Control register bits (SDM Vol. 3 §2.5). */
export const CR0_PE = 1 << 0;
export const CR0_MP = 1 << 1;
export const CR0_EM = 1 << 2;
export const CR0_TS = 1 << 3;
export const CR0_ET = 1 << 4;
export const CR0_NE = 1 << 5;
export const CR0_WP = 1 << 16;
export const CR0_AM = 1 << 18;
export const CR0_PG = 1 << 31;
export const CR4_PSE = 1 << 4;
export const CR4_PAE = 1 << 5;
export const CR4_PGE = 1 << 7;
export const CR4_OSFXSR = 1 << 9;

/* Model-specific registers used by a 64-bit kernel. */
export const MSR_EFER = 0xc0000080;
export const MSR_STAR = 0xc0000081;
export const MSR_LSTAR = 0xc0000082;
export const MSR_CSTAR = 0xc0000083;
export const MSR_FMASK = 0xc0000084;
export const MSR_FS_BASE = 0xc0000100;
export const MSR_GS_BASE = 0xc0000101;
export const MSR_KERNEL_GS_BASE = 0xc0000102;
export const MSR_TSC = 0x10;
export const MSR_APIC_BASE = 0x1b;
export const MSR_PAT = 0x277;
export const MSR_MISC_ENABLE = 0x1a0;
export const EFER_SCE = 1 << 0;
export const EFER_LME = 1 << 8;
export const EFER_LMA = 1 << 10;
export const EFER_NXE = 1 << 11;

/* Exception vectors (SDM Vol. 3 §6.3.1). */
export const EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5;
export const EXC_UD = 6, EXC_NM = 7, EXC_DF = 8, EXC_TS = 10, EXC_NP = 11, EXC_SS = 12;
export const EXC_GP = 13, EXC_PF = 14, EXC_MF = 16, EXC_AC = 17;

export const EXCEPTION_NAMES: Record<number, string> = {
  0: "#DE divide error", 1: "#DB debug", 2: "NMI", 3: "#BP breakpoint", 4: "#OF overflow",
  5: "#BR bound range", 6: "#UD invalid opcode", 7: "#NM device not available",
  8: "#DF double fault", 10: "#TS invalid TSS", 11: "#NP segment not present",
  12: "#SS stack fault", 13: "#GP general protection", 14: "#PF page fault",
  16: "#MF x87 error", 17: "#AC alignment check",
};

/** Segment register numbers in ModRM sreg order. */
export const SEG_ES = 0, SEG_CS = 1, SEG_SS = 2, SEG_DS = 3, SEG_FS = 4, SEG_GS = 5;
/** VM (bit 17): never set by this CPU (no virtual-8086 mode). */
export const FLAG_VM_MASK = 0x20000;
