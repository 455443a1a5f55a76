/*
 * signal.c: signals, enough for a shell.
 *
 * Each task has pending and blocked masks and a table of actions
 * (SIG_DFL, SIG_IGN or a handler with its restorer). Signals are acted on
 * when returning to user mode: ignored ones are dropped, default actions
 * terminate (exit code = signal number) except SIGCHLD/SIGCONT/SIGWINCH/
 * SIGURG (ignored) and the stop signals: SIGSTOP, SIGTSTP, SIGTTIN and
 * SIGTTOU stop the task (TASK_STOPPED, 'T' in /proc) until SIGCONT or
 * SIGKILL, and tell the parent (wait4's WUNTRACED and WCONTINUED, SIGCHLD),
 * as do_signal_stop does for a single-threaded process.
 * A handler gets a frame on the user stack: the restorer's address, the
 * signal number, and the saved registers and mask, which rt_sigreturn
 * puts back (a private layout: only our libc's restorer uses it).
 * SA_RESETHAND and SA_NODEFER act as in Linux.
 *
 * System-call restart (arch/x86/kernel/signal.c): a call interrupted by a
 * signal returns one of the -ERESTART* codes, and do_signal decides on the
 * way out, with orig_ax >= 0 telling a system call from an interrupt:
 *   - a handler runs: -ERESTARTSYS restarts if the handler has SA_RESTART,
 *     -ERESTARTNOINTR always does, -ERESTARTNOHAND and
 *     -ERESTART_RESTARTBLOCK become -EINTR;
 *   - no handler ran (the signal stopped the task and SIGCONT came, or was
 *     ignored): every code restarts, -ERESTART_RESTARTBLOCK as
 *     restart_syscall, which calls current->restart_block.fn (nanosleep's
 *     remaining time to the same deadline).
 * Restarting is ax = orig_ax and ip back over the 2-byte syscall
 * instruction; the argument registers are still the caller's.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/uaccess.h>
#include <linux/kthread.h>
#include <linux/export.h>
#include <linux/syscalls.h>

#define SIG_DFL 0UL
#define SIG_IGN 1UL
#define SA_RESTORER 0x04000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define __NR_restart_syscall 219
struct k_sigaction { unsigned long handler, flags, restorer, mask; };
struct sighand { struct k_sigaction action[_NSIG]; int count; };
#define sigbit(s) (1UL << ((s) - 1))
#define SIG_KERNEL_STOP_MASK (sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU))
#define sig_kernel_stop(sig) ((sig) <= 32 && (sigbit(sig) & SIG_KERNEL_STOP_MASK))

static struct sighand *sighand_of(struct task_struct *t)
{
	if (!t->sighand)
		t->sighand = kzalloc(sizeof(struct sighand), GFP_KERNEL);
	return t->sighand;
}

struct sighand *copy_sighand(struct task_struct *parent)
{
	struct sighand *s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (s && parent->sighand)
		memcpy(s, parent->sighand, sizeof(*s));
	return s;
}

void flush_signal_handlers(struct task_struct *t)
{
	struct sighand *s = t->sighand;
	if (!s)
		return;
	for (int i = 0; i < _NSIG; i++)
		if (s->action[i].handler != SIG_IGN)
			s->action[i].handler = SIG_DFL;
}

static bool sig_ignored(struct task_struct *t, int sig)
{
	unsigned long h = t->sighand ? t->sighand->action[sig - 1].handler : SIG_DFL;
	/* init only gets the signals it has handlers for (SIGNAL_UNKILLABLE),
	   unless a fault forced one on it: then it dies and the kernel panics */
	if (t->pid == 1 && h == SIG_DFL && !t->sig_forced)
		return true;
	if (sig == SIGKILL)
		return false;
	if (h == SIG_IGN)
		return true;
	return h == SIG_DFL && (sig == SIGCHLD || sig == SIGCONT || sig == SIGWINCH || sig == 23);
}

/* do_notify_parent_cldstop: the parent's wait4 and SIGCHLD hear of a stop or a continue */
static void notify_parent_cldstop(struct task_struct *t)
{
	struct task_struct *parent = t->parent;
	if (!parent)
		return;
	send_sig(SIGCHLD, parent, 1);
	wake_up(&parent->wait_chld);
}

int send_sig(int sig, struct task_struct *p, int priv)
{
	if (sig <= 0 || sig > _NSIG)
		return -EINVAL;
	if (p->exit_state)
		return 0;
	/* prepare_signal: a stop cancels a pending SIGCONT, SIGCONT cancels stops and resumes, even if ignored */
	if (sig_kernel_stop(sig))
		p->pending &= ~sigbit(SIGCONT);
	if (sig == SIGCONT) {
		p->pending &= ~SIG_KERNEL_STOP_MASK;
		if (p->stop_sig) {
			p->stop_sig = 0;
			p->stop_report = false;
			p->cont_report = true;
			wake_up_process(p);
			notify_parent_cldstop(p);
		}
	}
	if (sig_ignored(p, sig))
		return 0;
	p->pending |= sigbit(sig);
	if ((p->state & TASK_INTERRUPTIBLE) || (sig == SIGKILL && p->stop_sig))
		wake_up_process(p);
	return 0;
}

/* do_signal_stop: stop until SIGCONT (or SIGKILL), the parent told */
static void do_signal_stop(int sig)
{
	struct task_struct *t = current;
	t->stop_sig = sig;
	t->stop_report = true;
	t->cont_report = false;
	notify_parent_cldstop(t);
	while (t->stop_sig && !(t->pending & sigbit(SIGKILL))) {
		t->state = __TASK_STOPPED;
		schedule();
	}
	t->state = TASK_RUNNING;
	t->stop_sig = 0;
}
EXPORT_SYMBOL(send_sig);

void force_sig_fault(int sig, unsigned long addr, struct pt_regs *regs)
{
	struct task_struct *t = current;
	/* a fault signal cannot be ignored or blocked: reset it to the default */
	if (t->sighand)
		t->sighand->action[sig - 1].handler = SIG_DFL;
	t->blocked &= ~sigbit(sig);
	t->pending |= sigbit(sig);
	t->sig_forced = true;	/* force_sig_info_to_task clears SIGNAL_UNKILLABLE */
}

int kill_pgrp_sig(int pgid, int sig)
{
	struct task_struct *p;
	int found = 0;
	for_each_process(p)
		if (p->pgid == pgid && p->pid > 1 && !(p->flags & PF_KTHREAD)) {
			send_sig(sig, p, 1);
			found = 1;
		}
	return found ? 0 : -ESRCH;
}

/* tty_jobctrl.c's is_ignored: the signal is blocked or ignored by current */
bool sig_blocked_or_ignored(int sig)
{
	return (current->blocked & sigbit(sig)) ||
	       (current->sighand && current->sighand->action[sig - 1].handler == SIG_IGN);
}

/*
 * is_current_pgrp_orphaned (will_become_orphaned_pgrp): no live member has
 * a parent in another group of the same session, init not counting. The
 * stop signals are not sent to such a group: nobody would continue it.
 */
bool is_current_pgrp_orphaned(void)
{
	struct task_struct *p;
	for_each_process(p) {
		struct task_struct *q = p->parent;
		if (p->pgid != current->pgid || (p->flags & PF_KTHREAD) || p->exit_state || !q || q->pid == 1)
			continue;
		if (q->pgid != p->pgid && q->sid == p->sid)
			return false;
	}
	return true;
}

SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	struct task_struct *p;
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid > 0) {
		p = find_task_by_pid(pid);
		if (!p || (p->flags & PF_KTHREAD))
			return p ? (sig ? -EINVAL : 0) : -ESRCH;
		return sig ? send_sig(sig, p, 1) : 0;
	}
	if (pid == 0)
		pid = -current->pgid;
	if (pid == -1) {
		for_each_process(p)
			if (p->pid > 1 && p != current && !(p->flags & PF_KTHREAD))
				send_sig(sig, p, 1);
		return 0;
	}
	return sig ? kill_pgrp_sig(-pid, sig) : 0;
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction __user *, act, struct k_sigaction __user *, oact,
		size_t, sigsetsize)
{
	struct sighand *s = sighand_of(current);
	struct k_sigaction k;
	if (sig < 1 || sig > _NSIG || !s || sigsetsize != sizeof(unsigned long))
		return -EINVAL;
	if (oact && copy_to_user(oact, &s->action[sig - 1], sizeof(k)))
		return -EFAULT;
	if (act) {
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if (copy_from_user(&k, act, sizeof(k)))
			return -EFAULT;
		s->action[sig - 1] = k;
		if (k.handler == SIG_IGN || (k.handler == SIG_DFL && sig_ignored(current, sig)))
			current->pending &= ~sigbit(sig);
	}
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, unsigned long __user *, set, unsigned long __user *, oset,
		size_t, sigsetsize)
{
	unsigned long n;
	if (sigsetsize != sizeof(unsigned long))
		return -EINVAL;
	if (oset && put_user(current->blocked, oset))
		return -EFAULT;
	if (!set)
		return 0;
	if (get_user(n, set))
		return -EFAULT;
	n &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
	switch (how) {
	case 0: current->blocked |= n; break;
	case 1: current->blocked &= ~n; break;
	case 2: current->blocked = n; break;
	default: return -EINVAL;
	}
	return 0;
}

