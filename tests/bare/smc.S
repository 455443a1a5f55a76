/*
 * smc.S: code that changes under a compiled block. A small function with
 * a loop (a region with a back edge for the JIT) is copied to frame A at
 * 0x1e0000 and called; then its loop's immediate is patched through the
 * same mapping, the frame is mapped a second time at 0x1e1000 and called
 * and patched through that alias, the virtual page is pointed at frame B
 * (0x1e2000, holding another copy), unmapped (#PF on the call) and mapped
 * back. Each call prints the function's result, which says which bytes
 * ran. Exit 0x15 (status 43).
 */
	.include "bare.inc"

	.set	CODE, 0x1e0000
	.set	ALIAS, 0x1e1000
	.set	FRAME_B, 0x1e2000
	.set	IMM, tmpl_add + 2 - tmpl	/* offset of the add's immediate */

/* MAP virt, phys_flags: point virt's PTE at phys|flags and invlpg it */
.macro MAP virt, pte
	mov	$\virt, %rdi
	call	pte_of
	movq	$\pte, (%rax)
	invlpg	(%rdi)
.endm

/* RUN "name=", addr: call the function at addr, print its result */
.macro RUN name, addr
	mov	$\addr, %rax
	call	*%rax
	SHOW	"\name", %rax
.endm

	.text
	.globl main
main:
	PUTS	"self-modifying code\n"
	mov	$CODE, %rdi
	call	copy_tmpl
	RUN	"first=", CODE
	RUN	"again=", CODE
	movb	$5, CODE + IMM			/* patch through the mapping it runs from */
	RUN	"patched=", CODE

	PUTS	"two mappings of one frame\n"
	MAP	ALIAS, CODE | 3
	RUN	"alias=", ALIAS
	movb	$7, ALIAS + IMM			/* patch through the alias ... */
	RUN	"original=", CODE		/* ... run through the original */
	RUN	"alias=", ALIAS

	PUTS	"remapped to another frame\n"
	mov	$FRAME_B, %rdi
	call	copy_tmpl
	movb	$9, FRAME_B + IMM
	MAP	CODE, FRAME_B | 3
	RUN	"frame b=", CODE

	PUTS	"unmapped, then mapped back\n"
	MAP	CODE, 0
	mov	$CODE, %rax
	FAULT	jmp *%rax
	MAP	CODE, CODE | 3
	RUN	"frame a=", CODE
	RUN	"alias=", ALIAS
	PUTS	"done\n"
	EXIT	0x15

/* copy_tmpl: copy the template function to %rdi */
copy_tmpl:
	lea	tmpl(%rip), %rsi
	mov	$tmpl_end - tmpl, %ecx
1:	movb	(%rsi), %al
	movb	%al, (%rdi)
	inc	%rsi
	inc	%rdi
	dec	%ecx
	jnz	1b
	ret

/* the function: 100 times add $3 (the patched byte) to a sum, returned in %rax */
tmpl:
	xor	%eax, %eax
	mov	$100, %ecx
1:
tmpl_add:
	add	$3, %eax
	dec	%ecx
	jnz	1b
	ret
tmpl_end:
