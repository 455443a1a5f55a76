/*
 * uart.S: the 16550A on COM1 beyond polled output: register read-back
 * (LCR, IER, IIR with FIFOs, MCR, LSR, scratch, divisor latch), loopback
 * (MSR mirrors MCR, a byte sent comes back in RBR with LSR.DR), and a
 * THR-empty interrupt on IRQ4 through the 8259. Exit 0x19 (status 51).
 */
	.include "bare.inc"

.macro REG name, port
	mov	$\port, %dx
	in	%dx, %al
	movzbl	%al, %eax
	SHOW	"\name", %rax
.endm

	.text
	.globl main
main:
	PUTS	"uart\n"
	REG	"lcr=", COM1+3
	REG	"ier=", COM1+1
	REG	"iir=", COM1+2
	REG	"mcr=", COM1+4
	REG	"lsr=", COM1+5
	mov	$COM1+7, %dx
	mov	$0x5a, %al
	out	%al, %dx
	REG	"scr=", COM1+7
	mov	$COM1+3, %dx
	mov	$0x83, %al
	out	%al, %dx
	mov	$COM1, %dx			/* no printing while DLAB is set */
	in	%dx, %al
	movzbl	%al, %r12d
	inc	%dx
	in	%dx, %al
	movzbl	%al, %r13d
	mov	$COM1+3, %dx
	mov	$0x03, %al
	out	%al, %dx
	SHOW	"dll=", %r12
	SHOW	"dlm=", %r13
	/* loopback */
	mov	$COM1+4, %dx
	mov	$0x1f, %al
	out	%al, %dx
	mov	$COM1+6, %dx			/* no printing in loopback */
	in	%dx, %al
	in	%dx, %al
	movzbl	%al, %r12d
	mov	$COM1, %dx
	mov	$'L', %al
	out	%al, %dx
	mov	$COM1+5, %dx
1:	in	%dx, %al
	test	$1, %al
	jz	1b
	mov	$COM1, %dx
	in	%dx, %al
	movzbl	%al, %r13d
	mov	$COM1+5, %dx
	in	%dx, %al
	movzbl	%al, %r14d
	mov	$COM1+4, %dx
	mov	$0x0b, %al			/* DTR, RTS, OUT2 */
	out	%al, %dx
	SHOW	"loopback msr=", %r12
	SHOW	"loop rbr=", %r13
	SHOW	"lsr after=", %r14
	/* THR-empty interrupt */
	call	pic_init
	mov	$0x24, %edi
	lea	com1_isr(%rip), %rsi
	call	set_hook
	mov	$0xef, %al
	out	%al, $0x21
	mov	$COM1+1, %dx
	mov	$0x02, %al
	out	%al, %dx
	sti
	nop
	nop
	cli
	SHOW	"irqs=", irqs(%rip)
	SHOW	"iir in isr=", iir_seen(%rip)
	mov	$0x19, %eax
	ret

com1_isr:
	incq	irqs(%rip)
	mov	$COM1+2, %dx
	in	%dx, %al
	movzbl	%al, %eax
	mov	%rax, iir_seen(%rip)
	mov	$COM1+1, %dx
	xor	%al, %al
	out	%al, %dx
	mov	$0x20, %al
	out	%al, $0x20
	ret

	.data
irqs:	.quad 0
iir_seen: .quad 0
