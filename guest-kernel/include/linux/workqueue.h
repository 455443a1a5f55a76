/*
 * workqueue.h: deferred work in process context. One worker thread
 * ("kworker/0:1") runs the system workqueue; delayed work is a timer that
 * queues the work when it fires.
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H
#include <linux/list.h>
#include <linux/timer.h>
struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
struct work_struct { struct list_head entry; work_func_t func; unsigned long pending; };
struct delayed_work { struct work_struct work; struct timer_list timer; };
struct workqueue_struct;
extern struct workqueue_struct *system_wq;
#define INIT_WORK(w, f) do { INIT_LIST_HEAD(&(w)->entry); (w)->func = (f); (w)->pending = 0; } while (0)
#define DECLARE_WORK(n, f) struct work_struct n = { LIST_HEAD_INIT((n).entry), (f), 0 }
void delayed_work_timer_fn(struct timer_list *t);
#define INIT_DELAYED_WORK(dw, f) do { INIT_WORK(&(dw)->work, f); timer_setup(&(dw)->timer, delayed_work_timer_fn, 0); } while (0)
#define DECLARE_DELAYED_WORK(n, f) struct delayed_work n = { { LIST_HEAD_INIT((n).work.entry), (f), 0 }, \
	{ LIST_HEAD_INIT((n).timer.entry), 0, delayed_work_timer_fn, 0, false } }
#define to_delayed_work(w) container_of(w, struct delayed_work, work)
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
bool schedule_work(struct work_struct *work);
bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw, unsigned long delay);
bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay);
bool cancel_work_sync(struct work_struct *work);
bool cancel_delayed_work_sync(struct delayed_work *dw);
#define cancel_delayed_work cancel_delayed_work_sync
void flush_work(struct work_struct *work);
void flush_scheduled_work(void);
struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);
#define create_singlethread_workqueue(n) alloc_workqueue(n, 0, 1)
void destroy_workqueue(struct workqueue_struct *wq);
void flush_workqueue(struct workqueue_struct *wq);
#endif
