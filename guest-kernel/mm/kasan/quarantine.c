/*
 * mm/kasan/quarantine.c: freed slab objects wait here before SLUB gets
 * them back, so a use after free is caught while the object is still
 * poisoned KASAN_KMALLOC_FREE (and not reused by someone else).
 *
 * One FIFO of objects (5.10 keeps per-CPU batches of 1 MiB and a global
 * list of batches; with one CPU this is the same order): each object is
 * linked through the qlist_node of its kasan_free_meta. The quarantine
 * holds at most 1/32 of RAM (QUARANTINE_FRACTION) counted in slot sizes;
 * quarantine_reduce, called from blocking allocations, frees the oldest
 * objects beyond that, through SLUB's real free path (its debug checks
 * run then: a red zone overwritten while the object sat here is
 * reported by SLUB when it leaves). A cache being destroyed first gets
 * all its objects back (quarantine_remove_cache).
 *
 * Locking: quarantine_lock with interrupts off around the list; objects
 * are handed to SLUB with it held (SLUB takes its own slab_lock; it
 * never calls back into the quarantine).
 */
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/mm.h>
#include "kasan.h"

#define QUARANTINE_FRACTION 32

extern unsigned long totalram_pages_count;

struct qlist_head {
	struct qlist_node *head;
	struct qlist_node *tail;
	size_t bytes;			/* slot sizes of the objects in it */
};

static struct qlist_head global_quarantine;	/* quarantine_lock */
static DEFINE_SPINLOCK(quarantine_lock);

static void *qlink_to_object(struct qlist_node *qlink, struct kmem_cache *cache)
{
	return (char *)qlink - cache->kasan_info.free_meta_offset;
}

static struct kmem_cache *qlink_to_cache(struct qlist_node *qlink)
{
	return virt_to_page(qlink)->slab_cache;
}

void quarantine_put(struct kasan_free_meta *info, struct kmem_cache *cache)
{
	unsigned long flags;
	struct qlist_node *q = &info->quarantine_link;

	spin_lock_irqsave(&quarantine_lock, flags);
	q->next = NULL;
	if (global_quarantine.tail)
		global_quarantine.tail->next = q;
	else
		global_quarantine.head = q;
	global_quarantine.tail = q;
	global_quarantine.bytes += cache->size;
	spin_unlock_irqrestore(&quarantine_lock, flags);
}

/* The object goes back to SLUB: the free track SLUB records names this function. */
static noinline void qlist_free_all(struct qlist_node *q)
{
	while (q) {
		struct qlist_node *next = q->next;
		struct kmem_cache *cache = qlink_to_cache(q);

		kasan_slab_free_final(cache, qlink_to_object(q, cache));
		q = next;
	}
}

void quarantine_reduce(void)
{
	unsigned long flags;
	size_t max = (totalram_pages_count << PAGE_SHIFT) / QUARANTINE_FRACTION;
	struct qlist_node *free = NULL, **ftail = &free;

	if (likely(global_quarantine.bytes <= max))
		return;
	spin_lock_irqsave(&quarantine_lock, flags);
	while (global_quarantine.head && global_quarantine.bytes > max) {
		struct qlist_node *q = global_quarantine.head;

		global_quarantine.head = q->next;
		if (!global_quarantine.head)
			global_quarantine.tail = NULL;
		global_quarantine.bytes -= qlink_to_cache(q)->size;
		q->next = NULL;
		*ftail = q;
		ftail = &q->next;
	}
	spin_unlock_irqrestore(&quarantine_lock, flags);
	qlist_free_all(free);
}

void quarantine_remove_cache(struct kmem_cache *cache)
{
	unsigned long flags;
	struct qlist_node **pp, *free = NULL, **ftail = &free;

	spin_lock_irqsave(&quarantine_lock, flags);
	global_quarantine.tail = NULL;
	for (pp = &global_quarantine.head; *pp; ) {
		struct qlist_node *q = *pp;

		if (qlink_to_cache(q) == cache) {
			*pp = q->next;
			global_quarantine.bytes -= cache->size;
			q->next = NULL;
			*ftail = q;
			ftail = &q->next;
		} else {
			global_quarantine.tail = q;
			pp = &q->next;
		}
	}
	spin_unlock_irqrestore(&quarantine_lock, flags);
	qlist_free_all(free);
}
