/*
 * mm_user.c: user address spaces.
 *
 * An mm is a PML4 whose upper half (entries 256-511) is copied from the
 * kernel's, plus a sorted list of VMAs. Pages are demand-zero: a fault in
 * a VMA maps a fresh zeroed page with the VMA's permissions (NX unless
 * VM_EXEC); a fault outside any VMA, or a write to a read-only one, is
 * SIGSEGV with Linux's "segfault at" line. fork copies every present
 * page (no copy-on-write: processes here are small).
 *
 * uaccess does its own page-table walk for user addresses, faulting pages
 * of a VMA in as needed, so copy_to/from_user never oops: a bad pointer
 * is -EFAULT. Kernel addresses are only accepted while current->kernel_ds
 * is set (kernel_read/kernel_write).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/vfs.h>
#include <linux/export.h>

#define VM_READ 1
#define VM_WRITE 2
#define VM_EXEC 4
#define VM_STACK 0x100
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 1
#define MAP_PRIVATE 2
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MMAP_BASE 0x00007f0000000000UL
void die(const char *str, struct pt_regs *regs, long err);
void force_sig_fault(int sig, unsigned long addr, struct pt_regs *regs);
int send_sig(int sig, struct task_struct *p, int priv);

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);
	if (!mm)
		return NULL;
	mm->pgd = (unsigned long *)get_zeroed_page(GFP_KERNEL);
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	memcpy(mm->pgd + 256, swapper_pg_dir + 256, 256 * sizeof(long));
	mm->mm_users.counter = 1;
	mm->mmap_base = MMAP_BASE;
	return mm;
}

void switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
	unsigned long *pgd = next ? next->pgd : swapper_pg_dir;
	__asm__ __volatile__("mov %0, %%cr3" :: "r"(__pa(pgd)) : "memory");
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *v;
	for (v = mm->mmap; v; v = v->vm_next)
		if (addr >= v->vm_start && addr < v->vm_end)
			return v;
	return NULL;
}

static bool range_free(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *v;
	for (v = mm->mmap; v; v = v->vm_next)
		if (start < v->vm_end && end > v->vm_start)
			return false;
	return true;
}

int insert_vma(struct mm_struct *mm, unsigned long start, unsigned long end, unsigned long flags)
{
	struct vm_area_struct *v = kzalloc(sizeof(*v), GFP_KERNEL), **pp;
	if (!v)
		return -ENOMEM;
	v->vm_start = start;
	v->vm_end = end;
	v->vm_flags = flags;
	v->vm_mm = mm;
	for (pp = &mm->mmap; *pp && (*pp)->vm_start < start; pp = &(*pp)->vm_next)
		;
	v->vm_next = *pp;
	*pp = v;
	mm->total_vm += (end - start) >> PAGE_SHIFT;
	return 0;
}

static void free_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		unsigned long *pte = lookup_pte(mm->pgd, a, false);
		if (pte && (*pte & _PAGE_PRESENT)) {
			free_page((unsigned long)__va(*pte & PTE_PFN_MASK));
			*pte = 0;
			if (current->mm == mm)
				flush_tlb_one(a);
		}
	}
}

/* Removes [start, end) from the VMAs, splitting where needed. */
static int unmap_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct **pp = &mm->mmap, *v;
	while ((v = *pp)) {
		if (v->vm_end <= start || v->vm_start >= end) {
			pp = &v->vm_next;
			continue;
		}
		if (v->vm_start < start && v->vm_end > end) {
			int r = insert_vma(mm, end, v->vm_end, v->vm_flags);
			if (r)
				return r;
			mm->total_vm -= (v->vm_end - start) >> PAGE_SHIFT;
			v->vm_end = start;
			continue;
		}
		if (v->vm_start < start) {
			mm->total_vm -= (v->vm_end - start) >> PAGE_SHIFT;
			v->vm_end = start;
		} else if (v->vm_end > end) {
			mm->total_vm -= (end - v->vm_start) >> PAGE_SHIFT;
			v->vm_start = end;
		} else {
			*pp = v->vm_next;
			mm->total_vm -= (v->vm_end - v->vm_start) >> PAGE_SHIFT;
			kfree(v);
			continue;
		}
		pp = &v->vm_next;
	}
	free_page_range(mm, start, end);
	return 0;
}

static void free_pgtables(unsigned long *table, int level)
{
	for (int i = 0; i < (level == 4 ? 256 : 512); i++) {
		if (!(table[i] & _PAGE_PRESENT))
			continue;
		if (level > 1 && !(table[i] & _PAGE_PSE))
			free_pgtables(__va(table[i] & PTE_PFN_MASK), level - 1);
		else if (level == 1)
			free_page((unsigned long)__va(table[i] & PTE_PFN_MASK));
	}
	if (level != 4)
		free_page((unsigned long)table);
}

