/*
 * tf.S: single-step traps. With RFLAGS.TF set when an instruction starts,
 * #DB (vector 1, a trap: the pushed RIP is the next instruction) follows
 * it, with DR6.BS set; popfq that sets TF does not trap (TF was clear when
 * it started), popfq that clears it does. The handler runs with TF clear
 * and iretq restores it. Exit 0x15 (status 43).
 */
	.include "bare.inc"

	.text
	.globl main
main:
	mov	$1, %edi
	lea	db_hook(%rip), %rsi
	call	set_hook
	PUTS	"single step\n"
	xor	%eax, %eax
	pushfq
	orq	$0x100, (%rsp)
	popfq
tf_code:
	nop
	mov	$5, %eax
	add	%eax, %eax
	pushfq
	andq	$~0x100, (%rsp)
	popfq
	nop
	SHOW	"eax=", %rax
	PUTS	"done\n"
	mov	$0x15, %eax
	ret

/* db_hook(%rdi = frame): "#DB rip=tf_code+N bs=B", then DR6 cleared */
db_hook:
	PUTS	"#DB rip=tf_code+"
	mov	F_RIP(%rdi), %rax
	lea	tf_code(%rip), %rcx
	sub	%rcx, %rax
	PUTHEX	%rax
	PUTS	" bs="
	mov	%dr6, %rax
	shr	$14, %rax
	and	$1, %eax
	PUTHEX	%rax
	PUTS	"\n"
	mov	$0xffff0ff0, %eax
	mov	%rax, %dr6
	ret
