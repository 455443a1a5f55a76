/*
 * read_write.c: the file-descriptor system calls (open, read, write,
 * lseek, close, dup, getdents64, stat, mkdir, unlink, chdir, getcwd,
 * fcntl, access, readlink, mount, umount2).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/vfs.h>

int close_fd(int fd);
int dup_fd(int oldfd, int newfd, int flags, int minfd);
int ramfs_symlink(struct dentry *parent, const char *name, const char *target);
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* Copies a user path into buf (PATH_MAX); returns buf or ERR_PTR. */
char *getname(const char __user *u, char *buf)
{
	long n = strncpy_from_user(buf, u, PATH_MAX);
	if (n < 0)
		return ERR_PTR(n);
	if (n == PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	if (!n)
		return ERR_PTR(-ENOENT);
	return buf;
}

/* Looks up a user-supplied path: the common first step of the path system calls. */
int user_path_at(const char __user *upath, bool follow, struct dentry **d)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL), *path;
	int r;
	if (!buf)
		return -ENOMEM;
	path = getname(upath, buf);
	r = IS_ERR(path) ? PTR_ERR(path) : path_lookup(path, follow, d);
	kfree(buf);
	return r;
}

loff_t generic_file_llseek(struct file *f, loff_t off, int whence)
{
	loff_t pos;
	switch (whence) {
	case SEEK_SET: pos = off; break;
	case SEEK_CUR: pos = f->f_pos + off; break;
	case SEEK_END: pos = (f->f_inode ? f->f_inode->i_size : 0) + off; break;
	default: return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	f->f_pos = pos;
	return pos;
}
loff_t default_llseek(struct file *f, loff_t off, int whence) { return generic_file_llseek(f, off, whence); }
loff_t no_llseek(struct file *f, loff_t off, int whence) { return -ESPIPE; }

int simple_open(struct inode *inode, struct file *file)
{
	if (inode->i_private)
		file->private_data = inode->i_private;
	return 0;
}

int nonseekable_open(struct inode *inode, struct file *file)
{
	return 0;
}

ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos, const void *from, size_t available)
{
	loff_t pos = *ppos;
	size_t n;
	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= available || !count)
		return 0;
	n = min(count, available - (size_t)pos);
	if (copy_to_user(to, (const char *)from + pos, n))
		return -EFAULT;
	*ppos = pos + n;
	return n;
}

ssize_t simple_write_to_buffer(void *to, size_t available, loff_t *ppos, const void __user *from, size_t count)
{
	loff_t pos = *ppos;
	size_t n;
	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= available || !count)
		return 0;
	n = min(count, available - (size_t)pos);
	if (copy_from_user((char *)to + pos, from, n))
		return -EFAULT;
	*ppos = pos + n;
	return n;
}

/* MAX_RW_COUNT: the most one read or write transfers (INT_MAX rounded down to a page) */
#define MAX_RW_COUNT (INT_MAX & PAGE_MASK)

static noinline ssize_t vfs_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!current->kernel_ds && !access_ok(buf, n))
		return -EFAULT;
	n = min(n, (size_t)MAX_RW_COUNT);
	if (f->f_inode && S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	return f->f_op->read(f, buf, n, pos);
}

static noinline ssize_t vfs_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!current->kernel_ds && !access_ok(buf, n))
		return -EFAULT;
	n = min(n, (size_t)MAX_RW_COUNT);
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	return f->f_op->write(f, buf, n, pos);
}

ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t *pos)
{
	ssize_t r;
	current->kernel_ds++;
	r = vfs_read(f, buf, n, pos);
	current->kernel_ds--;
	return r;
}

ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	ssize_t r;
	current->kernel_ds++;
	r = vfs_write(f, buf, n, pos);
	current->kernel_ds--;
	return r;
}

noinline ssize_t ksys_read(unsigned int fd, char __user *buf, size_t count)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	return vfs_read(f, buf, count, &f->f_pos);
}

noinline ssize_t ksys_write(unsigned int fd, const char __user *buf, size_t count)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	return vfs_write(f, buf, count, &f->f_pos);
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	return ksys_read(fd, buf, count);
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	return ksys_write(fd, buf, count);
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf, size_t, count, loff_t, pos)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	return vfs_read(f, buf, count, &pos);
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, off_t, off, unsigned int, whence)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	if (f->f_op && f->f_op->llseek)
		return f->f_op->llseek(f, off, whence);
	return -ESPIPE;
}

