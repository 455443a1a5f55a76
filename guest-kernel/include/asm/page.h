/* page.h: address-space layout constants and __pa/__va. */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_OFFSET	0xffff888000000000UL
#define __START_KERNEL_map 0xffffffff80000000UL
#define VMALLOC_START	0xffffc90000000000UL
#define VMALLOC_END	0xffffe8ffffffffffUL
#define MODULES_VADDR	0xffffffffa0000000UL
#define MODULES_END	0xffffffffff000000UL
#define MODULES_LEN	(MODULES_END - MODULES_VADDR)
#define THREAD_SIZE	16384
#define __pa(x)		({ unsigned long _x = (unsigned long)(x); \
			   _x >= __START_KERNEL_map ? _x - __START_KERNEL_map : _x - PAGE_OFFSET; })
#define __va(x)		((void *)((unsigned long)(x) + PAGE_OFFSET))
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_PHYS(x)	((unsigned long)(x) << PAGE_SHIFT)
#endif
