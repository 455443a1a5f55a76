/* timer.h: jiffies timers, run from the timer softirq (kernel/timer.c). */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H
#include <linux/types.h>
#include <linux/list.h>
#include <linux/jiffies.h>
struct timer_list {
	struct list_head entry;
	unsigned long expires;
	void (*function)(struct timer_list *);
	u32 flags;
	bool pending;
};
#define from_timer(var, t, field) container_of(t, __typeof__(*var), field)
void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
#define DEFINE_TIMER(n, fn) struct timer_list n = { LIST_HEAD_INIT(n.entry), 0, fn, 0, false }
void add_timer(struct timer_list *t);
int mod_timer(struct timer_list *t, unsigned long expires);
int del_timer(struct timer_list *t);
#define del_timer_sync del_timer
static inline int timer_pending(const struct timer_list *t) { return t->pending; }
void run_timers(void);
#endif
