/*
 * entry.S: every way into and out of the kernel.
 *
 *  - IDT stubs for vectors 0-255. An exception (0-31) pushes -1 where the
 *    CPU pushes no error code and goes to asm_exc_common, which saves the
 *    registers as struct pt_regs and calls do_interrupt(vector, regs); a
 *    page fault goes to asm_exc_page_fault -> exc_page_fault(regs, error
 *    code) as in 5.10, where orig_ax is then -1. An
 *    external interrupt (32-255) pushes its vector in the error code's
 *    slot and goes to asm_common_interrupt, which calls
 *    common_interrupt(regs, vector) with orig_ax set to -1 (no system call
 *    to restart), as 5.10's idtentry_irq does. User-mode entries arrive on
 *    the task's kernel stack (TSS.rsp0).
 *  - GS: in the kernel its base is the per-CPU area (the stack
 *    protector's canary at %gs:40), in user mode the user's. Every entry
 *    from user mode swaps them with swapgs and every return to user mode
 *    swaps back, just before sysretq or the one iretq to user mode
 *    (irq_return_user_iret). An iretq to user mode that faults arrives
 *    in kernel mode with the user's GS: its saved RIP is that iretq, and
 *    the entry swaps then too.
 *  - entry_SYSCALL_64: the syscall instruction's target (LSTAR). Switches
 *    to the task's kernel stack, builds pt_regs like Linux (the frame that
 *    hardware would push, then entry_SYSCALL_64_after_hwframe) and calls
 *    do_syscall_64(nr, regs); returns with sysretq, or iretq when the
 *    return state is not sysret-safe.
 *  - __switch_to_asm: saves callee-saved registers on the old stack,
 *    switches rsp, loads the next task's stack canary, restores the
 *    registers from the new stack.
 *  - ret_from_fork: first code a new task runs.
 *  - rewind_stack_do_exit: an oops's do_exit on a fresh stack.
 *  - #DF (vector 8) arrives on its IST stack (TSS.ist[0], traps.c) and
 *    goes to exc_double_fault(regs, error code).
 *  - The syscall entry and ret_from_fork begin call chains: their unwind
 *    information ends a debugger's backtrace there (asm/unwind_hints.h).
 *    The interrupt and exception paths (stubs, entries, ret_from_intr)
 *    describe the IRET frame and pt_regs instruction by instruction, so a
 *    debugger unwinds from a handler into the code it interrupted; from
 *    user mode the C handler is called from a second call site whose
 *    information ends the chain at the entry (CALL_ENTRY).
 *    asm_call_irq_on_stack's frame links the hard-interrupt stack to the
 *    task's.
 */
#include <asm/segment.h>
#include <asm/unwind_hints.h>

#define PT_R15 0
#define PT_BP 32
#define PT_R11 48
#define PT_AX 80
#define PT_CX 88
#define PT_DI 112
#define PT_ORIG_AX 120
#define PT_IP 128
#define PT_CS 136
#define PT_FLAGS 144
#define PT_SP 152
#define PT_SS 160

/* push/pop with their call frame information (cfi=1: inside an FDE whose CFA is rsp-based) */
.macro PUSH_REG reg cfi
	pushq	%\reg
	.if \cfi
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %\reg, 0
	.endif
.endm

.macro POP_REG reg cfi
	popq	%\reg
	.if \cfi
	.cfi_adjust_cfa_offset -8
	.cfi_same_value %\reg
	.endif
.endm

.macro SAVE_REST cfi=0	/* rdi already pushed */
	.irp r, rsi, rdx, rcx, rax, r8, r9, r10, r11, rbx, rbp, r12, r13, r14, r15
	PUSH_REG	\r, \cfi
	.endr
.endm

.macro RESTORE_ALL cfi=0
	.irp r, r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi
	POP_REG	\r, \cfi
	.endr
	addq	$8, %rsp	/* orig_ax / error code */
	.if \cfi
	.cfi_adjust_cfa_offset -8
	.endif
.endm

	.section .entry.text, "ax"

/*
 * Vectors that push an error code: 8, 10-14, 17, 21, 29, 30. Each stub is
 * 16 bytes, and its own FDE.
 */
	.globl idt_stubs
	.p2align 4