struct sigframe {
	unsigned long restorer;
	unsigned long sig;
	struct pt_regs regs;
	unsigned long blocked;
};

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *frame = (struct pt_regs *)((char *)current->stack + THREAD_SIZE) - 1;
	struct sigframe f;
	current->restart_block.fn = do_no_restart_syscall;	/* no stale restart after a handler */
	if (copy_from_user(&f, (void __user *)(frame->sp - 8), sizeof(f))) {
		force_sig_fault(SIGSEGV, frame->sp, frame);
		return 0;
	}
	f.regs.cs = 0x33;
	f.regs.ss = 0x2b;
	f.regs.flags = (f.regs.flags & 0xdd5) | 0x202;
	f.regs.orig_ax = -1;	/* restore_sigcontext: no system-call restart checks on this return */
	*frame = f.regs;
	current->blocked = f.blocked & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
	return frame->ax;
}

long do_no_restart_syscall(struct restart_block *rb)
{
	return -EINTR;
}

SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *rb = &current->restart_block;
	return rb->fn ? rb->fn(rb) : -EINTR;
}

bool is_restart_code(long ax)
{
	return ax == -ERESTARTSYS || ax == -ERESTARTNOINTR || ax == -ERESTARTNOHAND || ax == -ERESTART_RESTARTBLOCK;
}

/* handle_signal's part: the interrupted call's result when a handler runs */
static void restart_for_handler(struct pt_regs *regs, struct k_sigaction *ka)
{
	if ((long)regs->orig_ax < 0)
		return;
	switch ((long)regs->ax) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		regs->ax = -EINTR;
		break;
	case -ERESTARTSYS:
		if (!(ka->flags & SA_RESTART)) {
			regs->ax = -EINTR;
			break;
		}
		fallthrough;
	case -ERESTARTNOINTR:
		regs->ax = regs->orig_ax;
		regs->ip -= 2;
		break;
	}
}

/* arch_do_signal's tail: no handler ran, so the call starts again */
static void restart_without_handler(struct pt_regs *regs)
{
	if ((long)regs->orig_ax < 0)
		return;
	switch ((long)regs->ax) {
	case -ERESTARTNOHAND:
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
		regs->ax = regs->orig_ax;
		regs->ip -= 2;
		break;
	case -ERESTART_RESTARTBLOCK:
		regs->ax = __NR_restart_syscall;
		regs->ip -= 2;
		break;
	}
}

/* Acts on pending signals before the return to user mode. */
void do_signal(struct pt_regs *regs)
{
	struct task_struct *t = current;
	unsigned long deliverable;

	while ((deliverable = t->pending & (~t->blocked | sigbit(SIGKILL)))) {
		int sig = __builtin_ctzl(deliverable) + 1;
		struct k_sigaction *ka = t->sighand ? &t->sighand->action[sig - 1] : NULL;
		t->pending &= ~sigbit(sig);
		if (sig_ignored(t, sig))
			continue;
		if ((!ka || ka->handler == SIG_DFL) && sig_kernel_stop(sig)) {
			do_signal_stop(sig);
			continue;
		}
		if (!ka || ka->handler == SIG_DFL || sig == SIGKILL)
			do_exit(sig);
		restart_for_handler(regs, ka);
		{
			struct sigframe f = { ka->restorer, sig, *regs, t->blocked };
			unsigned long sp = ((regs->sp - 128 - sizeof(f)) & ~15UL) - 8;
			if (copy_to_user((void __user *)sp, &f, sizeof(f)))
				do_exit(SIGSEGV);
			regs->sp = sp;
			regs->ip = ka->handler;
			regs->di = sig;
			regs->si = 0;
			regs->dx = 0;
			regs->orig_ax = -1;	/* the handler's first instruction is no system call */
			t->blocked |= ka->mask;
			if (!(ka->flags & SA_NODEFER))
				t->blocked |= sigbit(sig);
			t->blocked &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
			if (ka->flags & SA_RESETHAND)
				ka->handler = SIG_DFL;
		}
		return;
	}
	restart_without_handler(regs);
}

/* The signals t ignores and catches, as /proc/<pid>/stat and status show them. */
void task_sig_masks(struct task_struct *t, unsigned long *ignored, unsigned long *caught)
{
	*ignored = *caught = 0;
	for (int s = 1; t->sighand && s <= _NSIG; s++) {
		unsigned long h = t->sighand->action[s - 1].handler;
		if (h == SIG_IGN)
			*ignored |= sigbit(s);
		else if (h != SIG_DFL)
			*caught |= sigbit(s);
	}
}
