/*
 * pipe.c: pipes. A 16 KiB ring shared by a read and a write end. Readers
 * sleep while it is empty and writers exist; writers sleep while it is
 * full and readers exist; writing with no reader gives SIGPIPE + -EPIPE.
 * With O_NONBLOCK neither sleeps: -EAGAIN instead (or the part done).
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

static int pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = f->private_data;
	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	wake_up(&p->wait);
	if (!p->readers && !p->writers) {
		kfree(p->buf);
		kfree(p);
	}
	return 0;
}

/* init_pipe_fs: pipes have no inode here, but their filesystem has a device number for fstat */
struct super_block *pipefs_sb;
static int __init init_pipe_fs(void)
{
	pipefs_sb = register_fs_instance("pipefs", 0x50495045, 0600);
	return 0;
}
fs_initcall(init_pipe_fs);

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.release = pipe_release,
	.llseek = no_llseek,
};

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
	r = alloc_file(NULL, O_RDONLY | (flags & (O_CLOEXEC | O_NONBLOCK)), &pipe_fops);
	w = alloc_file(NULL, O_WRONLY | (flags & (O_CLOEXEC | O_NONBLOCK)), &pipe_fops);
	if (!p->buf || !r || !w) {
		kfree(p->buf);
		kfree(p);
		kfree(r);
		kfree(w);
		return -ENOMEM;
	}
	init_waitqueue_head(&p->wait);
	p->readers = p->writers = 1;
	r->private_data = w->private_data = p;
	fd[0] = fd_install_new(r);
	if (fd[0] < 0) {
		fput(w);
		return fd[0];
	}
	fd[1] = fd_install_new(w);
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
