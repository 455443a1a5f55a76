/*
 * mm/kasan/common.c: poisoning the shadow for the page allocator and
 * SLUB, the object layout KASAN asks of SLUB, the alloc and free tracks
 * and the stack depot they point into.
 *
 * Pages: kasan_free_pages poisons a freed block KASAN_FREE_PAGE, so any
 * access to memory in the buddy allocator is a use-after-free;
 * kasan_alloc_pages makes a block accessible again.
 *
 * Slabs (5.10's hooks, called from mm/slub.c): a new slab is poisoned
 * KASAN_KMALLOC_REDZONE whole; an allocated object is made accessible
 * for the size asked for (kmalloc(30) in kmalloc-32: 3 granules and a
 * shadow byte of 6, then fc), a freed object is poisoned
 * KASAN_KMALLOC_FREE and goes into the quarantine (quarantine.c) instead
 * of back to SLUB, with its free track in its first 16 bytes (its first
 * shadow byte becomes KASAN_KMALLOC_FREETRACK). Freeing a pointer that
 * is not an object's start, or an object whose first shadow byte is not
 * addressable (already freed), is reported as "double-free or
 * invalid-free" and the free does not happen.
 *
 * Slot layout (kasan_cache_create, called from calculate_sizes after
 * SLUB's own debug metadata): struct kasan_alloc_meta (alloc track) at
 * alloc_meta_offset; struct kasan_free_meta in the freed object itself
 * unless the cache has a constructor, is SLAB_TYPESAFE_BY_RCU or its
 * objects are smaller than the meta; then at least the object's
 * optimal_redzone() of red zone.
 *
 * Stack depot: saved stacks are kept once each in a pool of pages
 * (hash chains, never freed, as Linux's stackdepot); a track holds a
 * 32-bit handle. When the pool is full a track gets handle 0 and its
 * report says "(stack is not available)".
 *
 * Locking: the shadow of an object is only written by its allocator's
 * hooks; the depot and the quarantine take depot_lock / quarantine_lock
 * with interrupts off (kmalloc and kfree are legal in IRQs).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stacktrace.h>
#include <linux/export.h>
#include "kasan.h"

void *__memset(void *s, int c, size_t n);

void kasan_disable_current(void)
{
	current->kasan_depth++;
}
EXPORT_SYMBOL(kasan_disable_current);

void kasan_enable_current(void)
{
	current->kasan_depth--;
}
EXPORT_SYMBOL(kasan_enable_current);

void kasan_poison_shadow(const void *address, size_t size, u8 value)
{
	void *start = kasan_mem_to_shadow(address);
	void *end = kasan_mem_to_shadow((const char *)address + size);

	__memset(start, value, end - start);
}

void kasan_unpoison_shadow(const void *address, size_t size)
{
	kasan_poison_shadow(address, size, 0);
	if (size & KASAN_SHADOW_MASK)
		*(u8 *)kasan_mem_to_shadow((const char *)address + size) = size & KASAN_SHADOW_MASK;
}

/* The part of the current stack below watermark, as fresh (its frames are gone). */
void kasan_unpoison_task_stack_below(const void *watermark)
{
	void *base = (void *)((unsigned long)watermark & ~(THREAD_SIZE - 1));

	kasan_unpoison_shadow(base, (const char *)watermark - (const char *)base);
}

void kasan_alloc_pages(struct page *page, unsigned int order)
{
	kasan_unpoison_shadow(page_address(page), PAGE_SIZE << order);
}

void kasan_free_pages(struct page *page, unsigned int order)
{
	kasan_poison_shadow(page_address(page), PAGE_SIZE << order, KASAN_FREE_PAGE);
}

/*
 * The direct-map struct page of a kernel address, if it has one; in a
 * compound page (a slab of several pages, kmalloc_large) its head (the
 * one with PG_slab, the freelist and the counters), as virt_to_head_page.
 */
struct page *kasan_addr_to_page(const void *addr)
{
	unsigned long a = (unsigned long)addr;
	struct page *page;

	if (a < PAGE_OFFSET || a >= PAGE_OFFSET + (max_pfn << PAGE_SHIFT))
		return NULL;
	page = virt_to_head_page(addr);
	return page;
}

/* The adaptive red zone of the user-space AddressSanitizer runtime: bigger objects, bigger red zones. */
static unsigned int optimal_redzone(unsigned int object_size)
{
	return object_size <= 64 - 16 ? 16 :
	       object_size <= 128 - 32 ? 32 :
	       object_size <= 512 - 64 ? 64 :
	       object_size <= 4096 - 128 ? 128 :
	       object_size <= (1 << 14) - 256 ? 256 :
	       object_size <= (1 << 15) - 512 ? 512 :
	       object_size <= (1 << 16) - 1024 ? 1024 : 2048;
}

