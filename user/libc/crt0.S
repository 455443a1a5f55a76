/*
 * crt0.S: process entry. The kernel leaves argc at (%rsp), then argv[],
 * NULL, envp[], NULL, auxv (ignored). Call __libc_start(sp), never returns.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp
	movq %rsp, %rdi
	andq $-16, %rsp
	call __libc_start
	hlt
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
