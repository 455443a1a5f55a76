/* mmzone.h: the buddy allocator's zones as /proc reports them (mm/page_alloc.c zone_info). */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H
#define MAX_ORDER 11
#define MAX_NR_ZONES 4		/* DMA, DMA32, Normal, Movable: the slots Linux's x86-64 has */

struct zone_info {
	const char *name;
	unsigned long start_pfn, spanned, present, managed;
	unsigned long nr_free[MAX_ORDER];	/* free blocks of each order */
};
int zone_info(int z, struct zone_info *zi);
#endif