idt_stubs:
vec = 0
.rept 256
	.p2align 4
	.if vec >= 32
	UNWIND_HINT_IRET_ENTRY
	pushq	$vec
	.cfi_adjust_cfa_offset 8
	jmp	asm_common_interrupt
	.elseif vec == 14
	UNWIND_HINT_IRET_ENTRY 8
	jmp	asm_exc_page_fault
	.elseif vec == 8
	UNWIND_HINT_IRET_ENTRY 8
	jmp	asm_exc_double_fault
	.else
	.if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	UNWIND_HINT_IRET_ENTRY 8
	.else
	UNWIND_HINT_IRET_ENTRY
	pushq	$-1
	.cfi_adjust_cfa_offset 8
	.endif
	PUSH_REG	rdi, 1
	movl	$vec, %edi
	jmp	asm_exc_common
	.endif
	UNWIND_HINT_END
vec = vec + 1
.endr

/*
 * Save pt_regs (rdi already pushed), swapgs when coming from user mode
 * (or from the iretq to user mode that faulted), and link the frame
 * chain: a frame whose return address is the interrupted ip. %rsi = regs.
 */
.macro ENTRY_FRAME
	cld
	SAVE_REST 1
	testb	$3, PT_CS(%rsp)
	jnz	2f
	leaq	irq_return_user_iret(%rip), %rax
	cmpq	%rax, PT_IP(%rsp)
	jne	3f
2:	swapgs
3:	movq	%rsp, %rsi
	pushq	PT_IP(%rsi)
	.cfi_adjust_cfa_offset 8
	pushq	%rbp		/* (the interrupted rbp: its rule stays pt_regs' slot) */
	.cfi_adjust_cfa_offset 8
	movq	%rsp, %rbp
	testb	$3, PT_CS(%rsi)
	jz	1f
	xorl	%ebp, %ebp	/* user rbp means nothing to the unwinder */
	movq	%rsp, %rbp
	movq	$0, (%rbp)
1:
.endm

/*
 * call \cfunc from an entry (\regs: the register holding pt_regs): from
 * user mode through a second call whose unwind information ends the
 * chain there (rip undefined), as the syscall entry's does.
 */
.macro CALL_ENTRY cfunc regs
	testb	$3, PT_CS(%\regs)
	jnz	1f
	call	\cfunc
	jmp	2f
1:
	.cfi_remember_state
	.cfi_undefined %rip
	call	\cfunc
	.cfi_restore_state
2:
.endm

	.globl asm_exc_common
asm_exc_common:
	/* the error code lives in orig_ax; vector in %edi */
	UNWIND_HINT_IRET_ENTRY 16
	.cfi_offset %rdi, -56
	ENTRY_FRAME
	CALL_ENTRY do_interrupt, rsi
	addq	$16, %rsp
	.cfi_adjust_cfa_offset -16
	jmp	ret_from_intr
	UNWIND_HINT_END

/*
 * An entry whose C half takes (regs, the error code or vector), with
 * orig_ax then -1: no system call to restart (5.10's idtentry_body).
 */
.macro IDTENTRY name cfunc
	.globl \name
	.p2align 4
\name:
	UNWIND_HINT_IRET_ENTRY 8
	PUSH_REG	rdi, 1
	ENTRY_FRAME
	movq	%rsi, %rdi			/* regs */
	movq	PT_ORIG_AX(%rdi), %rsi		/* error code / vector */
	movq	$-1, PT_ORIG_AX(%rdi)
	CALL_ENTRY \cfunc, rdi
	addq	$16, %rsp
	.cfi_adjust_cfa_offset -16
	jmp	ret_from_intr
	UNWIND_HINT_END
.endm

	IDTENTRY asm_exc_page_fault, exc_page_fault
	IDTENTRY asm_exc_double_fault, exc_double_fault	/* on IST 1: traps.c */
	IDTENTRY asm_common_interrupt, common_interrupt

	.globl ret_from_intr
ret_from_intr:
	.cfi_startproc simple
	UNWIND_HINT_REGS
	RESTORE_ALL 1
	testb	$3, 8(%rsp)		/* CS in the iret frame */
	jnz	ret_to_user_iret
	iretq

/* The one way back to user mode through iretq: rsp at the iret frame. */
ret_to_user_iret:
	swapgs
	.globl irq_return_user_iret
irq_return_user_iret:
	iretq
	UNWIND_HINT_END

/*
 * syscall: RCX = user RIP, R11 = user RFLAGS, IF cleared by SFMASK.
 */
	.globl entry_SYSCALL_64, entry_SYSCALL_64_after_hwframe
	.p2align 4
entry_SYSCALL_64:
	UNWIND_HINT_EMPTY
	swapgs
	movq	%rsp, syscall_user_sp(%rip)
	movq	cpu_current_top_of_stack(%rip), %rsp
	pushq	$__USER_DS		/* ss */
	pushq	syscall_user_sp(%rip)	/* sp */
	pushq	%r11			/* flags */
	pushq	$__USER_CS		/* cs */
	pushq	%rcx			/* ip */
