/*
 * mm/kasan/init.c: the shadow's page tables.
 *
 * The shadow of the upper half is the 16 TiB at [KASAN_SHADOW_START,
 * KASAN_SHADOW_END), 32 PML4 slots. Populated as x86-64 Linux does:
 *
 *   kasan_early_init (the first C code, before anything instrumented
 *   runs): every slot points at one PUD table whose entries all point at
 *   one PMD table, whose entries all point at one PTE table, whose
 *   entries all map kasan_early_shadow_page, writable for now (gcc's
 *   stack red zones of the boot stack land there), so every shadow byte
 *   is that page's and nothing is reported yet (kasan_enabled is false).
 *
 *   kasan_init (end of setup_arch, memblock still allocating): real,
 *   zeroed shadow pages for the direct map of RAM and for the kernel
 *   image (text, data, bss, the boot stack); then the early page is
 *   cleared and mapped read-only, and reports are on. Later the page
 *   allocator, SLUB and gcc's code write poison there.
 *
 *   kasan_module_alloc: real shadow pages for each module's memory, from
 *   the page allocator, on first use of a shadow page.
 *
 * The vmalloc area keeps the zero shadow without CONFIG_KASAN_VMALLOC (as
 * in the book's kernel): accesses there are never reported. With it, as
 * 5.10's kasan_populate_vmalloc: each vmalloc gets real shadow pages over
 * its range (a new shadow page filled with KASAN_VMALLOC_INVALID, 0xf8),
 * the whole area incl. its guard page poisoned so, then the size asked for
 * unpoisoned (to the byte: vmalloc(3000) leaves 3000..4095 invalid); vfree
 * poisons the area again and, as 5.10's kasan_release_vmalloc when the
 * area is purged, frees the shadow pages that only free address space
 * used: a shadow page covers 8 pages (32 KiB) of vmalloc space, so the
 * freed area's shadow range is rounded inwards, and outwards again on a
 * side where the free space around it covers the whole shadow page. A
 * freed shadow page's entry maps the read-only zero page again (5.10
 * clears it); the next area there gets a new page.
 *
 * A table on the way to a real shadow page that is still one of the
 * shared early tables is replaced by a private copy first (writing into
 * a shared table would map the page everywhere). Only kasan_init changes
 * PML4 slots, before any process copies the kernel half; the module path
 * changes lower levels, which every address space shares.
 *
 * Locking: kasan_init runs alone at boot; kasan_module_alloc runs under
 * the module mutex (one loader at a time).
 */
#define pr_fmt(fmt) "kasan: " fmt
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/kmemleak.h>
#include "kasan.h"

extern char _text[], _end[], boot_pml4[];
extern unsigned long max_pfn;

unsigned char kasan_early_shadow_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static unsigned long kasan_early_shadow_pte[512] __aligned(PAGE_SIZE);
static unsigned long kasan_early_shadow_pmd[512] __aligned(PAGE_SIZE);
static unsigned long kasan_early_shadow_pud[512] __aligned(PAGE_SIZE);
static bool kasan_buddy;	/* tables and pages now come from the page allocator */
bool kasan_enabled;		/* the shadow is real: reports are on */

#define TABLE_FLAGS	(_PAGE_PRESENT | _PAGE_RW)
#define ZERO_PTE	(_PAGE_PRESENT | _PAGE_NX | _PAGE_GLOBAL)
#define EARLY_PTE	(ZERO_PTE | _PAGE_RW)
#define SHADOW_PTE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_NX | _PAGE_GLOBAL)

static inline unsigned long image_pa(const void *p)
{
	return (unsigned long)p - __START_KERNEL_map;
}

