/*
 * pipe.c: pipes. A 16 KiB ring shared by a read and a write end. Readers
 * sleep while it is empty and writers exist; writers sleep while it is
 * full and readers exist; writing with no reader gives SIGPIPE + -EPIPE.
 * With O_NONBLOCK neither sleeps: -EAGAIN instead (or the part done).
 *
 * Each pipe is an inode of pipefs (S_IFIFO 0600, fstat's st_ino) with one
 * dentry outside any tree, held by the pipe's files and named
 * "pipe:[ino]" (pipefs_dname, what /proc/<pid>/fd shows). Opened again
 * through /proc/<pid>/fd/N it is the same pipe (fifo_open: one more end,
 * O_RDWR both, no waiting for a partner). The ring goes with the last end.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/vfs.h>

#define PIPE_SIZE 16384
#define O_DIRECT 00040000
int close_fd(int fd);
struct pipe_inode_info {
	char *buf;
	unsigned int head, len;
	int readers, writers;
	struct wait_queue_head wait;
};

static ssize_t pipe_read(struct file *f, char __user *ubuf, size_t n, loff_t *pos)
{
	struct pipe_inode_info *p = f->private_data;
	size_t done = 0;
	if (!n)
		return 0;
	if (!p->len && p->writers && (f->f_flags & O_NONBLOCK))
		return -EAGAIN;
	if (wait_event_interruptible(p->wait, p->len || !p->writers))
		return -ERESTARTSYS;
	while (done < n && p->len) {
		size_t c = min3_(n - done, (size_t)p->len, (size_t)(PIPE_SIZE - p->head));
		if (copy_to_user(ubuf + done, p->buf + p->head, c))
			return done ? (ssize_t)done : -EFAULT;
		p->head = (p->head + c) % PIPE_SIZE;
		p->len -= c;
		done += c;
	}
	wake_up(&p->wait);
	return done;
}

static ssize_t pipe_write(struct file *f, const char __user *ubuf, size_t n, loff_t *pos)
{
	struct pipe_inode_info *p = f->private_data;
	size_t done = 0;
	while (done < n) {
		size_t tail, c;
		if (!p->readers) {
			send_sig(SIGPIPE, current, 0);
			return done ? (ssize_t)done : -EPIPE;
		}
		if (p->len == PIPE_SIZE) {
			wake_up(&p->wait);
			if (f->f_flags & O_NONBLOCK)
				return done ? (ssize_t)done : -EAGAIN;
			if (wait_event_interruptible(p->wait, p->len < PIPE_SIZE || !p->readers))
				return done ? (ssize_t)done : -ERESTARTSYS;
			continue;
		}
		tail = (p->head + p->len) % PIPE_SIZE;
		c = min3_(n - done, (size_t)(PIPE_SIZE - p->len), (size_t)(PIPE_SIZE - tail));
		if (copy_from_user(p->buf + tail, ubuf + done, c))
			return done ? (ssize_t)done : -EFAULT;
		p->len += c;
		done += c;
	}
	wake_up(&p->wait);
	return done;
}

/* An end goes: the ring with the last one (put_pipe_info), and the inode no longer leads to it. */
static void pipe_put_end(struct inode *inode, struct pipe_inode_info *p, unsigned int mode)
{
	if (mode & FMODE_READ)
		p->readers--;
	if (mode & FMODE_WRITE)
		p->writers--;
	wake_up(&p->wait);
	if (!p->readers && !p->writers) {
		inode->i_private = NULL;
		kfree(p->buf);
		kfree(p);
	}
}

static int pipe_release(struct inode *inode, struct file *f)
{
	pipe_put_end(inode, f->private_data, f->f_mode);
	return 0;
}

/*
 * fifo_open for a pipe's inode, reached through /proc/<pid>/fd: one more
 * end of the same pipe. A pipe (unlike a named FIFO) never waits for a
 * partner and never refuses a non-blocking writer (fifo_open's is_pipe).
 */
static int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = inode->i_private;

	if (!p)
		return -ENXIO;
	f->private_data = p;
	if (f->f_mode & FMODE_READ)
		p->readers++;
	if (f->f_mode & FMODE_WRITE)
		p->writers++;
	wake_up(&p->wait);
	return 0;
}

/* pipefs_dname */
static int pipefs_dname(struct dentry *d, char *buf, int len)
{
	int n = snprintf(buf, len, "pipe:[%lu]", d->d_inode->i_ino);
	return n < len ? n + 1 : -ENAMETOOLONG;
}

/* init_pipe_fs: the instance and its internal mount (kern_mount), for st_dev and fdinfo's mnt_id */
struct super_block *pipefs_sb;
int kern_mount_id(struct super_block *sb);
static int __init init_pipe_fs(void)
{
	pipefs_sb = register_fs_instance("pipefs", 0x50495045, 0600);
	pipefs_sb->s_d_dname = pipefs_dname;
	kern_mount_id(pipefs_sb);
	return 0;
}
fs_initcall(init_pipe_fs);

static const struct file_operations pipe_fops = {
	.open = fifo_open,
	.read = pipe_read,
	.write = pipe_write,
	.release = pipe_release,
	.llseek = no_llseek,
};

/* create_pipe_files: the inode, its dentry, a read and a write file on them */
static int create_pipe_files(struct pipe_inode_info *p, int flags, struct file **rp, struct file **wp)
{
	struct inode *i = new_inode(pipefs_sb, S_IFIFO | 0600);
	struct dentry *d;
	struct file *r, *w;

	if (!i)
		return -ENOMEM;
	i->i_fop = &pipe_fops;
	d = d_alloc(NULL, "", i);
	if (!d)
		return -ENOMEM;
	r = alloc_file(d, O_RDONLY | (flags & O_NONBLOCK), &pipe_fops);
	w = r ? alloc_file(d, O_WRONLY | (flags & O_NONBLOCK), &pipe_fops) : NULL;
	if (!w) {
		if (r) {
			dput(d);
			kfree(r);
		}
		dput(d);
		return -ENOMEM;
	}
	dput(d);	/* the files' references keep it */
	i->i_private = p;
	r->private_data = w->private_data = p;
	*rp = r;
	*wp = w;
	return 0;
}

static long do_pipe2(int __user *fds, int flags)
{
	struct pipe_inode_info *p = kzalloc(sizeof(*p), GFP_KERNEL);
	struct file *r, *w;
	int fd[2];
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) {
		kfree(p);
		return -EINVAL;
	}
	if (!p)
		return -ENOMEM;
	p->buf = kmalloc(PIPE_SIZE, GFP_KERNEL);
	if (!p->buf || create_pipe_files(p, flags, &r, &w)) {
		kfree(p->buf);
		kfree(p);
		return -ENOMEM;
	}
	init_waitqueue_head(&p->wait);
	p->readers = p->writers = 1;
	fd[0] = fd_install_flags(r, flags);
	if (fd[0] < 0) {
		fput(w);
		return fd[0];
	}
	fd[1] = fd_install_flags(w, flags);
	if (fd[1] < 0) {
		current->files->fd[fd[0]] = NULL;
		fput(r);
		return fd[1];
	}
	if (copy_to_user(fds, fd, sizeof(fd))) {
		close_fd(fd[0]);
		close_fd(fd[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE1(pipe, int __user *, fds)
{
	return do_pipe2(fds, 0);
}

SYSCALL_DEFINE2(pipe2, int __user *, fds, int, flags)
{
	return do_pipe2(fds, flags);
}
