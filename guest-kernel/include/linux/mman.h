/*
 * mman.h: mmap's protection and flag bits (x86-64 values, as Linux's
 * uapi asm-generic/mman-common.h and linux/mman.h) and vm_mmap, the
 * kernel's way to map memory into the current process (mm/util.c), and
 * the commit accounting behind vm.overcommit_memory (mm/util.c's
 * __vm_enough_memory; the VMA flags that carry a charge).
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
#define VM_SHARED	0x00000008	/* vm_flags, as linux/mm.h */
#define VM_ACCOUNT	0x00100000	/* the VMA's pages are charged to vm_committed_as */
#define VM_NORESERVE	0x00200000	/* MAP_NORESERVE outside OVERCOMMIT_NEVER: never charged */
#define OVERCOMMIT_GUESS	0
#define OVERCOMMIT_ALWAYS	1
#define OVERCOMMIT_NEVER	2
extern int sysctl_overcommit_memory, sysctl_overcommit_ratio;
extern long vm_committed_as;		/* pages; one CPU, so a plain counter */
struct mm_struct;
int __vm_enough_memory(struct mm_struct *mm, long pages, int cap_sys_admin);
void vm_unacct_memory(long pages);
unsigned long vm_commit_limit(void);
struct file;
unsigned long vm_mmap(struct file *file, unsigned long addr, unsigned long len, unsigned long prot,
		      unsigned long flag, unsigned long offset);
int vm_munmap(unsigned long start, size_t len);
#endif
