/*
 * irq.c: the 8259A pair and the interrupt entry path, named as Linux 5.10
 * x86-64 names it.
 *
 * The PICs are remapped to vectors 0x20-0x2f, all lines masked until a
 * handler is requested. A device interrupt arrives through entry.S's
 * asm_common_interrupt, which calls common_interrupt(regs, vector) (5.10's
 * DEFINE_IDTENTRY_IRQ body: irq_enter_rcu, the descriptor's flow handler,
 * irq_exit_rcu, and the work before a return to user mode). The flow
 * handler runs on the 16 KiB hard-interrupt stack through
 * asm_call_irq_on_stack unless that stack is already in use, so the trace
 * of the timer tick reads as on a 5.10 PC without an APIC:
 *   timer_interrupt <- __handle_irq_event_percpu <- handle_irq_event_percpu
 *   <- handle_irq_event <- handle_level_irq <- asm_call_irq_on_stack
 *   </IRQ> common_interrupt <- asm_common_interrupt
 * The legacy PIC lines use handle_level_irq (5.10's init_ISA_irqs): the
 * line is masked and acknowledged with a specific EOI before the handler
 * (mask_and_ack_8259A; a masked line still latches its next edge in IRR),
 * and unmasked after it unless disable_irq masked it meanwhile. A spurious
 * IRQ7/15 (its ISR bit clear) is counted in irq_err_count and not handled.
 * Softirqs run from irq_exit_rcu on the same stack (do_softirq_own_stack).
 *
 * Locking: one CPU; everything here runs with interrupts disabled.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/export.h>
#include <linux/sched.h>
#include <asm/io.h>
#include <asm/ptrace.h>
#include <asm/page.h>
#include <linux/gfp.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define IRQ0_VECTOR 0x20
#define NR_LEGACY_IRQS 16
#define PIC_CASCADE_IR 2
#define OCW2_SPECIFIC_EOI 0x60
#define OCW3_READ_ISR 0x0b

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	const char *name;
};

struct irq_desc {
	unsigned int irq;
	void (*handle_irq)(struct irq_desc *desc);
	struct irqaction *action;
	struct irqaction action_store;	/* one action per line: no IRQF_SHARED */
	unsigned long count;		/* kstat_irqs */
	unsigned int depth;		/* disable_irq nesting: masked while > 0 */
};
static struct irq_desc irq_desc[NR_LEGACY_IRQS];
static struct irq_desc *vector_irq[256];
static u16 cached_irq_mask = 0xffff;
unsigned long irq_err_count;
struct pt_regs *irq_regs;

__visible void common_interrupt(struct pt_regs *regs, unsigned long error_code);
void asm_call_irq_on_stack(void *sp, void *func, void *arg);
void prepare_exit_to_usermode(struct pt_regs *regs);
void __do_softirq(void);

static struct pt_regs *set_irq_regs(struct pt_regs *regs)
{
	struct pt_regs *old = irq_regs;
	irq_regs = regs;
	return old;
}

/* --- the i8259A chip --- */

static void pic_write_mask(void)
{
	outb(cached_irq_mask, PIC1_DATA);
	outb(cached_irq_mask >> 8, PIC2_DATA);
}

static void mask_8259A_irq(unsigned int irq)
{
	cached_irq_mask |= 1 << irq;
	pic_write_mask();
}

static void unmask_8259A_irq(unsigned int irq)
{
	cached_irq_mask &= ~(1 << irq);
	if (irq >= 8)
		cached_irq_mask &= ~(1 << PIC_CASCADE_IR);
	pic_write_mask();
}

/* The line's in-service bit: clear for a spurious IRQ7 or IRQ15. */
static bool i8259A_irq_real(unsigned int irq)
{
	u16 port = irq < 8 ? PIC1_CMD : PIC2_CMD;
	outb(OCW3_READ_ISR, port);
	return inb(port) & (1 << (irq & 7));
}

/*
 * Mask the line and end its interrupt with a specific EOI (on both PICs
 * for a slave line). False for a spurious IRQ7/15: that one is not in
 * service, so it gets no EOI of its own (the master's cascade line does).
 */