static long do_open(int dfd, const char __user *upath, int flags, umode_t mode)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL), *path;
	struct dentry *d, *parent;
	struct file *f;
	const char *last;
	long r;

	if (!buf)
		return -ENOMEM;
	path = getname(upath, buf);
	if (IS_ERR(path)) {
		r = PTR_ERR(path);
		goto out;
	}
	r = path_lookup(path, true, &d);
	if (r == -ENOENT && (flags & O_CREAT)) {
		r = path_parent(path, &parent, &last);
		if (r)
			goto out;
		if (!*last) {
			r = -EISDIR;
			goto out;
		}
		if (!parent->d_inode->i_op || !parent->d_inode->i_op->create) {
			r = -EACCES;
			goto out;
		}
		r = parent->d_inode->i_op->create(parent->d_inode, parent, last, mode & ~current->umask, &d);
		if (r)
			goto out;
	} else if (r) {
		goto out;
	} else if ((flags & O_CREAT) && (flags & O_EXCL)) {
		r = -EEXIST;
		goto out;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(d->d_inode->i_mode)) {
		r = -ENOTDIR;
		goto out;
	}
	if (S_ISDIR(d->d_inode->i_mode) && (flags & O_ACCMODE) != O_RDONLY) {
		r = -EISDIR;
		goto out;
	}
	r = vfs_open(d, flags, &f);
	if (r)
		goto out;
	r = fd_install_flags(f, flags);
out:
	kfree(buf);
	return r;
}

/* force_o_largefile: every open(2) on x86-64 is O_LARGEFILE, and F_GETFL says so */
SYSCALL_DEFINE3(open, const char __user *, path, int, flags, umode_t, mode)
{
	return do_open(AT_FDCWD, path, flags | O_LARGEFILE, mode);
}

/* The *at calls: relative names from dfd for the length of the call. */
#define AT_CALL(dfd, call) ({ long __r; set_at_dfd(dfd); __r = (call); clear_at_dfd(); __r; })

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, path, int, flags, umode_t, mode)
{
	return AT_CALL(dfd, do_open(dfd, path, flags | O_LARGEFILE, mode));
}

SYSCALL_DEFINE2(creat, const char __user *, path, umode_t, mode)
{
	return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC | O_LARGEFILE, mode);
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	return close_fd(fd);
}

SYSCALL_DEFINE1(dup, unsigned int, fd)
{
	return dup_fd(fd, -1, 0, 0);
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	if (newfd >= NR_OPEN_DEFAULT)	/* RLIMIT_NOFILE */
		return -EBADF;
	if (oldfd == newfd)
		return fget(oldfd) ? (long)newfd : -EBADF;
	return dup_fd(oldfd, newfd, 0, 0);
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (newfd >= NR_OPEN_DEFAULT)
		return -EBADF;
	if (oldfd == newfd)
		return -EINVAL;
	return dup_fd(oldfd, newfd, flags, 0);
}

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		/* f_dupfd(unsigned int from): the low 32 bits, below RLIMIT_NOFILE */
		if ((unsigned int)arg >= NR_OPEN_DEFAULT)
			return -EINVAL;
		return dup_fd(fd, -1, cmd == F_DUPFD ? 0 : O_CLOEXEC, (unsigned int)arg);
	case F_GETFD:
		return (current->files->close_on_exec >> fd) & 1;
	case F_SETFD:
		if (arg & 1)
			current->files->close_on_exec |= 1UL << fd;
		else
			current->files->close_on_exec &= ~(1UL << fd);
		return 0;
	case F_GETFL:
		return f->f_flags;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~(O_APPEND | O_NONBLOCK)) | (arg & (O_APPEND | O_NONBLOCK));
		return 0;
	}
	return -EINVAL;
}

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

struct getdents_ctx {
	struct dir_context ctx;
	char __user *buf;
	int count, used, error;
};