void __init kasan_early_init(void)
{
	unsigned long *pml4 = (unsigned long *)boot_pml4;

	for (int i = 0; i < 512; i++) {
		kasan_early_shadow_pte[i] = image_pa(kasan_early_shadow_page) | EARLY_PTE;
		kasan_early_shadow_pmd[i] = image_pa(kasan_early_shadow_pte) | TABLE_FLAGS;
		kasan_early_shadow_pud[i] = image_pa(kasan_early_shadow_pmd) | TABLE_FLAGS;
	}
	for (unsigned long a = KASAN_SHADOW_START; a < KASAN_SHADOW_END; a += 1UL << 39)
		pml4[(a >> 39) & 511] = image_pa(kasan_early_shadow_pud) | TABLE_FLAGS;
	__asm__ __volatile__("mov %%cr3, %%rax; mov %%rax, %%cr3" ::: "rax", "memory");
}

/* A zeroed page for the shadow or its tables: memblock at boot, the buddy allocator after. */
static void *shadow_alloc(void)
{
	void *p;

	if (kasan_buddy)
		return (void *)get_zeroed_page(GFP_KERNEL);
	p = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	/* shadow is not scanned for pointers (Linux's early shadow is not kmemleak-tracked either) */
	kmemleak_free_part_phys(__pa(p), PAGE_SIZE);
	return p;
}

/* The table *entry points at, made private if it is the shared early table `shared`. */
static unsigned long *private_table(unsigned long *entry, unsigned long *shared, unsigned long fill)
{
	unsigned long *t;

	if ((*entry & PTE_PFN_MASK) != image_pa(shared))
		return __va(*entry & PTE_PFN_MASK);
	t = shadow_alloc();
	if (!t)
		return NULL;
	for (int i = 0; i < 512; i++)
		t[i] = fill;
	*entry = __pa(t) | TABLE_FLAGS;
	return t;
}

/* Maps real shadow pages over [start, end) of the shadow (page-rounded), new ones filled with `fill`. */
static int populate_shadow(unsigned long start, unsigned long end, u8 fill)
{
	unsigned long *pml4 = (unsigned long *)boot_pml4;

	start &= PAGE_MASK;
	end = PAGE_ALIGN(end);
	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		unsigned long *pud, *pmd, *pte;
		void *page;

		pud = private_table(&pml4[(a >> 39) & 511], kasan_early_shadow_pud,
				    image_pa(kasan_early_shadow_pmd) | TABLE_FLAGS);
		if (!pud)
			return -ENOMEM;
		pmd = private_table(&pud[(a >> 30) & 511], kasan_early_shadow_pmd,
				    image_pa(kasan_early_shadow_pte) | TABLE_FLAGS);
		if (!pmd)
			return -ENOMEM;
		pte = private_table(&pmd[(a >> 21) & 511], kasan_early_shadow_pte,
				    image_pa(kasan_early_shadow_page) | ZERO_PTE);
		if (!pte)
			return -ENOMEM;
		pte += (a >> 12) & 511;
		if ((*pte & PTE_PFN_MASK) != image_pa(kasan_early_shadow_page))
			continue;	/* already a real page */
		page = shadow_alloc();
		if (!page)
			return -ENOMEM;
		if (fill)
			__memset(page, fill, PAGE_SIZE);
		*pte = __pa(page) | SHADOW_PTE;
		flush_tlb_one(a);
	}
	return 0;
}

void __init kasan_init(void)
{
	unsigned long ram_end = PAGE_OFFSET + (max_pfn << PAGE_SHIFT);

	populate_shadow((unsigned long)kasan_mem_to_shadow((void *)PAGE_OFFSET),
			(unsigned long)kasan_mem_to_shadow((void *)ram_end), 0);
	populate_shadow((unsigned long)kasan_mem_to_shadow(_text),
			(unsigned long)kasan_mem_to_shadow((void *)PAGE_ALIGN((unsigned long)_end)), 0);
	for (int i = 0; i < 512; i++)
		kasan_early_shadow_pte[i] = image_pa(kasan_early_shadow_page) | ZERO_PTE;
	flush_tlb_all();
	__memset(kasan_early_shadow_page, 0, PAGE_SIZE);
	kasan_buddy = true;
	kasan_enabled = true;
	pr_info("KernelAddressSanitizer initialized\n");
}

