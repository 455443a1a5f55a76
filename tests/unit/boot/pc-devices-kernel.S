/*
 * pc-devices-kernel.S: a bare-metal PVH kernel that drives the PC devices
 * the way the real kernel does, to check kmemlab's device models against
 * QEMU on the same image. Same boot path as mini-kernel.S (and the same
 * linker script), then in 64-bit mode: programs COM1 (8N1, FIFO, OUT2) and
 * prints its IIR, installs an IDT, initialises the 8259 pair (vectors
 * 0x20-0x2f, all masked), times a channel 2 one-shot through port 0x61,
 * programs PIT channel 0 at 100 Hz, unmasks IRQ0 and counts 10 ticks with
 * sti/hlt (printing a digit per tick and the ISR seen in the first one),
 * takes one COM1 THR-empty interrupt on IRQ4, checks loopback, reads the
 * RTC status registers and exits through isa-debug-exit with status
 * (0x10 << 1) | 1 = 33. Every printed value is the same on both machines.
 */
	.section .note.Xen, "a"
	.align 4
	.long 4, 4, 18
	.asciz "Xen"
	.long _start32

	.section .text32, "ax"
	.code32
	.globl _start32
_start32:
	lea	pdpt, %eax
	or	$3, %eax
	mov	%eax, pml4
	mov	%eax, pml4 + 511*8
	lea	pd, %eax
	or	$3, %eax
	mov	%eax, pdpt
	mov	%eax, pdpt + 510*8
	mov	$0x83, %eax
	mov	%eax, pd
	add	$0x200000, %eax
	mov	%eax, pd + 8
	add	$0x200000, %eax
	mov	%eax, pd + 16
	mov	%cr4, %eax
	or	$0x20, %eax
	mov	%eax, %cr4
	lea	pml4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx
	rdmsr
	or	$0x100, %eax
	wrmsr
	mov	%cr0, %eax
	or	$0x80000001, %eax
	mov	%eax, %cr0
	lgdt	gdtr
	ljmp	$0x08, $start64

	.code64
start64:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	movabs	$high, %rax
	jmp	*%rax

	.set	COM1, 0x3f8

	.section .text, "ax"
high:
	lea	stack_top(%rip), %rsp
	/* COM1: 115200 8N1, FIFO on and cleared, DTR|RTS|OUT2, no interrupts */
	mov	$COM1+1, %dx
	xor	%al, %al
	out	%al, %dx
	mov	$COM1+3, %dx
	mov	$0x80, %al
	out	%al, %dx
	mov	$COM1, %dx
	mov	$1, %al
	out	%al, %dx
	mov	$COM1+1, %dx
	xor	%al, %al
	out	%al, %dx
	mov	$COM1+3, %dx
	mov	$0x03, %al
	out	%al, %dx
	mov	$COM1+2, %dx
	mov	$0x07, %al
	out	%al, %dx
	mov	$COM1+4, %dx
	mov	$0x0b, %al
	out	%al, %dx
	lea	s_hello(%rip), %rsi
	call	puts
	lea	s_iir(%rip), %rsi
	call	puts
	mov	$COM1+2, %dx
	in	%dx, %al
	call	puthex_nl

	/* IDT: every vector -> isr_default, then the ones we expect */
	lea	idt(%rip), %rdi
	lea	isr_default(%rip), %rax
	mov	$256, %ecx
