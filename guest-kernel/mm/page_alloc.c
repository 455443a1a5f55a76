/*
 * page_alloc.c: boot memory (memblock), the buddy page allocator and the
 * kernel page tables.
 *
 * memblock: the e820 RAM ranges minus the first MiB, the kernel image and
 * the initramfs. Early allocations bump upward from the end of the kernel
 * (memblock_alloc) until mem_init hands every remaining free page to the
 * buddy allocator.
 *
 * Zones, as on x86-64 Linux: ZONE_DMA is the first 16 MiB, ZONE_DMA32 the
 * rest (below 4 GiB). Allocations are served from DMA32 and fall back to
 * DMA only when it is empty (or for GFP_DMA), so ordinary kernel objects
 * live at high addresses, as they do on Linux.
 * Buddy: per zone, free_area[order] lists of 2^order-page blocks (MAX_ORDER 11).
 * A free block's head page has PG_buddy and private = order. Allocation
 * splits the smallest fitting block; freeing merges with the buddy
 * (pfn ^ (1 << order)) while it is free and of the same order.
 * Every page has a struct page in mem_map (64 bytes); _refcount > 0 means
 * in use (kmemleak scans those descriptors as roots).
 *
 * Page tables: the boot PML4 (head.S) is init_mm's pgd. The first PML4
 * entries of the upper half (direct map, vmalloc, kernel/modules) are
 * created here once, so every process PML4, which copies entries
 * 256-511, sees all later kernel mappings.
 *
 * Fault injection (CONFIG_FAIL_PAGE_ALLOC): fail_page_alloc= and
 * /sys/kernel/debug/fail_page_alloc/ (the common files plus
 * ignore-gfp-wait, ignore-gfp-highmem, min-order, as 5.10) can make
 * alloc_pages return NULL before it looks at the free lists.
 *
 * Locking: zone_lock with interrupts off (the allocator is used from IRQs).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/export.h>
#include <linux/kmemleak.h>
#include <linux/kasan.h>
#include <linux/oom.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fault-inject.h>
#include <linux/mmzone.h>
#include <linux/vmstat.h>
#include <linux/ratelimit.h>
#include <linux/stdarg.h>
#include <asm/bootparam.h>

extern char _text[], _etext[], _end[], __init_begin[], __init_end[], boot_pml4[], _sdata[], _edata[];
extern char __start_rodata[], __end_rodata[], __bss_start[], __bss_stop[];
struct page *mem_map;
unsigned long max_pfn, totalram_pages_count;
unsigned long *swapper_pg_dir = (unsigned long *)boot_pml4;
struct mm_struct init_mm = { .pgd = (unsigned long *)boot_pml4 };
#define NR_ZONES 2
#define ZONE_DMA 0
#define ZONE_DMA32 1
#define DMA_PFN_LIMIT (16UL << (20 - PAGE_SHIFT))
static struct list_head free_areas[NR_ZONES][MAX_ORDER];
static unsigned long nr_frees[NR_ZONES][MAX_ORDER];
#define page_zone(pfn) ((pfn) < DMA_PFN_LIMIT ? ZONE_DMA : ZONE_DMA32)
static DEFINE_SPINLOCK(zone_lock);
static unsigned long memblock_next;	/* physical bump pointer */
static bool buddy_ready;
static unsigned long reserved_pages;
static unsigned long zone_present[NR_ZONES];	/* RAM pages per zone, counted by mem_init */
#ifdef CONFIG_INIT_ON_ALLOC_DEFAULT_ON
static const bool init_on_alloc = true;
#else
static const bool init_on_alloc = false;
#endif

void *__init memblock_alloc(size_t size, size_t align)
{
	unsigned long pa = ALIGN(memblock_next, align);
	void *p;
	memblock_next = pa + size;
	p = __va(pa);
	memset(p, 0, size);
	kmemleak_alloc_phys(pa, size, 0, 0);
	return p;
}

static bool pfn_is_ram(unsigned long pfn)
{
	unsigned long pa = pfn << PAGE_SHIFT;
	for (int i = 0; i < e820_nr; i++)
		if (e820_table[i].type == E820_TYPE_RAM && pa >= e820_table[i].addr &&
		    pa + PAGE_SIZE <= e820_table[i].addr + e820_table[i].size)
			return true;
	return false;
}

