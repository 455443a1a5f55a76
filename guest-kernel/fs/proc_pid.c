/*
 * proc_pid.c: the per-process directories /proc/<pid>.
 *
 * A directory is made on the first lookup of a live pid (proc.c's root
 * lookup calls proc_pid_dir) with one file per pid_entries[] row and the
 * fd/ and fdinfo/ directories (proc_fd.c), and is
 * dropped when the task is reaped (proc_flush_pid). Every file is a
 * single_open seq_file whose show function finds the task again by pid at
 * each open, so a file of a reaped task fails with ESRCH.
 *
 * Formats are Linux 5.10's fs/proc/array.c and base.c: stat has the 52
 * fields of do_task_stat (address fields only where 5.10 shows them to the
 * owner: code, stack, data and argument bounds; kstkeip/kstkesp are 0, wchan
 * is the 0/1 flag), status the lines of proc_pid_status in their order,
 * stack "[<0>] %pB" lines with the scheduler's own frames left out, wchan
 * the first function outside the scheduler (or "0").
 *
 * Task states are task_state_index()'s: the report bits of state|exit_state,
 * with TASK_IDLE (an idle kworker) as I; a kthread sleeping interruptibly
 * (kthreadd, kmemleak) is S as on Linux.
 *
 * Locking: one CPU and no kernel preemption; a show function runs in the
 * reader's process context and the task it reads cannot run meanwhile, so
 * its sleeping stack and its mm are stable.
 */
#define pr_fmt(fmt) "proc: " fmt
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include <linux/kallsyms.h>
#include <linux/vfs.h>
#include <linux/oom.h>
#include <linux/fault-inject.h>


extern struct super_block *proc_sb;
int access_process_vm(struct task_struct *t, unsigned long addr, void *buf, int len);
void task_sig_masks(struct task_struct *t, unsigned long *ignored, unsigned long *caught);
static const struct inode_operations proc_pid_inode_operations;

#define USER_HZ 100
#define PROC_VM_READ 1		/* kernel/mm_user.c's VMA flag bits */
#define PROC_VM_WRITE 2
#define PROC_VM_EXEC 4
#define RLIM_INFINITY (~0UL)
#define STACK_DEPTH 64

static struct task_struct *proc_task(struct seq_file *m)
{
	return find_task_by_pid((long)m->file->f_inode->i_private);
}

/* fs/proc/array.c task_state_array, indexed by task_state_index(). */
static const char *const task_state_array[] = {
	"R (running)", "S (sleeping)", "D (disk sleep)", "T (stopped)", "t (tracing stop)",
	"X (dead)", "Z (zombie)", "P (parked)", "I (idle)",
};

static unsigned int task_state_index(struct task_struct *t)
{
	unsigned int state = (t->state | t->exit_state) & TASK_REPORT;
	if (t->state == TASK_IDLE)
		return ARRAY_SIZE(task_state_array) - 1;
	return state ? 32 - __builtin_clz(state) : 0;
}

static const char *task_state(struct task_struct *t)
{
	return task_state_array[task_state_index(t)];
}

/* Frames of the scheduler itself, left out of stack and wchan as __sched text is. */
static bool in_sched_functions(unsigned long addr)
{
	static const char *const sched[] = {
		"schedule", "__schedule", "schedule_timeout", "schedule_timeout_interruptible",
		"schedule_timeout_uninterruptible", "schedule_timeout_killable", "yield", "__switch_to_asm",
		"wait_for_completion", "wait_for_completion_timeout", "wait_for_completion_interruptible",
		"mutex_lock", "mutex_lock_interruptible", "__mutex_lock", "msleep_interruptible_sched",
	};
	char name[KSYM_NAME_LEN];
	unsigned long size, off;
	char *mod;
	if (!kallsyms_lookup(addr, &size, &off, &mod, name))
		return false;
	for (unsigned int i = 0; i < ARRAY_SIZE(sched); i++)
		if (!strcmp(name, sched[i]))
			return true;
	return false;
}

/*
 * The return addresses on a sleeping task's kernel stack, innermost first.
 * thread.sp points at what __switch_to_asm pushed: r15 r14 r13 r12 rbx rbp,
 * then its return address into schedule(); rbp is schedule()'s frame, and
 * from there [fp] is the caller's fp and [fp+8] its return address, until
 * the zero frame the entry code plants. Nothing is recorded for a task that
 * runs (the reader itself: Linux shows only blocked tasks' stacks too).
 */
