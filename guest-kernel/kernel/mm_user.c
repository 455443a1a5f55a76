/*
 * mm_user.c: user address spaces.
 *
 * An mm is a PML4 whose upper half (entries 256-511) is copied from the
 * kernel's, plus a sorted list of VMAs. Pages are demand-zero: a fault in
 * a VMA maps a fresh zeroed page with the VMA's permissions (NX unless
 * VM_EXEC); a fault outside any VMA, or a write to a read-only one, is
 * SIGSEGV with Linux's "segfault at" line. fork copies every present
 * page of a writable VMA (no copy-on-write: processes here are small) and
 * shares those of a read-only one (text, rodata) with a page reference,
 * as Linux's COW would leave them; mprotect making such a VMA writable
 * first gives each still-shared page a private copy. Without the sharing,
 * a child costs the parent's whole resident set, and forking up to
 * max_threads (sized for kernel stacks alone, 1/8 of RAM) ran a 32 MiB
 * machine out of memory once the parent's text grew by a page.
 *
 * uaccess does its own page-table walk for user addresses, faulting pages
 * of a VMA in as needed, so copy_to/from_user never oops: a bad pointer
 * is -EFAULT. Kernel addresses are only accepted while current->kernel_ds
 * is set (kernel_read/kernel_write).
 *
 * Bounds: no loop here is as long as a length from user space. Ranges of
 * pages are walked through the page tables (next_present_pte skips absent
 * tables), free address space is found by walking the sorted VMA list
 * (at most MAX_MAP_COUNT entries).
 *
 * Commit accounting (vm.overcommit_memory, mm/util.c's __vm_enough_memory)
 * follows 5.10: a VMA flagged VM_ACCOUNT is charged when insert_vma
 * creates it (a private writable or shared mmap without MAP_NORESERVE,
 * the writable ELF segments, the stack, a fork's copy) or when brk or
 * mprotect make it larger or writable, and the charge is given back when
 * its pages are unmapped or the mm goes away. A refused charge is ENOMEM;
 * the pages themselves are still only allocated when touched.
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
#include <linux/oom.h>
#include <linux/mman.h>
#include <linux/vmstat.h>

#ifdef CONFIG_KASAN
#define uaccess_memcpy __memcpy	/* the kernel buffer was checked once, whole */
#else
#define uaccess_memcpy memcpy
#endif

#define VM_READ 1
#define VM_WRITE 2
#define VM_EXEC 4
#define VM_STACK 0x100
#define PROT_SEM 0x8
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP 0x02000000
#define MAP_SHARED_VALIDATE 3
#define MAP_TYPE 0x0f
#define MAP_NORESERVE 0x4000
#define MMAP_BASE 0x00007f0000000000UL
#define TASK_UNMAPPED_BASE PAGE_ALIGN(TASK_SIZE / 3)	/* where the second search starts */
#define MMAP_MIN_ADDR 65536UL				/* vm.mmap_min_addr */
#define MAX_MAP_COUNT 65530				/* vm.max_map_count */
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

static long vma_pages(const struct vm_area_struct *v)
{
	return (v->vm_end - v->vm_start) >> PAGE_SHIFT;
}

/* A new VMA; one flagged VM_ACCOUNT is charged first (insert_vm_struct). */
int insert_vma(struct mm_struct *mm, unsigned long start, unsigned long end, unsigned long flags)
{
	struct vm_area_struct *v, **pp;
	long pages = (end - start) >> PAGE_SHIFT;
	if (mm->map_count >= MAX_MAP_COUNT)
		return -ENOMEM;
	if ((flags & VM_ACCOUNT) && __vm_enough_memory(mm, pages, 1))
		return -ENOMEM;
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v) {
		if (flags & VM_ACCOUNT)
			vm_unacct_memory(pages);
		return -ENOMEM;
	}
	v->vm_start = start;
	v->vm_end = end;
	v->vm_flags = flags;
	v->vm_mm = mm;
	for (pp = &mm->mmap; *pp && (*pp)->vm_start < start; pp = &(*pp)->vm_next)
		;
	v->vm_next = *pp;
	*pp = v;
	mm->total_vm += (end - start) >> PAGE_SHIFT;
	mm->map_count++;
	return 0;
}

