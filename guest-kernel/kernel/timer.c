/*
 * timer.c: the periodic tick and jiffies timers.
 *
 * IRQ0 -> tick_handle_periodic -> tick_periodic: jiffies_64++, then
 * update_process_times: account the tick, raise TIMER_SOFTIRQ, run
 * irq_work (irq_work_tick) and the scheduler tick. Timers sit on one list
 * sorted by expiry and run from the softirq. schedule_timeout and msleep
 * are built on them.
 */
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/timer.h>
#include <linux/sched.h>
#include <linux/loadavg.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/delay.h>
#include <linux/export.h>

extern struct pt_regs *irq_regs;
static LIST_HEAD(timer_list_head);

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->flags = flags;
	t->pending = false;
}
EXPORT_SYMBOL(timer_setup);

int del_timer(struct timer_list *t)
{
	unsigned long flags;
	int was;
	local_irq_save(flags);
	was = t->pending;
	if (was)
		list_del_init(&t->entry);
	t->pending = false;
	local_irq_restore(flags);
	return was;
}
EXPORT_SYMBOL(del_timer);

int mod_timer(struct timer_list *t, unsigned long expires)
{
	unsigned long flags;
	struct timer_list *p;
	int was;

	local_irq_save(flags);
	was = t->pending;
	if (was)
		list_del(&t->entry);
	t->expires = expires;
	t->pending = true;
	list_for_each_entry(p, &timer_list_head, entry)
		if (time_before(expires, p->expires))
			break;
	list_add_tail(&t->entry, &p->entry);
	local_irq_restore(flags);
	return was;
}
EXPORT_SYMBOL(mod_timer);

void add_timer(struct timer_list *t)
{
	mod_timer(t, t->expires);
}
EXPORT_SYMBOL(add_timer);

static void run_timer_softirq(void)
{
	unsigned long flags;

	local_irq_save(flags);
	while (!list_empty(&timer_list_head)) {
		struct timer_list *t = list_first_entry(&timer_list_head, struct timer_list, entry);
		if (time_before(jiffies, t->expires))
			break;
		list_del_init(&t->entry);
		t->pending = false;
		local_irq_enable();
		t->function(t);
		local_irq_disable();
	}
	local_irq_restore(flags);
}

static noinline void run_local_timers(void)
{
	if (!list_empty(&timer_list_head) &&
	    !time_before(jiffies, list_first_entry(&timer_list_head, struct timer_list, entry)->expires))
		raise_softirq(TIMER_SOFTIRQ);
}

noinline void update_process_times(int user_tick)
{
	struct task_struct *p = current;
	if (user_tick)
		p->utime++;
	else
		p->stime++;
	run_local_timers();
	rcu_sched_clock_irq(user_tick);
	irq_work_tick();
	scheduler_tick();
	softlockup_tick();
	calc_global_load_tick();
}

static noinline void tick_periodic(void)
{
	jiffies_64++;
	update_process_times(irq_regs && user_mode(irq_regs));
}

noinline void tick_handle_periodic(void)
{
	tick_periodic();
}

void init_timers(void)
{
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
}

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *pt = from_timer(pt, t, timer);
	wake_up_process(pt->task);
}

long schedule_timeout(long timeout)
{
	struct process_timer pt;
	unsigned long expire;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = timeout + jiffies;
	pt.task = current;
	timer_setup(&pt.timer, process_timeout, 0);
	mod_timer(&pt.timer, expire);
	schedule();
	del_timer(&pt.timer);
	timeout = expire - jiffies;
	return timeout < 0 ? 0 : timeout;
}
EXPORT_SYMBOL(schedule_timeout);

long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(schedule_timeout_interruptible);

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(schedule_timeout_uninterruptible);

void msleep(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;
	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}
EXPORT_SYMBOL(msleep);

unsigned long msleep_interruptible(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;
	while (timeout && !signal_pending(current))
		timeout = schedule_timeout_interruptible(timeout);
	return jiffies_to_msecs(timeout);
}
EXPORT_SYMBOL(msleep_interruptible);

void ssleep(unsigned int secs)
{
	msleep(secs * 1000);
}
EXPORT_SYMBOL(ssleep);

void usleep_range(unsigned long min, unsigned long max)
{
	msleep(DIV_ROUND_UP(min, 1000));
}
EXPORT_SYMBOL(usleep_range);

void ndelay(unsigned long ns)
{
	u64 end = local_clock() + ns;
	while (local_clock() < end)
		cpu_relax();
}
EXPORT_SYMBOL(ndelay);

void udelay(unsigned long us)
{
	ndelay(us * 1000);
}
EXPORT_SYMBOL(udelay);

void mdelay(unsigned long ms)
{
	ndelay(ms * 1000000);
}
EXPORT_SYMBOL(mdelay);