void mmput(struct mm_struct *mm)
{
	struct vm_area_struct *v, *n;
	if (--mm->mm_users.counter)
		return;
	for (v = mm->mmap; v; v = n) {
		n = v->vm_next;
		kfree(v);
	}
	free_pgtables(mm->pgd, 4);
	free_page((unsigned long)mm->pgd);
	kfree(mm);
}

void exit_mm(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	if (!mm)
		return;
	t->mm = NULL;
	switch_mm(mm, NULL);
	mmput(mm);
}

static unsigned long pte_flags(unsigned long vm_flags)
{
	unsigned long f = _PAGE_PRESENT | _PAGE_USER;
	if (vm_flags & VM_WRITE)
		f |= _PAGE_RW;
	if (!(vm_flags & VM_EXEC))
		f |= _PAGE_NX;
	return f;
}

/* Makes the page at addr present in mm; returns the PTE or NULL. */
static unsigned long *fault_in(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area_struct *v = find_vma(mm, addr);
	unsigned long *pte;
	void *page;

	if (!v || (write && !(v->vm_flags & VM_WRITE)))
		return NULL;
	pte = lookup_pte(mm->pgd, addr, true);
	if (!pte)
		return NULL;
	if (*pte & _PAGE_PRESENT)
		return pte;
	page = (void *)get_zeroed_page(GFP_KERNEL);
	if (!page)
		return NULL;
	*pte = __pa(page) | pte_flags(v->vm_flags);
	return pte;
}

/* Reads or writes len bytes at addr in mm through the direct map. */
int access_mm(struct mm_struct *mm, unsigned long addr, void *buf, int len, bool write)
{
	int done = 0;
	while (done < len) {
		unsigned long a = addr + done, *pte;
		int chunk = min((unsigned long)(len - done), PAGE_SIZE - (a & ~PAGE_MASK));
		char *kaddr;
		if (a >= TASK_SIZE)
			break;
		pte = fault_in(mm, a, write);
		if (!pte)
			break;
		kaddr = (char *)__va(*pte & PTE_PFN_MASK) + (a & ~PAGE_MASK);
		if (write)
			memcpy(kaddr, (char *)buf + done, chunk);
		else
			memcpy((char *)buf + done, kaddr, chunk);
		done += chunk;
	}
	return done;
}

int access_process_vm(struct task_struct *t, unsigned long addr, void *buf, int len)
{
	return t->mm ? access_mm(t->mm, addr, buf, len, false) : 0;
}

static bool kernel_ok(unsigned long addr, unsigned long n)
{
	return current->kernel_ds && addr >= TASK_SIZE && addr + n >= addr;
}

unsigned long _copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (kernel_ok((unsigned long)from, n)) {
		memcpy(to, from, n);
		return 0;
	}
	if (!current->mm || !access_ok(from, n))
		return n;
	return n - access_mm(current->mm, (unsigned long)from, to, n, false);
}
EXPORT_SYMBOL(_copy_from_user);

unsigned long _copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (kernel_ok((unsigned long)to, n)) {
		memcpy(to, from, n);
		return 0;
	}
	if (!current->mm || !access_ok(to, n))
		return n;
	return n - access_mm(current->mm, (unsigned long)to, (void *)from, n, true);
}
EXPORT_SYMBOL(_copy_to_user);

unsigned long clear_user(void __user *to, unsigned long n)
{
	static const char zeros[256];
	unsigned long done = 0;
	while (done < n) {
		unsigned long c = min(n - done, sizeof(zeros));
		if (copy_to_user((char *)to + done, zeros, c))
			return n - done;
		done += c;
	}
	return 0;
}
EXPORT_SYMBOL(clear_user);

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i;
	for (i = 0; i < count; i++) {
		if (copy_from_user(dst + i, src + i, 1))
			return -EFAULT;
		if (!dst[i])
			return i;
	}
	return count;
}
EXPORT_SYMBOL(strncpy_from_user);

long strnlen_user(const char __user *s, long n)
{
	char c;
	for (long i = 0; i < n; i++) {
		if (copy_from_user(&c, s + i, 1))
			return 0;
		if (!c)
			return i + 1;
	}
	return n + 1;
}