void kasan_cache_create(struct kmem_cache *cache, unsigned int *size, unsigned int *flags)
{
	unsigned int orig_size = *size;
	int redzone_size, redzone_adjust;

	cache->kasan_info.alloc_meta_offset = *size;
	*size += sizeof(struct kasan_alloc_meta);
	cache->kasan_info.free_meta_offset = 0;
	if ((cache->flags & SLAB_TYPESAFE_BY_RCU) || cache->ctor ||
	    cache->object_size < sizeof(struct kasan_free_meta)) {
		cache->kasan_info.free_meta_offset = *size;
		*size += sizeof(struct kasan_free_meta);
	}
	redzone_size = optimal_redzone(cache->object_size);
	redzone_adjust = redzone_size - (int)(*size - cache->object_size);
	if (redzone_adjust > 0)
		*size += redzone_adjust;
	*size = min_t(unsigned int, KMALLOC_MAX_SIZE, max(*size, cache->object_size + redzone_size));
	/* metadata that does not fit: no KASAN for this cache */
	if (*size <= (unsigned int)cache->kasan_info.alloc_meta_offset ||
	    *size <= (unsigned int)cache->kasan_info.free_meta_offset) {
		cache->kasan_info.alloc_meta_offset = 0;
		cache->kasan_info.free_meta_offset = 0;
		*size = orig_size;
		return;
	}
	*flags |= SLAB_KASAN;
}

size_t kasan_metadata_size(struct kmem_cache *cache)
{
	if (!(cache->flags & SLAB_KASAN))
		return 0;
	return sizeof(struct kasan_alloc_meta) +
	       (cache->kasan_info.free_meta_offset ? sizeof(struct kasan_free_meta) : 0);
}

void kasan_poison_slab(struct page *page)
{
	kasan_poison_shadow(page_address(page), PAGE_SIZE << page->slab_cache->order, KASAN_KMALLOC_REDZONE);
}

void kasan_unpoison_object_data(struct kmem_cache *cache, void *object)
{
	kasan_unpoison_shadow(object, cache->object_size);
}

void kasan_poison_object_data(struct kmem_cache *cache, void *object)
{
	kasan_poison_shadow(object, round_up(cache->object_size, KASAN_SHADOW_SCALE_SIZE), KASAN_KMALLOC_REDZONE);
}

void kasan_init_slab_obj(struct kmem_cache *cache, const void *object)
{
	if (cache->flags & SLAB_KASAN)
		__memset(get_alloc_info(cache, object), 0, sizeof(struct kasan_alloc_meta));
}

/********************************************************************
 * Stack depot
 *******************************************************************/

#define DEPOT_POOL_PAGES	256	/* 1 MiB of saved stacks */
#define DEPOT_HASH_SIZE		4096

struct stack_record {
	u32 next;			/* handle of the next record in the hash chain */
	u32 hash;
	u32 size;			/* frames */
	u32 pad;
	unsigned long entries[];
};

static char *depot_pool;		/* DEPOT_POOL_PAGES pages, allocated on first use */
static unsigned long depot_used;	/* bytes of depot_pool in use (depot_lock) */
static u32 depot_hash[DEPOT_HASH_SIZE];	/* handle of each chain's first record */
static DEFINE_SPINLOCK(depot_lock);

static u32 hash_stack(const unsigned long *entries, unsigned int n)
{
	u32 h = 0x9747b28c;
	for (unsigned int i = 0; i < n; i++) {
		h ^= (u32)entries[i] ^ (u32)(entries[i] >> 32);
		h *= 0x01000193;
	}
	return h;
}

/* A handle is the record's offset in the pool divided by 8, plus one (0 = none). */
static struct stack_record *depot_record(u32 handle)
{
	return (struct stack_record *)(depot_pool + (unsigned long)(handle - 1) * 8);
}

static depot_stack_handle_t stack_depot_save(unsigned long *entries, unsigned int n, gfp_t flags)
{
	u32 h = hash_stack(entries, n), handle;
	struct stack_record *r;
	unsigned long irqflags;
	size_t need = sizeof(*r) + n * sizeof(unsigned long);

	spin_lock_irqsave(&depot_lock, irqflags);
	for (handle = depot_hash[h % DEPOT_HASH_SIZE]; handle; handle = r->next) {
		r = depot_record(handle);
		if (r->hash == h && r->size == n && !memcmp(r->entries, entries, n * sizeof(unsigned long)))
			goto out;
	}
	handle = 0;
	if (!depot_pool) {
		/* outside the lock would be nicer; an order-8 block is there at boot */
		spin_unlock_irqrestore(&depot_lock, irqflags);
		char *p = (char *)__get_free_pages(GFP_ATOMIC | __GFP_NOWARN, 8);
		spin_lock_irqsave(&depot_lock, irqflags);
		if (!depot_pool)
			depot_pool = p;
		else if (p)
			free_pages((unsigned long)p, 8);
		if (!depot_pool)
			goto out;
	}
	if (depot_used + need > DEPOT_POOL_PAGES * PAGE_SIZE)
		goto out;
	r = (struct stack_record *)(depot_pool + depot_used);
	handle = depot_used / 8 + 1;
	depot_used += ALIGN(need, 8);
	r->hash = h;
	r->size = n;
	__builtin_memcpy(r->entries, entries, n * sizeof(unsigned long));
	r->next = depot_hash[h % DEPOT_HASH_SIZE];
	depot_hash[h % DEPOT_HASH_SIZE] = handle;
out:
	spin_unlock_irqrestore(&depot_lock, irqflags);
	return handle;
}

unsigned int stack_depot_fetch(depot_stack_handle_t handle, unsigned long **entries)
{
	struct stack_record *r;

	if (!handle || !depot_pool)
		return 0;
	r = depot_record(handle);
	*entries = r->entries;
	return r->size;
}

/* stack_trace_save starts at its caller's return address: called from here, the trace starts in kasan_save_stack, as Linux's */
static noinline unsigned int save_trace(unsigned long *entries, unsigned int size)
{
	return stack_trace_save(entries, size, 0);
}

noinline depot_stack_handle_t kasan_save_stack(gfp_t flags)
{
	unsigned long entries[KASAN_STACK_DEPTH];
	unsigned int n = save_trace(entries, KASAN_STACK_DEPTH);

	n = filter_irq_stacks(entries, n);
	return stack_depot_save(entries, n, flags);
}

void kasan_set_track(struct kasan_track *track, gfp_t flags)
{
	track->pid = current->pid;
	track->stack = kasan_save_stack(flags);
}

struct kasan_track *kasan_get_free_track(struct kmem_cache *cache, void *object)
{
	if (*(u8 *)kasan_mem_to_shadow(object) != KASAN_KMALLOC_FREETRACK)
		return NULL;
	return &get_free_info(cache, object)->free_track;
}

/********************************************************************
 * Slab hooks
 *******************************************************************/

static bool shadow_invalid(s8 shadow_byte)
{
	return shadow_byte < 0 || shadow_byte >= (s8)KASAN_SHADOW_SCALE_SIZE;
}

/*
 * True when the object must not go back to SLUB (quarantined, or a bad
 * free). Out of line, as 5.10's (which kasan_poison_kfree calls too):
 * the free track's stack shows it under kasan_slab_free.
 */
static noinline bool __kasan_slab_free(struct kmem_cache *cache, void *object, unsigned long ip)
{
	struct page *page = kasan_addr_to_page(object);

	if (nearest_obj(cache, page, object) != object) {
		kasan_report_invalid_free(object, ip);
		return true;
	}
	/* RCU slabs could be legally used after free within the RCU period */
	if (cache->flags & SLAB_TYPESAFE_BY_RCU)
		return false;
	if (shadow_invalid(*(s8 *)kasan_mem_to_shadow(object))) {
		kasan_report_invalid_free(object, ip);
		return true;
	}
	kasan_poison_shadow(object, round_up(cache->object_size, KASAN_SHADOW_SCALE_SIZE), KASAN_KMALLOC_FREE);
	if (!(cache->flags & SLAB_KASAN))
		return false;
	kasan_set_free_info(cache, object);
	quarantine_put(get_free_info(cache, object), cache);
	return true;
}

bool kasan_slab_free(struct kmem_cache *cache, void *object, unsigned long ip)
{
	return __kasan_slab_free(cache, object, ip);
}

noinline void __kasan_kmalloc(struct kmem_cache *cache, const void *object, size_t size, gfp_t flags)
{
	unsigned long redzone_start, redzone_end;

	if (gfpflags_allow_blocking(flags))
		quarantine_reduce();
	if (!object)
		return;
	redzone_start = round_up((unsigned long)object + size, KASAN_SHADOW_SCALE_SIZE);
	redzone_end = round_up((unsigned long)object + cache->object_size, KASAN_SHADOW_SCALE_SIZE);
	kasan_unpoison_shadow(object, size);
	kasan_poison_shadow((void *)redzone_start, redzone_end - redzone_start, KASAN_KMALLOC_REDZONE);
	if (cache->flags & SLAB_KASAN)
		kasan_set_track(&get_alloc_info(cache, object)->alloc_track, flags);
}


void kasan_kmalloc_large(const void *ptr, size_t size, gfp_t flags)
{
	struct page *page;
	unsigned long redzone_start, redzone_end;

	if (gfpflags_allow_blocking(flags))
		quarantine_reduce();
	if (!ptr)
		return;
	page = virt_to_page(ptr);
	redzone_start = round_up((unsigned long)ptr + size, KASAN_SHADOW_SCALE_SIZE);
	redzone_end = (unsigned long)ptr + (PAGE_SIZE << page->private);
	kasan_unpoison_shadow(ptr, size);
	kasan_poison_shadow((void *)redzone_start, redzone_end - redzone_start, KASAN_PAGE_REDZONE);
}

void kasan_kfree_large(void *ptr, unsigned long ip)
{
	if (ptr != page_address(virt_to_head_page(ptr)))
		kasan_report_invalid_free(ptr, ip);
	/* the pages are poisoned by the page allocator */
}

void kasan_cache_shutdown(struct kmem_cache *cache)
{
	quarantine_remove_cache(cache);
}
