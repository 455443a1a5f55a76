/*
 * softirq.c: interrupt context bookkeeping, softirqs and tasklets.
 *
 * irq_enter_rcu/irq_exit_rcu move preempt_count by HARDIRQ_OFFSET. On the
 * way out of the outermost hard interrupt, pending softirqs run
 * (invoke_softirq -> the arch's do_softirq_own_stack, on the hard-interrupt
 * stack) with SOFTIRQ_OFFSET set and interrupts enabled
 * (in_serving_softirq() is true there: kmemleak records comm "softirq",
 * pid 0 for their allocations).
 */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/export.h>

int __preempt_count;
static unsigned long softirq_pending;
static void (*softirq_vec[NR_SOFTIRQS])(void);
static struct tasklet_struct *tasklet_head;

void irq_enter_rcu(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
}

void open_softirq(int nr, void (*action)(void))
{
	softirq_vec[nr] = action;
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;
	local_irq_save(flags);
	softirq_pending |= 1UL << nr;
	local_irq_restore(flags);
}
EXPORT_SYMBOL(raise_softirq);

void __softirq_entry __do_softirq(void)
{
	unsigned long pending;
	int restart = 10;

	preempt_count_add(SOFTIRQ_OFFSET);
	while ((pending = softirq_pending) && restart--) {
		softirq_pending = 0;
		local_irq_enable();
		for (int nr = 0; nr < NR_SOFTIRQS; nr++)
			if ((pending & (1UL << nr)) && softirq_vec[nr])
				softirq_vec[nr]();
		local_irq_disable();
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
}

static void invoke_softirq(void)
{
	do_softirq_own_stack();
}

void irq_exit_rcu(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && softirq_pending)
		invoke_softirq();
}

static void tasklet_action(void)
{
	struct tasklet_struct *list;
	unsigned long flags;

	local_irq_save(flags);
	list = tasklet_head;
	tasklet_head = NULL;
	local_irq_restore(flags);
	while (list) {
		struct tasklet_struct *t = list;
		list = t->next;
		t->state = 0;
		t->func(t->data);
	}
}

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	t->func = func;
	t->data = data;
}
EXPORT_SYMBOL(tasklet_init);

void tasklet_schedule(struct tasklet_struct *t)
{
	unsigned long flags;
	local_irq_save(flags);
	if (!t->state) {
		t->state = 1;
		t->next = tasklet_head;
		tasklet_head = t;
		softirq_pending |= 1UL << TASKLET_SOFTIRQ;
	}
	local_irq_restore(flags);
}
EXPORT_SYMBOL(tasklet_schedule);

void tasklet_kill(struct tasklet_struct *t)
{
	unsigned long flags;
	struct tasklet_struct **pp;
	local_irq_save(flags);
	for (pp = &tasklet_head; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	t->state = 0;
	local_irq_restore(flags);
}
EXPORT_SYMBOL(tasklet_kill);

void softirq_init(void)
{
	open_softirq(TASKLET_SOFTIRQ, tasklet_action);
}
