/*
 * devices.c: character devices and devtmpfs.
 *
 * devtmpfs holds console, tty, null, zero, full and kmsg with their Linux
 * device numbers; the kernel mounts it on /dev before starting init (as
 * with CONFIG_DEVTMPFS_MOUNT). /dev/kmsg reads one record per read() in
 * the "level,seq,usec,-;text" format and writes a message to the log.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/syslog.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/vfs.h>

extern struct super_block *devtmpfs_sb;
extern const struct file_operations tty_fops;
extern int tty_pgrp;
#define MKDEV(ma, mi) (((ma) << 8) | (mi))

static ssize_t null_read(struct file *f, char __user *b, size_t n, loff_t *p) { return 0; }
static ssize_t null_write(struct file *f, const char __user *b, size_t n, loff_t *p) { return n; }
/* as read_zero: a page at a time, stopping early for a signal */
static ssize_t zero_read(struct file *f, char __user *b, size_t n, loff_t *p)
{
	size_t done = 0;
	while (done < n) {
		size_t c = min(n - done, PAGE_SIZE);
		if (clear_user(b + done, c))
			return done ? (ssize_t)done : -EFAULT;
		done += c;
		if (done < n && signal_pending(current))
			break;
		cond_resched();
	}
	return done;
}
static ssize_t full_write(struct file *f, const char __user *b, size_t n, loff_t *p) { return -ENOSPC; }

static const struct file_operations null_fops = { .read = null_read, .write = null_write, .llseek = generic_file_llseek };
static const struct file_operations zero_fops = { .read = zero_read, .write = null_write, .llseek = generic_file_llseek };
static const struct file_operations full_fops = { .read = zero_read, .write = full_write, .llseek = generic_file_llseek };

struct kmsg_user { u64 seq; char buf[1100]; };
extern u64 clear_seq;

static int kmsg_open(struct inode *i, struct file *f)
{
	struct kmsg_user *u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u)
		return -ENOMEM;
	f->private_data = u;
	return 0;
}

static ssize_t kmsg_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	struct kmsg_user *u = f->private_data;
	ssize_t r;
	for (;;) {
		r = kmsg_read_record(&u->seq, u->buf, sizeof(u->buf));
		if (r != -EAGAIN)
			break;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (kmsg_wait(u->seq))
			return -ERESTARTSYS;	/* devkmsg_read: wait_event_interruptible's result */
	}
	if (r < 0)
		return r;
	if ((size_t)r > n)
		return -EINVAL;
	return copy_to_user(buf, u->buf, r) ? -EFAULT : r;
}

static ssize_t kmsg_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	char tmp[512];
	size_t c = min(n, sizeof(tmp) - 2);
	int level = 4, facility = 1;	/* default_message_loglevel, LOG_USER */
	char *text = tmp;
	if (copy_from_user(tmp, buf, c))
		return -EFAULT;
	tmp[c] = 0;
	if (tmp[0] == '<') {
		char *end;
		unsigned long prio = simple_strtoul(tmp + 1, &end, 10);
		if (*end == '>' && end > tmp + 1) {
			level = prio & 7;
			if (prio >> 3)
				facility = (prio >> 3) & 0x1f;	/* what the record's byte holds */
			text = end + 1;
		}
	}
	if (!c || tmp[c - 1] != '\n')
		strcat(tmp, "\n");
	devkmsg_emit(facility, level, text);
	return n;
}

static int kmsg_release(struct inode *i, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static loff_t kmsg_llseek(struct file *f, loff_t off, int whence)
{
	struct kmsg_user *u = f->private_data;
	if (off)
		return -ESPIPE;
	if (whence != 0 && whence != 2 && whence != 3)
		return -EINVAL;	/* only SEEK_SET, SEEK_END and SEEK_DATA (after what syslog's CLEAR cleared) */
	u->seq = whence == 0 ? 0 : clear_seq;
	if (whence == 2) {
		char tmp[8];
		u->seq = 0;
		while (kmsg_read_record(&u->seq, tmp, sizeof(tmp)) != -EAGAIN)
			;
	}
	return 0;
}

static const struct file_operations kmsg_fops = {
	.open = kmsg_open,
	.read = kmsg_read,
	.write = kmsg_write,
	.release = kmsg_release,
	.llseek = kmsg_llseek,
};

static void mkdev(const char *name, umode_t mode, dev_t dev, const struct file_operations *fops)
{
	struct inode *i = new_inode(devtmpfs_sb, S_IFCHR | mode);
	if (!i)
		return;
	i->i_rdev = dev;
	i->i_fop = fops;
	d_alloc(devtmpfs_sb->s_root, name, i);
}

static int __init devtmpfs_init(void)
{
	devtmpfs_sb = register_fs_instance("devtmpfs", 0x1021994, 0755);
	devtmpfs_sb->s_dev = "devtmpfs";
	mkdev("console", 0600, MKDEV(5, 1), &tty_fops);
	mkdev("tty", 0666, MKDEV(5, 0), &tty_fops);
	mkdev("ttyS0", 0660, MKDEV(4, 64), &tty_fops);
	mkdev("null", 0666, MKDEV(1, 3), &null_fops);
	mkdev("zero", 0666, MKDEV(1, 5), &zero_fops);
	mkdev("full", 0666, MKDEV(1, 7), &full_fops);
	mkdev("kmsg", 0644, MKDEV(1, 11), &kmsg_fops);
	return 0;
}
core_initcall(devtmpfs_init);

extern int console_sid;

/* Called by kernel_init before /init: /dev, then fds 0-2 on /dev/console. */
void devtmpfs_mount_and_console(void)
{
	struct dentry *d;
	struct file *f;
	if (!current->files)
		current->files = dup_files(NULL);
	if (!current->fs)
		current->fs = copy_fs(NULL);
	current->pgid = current->sid = current->pid;
	/* the session leader's first tty becomes its controlling terminal */
	tty_pgrp = current->pgid;
	console_sid = current->sid;
	if (path_lookup("/dev", true, &d) == -ENOENT) {
		root_dentry->d_inode->i_op->mkdir(root_dentry->d_inode, root_dentry, "dev", 0755);
		path_lookup("/dev", true, &d);
	}
	if (do_mount_fs("devtmpfs", "devtmpfs", d) == 0)
		pr_info("devtmpfs: mounted\n");
	if (path_lookup("/dev/console", true, &d) || vfs_open(d, O_RDWR, &f)) {
		pr_err("Warning: unable to open an initial console.\n");
		return;
	}
	fd_install_new(f);
	fget_file(f);
	fd_install_new(f);
	fget_file(f);
	fd_install_new(f);
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	if (!f->f_op || !f->f_op->unlocked_ioctl)
		return -ENOTTY;
	return f->f_op->unlocked_ioctl(f, cmd, arg);
}

static int syslog_copy(char *dst, const char *src, size_t n)
{
	return copy_to_user(dst, src, n) ? -EFAULT : 0;
}

SYSCALL_DEFINE3(syslog, int, type, char __user *, buf, int, len)
{
	return do_syslog(type, buf, len, syslog_copy);
}