static unsigned int task_stack(struct task_struct *t, unsigned long *store, unsigned int size)
{
	unsigned long lo = (unsigned long)t->stack, hi = lo + THREAD_SIZE;
	unsigned long sp = t->thread.sp, fp, ret;
	unsigned int n = 0;

	if (t == current || t->state == TASK_RUNNING || !t->stack || sp < lo || sp + 56 > hi)
		return 0;
	ret = ((unsigned long *)sp)[6];
	fp = ((unsigned long *)sp)[5];
	while (ret && n < size) {
		if (!in_sched_functions(ret))
			store[n++] = ret;
		if ((fp & 7) || fp < sp || fp + 16 > hi)
			break;
		sp = fp;
		ret = ((unsigned long *)fp)[1];
		fp = ((unsigned long *)fp)[0];
	}
	return n;
}

static unsigned long get_wchan(struct task_struct *t)
{
	unsigned long e[1];
	return task_stack(t, e, 1) ? e[0] : 0;
}

/* Pages of mm that are present (demand faulted so far): the RSS. */
static unsigned long mm_rss_pages(struct mm_struct *mm)
{
	unsigned long n = 0;
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
			unsigned long *pte = lookup_pte(mm->pgd, a, false);
			if (pte && (*pte & _PAGE_PRESENT))
				n++;
		}
	return n;
}

static unsigned long to_clock_t(unsigned long ticks)
{
	return ticks * USER_HZ / HZ;
}

/* fs/proc/array.c do_task_stat: the 52 fields of /proc/<pid>/stat. */
static int pid_stat_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_task(m);
	struct mm_struct *mm;
	unsigned long ign, cgt;
	if (!t)
		return -ESRCH;
	mm = t->mm;
	task_sig_masks(t, &ign, &cgt);
	seq_printf(m, "%d (%s) %c %d %d %d 0 -1 %u %lu 0 0 0 %lu %lu 0 0 %d %d 1 0 %llu %lu %lu %lu",
		   t->pid, t->comm, task_state(t)[0], t->parent ? t->parent->tgid : 0, t->pgid, t->sid,
		   t->flags, t->min_flt, to_clock_t(t->utime), to_clock_t(t->stime),
		   t->static_prio - 100, task_nice(t), t->start_time / (1000000000 / USER_HZ),
		   mm ? mm->total_vm << PAGE_SHIFT : 0UL, mm ? mm_rss_pages(mm) : 0UL, RLIM_INFINITY);
	seq_printf(m, " %lu %lu %lu 0 0 %lu %lu %lu %lu %d 0 0 %d 0 0 0 0 0 0",
		   mm ? mm->start_code : 0, mm ? mm->end_code : 0, mm ? mm->start_stack : 0,
		   t->pending, t->blocked, ign, cgt, get_wchan(t) ? 1 : 0, t->exit_signal);
	if (mm)
		seq_printf(m, " %lu %lu %lu %lu %lu %lu %lu", mm->start_data, mm->end_data, mm->start_brk,
			   mm->arg_start, mm->arg_end, mm->env_start, mm->env_end);
	else
		seq_puts(m, " 0 0 0 0 0 0 0");
	seq_printf(m, " %d\n", t->exit_code);
	return 0;
}

static void status_kb(struct seq_file *m, const char *name, unsigned long pages)
{
	seq_printf(m, "%s:\t%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

/* The mm lines of task_mem(): sizes of the VMAs by kind, RSS from the page tables. */
static void task_mem(struct seq_file *m, struct mm_struct *mm)
{
	unsigned long exe = 0, stk = 0, data = 0, rss = mm_rss_pages(mm);
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		unsigned long pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;
		if (v->vm_end == mm->start_stack || (v->vm_start <= mm->start_stack && mm->start_stack < v->vm_end))
			stk += pages;
		else if (v->vm_flags & PROC_VM_EXEC)
			exe += pages;
		else if (v->vm_flags & PROC_VM_WRITE)
			data += pages;
	}
	status_kb(m, "VmPeak", mm->total_vm);
	status_kb(m, "VmSize", mm->total_vm);
	status_kb(m, "VmLck", 0);
	status_kb(m, "VmPin", 0);
	status_kb(m, "VmHWM", rss);
	status_kb(m, "VmRSS", rss);
	status_kb(m, "RssAnon", rss);
	status_kb(m, "RssFile", 0);
	status_kb(m, "RssShmem", 0);
	status_kb(m, "VmData", data);
	status_kb(m, "VmStk", stk);
	status_kb(m, "VmExe", exe);
	status_kb(m, "VmLib", 0);
	status_kb(m, "VmPTE", 0);
	status_kb(m, "VmSwap", 0);
	seq_puts(m, "HugetlbPages:\t       0 kB\n");
}

/*
 * fs/proc/array.c proc_pid_statm (task_statm): size, resident, shared,
 * text, lib (0), data (data + stack VMAs), dt (0), in pages. Everything
 * resident here is anonymous, so shared is 0; a kernel thread is all 0.
 */
static int pid_statm_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_task(m);
	struct mm_struct *mm;
	unsigned long text = 0, data = 0;
	if (!t)
		return -ESRCH;
	mm = t->mm;
	if (!mm) {
		seq_puts(m, "0 0 0 0 0 0 0\n");
		return 0;
	}
	text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
	for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next)
		if ((vma->vm_flags & PROC_VM_WRITE) && !(vma->vm_flags & PROC_VM_EXEC))
			data += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	seq_printf(m, "%lu %lu %lu %lu 0 %lu 0\n", mm->total_vm, mm_rss_pages(mm), 0UL, text, data);
	return 0;
}