void flush_tlb_all(void)
{
	unsigned long cr3;
	__asm__ __volatile__("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) :: "memory");
}

static unsigned long *pt_next(unsigned long *entry, bool create, bool user)
{
	if (!(*entry & _PAGE_PRESENT)) {
		void *page;
		if (!create)
			return NULL;
		if (buddy_ready)
			page = (void *)get_zeroed_page(GFP_KERNEL);
		else
			page = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
		if (!page)
			return NULL;
		*entry = __pa(page) | _PAGE_PRESENT | _PAGE_RW | (user ? _PAGE_USER : 0);
	}
	if (*entry & _PAGE_PSE)
		return NULL;
	return __va(*entry & PTE_PFN_MASK);
}

/* The PTE for va in pgd, creating intermediate tables when asked. */
unsigned long *lookup_pte(unsigned long *pgd, unsigned long va, bool create)
{
	bool user = va < 0x0000800000000000UL;
	unsigned long *pud, *pmd, *pte;

	pud = pt_next(&pgd[(va >> 39) & 511], create, user);
	if (!pud)
		return NULL;
	pmd = pt_next(&pud[(va >> 30) & 511], create, user);
	if (!pmd)
		return NULL;
	pte = pt_next(&pmd[(va >> 21) & 511], create, user);
	if (!pte)
		return NULL;
	return &pte[(va >> 12) & 511];
}

int map_kernel_page(unsigned long va, unsigned long pa, unsigned long prot)
{
	unsigned long *pte = lookup_pte(swapper_pg_dir, va, true);
	if (!pte)
		return -ENOMEM;
	*pte = pa | prot | _PAGE_GLOBAL;
	flush_tlb_one(va);
	return 0;
}

void unmap_kernel_page(unsigned long va)
{
	unsigned long *pte = lookup_pte(swapper_pg_dir, va, false);
	if (pte) {
		*pte = 0;
		flush_tlb_one(va);
	}
}

void set_memory_prot(unsigned long va, int npages, unsigned long prot)
{
	for (int i = 0; i < npages; i++, va += PAGE_SIZE) {
		unsigned long *pte = lookup_pte(swapper_pg_dir, va, false);
		if (pte && (*pte & _PAGE_PRESENT)) {
			*pte = (*pte & PTE_PFN_MASK) | prot | _PAGE_GLOBAL;
			flush_tlb_one(va);
		}
	}
}

void __init setup_arch(void)
{
	unsigned long top = 0;

	pr_info("BIOS-provided physical RAM map:\n");
	for (int i = 0; i < e820_nr; i++) {
		struct e820_entry *e = &e820_table[i];
		pr_info("BIOS-e820: [mem %#018llx-%#018llx] %s\n", e->addr, e->addr + e->size - 1,
			e->type == E820_TYPE_RAM ? "usable" : "reserved");
		if (e->type == E820_TYPE_RAM && e->addr + e->size > top)
			top = e->addr + e->size;
	}
	if (top > (4UL << 30))
		top = 4UL << 30;	/* the boot direct map covers 4 GiB */
	max_pfn = top >> PAGE_SHIFT;
	memblock_next = PAGE_ALIGN(__pa(_end));
	if (initrd_start)
		pr_info("RAMDISK: [mem %#010lx-%#010lx]\n", __pa(initrd_start), __pa(initrd_end) - 1);
	/* the identity map of the low 4 GiB was only for the jump to the higher half */
	swapper_pg_dir[0] = 0;
	/* upper-half PML4 entries shared by all address spaces */
	pt_next(&swapper_pg_dir[(VMALLOC_START >> 39) & 511], true, false);
	flush_tlb_all();
	/* CONFIG_KASAN: real shadow for RAM and the kernel image, from memblock */
	kasan_init();
}

static void __free_one(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	struct list_head *free_area = free_areas[page_zone(pfn)];
	unsigned long *nr_free = nr_frees[page_zone(pfn)];

	while (order < MAX_ORDER - 1) {
		unsigned long bpfn = pfn ^ (1UL << order);
		struct page *b;
		if (bpfn >= max_pfn)
			break;
		b = pfn_to_page(bpfn);
		if (!(b->flags & (1UL << PG_buddy)) || b->private != order)
			break;
		list_del(&b->lru);
		nr_free[order]--;
		b->flags &= ~(1UL << PG_buddy);
		pfn &= ~(1UL << order);
		order++;
	}
	page = pfn_to_page(pfn);
	page->flags |= 1UL << PG_buddy;
	page->private = order;
	list_add(&page->lru, &free_area[order]);
	nr_free[order]++;
}

void __init mem_init(void)
{
	unsigned long pfn, kstart = __pa(_text) >> PAGE_SHIFT;

	for (int z = 0; z < NR_ZONES; z++)
		for (int i = 0; i < MAX_ORDER; i++)
			INIT_LIST_HEAD(&free_areas[z][i]);
	mem_map = memblock_alloc(max_pfn * sizeof(struct page), PAGE_SIZE);
	for (pfn = 0; pfn < max_pfn; pfn++) {
		struct page *p = pfn_to_page(pfn);
		unsigned long pa = pfn << PAGE_SHIFT;
		p->_mapcount.counter = -1;
		if (pfn && pfn_is_ram(pfn))
			zone_present[page_zone(pfn)]++;
		bool reserved = pfn < 256 || !pfn_is_ram(pfn) ||
				(pfn >= kstart && pa < memblock_next) ||
				(initrd_start && pa + PAGE_SIZE > __pa(initrd_start) && pa < __pa(initrd_end));
		if (reserved) {
			p->flags = 1UL << PG_reserved;
			p->_refcount.counter = 1;
			reserved_pages++;
		} else {
			p->_refcount.counter = 0;
			kasan_free_pages(p, 0);
			__free_one(p, 0);
			count_vm_event(PGFREE);	/* as memblock_free_all's __free_pages_core */
			totalram_pages_count++;
		}
	}
	buddy_ready = true;
	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, 0K cma-reserved)\n",
		nr_free_pages() << 2, (totalram_pages_count + reserved_pages) << 2,
		(unsigned long)(_etext - _text) >> 10, (unsigned long)(_edata - _sdata) >> 10,
		(unsigned long)(__end_rodata - __start_rodata) >> 10, (unsigned long)(__init_end - __init_begin) >> 10,
		(unsigned long)(__bss_stop - __bss_start) >> 10, reserved_pages << 2);
}

