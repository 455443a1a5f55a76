/*
 * vmalloc.c: virtually contiguous memory from single pages.
 *
 * The area [VMALLOC_START, VMALLOC_END) is handed out first-fit from a
 * list of busy vmap_areas sorted by address (each area is followed by one
 * unmapped guard page; its start aligned as asked: task stacks are
 * THREAD_SIZE-aligned, kernel/thread_stack.c). As in Linux 5.10, a vmalloc makes three kmemleak
 * objects: the vmap_area (slab, only its rb_node onward is scanned, so
 * the va_start/va_end words do not count as references), the vm_struct
 * (kmalloc) and the block itself, tracked with its page-aligned size and
 * min_count 2; references to the vm_struct are credited to the block
 * (excess_ref), so a block only referenced through its own vm_struct is
 * reported.
 *
 * Locking: vmap_lock (a mutex would do; areas are changed from task
 * context only).
 */
#include <linux/kernel.h>
#include <linux/kasan.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/kmemleak.h>
#include <linux/spinlock.h>
#include <linux/export.h>
#include <linux/oom.h>

static LIST_HEAD(vmap_area_list);
static struct kmem_cache *vmap_area_cachep;
static DEFINE_SPINLOCK(vmap_lock);

void __init vmalloc_init(void)
{
	vmap_area_cachep = KMEM_CACHE(vmap_area, SLAB_PANIC);
}

static struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align, unsigned long start,
					 unsigned long end, gfp_t gfp)
{
	struct vmap_area *va, *p;
	unsigned long addr = ALIGN(start, align);

	va = kmem_cache_alloc(vmap_area_cachep, gfp & ~__GFP_ZERO);
	if (!va)
		return NULL;
	/* only the rb_node and what follows hold references */
	kmemleak_scan_area(&va->rb_node, SIZE_MAX, gfp);
	spin_lock(&vmap_lock);
	list_for_each_entry(p, &vmap_area_list, list) {
		if (p->va_end <= addr)
			continue;
		if (addr + size <= p->va_start)
			break;
		addr = ALIGN(p->va_end, align);
	}
	if (addr + size > end || addr + size < addr) {
		spin_unlock(&vmap_lock);
		kmem_cache_free(vmap_area_cachep, va);
		return NULL;
	}
	va->va_start = addr;
	va->va_end = addr + size;
	va->vm = NULL;
	list_add_tail(&va->list, &p->list);
	spin_unlock(&vmap_lock);
	return va;
}

/*
 * Take va off the busy list (vmap_lock held). With KASAN_VMALLOC its
 * shadow goes too, where only free vmalloc space used it (the free space
 * around va reaches the neighbours' ends: kasan_release_vmalloc).
 */
static void unlink_vmap_area(struct vmap_area *va)
{
	unsigned long free_start = VMALLOC_START, free_end = VMALLOC_END;

	if (va->list.prev != &vmap_area_list)
		free_start = max(free_start, list_entry(va->list.prev, struct vmap_area, list)->va_end);
	if (va->list.next != &vmap_area_list)
		free_end = min(free_end, list_entry(va->list.next, struct vmap_area, list)->va_start);
	list_del(&va->list);
	if (is_vmalloc_addr((void *)va->va_start))
		kasan_release_vmalloc(va->va_start, va->va_end, free_start, free_end);
}

static struct vmap_area *find_vmap_area(unsigned long addr)
{
	struct vmap_area *va;
	list_for_each_entry(va, &vmap_area_list, list)
		if (va->va_start == addr)
			return va;
	return NULL;
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vmap_area *va = find_vmap_area((unsigned long)addr);
	return va ? va->vm : NULL;
}
EXPORT_SYMBOL(find_vm_area);

