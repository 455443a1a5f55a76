/* sched.h: tasks and the scheduler interface (one CPU, no kernel preemption). */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H
#include <linux/types.h>
#include <linux/list.h>
#include <linux/wait.h>
#include <linux/preempt.h>
#include <linux/jiffies.h>
#include <asm/page.h>
#include <asm/ptrace.h>

#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001
#define TASK_UNINTERRUPTIBLE	0x0002
#define __TASK_STOPPED		0x0004
#define __TASK_TRACED		0x0008
#define EXIT_DEAD		0x0010
#define EXIT_ZOMBIE		0x0020
#define TASK_PARKED		0x0040
#define TASK_DEAD		0x0080
#define TASK_NOLOAD		0x0400
#define TASK_KILLABLE		TASK_UNINTERRUPTIBLE
#define TASK_IDLE		(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
/* the states /proc reports (task_state_index) */
#define TASK_REPORT		(TASK_RUNNING | TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE | __TASK_STOPPED | \
				 __TASK_TRACED | EXIT_DEAD | EXIT_ZOMBIE | TASK_PARKED)
#define TASK_COMM_LEN		16
#define PF_IDLE			0x00000002
#define PF_EXITING		0x00000004
#define PF_KTHREAD		0x00200000
#define MAX_SCHEDULE_TIMEOUT	LONG_MAX
#define MAX_NICE		19
#define MIN_NICE		-20

struct mm_struct;
struct files_struct;
struct fs_struct;
struct kthread;
struct sighand;

struct thread_struct {
	unsigned long sp;		/* saved kernel rsp (switch_to) */
	unsigned long fsbase;
	unsigned long stack_canary;	/* offset 16: __switch_to_asm loads it into %gs:40 */
};

struct vm_struct;
/* what restart_syscall resumes after an -ERESTART_RESTARTBLOCK (linux/restart_block.h) */
struct restart_block {
	long (*fn)(struct restart_block *);
	struct {
		u64 expires;			/* jiffies_64 of the original deadline */
		void __user *rmtp;
	} nanosleep;
};
long do_no_restart_syscall(struct restart_block *rb);

struct task_struct {
	struct thread_struct thread;	/* offset 0: entry.S relies on it */
	void *stack;			/* THREAD_SIZE kernel stack */
	volatile long state;
	unsigned int flags;
	int exit_state, exit_code, exit_signal;
	pid_t pid, tgid, pgid, sid;
	int static_prio;		/* 120 + nice */
	int time_slice;
	char comm[TASK_COMM_LEN];
	struct list_head tasks;		/* all tasks */
	struct list_head run_list;	/* on the run queue */
	struct task_struct *parent;
	struct list_head children, sibling;
	struct wait_queue_head wait_chld;
	struct mm_struct *mm;
	struct files_struct *files;
	struct fs_struct *fs;
	struct kthread *kthread;
	/* signals */
	unsigned long pending, blocked;
	struct sighand *sighand;
	int stop_sig;			/* stopped by this signal (0: not stopped) */
	bool stop_report, cont_report;	/* for wait4's WUNTRACED / WCONTINUED */
	unsigned long utime, stime;	/* in ticks */
	u64 start_time;			/* ns since boot */
	unsigned long min_flt;
	int tty_fg;
	int kernel_ds;
	unsigned int umask;		/* file creation mask (022 at boot) */			/* uaccess may touch kernel addresses (kernel_read) */
	void *journal_info;
	bool sig_forced;		/* a fault signal was forced on it: even init dies of it */
	short oom_score_adj;		/* -1000..1000, inherited (signal->oom_score_adj) */
	unsigned int make_it_fail;	/* /proc/<pid>/make-it-fail (fault injection) */
	struct restart_block restart_block;	/* for sys_restart_syscall */
	int at_dfd;			/* an *at call's directory descriptor (path_init) ... */
	bool at_dfd_set;		/* ... while the call runs; else relative names are from the cwd */
#ifdef CONFIG_UBSAN
	unsigned int in_ubsan;		/* UBSAN reports in progress (lib/ubsan.c) */
#endif
#ifdef CONFIG_VMAP_STACK
	struct vm_struct *stack_vm_area;	/* the stack's vmalloc area (kernel/thread_stack.c) */
#endif
#ifdef CONFIG_KASAN
	unsigned int kasan_depth;	/* > 0: KASAN reports nothing for this task (kasan_disable_current) */
#endif
};

union thread_union {
	struct task_struct *task;
	unsigned long stack[THREAD_SIZE / sizeof(long)];
};
extern union thread_union init_thread_union;
extern struct task_struct init_task;
extern struct task_struct *current_task;
extern struct list_head task_list_head;
static __always_inline struct task_struct *get_current(void) { return current_task; }
#define current get_current()
#define for_each_process(p) list_for_each_entry(p, &task_list_head, tasks)
#define for_each_process_thread(p, t) for_each_process(t) if (((p) = (t)), 1)
#define task_pid_nr(t) ((t)->pid)
#define task_nice(t) ((t)->static_prio - 120)
#define is_idle_task(t) ((t)->pid == 0)
extern int need_resched_flag;
static inline int need_resched(void) { return need_resched_flag; }
void set_user_nice(struct task_struct *p, long nice);
int wake_up_process(struct task_struct *p);
void __set_current_state(long state);
#define set_current_state(s) __set_current_state(s)
void schedule(void);
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);
int cond_resched(void);
void touch_softlockup_watchdog(void);
void softlockup_tick(void);
void yield(void);
void scheduler_tick(void);
void sched_init(void);
struct task_struct *find_task_by_pid(pid_t pid);
char *get_task_comm(char *buf, struct task_struct *t);
void set_task_comm(struct task_struct *t, const char *name);
#define __get_task_comm(b, s, t) get_task_comm(b, t)
int signal_pending(struct task_struct *p);
int fatal_signal_pending(struct task_struct *p);
u64 local_clock(void);
time64_t ktime_get_real_seconds(void);
u64 sched_clock(void);
#define cpu_clock(c) local_clock()
#define task_stack_page(t) ((t)->stack)
/* kernel/thread_stack.c: a task's THREAD_SIZE stack (a vmalloc area with CONFIG_VMAP_STACK) */
void *alloc_thread_stack(struct task_struct *t);
void free_thread_stack(struct task_struct *t);
#define end_of_stack(t) ((unsigned long *)(t)->stack)
#define get_task_struct(t) do { } while (0)
#define put_task_struct(t) do { } while (0)
#define task_lock(t) do { } while (0)
#define task_unlock(t) do { } while (0)
#endif
