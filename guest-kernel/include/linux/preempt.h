/*
 * preempt.h: the preemption/interrupt nesting counter, with Linux's layout
 * (PREEMPT 0-7, SOFTIRQ 8-15, HARDIRQ 16-19, NMI 20-23). in_irq() is what
 * kmemleak checks to record comm "hardirq", pid 0.
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H
#include <linux/compiler.h>
extern int __preempt_count;
#define PREEMPT_OFFSET	(1UL << 0)
#define SOFTIRQ_OFFSET	(1UL << 8)
#define HARDIRQ_OFFSET	(1UL << 16)
#define NMI_OFFSET	(1UL << 20)
#define PREEMPT_MASK	0x000000ff
#define SOFTIRQ_MASK	0x0000ff00
#define HARDIRQ_MASK	0x000f0000
#define NMI_MASK	0x00f00000
#define SOFTIRQ_DISABLE_OFFSET (2 * SOFTIRQ_OFFSET)
#define preempt_count()	READ_ONCE(__preempt_count)
#define hardirq_count()	(preempt_count() & HARDIRQ_MASK)
#define softirq_count()	(preempt_count() & SOFTIRQ_MASK)
#define irq_count()	(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_MASK))
#define in_irq()	(hardirq_count())
#define in_softirq()	(softirq_count())
#define in_interrupt()	(irq_count())
#define in_serving_softirq() (softirq_count() & SOFTIRQ_OFFSET)
#define in_nmi()	(preempt_count() & NMI_MASK)
#define in_task()	(!(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)))
#define in_atomic()	(preempt_count() != 0)
#define preempt_count_add(v) (__preempt_count += (v))
#define preempt_count_sub(v) (__preempt_count -= (v))
#define preempt_disable() do { preempt_count_add(1); barrier(); } while (0)
#define preempt_enable() do { barrier(); preempt_count_sub(1); } while (0)
#define preempt_enable_no_resched() preempt_enable()
#define local_bh_disable() do { preempt_count_add(SOFTIRQ_DISABLE_OFFSET); barrier(); } while (0)
#define local_bh_enable() do { barrier(); preempt_count_sub(SOFTIRQ_DISABLE_OFFSET); } while (0)
#define rcu_read_lock() preempt_disable()
#define rcu_read_unlock() preempt_enable()
#define synchronize_rcu() do { } while (0)
#define rcu_dereference(p) (p)
#define rcu_assign_pointer(p, v) ((p) = (v))
#define smp_processor_id() 0
#define raw_smp_processor_id() 0
#define get_cpu() ({ preempt_disable(); 0; })
#define put_cpu() preempt_enable()
#define smp_mb() barrier()
#define smp_rmb() barrier()
#define smp_wmb() barrier()
#endif
