/*
 * exit.S: isa-debug-exit. Prints its command line and writes the hex
 * number it holds to port 0xf4 (32-bit out); status is (v << 1) | 1.
 */
	.include "bare.inc"

	.text
	.globl main
main:
	mov	start_info(%rip), %rbx
	mov	0x18(%rbx), %rsi		/* cmdline_paddr */
	PUTS	"cmdline: "
	call	puts
	PUTS	"\n"
	xor	%eax, %eax
1:	movzbl	(%rsi), %ecx
	sub	$'0', %ecx
	cmp	$9, %ecx
	jbe	2f
	sub	$'a'-'0'-10, %ecx
	cmp	$10, %ecx
	jb	3f
	cmp	$15, %ecx
	ja	3f
2:	shl	$4, %eax
	or	%ecx, %eax
	inc	%rsi
	jmp	1b
3:	SHOW	"exit ", %rax
	ret
