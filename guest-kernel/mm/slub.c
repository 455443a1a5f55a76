/*
 * slub.c: the slab allocator, SLUB as in Linux 5.10, with its debugging.
 *
 * A slab is a naturally aligned 2^order-page block from the buddy
 * allocator cut into `size`-byte slots; the struct pages of a slab point
 * to the cache, the head page holds the freelist and the in-use count.
 * Free objects are chained through a free pointer at `offset`. There are
 * no per-cpu slabs (one CPU, and 5.10's debug caches bypass them too):
 * allocation takes the first object of the first partial slab, freeing
 * pushes the object on its slab's freelist; a slab that empties is given
 * back once the cache already has min_partial partial slabs.
 *
 * Debugging (slub_debug=, CONFIG_SLUB_DEBUG_ON: F Z P U on every cache)
 * follows 5.10's calculate_sizes() for the slot and its checks and
 * reports for the rest:
 *
 *   object - red_left_pad   left red zone (Z): red_left_pad = 8 aligned to
 *                           the cache's alignment (natural for power-of-two
 *                           kmalloc sizes, so kmalloc-2k objects are
 *                           2048-aligned)
 *   object                  object_size bytes; free: 0x6b ... 0xa5 (P)
 *   object + object_size    right red zone up to inuse (at least a word);
 *                           0xbb free, 0xcc allocated
 *   object + inuse          free pointer (outside the object with P)
 *                           then two struct track (U): alloc and free
 *                           site, cpu, pid, jiffies and 16 saved frames
 *   ...                     padding to `size` (and one word with Z): 0x5a
 *
 * alloc_debug_processing checks a free object before handing it out
 * (a use after free shows as "Poison overwritten"; the slab is then
 * marked all used), free_debug_processing checks the slab, the freelist
 * ("Object already free"), the red zones and the padding before an
 * object goes back (a failed check leaves it allocated: "Object at 0x...
 * not freed"), validate_slab_cache checks every object of a cache. The
 * reports are 5.10's: slab_bug's banner, INFO lines with %p hashed
 * pointers, the tracks, print_section dumps, dump_stack, FIX lines.
 *
 * kmemleak: slab_post_alloc_hook registers each object with the cache's
 * object_size (so kmalloc(1520) is tracked as 2048 bytes, like Linux) and
 * slab_free_hook unregisters it; caches with SLAB_NOLEAKTRACE are skipped.
 * kmalloc above 8 KiB takes whole pages and is tracked with the requested
 * size. Fault injection: should_failslab (mm/failslab.c) is asked first.
 *
 * KASAN (CONFIG_KASAN, mm/kasan/): calculate_sizes gives its metadata a
 * place after the tracks (kasan_cache_create), a new slab is poisoned
 * whole, setup_object/slab_post_alloc_hook/kmalloc unpoison what is
 * handed out; slab_free_hook hands the object to KASAN's quarantine, and
 * only when it leaves the quarantine (kasan_slab_free_final) does it go
 * through __slab_free and SLUB's free checks. This file itself is not
 * instrumented (5.10's KASAN_SANITIZE_slub.o := n).
 *
 * Locking: slab_lock with interrupts off protects every cache's lists,
 * counters and slab pages (kmalloc is legal in IRQs); new slabs are
 * allocated and freed with it dropped. Reports are printed under it.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/ctype.h>
#include <linux/jiffies.h>
#include <linux/kmemleak.h>
#include <linux/export.h>
#include <linux/panic.h>
#include <linux/debug_locks.h>
#include <linux/stacktrace.h>
#include <linux/kallsyms.h>
#include <linux/fault-inject.h>
#include <linux/ratelimit.h>
#include <linux/module.h>
#include <linux/oom.h>
#include "slub.h"

#define POISON_INUSE	0x5a	/* padding and unused slab bytes */
#define POISON_FREE	0x6b	/* a free object */
#define POISON_END	0xa5	/* its last byte */
#define SLUB_RED_INACTIVE 0xbb
#define SLUB_RED_ACTIVE	0xcc
#define __OBJECT_POISON	0x80000000U	/* SLAB_POISON and the object may be poisoned */
#define DEBUG_DEFAULT_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define DEBUG_METADATA_FLAGS (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define SLUB_MAX_ORDER	3	/* PAGE_ALLOC_COSTLY_ORDER */
#define MAX_ORDER	11
#define MIN_PARTIAL	5
#define MAX_PARTIAL	10
#define MAX_OBJS_PER_PAGE 32767
#define TRACK_ADDRS_COUNT 16
#define CACHE_LINE_SIZE	64
#define ARCH_KMALLOC_MINALIGN 8

struct track {
	unsigned long addr;			/* called from */
	unsigned long addrs[TRACK_ADDRS_COUNT];	/* the stack, 0-terminated if shorter */
	int cpu;
	int pid;
	unsigned long when;			/* jiffies */
};

LIST_HEAD(slab_caches);
DEFINE_SPINLOCK(slab_lock);
struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];
static struct kmem_cache boot_kmem_cache;
static struct kmem_cache *kmem_cache;
#ifdef CONFIG_SLUB_DEBUG_ON
static slab_flags_t slub_debug = DEBUG_DEFAULT_FLAGS;
#else
static slab_flags_t slub_debug;
#endif
static char *slub_debug_string;		/* the slub_debug= blocks that name caches */
static int disable_higher_order_debug;	/* slub_debug=O */

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

/********************************************************************
 * Slots, slabs and free pointers
 *******************************************************************/

static inline bool kmem_cache_debug(struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

static inline void *get_freepointer(struct kmem_cache *s, void *object)
{
	return *(void **)((char *)object + s->offset);
}

static inline void set_freepointer(struct kmem_cache *s, void *object, void *fp)
{
	*(void **)((char *)object + s->offset) = fp;
}

static inline unsigned int slab_bytes(struct kmem_cache *s)
{
	return PAGE_SIZE << s->order;
}

/* The head page of the slab holding x (slabs are naturally aligned blocks). */
static inline struct page *slab_page(struct kmem_cache *s, const void *x)
{
	return virt_to_page((unsigned long)x & ~((unsigned long)slab_bytes(s) - 1));
}

static inline void *fixup_red_left(struct kmem_cache *s, void *p)
{
	return (s->flags & SLAB_RED_ZONE) ? (char *)p + s->red_left_pad : p;
}

#define for_each_object(__p, __s, __addr, __objects) \
	for (__p = fixup_red_left(__s, __addr); \
	     (char *)__p < (char *)(__addr) + (__objects) * (__s)->size; \
	     __p = (char *)__p + (__s)->size)

static inline unsigned int obj_to_index(struct kmem_cache *s, void *addr, void *p)
{
	return ((char *)p - (char *)addr) / s->size;
}

/* the object map of one slab (validate, alloc_calls): bit i = slot i is free */
#define BITS_TO_LONGS(n) (((n) + 63) / 64)
static inline void __set_bit(unsigned int nr, unsigned long *map) { map[nr / 64] |= 1UL << (nr % 64); }
static inline bool test_bit(unsigned int nr, const unsigned long *map) { return (map[nr / 64] >> (nr % 64)) & 1; }

/* 5.10's get_map: mark the slab's free objects. Caller holds slab_lock. */
static void get_map(struct kmem_cache *s, struct page *page, unsigned long *map)
{
	void *addr = page_address(page);

	memset(map, 0, BITS_TO_LONGS(page->objects) * sizeof(long));
	for (void *p = page->freelist; p; p = get_freepointer(s, p))
		__set_bit(obj_to_index(s, addr, p), map);
}

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (PAGE_SIZE << order) / size;
}