1:	call	set_gate
	add	$16, %rdi
	loop	1b
	lea	idt + 0x20*16(%rip), %rdi
	lea	isr_timer(%rip), %rax
	call	set_gate
	lea	idt + 0x24*16(%rip), %rdi
	lea	isr_com1(%rip), %rax
	call	set_gate
	lea	idt + 0x27*16(%rip), %rdi
	lea	isr_spurious(%rip), %rax
	call	set_gate
	lea	idt(%rip), %rax
	mov	%rax, idtr_base(%rip)
	lidt	idtr(%rip)

	/* 8259 pair: ICW1 edge+ICW4, ICW2 0x20/0x28, ICW3 cascade on IR2, ICW4 8086; mask all */
	mov	$0x11, %al
	out	%al, $0x20
	out	%al, $0xa0
	mov	$0x20, %al
	out	%al, $0x21
	mov	$0x28, %al
	out	%al, $0xa1
	mov	$0x04, %al
	out	%al, $0x21
	mov	$0x02, %al
	out	%al, $0xa1
	mov	$0x01, %al
	out	%al, $0x21
	out	%al, $0xa1
	mov	$0xff, %al
	out	%al, $0x21
	out	%al, $0xa1
	lea	s_imr(%rip), %rsi
	call	puts
	in	$0x21, %al
	call	puthex_nl

	/* PIT channel 2 one-shot (mode 0, 119 clocks), gate and output via port 0x61 */
	in	$0x61, %al
	and	$0xfc, %al
	or	$0x01, %al
	out	%al, $0x61
	mov	$0xb0, %al
	out	%al, $0x43
	mov	$119, %al
	out	%al, $0x42
	xor	%al, %al
	out	%al, $0x42
	in	$0x61, %al
	and	$0x20, %al
	mov	%al, %bl
	lea	s_ch2a(%rip), %rsi
	call	puts
	mov	%bl, %al
	call	puthex_nl
1:	in	$0x61, %al
	test	$0x20, %al
	jz	1b
	and	$0x20, %al
	mov	%al, %bl
	lea	s_ch2b(%rip), %rsi
	call	puts
	mov	%bl, %al
	call	puthex_nl

	/* PIT channel 0: mode 2, lohi, 11932 clocks (100 Hz); unmask IRQ0 and count 10 ticks */
	mov	$0x34, %al
	out	%al, $0x43
	mov	$(11932 & 0xff), %al
	out	%al, $0x40
	mov	$(11932 >> 8), %al
	out	%al, $0x40
	lea	s_ticks(%rip), %rsi
	call	puts
	mov	$0xfe, %al
	out	%al, $0x21
	sti
1:	hlt
	cmpl	$10, ticks(%rip)
	jb	1b
	cli
	mov	$0xff, %al
	out	%al, $0x21
	mov	$'\n', %al
	call	putc
	lea	s_isr(%rip), %rsi
	call	puts
	mov	isr_seen(%rip), %al
	call	puthex_nl

	/* COM1 THR-empty interrupt on IRQ4 */
	mov	$0xef, %al
	out	%al, $0x21
	mov	$COM1+1, %dx
	mov	$0x02, %al
	out	%al, %dx
	sti
1:	hlt
	cmpl	$0, com1_hits(%rip)
	je	1b
	cli
	lea	s_com1(%rip), %rsi
	call	puts
	mov	com1_iir(%rip), %al
	call	puthex_nl

	/* loopback: a byte written to THR comes back in RBR */
	mov	$COM1+4, %dx
	mov	$0x1b, %al
	out	%al, %dx
	mov	$COM1, %dx
	mov	$'L', %al
	out	%al, %dx
	mov	$COM1+5, %dx
	in	%dx, %al
	mov	%al, %bl
	mov	$COM1, %dx
	in	%dx, %al
	mov	%al, %bh
	mov	$COM1+4, %dx
	mov	$0x0b, %al
	out	%al, %dx
	lea	s_loop(%rip), %rsi
	call	puts
	mov	%bl, %al
	call	puthex
	lea	s_rbr(%rip), %rsi
	call	puts
	mov	%bh, %al
	call	putc
	mov	$'\n', %al
	call	putc

	/* RTC status registers (UIP masked: QEMU sets it briefly every second) */
	lea	s_rtc(%rip), %rsi
	call	puts
	mov	$0x0a, %al
	out	%al, $0x70
	in	$0x71, %al
	and	$0x7f, %al
	call	puthex
	mov	$' ', %al
	call	putc
	mov	$0x0b, %al
	out	%al, $0x70
	in	$0x71, %al
	call	puthex
	mov	$' ', %al
	call	putc
	mov	$0x0d, %al
	out	%al, $0x70
	in	$0x71, %al
	call	puthex_nl

	lea	s_done(%rip), %rsi
	call	puts
	mov	$0x10, %eax
	mov	$0xf4, %dx
	out	%eax, %dx
	hlt

