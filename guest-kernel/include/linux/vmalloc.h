/* vmalloc.h: virtually contiguous allocations in [VMALLOC_START, VMALLOC_END). */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H
#include <linux/types.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/gfp.h>
#define VM_IOREMAP	0x00000001
#define VM_ALLOC	0x00000002
#define VM_MAP		0x00000004
#define VM_NO_GUARD	0x00000040
struct page;
struct vm_struct {
	struct vm_struct *next;
	void *addr;
	unsigned long size;		/* includes the guard page */
	unsigned long flags;
	struct page **pages;
	unsigned int nr_pages;
	phys_addr_t phys_addr;
	const void *caller;
};
struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;
	struct rb_node rb_node;		/* kmemleak scans from here on only */
	struct list_head list;
	struct vm_struct *vm;
};
void vmalloc_init(void);
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void *vmalloc_user(unsigned long size);
void *__vmalloc(unsigned long size, gfp_t gfp);
void *__vmalloc_node_range(unsigned long size, unsigned long align, unsigned long start,
			   unsigned long end, gfp_t gfp, unsigned long prot, unsigned long vm_flags,
			   int node, const void *caller);
void vfree(const void *addr);
void vmalloc_for_each_area(void (*fn)(void *ctx, const struct vm_struct *vm), void *ctx);
unsigned long vmalloc_nr_pages(void);
void *vmap(struct page **pages, unsigned int count, unsigned long flags, unsigned long prot);
void vunmap(const void *addr);
struct vm_struct *find_vm_area(const void *addr);
#define kvmalloc(s, g) ((s) > 4096 ? __vmalloc(s, g) : kmalloc(s, g))
#define kvzalloc(s, g) kvmalloc(s, (g) | __GFP_ZERO)
void kvfree(const void *addr);
#endif