/********************************************************************
 * Debug: the object's metadata
 *******************************************************************/

static inline unsigned int size_from_object(struct kmem_cache *s)
{
	return (s->flags & SLAB_RED_ZONE) ? s->size - s->red_left_pad : s->size;
}

static inline bool freeptr_outside_object(struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

/* End of the info block: inuse, plus the free pointer if it is outside the object. */
static inline unsigned int get_info_end(struct kmem_cache *s)
{
	return freeptr_outside_object(s) ? s->inuse + sizeof(void *) : s->inuse;
}

static struct track *get_track(struct kmem_cache *s, void *object, enum track_item alloc)
{
	struct track *p = (struct track *)((char *)object + get_info_end(s));
	return p + alloc;
}

/* An object pointer must be a slot's object within the slab (or NULL). */
static int check_valid_pointer(struct kmem_cache *s, struct page *page, void *object)
{
	char *base, *o = object;

	if (!object)
		return 1;
	base = page_address(page);
	if (s->flags & SLAB_RED_ZONE)
		o -= s->red_left_pad;
	if (o < base || o >= base + page->objects * s->size || (o - base) % s->size)
		return 0;
	return 1;
}

/*
 * Records who allocated or freed the object. Inlined into the
 * *_debug_processing function, so `skip` counts the frames between it and
 * the allocator's entry point: the saved stack starts at __slab_alloc for
 * an allocation and at kfree/kmem_cache_free for a free, as in 5.10.
 */
static __always_inline void set_track(struct kmem_cache *s, void *object, enum track_item alloc,
				      unsigned long addr, unsigned int skip)
{
	struct track *p = get_track(s, object, alloc);

	if (addr) {
		unsigned int nr = stack_trace_save(p->addrs, TRACK_ADDRS_COUNT, skip);
		if (nr < TRACK_ADDRS_COUNT)
			p->addrs[nr] = 0;
		p->addr = addr;
		p->cpu = smp_processor_id();
		p->pid = current->pid;
		p->when = jiffies;
	} else {
		memset(p, 0, sizeof(*p));
	}
}

static void init_tracking(struct kmem_cache *s, void *object)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	set_track(s, object, TRACK_FREE, 0, 0);
	set_track(s, object, TRACK_ALLOC, 0, 0);
}

static void print_track(const char *s, struct track *t, unsigned long pr_time)
{
	if (!t->addr)
		return;
	pr_err("INFO: %s in %pS age=%lu cpu=%u pid=%d\n", s, (void *)t->addr, pr_time - t->when, t->cpu, t->pid);
	for (int i = 0; i < TRACK_ADDRS_COUNT && t->addrs[i]; i++)
		pr_err("\t%pS\n", (void *)t->addrs[i]);
}

static void print_tracking(struct kmem_cache *s, void *object)
{
	unsigned long pr_time = jiffies;

	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track("Allocated", get_track(s, object, TRACK_ALLOC), pr_time);
	print_track("Freed", get_track(s, object, TRACK_FREE), pr_time);
}

static void print_page_info(struct page *page)
{
	pr_err("INFO: Slab 0x%p objects=%u used=%u fp=0x%p flags=0x%04lx\n",
	       page, page->objects, page->inuse, page->freelist, page->flags);
}

static void print_section(const char *level, const char *text, u8 *addr, unsigned int length)
{
	print_hex_dump(level, text, DUMP_PREFIX_ADDRESS, 16, 1, addr, length, true);
}

/* The banner of every report; the first one also taints the kernel B. */
static void slab_bug(struct kmem_cache *s, const char *fmt, ...)
{
	char what[128];
	va_list args;

	va_start(args, fmt);
	vsnprintf(what, sizeof(what), fmt, args);
	va_end(args);
	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): %s\n", s->name, print_tainted(), what);
	pr_err("-----------------------------------------------------------------------------\n\n");
	add_taint(TAINT_BAD_PAGE);
	if (debug_locks_off())
		pr_warn("Disabling lock debugging due to kernel taint\n");
}

static void slab_fix(struct kmem_cache *s, const char *fmt, ...)
{
	char what[128];
	va_list args;

	va_start(args, fmt);
	vsnprintf(what, sizeof(what), fmt, args);
	va_end(args);
	pr_err("FIX %s: %s\n", s->name, what);
}

