/*
 * proc_fd.c: /proc/<pid>/fd and /proc/<pid>/fdinfo (Linux 5.10 fs/proc/fd.c).
 *
 * Both directories (dr-x------) list the task's open descriptors in
 * numeric order, read from its descriptor table at each readdir and
 * lookup: a name is only found while the descriptor is open (a decimal
 * number without leading zeros, name_to_int). Each entry is a dentry made
 * on first use under the directory and reused while the descriptor is
 * open; its inode's mode follows the file it names at every lookup
 * (tid_fd_update_inode). They go with the /proc/<pid> directory.
 *
 * fd/N is a magic link: lr-x------, l-wx------ or lrwx------ by the
 * file's open mode, size 64; readlink gives the file's path (file_path:
 * "/dev/console", "/tmp/x (deleted)", "pipe:[ino]"), and a walk through it
 * lands on the file's own dentry without resolving that text (jump_link,
 * as proc_fd_link's nd_jump_link), so open() makes a new file description
 * on the same inode (for a pipe the same pipe), stat() is the file's, and
 * linkat(AT_SYMLINK_FOLLOW) names it again.
 *
 * fdinfo/N (-r--------) is 5.10's seq_show: "pos:", "flags:" in octal
 * with O_CLOEXEC from the descriptor table, "mnt_id:" of the file's mount
 * (the "ino:" line came in 5.14).
 *
 * Locking: one CPU, no kernel preemption; the task and its table are
 * found again by pid at every call and nothing here sleeps in between.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include <linux/vfs.h>
#include <linux/ctype.h>

static const struct inode_operations proc_fd_inode_operations, proc_fdinfo_inode_operations;
static const struct inode_operations proc_fd_link_inode_operations;
static const struct file_operations proc_fdinfo_file_operations;

static long dir_pid(struct inode *i)
{
	return (long)i->i_private;
}

/* name_to_int: a descriptor number, or -1 */
static int name_to_fd(const char *name)
{
	int fd = 0;
	if (!*name || (name[0] == '0' && name[1]))
		return -1;
	for (; *name; name++) {
		if (!isdigit(*name) || fd >= NR_OPEN_DEFAULT)
			return -1;
		fd = fd * 10 + (*name - '0');
	}
	return fd < NR_OPEN_DEFAULT ? fd : -1;
}

/* the file behind descriptor fd of task pid, and whether it is close-on-exec */
static struct file *task_fd(long pid, int fd, bool *cloexec)
{
	struct task_struct *t = find_task_by_pid(pid);
	struct files_struct *fs = t ? t->files : NULL;
	if (!fs || fd < 0 || fd >= NR_OPEN_DEFAULT || !fs->fd[fd])
		return NULL;
	if (cloexec)
		*cloexec = (fs->close_on_exec >> fd) & 1;
	return fs->fd[fd];
}

static umode_t fd_link_mode(struct file *f)
{
	umode_t m = S_IFLNK;
	if (f->f_mode & FMODE_READ)
		m |= S_IRUSR | S_IXUSR;
	if (f->f_mode & FMODE_WRITE)
		m |= S_IWUSR | S_IXUSR;
	return m;
}

/* proc_fd_instantiate / proc_fdinfo_instantiate: the entry for an open fd, made or brought up to date */
static struct dentry *fd_entry(struct dentry *dir, int fd, struct file *f)
{
	bool info = dir->d_inode->i_op == &proc_fdinfo_inode_operations;
	char name[12];
	struct dentry *d;

	snprintf(name, sizeof(name), "%d", fd);
	d = d_lookup_child(dir, name);
	if (!d) {
		d = proc_create(name, info ? S_IFREG | S_IRUSR : S_IFLNK, dir, info ? &proc_fdinfo_file_operations : NULL);
		if (!d)
			return ERR_PTR(-ENOMEM);
		d->d_inode->i_private = dir->d_inode->i_private;
		if (!info) {
			d->d_inode->i_op = &proc_fd_link_inode_operations;
			d->d_inode->i_size = 64;
		}
	}
	if (!info)
		d->d_inode->i_mode = fd_link_mode(f);
	return d;
}

