/*
 * loop.S: the CPU benchmark guest. A PVH kernel (same entry path as the real
 * one) whose 64-bit part runs a fixed loop mixing ALU work, loads and stores
 * over a 64 KiB array, a call/ret and data-dependent branches, then exits
 * through isa-debug-exit. The iteration count comes from the command line
 * ("n=<decimal>"); about 20 instructions per iteration
 * (the benchmark measures the exact count on the interpreter).
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
	mov	%ebx, %esi
	lea	pdpt, %eax
	or	$3, %eax
	mov	%eax, pml4
	lea	pd, %eax
	or	$3, %eax
	mov	%eax, pdpt
	mov	$0x83, %eax
	mov	%eax, pd
	add	$0x200000, %eax
	mov	%eax, pd + 8
	mov	%cr4, %eax
	or	$0x20, %eax
	mov	%eax, %cr4
	lea	pml4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx
	rdmsr
	or	$0x100, %eax
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
	lea	stack_top, %rsp
	/* parse n=<decimal> from the command line */
	mov	0x18(%rsi), %rbx
	xor	%r15, %r15
1:	movzbl	(%rbx), %eax
	inc	%rbx
	test	%al, %al
	jz	3f
	cmp	$'=', %al
	jne	1b
2:	movzbl	(%rbx), %eax
	sub	$'0', %eax
	cmp	$9, %eax
	ja	3f
	imul	$10, %r15, %r15
	add	%rax, %r15
	inc	%rbx
	jmp	2b
3:	lea	array, %rdi
	xor	%eax, %eax
	mov	$0x9e3779b97f4a7c15, %rdx
	xor	%ecx, %ecx
loop:
	mov	%rcx, %r8
	and	$0x1ff8, %r8
	mov	(%rdi,%r8), %r9
	add	%rdx, %r9
	rol	$13, %r9
	xor	%rax, %r9
	mov	%r9, (%rdi,%r8)
	lea	(%rax,%r9,2), %rax
	test	$1, %r9b
	jz	4f
	sub	$3, %rax
	jmp	5f
4:	add	$7, %rax
5:	call	mix
	shr	$1, %r10
	or	%r10, %rax
	inc	%rcx
	cmp	%r15, %rcx
	jb	loop
	mov	$0x20, %eax
	mov	$0xf4, %dx
	out	%eax, %dx
	hlt
mix:	mov	%rax, %r10
	imul	%rdx, %r10
	ret

	.section .data32, "aw"
	.align 16
gdt:	.quad 0
	.quad 0x00af9a000000ffff
	.quad 0x00cf92000000ffff
gdtr:	.word gdtr - gdt - 1
	.long gdt

	.section .bss32, "aw", @nobits
	.align 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4096
array:	.skip 65536
	.skip 4096
stack_top:
