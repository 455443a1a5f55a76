/*
 * slub.c: the slab allocator, SLUB-style.
 *
 * A slab is a naturally aligned 2^order-page block from the buddy
 * allocator, cut into `size`-byte slots; the address of any object rounded
 * down to the slab size gives the slab's first page, whose struct page
 * holds the cache, the freelist and the in-use count. Free slots are
 * chained through a free pointer stored in the slot at `offset`.
 *
 * With CONFIG_SLUB_DEBUG_ON every cache gets SLAB_RED_ZONE|SLAB_POISON
 * like slub_debug: the slot is [object][red zone][free pointer]; a free
 * object holds 0x6b bytes ending in 0xa5 (POISON_FREE/POISON_END) and its
 * red zone 0xbb, an allocated one's red zone is 0xcc. Objects are handed
 * out as they are (kmalloc memory is 6b..a5 unless __GFP_ZERO).
 * On allocation the poison and red zones are checked and a corruption is
 * reported in the shape of Linux's "BUG <cache> (Not tainted): ..." block.
 *
 * kmemleak: slab_post_alloc_hook registers each object with the cache's
 * object_size (so kmalloc(1520) is tracked as 2048 bytes, like Linux) and
 * slab_free_hook unregisters it; caches with SLAB_NOLEAKTRACE are skipped.
 * kmalloc above 8 KiB takes whole pages and is tracked with the requested
 * size.
 *
 * Locking: slab_lock with interrupts off (kmalloc is legal in IRQs).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/spinlock.h>
#include <linux/kmemleak.h>
#include <linux/export.h>
#include <linux/panic.h>

#define POISON_FREE	0x6b
#define POISON_END	0xa5
#define SLUB_RED_INACTIVE 0xbb
#define SLUB_RED_ACTIVE	0xcc

LIST_HEAD(slab_caches);
struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];
static struct kmem_cache boot_kmem_cache;
static struct kmem_cache *kmem_cache;
static DEFINE_SPINLOCK(slab_lock);
#ifdef CONFIG_SLUB_DEBUG_ON
static bool slub_debug = true;
#else
static bool slub_debug;
#endif

static const char *const kmalloc_names[KMALLOC_SHIFT_HIGH + 1] = {
	NULL, "kmalloc-96", "kmalloc-192", "kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64",
	"kmalloc-128", "kmalloc-256", "kmalloc-512", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k", "kmalloc-8k",
};
static const unsigned int kmalloc_sizes[KMALLOC_SHIFT_HIGH + 1] = {
	0, 96, 192, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192,
};

unsigned int kmalloc_index(size_t size)
{
	if (!size)
		return 0;
	if (size <= 8) return 3;
	if (size > 64 && size <= 96) return 1;
	if (size > 128 && size <= 192) return 2;
	if (size <= 16) return 4;
	if (size <= 32) return 5;
	if (size <= 64) return 6;
	if (size <= 128) return 7;
	if (size <= 256) return 8;
	if (size <= 512) return 9;
	if (size <= 1024) return 10;
	if (size <= 2048) return 11;
	if (size <= 4096) return 12;
	return 13;
}
EXPORT_SYMBOL(kmalloc_index);

static inline void **freeptr(struct kmem_cache *s, void *obj)
{
	return (void **)((char *)obj + s->offset);
}

static inline struct page *slab_page(struct kmem_cache *s, const void *obj)
{
	unsigned long base = (unsigned long)obj & ~((PAGE_SIZE << s->order) - 1);
	return virt_to_page(base);
}

static void calculate_sizes(struct kmem_cache *s)
{
	unsigned int size = ALIGN(s->object_size, 8);
	unsigned int align = s->align < 8 ? 8 : s->align;

	if (s->flags & SLAB_RED_ZONE)
		size += 8;			/* right red zone */
	if ((s->flags & (SLAB_POISON | SLAB_RED_ZONE)) || s->ctor) {
		s->offset = size;		/* free pointer after the object */
		size += sizeof(void *);
	} else {
		s->offset = 0;
	}
	s->size = ALIGN(size, align);
	s->order = 0;
	while ((PAGE_SIZE << s->order) / s->size < 8 && s->order < 3)
		s->order++;
	s->objects = (PAGE_SIZE << s->order) / s->size;
}

static void init_object(struct kmem_cache *s, void *obj, u8 red)
{
	u8 *p = obj;
	if (s->flags & SLAB_POISON) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + s->object_size, red, s->offset - s->object_size);
}

/* The "BUG <cache> (...): <what>" block; the caller prints its "FIX" line. */
static void slab_report(struct kmem_cache *s, const char *what, void *obj, u8 *fault, u8 expected)
{
	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): %s\n", s->name, print_tainted(), what);
	add_taint(TAINT_BAD_PAGE);
	pr_err("-----------------------------------------------------------------------------\n\n");
	if (fault)
		pr_err("INFO: 0x%px-0x%px @offset=%lu. First byte 0x%x instead of 0x%x\n", fault, fault,
		       (unsigned long)(fault - (u8 *)obj), *fault, expected);
	pr_err("INFO: Slab 0x%px objects=%u used=%u\n", slab_page(s, obj), s->objects, slab_page(s, obj)->inuse);
	pr_err("INFO: Object 0x%px @offset=%lu\n", obj,
	       (unsigned long)obj & ((PAGE_SIZE << s->order) - 1));
	print_hex_dump(KERN_ERR, "Object   ", DUMP_PREFIX_ADDRESS, 16, 1, obj, min(s->object_size, 64u), true);
	dump_stack();
}

static void slab_bug(struct kmem_cache *s, const char *what, void *obj, u8 *fault, u8 expected)
{
	slab_report(s, what, obj, fault, expected);
	pr_err("FIX %s: Restoring %s\n", s->name, what);
}

/* A free object must still be fully poisoned; report the first bad byte. */
static void check_free_object(struct kmem_cache *s, void *obj)
{
	u8 *p = obj;
	if (s->flags & SLAB_POISON) {
		for (unsigned int i = 0; i < s->object_size; i++) {
			u8 want = i == s->object_size - 1 ? POISON_END : POISON_FREE;
			if (p[i] != want) {
				slab_bug(s, "Poison overwritten", obj, p + i, want);
				init_object(s, obj, SLUB_RED_INACTIVE);
				return;
			}
		}
	}
	if (s->flags & SLAB_RED_ZONE) {
		for (unsigned int i = s->object_size; i < s->offset; i++)
			if (p[i] != SLUB_RED_INACTIVE) {
				slab_bug(s, "Right Redzone overwritten", obj, p + i, SLUB_RED_INACTIVE);
				init_object(s, obj, SLUB_RED_INACTIVE);
				return;
			}
	}
}

static void check_active_object(struct kmem_cache *s, void *obj)
{
	u8 *p = obj;
	if (!(s->flags & SLAB_RED_ZONE))
		return;
	for (unsigned int i = s->object_size; i < s->offset; i++)
		if (p[i] != SLUB_RED_ACTIVE) {
			slab_bug(s, "Right Redzone overwritten", obj, p + i, SLUB_RED_ACTIVE);
			return;
		}
}

static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page = alloc_pages(gfp & ~__GFP_ZERO, s->order);
	char *base, *prev = NULL;

	if (!page)
		return NULL;
	base = page_address(page);
	for (unsigned long i = 0; i < (1UL << s->order); i++) {
		page[i].flags |= 1UL << PG_slab;
		page[i].slab_cache = s;
	}
	page->inuse = 0;
	page->objects = s->objects;
	page->freelist = base;
	for (unsigned int i = 0; i < s->objects; i++) {
		char *obj = base + i * s->size;
		init_object(s, obj, SLUB_RED_INACTIVE);
		if (s->ctor)
			s->ctor(obj);
		if (prev)
			*freeptr(s, prev) = obj;
		prev = obj;
	}
	*freeptr(s, prev) = NULL;
	s->nr_slabs++;
	s->nr_objects += s->objects;
	return page;
}

static void discard_slab(struct kmem_cache *s, struct page *page)
{
	for (unsigned long i = 0; i < (1UL << s->order); i++) {
		page[i].flags &= ~(1UL << PG_slab);
		page[i].slab_cache = NULL;
	}
	s->nr_slabs--;
	s->nr_objects -= s->objects;
	__free_pages(page, s->order);
}

/* The allocator's hook: kmemleak's backtrace starts in this frame. */
static noinline void slab_post_alloc_hook(struct kmem_cache *s, gfp_t gfp, void *obj)
{
	if (gfp & __GFP_ZERO)
		memset(obj, 0, s->object_size);
	kmemleak_alloc_recursive(obj, s->object_size, 1, s->flags, gfp);
}

