/* completion.h: one-shot events a thread can wait for (kernel/workqueue.c). */
#ifndef _LINUX_COMPLETION_H
#define _LINUX_COMPLETION_H
#include <linux/wait.h>
struct completion { unsigned int done; struct wait_queue_head wait; };
#define COMPLETION_INITIALIZER(n) { 0, __WAIT_QUEUE_HEAD_INITIALIZER((n).wait) }
#define DECLARE_COMPLETION(n) struct completion n = COMPLETION_INITIALIZER(n)
static inline void init_completion(struct completion *c) { c->done = 0; init_waitqueue_head(&c->wait); }
static inline void reinit_completion(struct completion *c) { c->done = 0; }
void complete(struct completion *c);
void complete_all(struct completion *c);
void wait_for_completion(struct completion *c);
int wait_for_completion_interruptible(struct completion *c);
unsigned long wait_for_completion_timeout(struct completion *c, unsigned long timeout);
#endif
