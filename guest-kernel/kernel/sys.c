/*
 * sys.c: the system call table and the small system calls.
 *
 * do_syscall_64 indexes sys_call_table by the x86-64 numbers (Linux's
 * arch/x86/entry/syscalls/syscall_64.tbl); unknown numbers are -ENOSYS.
 * Before returning to user mode, prepare_exit_to_usermode reschedules if
 * needed and acts on pending signals, where do_signal (kernel/signal.c)
 * turns an -ERESTART* result into a restart of the call or -EINTR.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/utsname.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/vfs.h>
#include <asm/io.h>

typedef long (*sys_call_ptr_t)(const struct pt_regs *);
void do_signal(struct pt_regs *regs);
bool is_restart_code(long ax);
void machine_power_off_code(int code);
int load_module(void *image, unsigned long len, const char *uargs);
long delete_module_by_name(const char *name, unsigned int flags);

#ifdef CONFIG_STACKLEAK
#define STACKLEAK_POISON (-0xBEEFUL)
/*
 * Like Linux's STACKLEAK (CONFIG_GCC_PLUGIN_STACKLEAK): before going back
 * to user mode, fill the part of the kernel stack below the live frames
 * with a poison value, so what a system call left there (pointers to
 * objects freed since) cannot be mistaken later for a live reference by
 * kmemleak's stack scan or leak to the next call.
 */
static noinline void stackleak_erase(void)
{
	unsigned long *p = (unsigned long *)current->stack + 1;	/* keep STACK_END_MAGIC */
	unsigned long *end = (unsigned long *)(((unsigned long)__builtin_frame_address(0) - 256) & ~7UL);
	unsigned long n = end > p ? end - p : 0;
	__asm__ __volatile__("rep stosq" : "+D"(p), "+c"(n) : "a"(STACKLEAK_POISON) : "memory");
}
#else
static inline void stackleak_erase(void) { }
#endif

void do_interrupt(unsigned int vec, struct pt_regs *regs);

/*
 * The last work before user mode: rescheduling and signals. A return
 * address that is not canonical (a forged rt_sigreturn frame, a handler
 * there, an ELF entry point) would fault on the iretq itself, in the
 * kernel; as Linux's fixup_bad_iret, it is turned into the user-mode #GP
 * it stands for, at that address (SIGSEGV).
 */
void prepare_exit_to_usermode(struct pt_regs *regs)
{
	for (;;) {
		local_irq_enable();
		if (need_resched())
			schedule();
		/* a restart code with no signal left to act on (taken back meanwhile) restarts too */
		if ((current->pending & (~current->blocked | (1UL << (SIGKILL - 1)))) ||
		    ((long)regs->orig_ax >= 0 && is_restart_code(regs->ax)))
			do_signal(regs);
		if ((long)(regs->ip << 16) >> 16 != (long)regs->ip) {
			regs->orig_ax = 0;	/* the error code */
			do_interrupt(13, regs);
			continue;
		}
		local_irq_disable();
		if (!need_resched())
			break;
	}
	stackleak_erase();
}

SYSCALL_DEFINE0(getpid) { return current->tgid; }
SYSCALL_DEFINE0(gettid) { return current->pid; }
SYSCALL_DEFINE0(getppid) { return current->parent ? current->parent->tgid : 0; }
SYSCALL_DEFINE0(getuid) { return 0; }
SYSCALL_DEFINE0(geteuid) { return 0; }
SYSCALL_DEFINE0(getgid) { return 0; }
SYSCALL_DEFINE0(getegid) { return 0; }
SYSCALL_DEFINE1(setuid, uid_t, uid) { return 0; }
SYSCALL_DEFINE1(setgid, gid_t, gid) { return 0; }
SYSCALL_DEFINE0(getpgrp) { return current->pgid; }
SYSCALL_DEFINE0(sched_yield) { yield(); return 0; }
SYSCALL_DEFINE1(set_tid_address, int __user *, p) { return current->pid; }

SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	struct task_struct *p = pid ? find_task_by_pid(pid) : current;
	if (!p)
		return -ESRCH;
	if (pgid < 0)
		return -EINVAL;
	p->pgid = pgid ? pgid : p->pid;
	return 0;
}

SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	struct task_struct *p = pid ? find_task_by_pid(pid) : current;
	return p ? p->pgid : -ESRCH;
}

SYSCALL_DEFINE0(setsid)
{
	if (current->pgid == current->pid && current->pid != 1)
		return -EPERM;
	current->sid = current->pgid = current->pid;
	return current->sid;
}

SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	struct task_struct *p = pid ? find_task_by_pid(pid) : current;
	return p ? p->sid : -ESRCH;
}

/*
 * getpriority/setpriority as kernel/sys.c: PRIO_PROCESS, PRIO_PGRP or
 * PRIO_USER (everyone is root), who 0 meaning the caller's own. The nice
 * value is clamped to -20..19; getpriority answers 20 - nice of the
 * highest-priority match (1..40, libc turns it back into a nice value).
 * Kernel threads are tasks like any other here (renice 5 4 works on
 * kmemleak, as on Linux). No match is ESRCH.
 */
#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

static bool prio_match(struct task_struct *p, int which, int who)
{
	if (!p->pid || p->exit_state)
		return false;
	switch (which) {
	case PRIO_PROCESS: return p->pid == (who ? who : current->pid);
	case PRIO_PGRP: return p->pgid == (who ? who : current->pgid);
	default: return who == 0;	/* uid 0: every task */
	}
}

SYSCALL_DEFINE3(setpriority, int, which, int, who, int, niceval)
{
	struct task_struct *p;
	int error = -ESRCH;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (niceval < MIN_NICE)
		niceval = MIN_NICE;
	if (niceval > MAX_NICE)
		niceval = MAX_NICE;
	for_each_process(p) {
		if (!prio_match(p, which, who))
			continue;
		set_user_nice(p, niceval);
		error = 0;
	}
	return error;
}

SYSCALL_DEFINE2(getpriority, int, which, int, who)
{
	struct task_struct *p;
	long retval = -ESRCH;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	for_each_process(p) {
		long niceval;
		if (!prio_match(p, which, who))
			continue;
		niceval = 20 - task_nice(p);
		if (niceval > retval)
			retval = niceval;
	}
	return retval;
}