/* Cuts the VMA that contains addr (if any, and not at its start) in two. */
static int split_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *v = find_vma(mm, addr), *n;
	if (!v || v->vm_start == addr)
		return 0;
	if (mm->map_count >= MAX_MAP_COUNT)
		return -ENOMEM;
	n = kmemdup(v, sizeof(*v), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	n->vm_start = addr;
	v->vm_end = addr;
	v->vm_next = n;
	mm->map_count++;
	return 0;
}

/*
 * The first present PTE of pgd's user half in [*addr, end), or NULL; *addr
 * becomes its address. Absent upper tables are skipped whole, so the cost
 * is what is mapped, not the size of the range.
 */
static unsigned long *next_present_pte(unsigned long *pgd, unsigned long *addr, unsigned long end)
{
	unsigned long a = *addr;
	while (a < end) {
		unsigned long *table = pgd, *e;
		int shift;
		for (shift = 39;; shift -= 9) {
			e = &table[(a >> shift) & 511];
			if (!(*e & _PAGE_PRESENT) || shift == PAGE_SHIFT)
				break;
			table = __va(*e & PTE_PFN_MASK);
		}
		if (*e & _PAGE_PRESENT) {
			*addr = a;
			return e;
		}
		a = (a | ((1UL << shift) - 1)) + 1;
	}
	return NULL;
}

static void free_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned long a = start, *pte;
	while ((pte = next_present_pte(mm->pgd, &a, end))) {
		free_page((unsigned long)__va(*pte & PTE_PFN_MASK));
		*pte = 0;
		mm->anon_rss--;
		if (current->mm == mm)
			flush_tlb_one(a);
		a += PAGE_SIZE;
		cond_resched();
	}
}

/* Removes [start, end) from the VMAs, splitting where needed. */
static int unmap_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct **pp = &mm->mmap, *v;
	int r = split_vma(mm, start);
	if (!r)
		r = split_vma(mm, end);
	if (r)
		return r;
	while ((v = *pp)) {
		if (v->vm_start >= start && v->vm_end <= end) {
			*pp = v->vm_next;
			mm->total_vm -= vma_pages(v);
			if (v->vm_flags & VM_ACCOUNT)
				vm_unacct_memory(vma_pages(v));
			mm->map_count--;
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
		if (v->vm_flags & VM_ACCOUNT)
			vm_unacct_memory(vma_pages(v));
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
	/* handle_mm_fault: a fault Linux takes here, from user mode or from uaccess */
	count_vm_event(PGFAULT);
	page = (void *)__get_free_page(GFP_HIGHUSER_MOVABLE | __GFP_ZERO);
	if (!page)
		return NULL;
	*pte = __pa(page) | pte_flags(v->vm_flags);
	mm->anon_rss++;
	return pte;
}

/* Reads or writes len bytes at addr in mm through the direct map. */
unsigned long access_mm(struct mm_struct *mm, unsigned long addr, void *buf, unsigned long len, bool write)
{
	unsigned long done = 0;
	while (done < len) {
		unsigned long a = addr + done, *pte;
		unsigned long chunk = min(len - done, PAGE_SIZE - (a & ~PAGE_MASK));
		char *kaddr;
		if (a >= TASK_SIZE)
			break;
		pte = fault_in(mm, a, write);
		if (!pte)
			break;
		kaddr = (char *)__va(*pte & PTE_PFN_MASK) + (a & ~PAGE_MASK);
		if (write)
			uaccess_memcpy(kaddr, (char *)buf + done, chunk);
		else
			uaccess_memcpy((char *)buf + done, kaddr, chunk);
		done += chunk;
		if (!(done & ((1UL << 20) - 1)))
			cond_resched();
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

/* The copies themselves, without KASAN's check of the kernel buffer (the callers make it). */
static __always_inline unsigned long copy_from_user_nocheck(void *to, const void __user *from, unsigned long n)
{
	if (kernel_ok((unsigned long)from, n)) {
		uaccess_memcpy(to, from, n);
		return 0;
	}
	if (!current->mm || !access_ok(from, n))
		return n;
	return n - access_mm(current->mm, (unsigned long)from, to, n, false);
}

static __always_inline unsigned long copy_to_user_nocheck(void __user *to, const void *from, unsigned long n)
{
	if (kernel_ok((unsigned long)to, n)) {
		uaccess_memcpy(to, from, n);
		return 0;
	}
	if (!current->mm || !access_ok(to, n))
		return n;
	return n - access_mm(current->mm, (unsigned long)to, (void *)from, n, true);
}

unsigned long _copy_from_user(void *to, const void __user *from, unsigned long n)
{
	instrument_copy_from_user(to, n);
	return copy_from_user_nocheck(to, from, n);
}
EXPORT_SYMBOL(_copy_from_user);

unsigned long _copy_to_user(void __user *to, const void *from, unsigned long n)
{
	instrument_copy_to_user(from, n);
	return copy_to_user_nocheck(to, from, n);
}
EXPORT_SYMBOL(_copy_to_user);

#ifdef CONFIG_KASAN
/* __copy_{from,to}_user: the check is inlined at the caller (uaccess.h), as 5.10's raw_copy_*_user */
unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return copy_from_user_nocheck(to, from, n);
}
EXPORT_SYMBOL(raw_copy_from_user);

unsigned long raw_copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return copy_to_user_nocheck(to, from, n);
}
EXPORT_SYMBOL(raw_copy_to_user);
#endif

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

/* How much of [a, a + n) lies in a's page: strings are read a page at a time. */
static long in_page(unsigned long a, long n)
{
	return min(n, (long)(PAGE_SIZE - (a & ~PAGE_MASK)));
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i = 0;
	/* CONFIG_KASAN: the whole destination is checked once, as 5.10 does */
	instrument_copy_from_user(dst, count);
	while (i < count) {
		long chunk = in_page((unsigned long)src + i, count - i);
		char *nul;
		if (copy_from_user_nocheck(dst + i, src + i, chunk))
			return -EFAULT;
		nul = memchr(dst + i, 0, chunk);
		if (nul)
			return nul - dst;
		i += chunk;
	}
	return count;
}
EXPORT_SYMBOL(strncpy_from_user);

long strnlen_user(const char __user *s, long n)
{
	char buf[128];
	long i = 0;
	while (i < n) {
		long chunk = min(in_page((unsigned long)s + i, n - i), (long)sizeof(buf));
		char *nul;
		if (copy_from_user(buf, s + i, chunk))
			return 0;
		nul = memchr(buf, 0, chunk);
		if (nul)
			return i + (nul - buf) + 1;
		i += chunk;
	}
	return n + 1;
}

/* A page fork shared between read-only VMAs: a private copy before it becomes writable. */
static int unshare_page(unsigned long *pte)
{
	void *cur = __va(*pte & PTE_PFN_MASK), *copy;
	struct page *pg = virt_to_page(cur);
	if (page_count(pg) == 1)
		return 0;
	copy = (void *)__get_free_page(GFP_HIGHUSER_MOVABLE);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, cur, PAGE_SIZE);
	*pte = __pa(copy) | (*pte & ~PTE_PFN_MASK);
	put_page(pg);
	return 0;
}

