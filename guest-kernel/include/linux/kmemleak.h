/* kmemleak.h: the kernel memory leak detector's API (mm/kmemleak.c). */
#ifndef _LINUX_KMEMLEAK_H
#define _LINUX_KMEMLEAK_H
#include <linux/types.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#ifdef CONFIG_DEBUG_KMEMLEAK
void kmemleak_init(void);
void kmemleak_alloc(const void *ptr, size_t size, int min_count, gfp_t gfp);
void kmemleak_alloc_percpu(const void *ptr, size_t size, gfp_t gfp);
void kmemleak_vmalloc(const struct vm_struct *area, size_t size, gfp_t gfp);
void kmemleak_free(const void *ptr);
void kmemleak_free_part(const void *ptr, size_t size);
void kmemleak_free_percpu(const void *ptr);
void kmemleak_update_trace(const void *ptr);
void kmemleak_not_leak(const void *ptr);
void kmemleak_ignore(const void *ptr);
void kmemleak_scan_area(const void *ptr, size_t size, gfp_t gfp);
void kmemleak_no_scan(const void *ptr);
void kmemleak_alloc_phys(phys_addr_t phys, size_t size, int min_count, gfp_t gfp);
void kmemleak_free_part_phys(phys_addr_t phys, size_t size);
void kmemleak_not_leak_phys(phys_addr_t phys);
void kmemleak_ignore_phys(phys_addr_t phys);
static inline void kmemleak_alloc_recursive(const void *ptr, size_t size, int min_count, slab_flags_t flags, gfp_t gfp)
{ if (!(flags & SLAB_NOLEAKTRACE)) kmemleak_alloc(ptr, size, min_count, gfp); }
static inline void kmemleak_free_recursive(const void *ptr, slab_flags_t flags)
{ if (!(flags & SLAB_NOLEAKTRACE)) kmemleak_free(ptr); }
static inline void kmemleak_erase(void **ptr) { *ptr = NULL; }
#else
static inline void kmemleak_init(void) { }
static inline void kmemleak_alloc(const void *p, size_t s, int m, gfp_t g) { }
static inline void kmemleak_alloc_recursive(const void *p, size_t s, int m, slab_flags_t f, gfp_t g) { }
static inline void kmemleak_alloc_percpu(const void *p, size_t s, gfp_t g) { }
static inline void kmemleak_vmalloc(const struct vm_struct *a, size_t s, gfp_t g) { }
static inline void kmemleak_free(const void *p) { }
static inline void kmemleak_free_part(const void *p, size_t s) { }
static inline void kmemleak_free_recursive(const void *p, slab_flags_t f) { }
static inline void kmemleak_free_percpu(const void *p) { }
static inline void kmemleak_update_trace(const void *p) { }
static inline void kmemleak_not_leak(const void *p) { }
static inline void kmemleak_ignore(const void *p) { }
static inline void kmemleak_scan_area(const void *p, size_t s, gfp_t g) { }
static inline void kmemleak_erase(void **p) { }
static inline void kmemleak_no_scan(const void *p) { }
static inline void kmemleak_alloc_phys(phys_addr_t p, size_t s, int m, gfp_t g) { }
static inline void kmemleak_free_part_phys(phys_addr_t p, size_t s) { }
static inline void kmemleak_not_leak_phys(phys_addr_t p) { }
static inline void kmemleak_ignore_phys(phys_addr_t p) { }
#endif
#endif
