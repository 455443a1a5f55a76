/*
 * ist.S: IDT delivery and the interrupt stack table. int3 through a gate
 * without IST on a misaligned stack (the CPU aligns the frame to 16 bytes
 * and saves the old RSP), through a gate with IST1 (the frame sits at the
 * top of the IST1 stack, from ring 0 and from ring 3), and a #PF whose
 * frame cannot be pushed (RSP in a not-present page) which becomes a #DF
 * delivered on IST1. Exit 0x15 (status 43).
 */
	.include "bare.inc"

	.text
	.globl main
main:
	PUTS	"ist\n"
	mov	$3, %edi
	lea	bp_hook(%rip), %rsi
	call	set_hook
	PUTS	"no ist, misaligned rsp\n"
	sub	$8, %rsp
	mov	%rsp, rsp_before(%rip)
	int3
	add	$8, %rsp
	PUTS	"ist1\n"
	mov	$3, %edi
	xor	%esi, %esi
	mov	$1, %edx
	call	set_gate
	mov	%rsp, rsp_before(%rip)
	int3
	PUTS	"ist1 from ring 3\n"
	mov	$3, %edi
	mov	$3, %esi
	mov	$1, %edx
	call	set_gate
	lea	user_bp(%rip), %rdi
	mov	$0x3002, %esi
	call	call_user

	PUTS	"double fault on ist1\n"
	mov	$8, %edi
	xor	%esi, %esi
	mov	$1, %edx
	call	set_gate
	mov	$8, %edi
	lea	df_hook(%rip), %rsi
	call	set_hook
	mov	$0x1f0000, %rdi
	call	pte_of
	movq	$0x1f0006, (%rax)		/* not present */
	invlpg	0x1f0000
	mov	%rsp, good_rsp(%rip)
	mov	$0x1f1000, %rsp
	mov	0, %eax				/* #PF, and its frame cannot be pushed */
after_df:
	PUTS	"back from #df\n"
	mov	$0x15, %eax
	ret

user_bp:
	mov	%rsp, rsp_before(%rip)
	int3
	int	$0x80

/* bp_hook: where the frame is, what it holds */
bp_hook:
	lea	F_SIZE(%rdi), %rax		/* top of the CPU's frame */
	mov	%rax, %rcx
	and	$15, %ecx
	SHOW	"  frame top&15=", %rcx
	lea	ist1_stack_top(%rip), %rcx
	cmp	%rcx, %rax
	jne	1f
	PUTS	"  frame at top of ist1\n"
1:	lea	int_stack_top(%rip), %rcx
	cmp	%rcx, %rax
	jne	1f
	PUTS	"  frame at tss.rsp0\n"
1:	mov	F_RSP(%rdi), %rax
	cmp	rsp_before(%rip), %rax
	jne	1f
	PUTS	"  saved rsp = rsp before int3\n"
1:	SHOW	"  saved cs=", F_CS(%rdi)
	SHOW	"  saved ss=", F_SS(%rdi)
	mov	%ss, %eax
	testb	$3, F_CS(%rdi)			/* QEMU also nulls SS for IST without a CPL change, */
	jnz	1f				/* so ring 0 cases are only checked on kmemlab */
	mov	%rax, handler_ss(%rip)
	ret
1:	SHOW	"  handler ss=", %rax
	ret

df_hook:
	SHOW	"#DF err=", F_ERR(%rdi)
	mov	%cr2, %rax
	SHOW	"  cr2=", %rax
	lea	F_SIZE(%rdi), %rax
	lea	ist1_stack_top(%rip), %rcx
	cmp	%rcx, %rax
	jne	1f
	PUTS	"  frame at top of ist1\n"
1:	mov	good_rsp(%rip), %rax
	mov	%rax, F_RSP(%rdi)
	lea	after_df(%rip), %rax
	mov	%rax, F_RIP(%rdi)
	ret

	.data
rsp_before: .quad 0
good_rsp: .quad 0
	.globl handler_ss
handler_ss: .quad 0
