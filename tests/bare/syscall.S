/*
 * syscall.S: syscall/sysretq. With EFER.SCE clear, syscall is #UD. Then
 * STAR (kernel CS 0x08 / SS 0x10, sysret base 0x1b: CS 0x2b, SS 0x23),
 * LSTAR and SFMASK (IF, TF, DF, AC, NT cleared on entry): a round trip
 * from ring 3 shows RCX = the return RIP, R11 = the user RFLAGS, the
 * masked RFLAGS and the selectors in the kernel, and RFLAGS restored from
 * R11 after sysretq. sysretq in ring 3 is #GP(0). Exit 0x17 (status 47).
 */
	.include "bare.inc"

	.set	MSR_EFER, 0xc0000080
	.set	MSR_STAR, 0xc0000081
	.set	MSR_LSTAR, 0xc0000082
	.set	MSR_SFMASK, 0xc0000084

	.text
	.globl main
main:
	PUTS	"syscall\n"
	FAULT	syscall
	mov	$MSR_STAR, %ecx
	xor	%eax, %eax
	mov	$0x001b0008, %edx
	wrmsr
	mov	$MSR_LSTAR, %ecx
	lea	entry(%rip), %rax
	mov	%rax, %rdx
	shr	$32, %rdx
	wrmsr
	mov	$MSR_SFMASK, %ecx
	mov	$0x44700, %eax
	xor	%edx, %edx
	wrmsr
	mov	$MSR_EFER, %ecx
	rdmsr
	bts	$0, %eax			/* SCE */
	wrmsr
	mov	$MSR_STAR, %ecx
	rdmsr
	SHOW	"star.hi=", %rdx
	lea	user_main(%rip), %rdi
	mov	$0x43002, %esi			/* IOPL 3, AC */
	call	call_user
	PUTS	"sce=0 from ring 3\n"
	mov	$MSR_EFER, %ecx
	rdmsr
	btr	$0, %eax
	wrmsr
	lea	user_nosce(%rip), %rdi
	mov	$0x3002, %esi
	call	call_user
	mov	$0x17, %eax
	ret

user_main:
	std
	xor	%eax, %eax			/* ZF, PF */
	mov	$0x1234, %eax
	mov	$-1, %rcx
	mov	$-1, %r11
	syscall
ret_point:
	pushf
	pop	%rbx
	cld
	SHOW	"user rax=", %rax
	SHOW	"user rflags after sysret=", %rbx
	mov	%cs, %eax
	SHOW	"user cs=", %rax
	mov	%ss, %eax
	SHOW	"user ss=", %rax
	FAULT	sysretq
	int	$0x80

user_nosce:
	FAULT	syscall
	int	$0x80

entry:
	pushf
	pop	%rbx
	SHOW	"kernel rax=", %rax
	lea	ret_point(%rip), %rdx
	cmp	%rdx, %rcx
	jne	1f
	PUTS	"rcx = return rip\n"
1:	SHOW	"r11=", %r11
	mov	%rbx, kernel_rflags(%rip)	/* QEMU's TCG loses the arithmetic flags here; */
	and	$~0x8d5, %ebx			/* hardware keeps them (the test checks 0x3046) */
	SHOW	"kernel rflags&~arith=", %rbx
	mov	%cs, %eax
	SHOW	"kernel cs=", %rax
	mov	%ss, %eax
	SHOW	"kernel ss=", %rax
	mov	$0x5678, %eax
	sysretq

	.data
	.globl kernel_rflags
kernel_rflags: .quad 0
