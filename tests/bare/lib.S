/*
 * lib.S: the common part of every tests/bare image, linked with it.
 *
 * PVH entry in 32-bit protected mode (EBX -> hvm_start_info, saved in
 * start_info with the entry CR0/CR4/EFER), page tables (PML4[0] and
 * PML4[511] -> one PDPT; PDPT[0] and PDPT[510] -> one PD; PD[0] -> a page
 * table of 4 KiB pages for 0-2 MiB, page 0 not present, every page
 * user-accessible and writable; PD[1..3] 2 MiB pages up to 8 MiB), PAE,
 * EFER.LME, CR0.PG, a GDT with kernel and user segments and a TSS, a far
 * jump to 64-bit code, then: COM1 programmed for polled output, an IDT
 * whose 256 interrupt gates (DPL 0, no IST) lead to isr_common, and a
 * call to the image's `main`, which returns an isa-debug-exit value.
 *
 * isr_common saves every GPR (frame layout in bare.inc) and calls
 * vec_hook[vector](frame) if set, else default_exception, which prints
 * one line per exception and resumes at resume_rip (the FAULT macro), or
 * exits with 0x7f (status 255) when no fault was expected.
 *
 * Helpers preserve every register except where noted: putc (%dil), puts
 * (%rsi), puthex (%rdi), exit (%edi, no return), set_gate (%edi vector,
 * %esi DPL, %edx IST), set_hook (%edi vector, %rsi function), pte_of
 * (%rdi address -> %rax = address of its PTE, 0-2 MiB only), call_user
 * (%rdi function, %rsi RFLAGS: runs the function in ring 3 on user_stack
 * until it executes int $0x80; returns its %rax; clobbers the caller-saved
 * registers), pic_init (8259 pair at 0x20/0x28, all masked).
 */
	.include "bare.inc"

	.section .note.Xen, "a"
	.align 4
	.long 4, 4, 18
	.asciz "Xen"
	.long _start32

	.section .text32, "ax"
	.code32
	.globl _start32
_start32:
	mov	%ebx, start_info
	mov	%cr0, %eax
	mov	%eax, entry_cr0
	mov	%cr4, %eax
	mov	%eax, entry_cr4
	mov	$0xc0000080, %ecx
	rdmsr
	mov	%eax, entry_efer
	mov	%cs, entry_cs
	/* page tables */
	lea	pdpt + 7, %eax
	mov	%eax, pml4
	mov	%eax, pml4 + 511*8
	lea	pd + 7, %eax
	mov	%eax, pdpt
	mov	%eax, pdpt + 510*8
	lea	pt + 7, %eax
	mov	%eax, pd
	mov	$0x200087, %eax
	mov	%eax, pd + 8
	add	$0x200000, %eax
	mov	%eax, pd + 16
	add	$0x200000, %eax
	mov	%eax, pd + 24
	mov	$1, %ecx			/* page 0 stays not present */
1:	mov	%ecx, %eax
	shl	$12, %eax
	or	$7, %eax
	mov	%eax, pt(,%ecx,8)
	inc	%ecx
	cmp	$512, %ecx
	jb	1b
	mov	%cr4, %eax
	or	$0x20, %eax			/* PAE */
	mov	%eax, %cr4
	lea	pml4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx
	rdmsr
	or	$0x100, %eax			/* LME */
	wrmsr
	mov	%cr0, %eax
	or	$0x80000001, %eax		/* PG, PE */
	mov	%eax, %cr0
	lgdt	gdtr
	ljmp	$KCODE, $start64

	.section .text, "ax"
	.code64
