/*
 * irq_work.h: work run in hard interrupt context soon after being queued.
 * This kernel has no irq_work interrupt, so queued work runs from the timer
 * tick (irq_work_tick), as on Linux without an arch irq_work IPI.
 */
#ifndef _LINUX_IRQ_WORK_H
#define _LINUX_IRQ_WORK_H
#include <linux/types.h>
struct irq_work {
	struct irq_work *next;
	unsigned int flags;
	void (*func)(struct irq_work *);
};
#define IRQ_WORK_PENDING 1
#define IRQ_WORK_BUSY 2
#define IRQ_WORK_LAZY 4
static inline void init_irq_work(struct irq_work *w, void (*func)(struct irq_work *))
{ w->next = NULL; w->flags = 0; w->func = func; }
#define DEFINE_IRQ_WORK(name, f) struct irq_work name = { NULL, 0, (f) }
bool irq_work_queue(struct irq_work *w);
void irq_work_tick(void);
void irq_work_single(void *arg);
void irq_work_run(void);
void irq_work_sync(struct irq_work *w);
#endif
