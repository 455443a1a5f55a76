/*
 * kthread.c: kernel threads and task creation.
 *
 * kernel_thread/copy_process allocate a task_struct (slab cache
 * "task_struct") and a 16 KiB kernel stack (thread_stack.c), and build the
 * stack so the first switch to the task "returns" into ret_from_fork with
 * rbx = function and r12 = argument (entry.S). kthread_create makes a
 * stopped thread named by a format; kthread_run wakes it. kthread_stop
 * sets the stop flag, wakes the thread and waits for its exit code.
 */
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <asm/stackprotector.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/export.h>

struct kthread {
	bool should_stop;
	bool exited;
	int result;
	struct wait_queue_head exited_wait;
};

static struct kmem_cache *task_struct_cachep;
pid_t last_pid;	/* the last pid handed out (/proc/loadavg) */
extern char ret_from_fork[];

struct inactive_task_frame {
	unsigned long r15, r14, r13, r12, bx, bp, ret_addr;
};

/* Like Linux's set_max_threads: thread structures may use 1/8 of RAM. */
static int nr_threads, max_threads;

void free_task(struct task_struct *t)
{
	nr_threads--;
	list_del(&t->tasks);
	free_thread_stack(t);
	kfree(t->kthread);
	kfree(t->sighand);
	kmem_cache_free(task_struct_cachep, t);
}

int pid_max = 32768;	/* /proc/sys/kernel/pid_max (PID_MAX_DEFAULT) */
#define RESERVED_PIDS 300

/* The next free pid after the last one, wrapping past pid_max to RESERVED_PIDS as alloc_pid does. */
pid_t alloc_pid(void)
{
	for (int tries = 0; tries < pid_max; tries++) {
		if (++last_pid >= pid_max)
			last_pid = RESERVED_PIDS;
		if (!find_task_by_pid(last_pid))
			return last_pid;
	}
	return -EAGAIN;
}

/* A new task, not yet runnable. For a user task (fn == NULL) the caller fills the pt_regs. */
struct task_struct *copy_process(int (*fn)(void *), void *arg, const char *name, struct task_struct *parent)
{
	struct task_struct *p;
	struct inactive_task_frame *frame;
	struct pt_regs *regs;

	if (!task_struct_cachep) {
		task_struct_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct), 64, SLAB_PANIC, NULL);
		max_threads = max(20UL, (totalram_pages() * PAGE_SIZE) / (THREAD_SIZE * 8));
	}
	if (nr_threads >= max_threads)
		return ERR_PTR(-EAGAIN);
	p = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	if (!alloc_thread_stack(p)) {
		kmem_cache_free(task_struct_cachep, p);
		return ERR_PTR(-ENOMEM);
	}
	*(unsigned long *)p->stack = 0x57ac6e9d;	/* STACK_END_MAGIC */
	p->thread.stack_canary = get_random_canary();
	p->state = TASK_UNINTERRUPTIBLE;
	p->pid = p->tgid = alloc_pid();
	if (p->pid < 0) {
		free_thread_stack(p);
		kmem_cache_free(task_struct_cachep, p);
		return ERR_PTR(-EAGAIN);
	}
	p->static_prio = parent ? parent->static_prio : 120;	/* sched_fork: the nice value is inherited */
	p->parent = parent;
	p->umask = parent ? parent->umask : 022;
	p->oom_score_adj = parent ? parent->oom_score_adj : 0;
	p->make_it_fail = parent ? parent->make_it_fail : 0;
	p->start_time = local_clock();
	strlcpy(p->comm, name, sizeof(p->comm));
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->children);
	init_waitqueue_head(&p->wait_chld);
	if (parent)
		list_add_tail(&p->sibling, &parent->children);
	else
		INIT_LIST_HEAD(&p->sibling);
	if (fn)
		p->flags |= PF_KTHREAD;
	regs = (struct pt_regs *)((char *)p->stack + THREAD_SIZE) - 1;
	memset(regs, 0, sizeof(*regs));
	frame = (struct inactive_task_frame *)regs - 1;
	memset(frame, 0, sizeof(*frame));
	frame->bx = (unsigned long)fn;
	frame->r12 = (unsigned long)arg;
	frame->ret_addr = (unsigned long)ret_from_fork;
	p->thread.sp = (unsigned long)frame;
	list_add_tail(&p->tasks, &task_list_head);
	nr_threads++;
	return p;
}

pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *p = copy_process(fn, arg, name, current);
	if (IS_ERR(p))
		return PTR_ERR(p);
	wake_up_process(p);
	return p->pid;
}

int kthreadd(void *unused)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	return 0;
}

struct task_struct *kthread_create(int (*fn)(void *), void *data, const char *namefmt, ...)
{
	struct task_struct *p, *kthreadd_task = find_task_by_pid(2);
	struct kthread *kt = kzalloc(sizeof(*kt), GFP_KERNEL);
	char name[TASK_COMM_LEN];
	va_list a;

	if (!kt)
		return ERR_PTR(-ENOMEM);
	init_waitqueue_head(&kt->exited_wait);
	va_start(a, namefmt);
	vsnprintf(name, sizeof(name), namefmt, a);
	va_end(a);
	p = copy_process(fn, data, name, kthreadd_task ? kthreadd_task : current);
	if (IS_ERR(p)) {
		kfree(kt);
		return p;
	}
	p->kthread = kt;
	return p;
}
EXPORT_SYMBOL(kthread_create);

bool kthread_should_stop(void)
{
	return current->kthread && current->kthread->should_stop;
}
EXPORT_SYMBOL(kthread_should_stop);

int kthread_stop(struct task_struct *k)
{
	struct kthread *kt = k->kthread;
	int ret;

	kt->should_stop = true;
	wake_up_process(k);
	wait_event(kt->exited_wait, kt->exited);
	ret = kt->result;
	/* the task is gone; its kthread struct was left for us */
	kfree(kt);
	return ret;
}
EXPORT_SYMBOL(kthread_stop);

/* A kernel thread's function returned: ret_from_fork calls this. */
__visible void __noreturn kthread_exit_code(long code)
{
	struct kthread *kt = current->kthread;
	if (kt) {
		kt->result = code;
		kt->exited = true;
		if (kt->should_stop) {
			/* kthread_stop is waiting and frees kt */
			current->kthread = NULL;
			wake_up(&kt->exited_wait);
		}
	}
	do_exit(code);
}