static struct dentry *proc_fd_lookup(struct inode *dir, struct dentry *parent, const char *name)
{
	int fd = name_to_fd(name);
	struct file *f = task_fd(dir_pid(dir), fd, NULL);
	return f ? fd_entry(parent, fd, f) : NULL;
}

/* proc_readfd_common: ".", "..", then the open descriptors; position fd + 2 */
static int proc_fd_iterate(struct inode *dir, struct dentry *d, struct dir_context *ctx)
{
	bool info = dir->i_op == &proc_fdinfo_inode_operations;
	if (!dir_emit_dots(dir, d->d_parent->d_inode->i_ino, ctx))
		return 0;
	for (int fd = ctx->pos - 2; fd < NR_OPEN_DEFAULT; fd++) {
		struct file *f = task_fd(dir_pid(dir), fd, NULL);
		struct dentry *e;
		char name[12];
		if (!f)
			continue;
		e = fd_entry(d, fd, f);
		if (IS_ERR(e))
			return PTR_ERR(e);
		snprintf(name, sizeof(name), "%d", fd);
		ctx->pos = fd + 2;
		if (ctx->actor(ctx, name, strlen(name), ctx->pos, e->d_inode->i_ino, info ? DT_REG : DT_LNK))
			return 0;
	}
	ctx->pos = NR_OPEN_DEFAULT + 2;
	return 0;
}

static const struct inode_operations proc_fd_inode_operations = {
	.lookup = proc_fd_lookup,
	.iterate = proc_fd_iterate,
};

static const struct inode_operations proc_fdinfo_inode_operations = {
	.lookup = proc_fd_lookup,
	.iterate = proc_fd_iterate,
};

static struct file *link_file(struct dentry *d)
{
	return task_fd(dir_pid(d->d_inode), name_to_fd(d->d_name), NULL);
}

/* proc_fd_link as readlink sees it: the file's path */
static const char *proc_fd_get_link(struct dentry *d, char *buf, size_t n)
{
	struct file *f = link_file(d);
	int r;
	if (!f)
		return ERR_PTR(-ENOENT);
	r = file_path(f, buf, n);
	return r < 0 ? ERR_PTR(-ENAMETOOLONG) : buf;
}

static struct dentry *proc_fd_jump_link(struct dentry *d)
{
	struct file *f = link_file(d);
	return f ? f->f_dentry : ERR_PTR(-ENOENT);
}

static const struct inode_operations proc_fd_link_inode_operations = {
	.get_link = proc_fd_get_link,
	.jump_link = proc_fd_jump_link,
};

/* fs/proc/fd.c seq_show */
static int fdinfo_show(struct seq_file *m, void *v)
{
	struct dentry *d = m->file->f_dentry;
	bool cloexec;
	struct file *f = task_fd(dir_pid(d->d_inode), name_to_fd(d->d_name), &cloexec);
	if (!f)
		return -ENOENT;
	seq_printf(m, "pos:\t%lli\nflags:\t0%o\nmnt_id:\t%i\n", (long long)f->f_pos,
		   f->f_flags | (cloexec ? O_CLOEXEC : 0), mnt_id_of_sb(f->f_dentry->d_sb));
	return 0;
}

static int fdinfo_open(struct inode *inode, struct file *file)
{
	return single_open(file, fdinfo_show, NULL);
}

static const struct file_operations proc_fdinfo_file_operations = {
	.open = fdinfo_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* the two directories of /proc/<pid> */
int proc_fd_dirs(struct dentry *piddir, long pid)
{
	static const struct { const char *name; const struct inode_operations *op; } dirs[] = {
		{ "fd", &proc_fd_inode_operations }, { "fdinfo", &proc_fdinfo_inode_operations },
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(dirs); i++) {
		struct dentry *d = proc_create(dirs[i].name, S_IFDIR | S_IRUSR | S_IXUSR, piddir, NULL);
		if (!d)
			return -ENOMEM;
		d->d_inode->i_op = dirs[i].op;
		d->d_inode->i_private = (void *)pid;
		d->d_inode->i_nlink = 2;
	}
	return 0;
}