static noinline void print_trailer(struct kmem_cache *s, struct page *page, u8 *p)
{
	u8 *addr = page_address(page);
	unsigned int off;

	print_tracking(s, p);
	print_page_info(page);
	pr_err("INFO: Object 0x%p @offset=%tu fp=0x%p\n\n", p, p - addr, get_freepointer(s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section(KERN_ERR, "Redzone ", p - s->red_left_pad, s->red_left_pad);
	else if (p > addr + 16)
		print_section(KERN_ERR, "Bytes b4 ", p - 16, 16);
	print_section(KERN_ERR, "Object ", p, min_t(unsigned int, s->object_size, PAGE_SIZE));
	if (s->flags & SLAB_RED_ZONE)
		print_section(KERN_ERR, "Redzone ", p + s->object_size, s->inuse - s->object_size);
	off = get_info_end(s);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	off += kasan_metadata_size(s);
	if (off != size_from_object(s))
		print_section(KERN_ERR, "Padding ", p + off, size_from_object(s) - off);
	dump_stack();
}

static noinline void object_err(struct kmem_cache *s, struct page *page, u8 *object, const char *reason)
{
	slab_bug(s, "%s", reason);
	print_trailer(s, page, object);
}

static noinline void slab_err(struct kmem_cache *s, struct page *page, const char *fmt, ...)
{
	char buf[100];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	slab_bug(s, "%s", buf);
	print_page_info(page);
	dump_stack();
}

static void init_object(struct kmem_cache *s, void *object, u8 val)
{
	u8 *p = object;

	if (s->flags & SLAB_RED_ZONE)
		memset(p - s->red_left_pad, val, s->red_left_pad);
	if (s->flags & __OBJECT_POISON) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + s->object_size, val, s->inuse - s->object_size);
}

/* The first byte in [start, start + bytes) that is not value, or NULL; a word at a time. */
static u8 *memchr_inv(u8 *start, u8 value, unsigned int bytes)
{
	u64 pattern = 0x0101010101010101ULL * value;
	u8 *end = start + bytes;

	while (start < end && ((unsigned long)start & 7))
		if (*start++ != value)
			return start - 1;
	for (; start + 8 <= end; start += 8)
		if (*(u64 *)start != pattern)
			break;
	for (; start < end; start++)
		if (*start != value)
			return start;
	return NULL;
}

static void restore_bytes(struct kmem_cache *s, u8 data, u8 *from, u8 *to)
{
	slab_fix(s, "Restoring 0x%p-0x%p=0x%x\n", from, to - 1, data);
	memset(from, data, to - from);
}

/* bytes at start must all be value; else report the changed range and restore it. */
static noinline int check_bytes_and_report(struct kmem_cache *s, struct page *page, u8 *object,
					   const char *what, u8 *start, unsigned int value, unsigned int bytes)
{
	u8 *addr = page_address(page);
	u8 *fault = memchr_inv(start, value, bytes);
	u8 *end;

	if (!fault)
		return 1;
	end = start + bytes;
	while (end > fault && end[-1] == value)
		end--;
	slab_bug(s, "%s overwritten", what);
	pr_err("INFO: 0x%p-0x%p @offset=%tu. First byte 0x%x instead of 0x%x\n",
	       fault, end - 1, fault - addr, fault[0], value);
	print_trailer(s, page, object);
	restore_bytes(s, value, fault, end);
	return 0;
}

static int check_pad_bytes(struct kmem_cache *s, struct page *page, u8 *p)
{
	unsigned long off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	off += kasan_metadata_size(s);
	if (size_from_object(s) == off)
		return 1;
	return check_bytes_and_report(s, page, p, "Object padding", p + off, POISON_INUSE,
				      size_from_object(s) - off);
}

/* The bytes after the last slot of a slab. */
static int slab_pad_check(struct kmem_cache *s, struct page *page)
{
	u8 *start, *fault, *end, *pad;
	int remainder;

	if (!(s->flags & SLAB_POISON))
		return 1;
	start = page_address(page);
	end = start + slab_bytes(s);
	remainder = slab_bytes(s) % s->size;
	if (!remainder)
		return 1;
	pad = end - remainder;
	fault = memchr_inv(pad, POISON_INUSE, remainder);
	if (!fault)
		return 1;
	while (end > fault && end[-1] == POISON_INUSE)
		end--;
	slab_err(s, page, "Padding overwritten. 0x%p-0x%p @offset=%tu", fault, end - 1, fault - start);
	print_section(KERN_ERR, "Padding ", pad, remainder);
	restore_bytes(s, POISON_INUSE, fault, end);
	return 0;
}

/* val: SLUB_RED_ACTIVE for an allocated object, SLUB_RED_INACTIVE for a free one. */
static noinline int check_object(struct kmem_cache *s, struct page *page, void *object, u8 val)
{
	u8 *p = object;
	u8 *endobject = p + s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		if (!check_bytes_and_report(s, page, object, "Redzone", p - s->red_left_pad, val, s->red_left_pad))
			return 0;
		if (!check_bytes_and_report(s, page, object, "Redzone", endobject, val, s->inuse - s->object_size))
			return 0;
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		check_bytes_and_report(s, page, p, "Alignment padding", endobject, POISON_INUSE,
				       s->inuse - s->object_size);
	}
	if (s->flags & SLAB_POISON) {
		if (val != SLUB_RED_ACTIVE && (s->flags & __OBJECT_POISON) &&
		    (!check_bytes_and_report(s, page, p, "Poison", p, POISON_FREE, s->object_size - 1) ||
		     !check_bytes_and_report(s, page, p, "Poison", p + s->object_size - 1, POISON_END, 1)))
			return 0;
		check_pad_bytes(s, page, p);
	}
	if (!freeptr_outside_object(s) && val == SLUB_RED_ACTIVE)
		return 1;	/* the free pointer overlaps the live object */
	if (!check_valid_pointer(s, page, get_freepointer(s, p))) {
		object_err(s, page, p, "Freepointer corrupt");
		set_freepointer(s, p, NULL);	/* loses the rest of the freelist */
		return 0;
	}
	return 1;
}

static int check_slab(struct kmem_cache *s, struct page *page)
{
	int maxobj;

	if (!PageSlab(page)) {
		slab_err(s, page, "Not a valid slab page");
		return 0;
	}
	maxobj = order_objects(s->order, s->size);
	if (page->objects > maxobj) {
		slab_err(s, page, "objects %u > max %u", page->objects, maxobj);
		return 0;
	}
	if (page->inuse > page->objects) {
		slab_err(s, page, "inuse %u > max %u", page->inuse, page->objects);
		return 0;
	}
	slab_pad_check(s, page);
	return 1;
}

/* Is search on the slab's freelist? Also repairs the freelist and the counters. */
static noinline int on_freelist(struct kmem_cache *s, struct page *page, void *search)
{
	int nr = 0;
	void *fp = page->freelist;
	void *object = NULL;
	int max_objects;

	while (fp && nr <= page->objects) {
		if (fp == search)
			return 1;
		if (!check_valid_pointer(s, page, fp)) {
			if (object) {
				object_err(s, page, object, "Freechain corrupt");
				set_freepointer(s, object, NULL);
			} else {
				slab_err(s, page, "Freepointer corrupt");
				page->freelist = NULL;
				page->inuse = page->objects;
				slab_fix(s, "Freelist cleared");
				return 0;
			}
			break;
		}
		object = fp;
		fp = get_freepointer(s, object);
		nr++;
	}
	max_objects = min(order_objects(s->order, s->size), MAX_OBJS_PER_PAGE);
	if (page->objects != max_objects) {
		slab_err(s, page, "Wrong number of objects. Found %d but should be %d", page->objects, max_objects);
		page->objects = max_objects;
		slab_fix(s, "Number of objects adjusted.");
	}
	if (page->inuse != page->objects - nr) {
		slab_err(s, page, "Wrong object count. Counter is %d but counted were %d",
			 page->inuse, page->objects - nr);
		page->inuse = page->objects - nr;
		slab_fix(s, "Object count adjusted.");
	}
	return search == NULL;
}

static void trace(struct kmem_cache *s, struct page *page, void *object, int alloc)
{
	if (!(s->flags & SLAB_TRACE))
		return;
	pr_info("TRACE %s %s 0x%p inuse=%d fp=0x%p\n", s->name, alloc ? "alloc" : "free", object,
		page->inuse, page->freelist);
	if (!alloc)
		print_section(KERN_INFO, "Object ", object, s->object_size);
	dump_stack();
}

static noinline int alloc_debug_processing(struct kmem_cache *s, struct page *page, void *object,
					   unsigned long addr)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(s, page))
			goto bad;
		if (!check_valid_pointer(s, page, object)) {
			object_err(s, page, object, "Freelist Pointer check fails");
			goto bad;
		}
		if (!check_object(s, page, object, SLUB_RED_INACTIVE))
			goto bad;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_ALLOC, addr, 0);
	trace(s, page, object, 1);
	init_object(s, object, SLUB_RED_ACTIVE);
	return 1;
bad:
	if (PageSlab(page)) {
		/* keep away from the rest of a corrupted slab */
		slab_fix(s, "Marking all objects used");
		page->inuse = page->objects;
		page->freelist = NULL;
	}
	return 0;
}

