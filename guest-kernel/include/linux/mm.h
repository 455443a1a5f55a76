/* mm.h: pages, the direct map and page-table helpers. */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H
#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>
#include <asm/page.h>
/* page->flags: Linux 5.10's bit numbers (SLUB reports print them raw) */
#define PG_locked	0
#define PG_slab		9
#define PG_reserved	12
#define PG_head		16
#define PG_buddy	24	/* a page_type in Linux; a spare bit here */
#define ZONES_PGSHIFT	62	/* the zone in the top bits (no NUMA, no sections) */
extern struct page *mem_map;
extern unsigned long max_pfn, totalram_pages_count;
#define totalram_pages() totalram_pages_count
#define pfn_to_page(pfn)	(mem_map + (pfn))
#define page_to_pfn(p)		((unsigned long)((p) - mem_map))
#define page_to_phys(p)		(page_to_pfn(p) << PAGE_SHIFT)
#define page_address(p)		__va(page_to_phys(p))
#define virt_to_page(v)		pfn_to_page(__pa(v) >> PAGE_SHIFT)
#define virt_addr_valid(v)	((unsigned long)(v) >= PAGE_OFFSET && __pa(v) < (max_pfn << PAGE_SHIFT))
#define pfn_valid(pfn)		((pfn) < max_pfn)
#define page_count(p)		((p)->_refcount.counter)
#define PageSlab(p)		(((p)->flags >> PG_slab) & 1)
/*
 * Compound pages (__GFP_COMP: slabs, kmalloc_large): the first page has
 * PG_head and the order in private, each tail page the head's address + 1
 * in the word after flags (Linux's compound_head, which shares it with
 * lru.next: a list pointer is never odd). A slab's head keeps its
 * counters in private: its order is its cache's (compound_order is for
 * other compound pages).
 */
static inline struct page *compound_head(struct page *page)
{
	unsigned long head = (unsigned long)page->lru.next;
	return (head & 1) ? (struct page *)(head - 1) : page;
}
#define PageTail(p)		(((unsigned long)(p)->lru.next & 1) != 0)
#define PageHead(p)		(((p)->flags >> PG_head) & 1)
#define PageCompound(p)		(PageHead(p) || PageTail(p))
#define compound_order(p)	(PageHead(p) ? (unsigned int)(p)->private : 0)
#define virt_to_head_page(v)	compound_head(virt_to_page(v))
#define PageReserved(p)		(((p)->flags >> PG_reserved) & 1)
#define get_page(p)		((p)->_refcount.counter++)
#define put_page(p)		do { if (--(p)->_refcount.counter == 0) __free_pages(p, 0); } while (0)
#define get_order(n)		((n) <= PAGE_SIZE ? 0 : 64 - __builtin_clzl(((n) - 1) >> PAGE_SHIFT))
static inline bool is_vmalloc_addr(const void *x)
{ unsigned long a = (unsigned long)x; return a >= VMALLOC_START && a < VMALLOC_END; }
struct page *vmalloc_to_page(const void *addr);
/* page-table entry bits */
#define _PAGE_PRESENT	0x001UL
#define _PAGE_RW	0x002UL
#define _PAGE_USER	0x004UL
#define _PAGE_PWT	0x008UL
#define _PAGE_PCD	0x010UL
#define _PAGE_ACCESSED	0x020UL
#define _PAGE_DIRTY	0x040UL
#define _PAGE_PSE	0x080UL
#define _PAGE_GLOBAL	0x100UL
#define _PAGE_NX	(1UL << 63)
#define PTE_PFN_MASK	0x000ffffffffff000UL
#define PAGE_KERNEL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX)
#define PAGE_KERNEL_EXEC (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_KERNEL_RO	(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_KERNEL_ROX	(_PAGE_PRESENT | _PAGE_ACCESSED)
extern unsigned long *swapper_pg_dir;
unsigned long *lookup_pte(unsigned long *pgd, unsigned long va, bool create);
int map_kernel_page(unsigned long va, unsigned long pa, unsigned long prot);
void unmap_kernel_page(unsigned long va);
void set_memory_prot(unsigned long va, int npages, unsigned long prot);
static inline void flush_tlb_one(unsigned long va) { __asm__ __volatile__("invlpg (%0)" :: "r"(va) : "memory"); }
void flush_tlb_all(void);
void *memblock_alloc(size_t size, size_t align);
void si_meminfo_print(char *buf, size_t n);
unsigned long nr_free_pages(void);
void free_reserved_page(struct page *p);
#define SetPageReserved(p) ((p)->flags |= 1UL << PG_reserved)
#define ClearPageReserved(p) ((p)->flags &= ~(1UL << PG_reserved))
#endif
