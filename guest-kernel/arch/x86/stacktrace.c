/*
 * stacktrace.c: frame-pointer unwinding, dump_stack, the register dump
 * and the oops (die), in Linux 5.10's formats (arch/x86/kernel/
 * dumpstack.c and process_64.c's __show_regs).
 *
 * Every kernel function keeps rbp as a frame pointer (-fno-omit-frame-
 * pointer), so [rbp] is the caller's rbp and [rbp+8] the return address.
 * The walk stays on the current task's kernel stack and the IRQ stack and
 * stops at a zero frame (entry code plants one) or a return address into
 * user space. stack_trace_save skips its own frame plus `skipnr` more, as
 * Linux's does.
 *
 * A trace printed by dump_stack, show_regs or an oops is 5.10's
 * show_trace_log_lvl with CONFIG_UNWINDER_FRAME_POINTER (what
 * /proc/config.gz says): every word from the stack pointer (dump_stack:
 * show_stack's own frame; an oops: the faulting rsp) to the end of its
 * stack is looked at, and each that is a kernel or module text address is
 * printed: plainly where the frame-pointer unwinder finds its return
 * address at that slot, as " ? func+off/size" otherwise (stale return
 * addresses, function pointers, an address a callee was passed). A
 * chain that breaks (a return address that is no code, an oops's rbp that
 * reaches no frame) leaves the unwinder behind, so all after it is "? ".
 * The IRQ stack's words are bracketed by " <IRQ>" / " </IRQ>", then the
 * scan goes on at the task stack where asm_call_irq_on_stack left it; an
 * interrupt's entry frame shows the interrupted kernel registers instead
 * of its rip, and the walk's end at the system call's frame (the one right
 * below the task's pt_regs) the user registers the system call came with,
 * as 5.10's show_regs_if_on_stack. stack_trace_save (kmemleak's, KASAN's
 * and SLUB's saved stacks) follows the frame chain only, never scans, and
 * keeps the interrupted rip as a frame, as Linux's arch_stack_walk.
 *
 * The oops (die): "<what>: <err> [#n] SMP NOPTI", the CPU line, the
 * registers, the trace, "Modules linked in:", "---[ end trace <id> ]---",
 * then the first oops's registers again (the executive summary) and the
 * task is killed (do_exit on its rewound stack, as 5.10's
 * rewind_stack_do_exit); in interrupt context it is a panic. The trace id
 * (panic.c) is random, as Linux's oops_id.
 */
#include <linux/kernel.h>
#include <linux/kasan.h>
#include <linux/sched.h>
#include <linux/stacktrace.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/utsname.h>
#include <linux/export.h>
#include <linux/panic.h>
#include <linux/kthread.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>
#include <asm/segment.h>

extern unsigned long irq_stack_lo, irq_stack_hi;
extern int console_loglevel;
extern int panic_on_oops;
void do_exit(long code) __attribute__((noreturn));
void rewind_stack_do_exit(int signr) __attribute__((noreturn));
bool kernel_range_mapped(unsigned long addr, unsigned long len);

enum show_regs_mode { SHOW_REGS_SHORT, SHOW_REGS_USER, SHOW_REGS_ALL };

#define STACK_TASK	1
#define STACK_IRQ	2

/* Which stack fp lies on: STACK_TASK, STACK_IRQ, or 0 for neither. */
static int which_stack(unsigned long fp)
{
	unsigned long lo = (unsigned long)current->stack, hi = lo + THREAD_SIZE;
	if (fp & 7)
		return 0;
	if (fp >= lo && fp + 16 <= hi)
		return STACK_TASK;
	if (fp >= irq_stack_lo && fp + 16 <= irq_stack_hi)
		return STACK_IRQ;
	return 0;
}

/* The system call's pt_regs at the top of the task's stack. */
static struct pt_regs *task_pt_regs_of_current(void)
{
	return (struct pt_regs *)((char *)current->stack + THREAD_SIZE) - 1;
}

