/* interrupt.h: IRQ handlers, softirqs and tasklets. */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H
#include <linux/types.h>
#include <linux/hardirq.h>
#include <asm/irqflags.h>
typedef int irqreturn_t;
#define IRQ_NONE 0
#define IRQ_HANDLED 1
typedef irqreturn_t (*irq_handler_t)(int, void *);
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name, void *dev);
void free_irq(unsigned int irq, void *dev);
void disable_irq(unsigned int irq);
void enable_irq(unsigned int irq);
enum { HI_SOFTIRQ, TIMER_SOFTIRQ, NET_TX_SOFTIRQ, NET_RX_SOFTIRQ, BLOCK_SOFTIRQ, IRQ_POLL_SOFTIRQ,
       TASKLET_SOFTIRQ, SCHED_SOFTIRQ, HRTIMER_SOFTIRQ, RCU_SOFTIRQ, NR_SOFTIRQS };
/* __do_softirq's section: stack traces saved for later (KASAN's) end at it (filter_irq_stacks) */
#define __softirq_entry __attribute__((section(".softirqentry.text")))
void raise_softirq(unsigned int nr);
void open_softirq(int nr, void (*action)(void));
struct tasklet_struct {
	struct tasklet_struct *next;
	unsigned long state;
	void (*func)(unsigned long);
	unsigned long data;
};
void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data);
void tasklet_schedule(struct tasklet_struct *t);
void tasklet_kill(struct tasklet_struct *t);
#define DECLARE_TASKLET_OLD(n, f) struct tasklet_struct n = { NULL, 0, f, 0 }
#endif
