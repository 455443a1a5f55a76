/*
 * kasan.h: the Kernel Address Sanitizer's hooks (CONFIG_KASAN, generic
 * mode, mm/kasan/). The allocators, the module loader and the boot code
 * call these; without CONFIG_KASAN they are empty inlines.
 *
 * Shadow: one byte per 8-byte granule at (addr >> 3) + KASAN_SHADOW_OFFSET
 * (0xdffffc0000000000, the offset gcc is given with -fasan-shadow-offset):
 * 0 = all 8 bytes addressable, 1..7 = only the first N, negative = none
 * (the value says why: the poison values in mm/kasan/kasan.h).
 */
#ifndef _LINUX_KASAN_H
#define _LINUX_KASAN_H
#include <linux/types.h>
#include <linux/gfp.h>

struct kmem_cache;
struct page;

#define KASAN_SHADOW_SCALE_SHIFT 3
#define KASAN_SHADOW_OFFSET	0xdffffc0000000000UL
/* the shadow of the upper half: [0xffffec0000000000, 0xfffffc0000000000) */
#define KASAN_SHADOW_START	0xffffec0000000000UL
#define KASAN_SHADOW_END	0xfffffc0000000000UL

#ifdef CONFIG_KASAN
/* What a cache's slot holds for KASAN (kasan_cache_create sets it). */
struct kasan_cache {
	int alloc_meta_offset;		/* struct kasan_alloc_meta, from the object */
	int free_meta_offset;		/* struct kasan_free_meta (0: in the freed object itself) */
};

static inline void *kasan_mem_to_shadow(const void *addr)
{
	return (void *)(((unsigned long)addr >> KASAN_SHADOW_SCALE_SHIFT) + KASAN_SHADOW_OFFSET);
}

void kasan_early_init(void);
void kasan_init(void);
void kasan_alloc_pages(struct page *page, unsigned int order);
void kasan_free_pages(struct page *page, unsigned int order);
void kasan_cache_create(struct kmem_cache *cache, unsigned int *size, unsigned int *flags);
size_t kasan_metadata_size(struct kmem_cache *cache);
void kasan_poison_slab(struct page *page);
void kasan_unpoison_object_data(struct kmem_cache *cache, void *object);
void kasan_poison_object_data(struct kmem_cache *cache, void *object);
void kasan_init_slab_obj(struct kmem_cache *cache, const void *object);
/* both straight to __kasan_kmalloc, so the saved stack has its frame next to the allocator's (5.10's tail calls) */
void __kasan_kmalloc(struct kmem_cache *cache, const void *object, size_t size, gfp_t flags);
#define kasan_slab_alloc(cache, object, flags) __kasan_kmalloc(cache, object, (cache)->object_size, flags)
#define kasan_kmalloc(cache, object, size, flags) __kasan_kmalloc(cache, object, size, flags)
void kasan_kmalloc_large(const void *ptr, size_t size, gfp_t flags);
bool kasan_slab_free(struct kmem_cache *cache, void *object, unsigned long ip);
void kasan_kfree_large(void *ptr, unsigned long ip);
void kasan_record_aux_stack(void *ptr);
void kasan_cache_shutdown(struct kmem_cache *cache);
int kasan_module_alloc(void *addr, size_t size);
void kasan_unpoison_shadow(const void *addr, size_t size);
void kasan_poison_shadow(const void *addr, size_t size, u8 value);
void kasan_unpoison_task_stack_below(const void *watermark);
bool check_memory_region(unsigned long addr, size_t size, bool write, unsigned long ret_ip);
bool kasan_save_enable_multi_shot(void);
void kasan_restore_multi_shot(bool enabled);
void kasan_do_ctors(void);
/* bracket reads KASAN must not report (kmemleak's checksum and hex dump of whole blocks) */
void kasan_disable_current(void);
void kasan_enable_current(void);
void kasan_non_canonical_hook(unsigned long addr);
#else
static inline void kasan_non_canonical_hook(unsigned long addr) { }
static inline void kasan_disable_current(void) { }
static inline void kasan_enable_current(void) { }
static inline void kasan_early_init(void) { }
static inline void kasan_init(void) { }
static inline void kasan_record_aux_stack(void *ptr) { }
static inline void kasan_alloc_pages(struct page *page, unsigned int order) { }
static inline void kasan_free_pages(struct page *page, unsigned int order) { }
static inline void kasan_cache_create(struct kmem_cache *c, unsigned int *size, unsigned int *flags) { }
static inline size_t kasan_metadata_size(struct kmem_cache *cache) { return 0; }
static inline void kasan_poison_slab(struct page *page) { }
static inline void kasan_unpoison_object_data(struct kmem_cache *c, void *o) { }
static inline void kasan_poison_object_data(struct kmem_cache *c, void *o) { }
static inline void kasan_init_slab_obj(struct kmem_cache *c, const void *o) { }
static inline void kasan_slab_alloc(struct kmem_cache *c, void *o, gfp_t f) { }
static inline void kasan_kmalloc(struct kmem_cache *c, const void *o, size_t s, gfp_t f) { }
static inline void kasan_kmalloc_large(const void *p, size_t s, gfp_t f) { }
static inline bool kasan_slab_free(struct kmem_cache *c, void *o, unsigned long ip) { return false; }
static inline void kasan_kfree_large(void *p, unsigned long ip) { }
static inline void kasan_cache_shutdown(struct kmem_cache *c) { }
static inline int kasan_module_alloc(void *addr, size_t size) { return 0; }
static inline void kasan_unpoison_shadow(const void *addr, size_t size) { }
static inline void kasan_unpoison_task_stack_below(const void *w) { }
static inline void kasan_do_ctors(void) { }
#endif

#if defined(CONFIG_KASAN) && defined(CONFIG_KASAN_VMALLOC)
/* mm/kasan/init.c: real shadow for a vmalloc area, all KASAN_VMALLOC_INVALID until unpoisoned */
int kasan_populate_vmalloc(unsigned long addr, unsigned long size);
void kasan_poison_vmalloc(const void *start, unsigned long size);
void kasan_unpoison_vmalloc(const void *start, unsigned long size);
void kasan_release_vmalloc(unsigned long start, unsigned long end, unsigned long free_start, unsigned long free_end);
#else
static inline int kasan_populate_vmalloc(unsigned long addr, unsigned long size) { return 0; }
static inline void kasan_poison_vmalloc(const void *start, unsigned long size) { }
static inline void kasan_unpoison_vmalloc(const void *start, unsigned long size) { }
static inline void kasan_release_vmalloc(unsigned long start, unsigned long end, unsigned long free_start,
					 unsigned long free_end) { }
#endif
#endif