static int free_consistency_checks(struct kmem_cache *s, struct page *page, void *object)
{
	if (!check_valid_pointer(s, page, object)) {
		slab_err(s, page, "Invalid object pointer 0x%p", object);
		return 0;
	}
	if (on_freelist(s, page, object)) {
		object_err(s, page, object, "Object already free");
		return 0;
	}
	if (!check_object(s, page, object, SLUB_RED_ACTIVE))
		return 0;
	if (s != page->slab_cache) {
		if (!PageSlab(page))
			slab_err(s, page, "Attempt to free object(0x%p) outside of slab", object);
		else if (!page->slab_cache) {
			pr_err("SLUB <none>: no slab for object 0x%p.\n", object);
			dump_stack();
		} else
			object_err(s, page, object, "page slab pointer corrupt.");
		return 0;
	}
	return 1;
}

static noinline int free_debug_processing(struct kmem_cache *s, struct page *page, void *object,
					  unsigned long addr)
{
	int ret = 0;

	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(s, page))
			goto out;
		if (!free_consistency_checks(s, page, object))
			goto out;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_FREE, addr, 1);
	trace(s, page, object, 0);
	init_object(s, object, SLUB_RED_INACTIVE);
	ret = 1;
out:
	if (!ret)
		slab_fix(s, "Object at 0x%p not freed", object);
	return ret;
}

/********************************************************************
 * slub_debug=
 *******************************************************************/

/*
 * One ';'-separated block: flags, then optionally ",cache,cache*,...".
 * Returns the next block or NULL; *slabs is the block's cache list or NULL.
 */
static char *parse_slub_debug_flags(char *str, slab_flags_t *flags, char **slabs, bool init)
{
	bool higher_order_disable = false;

	while (*str && *str == ';')
		str++;
	if (*str == ',') {
		*flags = DEBUG_DEFAULT_FLAGS;	/* only a cache list: full debugging */
		goto check_slabs;
	}
	*flags = 0;
	for (; *str && *str != ',' && *str != ';'; str++) {
		switch (tolower(*str)) {
		case '-': *flags = 0; break;
		case 'f': *flags |= SLAB_CONSISTENCY_CHECKS; break;
		case 'z': *flags |= SLAB_RED_ZONE; break;
		case 'p': *flags |= SLAB_POISON; break;
		case 'u': *flags |= SLAB_STORE_USER; break;
		case 't': *flags |= SLAB_TRACE; break;
		case 'a': *flags |= SLAB_FAILSLAB; break;
		case 'o': higher_order_disable = true; break;
		default:
			if (init)
				pr_err("slub_debug option '%c' unknown. skipped\n", *str);
		}
	}
check_slabs:
	*slabs = *str == ',' ? ++str : NULL;
	while (*str && *str != ';')
		str++;
	while (*str && *str == ';')
		str++;
	if (init && higher_order_disable)
		disable_higher_order_debug = 1;
	return *str ? str : NULL;
}

static int __init setup_slub_debug(char *str)
{
	slab_flags_t flags;
	char *saved_str, *slab_list;
	bool global_changed = false, list_specified = false;

	slub_debug = DEBUG_DEFAULT_FLAGS;
	if (!*str)
		goto out;	/* plain "slub_debug": full debugging everywhere */
	saved_str = str;
	while (str) {
		str = parse_slub_debug_flags(str, &flags, &slab_list, true);
		if (!slab_list) {
			slub_debug = flags;
			global_changed = true;
		} else {
			list_specified = true;
		}
	}
	/* flags with a cache list and no global block: only those caches */
	if (list_specified) {
		if (!global_changed)
			slub_debug = 0;
		slub_debug_string = saved_str;
	}
out:
#ifdef CONFIG_INIT_ON_ALLOC_DEFAULT_ON
	if (slub_debug & SLAB_POISON)
		pr_info("mem auto-init: SLAB_POISON will take precedence over init_on_alloc/init_on_free\n");
#endif
	return 1;
}
#ifdef CONFIG_SLUB_DEBUG
__setup("slub_debug=", setup_slub_debug);
static int __init setup_slub_debug_bare(char *str)
{
	return setup_slub_debug(str);
}
__setup("slub_debug", setup_slub_debug_bare);
#endif

/* The debug flags of a new cache: its slub_debug= block if one names it, else the global ones. */
static slab_flags_t kmem_cache_flags(slab_flags_t flags, const char *name)
{
	size_t len = strlen(name);
	char *iter, *next_block = slub_debug_string;
	slab_flags_t block_flags;

	while (next_block) {
		next_block = parse_slub_debug_flags(next_block, &block_flags, &iter, false);
		if (!iter)
			continue;
		while (*iter) {
			char *end = (char *)strchrnul_(iter, ',');
			char *glob;
			size_t cmplen;

			if (next_block && next_block < end)
				end = next_block - 1;
			glob = strnchr(iter, end - iter, '*');
			cmplen = glob ? (size_t)(glob - iter) : max_t(size_t, len, end - iter);
			if (!strncmp(name, iter, cmplen))
				return flags | block_flags;
			if (!*end || *end == ';')
				break;
			iter = end + 1;
		}
	}
	return flags | slub_debug;
}

/********************************************************************
 * Slab allocation and freeing
 *******************************************************************/

static void setup_object(struct kmem_cache *s, void *object)
{
	if (s->flags & (SLAB_STORE_USER | SLAB_RED_ZONE | __OBJECT_POISON)) {
		init_object(s, object, SLUB_RED_INACTIVE);
		init_tracking(s, object);
	}
	kasan_init_slab_obj(s, object);
	if (s->ctor) {
		kasan_unpoison_object_data(s, object);
		s->ctor(object);
		kasan_poison_object_data(s, object);
	}
}

static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	/* s->allocflags in Linux: a slab of several pages is a compound page */
	gfp_t comp = s->order ? __GFP_COMP : 0;
	struct page *page = alloc_pages((gfp & ~__GFP_ZERO) | __GFP_NOWARN | comp |
					((s->flags & SLAB_CACHE_DMA) ? __GFP_DMA : 0), s->order);
	char *base;
	void *p, *prev = NULL;

	if (!page)
		page = alloc_pages((gfp & ~__GFP_ZERO) | comp, s->order);
	if (!page)
		return NULL;
	base = page_address(page);
	for (unsigned long i = 0; i < (1UL << s->order); i++)
		page[i].slab_cache = s;
	page->flags |= 1UL << PG_slab;
	page->objects = s->objects;
	page->inuse = 0;
	page->frozen = 0;
	if (s->flags & SLAB_POISON)
		memset(base, POISON_INUSE, slab_bytes(s));
	kasan_poison_slab(page);
	for_each_object(p, s, base, s->objects) {
		setup_object(s, p);
		if (prev)
			set_freepointer(s, prev, p);
		else
			page->freelist = p;
		prev = p;
	}
	set_freepointer(s, prev, NULL);
	return page;
}

/* Gives a slab back to the page allocator; caller holds no lock. */
static void __free_slab(struct kmem_cache *s, struct page *page)
{
	unsigned long flags;

	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		void *p;
		spin_lock_irqsave(&slab_lock, flags);
		slab_pad_check(s, page);
		for_each_object(p, s, page_address(page), page->objects)
			check_object(s, page, p, SLUB_RED_INACTIVE);
		spin_unlock_irqrestore(&slab_lock, flags);
	}
	for (unsigned long i = 0; i < (1UL << s->order); i++)
		page[i].slab_cache = NULL;
	page->flags &= ~(1UL << PG_slab);
	page->freelist = NULL;
	page->counters = 0;
	__free_pages(page, s->order);
}

