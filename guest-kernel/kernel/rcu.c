/*
 * rcu.c: call_rcu for this one-CPU kernel, with 5.10 Tree RCU's names.
 *
 * The kernel is not preemptible, so a reader (rcu_read_lock is a no-op
 * here: nothing in this kernel reads under RCU yet) cannot span a context
 * switch or a tick taken in user mode or in the idle task: each of those
 * is a quiescent state, and with one CPU a quiescent state after a
 * callback was queued ends its grace period. So call_rcu queues on
 * `next`; rcu_note_context_switch (from schedule) and rcu_sched_clock_irq
 * (from the tick, for a user or idle tick) move `next` to `done` and
 * raise RCU_SOFTIRQ, whose rcu_core runs the callbacks (rcu_do_batch).
 * __call_rcu records the caller's stack with KASAN (kasan_record_aux_stack),
 * which KASAN's reports print as "Last call_rcu():".
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <asm/irqflags.h>
#include <linux/sched.h>
#include <linux/export.h>
#include <linux/kasan.h>
#include <linux/rcupdate.h>

static struct rcu_head *next_list, **next_tail = &next_list;
static struct rcu_head *done_list, **done_tail = &done_list;

static noinline void __call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	unsigned long flags;

	kasan_record_aux_stack(head);
	head->func = func;
	head->next = NULL;
	local_irq_save(flags);
	*next_tail = head;
	next_tail = &head->next;
	local_irq_restore(flags);
}

void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	__call_rcu(head, func);
}
EXPORT_SYMBOL(call_rcu);

/* A quiescent state: every callback queued so far has had its grace period. */
static void rcu_qs(void)
{
	unsigned long flags;

	local_irq_save(flags);
	if (next_list) {
		*done_tail = next_list;
		done_tail = next_tail;
		next_list = NULL;
		next_tail = &next_list;
		raise_softirq(RCU_SOFTIRQ);
	}
	local_irq_restore(flags);
}

void rcu_note_context_switch(void)
{
	rcu_qs();
}

void rcu_sched_clock_irq(int user)
{
	if (user || is_idle_task(current))
		rcu_qs();
}

static noinline void rcu_do_batch(void)
{
	struct rcu_head *list, *head;
	unsigned long flags;

	local_irq_save(flags);
	list = done_list;
	done_list = NULL;
	done_tail = &done_list;
	local_irq_restore(flags);
	while ((head = list)) {
		list = head->next;
		head->func(head);
	}
}

static void rcu_core(void)
{
	rcu_do_batch();
}

void __init rcu_init(void)
{
	open_softirq(RCU_SOFTIRQ, rcu_core);
}