static int filldir64(struct dir_context *c, const char *name, int len, loff_t pos, u64 ino, unsigned type)
{
	struct getdents_ctx *g = container_of(c, struct getdents_ctx, ctx);
	char tmp[sizeof(struct linux_dirent64) + NAME_MAX + 8] __aligned(8);	/* de points into it */
	struct linux_dirent64 *de = (void *)tmp;
	int reclen = ALIGN(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
	if (g->used + reclen > g->count) {
		if (!g->used)
			g->error = -EINVAL;
		return 1;
	}
	memset(tmp, 0, reclen);
	de->d_ino = ino;
	de->d_off = pos + 1;
	de->d_reclen = reclen;
	de->d_type = type;
	memcpy(de->d_name, name, len);
	if (copy_to_user(g->buf + g->used, tmp, reclen)) {
		g->error = -EFAULT;
		return 1;
	}
	g->used += reclen;
	return 0;
}

SYSCALL_DEFINE3(getdents64, unsigned int, fd, void __user *, dirent, unsigned int, count)
{
	struct file *f = fget(fd);
	struct getdents_ctx g = { { filldir64, 0 }, dirent, count, 0, 0 };
	struct inode *i;
	if (!f)
		return -EBADF;
	i = f->f_inode;
	if (!i || !S_ISDIR(i->i_mode))
		return -ENOTDIR;
	g.ctx.pos = f->f_pos;
	if (i->i_op && i->i_op->iterate)
		i->i_op->iterate(i, f->f_dentry, &g.ctx);
	else
		dcache_readdir(i, f->f_dentry, &g.ctx);
	f->f_pos = g.ctx.pos;
	return g.used ? g.used : g.error;
}

struct stat {
	unsigned long st_dev, st_ino, st_nlink;
	unsigned int st_mode, st_uid, st_gid, __pad0;
	unsigned long st_rdev;
	long st_size, st_blksize, st_blocks;
	unsigned long st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	long __unused[3];
};

static int fill_stat(struct inode *i, struct stat __user *u)
{
	struct stat st;
	memset(&st, 0, sizeof(st));
	/* new_encode_dev(MKDEV(0, minor)) */
	st.st_dev = i->i_sb ? (i->i_sb->s_minor & 0xff) | ((i->i_sb->s_minor & ~0xffUL) << 12) : 0;
	st.st_ino = i->i_ino;
	st.st_nlink = i->i_nlink;
	st.st_mode = i->i_mode;
	st.st_rdev = i->i_rdev;
	st.st_size = i->i_size;
	st.st_blksize = 4096;
	st.st_blocks = i->i_sb == proc_sb ? 0 : (i->i_size + 511) / 512;	/* proc inodes have no blocks */
	st.st_mtime = st.st_atime = st.st_ctime = i->i_mtime;
	return copy_to_user(u, &st, sizeof(st)) ? -EFAULT : 0;
}

static long stat_path(const char __user *upath, struct stat __user *u, bool follow)
{
	struct dentry *d;
	long r = user_path_at(upath, follow, &d);
	return r ? r : fill_stat(d->d_inode, u);
}

SYSCALL_DEFINE2(newstat, const char __user *, path, struct stat __user *, st)
{
	return stat_path(path, st, true);
}

SYSCALL_DEFINE2(newlstat, const char __user *, path, struct stat __user *, st)
{
	return stat_path(path, st, false);
}

static long do_fstat(unsigned int fd, struct stat __user *st)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	return fill_stat(f->f_inode, st);
}

SYSCALL_DEFINE2(newfstat, unsigned int, fd, struct stat __user *, st)
{
	return do_fstat(fd, st);
}

#define AT_NO_AUTOMOUNT 0x800

/* vfs_fstatat: AT_EMPTY_PATH with "" is fstat(dfd) (the cwd for AT_FDCWD) */
SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, path, struct stat __user *, st, int, flags)
{
	char c;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && !get_user(c, path) && !c) {
		if (dfd == AT_FDCWD)
			return fill_stat(current->fs->pwd->d_inode, st);
		return do_fstat(dfd, st);
	}
	return AT_CALL(dfd, stat_path(path, st, !(flags & AT_SYMLINK_NOFOLLOW)));
}

static long do_faccessat(int dfd, const char __user *upath, int mode)
{
	struct dentry *d;
	long r;
	if (mode & ~7)
		return -EINVAL;
	r = AT_CALL(dfd, user_path_at(upath, true, &d));
	if (!r && (mode & 1) && !(d->d_inode->i_mode & 0111))
		r = -EACCES;
	return r;
}

SYSCALL_DEFINE2(access, const char __user *, upath, int, mode)
{
	return do_faccessat(AT_FDCWD, upath, mode);
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, upath, int, mode)
{
	return do_faccessat(dfd, upath, mode);
}