static struct vm_struct *__get_vm_area_node(unsigned long size, unsigned long align, unsigned long flags,
					    unsigned long start, unsigned long end, gfp_t gfp, const void *caller)
{
	struct vm_struct *area;
	struct vmap_area *va;

	size = PAGE_ALIGN(size);
	area = kzalloc(sizeof(*area), gfp);
	if (!area)
		return NULL;
	if (!(flags & VM_NO_GUARD))
		size += PAGE_SIZE;
	va = alloc_vmap_area(size, align, start, end, gfp);
	if (!va) {
		kfree(area);
		return NULL;
	}
	area->flags = flags;
	area->addr = (void *)va->va_start;
	area->size = size;
	area->caller = caller;
	va->vm = area;
	return area;
}

static unsigned long area_size(const struct vm_struct *area)
{
	return (area->flags & VM_NO_GUARD) ? area->size : area->size - PAGE_SIZE;
}

static void free_area_pages(struct vm_struct *area)
{
	for (unsigned int i = 0; i < area->nr_pages; i++) {
		unmap_kernel_page((unsigned long)area->addr + i * PAGE_SIZE);
		if (area->pages[i])
			__free_pages(area->pages[i], 0);
	}
	kfree(area->pages);
}

/*
 * As 5.10: a failure to reserve the range warns "vmalloc: allocation
 * failure: N bytes" (the size asked for); a failure while filling it
 * (the page array or a page, allocated __GFP_NOWARN so only this warns)
 * warns "allocated X of Y bytes", Y counting the guard page.
 */
void *__vmalloc_node_range(unsigned long size, unsigned long align, unsigned long start, unsigned long end,
			   gfp_t gfp, unsigned long prot, unsigned long vm_flags, int node, const void *caller)
{
	struct vm_struct *area;
	unsigned long real_size = size;
	unsigned int nr;

	size = PAGE_ALIGN(size);
	if (!size || (size >> PAGE_SHIFT) > totalram_pages())
		goto fail;
	area = __get_vm_area_node(size, align ? align : 1, VM_ALLOC | vm_flags, start, end, gfp, caller);
	if (!area)
		goto fail;
	/* CONFIG_KASAN_VMALLOC: the area's shadow, poisoned, then what was asked for unpoisoned (below) */
	if (kasan_populate_vmalloc((unsigned long)area->addr, area->size))
		goto fail_area;
	nr = size >> PAGE_SHIFT;
	area->pages = kcalloc(nr, sizeof(struct page *), gfp & ~__GFP_ZERO);
	if (!area->pages)
		goto fail_area;
	for (unsigned int i = 0; i < nr; i++) {
		struct page *page = alloc_page(gfp | __GFP_NOWARN);
		if (!page)
			goto fail_pages;
		area->pages[i] = page;
		area->nr_pages = i + 1;
		if (map_kernel_page((unsigned long)area->addr + i * PAGE_SIZE, page_to_phys(page), prot))
			goto fail_pages;
	}
	kasan_unpoison_vmalloc(area->addr, real_size);
	kmemleak_vmalloc(area, size, gfp);
	return area->addr;

fail_pages:
	warn_alloc(gfp, "vmalloc: allocation failure, allocated %lu of %lu bytes", area->nr_pages * PAGE_SIZE,
		   size + PAGE_SIZE);
	free_area_pages(area);
fail_area:
	{
		struct vmap_area *va = find_vmap_area((unsigned long)area->addr);
		spin_lock(&vmap_lock);
		unlink_vmap_area(va);
		spin_unlock(&vmap_lock);
		kmem_cache_free(vmap_area_cachep, va);
		kfree(area);
	}
	return NULL;
fail:
	warn_alloc(gfp, "vmalloc: allocation failure: %lu bytes", real_size);
	return NULL;
}

void *__vmalloc(unsigned long size, gfp_t gfp)
{
	return __vmalloc_node_range(size, 1, VMALLOC_START, VMALLOC_END, gfp, PAGE_KERNEL, 0, -1,
				    __builtin_return_address(0));
}
EXPORT_SYMBOL(__vmalloc);