/* Takes a 2^order block from zone z, splitting a bigger one if needed; NULL if none. */
static struct page *rmqueue(int z, unsigned int order)
{
	struct list_head *free_area = free_areas[z];
	unsigned long *nr_free = nr_frees[z];
	struct page *page;
	unsigned int o;

	for (o = order; o < MAX_ORDER; o++)
		if (!list_empty(&free_area[o]))
			break;
	if (o == MAX_ORDER)
		return NULL;
	page = list_first_entry(&free_area[o], struct page, lru);
	list_del(&page->lru);
	nr_free[o]--;
	page->flags &= ~(1UL << PG_buddy);
	while (o > order) {
		struct page *half;
		o--;
		half = page + (1UL << o);
		half->flags |= 1UL << PG_buddy;
		half->private = o;
		list_add(&half->lru, &free_area[o]);
		nr_free[o]++;
	}
	page->private = order;
	for (unsigned long i = 0; i < (1UL << order); i++) {
		page[i]._refcount.counter = i == 0 ? 1 : 0;
		page[i].flags = (unsigned long)z << ZONES_PGSHIFT;
		if (i)
			page[i].lru.next = NULL;	/* not a tail (yet): a page freed alone may keep its old head */
	}
	return page;
}

/* __alloc_pages_may_oom: may this failure kill a task to get memory back? */
static bool may_oom(gfp_t gfp, unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER && (gfp & __GFP_DIRECT_RECLAIM) && (gfp & __GFP_FS) &&
	       !(gfp & __GFP_NORETRY) && !in_interrupt();
}

#ifdef CONFIG_FAIL_PAGE_ALLOC
static struct {
	struct fault_attr attr;
	bool ignore_gfp_highmem;
	bool ignore_gfp_reclaim;
	u32 min_order;
} fail_page_alloc = {
	.attr = FAULT_ATTR_INITIALIZER("fail_page_alloc"),
	.ignore_gfp_reclaim = true,
	.ignore_gfp_highmem = true,
	.min_order = 1,
};

static int __init setup_fail_page_alloc(char *str)
{
	return setup_fault_attr(&fail_page_alloc.attr, str);
}
__setup("fail_page_alloc=", setup_fail_page_alloc);

static bool should_fail_alloc_page(gfp_t gfp_mask, unsigned int order)
{
	if (order < fail_page_alloc.min_order)
		return false;
	if (gfp_mask & __GFP_NOFAIL)
		return false;
	if (fail_page_alloc.ignore_gfp_highmem && (gfp_mask & __GFP_HIGHMEM))
		return false;
	if (fail_page_alloc.ignore_gfp_reclaim && (gfp_mask & __GFP_DIRECT_RECLAIM))
		return false;
	return should_fail(&fail_page_alloc.attr, 1 << order);
}

