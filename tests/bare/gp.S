/*
 * gp.S: #GP (and #NP/#SS) on segment loads and privileged instructions.
 * Ring 0: data/stack segment loads of a selector beyond the GDT limit, an
 * LDT selector with no LDT, an execute-only code segment, a not-present
 * segment, a DPL 3 segment into SS, a code segment into SS, the TSS
 * descriptor; null selectors that are allowed; non-canonical addresses.
 * Ring 3 (IOPL 0): hlt, cli, sti, CR/DR/MSR accesses, descriptor-table
 * loads, invlpg, port I/O, a DPL 0 data segment, int through a DPL 0
 * gate. Exit 0x13 (status 39).
 */
	.include "bare.inc"

.macro LOADSEG sel, reg
	mov	$\sel, %eax
	FAULT	mov %eax, \reg
.endm

	.text
	.globl main
main:
	PUTS	"segment loads\n"
	LOADSEG	GDT_END|3, %ds
	LOADSEG	0x0c, %es
	LOADSEG	XONLY_CODE, %ds
	LOADSEG	NP_DATA, %fs
	LOADSEG	UDATA|3, %ss
	LOADSEG	UDATA, %ss
	LOADSEG	KCODE, %ss
	LOADSEG	TSS_SEL, %gs
	xor	%eax, %eax
	mov	%eax, %ds
	mov	%eax, %ss			/* a null SS is allowed at CPL 0 in 64-bit mode */
	mov	%ss, %ecx
	SHOW	"null ds and ss ok, ss=", %rcx
	mov	$KDATA, %eax
	mov	%eax, %ds
	mov	%eax, %ss
	mov	$KCODE, %eax
	mov	%eax, %ds			/* readable code may be loaded into DS */
	mov	%ds, %ecx
	SHOW	"code in ds ok, ds=", %rcx
	mov	$KDATA, %eax
	mov	%eax, %ds
	PUTS	"non-canonical\n"
	movabs	$0x0000800000000000, %rbx
	FAULT	mov (%rbx), %eax
	movabs	$0xffff7ffffffffff8, %rbx
	FAULT	movq $1, (%rbx)
	PUTS	"ring 3\n"
	lea	user_priv(%rip), %rdi
	mov	$0x2, %esi			/* IOPL 0, IF 0 */
	call	call_user
	PUTS	"back in ring 0\n"
	mov	$0x13, %eax
	ret

user_priv:
	FAULT	hlt
	FAULT	cli
	FAULT	sti
	FAULT	mov %cr0, %rax
	FAULT	mov %rax, %cr3
	FAULT	mov %dr7, %rax
	FAULT	rdmsr
	FAULT	wrmsr
	FAULT	lgdt (%rsp)
	FAULT	lidt (%rsp)
	FAULT	ltr %ax
	FAULT	invlpg (%rsp)
	FAULT	clts
	FAULT	wbinvd
	FAULT	swapgs
	FAULT	in $0x80, %al
	FAULT	out %al, $0x80
	mov	$COM1, %dx
	FAULT	outb %al, %dx
	mov	$KDATA, %eax
	FAULT	mov %eax, %ds
	/* int through a DPL 0 gate: #GP with the IDT bit; hardware (and kmemlab)
	   put vector*8 in the selector index, QEMU's TCG vector*16, so the hook
	   prints "idt gate" and the test reads the raw code from gate_err. */
	FAULT	int $0x81
	mov	$UDATA|3, %eax
	mov	%eax, %ds			/* allowed */
	int	$0x80
