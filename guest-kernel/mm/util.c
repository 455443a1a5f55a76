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
 *
 * The commit accounting of vm.overcommit_memory, as 5.10's
 * __vm_enough_memory: every request is first added to vm_committed_as,
 * then judged by the mode (0 GUESS: no single request beyond RAM plus
 * swap; 1 ALWAYS: anything; 2 NEVER: the total stays below
 * vm_commit_limit(), RAM * overcommit_ratio / 100 plus swap, less the
 * admin reserve for non-root and 1/32 of the caller's size up to the user
 * reserve); a refusal takes it back off and warns. The charges are the
 * VM_ACCOUNT VMAs of kernel/mm_user.c (private writable mappings, the
 * stack, the heap, a fork's copies), given back when they are unmapped.
 * Locking: one CPU, process context; a long store is atomic for readers.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/mman.h>
#include <linux/err.h>
#include <linux/export.h>
#include <asm/ptrace.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/jiffies.h>

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


int sysctl_overcommit_memory = OVERCOMMIT_GUESS;
int sysctl_overcommit_ratio = 50;
long vm_committed_as;
static unsigned long sysctl_user_reserve_kbytes = 1UL << 17;	/* 128 MiB */
static unsigned long sysctl_admin_reserve_kbytes = 1UL << 13;	/* 8 MiB */

/* 5.10's init_user_reserve and init_admin_reserve: 3% of free memory, capped */
static int __init init_reserves(void)
{
	unsigned long free_kbytes = nr_free_pages() << (PAGE_SHIFT - 10);

	sysctl_user_reserve_kbytes = min(free_kbytes / 32, 1UL << 17);
	sysctl_admin_reserve_kbytes = min(free_kbytes / 32, 1UL << 13);
	return 0;
}
subsys_initcall(init_reserves);

/* no hugetlb pages, no swap, no overcommit_kbytes */
unsigned long vm_commit_limit(void)
{
	return totalram_pages() * sysctl_overcommit_ratio / 100;
}

static void vm_acct_memory(long pages)
{
	vm_committed_as += pages;
}

void vm_unacct_memory(long pages)
{
	vm_committed_as -= pages;
}

/*
 * pr_warn_ratelimited's default state: 10 messages per 5 s, then a
 * "callbacks suppressed" line when the next window opens (___ratelimit).
 */
static bool enough_memory_ratelimit(void)
{
	static unsigned long begin;
	static int printed, missed;

	if (!begin || time_after(jiffies, begin + 5 * HZ)) {
		if (missed)
			pr_warn("%s: %d callbacks suppressed\n", "__vm_enough_memory", missed);
		begin = jiffies;
		printed = missed = 0;
	}
	if (printed < 10) {
		printed++;
		return true;
	}
	missed++;
	return false;
}

/* 0 if pages more may be committed (and they are), else -ENOMEM */
int __vm_enough_memory(struct mm_struct *mm, long pages, int cap_sys_admin)
{
	long allowed;

	vm_acct_memory(pages);
	if (sysctl_overcommit_memory == OVERCOMMIT_ALWAYS)
		return 0;
	if (sysctl_overcommit_memory == OVERCOMMIT_GUESS) {
		if (pages > (long)totalram_pages())
			goto error;
		return 0;
	}
	allowed = vm_commit_limit();
	if (!cap_sys_admin)
		allowed -= sysctl_admin_reserve_kbytes >> (PAGE_SHIFT - 10);
	if (mm) {
		long reserve = sysctl_user_reserve_kbytes >> (PAGE_SHIFT - 10);
		allowed -= min((long)mm->total_vm / 32, reserve);
	}
	if (max(vm_committed_as, 0L) < allowed)
		return 0;
error:
	if (enough_memory_ratelimit())
		pr_warn("%s: pid: %d, comm: %s, bytes: %lu not enough memory for the allocation\n",
			__func__, current->pid, current->comm, (unsigned long)pages << PAGE_SHIFT);
	vm_unacct_memory(pages);
	return -ENOMEM;
}
