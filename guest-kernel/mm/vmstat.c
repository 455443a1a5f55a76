/*
 * vmstat.c: the VM event counters and their names as /proc/vmstat prints
 * them (mm/vmstat.c's vmstat_text, the vm_event_item part, for this
 * kernel's configuration: see linux/vmstat.h). fs/proc_mem.c prints the
 * zone, node and writeback items before them.
 */
#include <linux/kernel.h>
#include <linux/vmstat.h>

unsigned long vm_event_states[NR_VM_EVENT_ITEMS];

#define TEXTS_FOR_ZONES(x) x "_dma", x "_dma32", x "_normal", x "_movable",
const char *const vm_event_text[NR_VM_EVENT_ITEMS] = {
	"pgpgin", "pgpgout", "pswpin", "pswpout",
	TEXTS_FOR_ZONES("pgalloc")
	TEXTS_FOR_ZONES("allocstall")
	TEXTS_FOR_ZONES("pgskip")
	"pgfree", "pgactivate", "pgdeactivate", "pglazyfree",
	"pgfault", "pgmajfault", "pglazyfreed",
	"pgrefill", "pgreuse",
	"pgsteal_kswapd", "pgsteal_direct",
	"pgscan_kswapd", "pgscan_direct", "pgscan_direct_throttle",
	"pgscan_anon", "pgscan_file", "pgsteal_anon", "pgsteal_file",
	"pginodesteal", "slabs_scanned", "kswapd_inodesteal",
	"kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly",
	"pageoutrun", "pgrotated",
	"drop_pagecache", "drop_slab", "oom_kill",
	"unevictable_pgs_culled", "unevictable_pgs_scanned", "unevictable_pgs_rescued",
	"unevictable_pgs_mlocked", "unevictable_pgs_munlocked", "unevictable_pgs_cleared",
	"unevictable_pgs_stranded",
};