static bool mask_and_ack_8259A(unsigned int irq)
{
	if ((irq == 7 || irq == 15) && !i8259A_irq_real(irq)) {
		if (irq == 15)
			outb(OCW2_SPECIFIC_EOI + PIC_CASCADE_IR, PIC1_CMD);
		irq_err_count++;
		return false;
	}
	mask_8259A_irq(irq);
	if (irq >= 8) {
		outb(OCW2_SPECIFIC_EOI + (irq & 7), PIC2_CMD);
		outb(OCW2_SPECIFIC_EOI + PIC_CASCADE_IR, PIC1_CMD);
	} else {
		outb(OCW2_SPECIFIC_EOI + irq, PIC1_CMD);
	}
	return true;
}

void disable_irq(unsigned int irq)
{
	if (irq >= NR_LEGACY_IRQS)
		return;
	if (!irq_desc[irq].depth++)
		mask_8259A_irq(irq);
}
EXPORT_SYMBOL(disable_irq);

void enable_irq(unsigned int irq)
{
	if (irq >= NR_LEGACY_IRQS || !irq_desc[irq].depth)
		return;
	if (!--irq_desc[irq].depth)
		unmask_8259A_irq(irq);
}
EXPORT_SYMBOL(enable_irq);

/* --- the flow: kernel/irq/chip.c and handle.c --- */

static noinline irqreturn_t __handle_irq_event_percpu(struct irq_desc *desc)
{
	struct irqaction *action = desc->action;
	return action->handler(desc->irq, action->dev_id);
}

static noinline irqreturn_t handle_irq_event_percpu(struct irq_desc *desc)
{
	return __handle_irq_event_percpu(desc);
}

static noinline irqreturn_t handle_irq_event(struct irq_desc *desc)
{
	return handle_irq_event_percpu(desc);
}

static noinline void handle_level_irq(struct irq_desc *desc)
{
	if (!mask_and_ack_8259A(desc->irq))
		return;
	desc->count++;
	if (!desc->action || desc->depth)
		return;		/* stays masked, as for a disabled line */
	handle_irq_event(desc);
	if (!desc->depth)
		unmask_8259A_irq(desc->irq);
}

/* --- the hard-interrupt stack: arch/x86/include/asm/irq_stack.h --- */

/*
 * Hard interrupts run on their own 16 KiB stack (page allocated, so not a
 * kmemleak root), as on x86-64 Linux: what a handler leaves on its stack
 * does not linger below a task's stack pointer where a scan would see it.
 * It comes from ZONE_DMA, below every task stack (those are served from
 * DMA32, or vmalloc space, higher still), so going from a handler's frames
 * to the interrupted task's goes up in memory as it does within a stack:
 * a debugger's unwinder (gdb) stops at a caller's frame that lies below
 * its callee's ("previous frame inner to this frame").
 */
unsigned long irq_stack_lo, irq_stack_hi;
static int irq_stack_users;	/* 5.10's per-CPU irq_count + 1 */

void __init irq_stack_init(void)
{
	irq_stack_lo = __get_free_pages(GFP_KERNEL | __GFP_DMA | __GFP_ZERO, 2);
	irq_stack_hi = irq_stack_lo + THREAD_SIZE;
}

static bool irqstack_active(void)
{
	return irq_stack_users || !irq_stack_lo;
}

static void run_irq_on_irqstack_cond(struct irq_desc *desc)
{
	if (irqstack_active()) {
		desc->handle_irq(desc);
		return;
	}
	irq_stack_users++;
	asm_call_irq_on_stack((void *)irq_stack_hi, desc->handle_irq, desc);
	irq_stack_users--;
}

/* invoke_softirq's arch half: pending softirqs on the hard-interrupt stack */
void do_softirq_own_stack(void)
{
	if (irqstack_active()) {
		__do_softirq();
		return;
	}
	irq_stack_users++;
	asm_call_irq_on_stack((void *)irq_stack_hi, __do_softirq, NULL);
	irq_stack_users--;
}

/*
 * Every external vector's entry (entry.S's asm_common_interrupt pushes
 * the vector where an exception's error code goes). The vector is the low
 * byte, as the stubs' push of an imm8 sign-extends it.
 */
__visible void common_interrupt(struct pt_regs *regs, unsigned long error_code)
{
	u8 vector = (u8)error_code;
	struct pt_regs *old_regs = set_irq_regs(regs);
	struct irq_desc *desc = vector_irq[vector];

	irq_enter_rcu();
	if (desc)
		run_irq_on_irqstack_cond(desc);
	else
		pr_emerg("%s: %d.%u No irq handler for vector\n", __func__, 0, vector);
	irq_exit_rcu();
	set_irq_regs(old_regs);
	if (user_mode(regs))
		prepare_exit_to_usermode(regs);	/* irqentry_exit: signals, rescheduling */
}

void __init init_IRQ(void)
{
	outb(0x11, PIC1_CMD);		/* ICW1: edge, cascade, ICW4 */
	outb(0x11, PIC2_CMD);
	outb(IRQ0_VECTOR, PIC1_DATA);	/* ICW2: vector base */
	outb(IRQ0_VECTOR + 8, PIC2_DATA);
	outb(1 << PIC_CASCADE_IR, PIC1_DATA);	/* ICW3: slave on IRQ2 */
	outb(PIC_CASCADE_IR, PIC2_DATA);
	outb(0x01, PIC1_DATA);		/* ICW4: 8086 mode */
	outb(0x01, PIC2_DATA);
	pic_write_mask();
	for (unsigned int i = 0; i < NR_LEGACY_IRQS; i++) {
		irq_desc[i].irq = i;
		irq_desc[i].handle_irq = handle_level_irq;
		vector_irq[IRQ0_VECTOR + i] = &irq_desc[i];
	}
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name, void *dev)
{
	struct irq_desc *desc;

	if (irq >= NR_LEGACY_IRQS || !handler)
		return -EINVAL;
	desc = &irq_desc[irq];
	if (desc->action)
		return -EBUSY;
	desc->action_store = (struct irqaction){ handler, dev, name };
	desc->action = &desc->action_store;
	desc->depth = 0;
	unmask_8259A_irq(irq);
	return 0;
}
EXPORT_SYMBOL(request_irq);

void free_irq(unsigned int irq, void *dev)
{
	if (irq < NR_LEGACY_IRQS && irq_desc[irq].action && irq_desc[irq].action->dev_id == dev) {
		mask_8259A_irq(irq);
		irq_desc[irq].action = NULL;
	}
}
EXPORT_SYMBOL(free_irq);

/* Interrupts taken since boot, all lines: /proc/stat's intr total. */
unsigned long irq_count_total(void)
{
	unsigned long n = 0;
	for (int i = 0; i < 16; i++)
		n += irq_desc[i].count;
	return n;
}

/*
 * /proc/interrupts as kernel/irq/proc.c and arch_show_interrupts print it:
 * "%*d: " (prec 3), "%10u " per CPU, " %8s" chip, " %*s" (no irq domain
 * on the legacy PIC), "  name"; then the x86 rows, whose sources (local
 * APIC, IPIs, MCE) this machine does not have, so they stay 0.
 */
void show_interrupts(void (*emit)(void *, const char *), void *ctx)
{
	static const char *const arch_rows[][2] = {
		{ "NMI", "Non-maskable interrupts" }, { "LOC", "Local timer interrupts" },
		{ "SPU", "Spurious interrupts" }, { "PMI", "Performance monitoring interrupts" },
		{ "IWI", "IRQ work interrupts" }, { "RTR", "APIC ICR read retries" },
		{ "RES", "Rescheduling interrupts" }, { "CAL", "Function call interrupts" },
		{ "TLB", "TLB shootdowns" }, { "TRM", "Thermal event interrupts" },
		{ "THR", "Threshold APIC interrupts" }, { "DFR", "Deferred Error APIC interrupts" },
		{ "MCE", "Machine check exceptions" }, { "MCP", "Machine check polls" },
	};
	char line[128];
	emit(ctx, "           CPU0       \n");
	for (int i = 0; i < 16; i++) {
		if (!irq_desc[i].action)
			continue;
		snprintf(line, sizeof(line), "%3d: %10lu  %8s %3s  %s\n", i, irq_desc[i].count, "XT-PIC", "",
			 irq_desc[i].action->name);
		emit(ctx, line);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(arch_rows); i++) {
		snprintf(line, sizeof(line), "%3s: %10u   %s\n", arch_rows[i][0], 0, arch_rows[i][1]);
		emit(ctx, line);
	}
	snprintf(line, sizeof(line), "ERR: %10lu\n", irq_err_count);
	emit(ctx, line);
	snprintf(line, sizeof(line), "MIS: %10u\n", 0);
	emit(ctx, line);
}