/* fork: a copy of every VMA and every present page. */
struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *v;
	if (!mm)
		return NULL;
	memcpy(&mm->start_code, &old->start_code, (char *)&mm->total_vm - (char *)&mm->start_code);
	for (v = old->mmap; v; v = v->vm_next) {
		if (insert_vma(mm, v->vm_start, v->vm_end, v->vm_flags))
			goto fail;
		for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
			unsigned long *src = lookup_pte(old->pgd, a, false), *dst;
			void *page;
			if (!src || !(*src & _PAGE_PRESENT))
				continue;
			page = (void *)__get_free_page(GFP_KERNEL);
			dst = page ? lookup_pte(mm->pgd, a, true) : NULL;
			if (!dst) {
				free_page((unsigned long)page);
				goto fail;
			}
			memcpy(page, __va(*src & PTE_PFN_MASK), PAGE_SIZE);
			*dst = __pa(page) | (*src & ~PTE_PFN_MASK);
		}
	}
	return mm;
fail:
	mmput(mm);
	return NULL;
}

static void show_signal_msg(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	struct task_struct *tsk = current;
	struct vm_area_struct *v = tsk->mm ? find_vma(tsk->mm, regs->ip) : NULL;
	printk(KERN_INFO "%s[%d]: segfault at %lx ip %px sp %px error %lx", tsk->comm, tsk->pid, address,
	       (void *)regs->ip, (void *)regs->sp, error_code);
	if (v)
		printk(KERN_CONT " in %s[%lx+%lx]", tsk->comm, v->vm_start, v->vm_end - v->vm_start);
	printk(KERN_CONT "\n");
}

void do_page_fault(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	bool write = error_code & 2, user = error_code & 4, present = error_code & 1;

	if (user) {
		if (!present && address < TASK_SIZE && current->mm && fault_in(current->mm, address, write)) {
			flush_tlb_one(address);
			return;
		}
		show_signal_msg(regs, error_code, address);
		force_sig_fault(SIGSEGV, address, regs);
		return;
	}
	if (address < PAGE_SIZE)
		pr_alert("BUG: kernel NULL pointer dereference, address: %016lx\n", address);
	else
		pr_alert("BUG: unable to handle page fault for address: %016lx\n", address);
	pr_alert("#PF: supervisor %s access in kernel mode\n", (error_code & 16) ? "instruction fetch" : write ? "write" : "read");
	pr_alert("#PF: error_code(0x%04lx) - %s\n", error_code, present ? "permissions violation" : "not-present page");
	die("Oops", regs, error_code);
}

int fixup_exception(struct pt_regs *regs)
{
	return 0;
}

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long old = PAGE_ALIGN(mm->brk), new = PAGE_ALIGN(brk);
	if (brk < mm->start_brk)
		return mm->brk;
	if (new > old) {
		if (!range_free(mm, old, new) || insert_vma(mm, old, new, VM_READ | VM_WRITE))
			return mm->brk;
	} else if (new < old) {
		unmap_range(mm, new, old);
	}
	mm->brk = brk;
	return brk;
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot, unsigned long, flags,
		unsigned long, fd, unsigned long, off)
{
	struct mm_struct *mm = current->mm;
	unsigned long vmf = 0;
	if (!len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV;		/* only anonymous memory */
	if (prot & PROT_READ) vmf |= VM_READ;
	if (prot & PROT_WRITE) vmf |= VM_WRITE;
	if (prot & PROT_EXEC) vmf |= VM_EXEC;
	if (flags & MAP_FIXED) {
		if ((addr & ~PAGE_MASK) || addr + len > TASK_SIZE || addr + len < addr)
			return -EINVAL;
		unmap_range(mm, addr, addr + len);
	} else {
		addr = mm->mmap_base;
		while (!range_free(mm, addr, addr + len))
			addr += PAGE_SIZE;
		mm->mmap_base = addr + len;
	}
	if (insert_vma(mm, addr, addr + len, vmf))
		return -ENOMEM;
	return addr;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	if ((addr & ~PAGE_MASK) || !len)
		return -EINVAL;
	return unmap_range(current->mm, addr, addr + PAGE_ALIGN(len));
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len, unsigned long, prot)
{
	struct vm_area_struct *v;
	unsigned long end = start + PAGE_ALIGN(len);
	for (v = current->mm->mmap; v; v = v->vm_next) {
		if (v->vm_start >= start && v->vm_end <= end) {
			v->vm_flags = (v->vm_flags & ~7UL) | (prot & 7);
			for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
				unsigned long *pte = lookup_pte(current->mm->pgd, a, false);
				if (pte && (*pte & _PAGE_PRESENT)) {
					*pte = (*pte & PTE_PFN_MASK) | pte_flags(v->vm_flags);
					flush_tlb_one(a);
				}
			}
		}
	}
	return 0;
}
