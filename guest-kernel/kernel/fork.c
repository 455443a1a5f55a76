/*
 * fork.c: fork/vfork/clone (a full copy: address space, descriptors,
 * cwd, signal actions), wait4 and exit_group.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/uaccess.h>
#include <linux/kthread.h>
#include <linux/export.h>
#include <linux/syscalls.h>
#include <linux/proc_fs.h>
#include <linux/vfs.h>

struct task_struct *copy_process(int (*fn)(void *), void *arg, const char *name, struct task_struct *parent);
struct mm_struct *dup_mm(struct mm_struct *old);
struct sighand *copy_sighand(struct task_struct *parent);
pid_t reap_child(struct task_struct *p, int *status);
void free_task(struct task_struct *t);
void mmput(struct mm_struct *mm);
void exit_files(struct task_struct *t);
void exit_fs(struct task_struct *t);
#define WNOHANG 1
/* WNOHANG, WUNTRACED, WCONTINUED, __WNOTHREAD, __WALL, __WCLONE */
#define WAIT_OPTIONS (1 | 2 | 8 | 0x20000000 | 0x40000000 | 0x80000000)
#define CLONE_VM 0x100
#define CLONE_SETTLS 0x80000
#define CLONE_PARENT_SETTID 0x100000
#define CLONE_CHILD_SETTID 0x01000000

static long do_fork(struct pt_regs *regs, unsigned long newsp)
{
	struct task_struct *p = copy_process(NULL, NULL, current->comm, current);
	struct pt_regs *child;
	if (IS_ERR(p))
		return PTR_ERR(p);
	p->mm = dup_mm(current->mm);
	p->files = dup_files(current->files);
	p->fs = copy_fs(current->fs);
	p->sighand = copy_sighand(current);
	if (!p->mm || !p->files || !p->fs || !p->sighand) {
		p->flags |= PF_EXITING;
		list_del(&p->sibling);
		if (p->mm)
			mmput(p->mm);
		exit_files(p);
		exit_fs(p);
		free_task(p);
		return -ENOMEM;
	}
	p->pgid = current->pgid;
	p->sid = current->sid;
	p->blocked = current->blocked;
	child = (struct pt_regs *)((char *)p->stack + THREAD_SIZE) - 1;
	*child = *regs;
	child->ax = 0;
	if (newsp)
		child->sp = newsp;
	wake_up_process(p);
	return p->pid;
}

SYSCALL_DEFINE0(fork)
{
	return do_fork((struct pt_regs *)regs, 0);
}

SYSCALL_DEFINE0(vfork)
{
	return do_fork((struct pt_regs *)regs, 0);
}

SYSCALL_DEFINE5(clone, unsigned long, flags, unsigned long, newsp, int __user *, ptid, int __user *, ctid,
		unsigned long, tls)
{
	struct pt_regs *regs = (struct pt_regs *)((char *)current->stack + THREAD_SIZE) - 1;
	if (flags & CLONE_VM)
		return -EINVAL;		/* no threads */
	return do_fork(regs, newsp);
}

static bool wait_matches(struct task_struct *c, pid_t upid)
{
	if (upid > 0)
		return c->pid == upid;
	if (upid == 0)
		return c->pgid == current->pgid;
	if (upid < -1)
		return c->pgid == -upid;
	return true;
}

#define WUNTRACED 2
#define WCONTINUED 8
/*
 * A child wait4 can report: a zombie, or with WUNTRACED a stop not yet
 * reported, with WCONTINUED a continue (wait_task_stopped/continued).
 */
static struct task_struct *find_zombie(pid_t upid, int options, bool *have)
{
	struct task_struct *c;
	*have = false;
	list_for_each_entry(c, &current->children, sibling) {
		if (!wait_matches(c, upid))
			continue;
		*have = true;
		if (c->exit_state == EXIT_ZOMBIE || ((options & WUNTRACED) && c->stop_sig && c->stop_report) ||
		    ((options & WCONTINUED) && c->cont_report))
			return c;
	}
	return NULL;
}

SYSCALL_DEFINE4(wait4, pid_t, upid, int __user *, stat_addr, int, options, void __user *, ru)
{
	bool have;
	struct task_struct *z;

	if (options & ~WAIT_OPTIONS)
		return -EINVAL;
	if (upid == INT_MIN)	/* -INT_MIN would overflow */
		return -ESRCH;
	for (;;) {
		z = find_zombie(upid, options, &have);
		if (z && !z->exit_state) {
			/* stopped: (sig << 8) | 0x7f; continued: 0xffff; the child stays */
			int status = z->stop_sig && z->stop_report ? (z->stop_sig << 8) | 0x7f : 0xffff;
			if (z->stop_sig && z->stop_report)
				z->stop_report = false;
			else
				z->cont_report = false;
			if (stat_addr && put_user(status, stat_addr))
				return -EFAULT;
			if (ru)
				clear_user(ru, 144);
			return z->pid;
		}
		if (z) {
			int status, pid = z->pid;
			reap_child(z, &status);
			proc_flush_pid(pid);
			if (stat_addr && put_user(status, stat_addr))
				return -EFAULT;
			if (ru)
				clear_user(ru, 144);
			return pid;
		}
		if (!have)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (wait_event_interruptible(current->wait_chld, find_zombie(upid, options, &have) || !have))
			return -ERESTARTSYS;
	}
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_exit((code & 0xff) << 8);
}
