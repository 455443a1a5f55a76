/*
 * proc_mem.c: memory in /proc as Linux 5.10 prints it: meminfo,
 * vmallocinfo, buddyinfo, zoneinfo and vmstat.
 *
 * Every figure is read from the allocators when the file is opened: free
 * lists and zone sizes from the buddy allocator (zone_info), slab pages
 * from the PG_slab flags in mem_map, kernel stacks from the task list,
 * page tables and RSS by walking each address space, Committed_AS and
 * CommitLimit from mm/util.c's commit accounting,
 * vmalloc areas from vmap_area_list, the direct map from the kernel page
 * tables. What this kernel does not have is zero: no page cache, LRU
 * lists, swap, huge pages, CMA or NUMA (their lines are printed as a
 * 5.10 kernel without the feature prints them, or left out where Linux
 * leaves them out: no THP, CMA, HugePages or Percpu chunk lines beyond
 * what CONFIG_* here implies).
 *
 * Watermarks are what Linux's __setup_per_zone_wmarks computes from
 * min_free_kbytes (int_sqrt(lowmem_kbytes * 16)) with
 * watermark_scale_factor 10, and lowmem_reserve from the 256 ratios; the
 * allocator here has no reclaim, so they are reported, not acted on.
 *
 * Locking: the walks run in the reader's process context on one CPU with
 * no preemption, so the task list and address spaces do not change under
 * them; the free counts are copied under zone_lock by zone_info.
 */
#define pr_fmt(fmt) "proc: " fmt
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mmzone.h>
#include <linux/vmstat.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include <linux/vmalloc.h>

#define NR_ZONES_HERE 2
#define K(pages) ((pages) << (PAGE_SHIFT - 10))
#define WATERMARK_SCALE_FACTOR 10
#define LOWMEM_RESERVE_RATIO 256

struct mem_walk {
	unsigned long slab, kernel_stack_kb, page_tables, anon;
	unsigned long direct_4k, direct_2m, direct_1g;
};

struct zone_wmarks {
	struct zone_info zi;
	unsigned long free, min, low, high;
	long lowmem_reserve[MAX_NR_ZONES];
};

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0;
	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

/* Zones with their free pages and the watermarks Linux would give them. */
static int read_zones(struct zone_wmarks *zw)
{
	unsigned long total = 0, min_free_kbytes, pages_min;
	int n = 0;

	while (n < NR_ZONES_HERE && zone_info(n, &zw[n].zi) == 0) {
		zw[n].free = 0;
		for (int o = 0; o < MAX_ORDER; o++)
			zw[n].free += zw[n].zi.nr_free[o] << o;
		total += zw[n].zi.managed;
		n++;
	}
	min_free_kbytes = int_sqrt(K(total) * 16);
	min_free_kbytes = clamp(min_free_kbytes, 128UL, 262144UL);
	pages_min = min_free_kbytes >> (PAGE_SHIFT - 10);
	for (int z = 0; z < n; z++) {
		unsigned long managed = zw[z].zi.managed, tmp;
		zw[z].min = total ? pages_min * managed / total : 0;
		tmp = max(zw[z].min / 4, managed * WATERMARK_SCALE_FACTOR / 10000);
		zw[z].low = zw[z].min + tmp;
		zw[z].high = zw[z].min + 2 * tmp;
		/* protection against allocations that could have used a higher zone */
		for (int j = 0; j < MAX_NR_ZONES; j++) {
			unsigned long above = 0;
			for (int k = z + 1; k <= j && k < n; k++)
				above += zw[k].zi.managed;
			zw[z].lowmem_reserve[j] = j > z ? above / LOWMEM_RESERVE_RATIO : 0;
		}
	}
	return n;
}

/* Table pages (PUD, PMD, PTE levels) under the user half of a PML4. */
static unsigned long count_tables(unsigned long *table, int level)
{
	unsigned long n = 0;
	for (int i = 0; i < (level == 4 ? 256 : 512); i++) {
		unsigned long e = table[i];
		if (!(e & _PAGE_PRESENT) || (level > 1 && (e & _PAGE_PSE)))
			continue;
		if (level > 1)
			n += 1 + count_tables(__va(e & PTE_PFN_MASK), level - 1);
	}
	return level == 1 ? 0 : n;
}

static void walk_mm(struct mm_struct *mm, struct mem_walk *w)
{
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
			unsigned long *pte = lookup_pte(mm->pgd, a, false);
			if (pte && (*pte & _PAGE_PRESENT))
				w->anon++;
		}
	}
	w->page_tables += count_tables(mm->pgd, 4);
}

