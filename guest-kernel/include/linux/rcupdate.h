/* rcupdate.h: call_rcu, as 5.10's kernel/rcu/tree.c gives it (kernel/rcu.c). */
#ifndef _LINUX_RCUPDATE_H
#define _LINUX_RCUPDATE_H
#include <linux/types.h>

typedef void (*rcu_callback_t)(struct rcu_head *head);
void call_rcu(struct rcu_head *head, rcu_callback_t func);
void rcu_note_context_switch(void);
void rcu_sched_clock_irq(int user);
void rcu_init(void);
#endif