/* fork: a copy of every VMA; a copy of each present page, or the page itself where the VMA is read-only. */
struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *v;
	if (!mm)
		return NULL;
	memcpy(&mm->start_code, &old->start_code, (char *)&mm->total_vm - (char *)&mm->start_code);
	for (v = old->mmap; v; v = v->vm_next) {
		unsigned long a = v->vm_start, *src;
		if (insert_vma(mm, v->vm_start, v->vm_end, v->vm_flags))
			goto fail;
		for (; (src = next_present_pte(old->pgd, &a, v->vm_end)); a += PAGE_SIZE) {
			if (!(v->vm_flags & VM_WRITE)) {
				unsigned long *dst = lookup_pte(mm->pgd, a, true);
				if (!dst)
					goto fail;
				get_page(virt_to_page(__va(*src & PTE_PFN_MASK)));
				*dst = *src;
				mm->anon_rss++;
				continue;
			}
			void *page = (void *)__get_free_page(GFP_HIGHUSER_MOVABLE);
			unsigned long *dst = page ? lookup_pte(mm->pgd, a, true) : NULL;
			if (!dst) {
				free_page((unsigned long)page);
				goto fail;
			}
			if (!(*src & _PAGE_PRESENT)) {	/* the OOM killer reaped it meanwhile */
				free_page((unsigned long)page);
				continue;
			}
			memcpy(page, __va(*src & PTE_PFN_MASK), PAGE_SIZE);
			*dst = __pa(page) | (*src & ~PTE_PFN_MASK);
			mm->anon_rss++;
			cond_resched();
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

/*
 * The oom_reaper's work: every page of mm goes back, its page tables stay.
 * Returns the anonymous pages left, read before the reference taken here
 * is dropped: the victim may have exited meanwhile, and then this mmput
 * frees the mm (Linux's oom_reap_task_mm prints them under mmgrab).
 */
unsigned long oom_reap_mm(struct mm_struct *mm)
{
	unsigned long left;

	/*
	 * free_page_range yields (cond_resched), and the SIGKILLed victim may
	 * run and exit meanwhile: its mmput must not free the VMAs and tables
	 * under this walk (mmget_not_zero in __oom_reap_task_mm's caller).
	 */
	mm->mm_users.counter++;
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		free_page_range(mm, v->vm_start, v->vm_end);
	left = mm->anon_rss;
	mmput(mm);
	return left;
}

/*
 * Calls fn(physical address, level, arg) for every present entry of the
 * user half of pgd: level 3 for PUD tables, 2 PMD tables, 1 PTE tables,
 * 0 the pages themselves.
 */
void walk_user_tables(unsigned long *pgd, void (*fn)(unsigned long pa, int level, void *arg), void *arg)
{
	for (int i = 0; i < 256; i++) {
		unsigned long *pud = pgd[i] & _PAGE_PRESENT ? __va(pgd[i] & PTE_PFN_MASK) : NULL;
		for (int j = 0; pud && j < 512; j++) {
			unsigned long *pmd = pud[j] & _PAGE_PRESENT ? __va(pud[j] & PTE_PFN_MASK) : NULL;
			for (int k = 0; pmd && k < 512; k++) {
				unsigned long *pte = pmd[k] & _PAGE_PRESENT ? __va(pmd[k] & PTE_PFN_MASK) : NULL;
				for (int l = 0; pte && l < 512; l++)
					if (pte[l] & _PAGE_PRESENT)
						fn(pte[l] & PTE_PFN_MASK, 0, arg);
				if (pte)
					fn(__pa(pte), 1, arg);
			}
			if (pmd)
				fn(__pa(pmd), 2, arg);
		}
		if (pud)
			fn(__pa(pud), 3, arg);
	}
}

static void count_table(unsigned long pa, int level, void *arg)
{
	*(unsigned long *)arg += level ? PAGE_SIZE : 0;
}

/* The user half's page tables below the PML4 (PUD, PMD and PTE pages), in bytes. */
unsigned long mm_pgtables_bytes(struct mm_struct *mm)
{
	unsigned long n = 0;
	walk_user_tables(mm->pgd, count_table, &n);
	return n;
}

/* A fault in a VMA whose page could not be allocated (VM_FAULT_OOM). */
static bool fault_oom(unsigned long address)
{
	return address < TASK_SIZE && current->mm && find_vma(current->mm, address);
}

void do_user_addr_fault(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	bool write = error_code & 2, user = error_code & 4, present = error_code & 1;

	if (user) {
		if (!present && address < TASK_SIZE && current->mm && fault_in(current->mm, address, write)) {
			flush_tlb_one(address);
			return;
		}
		/*
		 * Out of memory: the OOM killer has chosen a victim. If it is
		 * us, SIGKILL is pending; otherwise the fault is retried, as
		 * pagefault_out_of_memory lets it be.
		 */
		if (!present && fault_oom(address) && (!write || (find_vma(current->mm, address)->vm_flags & VM_WRITE)))
			return;
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
	struct vm_area_struct *v;
	if (brk < mm->start_brk || brk > TASK_SIZE)
		return mm->brk;
	if (new > old) {
		/* a guard page must stay between the heap and the next mapping */
		if (new > TASK_SIZE - PAGE_SIZE || !range_free(mm, old, new + PAGE_SIZE))
			return mm->brk;
		v = old > PAGE_ALIGN(mm->start_brk) ? find_vma(mm, old - 1) : NULL;
		if (v && v->vm_end == old && v->vm_flags == (VM_READ | VM_WRITE | VM_ACCOUNT)) {
			/* do_brk_flags: the growth is charged, then the heap's VMA extended */
			if (__vm_enough_memory(mm, (new - old) >> PAGE_SHIFT, 1))
				return mm->brk;
			v->vm_end = new;
			mm->total_vm += (new - old) >> PAGE_SHIFT;
		} else if (insert_vma(mm, old, new, VM_READ | VM_WRITE | VM_ACCOUNT)) {
			return mm->brk;
		}
	} else if (new < old && unmap_range(mm, new, old)) {
		return mm->brk;
	}
	mm->brk = brk;
	return brk;
}

/* First fit for len bytes at or above lo (sorted VMA list); 0 if none below TASK_SIZE. */
static unsigned long find_gap(struct mm_struct *mm, unsigned long lo, unsigned long len)
{
	struct vm_area_struct *v;
	unsigned long a = lo;
	for (v = mm->mmap; v; v = v->vm_next) {
		if (v->vm_end <= a)
			continue;
		if (v->vm_start >= a + len)
			break;
		a = v->vm_end;
	}
	return a + len <= TASK_SIZE ? a : 0;
}

/* Where a mapping of len bytes goes: the fixed address, the hint if free, else the first gap. */
static long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long flags)
{
	unsigned long a;
	if (len > TASK_SIZE)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		return (addr & ~PAGE_MASK) ? -EINVAL : (long)addr;
	}
	addr = PAGE_ALIGN(addr);
	if (addr && addr >= MMAP_MIN_ADDR && addr <= TASK_SIZE - len && range_free(mm, addr, addr + len))
		return addr;
	a = find_gap(mm, mm->mmap_base, len);
	if (!a)
		a = find_gap(mm, TASK_UNMAPPED_BASE, len);
	return a ? (long)a : -ENOMEM;
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot, unsigned long, flags,
		unsigned long, fd, unsigned long, off)
{
	struct mm_struct *mm = current->mm;
	unsigned long vmf = 0, type = flags & MAP_TYPE;
	long a;
	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return fget(fd) ? -ENODEV : -EBADF;	/* only anonymous memory */
	if (!len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || mm->map_count > MAX_MAP_COUNT)
		return -ENOMEM;
	a = get_unmapped_area(mm, addr, len, flags);
	if (a < 0)
		return a;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (prot & PROT_READ) vmf |= VM_READ;
	if (prot & PROT_WRITE) vmf |= VM_WRITE;
	if (prot & PROT_EXEC) vmf |= VM_EXEC;
	if (type != MAP_PRIVATE)
		vmf |= VM_SHARED;
	/* MAP_NORESERVE counts for nothing under OVERCOMMIT_NEVER */
	if ((flags & MAP_NORESERVE) && sysctl_overcommit_memory != OVERCOMMIT_NEVER)
		vmf |= VM_NORESERVE;
	/* accountable_mapping(), or shmem's accounting for shared anonymous memory */
	if (!(vmf & VM_NORESERVE) && ((vmf & VM_SHARED) || (vmf & VM_WRITE)))
		vmf |= VM_ACCOUNT;
	if ((flags & MAP_FIXED) && unmap_range(mm, a, a + len))
		return -ENOMEM;
	if (insert_vma(mm, a, a + len, vmf))
		return -ENOMEM;
	if (!(flags & MAP_FIXED) && a >= mm->mmap_base)
		mm->mmap_base = a + len;
	return a;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	if ((addr & ~PAGE_MASK) || addr > TASK_SIZE || len > TASK_SIZE - addr)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	return unmap_range(current->mm, addr, addr + len);
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len, unsigned long, prot)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v;
	unsigned long end, a;
	int r;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	/* every page of the range must be mapped */
	for (a = start, v = mm->mmap; v && a < end; v = v->vm_next) {
		if (v->vm_end <= a)
			continue;
		if (v->vm_start > a)
			break;
		a = v->vm_end;
	}
	if (a < end)
		return -ENOMEM;
	r = split_vma(mm, start);
	if (!r)
		r = split_vma(mm, end);
	if (r)
		return r;
	for (v = mm->mmap; v; v = v->vm_next) {
		unsigned long *pte;
		if (v->vm_start < start || v->vm_end > end)
			continue;
		/* mprotect_fixup: a private mapping that becomes writable is charged now */
		if ((prot & PROT_WRITE) && !(v->vm_flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE))) {
			if (__vm_enough_memory(mm, vma_pages(v), 1))
				return -ENOMEM;
			v->vm_flags |= VM_ACCOUNT;
		}
		v->vm_flags = (v->vm_flags & ~7UL) | (prot & 7);
		for (a = v->vm_start; (pte = next_present_pte(mm->pgd, &a, v->vm_end)); a += PAGE_SIZE) {
			if ((v->vm_flags & VM_WRITE) && unshare_page(pte))
				return -ENOMEM;
			*pte = (*pte & PTE_PFN_MASK) | pte_flags(v->vm_flags);
			flush_tlb_one(a);
		}
	}
	return 0;
}