/* fs/proc/array.c proc_pid_status, line for line (root, one thread, one CPU). */
static int pid_status_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_task(m);
	unsigned long ign, cgt;
	int ppid;
	if (!t)
		return -ESRCH;
	ppid = t->parent ? t->parent->tgid : 0;
	task_sig_masks(t, &ign, &cgt);
	seq_printf(m, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		   t->comm, t->umask, task_state(t), t->tgid, t->pid, ppid);
	seq_printf(m, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\nGroups:\t\n", t->files ? NR_OPEN_DEFAULT : 0);
	seq_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", t->tgid, t->pid, t->pgid, t->sid);
	if (t->mm) {
		task_mem(m, t->mm);
		seq_puts(m, "CoreDumping:\t0\nTHP_enabled:\t0\n");
	}
	seq_printf(m, "Threads:\t1\nSigQ:\t0/%d\nSigPnd:\t%016lx\nShdPnd:\t0000000000000000\n"
		   "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n",
		   (int)(totalram_pages() / 8), t->pending, t->blocked, ign, cgt);
	seq_puts(m, "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n"
		 "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n"
		 "Seccomp_filters:\t0\nSpeculation_Store_Bypass:\tvulnerable\nCpus_allowed:\t1\n"
		 "Cpus_allowed_list:\t0\nMems_allowed:\t1\nMems_allowed_list:\t0\n"
		 "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
	return 0;
}

static int pid_comm_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_task(m);
	if (!t)
		return -ESRCH;
	seq_printf(m, "%s\n", t->comm);
	return 0;
}

/* Copies [start, end) of the task's memory out a page at a time (cmdline, environ). */
static void dump_user_range(struct seq_file *m, struct task_struct *t, unsigned long start, unsigned long end)
{
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return;
	while (start < end) {
		int n = min(end - start, PAGE_SIZE);
		if (access_process_vm(t, start, buf, n) != n)
			break;
		seq_write(m, buf, n);
		start += n;
	}
	kfree(buf);
}

static int pid_cmdline_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_task(m);
	if (!t)
		return -ESRCH;
	if (t->mm)
		dump_user_range(m, t, t->mm->arg_start, t->mm->arg_end);
	return 0;
}

static int pid_environ_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_task(m);
	if (!t)
		return -ESRCH;
	if (t->mm)
		dump_user_range(m, t, t->mm->env_start, t->mm->env_end);
	return 0;
}

/*
 * fs/proc/task_mmu.c show_map_vma: every mapping is anonymous here; the
 * header ends with a space, and a name ([heap], [stack]) is padded to
 * column 73 (seq_setwidth(25 + 6 * sizeof(void *) - 1) then seq_pad).
 */
static int pid_maps_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_task(m);
	struct mm_struct *mm;
	if (!t)
		return -ESRCH;
	mm = t->mm;
	if (!mm)
		return 0;
	for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next) {
		const char *name = NULL;
		char line[96];
		int n = snprintf(line, sizeof(line), "%08lx-%08lx %c%c%cp %08lx 00:00 0 ", vma->vm_start, vma->vm_end,
				 vma->vm_flags & PROC_VM_READ ? 'r' : '-', vma->vm_flags & PROC_VM_WRITE ? 'w' : '-',
				 vma->vm_flags & PROC_VM_EXEC ? 'x' : '-', 0UL);
		if (vma->vm_start >= mm->start_brk && vma->vm_start < mm->brk)
			name = "[heap]";
		else if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
			name = "[stack]";
		seq_puts(m, line);
		if (name)
			seq_printf(m, "%*s%s", n < 72 ? 72 - n + 1 : 1, "", name);
		seq_putc(m, '\n');
	}
	return 0;
}

