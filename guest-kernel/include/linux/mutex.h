/* mutex.h: sleeping locks (kernel/mutex.c); the owner may sleep holding one. */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H
#include <linux/wait.h>
struct task_struct;
struct mutex { struct task_struct *owner; struct wait_queue_head wait; };
#define __MUTEX_INITIALIZER(n) { NULL, __WAIT_QUEUE_HEAD_INITIALIZER((n).wait) }
#define DEFINE_MUTEX(n) struct mutex n = __MUTEX_INITIALIZER(n)
static inline void mutex_init(struct mutex *m) { m->owner = NULL; init_waitqueue_head(&m->wait); }
void mutex_lock(struct mutex *m);
int mutex_lock_interruptible(struct mutex *m);
int mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
static inline bool mutex_is_locked(struct mutex *m) { return m->owner != NULL; }
#define mutex_lock_nested(m, s) mutex_lock(m)
#endif