/* Leaf mappings of the direct map (PML4 slot of PAGE_OFFSET) by size. */
static void walk_direct_map(struct mem_walk *w)
{
	unsigned long e4 = swapper_pg_dir[(PAGE_OFFSET >> 39) & 511], *pud;
	if (!(e4 & _PAGE_PRESENT))
		return;
	pud = __va(e4 & PTE_PFN_MASK);
	for (int i = 0; i < 512; i++) {
		unsigned long *pmd;
		if (!(pud[i] & _PAGE_PRESENT))
			continue;
		if (pud[i] & _PAGE_PSE) {
			w->direct_1g++;
			continue;
		}
		pmd = __va(pud[i] & PTE_PFN_MASK);
		for (int j = 0; j < 512; j++) {
			unsigned long *pt;
			if (!(pmd[j] & _PAGE_PRESENT))
				continue;
			if (pmd[j] & _PAGE_PSE) {
				w->direct_2m++;
				continue;
			}
			pt = __va(pmd[j] & PTE_PFN_MASK);
			for (int k = 0; k < 512; k++)
				if (pt[k] & _PAGE_PRESENT)
					w->direct_4k++;
		}
	}
}

static void mem_walk(struct mem_walk *w)
{
	struct mm_struct *seen[64];
	struct task_struct *t;
	int nseen = 0;

	memset(w, 0, sizeof(*w));
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++)
		if (PageSlab(pfn_to_page(pfn)))
			w->slab++;
	for_each_process(t) {
		int dup = 0;
		if (t->pid)
			w->kernel_stack_kb += THREAD_SIZE / 1024;
		if (!t->mm || t->mm == &init_mm)
			continue;
		for (int i = 0; i < nseen; i++)
			dup |= seen[i] == t->mm;
		if (dup)
			continue;
		if (nseen < (int)ARRAY_SIZE(seen))
			seen[nseen++] = t->mm;
		walk_mm(t->mm, w);
	}
	walk_direct_map(w);
}

static void show_val_kb(struct seq_file *m, const char *s, unsigned long pages)
{
	seq_printf(m, "%s%8lu kB\n", s, K(pages));
}

/* fs/proc/meminfo.c meminfo_proc_show, 5.10's lines in its order. */
static int meminfo_show(struct seq_file *m, void *v)
{
	struct zone_wmarks zw[NR_ZONES_HERE];
	struct mem_walk w;
	unsigned long total = totalram_pages(), free = nr_free_pages(), reserve = 0, wmark_low = 0;
	long available;
	int n = read_zones(zw);

	mem_walk(&w);
	for (int z = 0; z < n; z++) {
		long max = 0;
		for (int j = 0; j < MAX_NR_ZONES; j++)
			max = max(max, zw[z].lowmem_reserve[j]);
		reserve += max + zw[z].high;
		wmark_low += zw[z].low;
	}
	/* si_mem_available: free above the reserves; no page cache or reclaimable slab here */
	available = (long)free - (long)reserve;
	if (available < 0)
		available = 0;

	show_val_kb(m, "MemTotal:       ", total);
	show_val_kb(m, "MemFree:        ", free);
	show_val_kb(m, "MemAvailable:   ", available);
	show_val_kb(m, "Buffers:        ", 0);
	show_val_kb(m, "Cached:         ", 0);
	show_val_kb(m, "SwapCached:     ", 0);
	show_val_kb(m, "Active:         ", 0);
	show_val_kb(m, "Inactive:       ", 0);
	show_val_kb(m, "Active(anon):   ", 0);
	show_val_kb(m, "Inactive(anon): ", 0);
	show_val_kb(m, "Active(file):   ", 0);
	show_val_kb(m, "Inactive(file): ", 0);
	show_val_kb(m, "Unevictable:    ", 0);
	show_val_kb(m, "Mlocked:        ", 0);
	show_val_kb(m, "SwapTotal:      ", 0);
	show_val_kb(m, "SwapFree:       ", 0);
	show_val_kb(m, "Dirty:          ", 0);
	show_val_kb(m, "Writeback:      ", 0);
	show_val_kb(m, "AnonPages:      ", w.anon);
	show_val_kb(m, "Mapped:         ", 0);
	show_val_kb(m, "Shmem:          ", 0);
	show_val_kb(m, "KReclaimable:   ", 0);
	show_val_kb(m, "Slab:           ", w.slab);
	show_val_kb(m, "SReclaimable:   ", 0);
	show_val_kb(m, "SUnreclaim:     ", w.slab);
	seq_printf(m, "KernelStack:    %8lu kB\n", w.kernel_stack_kb);
	show_val_kb(m, "PageTables:     ", w.page_tables);
	show_val_kb(m, "NFS_Unstable:   ", 0);
	show_val_kb(m, "Bounce:         ", 0);
	show_val_kb(m, "WritebackTmp:   ", 0);
	show_val_kb(m, "CommitLimit:    ", vm_commit_limit());
	show_val_kb(m, "Committed_AS:   ", max(vm_committed_as, 0L));
	seq_printf(m, "VmallocTotal:   %8lu kB\n", (VMALLOC_END - VMALLOC_START) >> 10);
	show_val_kb(m, "VmallocUsed:    ", vmalloc_nr_pages());
	show_val_kb(m, "VmallocChunk:   ", 0);
	show_val_kb(m, "Percpu:         ", 0);
	seq_printf(m, "DirectMap4k:    %8lu kB\n", w.direct_4k * 4);
	seq_printf(m, "DirectMap2M:    %8lu kB\n", w.direct_2m * 2048);
	if (w.direct_1g)
		seq_printf(m, "DirectMap1G:    %8lu kB\n", w.direct_1g << 20);
	return 0;
}

