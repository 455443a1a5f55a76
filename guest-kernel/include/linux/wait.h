/*
 * wait.h: wait queues. A sleeper puts a wait_queue_entry on the head,
 * sets its state, re-checks the condition and calls schedule(); wake_up
 * makes every waiter runnable (no exclusive waits).
 */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H
#include <linux/list.h>
#include <linux/spinlock.h>
struct task_struct;
struct wait_queue_head { spinlock_t lock; struct list_head head; };
typedef struct wait_queue_head wait_queue_head_t;
struct wait_queue_entry { struct task_struct *task; struct list_head entry; };
#define __WAIT_QUEUE_HEAD_INITIALIZER(n) { { 0 }, LIST_HEAD_INIT((n).head) }
#define DECLARE_WAIT_QUEUE_HEAD(n) struct wait_queue_head n = __WAIT_QUEUE_HEAD_INITIALIZER(n)
static inline void init_waitqueue_head(struct wait_queue_head *w) { INIT_LIST_HEAD(&w->head); }
void wake_up(struct wait_queue_head *w);
#define wake_up_interruptible wake_up
#define wake_up_all wake_up
void prepare_to_wait(struct wait_queue_head *w, struct wait_queue_entry *e, int state);
void finish_wait(struct wait_queue_head *w, struct wait_queue_entry *e);
int signal_pending_current(void);
void schedule(void);
long schedule_timeout(long timeout);
#define DEFINE_WAIT(n) struct wait_queue_entry n = { NULL, LIST_HEAD_INIT(n.entry) }
#define ___wait_event(wq, cond, state, ret_on_signal, sched) ({ \
	struct wait_queue_entry __we = { NULL, LIST_HEAD_INIT(__we.entry) }; int __ret = 0; \
	for (;;) { \
		prepare_to_wait(&(wq), &__we, state); \
		if (cond) break; \
		if ((ret_on_signal) && signal_pending_current()) { __ret = -ERESTARTSYS; break; } \
		sched; \
	} \
	finish_wait(&(wq), &__we); __ret; })
#define wait_event(wq, cond) do { if (!(cond)) ___wait_event(wq, cond, 2, 0, schedule()); } while (0)
/* TASK_IDLE: uninterruptible but not counted as load (an idle kworker, state I) */
#define wait_event_idle(wq, cond) do { if (!(cond)) ___wait_event(wq, cond, 0x0402, 0, schedule()); } while (0)
#define wait_event_interruptible(wq, cond) ({ int __r = 0; if (!(cond)) __r = ___wait_event(wq, cond, 1, 1, schedule()); __r; })
#define wait_event_timeout(wq, cond, tmo) ({ long __t = (tmo); if (!(cond)) ___wait_event(wq, (cond) || !__t, 2, 0, __t = schedule_timeout(__t)); __t; })
#define wait_event_interruptible_timeout(wq, cond, tmo) ({ long __t = (tmo); int __r = 0; \
	if (!(cond)) __r = ___wait_event(wq, (cond) || !__t, 1, 1, __t = schedule_timeout(__t)); __r ? __r : __t; })
#endif