void *vmalloc(unsigned long size)
{
	return __vmalloc_node_range(size, 1, VMALLOC_START, VMALLOC_END, GFP_KERNEL, PAGE_KERNEL, 0, -1,
				    __builtin_return_address(0));
}
EXPORT_SYMBOL(vmalloc);

void *vzalloc(unsigned long size)
{
	return __vmalloc_node_range(size, 1, VMALLOC_START, VMALLOC_END, GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL,
				    0, -1, __builtin_return_address(0));
}
EXPORT_SYMBOL(vzalloc);

void *vmalloc_user(unsigned long size)
{
	return vzalloc(size);
}
EXPORT_SYMBOL(vmalloc_user);

void vfree(const void *addr)
{
	struct vmap_area *va;
	struct vm_struct *area;

	if (!addr)
		return;
	kmemleak_free(addr);
	spin_lock(&vmap_lock);
	va = find_vmap_area((unsigned long)addr);
	if (!va) {
		spin_unlock(&vmap_lock);
		WARN(1, "Trying to vfree() nonexistent vm area (%p)\n", addr);
		return;
	}
	area = va->vm;
	kasan_poison_vmalloc(area->addr, area->size);
	unlink_vmap_area(va);
	spin_unlock(&vmap_lock);
	free_area_pages(area);
	kmem_cache_free(vmap_area_cachep, va);
	kfree(area);
}
EXPORT_SYMBOL(vfree);

void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}
EXPORT_SYMBOL(kvfree);

struct page *vmalloc_to_page(const void *addr)
{
	unsigned long *pte = lookup_pte(swapper_pg_dir, (unsigned long)addr, false);
	if (!pte || !(*pte & _PAGE_PRESENT))
		return NULL;
	return pfn_to_page((*pte & PTE_PFN_MASK) >> PAGE_SHIFT);
}
EXPORT_SYMBOL(vmalloc_to_page);

/* Module memory: executable and RW areas in [MODULES_VADDR, MODULES_END). */
void *module_alloc(unsigned long size)
{
	void *p = __vmalloc_node_range(size, 1, MODULES_VADDR, MODULES_END, GFP_KERNEL, PAGE_KERNEL_EXEC, 0, -1,
				       __builtin_return_address(0));

	/* CONFIG_KASAN: modules are instrumented, their memory gets real shadow */
	if (p && kasan_module_alloc(p, size) < 0) {
		vfree(p);
		return NULL;
	}
	return p;
}

void *__alloc_percpu_gfp(size_t size, size_t align, gfp_t gfp)
{
	void *p = kzalloc(size, gfp);
	/* 5.10: percpu memory is scanned but never reported */
	kmemleak_not_leak(p);
	return p;
}
EXPORT_SYMBOL(__alloc_percpu_gfp);

void *__alloc_percpu(size_t size, size_t align)
{
	return __alloc_percpu_gfp(size, align, GFP_KERNEL);
}
EXPORT_SYMBOL(__alloc_percpu);

void free_percpu(void *p)
{
	kfree(p);
}
EXPORT_SYMBOL(free_percpu);

/* /proc/vmallocinfo (fs/proc_mem.c): fn for each area in address order, under vmap_lock. */
void vmalloc_for_each_area(void (*fn)(void *ctx, const struct vm_struct *vm), void *ctx)
{
	struct vmap_area *va;
	spin_lock(&vmap_lock);
	list_for_each_entry(va, &vmap_area_list, list)
		if (va->vm)
			fn(ctx, va->vm);
	spin_unlock(&vmap_lock);
}

/* Pages backing vmalloc areas: meminfo's VmallocUsed (vmalloc_nr_pages in Linux). */
unsigned long vmalloc_nr_pages(void)
{
	struct vmap_area *va;
	unsigned long n = 0;
	spin_lock(&vmap_lock);
	list_for_each_entry(va, &vmap_area_list, list)
		if (va->vm)
			n += va->vm->nr_pages;
	spin_unlock(&vmap_lock);
	return n;
}