/* The allocator's hook: kmemleak's backtrace starts in this frame. */
static noinline void slab_post_alloc_hook(struct kmem_cache *s, gfp_t gfp, void *obj)
{
	if (gfp & __GFP_ZERO)
		memset(obj, 0, s->object_size);
	kasan_slab_alloc(s, obj, gfp);
	kmemleak_alloc_recursive(obj, s->object_size, 1, s->flags, gfp);
}

/*
 * Takes the first object of the first partial slab (a new slab if there
 * is none). For a debug cache the slab is first taken whole, as 5.10's
 * acquire_slab does (used=objects, no freelist), the object is checked,
 * and the rest goes back; a slab that fails the checks is marked full,
 * dropped from the lists (5.10 leaves it frozen for good) and the next
 * one is tried.
 */
/*
 * 5.10's slab_out_of_memory: no slab page for s. The minimum order is
 * the one a single object needs; the free count is that of the partial
 * slabs (count_partial). Called without slab_lock held.
 */
static noinline void slab_out_of_memory(struct kmem_cache *s, gfp_t gfp)
{
	static DEFINE_RATELIMIT_STATE(slub_oom_rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST);
	unsigned int min_order = get_order(s->size);
	unsigned long flags, nr_free = 0;
	struct page *page;
	char names[160];

	if ((gfp & __GFP_NOWARN) || !__ratelimit(&slub_oom_rs))
		return;
	pr_warn("SLUB: Unable to allocate memory on node %d, gfp=%#x(%s)\n", -1, gfp, gfp_names(gfp, names, sizeof(names)));
	pr_warn("  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u\n", s->name,
		s->object_size, s->size, s->order, min_order);
	if (min_order > get_order(s->object_size))
		pr_warn("  %s debugging increased min order, use slub_debug=O to disable.\n", s->name);
	spin_lock_irqsave(&slab_lock, flags);
	list_for_each_entry(page, &s->partial, lru)
		nr_free += page->objects - page->inuse;
	spin_unlock_irqrestore(&slab_lock, flags);
	pr_warn("  node %d: slabs: %lu, objs: %lu, free: %lu\n", 0, s->nr_slabs, s->nr_objects, nr_free);
}

static noinline void *__slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long addr)
{
	unsigned long flags;
	struct page *page;
	void *object;
	unsigned int inuse;

	spin_lock_irqsave(&slab_lock, flags);
redo:
	page = list_first_entry_or_null(&s->partial, struct page, lru);
	if (!page) {
		spin_unlock_irqrestore(&slab_lock, flags);
		page = new_slab(s, gfp);
		if (!page) {
			slab_out_of_memory(s, gfp);
			return NULL;
		}
		spin_lock_irqsave(&slab_lock, flags);
		list_add(&page->lru, &s->partial);
		s->nr_partial++;
		s->nr_slabs++;
		s->nr_objects += page->objects;
	}
	object = page->freelist;
	inuse = page->inuse;
	if (kmem_cache_debug(s)) {
		page->freelist = NULL;
		page->inuse = page->objects;
		if (!alloc_debug_processing(s, page, object, addr)) {
			/* like 5.10's frozen slab that ___slab_alloc abandons: on no list any more */
			list_del(&page->lru);
			s->nr_partial--;
			page->frozen = 1;
			goto redo;
		}
	}
	page->freelist = get_freepointer(s, object);
	page->inuse = inuse + 1;
	s->inuse_objects++;
	if (!page->freelist) {
		list_move(&page->lru, &s->full);
		s->nr_partial--;
	} else {
		list_move(&page->lru, &s->partial);
	}
	spin_unlock_irqrestore(&slab_lock, flags);
	return object;
}

static __always_inline void *slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long addr)
{
	void *obj;

	if (should_failslab(s, gfp))
		return NULL;
	obj = __slab_alloc(s, gfp, addr);
	if (obj)
		slab_post_alloc_hook(s, gfp, obj);
	return obj;
}

/* True when the object must not go back to its slab now (KASAN's quarantine, or a bad free). */
static __always_inline bool slab_free_hook(struct kmem_cache *s, void *obj)
{
	kmemleak_free_recursive(obj, s->flags);
	return kasan_slab_free(s, obj, _RET_IP_);
}

/*
 * 5.10's slab_free_freelist_hook runs slab_free_hook over the objects of
 * a bulk free; every free here is of one object. True when it goes back
 * to its slab. Out of line, so slab_free_hook's _RET_IP_ is the caller's
 * (kfree, kmem_cache_free), and the stacks name it as 5.10's do.
 */
static noinline bool slab_free_freelist_hook(struct kmem_cache *s, void *obj)
{
	return !slab_free_hook(s, obj);
}

/* Puts the object back on its slab's freelist, after the debug checks. */
static noinline void __slab_free(struct kmem_cache *s, struct page *page, void *object, unsigned long addr)
{
	unsigned long flags;
	bool was_full;

	spin_lock_irqsave(&slab_lock, flags);
	if (kmem_cache_debug(s) && !free_debug_processing(s, page, object, addr)) {
		spin_unlock_irqrestore(&slab_lock, flags);
		return;
	}
	was_full = !page->freelist;
	set_freepointer(s, object, page->freelist);
	page->freelist = object;
	page->inuse--;
	s->inuse_objects--;
	if (page->frozen) {
		/* an abandoned slab: frees go on its freelist, it stays off the lists */
		spin_unlock_irqrestore(&slab_lock, flags);
		return;
	}
	if (!page->inuse && s->nr_partial >= s->min_partial) {
		list_del(&page->lru);
		if (!was_full)
			s->nr_partial--;
		s->nr_slabs--;
		s->nr_objects -= page->objects;
		spin_unlock_irqrestore(&slab_lock, flags);
		__free_slab(s, page);
		return;
	}
	if (was_full) {
		list_move_tail(&page->lru, &s->partial);
		s->nr_partial++;
	}
	spin_unlock_irqrestore(&slab_lock, flags);
}

static __always_inline void slab_free(struct kmem_cache *s, void *object, unsigned long addr)
{
	if (slab_free_freelist_hook(s, object))
		__slab_free(s, slab_page(s, object), object, addr);
}

#ifdef CONFIG_KASAN
/* An object leaving KASAN's quarantine (mm/kasan/quarantine.c): SLUB's own free, checks included. */
void kasan_slab_free_final(struct kmem_cache *s, void *object)
{
	__slab_free(s, slab_page(s, object), object, _RET_IP_);
}
#endif

/********************************************************************
 * Cache layout and creation
 *******************************************************************/

