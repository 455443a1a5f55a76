/*
 * mman.h: mmap's protection and flag bits (x86-64 values, as Linux's
 * uapi asm-generic/mman-common.h and linux/mman.h) and vm_mmap, the
 * kernel's way to map memory into the current process (mm/util.c).
 */
#ifndef _LINUX_MMAN_H
#define _LINUX_MMAN_H
#include <linux/types.h>
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define PROT_NONE	0x0
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
struct file;
unsigned long vm_mmap(struct file *file, unsigned long addr, unsigned long len, unsigned long prot,
		      unsigned long flag, unsigned long offset);
int vm_munmap(unsigned long start, size_t len);
#endif
