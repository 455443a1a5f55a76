/* kthread.h: kernel threads (kernel/kthread.c). */
#ifndef _LINUX_KTHREAD_H
#define _LINUX_KTHREAD_H
#include <linux/sched.h>
#include <linux/err.h>
struct task_struct *kthread_create(int (*fn)(void *), void *data, const char *namefmt, ...) __printf(3, 4);
#define kthread_run(fn, data, namefmt, ...) ({ \
	struct task_struct *__k = kthread_create(fn, data, namefmt, ##__VA_ARGS__); \
	if (!IS_ERR(__k)) \
		wake_up_process(__k); \
	__k; })
int kthread_stop(struct task_struct *k);
bool kthread_should_stop(void);
int kthreadd(void *unused);
pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name);
void __noreturn cpu_idle_loop(void);
void rest_init(void);
void __noreturn do_exit(long code);
#endif