/*
 * Module memory [addr, addr + size): real shadow pages, all accessible
 * (a previous module's global red zones may still be there).
 */
int kasan_module_alloc(void *addr, size_t size)
{
	int ret = populate_shadow((unsigned long)kasan_mem_to_shadow(addr),
				  (unsigned long)kasan_mem_to_shadow((char *)addr + size) + 1, 0);
	if (ret)
		return ret;
	kasan_unpoison_shadow(addr, size);
	return 0;
}

#ifdef CONFIG_KASAN_VMALLOC
/* The vmalloc area [addr, addr + size) (page-aligned, its guard page included): real shadow, all invalid. */
int kasan_populate_vmalloc(unsigned long addr, unsigned long size)
{
	int ret;

	if (!is_vmalloc_addr((void *)addr))
		return 0;
	ret = populate_shadow((unsigned long)kasan_mem_to_shadow((void *)addr),
			      (unsigned long)kasan_mem_to_shadow((void *)(addr + size)), KASAN_VMALLOC_INVALID);
	if (ret)
		return ret;
	kasan_poison_vmalloc((void *)addr, size);
	return 0;
}

/* The entry of shadow page `a` if it is a real page (not the early zero page), else NULL. */
static unsigned long *real_shadow_pte(unsigned long a)
{
	unsigned long e = ((unsigned long *)boot_pml4)[(a >> 39) & 511];

	for (int shift = 30; shift >= 12; shift -= 9) {
		unsigned long *t = __va(e & PTE_PFN_MASK);

		if (!(e & _PAGE_PRESENT) || t == (void *)kasan_early_shadow_pud || t == (void *)kasan_early_shadow_pmd ||
		    t == (void *)kasan_early_shadow_pte)
			return NULL;
		e = t[(a >> shift) & 511];
		if (shift == 12) {
			if (!(e & _PAGE_PRESENT) || (e & PTE_PFN_MASK) == image_pa(kasan_early_shadow_page))
				return NULL;
			return &t[(a >> shift) & 511];
		}
	}
	return NULL;
}

/*
 * The vmalloc area [start, end) is gone and [free_start, free_end), which
 * holds it, is free address space: free the shadow pages that cover only
 * free space (5.10's kasan_release_vmalloc). Called under vmap_lock.
 */
void kasan_release_vmalloc(unsigned long start, unsigned long end, unsigned long free_start, unsigned long free_end)
{
	const unsigned long span = PAGE_SIZE << KASAN_SHADOW_SCALE_SHIFT;	/* vmalloc space one shadow page covers */
	unsigned long lo = ALIGN(start, span), hi = ALIGN_DOWN(end, span);

	if (start != lo && ALIGN(free_start, span) < lo)
		lo -= span;
	if (end != hi && ALIGN_DOWN(free_end, span) > hi)
		hi += span;
	for (unsigned long a = lo; a < hi; a += span) {
		unsigned long shadow = (unsigned long)kasan_mem_to_shadow((void *)a);
		unsigned long *pte = real_shadow_pte(shadow);

		if (!pte)
			continue;
		free_page((unsigned long)__va(*pte & PTE_PFN_MASK));
		*pte = image_pa(kasan_early_shadow_page) | ZERO_PTE;
		flush_tlb_one(shadow);
	}
}

/* The area is no longer in use: every byte of it invalid (page-rounded, as 5.10's). */
void kasan_poison_vmalloc(const void *start, unsigned long size)
{
	if (!is_vmalloc_addr(start))
		return;
	kasan_poison_shadow(start, PAGE_ALIGN(size), KASAN_VMALLOC_INVALID);
}

/* What the caller asked for, to the byte; the rest of the last page stays invalid. */
void kasan_unpoison_vmalloc(const void *start, unsigned long size)
{
	if (!is_vmalloc_addr(start))
		return;
	kasan_unpoison_shadow(start, size);
}
#endif