static unsigned int slab_order(unsigned int size, unsigned int min_objects, unsigned int max_order,
			       unsigned int fract_leftover)
{
	unsigned int order;

	if (order_objects(0, size) > MAX_OBJS_PER_PAGE)
		return get_order(size * MAX_OBJS_PER_PAGE) - 1;
	for (order = get_order(min_objects * size); order <= max_order; order++) {
		unsigned int slab_size = PAGE_SIZE << order;
		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/* 5.10's calculate_order: enough objects per slab, little waste. */
static int calculate_order(unsigned int size)
{
	unsigned int min_objects = 4 * (1 + 1);	/* 4 * (fls(nr_cpu_ids) + 1), one CPU */
	unsigned int order;

	min_objects = min(min_objects, order_objects(SLUB_MAX_ORDER, size));
	while (min_objects > 1) {
		for (unsigned int fraction = 16; fraction >= 4; fraction /= 2) {
			order = slab_order(size, min_objects, SLUB_MAX_ORDER, fraction);
			if (order <= SLUB_MAX_ORDER)
				return order;
		}
		min_objects--;
	}
	order = slab_order(size, 1, SLUB_MAX_ORDER, 1);
	if (order <= SLUB_MAX_ORDER)
		return order;
	order = slab_order(size, 1, MAX_ORDER, 1);
	return order < MAX_ORDER ? (int)order : -ENOSYS;
}

/* 5.10's calculate_sizes: the slot layout drawn at the top of this file. */
static int calculate_sizes(struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = ALIGN(s->object_size, sizeof(void *));
	unsigned int freepointer_area = size;
	int order;

	if ((flags & SLAB_POISON) && !(flags & SLAB_TYPESAFE_BY_RCU) && !s->ctor)
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += sizeof(void *);		/* room for a right red zone */
	s->inuse = size;
	if ((flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) || s->ctor) {
		s->offset = size;		/* free pointer after the object */
		size += sizeof(void *);
	} else if (freepointer_area > sizeof(void *)) {
		s->offset = ALIGN(freepointer_area / 2, sizeof(void *));	/* mid-object */
	} else {
		s->offset = 0;
	}
	if (flags & SLAB_STORE_USER)
		size += 2 * sizeof(struct track);
	/* CONFIG_KASAN: its alloc (and maybe free) metadata and at least its red zone */
	kasan_cache_create(s, &size, &s->flags);
	s->red_left_pad = 0;
	if (flags & SLAB_RED_ZONE) {
		size += sizeof(void *);		/* catches writes from the previous object */
		s->red_left_pad = ALIGN(sizeof(void *), s->align);
		size += s->red_left_pad;
	}
	s->size = ALIGN(size, s->align);
	order = calculate_order(s->size);
	if (order < 0)
		return 0;
	s->order = order;
	s->objects = order_objects(order, s->size);
	return !!s->objects;
}

static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = CACHE_LINE_SIZE;
		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	if (align < sizeof(void *))
		align = sizeof(void *);
	return ALIGN(align, sizeof(void *));
}

static unsigned int ilog2_u(unsigned int n)
{
	return 31 - __builtin_clz(n);
}

static int kmem_cache_open(struct kmem_cache *s, const char *name, unsigned int size, unsigned int align,
			   slab_flags_t flags, void (*ctor)(void *))
{
	s->name = name;
	s->object_size = size;
	s->align = align;
	s->ctor = ctor;
	s->flags = kmem_cache_flags(flags, name);
	if (!calculate_sizes(s))
		return -EINVAL;
	if (disable_higher_order_debug && get_order(s->size) > get_order(s->object_size)) {
		s->flags &= ~DEBUG_METADATA_FLAGS;
		s->offset = 0;
		if (!calculate_sizes(s))
			return -EINVAL;
	}
	s->min_partial = clamp(ilog2_u(s->size) / 2, (unsigned int)MIN_PARTIAL, (unsigned int)MAX_PARTIAL);
	s->refcount = 1;
	INIT_LIST_HEAD(&s->partial);
	INIT_LIST_HEAD(&s->full);
	list_add(&s->list, &slab_caches);	/* newest first, as /proc/slabinfo lists them */
	return 0;
}

/* The kernel's own strings stay where they are; others (a module's) are copied. */
static bool is_kernel_rodata(const void *p)
{
	extern char __start_rodata[], __end_rodata[];
	return (const char *)p >= __start_rodata && (const char *)p < __end_rodata;
}

static const char *kstrdup_const(const char *s, gfp_t gfp)
{
	return is_kernel_rodata(s) ? s : kstrdup(s, gfp);
}

static void kfree_const(const void *p)
{
	if (!is_kernel_rodata(p))
		kfree(p);
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
	const char *cache_name = kstrdup_const(name, GFP_KERNEL);	/* a module's string goes with the module */
	int err = -ENOMEM;

	if (s && cache_name) {
		err = kmem_cache_open(s, cache_name, size, calculate_alignment(flags, align, size), flags, ctor);
		if (!err) {
			err = sysfs_slab_add(s);
			if (!err)
				return s;
			list_del(&s->list);
		}
	}
	kfree_const(cache_name);
	kmem_cache_free(kmem_cache, s);
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create: Failed to create slab '%s'. Error %d\n", name, err);
	pr_warn("kmem_cache_create(%s) failed with error %d\n", name, err);
	dump_stack();
	return NULL;
}
EXPORT_SYMBOL(kmem_cache_create);

/* Releases the empty slabs; 0 if none is left. */
int kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long flags;
	struct page *page, *n;
	LIST_HEAD(discard);

	spin_lock_irqsave(&slab_lock, flags);
	list_for_each_entry_safe(page, n, &s->partial, lru) {
		if (!page->inuse) {
			list_move(&page->lru, &discard);
			s->nr_partial--;
			s->nr_slabs--;
			s->nr_objects -= page->objects;
		}
	}
	spin_unlock_irqrestore(&slab_lock, flags);
	list_for_each_entry_safe(page, n, &discard, lru) {
		list_del(&page->lru);
		__free_slab(s, page);
	}
	return s->nr_slabs != 0;
}
EXPORT_SYMBOL(kmem_cache_shrink);

/* __kmem_cache_shutdown's complaint about a partial slab that still has objects. */
static void list_slab_objects(struct kmem_cache *s, struct page *page, const char *text)
{
	unsigned long map[BITS_TO_LONGS(MAX_OBJS_PER_PAGE)];
	void *addr = page_address(page);
	void *p;

	slab_err(s, page, text, s->name);
	get_map(s, page, map);
	for_each_object(p, s, addr, page->objects) {
		if (!test_bit(obj_to_index(s, addr, p), map)) {
			pr_err("INFO: Object 0x%p @offset=%tu\n", p, (char *)p - (char *)addr);
			print_tracking(s, p);
		}
	}
}

/* Fails (the cache stays) while objects are allocated, as 5.10's shutdown_cache. */
void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long flags;
	struct page *page;

	if (!s)
		return;
	kasan_cache_shutdown(s);
	kmem_cache_shrink(s);
	if (s->nr_slabs) {
		spin_lock_irqsave(&slab_lock, flags);
		list_for_each_entry(page, &s->partial, lru)
			list_slab_objects(s, page, "Objects remaining in %s on __kmem_cache_shutdown()");
		spin_unlock_irqrestore(&slab_lock, flags);
		pr_err("kmem_cache_destroy %s: Slab cache still has objects\n", s->name);
		dump_stack();
		return;
	}
	sysfs_slab_remove(s);
	list_del(&s->list);
	kfree_const(s->name);
	kmem_cache_free(kmem_cache, s);
}
EXPORT_SYMBOL(kmem_cache_destroy);

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp, _RET_IP_);
}
EXPORT_SYMBOL(kmem_cache_alloc);

void *kmem_cache_alloc_trace(struct kmem_cache *s, gfp_t gfp, size_t size)
{
	void *ret = slab_alloc(s, gfp, _RET_IP_);

	kasan_kmalloc(s, ret, size, gfp);
	return ret;
}
EXPORT_SYMBOL(kmem_cache_alloc_trace);

void kmem_cache_free(struct kmem_cache *s, void *p)
{
	if (p)
		slab_free(s, p, _RET_IP_);
}
EXPORT_SYMBOL(kmem_cache_free);

void *kmalloc_order_trace(size_t size, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp | __GFP_COMP, order);
	void *ret = page ? page_address(page) : NULL;
	kasan_kmalloc_large(ret, size, gfp);
	kmemleak_alloc(ret, size, 1, gfp);
	return ret;
}
EXPORT_SYMBOL(kmalloc_order_trace);

void *__kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *s;
	void *ret;

	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_order_trace(size, gfp, get_order(size));
	s = kmalloc_caches[kmalloc_index(size)];
	ret = slab_alloc(s, gfp, _RET_IP_);
	kasan_kmalloc(s, ret, size, gfp);
	return ret;
}
EXPORT_SYMBOL(__kmalloc);

void kfree(const void *p)
{
	struct page *page;
	if (ZERO_OR_NULL_PTR(p))
		return;
	page = virt_to_head_page(p);
	if (!PageSlab(page)) {
		/* kmalloc_large's compound page (anything else is a bug: kfree of a page) */
		BUG_ON(!PageCompound(page));
		kmemleak_free(p);
		kasan_kfree_large((void *)p, _RET_IP_);
		__free_pages(page, compound_order(page));
		return;
	}
	slab_free(page->slab_cache, (void *)p, _RET_IP_);
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
	size_t size;
	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = virt_to_head_page(p);
	if (!PageSlab(page))
		size = PAGE_SIZE << compound_order(page);
	else
		size = page->slab_cache->object_size;
	/* the caller may use all of it (5.10's ksize unpoisons the whole object) */
	kasan_unpoison_shadow(p, size);
	return size;
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

/* kmalloc caches: power-of-two sizes are naturally aligned whatever the debug options. */
static void __init create_boot_cache(struct kmem_cache *s, const char *name, unsigned int size,
				     slab_flags_t flags)
{
	unsigned int align = ARCH_KMALLOC_MINALIGN;

	if (!(size & (size - 1)))
		align = max(align, size);
	if (kmem_cache_open(s, name, size, calculate_alignment(flags, align, size), flags, NULL))
		panic("Creation of kmalloc slab %s size=%u failed.\n", name, size);
}

static void __init new_kmalloc_cache(int i)
{
	kmalloc_caches[i] = kmem_cache_zalloc(kmem_cache, GFP_NOWAIT);
	create_boot_cache(kmalloc_caches[i], kmalloc_names[i], kmalloc_sizes[i], 0);
}

void __init kmem_cache_init(void)
{
	kmem_cache = &boot_kmem_cache;
	create_boot_cache(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), SLAB_HWCACHE_ALIGN);
	/* 5.10's create_kmalloc_caches order: 8 ... 64, 96, 128, 192, 256 ... 8k */
	for (int i = 3; i <= KMALLOC_SHIFT_HIGH; i++) {
		new_kmalloc_cache(i);
		if (i == 6)
			new_kmalloc_cache(1);
		if (i == 7)
			new_kmalloc_cache(2);
	}
	pr_info("SLUB: HWalign=%d, Order=%u-%u, MinObjects=%u, CPUs=%u, Nodes=%u\n",
		CACHE_LINE_SIZE, 0, SLUB_MAX_ORDER, 0, 1, 1);
}

/********************************************************************
 * Validation and the alloc/free call lists (for sysfs)
 *******************************************************************/

static void validate_slab(struct kmem_cache *s, struct page *page)
{
	unsigned long map[BITS_TO_LONGS(MAX_OBJS_PER_PAGE)];
	void *addr = page_address(page);
	void *p;

	if (!check_slab(s, page) || !on_freelist(s, page, NULL))
		return;
	get_map(s, page, map);
	for_each_object(p, s, addr, page->objects) {
		u8 val = test_bit(obj_to_index(s, addr, p), map) ? SLUB_RED_INACTIVE : SLUB_RED_ACTIVE;
		if (!check_object(s, page, p, val))
			break;
	}
}

/* Checks every slab of the cache (full ones only with SLAB_STORE_USER, as 5.10). */
long validate_slab_cache(struct kmem_cache *s)
{
	unsigned long flags, count = 0;
	struct page *page;

	spin_lock_irqsave(&slab_lock, flags);
	list_for_each_entry(page, &s->partial, lru) {
		validate_slab(s, page);
		count++;
	}
	if (count != s->nr_partial)
		pr_err("SLUB %s: %ld partial slabs counted but counter=%ld\n", s->name, count, s->nr_partial);
	if (s->flags & SLAB_STORE_USER) {
		list_for_each_entry(page, &s->full, lru) {
			validate_slab(s, page);
			count++;
		}
		if (count != s->nr_slabs)
			pr_err("SLUB: %s %ld slabs counted but counter=%ld\n", s->name, count, s->nr_slabs);
	}
	spin_unlock_irqrestore(&slab_lock, flags);
	return count;
}

struct location {
	unsigned long count;
	unsigned long addr;
	long long sum_time;
	long min_time, max_time;
	long min_pid, max_pid;
};

/* Adds a track to the sorted table (by address); false when the table is full. */
static bool add_location(struct location *loc, unsigned long *count, unsigned long max, const struct track *track)
{
	long start = -1, end = *count, pos;
	unsigned long age = jiffies - track->when;
	struct location *l;

	for (;;) {
		pos = start + (end - start + 1) / 2;
		if (pos == end)
			break;
		l = &loc[pos];
		if (track->addr == l->addr) {
			l->count++;
			if (track->when) {
				l->sum_time += age;
				l->min_time = min(l->min_time, (long)age);
				l->max_time = max(l->max_time, (long)age);
				l->min_pid = min(l->min_pid, (long)track->pid);
				l->max_pid = max(l->max_pid, (long)track->pid);
			}
			return true;
		}
		if (track->addr < l->addr)
			end = pos;
		else
			start = pos;
	}
	if (*count >= max)
		return false;
	l = loc + pos;
	memmove(l + 1, l, (*count - pos) * sizeof(*l));
	(*count)++;
	*l = (struct location){ .count = 1, .addr = track->addr, .sum_time = age, .min_time = age,
				.max_time = age, .min_pid = track->pid, .max_pid = track->pid };
	return true;
}

static void process_slab(struct location *loc, unsigned long *count, unsigned long max,
			 struct kmem_cache *s, struct page *page, enum track_item alloc)
{
	unsigned long map[BITS_TO_LONGS(MAX_OBJS_PER_PAGE)];
	void *addr = page_address(page);
	void *p;

	get_map(s, page, map);
	for_each_object(p, s, addr, page->objects)
		if (!test_bit(obj_to_index(s, addr, p), map))
			add_location(loc, count, max, get_track(s, p, alloc));
}

/* alloc_calls / free_calls: one line per call site of the allocated objects. */
int list_locations(struct kmem_cache *s, char *buf, size_t size, enum track_item alloc)
{
	unsigned long max = PAGE_SIZE / sizeof(struct location), count = 0, flags;
	struct location *loc = (void *)__get_free_pages(GFP_KERNEL, 0);
	struct page *page;
	int len = 0;

	if (!loc)
		return snprintf(buf, size, "Out of memory\n");
	spin_lock_irqsave(&slab_lock, flags);
	list_for_each_entry(page, &s->partial, lru)
		process_slab(loc, &count, max, s, page, alloc);
	list_for_each_entry(page, &s->full, lru)
		process_slab(loc, &count, max, s, page, alloc);
	spin_unlock_irqrestore(&slab_lock, flags);
	for (unsigned long i = 0; i < count; i++) {
		struct location *l = &loc[i];

		if (len > (int)size - KSYM_SYMBOL_LEN - 100)
			break;
		len += snprintf(buf + len, size - len, "%7ld ", l->count);
		if (l->addr)
			len += snprintf(buf + len, size - len, "%pS", (void *)l->addr);
		else
			len += snprintf(buf + len, size - len, "<not-available>");
		if (l->sum_time != l->min_time)
			len += snprintf(buf + len, size - len, " age=%ld/%ld/%ld", l->min_time,
					(long)(l->sum_time / l->count), l->max_time);
		else
			len += snprintf(buf + len, size - len, " age=%ld", l->min_time);
		if (l->min_pid != l->max_pid)
			len += snprintf(buf + len, size - len, " pid=%ld-%ld", l->min_pid, l->max_pid);
		else
			len += snprintf(buf + len, size - len, " pid=%ld", l->min_pid);
		len += snprintf(buf + len, size - len, "\n");
	}
	free_pages((unsigned long)loc, 0);
	if (!count)
		len += snprintf(buf, size, "No data\n");
	return len;
}

/* /proc/slabinfo, version 2.1 */
void slabinfo_show(void (*emit)(void *ctx, const char *line), void *ctx)
{
	struct kmem_cache *s;
	char line[200];
	emit(ctx, "slabinfo - version: 2.1\n");
	emit(ctx, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	list_for_each_entry(s, &slab_caches, list) {
		snprintf(line, sizeof(line), "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n",
			 s->name, s->inuse_objects, s->nr_objects, s->size, s->objects, 1 << s->order, 0, 0, 0,
			 s->nr_slabs, s->nr_slabs, 0UL);
		emit(ctx, line);
	}
}

/*
 * memcheck_layout: where the host's memory-safety checker (tools/memcheck.ts,
 * `kmemlab boot --memcheck`) finds SLUB's metadata in guest memory: the
 * offsets of the struct page and struct kmem_cache fields it reads, the
 * debug flags, struct track (private to this file, hence the table is
 * here), the struct module fields that name module code, and the
 * addresses of the globals. Every entry is an unsigned long in this
 * order; the host checks magic, version and nr. Nothing in the kernel
 * reads it (as kmemleak_layout).
 */
struct memcheck_layout {
	unsigned long magic, version, nr;
	/* struct page; counters holds inuse:16, objects:15, frozen:1 */
	unsigned long page_size, page_flags, page_slab_cache, page_freelist, page_counters, pg_slab;
	/* struct kmem_cache */
	unsigned long cache_name, cache_object_size, cache_size, cache_inuse, cache_offset, cache_red_left_pad,
		      cache_flags, cache_order, cache_objects, cache_list;
	unsigned long flag_red_zone, flag_poison, flag_store_user;
	/* struct track, two after the object's info end when SLAB_STORE_USER */
	unsigned long track_size, track_addr, track_addrs, track_addrs_count, track_pid, track_when;
	/* struct module (its list is kernel/module.c's static `modules`, found by name) */
	unsigned long mod_list, mod_name, mod_core_base, mod_core_size, mod_init_base, mod_init_size,
		      mod_symtab, mod_num_symtab, mod_strtab;
	/* KASAN: where a freed object's quarantine link is (-1 without KASAN; the queue is quarantine.c's global_quarantine) */
	unsigned long cache_kasan_free_meta;
	/* addresses */
	unsigned long slab_caches, mem_map, max_pfn, page_offset, jiffies, hz;
};

#define SL_OFF(type, field)	((unsigned long)offsetof(struct type, field))
extern unsigned long max_pfn;

const struct memcheck_layout memcheck_layout = {
	.magic = 0x54554f59414c434dUL,	/* "MCLAYOUT" */
	.version = 1,
	.nr = sizeof(struct memcheck_layout) / sizeof(unsigned long),
	.page_size = sizeof(struct page),
	.page_flags = SL_OFF(page, flags),
	.page_slab_cache = SL_OFF(page, slab_cache),
	.page_freelist = SL_OFF(page, freelist),
	.page_counters = SL_OFF(page, counters),
	.pg_slab = PG_slab,
	.cache_name = SL_OFF(kmem_cache, name),
	.cache_object_size = SL_OFF(kmem_cache, object_size),
	.cache_size = SL_OFF(kmem_cache, size),
	.cache_inuse = SL_OFF(kmem_cache, inuse),
	.cache_offset = SL_OFF(kmem_cache, offset),
	.cache_red_left_pad = SL_OFF(kmem_cache, red_left_pad),
	.cache_flags = SL_OFF(kmem_cache, flags),
	.cache_order = SL_OFF(kmem_cache, order),
	.cache_objects = SL_OFF(kmem_cache, objects),
	.cache_list = SL_OFF(kmem_cache, list),
	.flag_red_zone = SLAB_RED_ZONE,
	.flag_poison = SLAB_POISON,
	.flag_store_user = SLAB_STORE_USER,
	.track_size = sizeof(struct track),
	.track_addr = SL_OFF(track, addr),
	.track_addrs = SL_OFF(track, addrs),
	.track_addrs_count = TRACK_ADDRS_COUNT,
	.track_pid = SL_OFF(track, pid),
	.track_when = SL_OFF(track, when),
	.mod_list = SL_OFF(module, list),
	.mod_name = SL_OFF(module, name),
	.mod_core_base = SL_OFF(module, core_layout.base),
	.mod_core_size = SL_OFF(module, core_layout.size),
	.mod_init_base = SL_OFF(module, init_layout.base),
	.mod_init_size = SL_OFF(module, init_layout.size),
	.mod_symtab = SL_OFF(module, symtab),
	.mod_num_symtab = SL_OFF(module, num_symtab),
	.mod_strtab = SL_OFF(module, strtab),
#ifdef CONFIG_KASAN
	.cache_kasan_free_meta = SL_OFF(kmem_cache, kasan_info.free_meta_offset),
#else
	.cache_kasan_free_meta = ~0UL,
#endif
	.slab_caches = (unsigned long)&slab_caches,
	.mem_map = (unsigned long)&mem_map,
	.max_pfn = (unsigned long)&max_pfn,
	.page_offset = PAGE_OFFSET,
	.jiffies = (unsigned long)&jiffies,
	.hz = HZ,
};
