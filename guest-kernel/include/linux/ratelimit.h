/*
 * ratelimit.h: at most `burst` events per `interval` jiffies, as Linux's
 * lib/ratelimit.c. When a new interval begins after events were dropped,
 * the first caller logs "<func>: N callbacks suppressed" as Linux does.
 * Callers hold no lock; the kernel has one CPU and no preemption inside.
 */
#ifndef _LINUX_RATELIMIT_H
#define _LINUX_RATELIMIT_H
#include <linux/types.h>
#include <linux/jiffies.h>
#include <linux/printk.h>

#define DEFAULT_RATELIMIT_INTERVAL	(5 * HZ)
#define DEFAULT_RATELIMIT_BURST		10

struct ratelimit_state {
	int interval;
	int burst;
	int printed;
	int missed;
	unsigned long begin;
};

#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init) \
	struct ratelimit_state name = { .interval = (interval_init), .burst = (burst_init) }

static inline bool ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	if (!rs->interval)
		return true;
	if (!rs->begin || time_after(jiffies, rs->begin + rs->interval)) {
		if (rs->missed)
			printk(KERN_WARNING "%s: %d callbacks suppressed\n", func, rs->missed);
		rs->begin = jiffies;
		rs->printed = 0;
		rs->missed = 0;
	}
	if (rs->burst && rs->burst > rs->printed) {
		rs->printed++;
		return true;
	}
	rs->missed++;
	return false;
}
#define __ratelimit(state) ___ratelimit(state, __func__)

#endif
