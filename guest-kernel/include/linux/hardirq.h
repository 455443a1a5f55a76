#include <linux/preempt.h>
void irq_enter_rcu(void);
void irq_exit_rcu(void);
void do_softirq_own_stack(void);
void __do_softirq(void);
