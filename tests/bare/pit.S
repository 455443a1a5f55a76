/*
 * pit.S: PIT channel 0 interrupts through the 8259 (IRQ0 -> vector 0x20)
 * counted over time. 20 ticks at ~1 kHz with sti/hlt (ISR read in the
 * first one), then the ticks that arrive during a 50 ms channel 2
 * one-shot (must be 49..51), then IRQ0 masked: the tick waits in the IRR
 * and is delivered as soon as it is unmasked. Exit 0x18 (status 49).
 */
	.include "bare.inc"

	.text
	.globl main
main:
	PUTS	"pit\n"
	call	pic_init
	mov	$0x20, %edi
	lea	timer(%rip), %rsi
	call	set_hook
	mov	$0x27, %edi
	lea	spurious(%rip), %rsi
	call	set_hook
	mov	$0x34, %al			/* ch0, lo/hi, mode 2 */
	out	%al, $0x43
	mov	$0xa9, %al			/* 1193 = 0x4a9 */
	out	%al, $0x40
	mov	$0x04, %al
	out	%al, $0x40
	mov	$0xfe, %al
	out	%al, $0x21
	sti
1:	hlt
	cmpq	$20, ticks(%rip)
	jb	1b
	cli
	SHOW	"ticks=", ticks(%rip)
	SHOW	"isr in handler=", isr_seen(%rip)

	/* channel 2: one-shot (mode 0) of 59659 clocks = 50 ms, gate via port 0x61 */
	in	$0x61, %al
	and	$0xfc, %al
	out	%al, $0x61
	mov	$0xb0, %al
	out	%al, $0x43
	mov	$0x0b, %al
	out	%al, $0x42
	mov	$0xe9, %al
	out	%al, $0x42
	mov	ticks(%rip), %rbx
	in	$0x61, %al
	or	$1, %al
	out	%al, $0x61
	sti
1:	hlt
	in	$0x61, %al
	test	$0x20, %al
	jz	1b
	cli
	mov	ticks(%rip), %rax
	sub	%rbx, %rax
	cmp	$49, %rax
	jb	2f
	cmp	$51, %rax
	ja	2f
	PUTS	"ticks in 50 ms: 49..51\n"
	jmp	3f
2:	SHOW	"ticks in 50 ms: ", %rax

3:	mov	$0xff, %al			/* mask IRQ0 and wait 3 ms */
	out	%al, $0x21
	in	$0x61, %al
	and	$0xfc, %al
	out	%al, $0x61
	mov	$0x0b, %al
	out	%al, $0x42
	mov	$0x0e, %al			/* 0x0e0b = 3595 clocks */
	out	%al, $0x42
	in	$0x61, %al
	or	$1, %al
	out	%al, $0x61
	mov	ticks(%rip), %rbx
	sti
1:	in	$0x61, %al
	test	$0x20, %al
	jz	1b
	cli
	mov	ticks(%rip), %rax
	sub	%rbx, %rax
	SHOW	"ticks while masked=", %rax
	mov	$0x0a, %al			/* OCW3: read IRR */
	out	%al, $0x20
	in	$0x20, %al
	and	$1, %eax
	SHOW	"irr=", %rax
	mov	$0xfe, %al
	out	%al, $0x21
	sti
	nop
	cli
	mov	ticks(%rip), %rax
	sub	%rbx, %rax
	SHOW	"ticks after unmask=", %rax
	mov	$0x18, %eax
	ret

timer:
	cmpq	$0, ticks(%rip)
	jne	1f
	mov	$0x0b, %al			/* OCW3: read ISR */
	out	%al, $0x20
	in	$0x20, %al
	movzbl	%al, %eax
	mov	%rax, isr_seen(%rip)
1:	incq	ticks(%rip)
	mov	$0x20, %al
	out	%al, $0x20
	ret

spurious:
	ret

	.data
ticks:	.quad 0
isr_seen: .quad 0
