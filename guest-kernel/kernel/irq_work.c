/*
 * irq_work.c: deferred work in hard interrupt context.
 *
 * irq_work_queue claims the work (PENDING) and pushes it on a singly
 * linked list; the timer interrupt calls irq_work_tick, which runs the
 * list with interrupts off, as Linux does on machines without an
 * irq_work vector. So a kmalloc in an irq_work function shows up as
 * comm "hardirq", pid 0 with irq_work_run_list <- irq_work_tick in its
 * backtrace.
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
		work->flags &= ~IRQ_WORK_PENDING;
		work->func(work);
		work->flags &= ~IRQ_WORK_BUSY;
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
