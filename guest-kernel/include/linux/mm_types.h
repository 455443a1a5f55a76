/* mm_types.h: struct page (64 bytes, as on x86-64 Linux) and address spaces. */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H
#include <linux/types.h>
#include <linux/list.h>
struct kmem_cache;
struct page {
	unsigned long flags;
	union {
		struct list_head lru;		/* buddy free list, or slab partial list */
		struct { struct page *next; int pages, pobjects; };
	};
	union {
		struct kmem_cache *slab_cache;	/* slab page */
		void *mapping;
	};
	union {
		void *freelist;			/* first free object (slab) */
		unsigned long index;
	};
	union {
		unsigned long counters;		/* slab page */
		struct { unsigned inuse:16; unsigned objects:15; unsigned frozen:1; };
		unsigned long private;		/* buddy or kmalloc'ed block: its order */
	};
	atomic_t _mapcount;			/* -1: mapped nowhere (page_mapcount is _mapcount + 1) */
	atomic_t _refcount;
	unsigned long memcg_data;		/* no memory cgroups here: 0, as Linux's uncharged pages */
};
struct vm_area_struct {
	unsigned long vm_start, vm_end, vm_flags;
	struct vm_area_struct *vm_next;
	struct mm_struct *vm_mm;
};
struct mm_struct {
	unsigned long *pgd;			/* kernel virtual address of the PML4 */
	struct vm_area_struct *mmap;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack, mmap_base;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long total_vm;
	atomic_t mm_users;
	int map_count;				/* VMAs (at most MAX_MAP_COUNT) */
	unsigned long anon_rss;			/* present user pages (MM_ANONPAGES) */
};
extern struct mm_struct init_mm;
#endif
