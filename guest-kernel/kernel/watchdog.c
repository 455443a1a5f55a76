/*
 * watchdog.c: the soft lockup detector, reporting as Linux 5.10's does.
 *
 * With one CPU and no kernel preemption, a task that loops in the kernel
 * without scheduling stops the whole machine. Linux notices that its
 * per-CPU watchdog thread has not run for 2 * watchdog_thresh (20 s);
 * here the same moment is the last schedule() or cond_resched() (either
 * would have let that thread run), or the last tick that found the CPU
 * in user mode or idle. The timer tick samples every 4 s (watchdog_thresh
 * * 2 / 5, as the hrtimer does) and, once per stall, prints
 * "watchdog: BUG: soft lockup - CPU#0 stuck for Ns! [comm:pid]", the
 * modules, the interrupted registers and stack, and taints the kernel
 * (L). The stuck code goes on running; no panic (softlockup_panic=0).
 * watchdog_thresh=N on the command line sets the threshold (0: off).
 *
 * Locking: touch_ts is written by the running task and read by the tick
 * on the same CPU; nothing else.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/panic.h>
#include <asm/ptrace.h>

extern struct pt_regs *irq_regs;
void show_regs(struct pt_regs *regs);

static int watchdog_thresh = 10;	/* seconds (kernel.watchdog_thresh) */
static unsigned long touch_ts;		/* jiffies of the last sign of life */
static bool soft_watchdog_warn;		/* this stall has been reported */

void touch_softlockup_watchdog(void)
{
	touch_ts = jiffies;
	soft_watchdog_warn = false;
}

/* From the timer tick, in hard interrupt context. */
void softlockup_tick(void)
{
	struct pt_regs *regs = irq_regs;
	unsigned long duration;

	if (!regs || user_mode(regs) || is_idle_task(current)) {
		touch_softlockup_watchdog();
		return;
	}
	if (!watchdog_thresh || jiffies % (watchdog_thresh * 2 * HZ / 5))
		return;
	duration = (jiffies - touch_ts) / HZ;
	if (duration <= 2 * (unsigned long)watchdog_thresh || soft_watchdog_warn)
		return;
	soft_watchdog_warn = true;
	pr_emerg("watchdog: BUG: soft lockup - CPU#0 stuck for %lus! [%s:%d]\n", duration, current->comm, current->pid);
	print_modules();
	show_regs(regs);
	add_taint(TAINT_SOFTLOCKUP);
}

static int __init watchdog_thresh_setup(char *str)
{
	int v;
	if (!kstrtoint(str, 0, &v) && v >= 0 && v <= 60)
		watchdog_thresh = v;
	return 1;
}
__setup("watchdog_thresh=", watchdog_thresh_setup);
