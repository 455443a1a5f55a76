/*
 * irq.c: the 8259A pair and IRQ dispatch.
 *
 * The PICs are remapped to vectors 0x20-0x2f, all lines masked until a
 * handler is requested. do_IRQ brackets the handler with irq_enter/
 * irq_exit (HARDIRQ_OFFSET in preempt_count; softirqs run on the way out)
 * and sends a non-specific EOI first, so a slow handler cannot lose the
 * next edge. Spurious IRQ7/15 (ISR bit clear) are counted and ignored.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/export.h>
#include <asm/io.h>
#include <asm/ptrace.h>
#include <asm/page.h>
#include <linux/gfp.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define IRQ0_VECTOR 0x20

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	unsigned long count;
};
static struct irqaction irq_desc[16];
static u16 cached_irq_mask = 0xffff;
unsigned long irq_err_count;
struct pt_regs *irq_regs;

static void pic_write_mask(void)
{
	outb(cached_irq_mask, PIC1_DATA);
	outb(cached_irq_mask >> 8, PIC2_DATA);
}

void disable_irq(unsigned int irq)
{
	cached_irq_mask |= 1 << irq;
	pic_write_mask();
}
EXPORT_SYMBOL(disable_irq);

void enable_irq(unsigned int irq)
{
	cached_irq_mask &= ~(1 << irq);
	if (irq >= 8)
		cached_irq_mask &= ~(1 << 2);
	pic_write_mask();
}
EXPORT_SYMBOL(enable_irq);

void __init init_IRQ(void)
{
	outb(0x11, PIC1_CMD);		/* ICW1: edge, cascade, ICW4 */
	outb(0x11, PIC2_CMD);
	outb(IRQ0_VECTOR, PIC1_DATA);	/* ICW2: vector base */
	outb(IRQ0_VECTOR + 8, PIC2_DATA);
	outb(1 << 2, PIC1_DATA);	/* ICW3: slave on IRQ2 */
	outb(2, PIC2_DATA);
	outb(0x01, PIC1_DATA);		/* ICW4: 8086 mode */
	outb(0x01, PIC2_DATA);
	pic_write_mask();
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name, void *dev)
{
	if (irq >= 16 || !handler)
		return -EINVAL;
	if (irq_desc[irq].handler)
		return -EBUSY;
	irq_desc[irq].handler = handler;
	irq_desc[irq].dev_id = dev;
	irq_desc[irq].name = name;
	enable_irq(irq);
	return 0;
}
EXPORT_SYMBOL(request_irq);

void free_irq(unsigned int irq, void *dev)
{
	if (irq < 16 && irq_desc[irq].dev_id == dev) {
		disable_irq(irq);
		irq_desc[irq].handler = NULL;
	}
}
EXPORT_SYMBOL(free_irq);

static bool spurious(unsigned int irq)
{
	u16 port = irq < 8 ? PIC1_CMD : PIC2_CMD;
	outb(0x0b, port);		/* OCW3: read ISR */
	return !(inb(port) & (1 << (irq & 7)));
}

/*
 * Hard interrupts run on their own 16 KiB stack (page allocated, so not a
 * kmemleak root), as on x86-64 Linux: what a handler leaves on its stack
 * does not linger below a task's stack pointer where a scan would see it.
 */
unsigned long irq_stack_lo, irq_stack_hi;
static bool on_irq_stack;
void call_on_stack(void *top, void (*fn)(unsigned long, void *), unsigned long a, void *b);
static void handle_irq(unsigned long vector, void *regs);

void __init irq_stack_init(void)
{
	irq_stack_lo = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 2);
	irq_stack_hi = irq_stack_lo + THREAD_SIZE;
}

void do_IRQ(unsigned int vector, struct pt_regs *regs)
{
	if (on_irq_stack || !irq_stack_lo) {
		handle_irq(vector, regs);
		return;
	}
	on_irq_stack = true;
	call_on_stack((void *)irq_stack_hi, handle_irq, vector, regs);
	on_irq_stack = false;
}

static void handle_irq(unsigned long vector, void *r)
{
	struct pt_regs *regs = r;
	unsigned int irq = vector - IRQ0_VECTOR;
	struct pt_regs *old = irq_regs;

	if (vector < IRQ0_VECTOR || irq >= 16) {
		pr_emerg("do_IRQ: no handler for vector 0x%lx\n", vector);
		return;
	}
	if ((irq == 7 || irq == 15) && spurious(irq)) {
		if (irq == 15)
			outb(0x20, PIC1_CMD);
		irq_err_count++;
		return;
	}
	if (irq >= 8)
		outb(0x20, PIC2_CMD);
	outb(0x20, PIC1_CMD);
	irq_regs = regs;
	irq_enter();
	irq_desc[irq].count++;
	if (irq_desc[irq].handler)
		irq_desc[irq].handler(irq, irq_desc[irq].dev_id);
	irq_exit();
	irq_regs = old;
}

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
		if (!irq_desc[i].handler)
			continue;
		snprintf(line, sizeof(line), "%3d: %10lu  %8s %3s  %s\n", i, irq_desc[i].count, "XT-PIC", "", irq_desc[i].name);
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
