/*
 * cpufuzz.S: the instruction-stream fuzzer's image (linked with
 * tests/bare/lib.S). streams.bin (written by tests/cpufuzz/streams.ts,
 * found through -I) holds 32-byte records: 16 bytes of code, a 32-bit
 * RFLAGS mask (the flags some instruction of the stream leaves undefined
 * are left out of the comparison), the 32-bit RFLAGS to start with.
 *
 * For each record: the code page (CODE) is filled with int3 (0xcc) and
 * the stream copied to its middle, the scratch page (SCRATCH) gets the
 * same pseudo-random contents (it is NX: a jump there is #PF), every GPR
 * but RCX (a small count) points into the scratch page,
 * and the stream runs (ring 0 with a jmp, the pages below SCRATCH other
 * than the image's not present and the image read-only but for its data
 * and stacks, or with RING3 defined, ring 3 through iretq: then only CODE
 * and SCRATCH are user pages). Whatever
 * the stream does ends in an exception (at the latest the int3 after
 * it): every vector has an interrupt gate on IST1, so even a wild RSP
 * delivers. The handler prints one line, "vector error rip hash", the
 * hash covering the saved GPRs, RIP, RSP, CS, SS, the masked RFLAGS, CR2 for
 * #PF and the scratch page, then restores the harness's stack and
 * segments and goes on with the next record. CR0.EM is set, so x87
 * instructions raise #NM and MMX/SSE ones #UD (CR4.OSFXSR is 0).
 * With NOEM defined CR0.EM stays clear (CR4.OSFXSR is still 0: SSE
 * instructions raise #UD because the OS has not enabled them).
 * Exit 0x11 (status 35) after the last record.
 */
	.include "bare.inc"

	.set	CODE, 0x1ff000
	.set	ENTRY, CODE + 0x800
	.set	SCRATCH, 0x1fe000
	.set	REC, 32

	.section .rodata
	.balign 32
streams:
	.incbin "streams.bin"
streams_end:

	.data
	.balign 8
index:		.quad 0
harness_rsp:	.quad 0
jump_target:	.quad ENTRY

	.text
	.globl main
main:
	call	pic_init
	mov	%cr0, %rax
	.ifndef NOEM
	or	$0x4, %rax			/* EM: x87 -> #NM, MMX/SSE -> #UD */
	.endif
	and	$~0x8, %rax			/* not TS */
	mov	%rax, %cr0
	mov	$0xc0000080, %ecx		/* EFER.NXE, and the scratch page NX: a jump there is #PF */
	rdmsr
	or	$0x800, %eax
	wrmsr
	mov	$SCRATCH, %edi
	call	pte_of
	btsq	$63, (%rax)
	mov	%cr3, %rax
	mov	%rax, %cr3
	xor	%ebx, %ebx
1:	mov	%ebx, %edi
	xor	%esi, %esi
	mov	$1, %edx			/* IST1 */
	call	set_gate
	mov	%ebx, %edi
	lea	on_exception(%rip), %rsi
	call	set_hook
	inc	%ebx
	cmp	$256, %ebx
	jb	1b
	.ifdef RING3
	/* ring 3 may touch only CODE and SCRATCH: every other page is supervisor */
	mov	$0x1000, %ebx
2:	mov	%rbx, %rdi
	call	pte_of
	cmp	$SCRATCH, %rbx
	je	3f
	cmp	$CODE, %rbx
	je	3f
	andq	$~4, (%rax)
3:	add	$0x1000, %ebx
	cmp	$0x200000, %ebx
	jb	2b
	mov	%cr3, %rax			/* the 2 MiB pages above: PD[1..3] of the PD after PDPT[0] */
	mov	(%rax), %rax
	and	$~0xfff, %rax
	mov	(%rax), %rax
	and	$~0xfff, %rax
	andq	$~4, 8(%rax)
	andq	$~4, 16(%rax)
	andq	$~4, 24(%rax)
	mov	%cr3, %rax
	mov	%rax, %cr3
	.else
	/* ring 0: every page below SCRATCH but the image's is not present. Below the image (1 MiB) is the
	   machine's memory, QEMU's firmware (SeaBIOS's ROM at 0xf0000, its data below) where kmemlab has
	   zeros; between the image and SCRATCH a string store going down (DF set) would run on into the
	   harness's tables and stacks and stop both machines (ring 0 seed 3 batch 3004 stream 15247,
	   3e 2e b9 ... f3 aa: rep stosb of 0xb189bfb bytes down from 0x1fe380). */
	mov	$0x1000, %ebx
2:	cmp	$0x100000, %ebx
	jb	4f
	lea	image_end(%rip), %rax
	cmp	%rax, %rbx
	jb	3f
4:	mov	%rbx, %rdi
	call	pte_of
	andq	$~1, (%rax)
3:	add	$0x1000, %ebx
	cmp	$SCRATCH, %ebx
	jb	2b
	/* and the image's code, read-only data, page tables, IDT and hooks are read-only (CR0.WP): a stream's
	   write through a wild pointer there faults instead of stopping the harness (ring 0 seed 4 batch 4002
	   stream 8788, adc %ecx,0x4d(%rbp) after and (%rdx),%ebp); .data and the stacks stay writable */
	mov	$0x100000, %ebx
5:	lea	data_start(%rip), %rax
	and	$~0xfff, %rax
	cmp	%rax, %rbx
	jb	6f
	lea	pml4(%rip), %rax
	cmp	%rax, %rbx
	jb	7f
	lea	vec_hook(%rip), %rax
	cmp	%rax, %rbx
	ja	7f
6:	mov	%rbx, %rdi
	call	pte_of
	andq	$~2, (%rax)
