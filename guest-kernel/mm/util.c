/*
 * util.c: vm_mmap and vm_munmap, mappings the kernel makes in the current
 * process's address space (as Linux's mm/util.c; a module's test of
 * copy_to_user needs real user memory to copy to).
 *
 * Both go through the mmap and munmap system calls' own code with the
 * arguments in a pt_regs, so a kernel-initiated mapping gets exactly the
 * checks, placement and VMA a user's mmap would. Only anonymous mappings
 * exist here (the syscall refuses files), and a kernel thread has no mm.
 * Called in process context; may sleep (page-table allocation).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/mman.h>
#include <linux/err.h>
#include <linux/export.h>
#include <asm/ptrace.h>

long __x64_sys_mmap(const struct pt_regs *regs);
long __x64_sys_munmap(const struct pt_regs *regs);

/* The user address of the mapping, or a negative errno cast to unsigned long (IS_ERR). */
unsigned long vm_mmap(struct file *file, unsigned long addr, unsigned long len, unsigned long prot,
		      unsigned long flag, unsigned long offset)
{
	struct pt_regs regs = { .di = addr, .si = len, .dx = prot, .r10 = flag, .r8 = -1UL, .r9 = offset };

	if (file)
		return -ENODEV;
	if (!current->mm)
		return -EINVAL;
	if (offset & ~PAGE_MASK)
		return -EINVAL;
	return __x64_sys_mmap(&regs);
}
EXPORT_SYMBOL(vm_mmap);

int vm_munmap(unsigned long start, size_t len)
{
	struct pt_regs regs = { .di = start, .si = len };

	if (!current->mm)
		return -EINVAL;
	return __x64_sys_munmap(&regs);
}
EXPORT_SYMBOL(vm_munmap);

