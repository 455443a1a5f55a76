/*
 * mini-kernel.S: the smallest PVH kernel that exercises the boot path the
 * real kernel uses: 32-bit entry with EBX -> hvm_start_info, page tables
 * (identity + higher half with 2 MiB pages), PAE + EFER.LME + CR0.PG, a
 * 64-bit GDT, a far jump to 64-bit code, then a jump to the higher half.
 * It prints its command line and a line per step on COM1 (polled) and
 * exits through isa-debug-exit with status (0x21 << 1) | 1 = 67.
 */
	.section .note.Xen, "a"
	.align 4
	.long 4, 4, 18
	.asciz "Xen"
	.long _start32

	.section .text32, "ax"
	.code32
	.globl _start32
_start32:
	mov	%ebx, %esi			/* hvm_start_info */
	mov	$0x3f8, %dx
	mov	$'3', %al
	out	%al, %dx
	/* PML4[0] and PML4[511] -> PDPT; PDPT[0] and PDPT[510] -> PD; PD maps 0-8 MiB with 2 MiB pages */
	lea	pdpt, %eax
	or	$3, %eax
	mov	%eax, pml4
	mov	%eax, pml4 + 511*8
	lea	pd, %eax
	or	$3, %eax
	mov	%eax, pdpt
	mov	%eax, pdpt + 510*8
	mov	$0x83, %eax
	mov	%eax, pd
	add	$0x200000, %eax
	mov	%eax, pd + 8
	add	$0x200000, %eax
	mov	%eax, pd + 16
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
	or	$0x80000001, %eax
	mov	%eax, %cr0
	lgdt	gdtr
	ljmp	$0x08, $start64

	.code64
start64:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %ss
	movabs	$high, %rax
	jmp	*%rax

	.section .text, "ax"
high:
	lea	stack_top(%rip), %rsp
	mov	$'6', %al
	mov	$0x3f8, %dx
	out	%al, %dx
	mov	$'4', %al
	out	%al, %dx
	mov	$'\n', %al
	out	%al, %dx
	/* print the command line: hvm_start_info.cmdline_paddr at +0x18, via the identity map */
	mov	0x18(%rsi), %rbx
1:	movb	(%rbx), %al
	test	%al, %al
	jz	2f
	out	%al, %dx
	inc	%rbx
	jmp	1b
2:	mov	$'\n', %al
	out	%al, %dx
	/* a call/ret and an interrupt-free loop to check the stack in the higher half */
	call	sub
	mov	$0x21, %eax
	mov	$0xf4, %dx
	out	%eax, %dx
	hlt
sub:	mov	$'k', %al
	out	%al, %dx
	mov	$'\n', %al
	out	%al, %dx
	ret

	.section .data32, "aw"
	.align 16
gdt:	.quad 0
	.quad 0x00af9a000000ffff		/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff		/* 0x10: data */
gdtr:	.word gdtr - gdt - 1
	.long gdt

	.section .bss32, "aw", @nobits
	.align 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4096

	.section .bss, "aw", @nobits
	.align 16
	.skip 4096
stack_top:
