/*
 * slab.h: the slab allocator (SLUB, mm/slub.c). kmalloc sizes map to
 * Linux's caches kmalloc-8 ... kmalloc-8k (96 and 192 included); bigger
 * requests go straight to the page allocator (kmalloc_large). Flag values
 * are Linux 5.10's.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H
#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/kasan.h>
#define SLAB_CONSISTENCY_CHECKS	0x00000100U	/* slub_debug=F */
#define SLAB_RED_ZONE		0x00000400U	/* Z */
#define SLAB_POISON		0x00000800U	/* P */
#define SLAB_HWCACHE_ALIGN	0x00002000U
#define SLAB_CACHE_DMA		0x00004000U
#define SLAB_CACHE_DMA32	0x00008000U
#define SLAB_STORE_USER		0x00010000U	/* U */
#define SLAB_PANIC		0x00040000U
#define SLAB_TYPESAFE_BY_RCU	0x00080000U
#define SLAB_TRACE		0x00200000U	/* T */
#define SLAB_NOLEAKTRACE	0x00800000U
#define SLAB_FAILSLAB		0x02000000U	/* A: failslab's cache-filter */
#define SLAB_ACCOUNT		0x04000000U
#define SLAB_KASAN		0x08000000U	/* the slot has KASAN's metadata */
#define SLAB_RECLAIM_ACCOUNT	0x00020000U
#define SLAB_MEM_SPREAD		0
#define KMALLOC_SHIFT_HIGH	13
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE	(1UL << 22)
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/*
 * One cache. The slot of an object, as 5.10's calculate_sizes() lays it
 * out (offsets from the slot's start; the object pointer is slot +
 * red_left_pad):
 *
 *   [left red zone: red_left_pad][object: object_size][right red zone up to inuse]
 *   [free pointer at offset][alloc track][free track][padding 0x5a] = size
 */
struct kmem_cache {
	const char *name;
	unsigned int object_size;	/* what callers asked for */
	unsigned int size;		/* the whole slot, aligned */
	unsigned int inuse;		/* object + right red zone: where metadata starts */
	unsigned int offset;		/* free pointer, from the object */
	unsigned int red_left_pad;	/* left red zone, before the object */
	unsigned int align;
	unsigned int order;		/* pages per slab = 1 << order */
	unsigned int objects;		/* per slab */
	unsigned int min_partial;	/* empty slabs kept while fewer partial ones */
	slab_flags_t flags;
	void (*ctor)(void *);
	struct list_head partial;	/* slabs with free objects (slab_lock) */
	struct list_head full;		/* slabs without */
	unsigned long nr_partial;
	unsigned long nr_slabs, nr_objects, inuse_objects;
	struct list_head list;		/* all caches */
	int refcount;
	struct dentry *sysfs_dir;	/* /sys/kernel/slab/<name> */
#ifdef CONFIG_KASAN
	struct kasan_cache kasan_info;	/* where KASAN's metadata sits in the slot */
#endif
};
extern struct list_head slab_caches;
extern struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];
void kmem_cache_init(void);
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));
#define kmem_cache_create_usercopy(n, s, a, f, uo, us, c) kmem_cache_create(n, s, a, f, c)
#define KMEM_CACHE(s, f) kmem_cache_create(#s, sizeof(struct s), __alignof__(struct s), (f), NULL)
void kmem_cache_destroy(struct kmem_cache *s);
int kmem_cache_shrink(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
void *kmem_cache_alloc_trace(struct kmem_cache *s, gfp_t gfp, size_t size);
#define kmem_cache_alloc_node(s, g, n) kmem_cache_alloc(s, g)
#define kmem_cache_zalloc(s, g) kmem_cache_alloc(s, (g) | __GFP_ZERO)
void kmem_cache_free(struct kmem_cache *s, void *p);
void *__kmalloc(size_t size, gfp_t gfp);
void *kmalloc_order_trace(size_t size, gfp_t gfp, unsigned int order);
void kfree(const void *p);
void kfree_sensitive(const void *p);
#define kzfree kfree_sensitive
size_t ksize(const void *p);
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
unsigned int kmalloc_index(size_t size);
static __always_inline void *kmalloc(size_t size, gfp_t gfp)
{
	if (__builtin_constant_p(size) && size) {
		if (size > KMALLOC_MAX_CACHE_SIZE)
			return kmalloc_order_trace(size, gfp, size <= 4096 ? 0 : 64 - __builtin_clzl((size - 1) >> 12));
		return kmem_cache_alloc_trace(kmalloc_caches[kmalloc_index(size)], gfp, size);
	}
	return __kmalloc(size, gfp);
}
static __always_inline void *kzalloc(size_t size, gfp_t gfp) { return kmalloc(size, gfp | __GFP_ZERO); }
#define kmalloc_node(s, g, n) kmalloc(s, g)
#define kzalloc_node(s, g, n) kzalloc(s, g)
#define __kmalloc_node(s, g, n) __kmalloc(s, g)
static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp) { return __kmalloc(n * size, gfp); }
static inline void *kcalloc(size_t n, size_t size, gfp_t gfp) { return __kmalloc(n * size, gfp | __GFP_ZERO); }
void slabinfo_show(void (*emit)(void *ctx, const char *line), void *ctx);
#endif
