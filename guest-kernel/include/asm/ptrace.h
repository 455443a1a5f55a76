/* ptrace.h: struct pt_regs, in Linux's x86-64 order (entry.S builds it). */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di;
	unsigned long orig_ax;
	unsigned long ip, cs, flags, sp, ss;
};
#define user_mode(r) (((r)->cs & 3) == 3)
#endif