7:	add	$0x1000, %ebx
	lea	image_end(%rip), %rax
	cmp	%rax, %rbx
	jb	5b
	mov	%cr0, %rax
	or	$0x10000, %rax			/* WP */
	mov	%rax, %cr0
	mov	%cr3, %rax
	mov	%rax, %cr3
	.endif

next:
	mov	index(%rip), %rax
	lea	streams(%rip), %rsi
	shl	$5, %rax
	add	%rax, %rsi			/* the record */
	lea	streams_end(%rip), %rax
	cmp	%rax, %rsi
	jae	done
	mov	$CODE, %edi			/* int3 everywhere, the stream in the middle */
	mov	$512, %ecx
	movabs	$0xcccccccccccccccc, %rax
	rep stosq
	mov	(%rsi), %rax
	mov	%rax, ENTRY
	mov	8(%rsi), %rax
	mov	%rax, ENTRY + 8
	mov	20(%rsi), %eax
	mov	%rax, start_flags(%rip)
	push	%rsi
	lea	pattern(%rip), %rsi
	mov	$SCRATCH, %edi
	mov	$512, %ecx
	rep movsq
	pop	%rsi
	mov	16(%rsi), %eax
	mov	%rax, flags_mask(%rip)
	mov	%rsp, harness_rsp(%rip)
	.ifdef RING3
	pushq	$(UDATA | 3)
	pushq	$(SCRATCH + 0x800)
	pushq	start_flags(%rip)
	pushq	$(UCODE | 3)
	pushq	$ENTRY
	call	load_gprs
	iretq
	.else
	pushq	start_flags(%rip)
	popfq
	call	load_gprs_keep_flags
	mov	$(SCRATCH + 0x800), %esp
	jmp	*jump_target(%rip)
	.endif

/* every GPR but RSP and RCX points into the scratch page; RCX is a small count (mov leaves the flags alone) */
load_gprs:
load_gprs_keep_flags:
	mov	$(SCRATCH + 0x100), %eax
	mov	$(SCRATCH + 0x180), %ebx
	mov	$0x20, %ecx			/* a count: rep and loop stay short */
	mov	$(SCRATCH + 0x280), %edx
	mov	$(SCRATCH + 0x300), %esi
	mov	$(SCRATCH + 0x380), %edi
	mov	$(SCRATCH + 0x400), %ebp
	mov	$(SCRATCH + 0x480), %r8d
	mov	$(SCRATCH + 0x500), %r9d
	mov	$(SCRATCH + 0x580), %r10d
	mov	$(SCRATCH + 0x600), %r11d
	mov	$(SCRATCH + 0x680), %r12d
	mov	$(SCRATCH + 0x700), %r13d
	mov	$(SCRATCH + 0x780), %r14d
	mov	$(SCRATCH + 0x7f0), %r15d
	ret

/* on_exception(%rdi = frame), on the IST1 stack: one line, then the next record */
on_exception:
	mov	$KDATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%rdi, %rbx
	mov	flags_mask(%rip), %rax
	and	%rax, F_RFLAGS(%rbx)
	xor	%eax, %eax			/* hash: h = (h ^ w) * K, rotated */
	movabs	$0x100000001b3, %r8
	xor	%ecx, %ecx
1:	cmp	$(F_ERR / 8), %ecx		/* vector and error code are printed, not hashed (see streams.ts) */
	je	4f
	cmp	$(F_VEC / 8), %ecx
	je	4f
	xor	(%rbx,%rcx,8), %rax
	imul	%r8, %rax
	rol	$29, %rax
4:	inc	%ecx
	cmp	$(F_SIZE / 8), %ecx
	jb	1b
	cmpq	$14, F_VEC(%rbx)
	jne	2f
	mov	%cr2, %rdx
	xor	%rdx, %rax
	imul	%r8, %rax
2:	mov	$SCRATCH, %esi
	mov	$512, %ecx
3:	xor	(%rsi), %rax
	imul	%r8, %rax
	rol	$29, %rax
	add	$8, %rsi
	dec	%ecx
	jnz	3b
	mov	%rax, %r12
	.ifdef VERBOSE
	/* every frame word and every scratch word that is not the pattern's (to read a mismatch) */
	xor	%ecx, %ecx
5:	PUTS	" f"
	PUTHEX	%rcx
	PUTS	"="
	mov	(%rbx,%rcx,8), %rax
	PUTHEX	%rax
	inc	%ecx
	cmp	$(F_SIZE / 8), %ecx
	jb	5b
	mov	%cr2, %rdx
	SHOW	" cr2=", %rdx
	xor	%ecx, %ecx
	lea	pattern(%rip), %rdx
6:	mov	SCRATCH(,%rcx,8), %rax
	cmp	(%rdx,%rcx,8), %rax
	je	7f
	PUTS	" m"
	PUTHEX	%rcx
	PUTS	"="
	PUTHEX	%rax
7:	inc	%ecx
	cmp	$512, %ecx
	jb	6b
	PUTS	"\n"
	.endif
	PUTHEX	F_VEC(%rbx)
	PUTS	" "
	PUTHEX	F_ERR(%rbx)
	PUTS	" "
	PUTHEX	F_RIP(%rbx)
	PUTS	" "
	PUTHEX	%r12
	PUTS	"\n"
	mov	harness_rsp(%rip), %rsp
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	incq	index(%rip)
	jmp	next

done:
	mov	$0x11, %eax
	ret

	.data
	.balign 8
start_flags:	.quad 0
flags_mask:	.quad 0
	.balign 64
pattern:
	.incbin "pattern.bin"