static int __init fail_page_alloc_debugfs(void)
{
	umode_t mode = S_IFREG | 0600;
	struct dentry *dir = fault_create_debugfs_attr("fail_page_alloc", NULL, &fail_page_alloc.attr);

	if (IS_ERR(dir))
		return PTR_ERR(dir);
	debugfs_create_bool("ignore-gfp-wait", mode, dir, &fail_page_alloc.ignore_gfp_reclaim);
	debugfs_create_bool("ignore-gfp-highmem", mode, dir, &fail_page_alloc.ignore_gfp_highmem);
	debugfs_create_u32("min-order", mode, dir, &fail_page_alloc.min_order);
	return 0;
}
late_initcall(fail_page_alloc_debugfs);
#else
static inline bool should_fail_alloc_page(gfp_t gfp_mask, unsigned int order) { return false; }
#endif

/*
 * 5.10's warn_alloc: "<comm>: <what>, mode:<gfp>(<names>), nodemask=(null)",
 * the stack and show_mem's Mem-Info; at most 10 in 5 s, none for
 * __GFP_NOWARN. (No cpusets here, so no ",cpuset=" part.)
 */
void warn_alloc(gfp_t gfp, const char *fmt, ...)
{
	static DEFINE_RATELIMIT_STATE(nopage_rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST);
	char what[96], names[160];
	va_list args;

	if ((gfp & __GFP_NOWARN) || !__ratelimit(&nopage_rs))
		return;
	va_start(args, fmt);
	vscnprintf(what, sizeof(what), fmt, args);
	va_end(args);
	pr_warn("%s: %s, mode:%#x(%s), nodemask=(null)\n", current->comm, what, gfp, gfp_names(gfp, names, sizeof(names)));
	dump_stack();
	show_mem();
}

/* A compound page: the head flagged, each tail pointing at it (compound_head in mm.h). */
static void prep_compound_page(struct page *page, unsigned int order)
{
	page->flags |= 1UL << PG_head;
	for (unsigned long i = 1; i < (1UL << order); i++)
		page[i].lru.next = (struct list_head *)((unsigned long)page + 1);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long flags;
	struct page *page = NULL;
	int retries = 16;	/* MAX_RECLAIM_RETRIES */

	if (order >= MAX_ORDER)
		return NULL;
	if (should_fail_alloc_page(gfp, order))
		return NULL;
retry:
	spin_lock_irqsave(&zone_lock, flags);
	for (int z = (gfp & __GFP_DMA) ? ZONE_DMA : ZONE_DMA32; z >= 0 && !page; z--)
		if ((page = rmqueue(z, order)))
			__count_zid_vm_events(PGALLOC, z, 1UL << order);
	spin_unlock_irqrestore(&zone_lock, flags);
	if (!page && buddy_ready && may_oom(gfp, order) && retries-- && out_of_memory(gfp, order))
		goto retry;
	if (!page) {
		/* an OOM victim's allocations fail quietly: it is about to die */
		if (!fatal_signal_pending(current))
			warn_alloc(gfp, "page allocation failure: order:%u", order);
		return NULL;
	}
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
	kasan_alloc_pages(page, order);
	/* CONFIG_INIT_ON_ALLOC_DEFAULT_ON: every page comes zeroed (slab pages are poisoned after) */
	if ((gfp & __GFP_ZERO) || init_on_alloc)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}
EXPORT_SYMBOL(alloc_pages);

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags;
	if (--page->_refcount.counter > 0)
		return;
	/* CONFIG_KASAN: memory in the allocator is use-after-free to touch */
	kasan_free_pages(page, order);
	spin_lock_irqsave(&zone_lock, flags);
	page->flags = 0;
	page->_refcount.counter = 0;
	for (unsigned long i = 1; i < (1UL << order); i++)
		page[i].lru.next = NULL;	/* clear_compound_head */
	for (unsigned long i = 0; i < (1UL << order); i++)
		__free_one(page + i, 0);
	count_vm_events(PGFREE, 1UL << order);
	spin_unlock_irqrestore(&zone_lock, flags);
}
EXPORT_SYMBOL(__free_pages);

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *p = alloc_pages(gfp, order);
	return p ? (unsigned long)page_address(p) : 0;
}
EXPORT_SYMBOL(__get_free_pages);

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}
EXPORT_SYMBOL(get_zeroed_page);

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page(addr), order);
}
EXPORT_SYMBOL(free_pages);

unsigned long nr_free_pages(void)
{
	unsigned long n = 0;
	for (int z = 0; z < NR_ZONES; z++)
		for (int o = 0; o < MAX_ORDER; o++)
			n += nr_frees[z][o] << o;
	return n;
}