static __always_inline void *slab_alloc(struct kmem_cache *s, gfp_t gfp)
{
	unsigned long flags;
	struct page *page;
	void *obj;

	spin_lock_irqsave(&slab_lock, flags);
	page = list_first_entry_or_null(&s->partial, struct page, lru);
	if (!page) {
		spin_unlock_irqrestore(&slab_lock, flags);
		page = new_slab(s, gfp);
		if (!page)
			return NULL;
		spin_lock_irqsave(&slab_lock, flags);
		list_add(&page->lru, &s->partial);
	}
	obj = page->freelist;
	page->freelist = *freeptr(s, obj);
	page->inuse++;
	s->inuse++;
	if (!page->freelist)
		list_move(&page->lru, &s->full);
	if (slub_debug) {
		check_free_object(s, obj);
		if (s->flags & SLAB_RED_ZONE)
			memset((char *)obj + s->object_size, SLUB_RED_ACTIVE, s->offset - s->object_size);
	}
	spin_unlock_irqrestore(&slab_lock, flags);
	slab_post_alloc_hook(s, gfp, obj);
	return obj;
}

static noinline void slab_free_hook(struct kmem_cache *s, void *obj)
{
	kmemleak_free_recursive(obj, s->flags);
}

/* A free of an object whose red zone says "not allocated" is a double free. */
static bool already_free(struct kmem_cache *s, void *obj)
{
	u8 *p = obj;
	if (!slub_debug || !(s->flags & SLAB_RED_ZONE) || p[s->object_size] != SLUB_RED_INACTIVE)
		return false;
	slab_report(s, "Object already free", obj, NULL, 0);
	pr_err("FIX %s: Object at 0x%px not freed\n", s->name, obj);
	return true;
}

static void slab_free(struct kmem_cache *s, void *obj)
{
	unsigned long flags;
	struct page *page = slab_page(s, obj);

	if (already_free(s, obj))
		return;
	slab_free_hook(s, obj);
	spin_lock_irqsave(&slab_lock, flags);
	if (slub_debug) {
		check_active_object(s, obj);
		init_object(s, obj, SLUB_RED_INACTIVE);
	}
	if (!page->freelist)
		list_move(&page->lru, &s->partial);
	*freeptr(s, obj) = page->freelist;
	page->freelist = obj;
	page->inuse--;
	s->inuse--;
	if (!page->inuse && s->nr_slabs > 1) {
		list_del(&page->lru);
		spin_unlock_irqrestore(&slab_lock, flags);
		discard_slab(s, page);
		return;
	}
	spin_unlock_irqrestore(&slab_lock, flags);
}

static void init_cache(struct kmem_cache *s, const char *name, unsigned int size, unsigned int align,
		       slab_flags_t flags, void (*ctor)(void *))
{
	s->name = name;
	s->object_size = size;
	s->align = align;
	s->flags = flags;
	if (slub_debug)
		s->flags |= SLAB_RED_ZONE | SLAB_POISON | SLAB_CONSISTENCY_CHECKS;
	if (ctor)
		s->flags &= ~SLAB_POISON;
	s->ctor = ctor;
	s->refcount = 1;
	INIT_LIST_HEAD(&s->partial);
	INIT_LIST_HEAD(&s->full);
	calculate_sizes(s);
	list_add_tail(&s->list, &slab_caches);
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
	if (!s) {
		if (flags & SLAB_PANIC)
			panic("kmem_cache_create: Failed to create slab '%s'. Error -12\n", name);
		return NULL;
	}
	init_cache(s, name, size, align, flags, ctor);
	return s;
}
EXPORT_SYMBOL(kmem_cache_create);

void kmem_cache_destroy(struct kmem_cache *s)
{
	struct page *page, *n;
	if (!s)
		return;
	if (s->inuse) {
		pr_err("kmem_cache_destroy %s: Slab cache still has objects\n", s->name);
		dump_stack();
		return;
	}
	list_for_each_entry_safe(page, n, &s->partial, lru) {
		list_del(&page->lru);
		discard_slab(s, page);
	}
	list_del(&s->list);
	kmem_cache_free(kmem_cache, s);
}
EXPORT_SYMBOL(kmem_cache_destroy);

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp);
}
EXPORT_SYMBOL(kmem_cache_alloc);

