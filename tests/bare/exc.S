/*
 * exc.S: #DE, #UD, #BP, #NM and software interrupts. #DE from div by
 * zero (8/32/64-bit) and quotient overflow (div and idiv INT_MIN/-1); #UD
 * from ud2, ud1 and opcodes that do not exist in 64-bit mode (or need a
 * prefix or operand form they lack); #BP from int3 and int $3, with the
 * pushed RIP after the instruction, from ring 0 and from ring 3 (a DPL 0
 * gate gives #GP(vector*8+2) instead); #NM for SSE with CR0.TS. Exit 0x14 (status 41).
 */
	.include "bare.inc"

	.text
	.globl main
main:
	PUTS	"divide\n"
	xor	%ecx, %ecx
	mov	$1, %eax
	FAULT	div %cl
	FAULT	div %ecx
	FAULT	idiv %rcx
	mov	$2, %ecx
	mov	$5, %edx
	FAULT	div %ecx			/* quotient does not fit */
	movabs	$0x8000000000000000, %rax
	cqo
	mov	$-1, %rcx
	FAULT	idiv %rcx
	mov	$0x80000000, %eax
	cltd
	FAULT	idiv %ecx
	mov	$100, %eax
	xor	%edx, %edx
	mov	$7, %ecx
	div	%ecx
	SHOW	"100/7=", %rax
	SHOW	"100%7=", %rdx

	PUTS	"invalid opcode\n"
	FAULT	ud2
	FAULT	.byte 0x0f, 0xb9, 0xc0		/* ud1 %eax, %eax */
	FAULT	.byte 0x06			/* push %es */
	FAULT	.byte 0x37			/* aaa */
	FAULT	.byte 0xce			/* into */
	FAULT	.byte 0xd6			/* salc */
	FAULT	.byte 0x0f, 0x04		/* reserved */
	FAULT	.byte 0x8d, 0xc0		/* lea with a register operand */
	FAULT	.byte 0x8e, 0xc8		/* mov %eax, %cs */
	FAULT	.byte 0xf0, 0x90		/* lock nop */
	FAULT	.byte 0xf0, 0x01, 0xc3		/* lock add %eax, %ebx */
	FAULT	.byte 0xc5, 0xf8, 0x77		/* vzeroupper: no AVX */

	PUTS	"breakpoint\n"
	FAULT	int3
	FAULT	int $3
	FAULT	int $4
	FAULT	int $0x41
	lea	user_bp(%rip), %rdi
	mov	$2, %esi
	call	call_user
	mov	$3, %edi			/* int3 allowed from ring 3 */
	mov	$3, %esi
	xor	%edx, %edx
	call	set_gate
	lea	user_bp(%rip), %rdi
	mov	$2, %esi
	call	call_user

	PUTS	"device not available\n"
	mov	%cr4, %rax
	or	$0x600, %eax			/* OSFXSR, OSXMMEXCPT */
	mov	%rax, %cr4
	mov	%cr0, %rax
	bts	$3, %rax			/* TS */
	mov	%rax, %cr0
	FAULT	movq %xmm0, %rax
	clts
	mov	$0x1234, %eax
	movq	%rax, %xmm0
	movq	%xmm0, %rcx
	SHOW	"xmm0 after clts=", %rcx
	PUTS	"done\n"
	mov	$0x14, %eax
	ret

user_bp:
	FAULT	int3
	int	$0x80
