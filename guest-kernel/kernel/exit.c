/*
 * exit.c: task exit and wait.
 *
 * do_exit releases the address space and files, reparents children to
 * init (a stopped one is sent SIGHUP and SIGCONT, as Linux does to a
 * stopped group it orphans), and either becomes a zombie (user tasks, reaped by wait4, parent
 * gets SIGCHLD) or dies at once (kernel threads; the stack is freed by the
 * next task after the switch, see finish_task_switch).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/signal.h>
#include <linux/export.h>

void __weak exit_mm(struct task_struct *t) { }
void __weak exit_files(struct task_struct *t) { }
void __weak exit_fs(struct task_struct *t) { }
void free_task(struct task_struct *t);

void __noreturn do_exit(long code)
{
	struct task_struct *tsk = current, *child, *n;
	struct task_struct *init = find_task_by_pid(1);

	if (tsk->pid == 1 && !(tsk->flags & PF_KTHREAD))
		panic("Attempted to kill init! exitcode=0x%08lx\n", code);
	tsk->flags |= PF_EXITING;
	exit_mm(tsk);
	exit_files(tsk);
	exit_fs(tsk);
	local_irq_disable();
	list_for_each_entry_safe(child, n, &tsk->children, sibling) {
		list_move_tail(&child->sibling, &init->children);
		child->parent = init;
		if (child->exit_state == EXIT_ZOMBIE)
			wake_up(&init->wait_chld);
		/* kill_orphaned_pgrp, for the one child: stopped with nobody to continue it, it gets SIGHUP and SIGCONT */
		if (child->stop_sig) {
			send_sig(SIGHUP, child, 1);
			send_sig(SIGCONT, child, 1);
		}
	}
	tsk->exit_code = code;
	if ((tsk->flags & PF_KTHREAD) || !tsk->parent) {
		if (tsk->parent)
			list_del(&tsk->sibling);
		tsk->exit_state = EXIT_DEAD;
		tsk->state = TASK_DEAD;
	} else {
		tsk->exit_state = EXIT_ZOMBIE;
		tsk->state = EXIT_ZOMBIE;
		send_sig(SIGCHLD, tsk->parent, 1);
		wake_up(&tsk->parent->wait_chld);
	}
	schedule();
	panic("do_exit: dead task %d ran again", tsk->pid);
}

/* Reap a zombie child: returns its pid and fills *status (wait4 format). */
pid_t reap_child(struct task_struct *p, int *status)
{
	pid_t pid = p->pid;
	if (status)
		*status = p->exit_code;
	list_del(&p->sibling);
	p->exit_state = EXIT_DEAD;
	p->state = TASK_DEAD | EXIT_DEAD;
	free_task(p);
	return pid;
}
