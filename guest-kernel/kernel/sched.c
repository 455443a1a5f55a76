/*
 * sched.c: a round-robin scheduler for one CPU.
 *
 * Runnable tasks other than the idle task (pid 0) sit on run_queue in
 * FIFO order. schedule() puts a still-runnable current task at the tail
 * and switches to the head; the idle task runs when the queue is empty.
 * Time slices follow nice, at CFS-like granularity: (20 - nice) / 10 ticks
 * (at least 1), so a nice-0 task runs 2 ticks (6.7 ms at HZ=300) before a
 * runnable peer gets the CPU, and a nice-10 thread (kmemleak) 1. The kernel is not
 * preemptible: a task that used up its slice gets need_resched and
 * switches at the next return to user mode, cond_resched() or sleep.
 *
 * Locking: the run queue and task states change with interrupts off.
 */
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/export.h>
#include <linux/signal.h>

struct task_struct init_task __section(".data..init_task") = {
	.state = TASK_RUNNING,
	.flags = PF_KTHREAD | PF_IDLE,
	.pid = 0,
	.static_prio = 120,
	.comm = "swapper/0",
	.stack = &init_thread_union,
	.mm = NULL,
	.umask = 022,
};
struct task_struct *current_task = &init_task;
LIST_HEAD(task_list_head);
static LIST_HEAD(run_queue);
int need_resched_flag;
static struct task_struct *dead_task;
void update_task_stack(struct task_struct *t);
void switch_mm(struct mm_struct *prev, struct mm_struct *next);
void free_task(struct task_struct *t);
void __switch_to_asm(struct task_struct *prev, struct task_struct *next);

static int slice_for(struct task_struct *p)
{
	int t = (20 - task_nice(p)) / 10;
	return t < 1 ? 1 : t;
}

void __init sched_init(void)
{
	INIT_LIST_HEAD(&init_task.children);
	INIT_LIST_HEAD(&init_task.sibling);
	INIT_LIST_HEAD(&init_task.run_list);
	init_waitqueue_head(&init_task.wait_chld);
	list_add_tail(&init_task.tasks, &task_list_head);
	init_task.mm = NULL;
}

static void enqueue(struct task_struct *p)
{
	if (p != &init_task && list_empty(&p->run_list))
		list_add_tail(&p->run_list, &run_queue);
}

static void dequeue(struct task_struct *p)
{
	if (!list_empty(&p->run_list))
		list_del_init(&p->run_list);
}

void __set_current_state(long state)
{
	current->state = state;
}
EXPORT_SYMBOL(__set_current_state);

int wake_up_process(struct task_struct *p)
{
	unsigned long flags;
	int woke = 0;

	local_irq_save(flags);
	if (p->state != TASK_RUNNING && !(p->state & (TASK_DEAD | EXIT_ZOMBIE | EXIT_DEAD))) {
		p->state = TASK_RUNNING;
		woke = 1;
	}
	if (p->state == TASK_RUNNING && p != current) {
		enqueue(p);
		/* like CFS wakeup preemption: the woken task runs at the next
		   preemption point (return to user mode, cond_resched, sleep) */
		if (woke)
			need_resched_flag = 1;
	}
	local_irq_restore(flags);
	return woke;
}
EXPORT_SYMBOL(wake_up_process);

/* Runs in the next task right after a switch. */
static void finish_task_switch(void)
{
	if (dead_task && dead_task != current) {
		struct task_struct *t = dead_task;
		dead_task = NULL;
		free_task(t);
	}
}

__visible void schedule_tail(struct task_struct *prev)
{
	finish_task_switch();
	local_irq_enable();
}

static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	update_task_stack(next);
	if (next->mm && next->mm != prev->mm)
		switch_mm(prev->mm, next->mm);
	current_task = next;
	__switch_to_asm(prev, next);
	finish_task_switch();
}