start64:
	mov	$KDATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	lea	stack_top(%rip), %rsp
	cld
	/* TSS descriptor (base < 4 GiB) */
	lea	tss(%rip), %rax
	mov	%rax, %rdx
	shl	$16, %rdx
	movabs	$0xffffff0000, %rcx
	and	%rcx, %rdx			/* base 23:0 -> bits 39:16 */
	mov	%rax, %rcx
	shr	$24, %rcx
	shl	$56, %rcx			/* base 31:24 -> bits 63:56 */
	or	%rcx, %rdx
	movabs	$0x0000890000000067, %rcx	/* present, type 9 (available 64-bit TSS), limit 0x67 */
	or	%rcx, %rdx
	mov	%rdx, gdt + TSS_SEL(%rip)
	movq	$0, gdt + TSS_SEL + 8(%rip)
	lea	int_stack_top(%rip), %rax
	mov	%rax, tss + TSS_RSP0(%rip)
	lea	ist1_stack_top(%rip), %rax
	mov	%rax, tss + TSS_IST1(%rip)
	movw	$104, tss + 0x66(%rip)		/* no I/O bitmap */
	mov	$TSS_SEL, %ax
	ltr	%ax
	xor	%eax, %eax
	lldt	%ax				/* no LDT (the firmware may leave one) */
	/* COM1: 115200 8N1, FIFO, no interrupts */
	mov	$COM1+1, %dx
	xor	%al, %al
	out	%al, %dx
	mov	$COM1+3, %dx
	mov	$0x80, %al
	out	%al, %dx
	mov	$COM1, %dx
	mov	$1, %al
	out	%al, %dx
	mov	$COM1+1, %dx
	xor	%al, %al
	out	%al, %dx
	mov	$COM1+3, %dx
	mov	$0x03, %al
	out	%al, %dx
	mov	$COM1+2, %dx
	mov	$0x07, %al
	out	%al, %dx
	mov	$COM1+4, %dx
	mov	$0x03, %al
	out	%al, %dx
	/* IDT */
	xor	%edi, %edi
1:	xor	%esi, %esi
	xor	%edx, %edx
	call	set_gate
	inc	%edi
	cmp	$256, %edi
	jb	1b
	mov	$0x80, %edi			/* int $0x80: the way back from call_user */
	mov	$3, %esi
	call	set_gate
	lea	user_return(%rip), %rax
	mov	%ax, idt + 0x80*16(%rip)
	shr	$16, %rax
	mov	%ax, idt + 0x80*16 + 6(%rip)
	lea	idt(%rip), %rax
	mov	%rax, idtr + 2(%rip)
	lidt	idtr(%rip)
	call	main
	mov	%eax, %edi
	/* fall through */
	.globl exit
exit:
	mov	%edi, %eax
	mov	$0xf4, %dx
	out	%eax, %dx
	cli
1:	hlt
	jmp	1b

/* set_gate: %edi vector, %esi DPL, %edx IST; handler = its stub */
	.globl set_gate
set_gate:
	push	%rax
	push	%rbx
	push	%rcx
	mov	%edi, %ebx
	shl	$4, %rbx
	lea	idt(%rip), %rcx
	add	%rcx, %rbx			/* gate */
	mov	%edi, %eax
	shl	$4, %eax
	lea	isr_stubs(%rip), %rcx
	add	%rcx, %rax			/* stub address */
	mov	%ax, (%rbx)
	movw	$KCODE, 2(%rbx)
	mov	%dl, 4(%rbx)
	mov	%esi, %ecx
	shl	$5, %ecx
	or	$0x8e, %ecx			/* present, 64-bit interrupt gate */
	mov	%cl, 5(%rbx)
	shr	$16, %rax
	mov	%ax, 6(%rbx)
	shr	$16, %rax
	mov	%eax, 8(%rbx)
	movl	$0, 12(%rbx)
	pop	%rcx
	pop	%rbx
	pop	%rax
	ret

	.globl set_hook
set_hook:
	push	%rax
	lea	vec_hook(%rip), %rax
	mov	%rsi, (%rax,%rdi,8)
	pop	%rax
	ret

	.globl pte_of
pte_of:
	mov	%rdi, %rax
	shr	$12, %rax
	and	$511, %eax
	shl	$3, %eax
	push	%rdx
	lea	pt(%rip), %rdx
	add	%rdx, %rax
	pop	%rdx
	ret

	.globl putc