static long do_mkdir(const char __user *upath, umode_t mode)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL), *path;
	struct dentry *parent, *d;
	const char *last;
	long r;
	if (!buf)
		return -ENOMEM;
	path = getname(upath, buf);
	r = IS_ERR(path) ? PTR_ERR(path) : 0;
	if (!r && path_lookup(path, false, &d) == 0)
		r = -EEXIST;
	if (!r)
		r = path_parent(path, &parent, &last);
	if (!r) {
		if (!parent->d_inode->i_op || !parent->d_inode->i_op->mkdir)
			r = -EPERM;
		else
			r = parent->d_inode->i_op->mkdir(parent->d_inode, parent, last, mode & ~current->umask);
	}
	kfree(buf);
	return r;
}

SYSCALL_DEFINE2(mkdir, const char __user *, path, umode_t, mode)
{
	return do_mkdir(path, mode);
}

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, path, umode_t, mode)
{
	return AT_CALL(dfd, do_mkdir(path, mode));
}

static long do_unlink(const char __user *upath, bool dir)
{
	struct dentry *d;
	long r = user_path_at(upath, false, &d);
	if (!r) {
		struct inode *pi = d->d_parent->d_inode;
		if (dir && !S_ISDIR(d->d_inode->i_mode))
			r = -ENOTDIR;
		else if (!dir && S_ISDIR(d->d_inode->i_mode))
			r = -EISDIR;
		else if (d->d_mounted || d == d->d_parent)
			r = -EBUSY;
		else if (!pi->i_op || !(dir ? pi->i_op->rmdir : pi->i_op->unlink))
			r = -EPERM;
		else
			r = dir ? pi->i_op->rmdir(pi, d) : pi->i_op->unlink(pi, d);
	}
	return r;
}

SYSCALL_DEFINE1(unlink, const char __user *, path)
{
	return do_unlink(path, false);
}

SYSCALL_DEFINE1(rmdir, const char __user *, path)
{
	return do_unlink(path, true);
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, path, int, flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return AT_CALL(dfd, do_unlink(path, flags & AT_REMOVEDIR));
}

static long do_symlinkat(const char __user *utarget, int newdfd, const char __user *ulink);

SYSCALL_DEFINE2(symlink, const char __user *, utarget, const char __user *, ulink)
{
	return do_symlinkat(utarget, AT_FDCWD, ulink);
}

SYSCALL_DEFINE3(symlinkat, const char __user *, utarget, int, newdfd, const char __user *, ulink)
{
	return do_symlinkat(utarget, newdfd, ulink);
}

static long do_symlinkat(const char __user *utarget, int newdfd, const char __user *ulink)
{
	char *t = kmalloc(PATH_MAX, GFP_KERNEL), *l = kmalloc(PATH_MAX, GFP_KERNEL);
	struct dentry *parent;
	const char *last;
	long r = -ENOMEM;
	if (t && l) {
		char *tp = getname(utarget, t), *lp = getname(ulink, l);
		r = IS_ERR(tp) ? PTR_ERR(tp) : IS_ERR(lp) ? PTR_ERR(lp) : AT_CALL(newdfd, path_parent(lp, &parent, &last));
		if (!r)
			r = parent->d_sb->s_magic == RAMFS_MAGIC ? ramfs_symlink(parent, last, tp) : -EPERM;
	}
	kfree(t);
	kfree(l);
	return r;
}

static long do_readlinkat(int dfd, const char __user *upath, char __user *ubuf, int size);

SYSCALL_DEFINE3(readlink, const char __user *, upath, char __user *, ubuf, int, size)
{
	return do_readlinkat(AT_FDCWD, upath, ubuf, size);
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, upath, char __user *, ubuf, int, size)
{
	return do_readlinkat(dfd, upath, ubuf, size);
}

static long do_readlinkat(int dfd, const char __user *upath, char __user *ubuf, int size)
{
	char tmp[256];
	struct dentry *d;
	long r;
	if (size <= 0)
		return -EINVAL;
	r = AT_CALL(dfd, user_path_at(upath, false, &d));
	if (!r) {
		if (!S_ISLNK(d->d_inode->i_mode) || !d->d_inode->i_op || !d->d_inode->i_op->get_link) {
			r = -EINVAL;
		} else {
			const char *s = d->d_inode->i_op->get_link(d, tmp, sizeof(tmp));
			r = IS_ERR(s) ? PTR_ERR(s) : min((int)strlen(s), size);
			if (r > 0 && copy_to_user(ubuf, s, r))
				r = -EFAULT;
		}
	}
	return r;
}