static int pid_stack_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_task(m);
	unsigned long e[STACK_DEPTH];
	unsigned int n;
	if (!t)
		return -ESRCH;
	n = task_stack(t, e, ARRAY_SIZE(e));
	for (unsigned int i = 0; i < n; i++) {
		char sym[KSYM_SYMBOL_LEN];
		sprint_backtrace(sym, e[i]);
		seq_printf(m, "[<0>] %s\n", sym);
	}
	return 0;
}

static int pid_wchan_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_task(m);
	unsigned long w, size, off;
	char name[KSYM_NAME_LEN], *mod;
	if (!t)
		return -ESRCH;
	w = get_wchan(t);
	if (w && kallsyms_lookup(w, &size, &off, &mod, name))
		seq_puts(m, name);
	else
		seq_putc(m, '0');
	return 0;
}

int mounts_show(struct seq_file *m, void *v);
int mountinfo_show(struct seq_file *m, void *v);

static const struct pid_entry {
	const char *name;
	umode_t mode;
	int (*show)(struct seq_file *, void *);
} pid_entries[] = {
	{ "environ", 0400, pid_environ_show },
	{ "status", 0444, pid_status_show },
	{ "cmdline", 0444, pid_cmdline_show },
	{ "comm", 0644, pid_comm_show },
	{ "maps", 0444, pid_maps_show },
	{ "stat", 0444, pid_stat_show },
	{ "statm", 0444, pid_statm_show },
	{ "wchan", 0444, pid_wchan_show },
	{ "stack", 0400, pid_stack_show },
	{ "mounts", 0444, mounts_show },	/* fs/super.c: the one mount namespace */
	{ "mountinfo", 0444, mountinfo_show },
};

/* files whose operations live with their subsystem */
static const struct {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
} pid_fops_entries[] = {
	{ "oom_score", 0444, &proc_oom_score_fops },		/* mm/oom_kill.c */
	{ "oom_score_adj", 0644, &proc_oom_score_adj_fops },
#ifdef CONFIG_FAULT_INJECTION
	{ "make-it-fail", 0644, &proc_fault_inject_operations },	/* lib/fault_inject.c */
#endif
};

static int pid_file_open(struct inode *inode, struct file *file)
{
	const char *n = file->f_dentry->d_name;
	for (unsigned int i = 0; i < ARRAY_SIZE(pid_entries); i++)
		if (!strcmp(n, pid_entries[i].name))
			return single_open(file, pid_entries[i].show, NULL);
	return -ENOENT;
}

static const struct file_operations proc_pid_file_fops = {
	.open = pid_file_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

struct dentry *proc_pid_dir(int pid)
{
	char name[16];
	struct dentry *d;
	snprintf(name, sizeof(name), "%d", pid);
	d = d_lookup_child(proc_sb->s_root, name);
	if (d)
		return d;
	d = proc_create(name, S_IFDIR | 0555, NULL, NULL);
	if (!d)
		return ERR_PTR(-ENOMEM);
	d->d_inode->i_op = &proc_pid_inode_operations;
	d->d_inode->i_private = (void *)(long)pid;
	for (unsigned int i = 0; i < ARRAY_SIZE(pid_entries); i++) {
		struct dentry *f = proc_create(pid_entries[i].name, pid_entries[i].mode, d, &proc_pid_file_fops);
		if (!f)
			goto nomem;
		f->d_inode->i_private = (void *)(long)pid;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(pid_fops_entries); i++) {
		struct dentry *f = proc_create(pid_fops_entries[i].name, pid_fops_entries[i].mode, d,
					       pid_fops_entries[i].fops);
		if (!f)
			goto nomem;
		f->d_inode->i_private = (void *)(long)pid;
	}
	if (proc_fd_dirs(d, pid))
		goto nomem;
	return d;
nomem:
	/* never leave a directory with files missing: the next lookup builds it again */
	proc_flush_pid(pid);
	return ERR_PTR(-ENOMEM);
}

void proc_flush_pid(int pid)
{
	char name[16];
	struct dentry *d, *c, *n;
	if (!proc_sb)
		return;
	snprintf(name, sizeof(name), "%d", pid);
	d = d_lookup_child(proc_sb->s_root, name);
	if (!d)
		return;
	list_for_each_entry_safe(c, n, &d->d_inode->i_children, d_child) {
		struct dentry *e, *en;
		/* fd/ and fdinfo/ hold an entry per descriptor looked at */
		list_for_each_entry_safe(e, en, &c->d_inode->i_children, d_child)
			d_delete(e);
		d_delete(c);
	}
	d_delete(d);
}

static const struct inode_operations proc_pid_inode_operations = {
	.lookup = simple_lookup,
	.iterate = dcache_readdir,
};
