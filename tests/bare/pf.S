/*
 * pf.S: page faults, with CR2 and the error code, on fixed pages in the
 * 4 KiB-mapped first 2 MiB (nothing of the image lives there):
 *   0x1f0000 not present, 0x1f1000 read-only, 0x1f2000 supervisor-only,
 *   0x1f3000 code (NX toggled), 0x1f4000 reserved bit, 0x1f5000 A/D bits,
 *   and the 2 MiB page at 6 MiB made not present.
 * Supervisor and user (ring 3 via call_user) accesses, CR0.WP off and on,
 * instruction fetches with EFER.NXE off and on. Exit 0x12 (status 37).
 */
	.include "bare.inc"

	.set	PG_NP, 0x1f0000
	.set	PG_RO, 0x1f1000
	.set	PG_SUP, 0x1f2000
	.set	PG_CODE, 0x1f3000
	.set	PG_RSVD, 0x1f4000
	.set	PG_AD, 0x1f5000

/* SETPTE page, flags: set the PTE of page to page|flags (bit 63 with nx=1), invlpg */
.macro SETPTE page, flags, nx=0
	mov	$\page, %rdi
	call	pte_of
	movq	$\page | \flags, (%rax)
	.if \nx
	btsq	$63, (%rax)
	.endif
	invlpg	(%rdi)
.endm

	.text
	.globl main
main:
	PUTS	"page faults\n"
	/* accessed and dirty bits */
	SETPTE	PG_AD, 7
	mov	PG_AD, %ecx
	mov	$PG_AD, %rdi
	call	pte_of
	mov	(%rax), %rcx
	and	$0x60, %ecx
	SHOW	"a/d after read=", %rcx
	movl	$1, PG_AD
	mov	(%rax), %rcx
	and	$0x60, %ecx
	SHOW	"a/d after write=", %rcx
	mov	$PG_NP, %rdi
	call	pte_of
	mov	(%rax), %rcx
	and	$0x60, %ecx
	SHOW	"a/d untouched=", %rcx

	PUTS	"not present\n"
	SETPTE	PG_NP, 6
	FAULT	mov PG_NP+0x123, %eax
	FAULT	movb $1, PG_NP+0x456
	mov	$PG_NP+0x10, %rax
	FAULT	jmp *%rax
	/* a 4-byte store straddling into the not-present page: nothing is written */
	movl	$0x11223344, PG_NP-4
	FAULT	movl $0xaabbccdd, PG_NP-2
	movl	PG_NP-4, %eax
	SHOW	"straddle left=", %rax
	/* a not-present 2 MiB page */
	andq	$~1, pd + 24(%rip)
	invlpg	0x600000
	FAULT	mov 0x634567, %rax
	orq	$1, pd + 24(%rip)
	invlpg	0x600000
	mov	0x634567, %rax
	PUTS	"2m page back\n"

	PUTS	"read-only\n"
	SETPTE	PG_RO, 5
	mov	PG_RO, %eax
	movb	$0x5a, PG_RO			/* CR0.WP = 0: the supervisor may write */
	movzbl	PG_RO, %eax
	SHOW	"wp=0 wrote ", %rax
	mov	%cr0, %rax
	bts	$16, %rax
	mov	%rax, %cr0
	FAULT	movb $1, PG_RO+0x10
	FAULT	addl $1, PG_RO+0x20
	movzbl	PG_RO, %eax
	SHOW	"wp=1 read ", %rax

	/* Hardware reports P=1 with RSVD (kmemlab does); QEMU's TCG leaves P
	   clear, so the hook prints the error code without bit 0. */
	PUTS	"reserved bit (nxe=0, bit 63)\n"
	mov	$14, %edi
	lea	rsvd_pf(%rip), %rsi
	call	set_hook
	SETPTE	PG_RSVD, 7, 1
	lea	1f(%rip), %rax
	mov	%rax, resume_rip(%rip)
	mov	PG_RSVD+8, %eax
1:	lea	1f(%rip), %rax
	mov	%rax, resume_rip(%rip)
	movl	$0, PG_RSVD+8
1:	mov	$14, %edi
	xor	%esi, %esi
	call	set_hook
	SETPTE	PG_RSVD, 7

	PUTS	"user\n"
	SETPTE	PG_SUP, 3
	lea	user_part(%rip), %rdi
	mov	$0x3002, %esi			/* IOPL 3 so ring 3 can print */
	call	call_user
	mov	%cr0, %rax				/* WP only concerns the supervisor */
	btr	$16, %rax
	mov	%rax, %cr0
	lea	user_ro(%rip), %rdi
	mov	$0x3002, %esi
	call	call_user
	mov	%cr0, %rax
	bts	$16, %rax
	mov	%rax, %cr0

	PUTS	"nx\n"
	movb	$0xc3, PG_CODE			/* ret */
	SETPTE	PG_CODE, 7
	mov	$PG_CODE, %eax
	call	*%rax
	PUTS	"exec nxe=0 ok\n"
	mov	$0xc0000080, %ecx
	rdmsr
	bts	$11, %eax			/* EFER.NXE */
	wrmsr
	mov	$PG_CODE, %eax
	call	*%rax
	PUTS	"exec nxe=1 ok\n"
	SETPTE	PG_CODE, 7, 1
	movzbl	PG_CODE, %eax
	SHOW	"nx data read ", %rax
	mov	$PG_CODE, %eax
	FAULT	jmp *%rax
	mov	$PG_NP+0x10, %rax
	FAULT	jmp *%rax
	lea	user_nx(%rip), %rdi
	mov	$0x3002, %esi
	call	call_user
	PUTS	"done\n"
	mov	$0x12, %eax
	ret

rsvd_pf:					/* hook for #PF: err without P, cr2, resume */
	mov	F_ERR(%rdi), %rax
	mov	%rax, rsvd_err(%rip)
	and	$~1, %eax
	SHOW	"#PF err&~P=", %rax		/* the test reads the raw code from rsvd_err */
	mov	%cr2, %rax
	SHOW	"    cr2=", %rax
	mov	resume_rip(%rip), %rax
	mov	%rax, F_RIP(%rdi)
	movq	$0, resume_rip(%rip)
	ret

	.data
	.globl rsvd_err
rsvd_err: .quad 0
	.text

user_part:
	mov	%cs, %eax
	SHOW	"ring3 cs=", %rax
	FAULT	mov PG_SUP, %eax
	FAULT	movb $1, PG_SUP+8
	FAULT	movb $1, PG_RO
	FAULT	mov PG_NP, %eax
	mov	PG_RO, %eax
	PUTS	"user read ro ok\n"
	int	$0x80

user_ro:
	FAULT	movb $1, PG_RO
	int	$0x80

user_nx:
	mov	$PG_CODE, %eax
	FAULT	jmp *%rax
	int	$0x80