putc:
	push	%rax
	push	%rdx
	mov	$COM1+5, %dx
1:	in	%dx, %al
	test	$0x20, %al
	jz	1b
	mov	$COM1, %dx
	mov	%dil, %al
	out	%al, %dx
	pop	%rdx
	pop	%rax
	ret

	.globl puts
puts:
	push	%rsi
	push	%rdi
1:	movzbl	(%rsi), %edi
	test	%edi, %edi
	jz	2f
	call	putc
	inc	%rsi
	jmp	1b
2:	pop	%rdi
	pop	%rsi
	ret

	.globl puthex
puthex:
	push	%rax
	push	%rcx
	push	%rdi
	mov	%rdi, %rax
	mov	$60, %ecx
1:	test	%ecx, %ecx			/* skip leading zeros, keep the last digit */
	jz	2f
	mov	%rax, %rdi
	shr	%cl, %rdi
	test	$15, %edi
	jnz	2f
	sub	$4, %ecx
	jmp	1b
2:	mov	%rax, %rdi
	shr	%cl, %rdi
	and	$15, %edi
	movzbl	hexdigits(%rdi), %edi
	call	putc
	sub	$4, %ecx
	jns	2b
	pop	%rdi
	pop	%rcx
	pop	%rax
	ret

/* call_user: %rdi function, %rsi RFLAGS */
	.globl call_user
call_user:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, kernel_saved_rsp(%rip)
	pushq	$UDATA | 3
	lea	user_stack_top(%rip), %rax
	push	%rax
	push	%rsi
	pushq	$UCODE | 3
	push	%rdi
	iretq
user_return:					/* int $0x80 from ring 3 */
	mov	kernel_saved_rsp(%rip), %rsp
	mov	$KDATA, %ecx
	mov	%ecx, %ds
	mov	%ecx, %es
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret

	.globl pic_init
pic_init:
	push	%rax
	mov	$0x11, %al
	out	%al, $0x20
	out	%al, $0xa0
	mov	$0x20, %al
	out	%al, $0x21
	mov	$0x28, %al
	out	%al, $0xa1
	mov	$0x04, %al
	out	%al, $0x21
	mov	$0x02, %al
	out	%al, $0xa1
	mov	$0x01, %al
	out	%al, $0x21
	out	%al, $0xa1
	mov	$0xff, %al
	out	%al, $0x21
	out	%al, $0xa1
	pop	%rax
	ret

/* the 256 stubs, 16 bytes apart: push a dummy error code where the CPU pushes none, then the vector */
	.balign 16
isr_stubs:
	.set	vec, 0
	.rept	256
	.balign 16
	.if vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30
	.else
	pushq	$0
	.endif
	.byte	0x68
	.long	vec
	jmp	isr_common
	.set	vec, vec + 1
	.endr

isr_common:
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	cld
	mov	F_VEC(%rdi), %rax
	lea	vec_hook(%rip), %rcx
	mov	(%rcx,%rax,8), %rax
	test	%rax, %rax
	jz	1f
	call	*%rax
	jmp	2f
1:	call	default_exception
2:	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp
	iretq

/* default_exception(%rdi = frame): "#PF err=2 cr2=1f0000 rip=fault [user]" */
	.globl default_exception
default_exception:
	mov	%rdi, %rbx
	mov	F_VEC(%rbx), %rax
	cmp	$32, %rax
	jae	1f
	lea	exc_names(%rip), %rsi
	lea	(%rsi,%rax,8), %rsi
	call	puts
	jmp	2f
1:	PUTS	"vec="
	PUTHEX	%rax
