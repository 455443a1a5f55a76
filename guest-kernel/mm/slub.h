/*
 * mm/slub.h: what mm/slub.c shares with its sysfs side (mm/slub_sysfs.c)
 * and with failslab (mm/failslab.c). Not for the rest of the kernel.
 */
#ifndef _MM_SLUB_H
#define _MM_SLUB_H
#include <linux/slab.h>
#include <linux/spinlock.h>

#define SLAB_DEBUG_FLAGS (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | SLAB_CONSISTENCY_CHECKS)
enum track_item { TRACK_ALLOC, TRACK_FREE };

extern spinlock_t slab_lock;		/* every cache's lists and slab pages */
long validate_slab_cache(struct kmem_cache *s);
int list_locations(struct kmem_cache *s, char *buf, size_t size, enum track_item alloc);
int sysfs_slab_add(struct kmem_cache *s);
void sysfs_slab_remove(struct kmem_cache *s);
#endif
