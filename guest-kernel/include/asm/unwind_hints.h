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
 * Only for assembly.
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
#endif

#endif