2:	mov	F_VEC(%rbx), %rax
	cmp	$32, %rax
	jae	3f
	mov	$0x60227d00, %ecx		/* vectors with an error code: 8, 10-14, 17, 21, 29, 30 */
	bt	%eax, %ecx
	jnc	3f
	mov	F_ERR(%rbx), %rax
	cmpq	$13, F_VEC(%rbx)
	jne	10f
	test	$2, %eax			/* #GP for an IDT gate: see gate_err */
	jz	10f
	mov	%rax, gate_err(%rip)
	PUTS	" err=idt gate"
	jmp	3f
10:	PUTS	" err="
	PUTHEX	%rax
3:	cmpq	$14, F_VEC(%rbx)
	jne	4f
	PUTS	" cr2="
	mov	%cr2, %rax
	PUTHEX	%rax
4:	PUTS	" rip="
	mov	F_RIP(%rbx), %rax
	cmp	expect_rip(%rip), %rax
	jne	5f
	PUTS	"fault"
	jmp	7f
5:	cmp	resume_rip(%rip), %rax
	jne	6f
	PUTS	"next"
	jmp	7f
6:	PUTHEX	%rax
7:	testb	$3, F_CS(%rbx)
	jz	8f
	PUTS	" user"
8:	PUTS	"\n"
	mov	resume_rip(%rip), %rax
	test	%rax, %rax
	jz	9f
	mov	%rax, F_RIP(%rbx)
	movq	$0, resume_rip(%rip)
	movq	$0, expect_rip(%rip)
	ret
9:	PUTS	"unexpected exception\n"
	EXIT	0x7f

	.section .rodata
hexdigits:
	.ascii	"0123456789abcdef"
	.balign 8
exc_names:
	.irp	nm, DE, DB, NMI, BP, OF, BR, UD, NM, DF, CSO, TS, NP, SS, GP, PF, 15, MF, AC, MC, XM, VE, CP, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.balign 8
	.asciz	"#\nm"
	.endr
	.balign 8
	.quad	0

	.section .data
	.balign 16
	.globl gdt
gdt:	.quad	0
	.quad	0x00af9a000000ffff		/* 0x08 kernel code, 64-bit */
	.quad	0x00cf92000000ffff		/* 0x10 kernel data */
	.quad	0x00cffa000000ffff		/* 0x18 user code, 32-bit (STAR layout) */
	.quad	0x00cff2000000ffff		/* 0x20 user data */
	.quad	0x00affa000000ffff		/* 0x28 user code, 64-bit */
	.quad	0, 0				/* 0x30 TSS (filled in) */
	.quad	0x00af98000000ffff		/* 0x40 execute-only code, 64-bit */
	.quad	0x00cf12000000ffff		/* 0x48 data, not present */
gdt_end:
gdtr:	.word	gdt_end - gdt - 1
	.long	gdt
	.balign 16
	.word	0, 0, 0
idtr:	.word	256*16 - 1
	.quad	0
	.balign 8
	.globl start_info, entry_cr0, entry_cr4, entry_efer, entry_cs, expect_rip, resume_rip, vec_hook, tss
start_info:	.quad 0
entry_cr0:	.quad 0
entry_cr4:	.quad 0
entry_efer:	.quad 0
entry_cs:	.quad 0
expect_rip:	.quad 0
resume_rip:	.quad 0
/* The raw error code of the last #GP naming an IDT gate: hardware (and
   kmemlab) report vector*8+2, QEMU's TCG vector*16+2, so it is not printed. */
	.globl gate_err
gate_err:	.quad 0
kernel_saved_rsp: .quad 0
	.balign 16
tss:	.skip	104

	.section .bss
	.balign 4096
	.globl pml4, pdpt, pd, pt, idt, user_stack_top, stack_top, int_stack_top, ist1_stack_top, ist1_stack
pml4:	.skip	4096
pdpt:	.skip	4096
pd:	.skip	4096
pt:	.skip	4096
idt:	.skip	4096
vec_hook: .skip	256*8
	.balign 4096
	.skip	8192
stack_top:
	.skip	8192
int_stack_top:
ist1_stack:
	.skip	8192
ist1_stack_top:
	.skip	8192
user_stack_top:
