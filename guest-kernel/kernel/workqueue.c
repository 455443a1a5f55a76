/*
 * workqueue.c: workqueues and completions.
 *
 * Every workqueue is served by one worker kthread ("kworker/0:1" for the
 * system queue, the queue's name otherwise) that takes works off a FIFO
 * list and runs them in process context, so they may sleep. A work is
 * queued at most once at a time (pending bit); cancel takes it off the
 * list or waits for the running instance. Delayed work arms a timer whose
 * callback (softirq context) queues the work.
 * Locking: the lists change with interrupts off (timers queue from softirq).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/export.h>

struct workqueue_struct {
	struct list_head works;
	struct wait_queue_head more;	/* the worker sleeps here */
	struct wait_queue_head done;	/* flushers and cancellers */
	struct work_struct *running;
	struct task_struct *worker;
	bool dying;
};
struct workqueue_struct *system_wq;
EXPORT_SYMBOL(system_wq);

static int worker_thread(void *arg)
{
	struct workqueue_struct *wq = arg;
	unsigned long flags;

	for (;;) {
		struct work_struct *w;
		wait_event_idle(wq->more, !list_empty(&wq->works) || wq->dying);
		local_irq_save(flags);
		if (list_empty(&wq->works)) {
			local_irq_restore(flags);
			if (wq->dying)
				break;
			continue;
		}
		w = list_first_entry(&wq->works, struct work_struct, entry);
		list_del_init(&w->entry);
		w->pending = 0;
		wq->running = w;
		local_irq_restore(flags);
		w->func(w);
		wq->running = NULL;
		wake_up(&wq->done);
	}
	return 0;
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
{
	struct workqueue_struct *wq = kzalloc(sizeof(*wq), GFP_KERNEL);
	if (!wq)
		return NULL;
	INIT_LIST_HEAD(&wq->works);
	init_waitqueue_head(&wq->more);
	init_waitqueue_head(&wq->done);
	wq->worker = kthread_run(worker_thread, wq, "%s", fmt);
	if (IS_ERR(wq->worker)) {
		kfree(wq);
		return NULL;
	}
	return wq;
}
EXPORT_SYMBOL(alloc_workqueue);

void flush_workqueue(struct workqueue_struct *wq)
{
	wait_event(wq->done, list_empty(&wq->works) && !wq->running);
}
EXPORT_SYMBOL(flush_workqueue);

void destroy_workqueue(struct workqueue_struct *wq)
{
	flush_workqueue(wq);
	wq->dying = true;
	wake_up(&wq->more);
	kthread_stop(wq->worker);
	kfree(wq);
}
EXPORT_SYMBOL(destroy_workqueue);

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	unsigned long flags;
	bool queued = false;
	local_irq_save(flags);
	if (!work->pending) {
		work->pending = (unsigned long)wq | 1;
		list_add_tail(&work->entry, &wq->works);
		queued = true;
	}
	local_irq_restore(flags);
	if (queued)
		wake_up(&wq->more);
	return queued;
}
EXPORT_SYMBOL(queue_work);

bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}
EXPORT_SYMBOL(schedule_work);

void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dw = from_timer(dw, t, timer);
	struct workqueue_struct *wq = (void *)(dw->work.pending & ~1UL);
	dw->work.pending = 0;
	queue_work(wq ? wq : system_wq, &dw->work);
}
EXPORT_SYMBOL(delayed_work_timer_fn);

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw, unsigned long delay)
{
	if (dw->work.pending || timer_pending(&dw->timer))
		return false;
	if (!delay)
		return queue_work(wq, &dw->work);
	dw->work.pending = (unsigned long)wq | 1;
	dw->timer.function = delayed_work_timer_fn;
	mod_timer(&dw->timer, jiffies + delay);
	return true;
}
EXPORT_SYMBOL(queue_delayed_work);

bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay)
{
	return queue_delayed_work(system_wq, dw, delay);
}
EXPORT_SYMBOL(schedule_delayed_work);

static struct workqueue_struct *wq_of(struct work_struct *w)
{
	return (void *)(w->pending & ~1UL);
}

bool cancel_work_sync(struct work_struct *work)
{
	unsigned long flags;
	struct workqueue_struct *wq = wq_of(work) ? wq_of(work) : system_wq;
	bool was = false;
	local_irq_save(flags);
	if (work->pending && !list_empty(&work->entry)) {
		list_del_init(&work->entry);
		was = true;
	}
	work->pending = 0;
	local_irq_restore(flags);
	wait_event(wq->done, wq->running != work);
	return was;
}
EXPORT_SYMBOL(cancel_work_sync);

bool cancel_delayed_work_sync(struct delayed_work *dw)
{
	bool was = del_timer(&dw->timer);
	if (was)
		dw->work.pending = 0;
	return cancel_work_sync(&dw->work) || was;
}
EXPORT_SYMBOL(cancel_delayed_work_sync);

void flush_work(struct work_struct *work)
{
	struct workqueue_struct *wq = wq_of(work) ? wq_of(work) : system_wq;
	wait_event(wq->done, !work->pending && wq->running != work);
}
EXPORT_SYMBOL(flush_work);

void flush_scheduled_work(void)
{
	flush_workqueue(system_wq);
}
EXPORT_SYMBOL(flush_scheduled_work);

static int __init workqueue_init(void)
{
	system_wq = alloc_workqueue("kworker/0:1", 0, 0);
	return system_wq ? 0 : -ENOMEM;
}
early_initcall(workqueue_init);

void complete(struct completion *c)
{
	unsigned long flags;
	local_irq_save(flags);
	if (c->done != UINT_MAX)
		c->done++;
	local_irq_restore(flags);
	wake_up(&c->wait);
}
EXPORT_SYMBOL(complete);

void complete_all(struct completion *c)
{
	c->done = UINT_MAX;
	wake_up(&c->wait);
}
EXPORT_SYMBOL(complete_all);

static void take(struct completion *c)
{
	unsigned long flags;
	local_irq_save(flags);
	if (c->done != UINT_MAX)
		c->done--;
	local_irq_restore(flags);
}

void wait_for_completion(struct completion *c)
{
	wait_event(c->wait, c->done);
	take(c);
}
EXPORT_SYMBOL(wait_for_completion);

int wait_for_completion_interruptible(struct completion *c)
{
	if (wait_event_interruptible(c->wait, c->done))
		return -ERESTARTSYS;
	take(c);
	return 0;
}
EXPORT_SYMBOL(wait_for_completion_interruptible);

unsigned long wait_for_completion_timeout(struct completion *c, unsigned long timeout)
{
	long left = wait_event_timeout(c->wait, c->done, timeout);
	if (!c->done)
		return 0;
	take(c);
	return left ? left : 1;
}
EXPORT_SYMBOL(wait_for_completion_timeout);