/* mm/vmalloc.c s_show: one line per area; %pK as kptr_restrict says. */
static void vmallocinfo_area(void *ctx, const struct vm_struct *v)
{
	struct seq_file *m = ctx;
	seq_printf(m, "0x%pK-0x%pK %7ld", v->addr, v->addr + v->size, v->size);
	if (v->caller)
		seq_printf(m, " %pS", v->caller);
	if (v->nr_pages)
		seq_printf(m, " pages=%d", v->nr_pages);
	if (v->phys_addr)
		seq_printf(m, " phys=%pa", &v->phys_addr);
	if (v->flags & VM_IOREMAP)
		seq_puts(m, " ioremap");
	if (v->flags & VM_ALLOC)
		seq_puts(m, " vmalloc");
	if (v->flags & VM_MAP)
		seq_puts(m, " vmap");
	if (is_vmalloc_addr(v->pages))
		seq_puts(m, " vpages");
	seq_putc(m, '\n');
}

static int vmallocinfo_show(struct seq_file *m, void *v)
{
	vmalloc_for_each_area(vmallocinfo_area, m);
	return 0;
}

/* mm/vmstat.c frag_show_print */
static int buddyinfo_show(struct seq_file *m, void *v)
{
	struct zone_info zi;
	for (int z = 0; zone_info(z, &zi) == 0; z++) {
		seq_printf(m, "Node 0, zone %8s ", zi.name);
		for (int o = 0; o < MAX_ORDER; o++)
			seq_printf(m, "%6lu ", zi.nr_free[o]);
		seq_putc(m, '\n');
	}
	return 0;
}

struct stat_item {
	const char *name;
	unsigned long value;
};

/* 5.10's zone stat items for one zone (vmstat_text order). */
static int zone_items(struct stat_item *it, unsigned long free, unsigned long page_tables)
{
	static const char *const names[] = {
		"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file",
		"nr_zone_active_file", "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock",
		"nr_page_table_pages", "nr_bounce", "nr_free_cma",
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		it[i].name = names[i];
		it[i].value = 0;
	}
	it[0].value = free;
	it[8].value = page_tables;
	return ARRAY_SIZE(names);
}

/* 5.10's node stat items (vmstat_text order). */
static int node_items(struct stat_item *it, const struct mem_walk *w)
{
	static const char *const names[] = {
		"nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file", "nr_unevictable",
		"nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file",
		"workingset_nodes", "workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon",
		"workingset_activate_file", "workingset_restore_anon", "workingset_restore_file", "workingset_nodereclaim",
		"nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback", "nr_writeback_temp",
		"nr_shmem", "nr_shmem_hugepages", "nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped",
		"nr_anon_transparent_hugepages", "nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied",
		"nr_written", "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired", "nr_foll_pin_released",
		"nr_kernel_stack",
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		it[i].name = names[i];
		it[i].value = 0;
	}
	it[6].value = w->slab;
	it[17].value = w->anon;
	it[36].value = w->kernel_stack_kb;
	return ARRAY_SIZE(names);
}

