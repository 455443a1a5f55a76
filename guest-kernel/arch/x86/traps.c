/*
 * traps.c: the GDT's TSS, the IDT, exceptions and the interrupt dispatch.
 *
 * The exception vectors go through entry.S's stubs to do_interrupt(), a
 * page fault to exc_page_fault(); the external ones (0x20-0xff) to irq.c's
 * common_interrupt. Vectors 0-31 are
 * exceptions: a fault in user mode sends a signal (SIGSEGV with
 * the "segfault at" line, SIGILL, SIGFPE ...); in kernel mode a fixup from
 * the exception table is tried (copy_to/from_user), else it is an oops
 * (stacktrace.c; a page fault is reported first by fault.c).
 * Vectors 0x20-0x2f are the 8259A's IRQs (irq.c).
 * A double fault runs on its own stack (IST 1) and is never survived, as
 * in 5.10 (exc_double_fault): with CONFIG_VMAP_STACK a task that ran into
 * the guard page below its stack gets "BUG: stack guard page was hit",
 * anything else "PANIC: double fault"; both die in NMI context, so the
 * oops ends in a panic.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/interrupt.h>
#include <linux/signal.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <asm/segment.h>
#include <asm/ptrace.h>
#include <asm/io.h>

struct idt_entry {
	u16 off0, sel;
	u8 ist, type;
	u16 off1;
	u32 off2, zero;
} __packed;

struct tss {
	u32 reserved0;
	u64 sp0, sp1, sp2;
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3, iomap_base;
} __packed;

static struct idt_entry idt_table[256] __aligned(4096);
static struct tss cpu_tss __aligned(64);
/* the #DF IST stack: 8 KiB (5.10's EXCEPTION_STKSZ; the oops that a stack overflow prints runs on it) */
static char double_fault_stack[8192] __aligned(4096);
extern char idt_stubs[];
extern u64 gdt_tss[2];
extern unsigned long cpu_current_top_of_stack;
extern char entry_SYSCALL_64[];
void prepare_exit_to_usermode(struct pt_regs *regs);
int fixup_exception(struct pt_regs *regs);
void show_regs(struct pt_regs *regs);
void die(const char *str, struct pt_regs *regs, long err);
void die_addr(const char *str, struct pt_regs *regs, long err, unsigned long gp_addr);
void force_sig_fault(int sig, unsigned long addr, struct pt_regs *regs);

static void set_gate(int vec, void *handler, int dpl, int ist)
{
	unsigned long a = (unsigned long)handler;
	struct idt_entry *e = &idt_table[vec];
	e->off0 = a;
	e->sel = __KERNEL_CS;
	e->ist = ist;
	e->type = 0x8e | (dpl << 5);	/* present, 64-bit interrupt gate */
	e->off1 = a >> 16;
	e->off2 = a >> 32;
	e->zero = 0;
}

void update_task_stack(struct task_struct *t)
{
	unsigned long top = (unsigned long)t->stack + THREAD_SIZE;
	cpu_tss.sp0 = top;
	cpu_current_top_of_stack = top;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" :: "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

void __init trap_init(void)
{
	unsigned long t = (unsigned long)&cpu_tss;
	struct { u16 limit; u64 base; } __packed idtr = { sizeof(idt_table) - 1, (u64)idt_table };

	for (int i = 0; i < 256; i++)
		set_gate(i, idt_stubs + i * 16, 0, 0);
	set_gate(3, idt_stubs + 3 * 16, 3, 0);		/* int3 from user mode */
	set_gate(4, idt_stubs + 4 * 16, 3, 0);		/* into */
	set_gate(8, idt_stubs + 8 * 16, 0, 1);		/* #DF on its own stack */
	cpu_tss.ist[0] = (u64)double_fault_stack + sizeof(double_fault_stack);
	cpu_tss.iomap_base = sizeof(cpu_tss);
	gdt_tss[0] = (sizeof(cpu_tss) - 1) | ((t & 0xffffff) << 16) | (0x89UL << 40) | ((t >> 24 & 0xff) << 56);
	gdt_tss[1] = t >> 32;
	update_task_stack(current);
	__asm__ __volatile__("lidt %0" :: "m"(idtr));
	__asm__ __volatile__("ltr %w0" :: "r"(__TSS));
	/* syscall: CS/SS for kernel at STAR[47:32], user base at STAR[63:48] */
	wrmsr(0xc0000081, ((u64)__USER32_CS << 48) | ((u64)__KERNEL_CS << 32));
	wrmsr(0xc0000082, (u64)entry_SYSCALL_64);
	wrmsr(0xc0000084, 0x47700);	/* SFMASK: TF DF IF IOPL AC NT */
}

static const char *const trap_names[32] = {
	"divide error", "debug", "nmi", "int3", "overflow", "bounds", "invalid opcode",
	"device not available", "double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack segment", "general protection fault", "page fault",
	"spurious", "coprocessor error", "alignment check", "machine check", "SIMD exception",
	"virtualization exception", "control protection",
};

static unsigned long read_cr2(void)
{
	unsigned long v;
	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

void do_user_addr_fault(struct pt_regs *regs, unsigned long error_code, unsigned long address);
void page_fault_oops(struct pt_regs *regs, unsigned long error_code, unsigned long address);
bool insn_get_addr_ref(const struct pt_regs *regs, unsigned long *addr, int *opnd_bytes);

#define GPFSTR "general protection fault"
#define VIRTUAL_MASK ((1UL << 47) - 1)

/*
 * A #GP in the kernel, named as 5.10's exc_general_protection does:
 * "segment-related" with a selector error code, else with the address
 * the instruction used: "probably for non-canonical address" when the
 * operand crosses out of the canonical halves, "maybe for address" else.
 */
static void die_gp(struct pt_regs *regs, unsigned long err)
{
	char desc[sizeof(GPFSTR) + 50 + 2 * sizeof(unsigned long) + 1] = GPFSTR;
	unsigned long addr, gp_addr = 0;
	int len;

	if (err)
		snprintf(desc, sizeof(desc), "segment-related " GPFSTR);
	else if (insn_get_addr_ref(regs, &addr, &len)) {
		bool non_canonical = addr < ~VIRTUAL_MASK && addr + len - 1 > VIRTUAL_MASK;
		snprintf(desc, sizeof(desc), GPFSTR ", %s 0x%lx",
			 non_canonical ? "probably for non-canonical address" : "maybe for address", addr);
		/* KASAN is only interested in the non-canonical case */
		if (non_canonical)
			gp_addr = addr;
	}
	die_addr(desc, regs, err, gp_addr);
}

static void do_user_trap(int vec, struct pt_regs *regs)
{
	int sig = SIGSEGV;
	switch (vec) {
	case 0: sig = SIGFPE; break;
	case 1: case 3: sig = SIGTRAP; break;
	case 6: sig = SIGILL; break;
	case 16: case 19: sig = SIGFPE; break;
	case 17: sig = SIGBUS; break;
	}
	if (sig == SIGSEGV || sig == SIGILL || sig == SIGFPE)
		pr_info("traps: %s[%d] trap %s ip:%lx sp:%lx error:%lx\n", current->comm, current->pid,
			trap_names[vec], regs->ip, regs->sp, regs->orig_ax);
	force_sig_fault(sig, regs->ip, regs);
}

/*
 * Exceptions keep their error code in orig_ax on entry; for the kernel's
 * own faults it is taken out and orig_ax set to -1 ("not a system call")
 * as Linux's entry code does, so the oops shows no ORIG_RAX.
 */
__visible void do_interrupt(unsigned int vec, struct pt_regs *regs)
{
	unsigned long err;

	if (user_mode(regs)) {
		local_irq_enable();
		do_user_trap(vec, regs);
		local_irq_disable();
		regs->orig_ax = -1;	/* the error code was read: no system call to restart */
	} else if (!fixup_exception(regs)) {
		err = regs->orig_ax;
		regs->orig_ax = -1;
		if (err == -1UL)
			err = 0;	/* no error code (the stub's -1): 5.10's do_error_trap passes 0 */
		if (vec == 6 && *(u16 *)regs->ip == 0x0b0f)
			err = 0;	/* ud2 from BUG(): the message was printed by __bug */
		if (vec == 13)
			die_gp(regs, err);
		die(trap_names[vec] ? trap_names[vec] : "trap", regs, err);
	}
	if (user_mode(regs))
		prepare_exit_to_usermode(regs);
}

/* 5.10's handle_stack_overflow: the guard page below current's stack was hit at fault_address. */
static void __noreturn handle_stack_overflow(const char *message, struct pt_regs *regs, unsigned long fault_address)
{
	printk(KERN_EMERG "BUG: stack guard page was hit at %p (stack is %p..%p)\n", (void *)fault_address,
	       current->stack, (char *)current->stack + THREAD_SIZE - 1);
	die(message, regs, 0);
	/* Be absolutely certain we don't return. */
	panic("%s", message);
}

/*
 * 5.10's DEFINE_IDTENTRY_DF(exc_double_fault), on the IST stack. With
 * CONFIG_VMAP_STACK the usual cause is a kernel stack overflow: the page
 * fault on the guard page could not push its frame on the same stack.
 * CR2 still holds the faulting address. Entered as an NMI (nmi_enter), so
 * die() panics ("Fatal exception in interrupt").
 */
__visible void __noreturn exc_double_fault(struct pt_regs *regs, unsigned long error_code)
{
#ifdef CONFIG_VMAP_STACK
	unsigned long address = read_cr2();
#endif
	preempt_count_add(NMI_OFFSET + HARDIRQ_OFFSET);	/* irqentry_nmi_enter */
#ifdef CONFIG_VMAP_STACK
	/*
	 * A fault address in the page just below the stack: the guard page
	 * (Linux's test: stack - 1 - address < PAGE_SIZE).
	 */
	if ((unsigned long)task_stack_page(current) - 1 - address < PAGE_SIZE)
		handle_stack_overflow("kernel stack overflow (double-fault)", regs, address);
#endif
	pr_emerg("PANIC: double fault, error_code: 0x%lx\n", error_code);
	die("double fault", regs, error_code);
	panic("Machine halted.");
}

/*
 * 5.10's DEFINE_IDTENTRY_RAW_ERRORCODE(exc_page_fault): CR2 first (before
 * anything can fault again), then a user fault with interrupts on, or a
 * kernel fault: a fixup from the exception table, else the oops.
 */
__visible void exc_page_fault(struct pt_regs *regs, unsigned long error_code)
{
	unsigned long address = read_cr2();

	if (user_mode(regs)) {
		local_irq_enable();
		do_user_addr_fault(regs, error_code, address);
		local_irq_disable();
		prepare_exit_to_usermode(regs);
	} else if (!fixup_exception(regs)) {
		page_fault_oops(regs, error_code, address);
	}
}
