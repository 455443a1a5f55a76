/*
 * ring3.S: iretq to ring 3 and back. call_user builds an iretq frame for
 * CPL 3 (DS, a DPL 0 selector, is nulled on the way); ring 3 executes
 * int $0x40 through an interrupt gate with DPL 3: the CPU switches to
 * TSS.rsp0, loads a null SS, clears IF and pushes the user SS:RSP; the
 * handler changes the saved RAX and iretq returns to ring 3 with the
 * user stack. Finally int $0x80 comes back to ring 0 for good.
 * Exit 0x16 (status 45).
 */
	.include "bare.inc"

	.text
	.globl main
main:
	call	pic_init			/* the firmware's PIC maps IRQ0 to vector 8 */
	PUTS	"ring 3\n"
	mov	$0x40, %edi
	mov	$3, %esi
	xor	%edx, %edx
	call	set_gate
	mov	$0x40, %edi
	lea	sys_hook(%rip), %rsi
	call	set_hook
	lea	user_main(%rip), %rdi
	mov	$0x3202, %esi			/* IOPL 3, IF (nothing is unmasked) */
	call	call_user
	SHOW	"back in ring 0, user returned ", %rax
	mov	%cs, %eax
	SHOW	"cs=", %rax
	mov	$0x16, %eax
	ret

user_main:
	mov	%cs, %eax
	SHOW	"user cs=", %rax
	mov	%ss, %eax
	SHOW	"user ss=", %rax
	mov	%ds, %eax
	SHOW	"user ds=", %rax
	pushf
	pop	%rax
	and	$0x3200, %eax
	SHOW	"user rflags&3200=", %rax
	lea	user_stack_top(%rip), %rcx
	cmp	%rcx, %rsp
	jne	1f
	PUTS	"user rsp = user_stack_top\n"
1:	mov	%rsp, user_rsp(%rip)
	mov	$0x1111, %eax
	int	$0x40
	SHOW	"user rax after int=", %rax
	cmp	user_rsp(%rip), %rsp
	jne	1f
	PUTS	"user rsp preserved\n"
1:	mov	%cs, %eax
	SHOW	"user cs=", %rax
	mov	$0x77, %eax
	int	$0x80

sys_hook:
	SHOW	"int 40 rax=", F_RAX(%rdi)
	SHOW	"  saved cs=", F_CS(%rdi)
	SHOW	"  saved ss=", F_SS(%rdi)
	mov	F_RFLAGS(%rdi), %rax
	and	$0x3200, %eax
	SHOW	"  saved rflags&3200=", %rax
	mov	F_RSP(%rdi), %rax
	cmp	user_rsp(%rip), %rax
	jne	1f
	PUTS	"  saved rsp = user rsp\n"
1:	lea	F_SIZE(%rdi), %rax
	cmp	tss + TSS_RSP0(%rip), %rax
	jne	1f
	PUTS	"  frame top = tss.rsp0\n"
1:	mov	%cs, %eax
	SHOW	"  cs=", %rax
	mov	%ss, %eax
	SHOW	"  ss=", %rax
	pushf
	pop	%rax
	and	$0x200, %eax
	SHOW	"  if=", %rax
	movq	$0x2222, F_RAX(%rdi)
	ret

	.data
user_rsp: .quad 0
