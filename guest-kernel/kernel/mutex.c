/*
 * mutex.c: sleeping locks. Uniprocessor and non-preemptive: the fast path
 * needs no atomics; a contended locker sleeps on the wait queue.
 */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/export.h>

void mutex_lock(struct mutex *m)
{
	wait_event(m->wait, !m->owner);
	m->owner = current;
}
EXPORT_SYMBOL(mutex_lock);

int mutex_lock_interruptible(struct mutex *m)
{
	if (wait_event_interruptible(m->wait, !m->owner))
		return -EINTR;
	m->owner = current;
	return 0;
}
EXPORT_SYMBOL(mutex_lock_interruptible);

int mutex_trylock(struct mutex *m)
{
	if (m->owner)
		return 0;
	m->owner = current;
	return 1;
}
EXPORT_SYMBOL(mutex_trylock);

void mutex_unlock(struct mutex *m)
{
	m->owner = NULL;
	wake_up(&m->wait);
}
EXPORT_SYMBOL(mutex_unlock);