void *kmem_cache_alloc_trace(struct kmem_cache *s, gfp_t gfp, size_t size)
{
	return slab_alloc(s, gfp);
}
EXPORT_SYMBOL(kmem_cache_alloc_trace);

void kmem_cache_free(struct kmem_cache *s, void *p)
{
	if (p)
		slab_free(s, p);
}
EXPORT_SYMBOL(kmem_cache_free);

void *kmalloc_order_trace(size_t size, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp | __GFP_COMP, order);
	void *ret = page ? page_address(page) : NULL;
	kmemleak_alloc(ret, size, 1, gfp);
	return ret;
}
EXPORT_SYMBOL(kmalloc_order_trace);

void *__kmalloc(size_t size, gfp_t gfp)
{
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_order_trace(size, gfp, get_order(size));
	return slab_alloc(kmalloc_caches[kmalloc_index(size)], gfp);
}
EXPORT_SYMBOL(__kmalloc);

void kfree(const void *p)
{
	struct page *page;
	if (ZERO_OR_NULL_PTR(p))
		return;
	page = virt_to_page(p);
	if (!PageSlab(page)) {
		kmemleak_free(p);
		__free_pages(page, page->private);
		return;
	}
	slab_free(page->slab_cache, (void *)p);
}
EXPORT_SYMBOL(kfree);

void kfree_sensitive(const void *p)
{
	if (!ZERO_OR_NULL_PTR(p))
		memset((void *)p, 0, ksize(p));
	kfree(p);
}
EXPORT_SYMBOL(kfree_sensitive);

size_t ksize(const void *p)
{
	struct page *page;
	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = virt_to_page(p);
	if (!PageSlab(page))
		return PAGE_SIZE << page->private;
	return page->slab_cache->object_size;
}
EXPORT_SYMBOL(ksize);

void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	void *n;
	size_t old = ksize(p);
	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (p && old >= new_size)
		return (void *)p;
	n = __kmalloc(new_size, gfp);
	if (n && p) {
		memcpy(n, p, old);
		kfree(p);
	}
	return n;
}
EXPORT_SYMBOL(krealloc);

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t l;
	char *d;
	if (!s)
		return NULL;
	l = strlen(s) + 1;
	d = __kmalloc(l, gfp);
	if (d)
		memcpy(d, s, l);
	return d;
}
EXPORT_SYMBOL(kstrdup);

char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	size_t l;
	char *d;
	if (!s)
		return NULL;
	l = strnlen(s, max);
	d = __kmalloc(l + 1, gfp);
	if (d) {
		memcpy(d, s, l);
		d[l] = 0;
	}
	return d;
}
EXPORT_SYMBOL(kstrndup);

void *kmemdup(const void *s, size_t len, gfp_t gfp)
{
	void *d = __kmalloc(len, gfp);
	if (d)
		memcpy(d, s, len);
	return d;
}
EXPORT_SYMBOL(kmemdup);

char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list a;
	int n;
	char *s;
	va_start(a, fmt);
	n = vsnprintf(NULL, 0, fmt, a);
	va_end(a);
	s = __kmalloc(n + 1, gfp);
	if (!s)
		return NULL;
	va_start(a, fmt);
	vsnprintf(s, n + 1, fmt, a);
	va_end(a);
	return s;
}
EXPORT_SYMBOL(kasprintf);

void __init kmem_cache_init(void)
{
	kmem_cache = &boot_kmem_cache;
	init_cache(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), 64, SLAB_HWCACHE_ALIGN, NULL);
	for (int i = 1; i <= KMALLOC_SHIFT_HIGH; i++)
		if (kmalloc_names[i])
			kmalloc_caches[i] = kmem_cache_create(kmalloc_names[i], kmalloc_sizes[i], 8, 0, NULL);
}

/* /proc/slabinfo, version 2.1 */
void slabinfo_show(void (*emit)(void *ctx, const char *line), void *ctx)
{
	struct kmem_cache *s;
	char line[200];
	emit(ctx, "slabinfo - version: 2.1\n");
	emit(ctx, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	list_for_each_entry(s, &slab_caches, list) {
		snprintf(line, sizeof(line), "%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u : slabdata %6lu %6lu %6u\n",
			 s->name, s->inuse, s->nr_objects, s->size, s->objects, 1u << s->order, 0, 0, 0,
			 s->nr_slabs, s->nr_slabs, 0);
		emit(ctx, line);
	}
}
