/*
 * mode.S: the mode switch. lib.S entered in 32-bit protected mode with
 * paging off and switched to long mode; this image prints what it saw at
 * entry (hvm_start_info magic and version, CR0.PE/PG, CR4.PAE, EFER) and
 * the state afterwards (CR0, CR4, EFER, selectors, GDT/IDT limits, the
 * CPUID long-mode/NX/syscall bits), checks 64-bit operand and address
 * arithmetic (32-bit writes zero-extend, RIP-relative addressing) and runs
 * code through the higher-half alias. Exit value 0x11 (status 35).
 */
	.include "bare.inc"
	.text
	.globl main
main:
	PUTS	"mode switch\n"
	mov	start_info(%rip), %rbx
	movl	(%rbx), %eax
	SHOW	"pvh magic=", %rax
	movl	4(%rbx), %eax
	SHOW	"pvh version=", %rax
	mov	entry_cr0(%rip), %rax
	and	$0x80000001, %eax
	SHOW	"entry cr0.pg|pe=", %rax
	mov	entry_cr4(%rip), %rax
	and	$0x20, %eax
	SHOW	"entry cr4.pae=", %rax
	mov	entry_efer(%rip), %rax
	and	$0xd01, %eax
	SHOW	"entry efer=", %rax
	mov	%cr0, %rax
	SHOW	"cr0=", %rax
	mov	%cr4, %rax
	SHOW	"cr4=", %rax
	mov	$0xc0000080, %ecx
	rdmsr
	SHOW	"efer=", %rax
	mov	%cr3, %rax
	lea	pml4(%rip), %rcx
	cmp	%rcx, %rax
	jne	1f
	PUTS	"cr3=pml4\n"
1:	mov	%cs, %eax
	SHOW	"cs=", %rax
	mov	%ss, %eax
	SHOW	"ss=", %rax
	mov	%ds, %eax
	SHOW	"ds=", %rax
	str	%eax
	SHOW	"tr=", %rax
	sub	$16, %rsp
	sgdt	(%rsp)
	movzwl	(%rsp), %eax
	SHOW	"gdt limit=", %rax
	lea	gdt(%rip), %rcx
	cmp	2(%rsp), %rcx
	jne	1f
	PUTS	"gdt base ok\n"
1:	sidt	(%rsp)
	movzwl	(%rsp), %eax
	SHOW	"idt limit=", %rax
	add	$16, %rsp
	mov	$0x80000001, %eax
	cpuid
	mov	%edx, %eax
	shr	$29, %eax
	and	$1, %eax
	SHOW	"cpuid lm=", %rax
	mov	%edx, %eax
	shr	$20, %eax
	and	$1, %eax
	SHOW	"cpuid nx=", %rax
	mov	%edx, %eax
	shr	$11, %eax
	and	$1, %eax
	SHOW	"cpuid syscall=", %rax
	/* 64-bit arithmetic */
	movabs	$0x123456789abcdef0, %rax
	SHOW	"rax=", %rax
	mov	$-1, %rax
	mov	$0x80000000, %eax		/* 32-bit write zero-extends */
	SHOW	"zext=", %rax
	mov	$-1, %rax
	mov	$0x8000, %ax			/* 16-bit write preserves bits 63:16 */
	SHOW	"merge=", %rax
	movabs	$0x100000000, %rax
	add	%rax, %rax
	SHOW	"2^33=", %rax
	lea	here(%rip), %rax
	lea	here, %rcx
	cmp	%rcx, %rax
	jne	here
	PUTS	"rip-relative ok\n"
here:
	/* the higher-half alias of the same code */
	lea	hh_func(%rip), %rax
	movabs	$0xffffffff80000000, %rcx
	add	%rcx, %rax
	call	*%rax
	lea	hh_ret(%rip), %rcx
	sub	%rcx, %rax
	SHOW	"higher half rip-phys=", %rax
	pushf
	pop	%rax
	and	$~0x8d5, %eax
	SHOW	"rflags=", %rax
	mov	$0x11, %eax
	ret

hh_func:
	lea	0(%rip), %rax
hh_ret:	ret
