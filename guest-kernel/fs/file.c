/*
 * file.c: open files and descriptor tables.
 *
 * A struct file is shared by dup'ed descriptors and across fork (f_count);
 * its release op runs when the last reference goes. Descriptor tables are
 * copied on fork and are never shared (no CLONE_FILES).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/vfs.h>

struct file *alloc_file(struct dentry *d, unsigned int flags, const struct file_operations *fops)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return NULL;
	f->f_dentry = d;
	f->f_inode = d ? d->d_inode : NULL;
	f->f_op = fops;
	f->f_flags = flags;
	f->f_mode = ((flags & O_ACCMODE) != O_WRONLY ? FMODE_READ : 0) | ((flags & O_ACCMODE) != O_RDONLY ? FMODE_WRITE : 0);
	f->f_count = 1;
	if (d)
		dget(d);
	return f;
}

/*
 * do_dentry_open: O_CLOEXEC belongs to the descriptor (fd_install_flags),
 * not the file; what only the open itself needs (O_CREAT, O_EXCL, O_NOCTTY,
 * O_TRUNC) is gone from f_flags once ->open has run, so F_GETFL and
 * /proc/<pid>/fdinfo show what Linux's do: the access mode, O_LARGEFILE
 * (open(2) adds it on 64-bit), O_APPEND, O_NONBLOCK, O_DIRECTORY.
 */
int vfs_open(struct dentry *d, unsigned int flags, struct file **out)
{
	struct inode *i = d->d_inode;
	struct file *f;
	int r = 0;
	dget(d);	/* d may be only a file's (a pipe's, reached through /proc/<pid>/fd) while we allocate */
	f = alloc_file(d, flags & ~O_CLOEXEC, i->i_fop);
	dput(d);
	if (!f)
		return -ENOMEM;
	if (f->f_op && f->f_op->open)
		r = f->f_op->open(i, f);
	if (r) {
		dput(d);
		kfree(f);
		return r;
	}
	f->f_flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	*out = f;
	return 0;
}

void fget_file(struct file *f)
{
	f->f_count++;
}

void fput(struct file *f)
{
	if (--f->f_count > 0)
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	if (f->f_dentry)
		dput(f->f_dentry);
	kfree(f);
}

struct file *fget(int fd)
{
	struct files_struct *fs = current->files;
	if (!fs || fd < 0 || fd >= NR_OPEN_DEFAULT)
		return NULL;
	return fs->fd[fd];
}

static int alloc_fd_from(int start)
{
	struct files_struct *fs = current->files;
	for (int fd = start; fd < NR_OPEN_DEFAULT; fd++)
		if (!fs->fd[fd])
			return fd;
	return -EMFILE;
}

int get_unused_fd(void)
{
	return alloc_fd_from(0);
}

int fd_install_flags(struct file *f, unsigned int flags)
{
	int fd = get_unused_fd();
	if (fd < 0) {
		fput(f);
		return fd;
	}
	current->files->fd[fd] = f;
	current->files->close_on_exec &= ~(1UL << fd);
	if (flags & O_CLOEXEC)
		current->files->close_on_exec |= 1UL << fd;
	return fd;
}

int fd_install_new(struct file *f)
{
	return fd_install_flags(f, 0);
}

int close_fd(int fd)
{
	struct files_struct *fs = current->files;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	fs->fd[fd] = NULL;
	fs->close_on_exec &= ~(1UL << fd);
	fput(f);
	return 0;
}

int dup_fd(int oldfd, int newfd, int flags, int minfd)
{
	struct files_struct *fs = current->files;
	struct file *f = fget(oldfd);
	if (!f)
		return -EBADF;
	if (newfd < 0) {
		if (minfd < 0 || minfd >= NR_OPEN_DEFAULT)
			return -EINVAL;
		newfd = alloc_fd_from(minfd);
		if (newfd < 0)
			return newfd;
	} else {
		if (newfd >= NR_OPEN_DEFAULT)
			return -EBADF;
		if (newfd == oldfd)
			return newfd;
		if (fs->fd[newfd])
			close_fd(newfd);
	}
	fget_file(f);
	fs->fd[newfd] = f;
	fs->close_on_exec &= ~(1UL << newfd);
	if (flags & O_CLOEXEC)
		fs->close_on_exec |= 1UL << newfd;
	return newfd;
}

struct files_struct *dup_files(struct files_struct *old)
{
	struct files_struct *n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return NULL;
	n->count = 1;
	if (old) {
		for (int i = 0; i < NR_OPEN_DEFAULT; i++)
			if ((n->fd[i] = old->fd[i]))
				fget_file(n->fd[i]);
		n->close_on_exec = old->close_on_exec;
	}
	return n;
}

void close_on_exec(struct files_struct *fs)
{
	for (int i = 0; i < NR_OPEN_DEFAULT; i++)
		if ((fs->close_on_exec >> i) & 1 && fs->fd[i]) {
			fput(fs->fd[i]);
			fs->fd[i] = NULL;
		}
	fs->close_on_exec = 0;
}

void exit_files(struct task_struct *t)
{
	struct files_struct *fs = t->files;
	if (!fs)
		return;
	t->files = NULL;
	for (int i = 0; i < NR_OPEN_DEFAULT; i++)
		if (fs->fd[i])
			fput(fs->fd[i]);
	kfree(fs);
}

struct fs_struct *copy_fs(struct fs_struct *old)
{
	struct fs_struct *n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return NULL;
	n->root = old ? old->root : root_dentry;
	n->pwd = old ? old->pwd : root_dentry;
	dget(n->root);
	dget(n->pwd);
	return n;
}

void exit_fs(struct task_struct *t)
{
	struct fs_struct *fs = t->fs;
	if (!fs)
		return;
	t->fs = NULL;
	dput(fs->root);
	dput(fs->pwd);
	kfree(fs);
}

ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t *pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos);