/* mm/vmstat.c zoneinfo_show_print, for each zone of node 0 */
static int zoneinfo_show(struct seq_file *m, void *v)
{
	static const char *const all_zones[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };
	struct zone_wmarks zw[NR_ZONES_HERE];
	struct stat_item items[48];
	struct mem_walk w;
	int n = read_zones(zw), k;

	mem_walk(&w);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		bool populated = z < n && zw[z].zi.present;
		seq_printf(m, "Node 0, zone %8s", all_zones[z]);
		if (z == 0) {
			seq_puts(m, "\n  per-node stats");
			k = node_items(items, &w);
			for (int i = 0; i < k; i++)
				seq_printf(m, "\n      %-12s %lu", items[i].name, items[i].value);
		}
		seq_printf(m, "\n  pages free     %lu\n        min      %lu\n        low      %lu\n        high     %lu"
			   "\n        spanned  %lu\n        present  %lu\n        managed  %lu",
			   z < n ? zw[z].free : 0, z < n ? zw[z].min : 0, z < n ? zw[z].low : 0, z < n ? zw[z].high : 0,
			   z < n ? zw[z].zi.spanned : 0, z < n ? zw[z].zi.present : 0, z < n ? zw[z].zi.managed : 0);
		seq_printf(m, "\n        protection: (%ld", z < n ? zw[z].lowmem_reserve[0] : 0L);
		for (int j = 1; j < MAX_NR_ZONES; j++)
			seq_printf(m, ", %ld", z < n ? zw[z].lowmem_reserve[j] : 0L);
		seq_putc(m, ')');
		if (!populated) {
			seq_putc(m, '\n');
			continue;
		}
		/* page tables live in DMA32 here, where every ordinary allocation comes from */
		k = zone_items(items, zw[z].free, z == n - 1 ? w.page_tables : 0);
		for (int i = 0; i < k; i++)
			seq_printf(m, "\n      %-12s %lu", items[i].name, items[i].value);
		seq_printf(m, "\n  pagesets\n    cpu: 0\n              count: 0\n              high:  0\n              batch: 1");
		seq_printf(m, "\n  vm stats threshold: 0\n  node_unreclaimable:  0\n  start_pfn:           %lu\n",
			   zw[z].zi.start_pfn);
	}
	return 0;
}

/* mm/vmstat.c vmstat_show: the zone and node items, then the dirty thresholds. */
static int vmstat_show(struct seq_file *m, void *v)
{
	struct zone_wmarks zw[NR_ZONES_HERE];
	struct stat_item items[48];
	struct mem_walk w;
	unsigned long free = 0, reserve = 0, dirtyable, events[NR_VM_EVENT_ITEMS];
	int n = read_zones(zw), k;

	/* vmstat_start: one snapshot, so the free pages and the counters agree */
	memcpy(events, vm_event_states, sizeof(events));
	mem_walk(&w);
	for (int z = 0; z < n; z++) {
		free += zw[z].free;
		reserve += zw[z].high;
	}
	k = zone_items(items, free, w.page_tables);
	for (int i = 0; i < k; i++)
		seq_printf(m, "%s %lu\n", items[i].name, items[i].value);
	k = node_items(items, &w);
	for (int i = 0; i < k; i++)
		seq_printf(m, "%s %lu\n", items[i].name, items[i].value);
	/* global_dirty_limits: dirty_ratio 20, dirty_background_ratio 10 of the dirtyable memory */
	dirtyable = free > reserve ? free - reserve : 0;
	seq_printf(m, "nr_dirty_threshold %lu\nnr_dirty_background_threshold %lu\n", dirtyable * 20 / 100,
		   dirtyable * 10 / 100);
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		seq_printf(m, "%s %lu\n", vm_event_text[i], events[i]);
	seq_puts(m, "nr_unstable 0\n");	/* deprecated, kept for userspace as Linux does */
	return 0;
}

static int __init proc_mem_init(void)
{
	proc_create_single("meminfo", 0444, NULL, meminfo_show);
	proc_create_single("vmallocinfo", 0400, NULL, vmallocinfo_show);
	proc_create_single("buddyinfo", 0444, NULL, buddyinfo_show);
	proc_create_single("zoneinfo", 0444, NULL, zoneinfo_show);
	proc_create_single("vmstat", 0444, NULL, vmstat_show);
	return 0;
}
device_initcall(proc_mem_init);
