/*
 * fault.c: page faults the kernel itself takes, as Linux 5.10's
 * arch/x86/mm/fault.c reports them (show_fault_oops, dump_pagetable),
 * then the oops (stacktrace.c) with SIGKILL for the task. User-mode
 * faults go to do_user_addr_fault (kernel/mm_user.c); uaccess walks the page
 * tables itself, so a fault in kernel mode is always a bug.
 *
 * The page-table walk reads the tables through the direct map from CR3:
 * PML4 (printed "PGD", and again as "P4D": 4-level paging folds it),
 * PDPT ("PUD"), PD ("PMD"), PT ("PTE"), stopping at the first entry
 * that is not present or maps a large page. kernel_range_mapped, on the
 * same walk, tells the oops whether the bytes around RIP can be read.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>

#define X86_PF_PROT	(1UL << 0)
#define X86_PF_WRITE	(1UL << 1)
#define X86_PF_USER	(1UL << 2)
#define X86_PF_RSVD	(1UL << 3)
#define X86_PF_INSTR	(1UL << 4)
#define X86_PF_PK	(1UL << 5)
#define SIGKILL		9

void oops(const char *str, struct pt_regs *regs, long err, const unsigned long *cr2, int signr);

static unsigned long *top_table(void)
{
	unsigned long cr3;
	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	return __va(cr3 & PTE_PFN_MASK);
}

static unsigned long table_entry(unsigned long *table, unsigned long addr, int shift)
{
	return table[(addr >> shift) & 511];
}

/* The entries of the walk for addr, top first; returns how many (1-4). */
static int walk_tables(unsigned long addr, unsigned long e[4])
{
	static const int shift[4] = { 39, 30, 21, 12 };
	unsigned long *t = top_table();
	int n = 0;

	while (n < 4) {
		e[n] = table_entry(t, addr, shift[n]);
		n++;
		if (!(e[n - 1] & _PAGE_PRESENT) || n == 4 || (n > 1 && (e[n - 1] & _PAGE_PSE)))
			break;
		t = __va(e[n - 1] & PTE_PFN_MASK);
	}
	return n;
}

static bool addr_mapped(unsigned long addr)
{
	unsigned long e[4];
	int n = walk_tables(addr, e);
	return e[n - 1] & _PAGE_PRESENT;
}

bool kernel_range_mapped(unsigned long addr, unsigned long len)
{
	unsigned long a;

	if (addr < TASK_SIZE || addr + len < addr)
		return false;
	for (a = addr & PAGE_MASK; a < addr + len; a += PAGE_SIZE)
		if (!addr_mapped(a))
			return false;
	return true;
}

static void dump_pagetable(unsigned long address)
{
	unsigned long e[4];
	int n = walk_tables(address, e);

	pr_info("PGD %lx ", e[0]);
	if (!(e[0] & _PAGE_PRESENT))
		goto out;
	pr_cont("P4D %lx ", e[0]);
	if (n > 1)
		pr_cont("PUD %lx ", e[1]);
	if (n > 2)
		pr_cont("PMD %lx ", e[2]);
	if (n > 3)
		pr_cont("PTE %lx", e[3]);
out:
	pr_cont("\n");
}

static void show_fault_oops(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	if (error_code & X86_PF_INSTR) {
		unsigned long e[4];
		int n = walk_tables(address, e);
		if ((e[n - 1] & _PAGE_PRESENT) && (e[n - 1] & _PAGE_NX))
			pr_crit("kernel tried to execute NX-protected page - exploit attempt? (uid: %d)\n", 0);
	}
	if (address < PAGE_SIZE && !user_mode(regs))
		pr_alert("BUG: kernel NULL pointer dereference, address: %px\n", (void *)address);
	else
		pr_alert("BUG: unable to handle page fault for address: %px\n", (void *)address);
	pr_alert("#PF: %s %s in %s mode\n", (error_code & X86_PF_USER) ? "user" : "supervisor",
		 (error_code & X86_PF_INSTR) ? "instruction fetch" :
		 (error_code & X86_PF_WRITE) ? "write access" : "read access",
		 user_mode(regs) ? "user" : "kernel");
	pr_alert("#PF: error_code(0x%04lx) - %s\n", error_code,
		 !(error_code & X86_PF_PROT) ? "not-present page" :
		 (error_code & X86_PF_RSVD) ? "reserved bit violation" :
		 (error_code & X86_PF_PK) ? "protection keys violation" : "permissions violation");
	dump_pagetable(address);
}

/* A page fault in kernel mode that no exception-table entry fixes: report, oops, kill the task. */
void page_fault_oops(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	local_irq_disable();
	show_fault_oops(regs, error_code, address);
	oops("Oops", regs, error_code, &address, SIGKILL);
}
