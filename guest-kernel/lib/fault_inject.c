/*
 * fault_inject.c: the fault-injection framework (Linux 5.10's
 * lib/fault-inject.c and Documentation/fault-injection).
 *
 * should_fail() decides whether one call of an instrumented function
 * fails: probability 0 never; with task-filter only tasks whose
 * /proc/<pid>/make-it-fail is 1 (and never in interrupts); not once
 * `times` failures happened (-1: no limit); not while `space` still
 * covers the call's size (space shrinks by it); only every interval-th
 * eligible call; then with `probability` percent. A failure is logged per
 * `verbose` (1: "FAULT_INJECTION: forcing a failure." and the attributes,
 * 2: also the stack) and decrements times.
 *
 * The debugfs files are 5.10's: probability, interval, verbose (ulong),
 * times, space (atomic_t, read as signed), verbose_ratelimit_interval_ms,
 * verbose_ratelimit_burst (u32), task-filter (bool). Numbers are written
 * as 5.10's simple_attr_write parses them, kstrtoull: "-1" is EINVAL (use
 * 4294967295, or the boot parameter, for times=-1).
 *
 * The random numbers come from a fixed-seed generator, so a run under the
 * virtual clock repeats exactly.
 *
 * Locking: the counters are updated with interrupts off (one CPU).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/jiffies.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/export.h>

#ifdef CONFIG_FAULT_INJECTION
static u32 prandom_state = 0x2545f491;

/* xorshift32: deterministic, good enough for percentages */
static u32 prandom_u32(void)
{
	u32 x = prandom_state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	prandom_state = x;
	return x;
}

/* sscanf(str, "%lu,%lu,%d,%d", ...): how many fields converted. */
static int parse_fault_args(const char *s, unsigned long *interval, unsigned long *probability,
			    int *space, int *times)
{
	char *end;
	long v;

	*interval = simple_strtoul(s, &end, 10);
	if (end == s || *end != ',')
		return end == s ? 0 : 1;
	s = end + 1;
	*probability = simple_strtoul(s, &end, 10);
	if (end == s || *end != ',')
		return end == s ? 1 : 2;
	s = end + 1;
	v = simple_strtol(s, &end, 10);
	if (end == s)
		return 2;
	*space = v;
	if (*end != ',')
		return 3;
	s = end + 1;
	v = simple_strtol(s, &end, 10);
	if (end == s)
		return 3;
	*times = v;
	return 4;
}

/* "<interval>,<probability>,<space>,<times>", the failslab= / fail_page_alloc= syntax. */
int setup_fault_attr(struct fault_attr *attr, char *str)
{
	unsigned long probability, interval;
	int times, space;

	if (parse_fault_args(str, &interval, &probability, &space, &times) < 4) {
		printk(KERN_WARNING "FAULT_INJECTION: failed to parse arguments\n");
		return 0;
	}
	attr->probability = probability;
	attr->interval = interval;
	attr->times.counter = times;
	attr->space.counter = space;
	return 1;
}

/* __ratelimit: at most burst messages per interval (disabled when either is 0). */
static bool fail_ratelimit(struct fault_attr *attr)
{
	unsigned long interval = msecs_to_jiffies(attr->ratelimit_interval_ms);

	if (!attr->ratelimit_interval_ms || !attr->ratelimit_burst)
		return true;
	if (!attr->ratelimit_begin || time_after(jiffies, attr->ratelimit_begin + interval)) {
		attr->ratelimit_begin = jiffies;
		attr->ratelimit_printed = 0;
	}
	return attr->ratelimit_printed++ < attr->ratelimit_burst;
}

static void fail_dump(struct fault_attr *attr)
{
	if (attr->verbose > 0 && fail_ratelimit(attr)) {
		printk(KERN_NOTICE "FAULT_INJECTION: forcing a failure.\n"
		       "name %s, interval %lu, probability %lu, space %d, times %d\n", attr->name,
		       attr->interval, attr->probability, attr->space.counter, attr->times.counter);
		if (attr->verbose > 1)
			dump_stack();
	}
}

static bool fail_task(struct fault_attr *attr, struct task_struct *task)
{
	return in_task() && task->make_it_fail;
}

bool should_fail(struct fault_attr *attr, ssize_t size)
{
	unsigned long flags;
	bool fail = false;

	if (attr->probability == 0)
		return false;
	if (attr->task_filter && !fail_task(attr, current))
		return false;
	local_irq_save(flags);
	if (attr->times.counter == 0)
		goto out;
	if (attr->space.counter > size) {
		attr->space.counter -= size;
		goto out;
	}
	if (attr->interval > 1) {
		attr->count++;
		if (attr->count % attr->interval)
			goto out;
	}
	if (attr->probability <= prandom_u32() % 100)
		goto out;
	fail = true;
out:
	local_irq_restore(flags);
	if (!fail)
		return false;
	fail_dump(attr);	/* shows times before this failure, as 5.10 */
	local_irq_save(flags);
	if (attr->times.counter != -1 && attr->times.counter)
		attr->times.counter--;
	local_irq_restore(flags);
	return true;
}
EXPORT_SYMBOL_GPL(should_fail);

