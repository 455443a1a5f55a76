/*
 * convenient.h: helpers for the test module (own code; behaviour of the
 * book's convenient.h PRINT_CTX).
 *
 * PRINT_CTX() prints, at debug level, one line describing the context:
 *   "%03d) %c%s%c:%d   |  %c%c%c%u   /" "* %s() *" "/"
 * CPU; comm in [ ] for a kernel thread (no mm), else between spaces; pid;
 * 'd' if interrupts are off; 'N' if a reschedule is pending; context
 * ('H' hardirq within softirq, 'h' hardirq, 's' softirq, '.' task); and
 * the book's "preempt_count() && 0xff", a logical AND, so 0 or 1.
 */
#ifndef _KMEMBUGS_CONVENIENT_H
#define _KMEMBUGS_CONVENIENT_H
#include <linux/sched.h>
#include <linux/preempt.h>
#include <asm/irqflags.h>

static inline char ctx_letter(void)
{
	if (in_task())
		return '.';
	if (in_irq())
		return in_softirq() ? 'H' : 'h';
	return in_softirq() ? 's' : '.';
}

#define PRINT_CTX() \
	pr_debug("%03d) %c%s%c:%d   |  %c%c%c%u   /* %s() */\n", smp_processor_id(), \
		 current->mm ? ' ' : '[', current->comm, current->mm ? ' ' : ']', current->pid, \
		 irqs_disabled() ? 'd' : '.', need_resched() ? 'N' : '.', ctx_letter(), \
		 (unsigned int)(preempt_count() != 0), __func__)
#endif
