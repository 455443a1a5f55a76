/*
 * vmstat.h: the VM event counters of /proc/vmstat (Linux's
 * include/linux/vm_event_item.h and vmstat.h), for a kernel built as this
 * one is: one node (no NUMA, so no numa_* items), no swap, compaction,
 * migration, huge pages or balloon. Counted where the lab's allocators do
 * the thing Linux counts; the reclaim, LRU, swap and I/O events stay 0
 * because this kernel has none of those (mm/vmstat.c prints them all).
 */
#ifndef _LINUX_VMSTAT_H
#define _LINUX_VMSTAT_H
#define FOR_ALL_ZONES(x) x##_DMA, x##_DMA32, x##_NORMAL, x##_MOVABLE
enum vm_event_item {
	PGPGIN, PGPGOUT, PSWPIN, PSWPOUT,
	FOR_ALL_ZONES(PGALLOC),
	FOR_ALL_ZONES(ALLOCSTALL),
	FOR_ALL_ZONES(PGSKIP),
	PGFREE, PGACTIVATE, PGDEACTIVATE, PGLAZYFREE,
	PGFAULT, PGMAJFAULT,
	PGLAZYFREED,
	PGREFILL,
	PGREUSE,
	PGSTEAL_KSWAPD, PGSTEAL_DIRECT,
	PGSCAN_KSWAPD, PGSCAN_DIRECT, PGSCAN_DIRECT_THROTTLE,
	PGSCAN_ANON, PGSCAN_FILE, PGSTEAL_ANON, PGSTEAL_FILE,
	PGINODESTEAL, SLABS_SCANNED, KSWAPD_INODESTEAL,
	KSWAPD_LOW_WMARK_HIT_QUICKLY, KSWAPD_HIGH_WMARK_HIT_QUICKLY,
	PAGEOUTRUN,
	PGROTATED,
	DROP_PAGECACHE, DROP_SLAB,
	OOM_KILL,
	UNEVICTABLE_PGCULLED, UNEVICTABLE_PGSCANNED, UNEVICTABLE_PGRESCUED,
	UNEVICTABLE_PGMLOCKED, UNEVICTABLE_PGMUNLOCKED, UNEVICTABLE_PGCLEARED,
	UNEVICTABLE_PGSTRANDED,
	NR_VM_EVENT_ITEMS
};
/* one CPU: the per-cpu vm_event_states of Linux is one array here */
extern unsigned long vm_event_states[NR_VM_EVENT_ITEMS];
extern const char *const vm_event_text[NR_VM_EVENT_ITEMS];
static inline void count_vm_events(enum vm_event_item item, unsigned long delta)
{
	vm_event_states[item] += delta;
}
static inline void count_vm_event(enum vm_event_item item)
{
	vm_event_states[item]++;
}
/* __count_zid_vm_events(PGALLOC, zid, n): the zone's own counter */
#define __count_zid_vm_events(item, zid, delta) count_vm_events(item##_DMA + (zid), delta)
#endif