/*
 * debugfs number files, as 5.10's DEFINE_DEBUGFS_ATTRIBUTE ones: read
 * "%llu\n" (ulong, u32) or "%lld\n" (atomic_t), write kstrtoull.
 */
enum fault_num_kind { FN_ULONG, FN_U32, FN_ATOMIC };

struct fault_num {
	void *value;
	enum fault_num_kind kind;
};

static ssize_t fault_num_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	struct fault_num *a = f->f_inode->i_private;
	char tmp[32];
	int len;

	if (a->kind == FN_ULONG)
		len = snprintf(tmp, sizeof(tmp), "%llu\n", (unsigned long long)*(unsigned long *)a->value);
	else if (a->kind == FN_U32)
		len = snprintf(tmp, sizeof(tmp), "%llu\n", (unsigned long long)*(u32 *)a->value);
	else
		len = snprintf(tmp, sizeof(tmp), "%lld\n", (long long)((atomic_t *)a->value)->counter);
	return simple_read_from_buffer(buf, n, pos, tmp, len);
}

static ssize_t fault_num_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	struct fault_num *a = f->f_inode->i_private;
	char tmp[24];
	unsigned long long v;
	size_t c = min(n, sizeof(tmp) - 1);
	int err;

	if (copy_from_user(tmp, buf, c))
		return -EFAULT;
	tmp[c] = 0;
	err = kstrtoull(tmp, 0, &v);
	if (err)
		return err;
	if (a->kind == FN_ULONG)
		*(unsigned long *)a->value = v;
	else if (a->kind == FN_U32)
		*(u32 *)a->value = v;
	else
		((atomic_t *)a->value)->counter = (int)v;
	return n;
}

static const struct file_operations fault_num_fops = { .read = fault_num_read, .write = fault_num_write };

static void create_num(const char *name, struct dentry *dir, void *value, enum fault_num_kind kind)
{
	struct fault_num *a = kmalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return;
	a->value = value;
	a->kind = kind;
	if (IS_ERR(debugfs_create_file(name, S_IFREG | 0600, dir, a, &fault_num_fops)))
		kfree(a);
}

struct dentry *fault_create_debugfs_attr(const char *name, struct dentry *parent, struct fault_attr *attr)
{
	struct dentry *dir = debugfs_create_dir(name, parent);

	if (IS_ERR(dir))
		return dir;
	create_num("probability", dir, &attr->probability, FN_ULONG);
	create_num("interval", dir, &attr->interval, FN_ULONG);
	create_num("times", dir, &attr->times, FN_ATOMIC);
	create_num("space", dir, &attr->space, FN_ATOMIC);
	create_num("verbose", dir, &attr->verbose, FN_ULONG);
	create_num("verbose_ratelimit_interval_ms", dir, &attr->ratelimit_interval_ms, FN_U32);
	create_num("verbose_ratelimit_burst", dir, &attr->ratelimit_burst, FN_U32);
	debugfs_create_bool("task-filter", S_IFREG | 0600, dir, &attr->task_filter);
	return dir;
}
EXPORT_SYMBOL_GPL(fault_create_debugfs_attr);

/* /proc/<pid>/make-it-fail: 0 or 1, as fs/proc/base.c's proc_fault_inject_*. */
static ssize_t proc_fault_inject_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct task_struct *task = find_task_by_pid((long)file->f_inode->i_private);
	char buffer[16];
	int len;

	if (!task)
		return -ESRCH;
	len = snprintf(buffer, sizeof(buffer), "%i\n", task->make_it_fail);
	return simple_read_from_buffer(buf, count, ppos, buffer, len);
}

static ssize_t proc_fault_inject_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	struct task_struct *task;
	char buffer[16] = { 0 };
	int make_it_fail, rv;

	if (count > sizeof(buffer) - 1)
		count = sizeof(buffer) - 1;
	if (copy_from_user(buffer, buf, count))
		return -EFAULT;
	rv = kstrtoint(strim(buffer), 0, &make_it_fail);
	if (rv < 0)
		return rv;
	if (make_it_fail < 0 || make_it_fail > 1)
		return -EINVAL;
	task = find_task_by_pid((long)file->f_inode->i_private);
	if (!task)
		return -ESRCH;
	task->make_it_fail = make_it_fail;
	return count;
}

const struct file_operations proc_fault_inject_operations = {
	.read = proc_fault_inject_read,
	.write = proc_fault_inject_write,
};
#endif /* CONFIG_FAULT_INJECTION */