entry_SYSCALL_64_after_hwframe:
	pushq	%rax			/* orig_ax */
	pushq	%rdi
	SAVE_REST
	movq	$-38, PT_AX(%rsp)	/* -ENOSYS */
	xorl	%ebp, %ebp
	movq	%rax, %rdi
	movq	%rsp, %rsi
	sti
	call	do_syscall_64
	cli
	/* sysret needs canonical rcx == ip and r11 == flags, and no TF/RF */
	movq	PT_IP(%rsp), %rcx
	movq	PT_FLAGS(%rsp), %r11
	cmpq	PT_CX(%rsp), %rcx
	jne	2f
	cmpq	PT_R11(%rsp), %r11
	jne	2f
	testq	$0x10100, %r11
	jnz	2f
	movq	%rcx, %rax
	sarq	$47, %rax
	incq	%rax
	cmpq	$1, %rax
	ja	2f
	cmpq	$__USER_CS, PT_CS(%rsp)
	jne	2f
	RESTORE_ALL
	movq	24(%rsp), %rsp		/* user sp from the hardware-style frame */
	swapgs
	sysretq
2:	RESTORE_ALL
	jmp	ret_to_user_iret
	UNWIND_HINT_END

/* Return to user mode through a freshly built pt_regs (execve, fork child). */
	.globl ret_to_user
ret_to_user:
	movq	%rdi, %rsp
	cli
	RESTORE_ALL
	jmp	ret_to_user_iret

/*
 * void __switch_to_asm(struct task_struct *prev, struct task_struct *next)
 * thread.sp is at offset 0 of task_struct.
 */
	.globl __switch_to_asm
__switch_to_asm:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, 0(%rdi)
	movq	0(%rsi), %rsp
	movq	16(%rsi), %rbx		/* next->thread.stack_canary */
	movq	%rbx, %gs:40		/* fixed_percpu_data.stack_canary */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/*
 * A new task starts here (its stack was built by copy_thread):
 * rbx = kernel thread function or 0 for a user task, r12 = its argument.
 * The previous task is in %rax (returned by __switch_to_asm's caller).
 */
	.globl ret_from_fork
ret_from_fork:
	UNWIND_HINT_EMPTY
	call	schedule_tail
	testq	%rbx, %rbx
	jz	1f
	movq	%r12, %rdi
	call	*%rbx
	movq	%rax, %rdi
	call	kthread_exit_code
1:	movq	%rsp, %rdi
	call	prepare_exit_to_usermode
	movq	%rsp, %rdi
	jmp	ret_to_user
	UNWIND_HINT_END

/*
 * void rewind_stack_do_exit(int signr): the end of an oops that kills the
 * task (stacktrace.c), as 5.10's: do_exit on a fresh stack, right below
 * the task's pt_regs, whatever the oops left on it (or however little of
 * it there is left). rbp 0 ends any unwind there.
 */
	.globl rewind_stack_do_exit
rewind_stack_do_exit:
	xorl	%ebp, %ebp
	movq	cpu_current_top_of_stack(%rip), %rax
	leaq	-168(%rax), %rsp	/* -PTREGS_SIZE */
	call	do_exit
1:	hlt
	jmp	1b

/*
 * void asm_call_irq_on_stack(void *sp, void (*func)(void *), void *arg)
 * Runs func(arg) on another stack (the hard-interrupt stack): a flow
 * handler or __do_softirq, as 5.10's entry_64.S does for both. The callee's saved rbp points back into this frame, so
 * frame-pointer unwinding continues onto the interrupted task's stack, as
 * does a debugger's through this frame's CFA (rbp-based). (gdb stops at a
 * frame that seems to go down the stack: the IRQ stack lies below every
 * task stack, irq.c.)
 */
	.globl asm_call_irq_on_stack
asm_call_irq_on_stack:
	.cfi_startproc
	pushq	%rbp
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbp, 0
	movq	%rsp, %rbp
	.cfi_def_cfa_register %rbp
	movq	%rdi, %rsp
	movq	%rdx, %rdi
	call	*%rsi
	movq	%rbp, %rsp
	.cfi_def_cfa_register %rsp
	popq	%rbp
	.cfi_adjust_cfa_offset -8
	.cfi_restore %rbp
	ret
	.cfi_endproc

	.data
	.globl cpu_current_top_of_stack, syscall_user_sp
cpu_current_top_of_stack:	.quad 0
syscall_user_sp:		.quad 0
