/*
 * head.S: PVH entry and the switch to long mode.
 *
 * The loader (QEMU's -kernel or kmemlab's boot/pvh-loader.ts) enters
 * pvh_start32 in 32-bit protected mode, paging off, EBX = physical address
 * of struct hvm_start_info. We build boot page tables (all statically in
 * .bss.pagetables, physical addresses computed by subtracting the link
 * offset), enable PAE, EFER.LME|NXE and paging, load a 64-bit GDT, and jump
 * to the higher half:
 *   PML4[0]   -> identity map of the first 4 GiB (dropped by paging_init)
 *   PML4[273] -> direct map, 0xffff888000000000 -> phys 0 (4 GiB, 2 MiB pages)
 *   PML4[511] -> PDPT[510] -> kernel image, 0xffffffff80000000 -> phys 0 (64 MiB)
 */
#include <asm/segment.h>
#include <asm/unwind_hints.h>

#define __START_KERNEL_map 0xffffffff80000000
#define PA(x) ((x) - __START_KERNEL_map)

	.section .note.Xen, "a"
	.align 4
	.long 4, 4, 18			/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long PA(pvh_start32)

	.section .head.text, "ax"
	.code32
	.globl pvh_start32
pvh_start32:
	cld
	mov	%ebx, %esi
	/* identity PDPT (first 4 GiB) and the direct map share the same 4 PDs */
	mov	$PA(boot_pd), %edi
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$0x83, %eax		/* P | RW | PS */
	mov	%ecx, %edx
	shr	$11, %edx		/* high half of the physical address */
	mov	%eax, (%edi,%ecx,8)
	mov	%edx, 4(%edi,%ecx,8)
	inc	%ecx
	cmp	$2048, %ecx
	jne	1b
	/* PDPT entries for 4 PDs */
	mov	$PA(boot_pdpt_direct), %edi
	mov	$PA(boot_pd) + 3, %eax
	mov	%eax, 0(%edi)
	add	$4096, %eax
	mov	%eax, 8(%edi)
	add	$4096, %eax
	mov	%eax, 16(%edi)
	add	$4096, %eax
	mov	%eax, 24(%edi)
	/* kernel map: PDPT[510] -> its own PD mapping 0..64 MiB; the rest of
	   that GiB stays free for modules (0xffffffffa0000000) */
	mov	$PA(boot_pd_kernel), %edi
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$0x183, %eax		/* P | RW | PS | G */
	mov	%eax, (%edi,%ecx,8)
	inc	%ecx
	cmp	$32, %ecx
	jne	1b
	mov	$PA(boot_pdpt_kernel), %edi
	mov	$PA(boot_pd_kernel) + 3, %eax
	mov	%eax, 510*8(%edi)
	/* PML4 */
	mov	$PA(boot_pml4), %edi
	mov	$PA(boot_pdpt_direct) + 3, %eax
	mov	%eax, 0(%edi)
	mov	%eax, 273*8(%edi)
	mov	$PA(boot_pdpt_kernel) + 3, %eax
	mov	%eax, 511*8(%edi)

	mov	%cr4, %eax
	or	$0x20, %eax		/* PAE */
	mov	%eax, %cr4
	mov	$PA(boot_pml4), %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx
	rdmsr
	or	$0x901, %eax		/* SCE | LME | NXE */
	wrmsr
	mov	%cr0, %eax
	or	$0x80010001, %eax	/* PG | WP | PE */
	mov	%eax, %cr0
	lgdt	PA(boot_gdt_desc)
	ljmp	$__KERNEL_CS, $PA(startup_64_low)

	.code64
startup_64_low:
	movabs	$startup_64, %rax
	jmp	*%rax

	.text
	.globl startup_64
startup_64:
	UNWIND_HINT_EMPTY
	lgdt	gdt_desc(%rip)
	mov	$__KERNEL_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	/* GS base: the per-CPU area (fixed_percpu_data, its direct-map address), for %gs:40 */
	movabs	$(fixed_percpu_data - __START_KERNEL_map + 0xffff888000000000), %rax
	mov	%rax, %rdx
	shr	$32, %rdx
	mov	$0xc0000101, %ecx	/* MSR_GS_BASE */
	wrmsr
	leaq	init_thread_union + THREAD_SIZE_ASM(%rip), %rsp
	xor	%ebp, %ebp
	mov	%rsi, %rdi		/* physical address of hvm_start_info */
	call	x86_64_start_kernel
1:	hlt
	jmp	1b
	UNWIND_HINT_END

	.section .head.data, "aw"
	.align 16
boot_gdt_desc:
	.word	gdt_end - gdt_table - 1
	.long	PA(gdt_table)

	.data
	.align 16
	.globl gdt_table, gdt_desc
gdt_desc:
	.word	gdt_end - gdt_table - 1
	.quad	gdt_table
	.align 16
gdt_table:
	.quad	0			/* 0x00 */
	.quad	0			/* 0x08 */
	.quad	0x00af9b000000ffff	/* 0x10 __KERNEL_CS */
	.quad	0x00cf93000000ffff	/* 0x18 __KERNEL_DS */
	.quad	0x00cffb000000ffff	/* 0x20 __USER32_CS */
	.quad	0x00cff3000000ffff	/* 0x28 __USER_DS */
	.quad	0x00affb000000ffff	/* 0x30 __USER_CS */
	.quad	0			/* 0x38 */
	.globl gdt_tss
gdt_tss:
	.quad	0, 0			/* 0x40 TSS (filled by cpu_init) */
gdt_end:

	.section .bss..pagetables, "aw", @nobits
	.align 4096
	.globl boot_pml4
boot_pml4:		.skip 4096
boot_pdpt_direct:	.skip 4096
boot_pdpt_kernel:	.skip 4096
	.globl boot_pd, boot_pd_kernel
boot_pd_kernel:		.skip 4096
boot_pd:		.skip 4 * 4096