static void set_fs_pwd(struct dentry *d)
{
	dget(d);
	dput(current->fs->pwd);
	current->fs->pwd = d;
}

SYSCALL_DEFINE1(chdir, const char __user *, upath)
{
	struct dentry *d;
	long r = user_path_at(upath, true, &d);
	if (!r && !S_ISDIR(d->d_inode->i_mode))
		r = -ENOTDIR;
	if (!r)
		set_fs_pwd(d);
	return r;
}

SYSCALL_DEFINE1(fchdir, unsigned int, fd)
{
	struct dentry *d;
	long r = dfd_dir(fd, &d);
	if (!r)
		set_fs_pwd(d);
	return r;
}

/* As Linux: a working directory that was removed has no path (ENOENT). */
SYSCALL_DEFINE2(getcwd, char __user *, ubuf, unsigned long, size)
{
	char *buf;
	long r;
	if (current->fs->pwd->d_unlinked)
		return -ENOENT;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	r = d_path(current->fs->pwd, buf, PATH_MAX);
	if (r > 0 && (unsigned long)r > size)
		r = -ERANGE;
	if (r > 0 && copy_to_user(ubuf, buf, r))
		r = -EFAULT;
	kfree(buf);
	return r;
}

SYSCALL_DEFINE1(umask, int, mask)
{
	unsigned int old = current->umask;
	current->umask = mask & 0777;
	return old;
}

static void chmod_common(struct inode *i, umode_t mode)
{
	i->i_mode = (i->i_mode & S_IFMT) | (mode & 07777);
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, path, umode_t, mode)
{
	struct dentry *d;
	long r = AT_CALL(dfd, user_path_at(path, true, &d));
	if (!r)
		chmod_common(d->d_inode, mode);
	return r;
}

SYSCALL_DEFINE2(chmod, const char __user *, path, umode_t, mode)
{
	return __do_sys_fchmodat(AT_FDCWD, path, mode);
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, umode_t, mode)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	chmod_common(f->f_inode, mode);
	return 0;
}

/*
 * utimensat(2) for what ramfs keeps, the modification time in seconds:
 * times NULL or UTIME_NOW is now, UTIME_OMIT leaves it; a NULL path is the
 * descriptor's file (futimens). Relative paths are from dfd (AT_FDCWD:
 * the cwd), as every *at call's.
 */
#define UTIME_NOW	((1L << 30) - 1)
#define UTIME_OMIT	((1L << 30) - 2)
#define AT_FDCWD_	-100
#define AT_SYMLINK_NOFOLLOW_ 0x100
struct kernel_timespec_ { long tv_sec, tv_nsec; };

SYSCALL_DEFINE4(utimensat, int, dfd, const char __user *, path, struct kernel_timespec_ __user *, utimes, int, flags)
{
	struct kernel_timespec_ t[2];
	struct inode *inode;
	struct dentry *d;
	long r;

	if (flags & ~AT_SYMLINK_NOFOLLOW_)
		return -EINVAL;
	if (utimes && copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	if (utimes && ((t[1].tv_nsec != UTIME_NOW && t[1].tv_nsec != UTIME_OMIT && (unsigned long)t[1].tv_nsec >= 1000000000UL) ||
		       (t[0].tv_nsec != UTIME_NOW && t[0].tv_nsec != UTIME_OMIT && (unsigned long)t[0].tv_nsec >= 1000000000UL)))
		return -EINVAL;
	if (!path) {
		struct file *f = fget(dfd);
		if (!f || !f->f_inode)
			return -EBADF;
		inode = f->f_inode;
	} else {
		r = AT_CALL(dfd, user_path_at(path, !(flags & AT_SYMLINK_NOFOLLOW_), &d));
		if (r)
			return r;
		inode = d->d_inode;
	}
	if (!utimes || t[1].tv_nsec == UTIME_NOW)
		inode->i_mtime = ktime_get_real_seconds();
	else if (t[1].tv_nsec != UTIME_OMIT)
		inode->i_mtime = t[1].tv_sec;
	return 0;
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, unsigned long, len)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	if (!f->f_inode || !S_ISREG(f->f_inode->i_mode))
		return -EINVAL;
	if ((loff_t)len < f->f_inode->i_size)
		f->f_inode->i_size = len;
	return 0;
}

SYSCALL_DEFINE0(sync)
{
	return 0;
}

SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	return fget(fd) ? 0 : -EBADF;
}
