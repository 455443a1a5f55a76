/*
 * proc_sysctl.c: /proc/sys, the kernel's tunables as files.
 *
 * One ctl_table row per file, as in Linux: a name under kernel/ or vm/,
 * a mode, the variable and its proc_handler. Reads format the current
 * value ("%d" numbers separated by tabs, one line); writes parse the whole
 * buffer and change the variable the kernel itself uses, so a write takes
 * effect at once:
 *
 *   kernel/printk         console_loglevel etc. (printk's console filter)
 *   kernel/tainted        the taint mask; writing ORs bits in (add_taint)
 *   kernel/kptr_restrict  %pK: 0 hashed, 1 raw for root, 2 zeros; also
 *                         the addresses in /proc/kallsyms at 2
 *   kernel/panic          panic_timeout (seconds; the lab powers off on a
 *                         panic whatever it says)
 *   kernel/panic_on_oops  an oops ends in panic("Fatal exception")
 *   kernel/pid_max        where pid allocation wraps (301..4194304)
 *   kernel/ostype, osrelease  read-only
 *   vm/drop_caches        write-only 1..4; logs "drop_caches: N" as Linux
 *                         (there is no page cache or shrinker to drop)
 *   vm/overcommit_memory  0..2: mm/util.c's __vm_enough_memory policy
 *                         (0 heuristic, 1 always, 2 never beyond CommitLimit)
 *   vm/overcommit_ratio   percent of RAM in CommitLimit (mode 2)
 *
 * Permissions follow sysctl's test_perm, which ignores root's DAC
 * override: opening a file for an access its mode lacks is EACCES (a
 * write to ostype, a read of drop_caches). A value that does not parse or
 * is out of range is EINVAL and leaves the variable unchanged.
 *
 * Locking: writes come from process context on one CPU; an int store is
 * atomic for the readers in interrupt context (printk).
 */
#define pr_fmt(fmt) fmt
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/ctype.h>
#include <linux/panic.h>
#include <linux/vfs.h>
#include <linux/mman.h>
#include <linux/vmstat.h>

extern int console_loglevel, default_message_loglevel, kptr_restrict, pid_max;
int minimum_console_loglevel = 1;
int default_console_loglevel = CONFIG_CONSOLE_LOGLEVEL_DEFAULT;
static int sysctl_drop_caches;

struct ctl_table;
typedef int (*proc_handler)(const struct ctl_table *t, bool write, char *buf, struct seq_file *m);

struct ctl_table {
	const char *dir, *procname;
	umode_t mode;
	void *data;
	int count;			/* ints in data */
	int min, max;			/* for proc_dointvec_minmax */
	proc_handler handler;
};

/* Parses up to t->count ints from buf into vals; returns how many, or -EINVAL. */
static int parse_ints(const char *buf, int *vals, int count)
{
	int n = 0;
	const char *p = buf;
	while (*p) {
		char *end;
		long v;
		while (isspace(*p))
			p++;
		if (!*p)
			break;
		if (n == count)
			return -EINVAL;
		v = simple_strtol(p, &end, 10);
		if (end == p || (*end && !isspace(*end)) || v > INT_MAX || v < INT_MIN)
			return -EINVAL;
		vals[n++] = (int)v;
		p = end;
	}
	return n ? n : -EINVAL;
}

static int proc_dointvec(const struct ctl_table *t, bool write, char *buf, struct seq_file *m)
{
	int *data = t->data, vals[8];
	if (!write) {
		for (int i = 0; i < t->count; i++)
			seq_printf(m, "%s%d", i ? "\t" : "", data[i]);
		seq_putc(m, '\n');
		return 0;
	}
	int n = parse_ints(buf, vals, t->count);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++)
		if (t->min != t->max && (vals[i] < t->min || vals[i] > t->max))
			return -EINVAL;
	for (int i = 0; i < n; i++)
		data[i] = vals[i];
	return 0;
}

/* kernel/printk: four separate variables behind one row. */
static int proc_printk(const struct ctl_table *t, bool write, char *buf, struct seq_file *m)
{
	int *vars[4] = { &console_loglevel, &default_message_loglevel, &minimum_console_loglevel, &default_console_loglevel };
	int vals[4];
	if (!write) {
		seq_printf(m, "%d\t%d\t%d\t%d\n", *vars[0], *vars[1], *vars[2], *vars[3]);
		return 0;
	}
	int n = parse_ints(buf, vals, 4);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++)
		*vars[i] = vals[i];
	return 0;
}