void schedule(void)
{
	struct task_struct *prev = current, *next;
	unsigned long flags;

	if (unlikely(in_interrupt())) {
		pr_err("BUG: scheduling while atomic: %s/%d/0x%08x\n", prev->comm, prev->pid, preempt_count());
		dump_stack();
		return;
	}
	local_irq_save(flags);
	need_resched_flag = 0;
	touch_softlockup_watchdog();
	rcu_note_context_switch();
	if (prev->state == TASK_RUNNING) {
		if (prev != &init_task) {
			dequeue(prev);
			enqueue(prev);
		}
	} else {
		if ((prev->state & (TASK_INTERRUPTIBLE)) && signal_pending(prev)) {
			prev->state = TASK_RUNNING;
			local_irq_restore(flags);
			return;
		}
		dequeue(prev);
		if (prev->state & TASK_DEAD)
			dead_task = prev;
	}
	next = list_first_entry_or_null(&run_queue, struct task_struct, run_list);
	if (!next)
		next = &init_task;
	if (next != prev) {
		next->time_slice = slice_for(next);
		context_switch(prev, next);
	}
	local_irq_restore(flags);
}
EXPORT_SYMBOL(schedule);

void scheduler_tick(void)
{
	struct task_struct *p = current;
	if (p == &init_task) {
		if (!list_empty(&run_queue))
			need_resched_flag = 1;
		return;
	}
	if (--p->time_slice <= 0) {
		p->time_slice = slice_for(p);
		/* the running task stays on the queue: preempt if anyone else is runnable */
		if (!list_empty(&run_queue) && !(run_queue.next == &p->run_list && run_queue.prev == &p->run_list))
			need_resched_flag = 1;
	}
}

int cond_resched(void)
{
	touch_softlockup_watchdog();	/* Linux's watchdog thread would get the CPU here */
	if (need_resched() && !in_atomic()) {
		schedule();
		return 1;
	}
	return 0;
}
EXPORT_SYMBOL(cond_resched);

void yield(void)
{
	__set_current_state(TASK_RUNNING);
	schedule();
}
EXPORT_SYMBOL(yield);

void set_user_nice(struct task_struct *p, long nice)
{
	if (nice < MIN_NICE)
		nice = MIN_NICE;
	if (nice > MAX_NICE)
		nice = MAX_NICE;
	p->static_prio = 120 + nice;
}
EXPORT_SYMBOL(set_user_nice);

struct task_struct *find_task_by_pid(pid_t pid)
{
	struct task_struct *p;
	for_each_process(p)
		if (p->pid == pid && !(p->state & EXIT_DEAD))
			return p;
	return NULL;
}

char *get_task_comm(char *buf, struct task_struct *t)
{
	strlcpy(buf, t->comm, TASK_COMM_LEN);
	return buf;
}
EXPORT_SYMBOL(get_task_comm);

void set_task_comm(struct task_struct *t, const char *name)
{
	strlcpy(t->comm, name, TASK_COMM_LEN);
}

void __noreturn cpu_idle_loop(void)
{
	for (;;) {
		local_irq_disable();
		if (need_resched() || !list_empty(&run_queue)) {
			local_irq_enable();
			schedule();
			continue;
		}
		safe_halt();	/* sti; hlt: the wake-up interrupt cannot be missed */
	}
}

/* Wait queues */
void prepare_to_wait(struct wait_queue_head *w, struct wait_queue_entry *e, int state)
{
	unsigned long flags;
	local_irq_save(flags);
	e->task = current;
	if (list_empty(&e->entry))
		list_add_tail(&e->entry, &w->head);
	current->state = state;
	local_irq_restore(flags);
}

void finish_wait(struct wait_queue_head *w, struct wait_queue_entry *e)
{
	unsigned long flags;
	local_irq_save(flags);
	current->state = TASK_RUNNING;
	if (!list_empty(&e->entry))
		list_del_init(&e->entry);
	local_irq_restore(flags);
}

void wake_up(struct wait_queue_head *w)
{
	struct wait_queue_entry *e;
	unsigned long flags;
	local_irq_save(flags);
	list_for_each_entry(e, &w->head, entry)
		wake_up_process(e->task);
	local_irq_restore(flags);
}
EXPORT_SYMBOL(wake_up);

int signal_pending_current(void)
{
	return signal_pending(current);
}

int signal_pending(struct task_struct *p)
{
	return (p->pending & ~p->blocked) != 0 || (p->pending & (1UL << (SIGKILL - 1)));
}
EXPORT_SYMBOL(signal_pending);

int fatal_signal_pending(struct task_struct *p)
{
	return (p->pending & (1UL << (SIGKILL - 1))) != 0;
}
EXPORT_SYMBOL(fatal_signal_pending);

void might_sleep(void)
{
}
EXPORT_SYMBOL(might_sleep);
