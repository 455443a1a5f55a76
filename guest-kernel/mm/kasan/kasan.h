/*
 * mm/kasan/kasan.h: what the KASAN files share. Not for the rest of the
 * kernel (include/linux/kasan.h is its interface).
 *
 * Shadow values (5.10's): 0 and 1..7 addressable bytes of a granule,
 * then why a granule is not addressable.
 */
#ifndef _MM_KASAN_KASAN_H
#define _MM_KASAN_KASAN_H
#include <linux/kernel.h>
#include <linux/kasan.h>
#include <linux/slab.h>
#include <linux/mm.h>

#ifndef round_up
#define round_up(x, y)		((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define round_down(x, y)	((x) & ~((__typeof__(x))((y) - 1)))
#endif
#ifndef __alias
#define __alias(symbol)		__attribute__((__alias__(#symbol)))
#endif
#define KASAN_SHADOW_SCALE_SIZE	(1UL << KASAN_SHADOW_SCALE_SHIFT)
#define KASAN_SHADOW_MASK	(KASAN_SHADOW_SCALE_SIZE - 1)

#define KASAN_FREE_PAGE		0xFF	/* a page in the buddy allocator */
#define KASAN_PAGE_REDZONE	0xFE	/* the tail of a kmalloc_large's pages */
#define KASAN_KMALLOC_REDZONE	0xFC	/* slab red zones, metadata, the tail of a kmalloc */
#define KASAN_KMALLOC_FREE	0xFB	/* a freed slab object */
#define KASAN_KMALLOC_FREETRACK	0xFA	/* its first granule once the free track is saved */
#define KASAN_GLOBAL_REDZONE	0xF9	/* after a global (gcc's descriptors) */
#define KASAN_VMALLOC_INVALID	0xF8	/* unallocated space in a vmapped page (CONFIG_KASAN_VMALLOC) */
/* stack red zones: gcc writes these itself (asan-stack) */
#define KASAN_STACK_LEFT	0xF1
#define KASAN_STACK_MID		0xF2
#define KASAN_STACK_RIGHT	0xF3
#define KASAN_STACK_PARTIAL	0xF4
#define KASAN_ALLOCA_LEFT	0xCA
#define KASAN_ALLOCA_RIGHT	0xCB
#define KASAN_ALLOCA_REDZONE_SIZE 32
/* the first word of an instrumented frame (gcc's asan frame magic) */
#define KASAN_CURRENT_STACK_FRAME_MAGIC 0x41B58AB3

#define KASAN_STACK_DEPTH	64

/* A saved stack: an index into the stack depot (0 = none). */
typedef u32 depot_stack_handle_t;

struct kasan_track {
	u32 pid;
	depot_stack_handle_t stack;
};

/* In every slot, at alloc_meta_offset: 16 bytes, as 5.10's generic mode. */
struct kasan_alloc_meta {
	struct kasan_track alloc_track;
	depot_stack_handle_t aux_stack[2];	/* call_rcu()'s last two stacks (kasan_record_aux_stack) */
};

struct qlist_node {
	struct qlist_node *next;
};

/* In the freed object (or at free_meta_offset): the quarantine link and the free track. */
struct kasan_free_meta {
	struct qlist_node quarantine_link;
	struct kasan_track free_track;
};

/* gcc's descriptor of an instrumented global (struct __asan_global, version 8). */
struct kasan_source_location {
	const char *filename;
	int line_no;
	int column_no;
};

struct kasan_global {
	const void *beg;		/* the global's address */
	size_t size;			/* its size */
	size_t size_with_redzone;	/* with the red zone after it */
	const void *name;
	const void *module_name;
	unsigned long has_dynamic_init;
	struct kasan_source_location *location;
	char *odr_indicator;
};

static inline void *kasan_shadow_to_mem(const void *shadow)
{
	return (void *)(((unsigned long)shadow - KASAN_SHADOW_OFFSET) << KASAN_SHADOW_SCALE_SHIFT);
}

static inline bool addr_has_shadow(const void *addr)
{
	return (unsigned long)addr >= (unsigned long)kasan_shadow_to_mem((void *)KASAN_SHADOW_START);
}

/* The object the address falls in (its slot's object pointer). */
static inline void *nearest_obj(struct kmem_cache *cache, struct page *page, const void *x)
{
	void *base = page_address(page);
	unsigned long idx = ((unsigned long)x - (unsigned long)base) / cache->size;
	if (idx >= page->objects)
		idx = page->objects - 1;
	return (char *)base + idx * cache->size + cache->red_left_pad;
}

static inline struct kasan_alloc_meta *get_alloc_info(struct kmem_cache *cache, const void *object)
{
	return (void *)((char *)object + cache->kasan_info.alloc_meta_offset);
}

static inline struct kasan_free_meta *get_free_info(struct kmem_cache *cache, const void *object)
{
	return (void *)((char *)object + cache->kasan_info.free_meta_offset);
}

extern bool kasan_enabled;
struct page *kasan_addr_to_page(const void *addr);
depot_stack_handle_t kasan_save_stack(gfp_t flags);
unsigned int stack_depot_fetch(depot_stack_handle_t handle, unsigned long **entries);
void kasan_set_track(struct kasan_track *track, gfp_t flags);
void kasan_set_free_info(struct kmem_cache *cache, void *object);
struct kasan_track *kasan_get_free_track(struct kmem_cache *cache, void *object);
void *find_first_bad_addr(void *addr, size_t size);
const char *get_bug_type(void *access_addr, void *first_bad_addr);
bool kasan_report(unsigned long addr, size_t size, bool is_write, unsigned long ip);
void kasan_report_invalid_free(void *object, unsigned long ip);
void quarantine_put(struct kasan_free_meta *info, struct kmem_cache *cache);
void quarantine_reduce(void);
void quarantine_remove_cache(struct kmem_cache *cache);
/* mm/slub.c: frees an object that left the quarantine (no KASAN hook) */
void kasan_slab_free_final(struct kmem_cache *cache, void *object);
#endif
