/*
 * stacktrace.c: frame-pointer unwinding, dump_stack and oopses.
 *
 * Every kernel function keeps rbp as a frame pointer (-fno-omit-frame-
 * pointer), so [rbp] is the caller's rbp and [rbp+8] the return address.
 * The walk stays inside the current task's kernel stack and stops at a
 * zero frame (entry code plants one). stack_trace_save skips its own
 * frame plus `skipnr` more, as Linux's does.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/stacktrace.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/utsname.h>
#include <linux/export.h>
#include <linux/panic.h>
#include <linux/kthread.h>

extern unsigned long irq_stack_lo, irq_stack_hi;

/* Which stack fp lies on: 1 the task's, 2 the IRQ stack, 0 neither. */
static int which_stack(unsigned long fp)
{
	unsigned long lo = (unsigned long)current->stack, hi = lo + THREAD_SIZE;
	if (fp & 7)
		return 0;
	if (fp >= lo && fp + 16 <= hi)
		return 1;
	if (fp >= irq_stack_lo && fp + 16 <= irq_stack_hi)
		return 2;
	return 0;
}

static unsigned int walk(unsigned long fp, unsigned long *store, unsigned int size, unsigned int skip)
{
	unsigned int n = 0;
	int s;
	while (n < size && (s = which_stack(fp))) {
		unsigned long ret = ((unsigned long *)fp)[1];
		unsigned long next = ((unsigned long *)fp)[0];
		if (!ret)
			break;
		if (skip)
			skip--;
		else
			store[n++] = ret;
		/* frames go up the stack, except once from the IRQ stack to the task's */
		if (which_stack(next) == s && next <= fp)
			break;
		if (s == 1 && which_stack(next) != 1)
			break;
		fp = next;
	}
	return n;
}

noinline unsigned int stack_trace_save(unsigned long *store, unsigned int size, unsigned int skipnr)
{
	return walk((unsigned long)__builtin_frame_address(0), store, size, skipnr + 1);
}
EXPORT_SYMBOL(stack_trace_save);

void stack_trace_print(const unsigned long *entries, unsigned int nr, int spaces)
{
	for (unsigned int i = 0; i < nr; i++)
		printk("%*c%pS\n", 1 + spaces, ' ', (void *)entries[i]);
}
EXPORT_SYMBOL(stack_trace_print);

int stack_trace_snprint(char *buf, size_t size, const unsigned long *entries, unsigned int nr, int spaces)
{
	int total = 0;
	for (unsigned int i = 0; i < nr && size; i++) {
		int n = snprintf(buf, size, "%*c%pS\n", 1 + spaces, ' ', (void *)entries[i]);
		n = min((size_t)n, size);
		total += n;
		buf += n;
		size -= n;
	}
	return total;
}

static void show_trace_from(unsigned long fp, const char *lvl)
{
	unsigned long trace[32];
	unsigned int n = walk(fp, trace, 32, 0);
	printk("%sCall Trace:\n", lvl);
	for (unsigned int i = 0; i < n; i++)
		printk("%s %pB\n", lvl, (void *)trace[i]);
}

static void dump_stack_print_info(const char *lvl)
{
	printk("%sCPU: 0 PID: %d Comm: %.20s %s %s #1\n", lvl, current->pid, current->comm,
	       print_tainted(), utsname()->release);
	printk("%sHardware name: kmemlab Virtual PC, BIOS none\n", lvl);
}

/* Walks from its own frame, so the trace starts inside dump_stack, as Linux's does. */
static noinline void show_stack_here(void)
{
	show_trace_from((unsigned long)__builtin_frame_address(0), KERN_DEFAULT);
}

noinline void dump_stack(void)
{
	dump_stack_print_info(KERN_DEFAULT);
	show_stack_here();
}
EXPORT_SYMBOL(dump_stack);

void show_regs(struct pt_regs *regs)
{
	unsigned long cr0, cr2, cr3, cr4;
	__asm__ __volatile__("mov %%cr0, %0; mov %%cr2, %1; mov %%cr3, %2; mov %%cr4, %3"
			     : "=r"(cr0), "=r"(cr2), "=r"(cr3), "=r"(cr4));
	dump_stack_print_info(KERN_DEFAULT);
	printk(KERN_DEFAULT "RIP: %04lx:%pS\n", regs->cs & 0xffff, (void *)regs->ip);
	printk(KERN_DEFAULT "RSP: %04lx:%016lx EFLAGS: %08lx\n", regs->ss & 0xffff, regs->sp, regs->flags);
	printk(KERN_DEFAULT "RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->ax, regs->bx, regs->cx);
	printk(KERN_DEFAULT "RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->dx, regs->si, regs->di);
	printk(KERN_DEFAULT "RBP: %016lx R08: %016lx R09: %016lx\n", regs->bp, regs->r8, regs->r9);
	printk(KERN_DEFAULT "R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11, regs->r12);
	printk(KERN_DEFAULT "R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14, regs->r15);
	printk(KERN_DEFAULT "CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n", cr0, cr2, cr3, cr4);
	if (!user_mode(regs))
		show_trace_from(regs->bp, KERN_DEFAULT);
}

static int die_counter;

void die(const char *str, struct pt_regs *regs, long err)
{
	printk(KERN_DEFAULT "%s: %04lx [#%d] NOPTI\n", str, err & 0xffff, ++die_counter);
	show_regs(regs);
	print_modules();
	printk(KERN_DEFAULT "---[ end trace %016x ]---\n", 0);
	add_taint(TAINT_DIE);
	if (in_interrupt())
		panic("Fatal exception in interrupt");
	if (panic_on_oops)
		panic("Fatal exception");
	if (current->pid <= 1 || !current->mm)
		panic("Fatal exception");
	local_irq_enable();
	do_exit(11);	/* SIGSEGV */
}