SYSCALL_DEFINE1(newuname, struct new_utsname __user *, name)
{
	return copy_to_user(name, utsname(), sizeof(*name)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(sethostname, char __user *, name, int, len)
{
	char tmp[65];
	if (len < 0 || len > 64)
		return -EINVAL;
	if (copy_from_user(tmp, name, len))
		return -EFAULT;
	memcpy(utsname()->nodename, tmp, len);
	utsname()->nodename[len] = 0;
	return 0;
}

struct timespec64 { long tv_sec, tv_nsec; };
struct timeval { long tv_sec, tv_usec; };
extern u64 boot_epoch_seconds;

static void ktime_get(struct timespec64 *ts, int clock)
{
	u64 ns = local_clock();
	ts->tv_sec = ns / 1000000000;
	ts->tv_nsec = ns % 1000000000;
	if (clock == 0)		/* CLOCK_REALTIME */
		ts->tv_sec += boot_epoch_seconds;
}

SYSCALL_DEFINE2(clock_gettime, int, which, struct timespec64 __user *, tp)
{
	struct timespec64 ts;
	ktime_get(&ts, which);
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(clock_getres, int, which, struct timespec64 __user *, tp)
{
	struct timespec64 ts = { 0, 1 };
	return tp && copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(gettimeofday, struct timeval __user *, tv, void __user *, tz)
{
	struct timespec64 ts;
	struct timeval v;
	ktime_get(&ts, 0);
	v.tv_sec = ts.tv_sec;
	v.tv_usec = ts.tv_nsec / 1000;
	return tv && copy_to_user(tv, &v, sizeof(v)) ? -EFAULT : 0;
}

SYSCALL_DEFINE1(time, long __user *, t)
{
	struct timespec64 ts;
	ktime_get(&ts, 0);
	if (t && put_user(ts.tv_sec, t))
		return -EFAULT;
	return ts.tv_sec;
}

/*
 * hrtimer_nanosleep's shape on the tick clock: sleep to an absolute
 * deadline; a signal ends it early with the remaining time in *rmtp and
 * -ERESTART_RESTARTBLOCK, so a handler sees EINTR while a stop and SIGCONT
 * resume the sleep through restart_syscall to the same deadline.
 */
static long nanosleep_restart(struct restart_block *rb);

static long nanosleep_until(u64 expires, bool forever, struct timespec64 __user *rmtp)
{
	struct restart_block *rb = &current->restart_block;
	long left;
	for (;;) {
		left = forever ? MAX_SCHEDULE_TIMEOUT : (long)(expires - jiffies_64);
		if (left <= 0)
			return 0;
		if (signal_pending(current))
			break;
		schedule_timeout_interruptible(left);
	}
	if (rmtp && !forever) {
		struct timespec64 rem = { left / HZ, (left % HZ) * (1000000000 / HZ) };
		if (copy_to_user(rmtp, &rem, sizeof(rem)))
			return -EFAULT;
	}
	if (forever)
		return -ERESTARTNOHAND;
	rb->fn = nanosleep_restart;
	rb->nanosleep.expires = expires;
	rb->nanosleep.rmtp = rmtp;
	return -ERESTART_RESTARTBLOCK;
}

static long nanosleep_restart(struct restart_block *rb)
{
	rb->fn = do_no_restart_syscall;
	return nanosleep_until(rb->nanosleep.expires, false, rb->nanosleep.rmtp);
}

static long do_nanosleep(const struct timespec64 __user *rqtp, struct timespec64 __user *rmtp)
{
	struct timespec64 ts;
	u64 j;
	if (copy_from_user(&ts, rqtp, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	/* beyond what a jiffies count holds the sleep is as good as forever */
	if (ts.tv_sec >= (MAX_SCHEDULE_TIMEOUT - 1) / HZ)
		return nanosleep_until(0, true, rmtp);
	j = ts.tv_sec * HZ + ((u64)ts.tv_nsec * HZ + 999999999) / 1000000000;
	return nanosleep_until(jiffies_64 + j, false, rmtp);
}

SYSCALL_DEFINE2(nanosleep, struct timespec64 __user *, rqtp, struct timespec64 __user *, rmtp)
{
	return do_nanosleep(rqtp, rmtp);
}

SYSCALL_DEFINE4(clock_nanosleep, int, which, int, flags, struct timespec64 __user *, rqtp,
		struct timespec64 __user *, rmtp)
{
	return do_nanosleep(rqtp, rmtp);
}

/* pause: back to sleep after a stop or an ignored signal, EINTR after a handler */
SYSCALL_DEFINE0(pause)
{
	while (!signal_pending(current)) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	return -ERESTARTNOHAND;
}

struct sysinfo {
	long uptime;
	unsigned long loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
	char _f[4];
};

SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo s;
	struct task_struct *p;
	memset(&s, 0, sizeof(s));
	s.uptime = local_clock() / 1000000000;
	s.totalram = totalram_pages() << PAGE_SHIFT;
	s.freeram = nr_free_pages() << PAGE_SHIFT;
	for_each_process(p)
		s.procs++;
	s.mem_unit = 1;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT 0xCDEF0123
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321FEDC

SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned int, cmd, void __user *, arg)
{
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1)
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		pr_emerg("reboot: Power down\n");
		/* isa-debug-exit: status (v << 1) | 1; v = 0x80 means "powered off, status in arg" */
		machine_power_off_code(arg ? (0x80 | ((unsigned long)arg & 0x7f)) : 0x80);
		break;
	case LINUX_REBOOT_CMD_RESTART:
		pr_emerg("reboot: Restarting system\n");
		machine_power_off_code(0x81);
		break;
	}
	return -EINVAL;
}

SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3, unsigned long, arg4,
		unsigned long, arg5)
{
	char name[TASK_COMM_LEN];
	switch (option) {
	case 15:	/* PR_SET_NAME */
		if (strncpy_from_user(name, (char __user *)arg2, sizeof(name)) < 0)
			return -EFAULT;
		name[sizeof(name) - 1] = 0;
		set_task_comm(current, name);
		return 0;
	case 16:	/* PR_GET_NAME */
		return copy_to_user((char __user *)arg2, current->comm, TASK_COMM_LEN) ? -EFAULT : 0;
	}
	return -EINVAL;
}

SYSCALL_DEFINE2(arch_prctl, int, code, unsigned long, addr)
{
	if (code == 0x1002) {	/* ARCH_SET_FS */
		current->thread.fsbase = addr;
		__asm__ __volatile__("wrmsr" :: "c"(0xc0000100), "a"((u32)addr), "d"((u32)(addr >> 32)));
		return 0;
	}
	return -EINVAL;
}

#define GRND_FLAGS 7	/* GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE */
SYSCALL_DEFINE3(getrandom, char __user *, buf, size_t, count, unsigned int, flags)
{
	u64 x = local_clock() ^ 0x9e3779b97f4a7c15ULL;
	u8 chunk[256];
	size_t done = 0;
	if (flags & ~GRND_FLAGS)
		return -EINVAL;
	count = min(count, (size_t)INT_MAX);
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			chunk[i] = x;
		}
		if (copy_to_user(buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
		/* as urandom_read: a long read stops for a signal and lets others run */
		if (done < count && signal_pending(current))
			break;
		cond_resched();
	}
	return done;
}

/* Module system calls: the loader itself is kernel/module.c. */
#define MODULE_INIT_IGNORE_MODVERSIONS	1	/* uapi/linux/module.h */
#define MODULE_INIT_IGNORE_VERMAGIC	2
SYSCALL_DEFINE3(init_module, void __user *, umod, unsigned long, len, const char __user *, uargs)
{
	char args[256];
	void *image;
	long r;
	/* copy_module_from_user: shorter than an ELF header is ENOEXEC, more than vmalloc can give ENOMEM */
	if (len < 64)
		return -ENOEXEC;
	if (len >> PAGE_SHIFT >= totalram_pages())
		return -ENOMEM;
	if (strncpy_from_user(args, uargs, sizeof(args)) < 0)
		return -EFAULT;
	args[sizeof(args) - 1] = 0;
	image = vmalloc(len ? len : 1);
	if (!image)
		return -ENOMEM;
	r = copy_from_user(image, umod, len) ? -EFAULT : load_module(image, len, args);
	vfree(image);
	return r;
}

/*
 * fget here is a lookup in the task's own table (fs/file.c: it takes no
 * reference, descriptor tables are never shared), so there is nothing to
 * fput: the descriptor stays open until the caller closes it. As 5.10:
 * unknown flags are -EINVAL, a descriptor not open for reading -EBADF.
 */
SYSCALL_DEFINE3(finit_module, int, fd, const char __user *, uargs, int, flags)
{
	struct file *f;
	char args[256];
	void *image;
	loff_t pos = 0;
	long r;
	if (flags & ~(MODULE_INIT_IGNORE_MODVERSIONS | MODULE_INIT_IGNORE_VERMAGIC))
		return -EINVAL;
	f = fget(fd);
	if (!f || !(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!f->f_inode || !S_ISREG(f->f_inode->i_mode))
		return -EINVAL;
	if (strncpy_from_user(args, uargs, sizeof(args)) < 0)
		return -EFAULT;
	args[sizeof(args) - 1] = 0;
	image = vmalloc(f->f_inode->i_size ? f->f_inode->i_size : 1);
	if (!image)
		return -ENOMEM;
	r = kernel_read(f, image, f->f_inode->i_size, &pos);
	if (r >= 0)
		r = load_module(image, r, args);
	vfree(image);
	return r;
}

SYSCALL_DEFINE2(delete_module, const char __user *, uname, unsigned int, flags)
{
	char name[MODULE_NAME_LEN];
	if (strncpy_from_user(name, uname, sizeof(name)) < 0)
		return -EFAULT;
	name[sizeof(name) - 1] = 0;
	return delete_module_by_name(name, flags);
}

int __weak load_module(void *image, unsigned long len, const char *uargs) { return -ENOSYS; }
long __weak delete_module_by_name(const char *name, unsigned int flags) { return -ENOENT; }

#define __SYSCALL(nr, sym) [nr] = __x64_sys_##sym,
#define SYSCALLS(X) \
	X(0, read) X(1, write) X(2, open) X(3, close) X(4, newstat) X(5, newfstat) X(6, newlstat) \
	X(8, lseek) X(9, mmap) X(10, mprotect) X(11, munmap) X(12, brk) X(13, rt_sigaction) \
	X(14, rt_sigprocmask) X(15, rt_sigreturn) X(16, ioctl) X(17, pread64) X(21, access) X(22, pipe) \
	X(24, sched_yield) X(32, dup) X(33, dup2) X(34, pause) X(35, nanosleep) X(39, getpid) \
	X(56, clone) X(57, fork) X(58, vfork) X(59, execve) X(60, exit) X(61, wait4) X(62, kill) \
	X(63, newuname) X(72, fcntl) X(74, fsync) X(75, fsync) X(77, ftruncate) X(79, getcwd) X(80, chdir) X(81, fchdir) \
	X(82, rename) X(83, mkdir) X(84, rmdir) X(85, creat) X(86, link) X(87, unlink) X(88, symlink) X(89, readlink) X(90, chmod) X(91, fchmod) \
	X(95, umask) X(96, gettimeofday) X(99, sysinfo) X(102, getuid) X(103, syslog) X(104, getgid) \
	X(105, setuid) X(106, setgid) X(107, geteuid) X(108, getegid) X(109, setpgid) X(110, getppid) \
	X(111, getpgrp) X(112, setsid) X(121, getpgid) X(124, getsid) X(140, getpriority) X(141, setpriority) X(157, prctl) X(158, arch_prctl) \
	X(162, sync) X(165, mount) X(166, umount2) X(169, reboot) X(170, sethostname) \
	X(175, init_module) X(176, delete_module) X(186, gettid) X(201, time) X(217, getdents64) \
	X(218, set_tid_address) X(219, restart_syscall) X(228, clock_gettime) X(229, clock_getres) X(230, clock_nanosleep) \
	X(231, exit_group) X(257, openat) X(258, mkdirat) X(262, newfstatat) X(263, unlinkat) X(264, renameat) X(265, linkat) X(266, symlinkat) X(267, readlinkat) X(268, fchmodat) X(269, faccessat) \
	X(280, utimensat) \
	X(292, dup3) X(293, pipe2) X(313, finit_module) X(316, renameat2) X(318, getrandom)
#define DECLARE(nr, sym) long __x64_sys_##sym(const struct pt_regs *);
SYSCALLS(DECLARE)
#define NR_syscalls 335
static const sys_call_ptr_t sys_call_table[NR_syscalls] = {
	SYSCALLS(__SYSCALL)
};

__visible noinline void do_syscall_64(unsigned long nr, struct pt_regs *regs)
{
	long ret = -ENOSYS;
	if (nr < NR_syscalls && sys_call_table[nr])
		ret = sys_call_table[nr](regs);
	regs->ax = ret;
	prepare_exit_to_usermode(regs);
}