/*
 * Follows the frame chain from fp. Calls fn(ret, fp, stack, arg) for
 * each return address (after skipping `skip`), until fn returns false.
 * Returns the last frame visited.
 */
static unsigned long walk_frames(unsigned long fp, unsigned int skip,
				 bool (*fn)(unsigned long ret, unsigned long fp, int stack, void *arg), void *arg)
{
	int s;
	while ((s = which_stack(fp))) {
		unsigned long ret = ((unsigned long *)fp)[1];
		unsigned long next = ((unsigned long *)fp)[0];
		if (ret < TASK_SIZE)
			break;
		if (skip)
			skip--;
		else if (!fn(ret, fp, s, arg))
			break;
		/* frames go up the stack, except once from the IRQ stack to the task's */
		if (which_stack(next) == s && next <= fp)
			break;
		if (s == STACK_TASK && which_stack(next) != STACK_TASK)
			break;
		fp = next;
	}
	return fp;
}

struct store_arg {
	unsigned long *store;
	unsigned int size, n;
};

static bool store_one(unsigned long ret, unsigned long fp, int stack, void *arg)
{
	struct store_arg *a = arg;
	if (a->n >= a->size)
		return false;
	a->store[a->n++] = ret;
	return true;
}

noinline unsigned int stack_trace_save(unsigned long *store, unsigned int size, unsigned int skipnr)
{
	struct store_arg a = { store, size, 0 };
	walk_frames((unsigned long)__builtin_frame_address(0), skipnr + 1, store_one, &a);
	return a.n;
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

/* "Code: " and 64 bytes around regs->ip, the one at ip in <>: 5.10's show_opcodes */
#define PROLOGUE_SIZE	42
#define EPILOGUE_SIZE	21
#define OPCODE_BUFSIZE	(PROLOGUE_SIZE + 1 + EPILOGUE_SIZE)

static int copy_code(struct pt_regs *regs, u8 *buf, unsigned long src, unsigned int n)
{
	if (!user_mode(regs)) {
		if (!kernel_range_mapped(src, n))
			return -EFAULT;
		memcpy(buf, (void *)src, n);
		return 0;
	}
	if (regs != task_pt_regs_of_current())
		return -EPERM;	/* another task's user code */
	return copy_from_user(buf, (const void __user *)src, n) ? -EFAULT : 0;
}

static void show_opcodes(struct pt_regs *regs, const char *lvl)
{
	u8 op[OPCODE_BUFSIZE];
	char line[OPCODE_BUFSIZE * 3 + 8], *s = line;
	unsigned long prologue = regs->ip - PROLOGUE_SIZE;

	switch (copy_code(regs, op, prologue, sizeof(op))) {
	case 0:
		for (int i = 0; i < OPCODE_BUFSIZE; i++)
			s += sprintf(s, i == PROLOGUE_SIZE ? "<%02x>%s" : "%02x%s", op[i],
				     i == OPCODE_BUFSIZE - 1 ? "" : " ");
		printk("%sCode: %s\n", lvl, line);
		break;
	case -EPERM:
		break;
	default:
		printk("%sCode: Unable to access opcode bytes at RIP 0x%lx.\n", lvl, prologue);
		break;
	}
}

static void show_iret_regs(struct pt_regs *regs, const char *lvl)
{
	printk("%sRIP: %04x:%pS\n", lvl, (int)regs->cs, (void *)regs->ip);
	show_opcodes(regs, lvl);
	printk("%sRSP: %04x:%016lx EFLAGS: %08lx", lvl, (int)regs->ss, regs->sp, regs->flags);
}

static inline unsigned long rdmsr64(u32 msr)
{
	u32 lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (unsigned long)hi << 32 | lo;
}

#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102

static void __show_regs(struct pt_regs *regs, enum show_regs_mode mode, const char *lvl)
{
	unsigned long cr0, cr2, cr3, cr4;
	unsigned int ds, es, fsindex, gsindex;

	show_iret_regs(regs, lvl);
	if (regs->orig_ax != -1UL)
		pr_cont(" ORIG_RAX: %016lx\n", regs->orig_ax);
	else
		pr_cont("\n");
	printk("%sRAX: %016lx RBX: %016lx RCX: %016lx\n", lvl, regs->ax, regs->bx, regs->cx);
	printk("%sRDX: %016lx RSI: %016lx RDI: %016lx\n", lvl, regs->dx, regs->si, regs->di);
	printk("%sRBP: %016lx R08: %016lx R09: %016lx\n", lvl, regs->bp, regs->r8, regs->r9);
	printk("%sR10: %016lx R11: %016lx R12: %016lx\n", lvl, regs->r10, regs->r11, regs->r12);
	printk("%sR13: %016lx R14: %016lx R15: %016lx\n", lvl, regs->r13, regs->r14, regs->r15);
	if (mode == SHOW_REGS_SHORT)
		return;
	if (mode == SHOW_REGS_USER) {
		printk("%sFS:  %016lx GS:  %016lx\n", lvl, rdmsr64(MSR_FS_BASE), rdmsr64(MSR_KERNEL_GS_BASE));
		return;
	}
	__asm__ __volatile__("movl %%ds, %0; movl %%es, %1; movl %%fs, %2; movl %%gs, %3"
			     : "=r"(ds), "=r"(es), "=r"(fsindex), "=r"(gsindex));
	__asm__ __volatile__("mov %%cr0, %0; mov %%cr2, %1; mov %%cr3, %2; mov %%cr4, %3"
			     : "=r"(cr0), "=r"(cr2), "=r"(cr3), "=r"(cr4));
	printk("%sFS:  %016lx(%04x) GS:%016lx(%04x) knlGS:%016lx\n", lvl, rdmsr64(MSR_FS_BASE), fsindex,
	       rdmsr64(MSR_GS_BASE), gsindex, rdmsr64(MSR_KERNEL_GS_BASE));
	printk("%sCS:  %04lx DS: %04x ES: %04x CR0: %016lx\n", lvl, regs->cs, ds, es, cr0);
	printk("%sCR2: %016lx CR3: %016lx CR4: %016lx\n", lvl, cr2, cr3, cr4);
}

static bool kernel_text_address(unsigned long addr)
{
	return is_kernel_text(addr) || is_module_text_address(addr);
}

/*
 * The registers of an interrupt or exception taken in kernel mode, if fp
 * is the frame entry.S's common_interrupt links right below its pt_regs
 * (saved rbp and "return address" = the interrupted rbp and rip).
 */
static struct pt_regs *entry_regs(unsigned long fp)
{
	struct pt_regs *regs = (struct pt_regs *)(fp + 16);
	unsigned long end = (unsigned long)(regs + 1);

	if (which_stack(end - 16) != STACK_TASK && which_stack(end - 16) != STACK_IRQ)
		return NULL;
	if (regs->ip != ((unsigned long *)fp)[1] || regs->bp != ((unsigned long *)fp)[0] || regs->cs != __KERNEL_CS)
		return NULL;
	return regs;
}

/*
 * The frame-pointer unwinder as show_trace_log_lvl drives it: the frame it
 * is at (0 when done), whose return address is the one reliable word of
 * the scan (fp + 8), and the entry registers it found there.
 */
struct unwind_state {
	unsigned long fp;
	struct pt_regs *regs;	/* fp is an entry frame whose registers were shown */
	unsigned long *shown_ip;	/* the last such frame's regs->ip: not printed again */
	const char *lvl;
};

/* unwind_next_frame: on to the caller's frame, under walk_frames' rules; shows the registers an entry frame saved */
static void unwind_next(struct unwind_state *st)
{
	unsigned long fp = st->fp, next = ((unsigned long *)fp)[0];
	struct pt_regs *uregs = task_pt_regs_of_current();
	int s = which_stack(fp), ns = which_stack(next);

	st->regs = NULL;
	if (!ns || (ns == s && next <= fp) || (s == STACK_TASK && ns != STACK_TASK)) {
		st->fp = 0;
		/* the system call's frame, right below its pt_regs: the user registers (show_regs_if_on_stack) */
		if (fp == (unsigned long)uregs - 16 && current->mm && user_mode(uregs))
			__show_regs(uregs, SHOW_REGS_SHORT, st->lvl);
		return;
	}
	st->fp = next;
	st->regs = entry_regs(next);
	if (st->regs) {
		__show_regs(st->regs, SHOW_REGS_SHORT, st->lvl);
		st->shown_ip = &st->regs->ip;
	}
}

/* the stack sp lies on and its end; 0 if none */
static int stack_info(unsigned long sp, unsigned long *end)
{
	int s = which_stack(sp & ~7UL);
	*end = s == STACK_IRQ ? irq_stack_hi : (unsigned long)current->stack + THREAD_SIZE;
	return s;
}

/*
 * show_trace_log_lvl: "Call Trace:", then every word of the stack from sp
 * to the end of its stack (the IRQ stack's end leads back to the task
 * stack, through the frame at its top) that is a text address: reliable
 * where the frame-pointer unwinder, started at fp, finds its return
 * address at that slot, " ? " for the others (stale values, function
 * pointers, return addresses of frames that are gone: the clues Linux
 * prints too). An entry frame shows the registers it saved; a walk that
 * ends at the system call's frame, the user registers. A bad frame (a
 * return address that is no code, an rbp that reaches no frame) leaves
 * the unwinder there, so every text address after it is " ? ".
 */
static void show_trace_from(unsigned long fp, unsigned long sp, const char *lvl)
{
	struct unwind_state st = { fp, NULL, NULL, lvl };
	unsigned long end, *p;
	int s;

	printk("%sCall Trace:\n", lvl);
	sp &= ~7UL;
	s = stack_info(sp, &end);
	if (!s) {	/* an overflow into the guard page: the stack above it, as Linux's PAGE_ALIGN retry */
		sp = PAGE_ALIGN(sp);
		s = stack_info(sp, &end);
	}
	if (!which_stack(st.fp))
		st.fp = 0;
	/* frames below sp are not this trace's (unwind_start's skip to first_frame) */
	while (st.fp && which_stack(st.fp) == s && st.fp < sp)
		unwind_next(&st);
	while (s) {
		if (s == STACK_IRQ)
			printk("%s <IRQ>\n", lvl);
		for (p = (unsigned long *)sp; (unsigned long)p < end; p++) {
			unsigned long addr = *p;
			if (!kernel_text_address(addr))
				continue;
			if (p == st.shown_ip)
				continue;	/* shown with the registers */
			if (st.fp && p == (unsigned long *)st.fp + 1) {
				if (!st.regs)
					printk("%s %pB\n", lvl, (void *)addr);
				unwind_next(&st);
				continue;
			}
			printk("%s ? %pB\n", lvl, (void *)addr);
		}
		if (s != STACK_IRQ)
			break;
		printk("%s </IRQ>\n", lvl);
		/* next_sp: the rsp asm_call_irq_on_stack left, which the frame at the IRQ stack's top saved as rbp */
		sp = ((unsigned long *)irq_stack_hi)[-2];
		s = stack_info(sp, &end);
		if (s == STACK_IRQ)
			break;
	}
}

/* 5.10's dump_stack_print_info; no "Hardware name:" line: this PC has no DMI (SMBIOS) tables */
static void dump_stack_print_info(const char *lvl)
{
	const char *v = utsname()->version;
	int n = 0;

	while (v[n] && v[n] != ' ')
		n++;
	printk("%sCPU: 0 PID: %d Comm: %.20s %s %s %.*s\n", lvl, current->pid, current->comm,
	       print_tainted(), utsname()->release, n, v);
}

/* Walks from its own frame, so the trace starts inside dump_stack, as Linux's does. */
static noinline void show_stack_here(void)
{
	unsigned long fp = (unsigned long)__builtin_frame_address(0);
	show_trace_from(fp, fp, KERN_DEFAULT);	/* the scan from this frame on, as show_stack's get_stack_pointer */
}

noinline void dump_stack(void)
{
	dump_stack_print_info(KERN_DEFAULT);
	show_stack_here();
}
EXPORT_SYMBOL(dump_stack);

void show_regs(struct pt_regs *regs)
{
	dump_stack_print_info(KERN_DEFAULT);
	__show_regs(regs, user_mode(regs) ? SHOW_REGS_USER : SHOW_REGS_ALL, KERN_DEFAULT);
	if (!user_mode(regs))
		show_trace_from(regs->bp, regs->sp, KERN_DEFAULT);
}

static int die_counter;
static struct pt_regs exec_summary_regs;	/* the first oops's, shown again at each end */
static unsigned long oops_gp_addr;	/* die_addr's non-canonical address, for KASAN's line */

/*
 * The oops. `cr2` points to the faulting address of a page fault (NULL
 * for other traps), repeated after the modules line as Linux's "CR2:"
 * summary. Kills the task with `signr` (SIGKILL for page faults, SIGSEGV
 * else); panics in interrupt context and with "oops=panic". Called with
 * the trap's registers.
 * "SMP" as in uname and vermagic (an SMP kernel on one CPU); "NOPTI" as
 * 5.10 on a CPU without Meltdown (no page-table isolation).
 */
void oops(const char *str, struct pt_regs *regs, long err, const unsigned long *cr2, int signr)
{
	local_irq_disable();
	oops_in_progress++;
	if (console_loglevel)
		console_loglevel = 15;	/* console_verbose() */
	if (!die_counter)
		exec_summary_regs = *regs;
	printk(KERN_DEFAULT "%s: %04lx [#%d] SMP%s NOPTI\n", str, err & 0xffff, ++die_counter,
	       IS_ENABLED(CONFIG_KASAN) ? " KASAN" : "");
	show_regs(regs);
	print_modules();
	if (cr2)
		printk(KERN_DEFAULT "CR2: %016lx\n", *cr2);
	/* CONFIG_KASAN: a #GP on a shadow address names what the shadow was for (die_addr) */
	if (oops_gp_addr) {
		kasan_non_canonical_hook(oops_gp_addr);
		oops_gp_addr = 0;
	}
	add_taint(TAINT_DIE);
	oops_in_progress--;
	print_oops_end_marker();
	__show_regs(&exec_summary_regs, SHOW_REGS_ALL, KERN_DEFAULT);
	if (in_interrupt())
		panic("Fatal exception in interrupt");
	if (panic_on_oops)
		panic("Fatal exception");
	local_irq_enable();
	/* do_exit on a fresh stack: the oops may have come from a stack in any state (entry.S) */
	rewind_stack_do_exit(signr);
}

void die(const char *str, struct pt_regs *regs, long err)
{
	oops(str, regs, err, NULL, 11);	/* SIGSEGV */
}

/* A #GP with the non-canonical address the instruction used (0: none), as 5.10's die_addr. */
void die_addr(const char *str, struct pt_regs *regs, long err, unsigned long gp_addr)
{
	oops_gp_addr = gp_addr;
	die(str, regs, err);
}

extern char __softirqentry_text_start[], __softirqentry_text_end[];

/*
 * The part of a trace that is the interrupted context's: a trace saved
 * inside a softirq ends with its entry (__do_softirq), as 5.10's
 * kernel/stacktrace.c cuts it, so stacks kept for later (KASAN's tracks)
 * do not go on into whatever the interrupt happened to stop.
 */
unsigned int filter_irq_stacks(unsigned long *entries, unsigned int nr_entries)
{
	for (unsigned int i = 0; i < nr_entries; i++)
		if (entries[i] >= (unsigned long)__softirqentry_text_start &&
		    entries[i] < (unsigned long)__softirqentry_text_end)
			return i + 1;
	return nr_entries;
}
