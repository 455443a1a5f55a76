/*
 * unwind_hints.h: where the kernel's call chains begin, for a debugger.
 *
 * Code reached from no caller (the syscall entry, a new task's first
 * instruction, the boot CPU's startup_64) says so in its call frame
 * information: the return address is undefined, so gdb's backtrace ends
 * there cleanly instead of reading whatever lies above the stack. Linux
 * 5.10 marks the same places with UNWIND_HINT_EMPTY for its ORC unwinder;
 * this kernel's unwind tables are DWARF's .debug_frame, as its C code's
 * (-g with -fno-asynchronous-unwind-tables; .eh_frame is discarded).
 *
 * The interrupt and exception entries say where the interrupted code's
 * registers are, so gdb unwinds from a handler back into the code it
 * interrupted (5.10's UNWIND_HINT_IRET_REGS and UNWIND_HINT_REGS):
 * the CFA is the top of the frame the CPU pushed (rip, cs, rflags, rsp,
 * ss), every register the entry saved is at its pt_regs slot, and the
 * interrupted rip is the saved one when cs is the kernel's and 0 when it
 * is user mode (a DWARF expression), so a backtrace ends at the entry
 * rather than wandering into user addresses. Only for assembly.
 */
#ifndef _ASM_UNWIND_HINTS_H
#define _ASM_UNWIND_HINTS_H

#ifdef __ASSEMBLY__
	.cfi_sections .debug_frame

/* From here to UNWIND_HINT_END the code is the outermost frame. */
.macro UNWIND_HINT_EMPTY
	.cfi_startproc simple
	.cfi_def_cfa %rsp, 0
	.cfi_undefined %rip
.endm

.macro UNWIND_HINT_END
	.cfi_endproc
.endm

/* DWARF register numbers with no gas name */
#define DWARF_RFLAGS 49
#define DWARF_CS 51
#define DWARF_SS 52

/*
 * rsp + \base is the IRET frame (the CPU's push: rip, cs, rflags, rsp,
 * ss). The caller's rip: *(CFA - 40) if (*(CFA - 32) & 3) == 0, else 0
 * (DW_CFA_val_expression on rip, column 16; the CFA is on the stack:
 * dup, 32 minus, deref, 3 and, 0 eq, swap, 40 minus, deref, mul).
 */
.macro UNWIND_HINT_IRET_REGS base=0
	.cfi_def_cfa %rsp, \base + 40
	.cfi_escape 0x16, 0x10, 0x0f, 0x12, 0x08, 0x20, 0x1c, 0x06, 0x33, 0x1a, 0x30, 0x29, 0x16, 0x08, 0x28, 0x1c, 0x06, 0x1e
	.cfi_offset DWARF_CS, -32
	.cfi_offset DWARF_RFLAGS, -24
	.cfi_offset %rsp, -16
	.cfi_offset DWARF_SS, -8
.endm

/* An entry point whose IRET frame is at rsp + \base: its own FDE (UNWIND_HINT_END closes it). */
.macro UNWIND_HINT_IRET_ENTRY base=0
	.cfi_startproc simple
	UNWIND_HINT_IRET_REGS \base
.endm

/* rsp + \base is a whole struct pt_regs (168 bytes: r15 first, ss last). */
.macro UNWIND_HINT_REGS base=0
	UNWIND_HINT_IRET_REGS \base + 128
	.cfi_offset %rdi, -56
	.cfi_offset %rsi, -64
	.cfi_offset %rdx, -72
	.cfi_offset %rcx, -80
	.cfi_offset %rax, -88
	.cfi_offset %r8, -96
	.cfi_offset %r9, -104
	.cfi_offset %r10, -112
	.cfi_offset %r11, -120
	.cfi_offset %rbx, -128
	.cfi_offset %rbp, -136
	.cfi_offset %r12, -144
	.cfi_offset %r13, -152
	.cfi_offset %r14, -160
	.cfi_offset %r15, -168
.endm
#endif

#endif
