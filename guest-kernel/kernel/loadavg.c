/*
 * loadavg.c: the load average, as kernel/sched/loadavg.c computes it.
 *
 * Every LOAD_FREQ (5 s + 1 tick) the number of active tasks (runnable
 * plus uninterruptible, not TASK_NOLOAD idle kworkers) is folded into
 * three exponentially decaying averages in 11-bit fixed point with
 * Linux's constants (1, 5 and 15 minutes: EXP_1 1884, EXP_5 2014, EXP_15
 * 2037). The timer does not tick while the machine idles, so the sample
 * points are kept in jiffies and the ones missed are caught up with the
 * current count, as calc_global_nohz does; /proc/loadavg catches up too
 * before it prints them (fs/proc_misc.c).
 *
 * Locking: interrupts off while folding (the tick and a reader may both
 * call it); readers copy three words.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/loadavg.h>

unsigned long avenrun[3];
static unsigned long calc_load_update = INITIAL_JIFFIES + LOAD_FREQ;

static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);
	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

/*
 * Runnable tasks and those in uninterruptible sleep, as calc_load_fold_active
 * counts; a reader catching up leaves itself out (it was not there while
 * the machine idled).
 */
static unsigned long nr_active(struct task_struct *reader)
{
	struct task_struct *t;
	unsigned long n = 0;
	for_each_process(t) {
		if (!t->pid || t->exit_state || t == reader)
			continue;
		if (t->state == TASK_RUNNING || (t->state & TASK_UNINTERRUPTIBLE && !(t->state & TASK_NOLOAD)))
			n++;
	}
	return n;
}

/* Every sample point passed since the last call: from the tick (reader NULL) and /proc/loadavg. */
void calc_global_load(struct task_struct *reader)
{
	unsigned long active = 0, flags;
	bool counted = false;
	local_irq_save(flags);
	while (time_after_eq(jiffies, calc_load_update)) {
		if (!counted) {
			active = nr_active(reader) * FIXED_1;
			counted = true;
		}
		calc_load_update += LOAD_FREQ;
		avenrun[0] = calc_load(avenrun[0], EXP_1, active);
		avenrun[1] = calc_load(avenrun[1], EXP_5, active);
		avenrun[2] = calc_load(avenrun[2], EXP_15, active);
	}
	local_irq_restore(flags);
}

void calc_global_load_tick(void)
{
	calc_global_load(NULL);
}