static int proc_taint(const struct ctl_table *t, bool write, char *buf, struct seq_file *m)
{
	unsigned long v;
	char *end;
	if (!write) {
		seq_printf(m, "%lu\n", get_taint());
		return 0;
	}
	v = simple_strtoul(buf, &end, 10);
	while (isspace(*end))
		end++;
	if (end == buf || *end || v >= (1UL << TAINT_FLAGS_COUNT))
		return -EINVAL;
	/* taint can be added, never taken away */
	for (int i = 0; i < TAINT_FLAGS_COUNT; i++)
		if (v & (1UL << i))
			add_taint(i);
	return 0;
}

static int proc_dostring(const struct ctl_table *t, bool write, char *buf, struct seq_file *m)
{
	if (write)
		return -EINVAL;
	seq_printf(m, "%s\n", (const char *)t->data);
	return 0;
}

static int drop_caches_sysctl_handler(const struct ctl_table *t, bool write, char *buf, struct seq_file *m)
{
	static int stfu;
	int r = proc_dointvec(t, write, buf, m);
	if (r || !write)
		return r;
	/* nothing to drop: no page cache, and SLUB keeps no reclaimable caches here */
	if (sysctl_drop_caches & 1)
		count_vm_event(DROP_PAGECACHE);
	if (sysctl_drop_caches & 2)
		count_vm_event(DROP_SLAB);
	if (!stfu)
		pr_info("%s (%d): drop_caches: %d\n", current->comm, task_pid_nr(current), sysctl_drop_caches);
	stfu |= sysctl_drop_caches & 4;
	return 0;
}

static struct ctl_table sysctl_table[] = {
	{ "kernel", "kptr_restrict", 0644, &kptr_restrict, 1, 0, 2, proc_dointvec },
	{ "kernel", "osrelease", 0444, init_uts_ns_name.release, 0, 0, 0, proc_dostring },
	{ "kernel", "ostype", 0444, init_uts_ns_name.sysname, 0, 0, 0, proc_dostring },
	{ "kernel", "panic", 0644, &panic_timeout, 1, 0, 0, proc_dointvec },
	{ "kernel", "panic_on_oops", 0644, &panic_on_oops, 1, 0, 0, proc_dointvec },
	{ "kernel", "pid_max", 0644, &pid_max, 1, 301, 4194304, proc_dointvec },
	{ "kernel", "printk", 0644, NULL, 4, 0, 0, proc_printk },
	{ "kernel", "tainted", 0644, NULL, 1, 0, 0, proc_taint },
	{ "vm", "drop_caches", 0200, &sysctl_drop_caches, 1, 1, 4, drop_caches_sysctl_handler },
	{ "vm", "overcommit_memory", 0644, &sysctl_overcommit_memory, 1, 0, 2, proc_dointvec },
	{ "vm", "overcommit_ratio", 0644, &sysctl_overcommit_ratio, 1, 0, 0, proc_dointvec },
};

static const struct ctl_table *entry_of(struct inode *inode)
{
	return inode->i_private;
}

/* single_open hands its data to the show function */
static int sysctl_show(struct seq_file *m, void *v)
{
	const struct ctl_table *t = v;
	return t->handler(t, false, NULL, m);
}

static int proc_sys_open(struct inode *inode, struct file *file)
{
	const struct ctl_table *t = entry_of(inode);
	unsigned int acc = file->f_flags & O_ACCMODE;
	/* test_perm: root gets the owner bits, no override */
	if ((acc != O_WRONLY && !(t->mode & 0400)) || (acc != O_RDONLY && !(t->mode & 0200)))
		return -EACCES;
	return single_open(file, sysctl_show, (void *)t);
}

static ssize_t proc_sys_write(struct file *file, const char __user *ubuf, size_t n, loff_t *pos)
{
	const struct ctl_table *t = entry_of(file->f_inode);
	char *buf;
	int r;
	if (n > PAGE_SIZE - 1)
		return -EINVAL;
	buf = kmalloc(n + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, n)) {
		kfree(buf);
		return -EFAULT;
	}
	buf[n] = 0;
	r = t->handler(t, true, buf, NULL);
	kfree(buf);
	if (r)
		return r;
	*pos += n;
	return n;
}

static const struct file_operations proc_sys_file_operations = {
	.open = proc_sys_open,
	.read = seq_read,
	.write = proc_sys_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int __init proc_sys_init(void)
{
	struct dentry *sys = proc_mkdir("sys", NULL), *dir = NULL;
	const char *dirname = NULL;
	if (!sys)
		return -ENOMEM;
	for (unsigned int i = 0; i < ARRAY_SIZE(sysctl_table); i++) {
		struct ctl_table *t = &sysctl_table[i];
		struct dentry *f;
		if (!dirname || strcmp(dirname, t->dir)) {
			dirname = t->dir;
			dir = proc_mkdir(dirname, sys);
		}
		f = dir ? proc_create(t->procname, t->mode, dir, &proc_sys_file_operations) : NULL;
		if (f)
			f->d_inode->i_private = t;
	}
	return 0;
}
device_initcall(proc_sys_init);