/* A page reserved at boot (init sections, the initramfs) joins the allocator. */
void free_reserved_page(struct page *p)
{
	p->flags = 0;
	p->_refcount.counter = 1;
	__free_pages(p, 0);
	totalram_pages_count++;
}

/* __init text and data go back to the allocator once init has run. */
void free_initmem(void)
{
	unsigned long start = PAGE_ALIGN(__pa(__init_begin)), end = __pa(__init_end) & PAGE_MASK;
	unsigned long n = 0;
	for (unsigned long pa = start; pa < end; pa += PAGE_SIZE, n++) {
		memset(__va(pa), 0xcc, PAGE_SIZE);
		free_reserved_page(pfn_to_page(pa >> PAGE_SHIFT));
	}
	pr_info("Freeing unused kernel image (initmem) memory: %luK\n", n << 2);
}

/*
 * The 4 KiB PTE that maps va in the kernel's page tables; a 2 MiB mapping
 * holding it is split first into 512 PTEs with its flags (as Linux's
 * split_large_page), so one page of it can change protection.
 */
static unsigned long *split_pte(unsigned long va)
{
	unsigned long *pud, *pmd, *e, *pt;

	pud = pt_next(&swapper_pg_dir[(va >> 39) & 511], false, false);
	pmd = pud ? pt_next(&pud[(va >> 30) & 511], false, false) : NULL;
	if (!pmd)
		return NULL;
	e = &pmd[(va >> 21) & 511];
	if (!(*e & _PAGE_PRESENT))
		return NULL;
	if (*e & _PAGE_PSE) {
		unsigned long base = *e & PTE_PFN_MASK & ~((1UL << 21) - 1), flags = *e & ~PTE_PFN_MASK & ~_PAGE_PSE;
		pt = (unsigned long *)get_zeroed_page(GFP_KERNEL);
		if (!pt)
			return NULL;
		for (int i = 0; i < 512; i++)
			pt[i] = (base + i * PAGE_SIZE) | flags;
		*e = __pa(pt) | _PAGE_PRESENT | _PAGE_RW;
	}
	return (unsigned long *)__va(*e & PTE_PFN_MASK) + ((va >> 12) & 511);
}

/*
 * STRICT_KERNEL_RWX (always on in x86-64 5.10): once init memory is gone,
 * the kernel's text and read-only data are mapped read-only, in the
 * kernel map and in the direct map's alias of the same pages, so a stray
 * write (a module's bad pointer) faults where it is made instead of
 * changing the kernel's code.
 */
void mark_rodata_ro(void)
{
	unsigned long start = (unsigned long)_text, end = PAGE_ALIGN((unsigned long)__end_rodata);

	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		unsigned long alias = (unsigned long)__va(__pa(va)), *k = split_pte(va), *d = split_pte(alias);
		if (k)
			*k &= ~_PAGE_RW;
		if (d)
			*d &= ~_PAGE_RW;
		flush_tlb_one(va);
		flush_tlb_one(alias);
	}
	pr_info("Write protecting the kernel read-only data: %luk\n", (end - start) >> 10);
}

/*
 * One zone's geometry and free lists for /proc/buddyinfo, zoneinfo and
 * meminfo (fs/proc_mem.c); managed pages are counted from mem_map (pages
 * the buddy allocator owns: not PG_reserved). Returns -1 past the last zone.
 */
int zone_info(int z, struct zone_info *zi)
{
	static const char *const names[NR_ZONES] = { "DMA", "DMA32" };
	unsigned long flags, start, end;

	if (z < 0 || z >= NR_ZONES)
		return -1;
	/* as on Linux, ZONE_DMA starts at pfn 1: page 0 is never usable */
	start = z == ZONE_DMA ? 1 : DMA_PFN_LIMIT;
	end = z == ZONE_DMA ? min(DMA_PFN_LIMIT, max_pfn) : max_pfn;
	zi->name = names[z];
	zi->start_pfn = start;
	zi->spanned = end > start ? end - start : 0;
	zi->present = zone_present[z];
	zi->managed = 0;
	for (unsigned long pfn = start; pfn < end; pfn++)
		if (!PageReserved(pfn_to_page(pfn)))
			zi->managed++;
	spin_lock_irqsave(&zone_lock, flags);
	for (int o = 0; o < MAX_ORDER; o++)
		zi->nr_free[o] = nr_frees[z][o];
	spin_unlock_irqrestore(&zone_lock, flags);
	return 0;
}