/* rdi = 16-byte gate, rax = handler: present 64-bit interrupt gate, selector 0x08 */
set_gate:
	mov	%ax, (%rdi)
	movw	$0x08, 2(%rdi)
	movw	$0x8e00, 4(%rdi)
	mov	%rax, %rdx
	shr	$16, %rdx
	mov	%dx, 6(%rdi)
	shr	$16, %rdx
	mov	%edx, 8(%rdi)
	movl	$0, 12(%rdi)
	ret

/* putc(al): polled, waits for THR empty. Preserves all registers but flags. */
putc:
	push	%rdx
	push	%rax
	mov	$COM1+5, %dx
1:	in	%dx, %al
	test	$0x20, %al
	jz	1b
	pop	%rax
	mov	$COM1, %dx
	out	%al, %dx
	pop	%rdx
	ret

/* puts(rsi) */
puts:
	push	%rax
1:	lodsb
	test	%al, %al
	jz	2f
	call	putc
	jmp	1b
2:	pop	%rax
	ret

/* puthex(al): two lowercase hex digits */
puthex:
	push	%rax
	push	%rbx
	mov	%al, %bl
	shr	$4, %al
	call	hexdigit
	mov	%bl, %al
	and	$0x0f, %al
	call	hexdigit
	pop	%rbx
	pop	%rax
	ret
hexdigit:
	and	$0x0f, %al
	add	$'0', %al
	cmp	$'9', %al
	jbe	1f
	add	$('a' - '9' - 1), %al
1:	jmp	putc

puthex_nl:
	call	puthex
	push	%rax
	mov	$'\n', %al
	call	putc
	pop	%rax
	ret

isr_timer:
	push	%rax
	incl	ticks(%rip)
	cmpl	$1, ticks(%rip)
	jne	1f
	mov	$0x0b, %al			/* OCW3: read ISR */
	out	%al, $0x20
	in	$0x20, %al
	mov	%al, isr_seen(%rip)
	mov	$0x0a, %al			/* back to IRR */
	out	%al, $0x20
1:	mov	ticks(%rip), %eax
	add	$('0' - 1), %al
	call	putc
	mov	$0x20, %al			/* non-specific EOI */
	out	%al, $0x20
	pop	%rax
	iretq

isr_com1:
	push	%rax
	push	%rdx
	mov	$COM1+2, %dx
	in	%dx, %al
	mov	%al, com1_iir(%rip)
	mov	$COM1+1, %dx
	xor	%al, %al
	out	%al, %dx			/* IER = 0 */
	incl	com1_hits(%rip)
	mov	$0x20, %al
	out	%al, $0x20
	pop	%rdx
	pop	%rax
	iretq

isr_spurious:
	push	%rax
	mov	$'S', %al
	call	putc
	pop	%rax
	iretq

isr_default:
	lea	s_exc(%rip), %rsi
	call	puts
	mov	$0x7f, %eax
	mov	$0xf4, %dx
	out	%eax, %dx
	hlt

s_hello: .asciz "pc devices\n"
s_iir:	.asciz "iir="
s_imr:	.asciz "imr="
s_ch2a:	.asciz "ch2 out="
s_ch2b:	.asciz "ch2 out="
s_ticks: .asciz "ticks "
s_isr:	.asciz "isr="
s_com1:	.asciz "com1 iir="
s_loop:	.asciz "loop lsr="
s_rbr:	.asciz " rbr="
s_rtc:	.asciz "rtc "
s_done:	.asciz "done\n"
s_exc:	.asciz "\nunexpected exception\n"

	.align 8
idtr:	.word 256*16 - 1
idtr_base: .quad 0
ticks:	.long 0
com1_hits: .long 0
isr_seen: .byte 0
com1_iir: .byte 0

	.section .data32, "aw"
	.align 16
gdt:	.quad 0
	.quad 0x00af9a000000ffff
	.quad 0x00cf92000000ffff
gdtr:	.word gdtr - gdt - 1
	.long gdt

	.section .bss32, "aw", @nobits
	.align 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4096

	.section .bss, "aw", @nobits
	.align 16
idt:	.skip 4096
	.skip 4096
stack_top:
