/*
 * irq_work.c: deferred work in hard interrupt context.
 *
 * irq_work_queue claims the work (PENDING) and pushes it on a singly
 * linked list; the timer interrupt calls irq_work_tick, which runs the
 * list with interrupts off, as 5.10 does on a machine without an APIC
 * (no irq_work self-IPI). So a kmalloc in an irq_work function shows up
 * as comm "hardirq", pid 0 with irq_work_single <- irq_work_run_list <-
 * irq_work_tick <- update_process_times <- tick_periodic <-
 * tick_handle_periodic <- timer_interrupt in its backtrace.
 */
#include <linux/kernel.h>
#include <linux/irq_work.h>
#include <linux/interrupt.h>
#include <linux/export.h>

static struct irq_work *raised_list;

bool irq_work_queue(struct irq_work *work)
{
	unsigned long flags;

	local_irq_save(flags);
	if (work->flags & IRQ_WORK_PENDING) {
		local_irq_restore(flags);
		return false;
	}
	work->flags |= IRQ_WORK_PENDING | IRQ_WORK_BUSY;
	work->next = raised_list;
	raised_list = work;
	local_irq_restore(flags);
	return true;
}
EXPORT_SYMBOL_GPL(irq_work_queue);

/* 5.10: clear PENDING, run, clear BUSY unless the work was claimed again meanwhile */
noinline void irq_work_single(void *arg)
{
	struct irq_work *work = arg;
	unsigned long flags = work->flags & ~IRQ_WORK_PENDING;

	work->flags = flags;
	work->func(work);
	if (work->flags == flags)
		work->flags = flags & ~IRQ_WORK_BUSY;
}

static noinline void irq_work_run_list(struct irq_work **list)
{
	struct irq_work *work = *list, *next;

	*list = NULL;
	/* oldest first, like Linux's llist_reverse_order */
	{
		struct irq_work *rev = NULL;
		while (work) {
			next = work->next;
			work->next = rev;
			rev = work;
			work = next;
		}
		work = rev;
	}
	for (; work; work = next) {
		next = work->next;
		irq_work_single(work);
	}
}

void irq_work_run(void)
{
	irq_work_run_list(&raised_list);
}
EXPORT_SYMBOL_GPL(irq_work_run);

noinline void irq_work_tick(void)
{
	if (raised_list)
		irq_work_run_list(&raised_list);
}

void irq_work_sync(struct irq_work *work)
{
	while (work->flags & IRQ_WORK_BUSY)
		cpu_relax();
}
EXPORT_SYMBOL_GPL(irq_work_sync);
