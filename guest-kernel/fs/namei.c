/*
 * namei.c: inodes, dentries, mounts and path lookup.
 *
 * All filesystems keep their trees in memory, so a dentry lives as long
 * as its file does (d_count counts opens and cwd/root users; unlinked or
 * dynamic dentries are freed when it drops to zero). path_lookup walks
 * component by component from the root or the cwd, crossing mounts
 * (d_mounted) downward and, for "..", mount roots (d_mountpoint) upward,
 * following symlinks up to 8 deep. A relative path starts at the cwd, or,
 * in an *at call (set_at_dfd for the length of the call), at the directory
 * its descriptor names: EBADF if it names none, ENOTDIR if not a directory,
 * looked at only when a relative path needs it, as path_init does.
 * rename(2) and link(2) follow fs/namei.c's do_renameat2 and do_linkat:
 * both parents first (EXDEV when they are on different filesystems, before
 * either name is looked up), then the names without crossing a mount on
 * them (a mount point is EBUSY), then the checks in Linux's order.
 * Locking: none beyond the big kernel rule that tasks are not preempted
 * in the kernel; no VFS function sleeps while holding a pointer it did
 * not dget.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/sched.h>
#include <linux/vfs.h>
#include <linux/export.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>

struct dentry *root_dentry;
static unsigned long next_ino = 1;

struct inode *new_inode(struct super_block *sb, umode_t mode)
{
	struct inode *i = kzalloc(sizeof(*i), GFP_KERNEL);
	if (!i)
		return NULL;
	i->i_mode = mode;
	i->i_nlink = 1;
	i->i_ino = next_ino++;
	i->i_sb = sb;
	i->i_count = 1;
	i->i_mtime = ktime_get_real_seconds();
	INIT_LIST_HEAD(&i->i_children);
	mutex_init(&i->i_mutex);
	return i;
}

/* Drops a reference to an inode; the last one frees it and its data. */
void iput(struct inode *i)
{
	if (i && --i->i_count == 0) {
		kvfree(i->i_data);
		kfree(i);
	}
}

/*
 * A dentry for name in parent, holding inode's reference. On failure
 * (NULL: no memory) that reference is dropped, so a caller that made a
 * fresh inode for it has nothing to undo.
 */
struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *inode)
{
	struct dentry *d = kzalloc(sizeof(*d), GFP_KERNEL);
	size_t len = strlen(name);
	if (!d) {
		iput(inode);
		return NULL;
	}
	if (len < DNAME_INLINE_LEN) {
		memcpy(d->d_iname, name, len + 1);
		d->d_name = d->d_iname;
	} else {
		d->d_name = kmemdup(name, len + 1, GFP_KERNEL);
		if (!d->d_name) {
			kfree(d);
			iput(inode);
			return NULL;
		}
	}
	d->d_inode = inode;
	d->d_parent = parent ? parent : d;
	d->d_sb = parent ? parent->d_sb : (inode ? inode->i_sb : NULL);
	d->d_count = 1;		/* the tree's own reference */
	if (parent)
		list_add_tail(&d->d_child, &parent->d_inode->i_children);
	else
		INIT_LIST_HEAD(&d->d_child);
	return d;
}

static void d_free(struct dentry *d)
{
	if (d->d_unlinked)
		dput(d->d_parent);
	iput(d->d_inode);
	if (d->d_name != d->d_iname)
		kfree(d->d_name);
	kfree(d);
}

void dget(struct dentry *d)
{
	d->d_count++;
}

void dput(struct dentry *d)
{
	if (d && --d->d_count == 0)
		d_free(d);
}

/*
 * Take d out of its directory; it is freed when the last user lets go.
 * A file keeps its other hard links; a directory has no other name.
 * Out of the tree, d holds its parent (as every dentry does in Linux), so
 * an open file's path ("/tmp/a/x (deleted)") outlives an rmdir of a.
 */
void d_delete(struct dentry *d)
{
	struct inode *i = d->d_inode;
	if (!d->d_unlinked && d->d_parent != d) {
		d->d_unlinked = true;
		dget(d->d_parent);
	}
	list_del_init(&d->d_child);
	if (i)
		i->i_nlink = S_ISDIR(i->i_mode) || !i->i_nlink ? 0 : i->i_nlink - 1;
	dput(d);
}

/* Gives d a copy of name; on -ENOMEM d keeps its old name. */
int d_set_name(struct dentry *d, const char *name)
{
	size_t len = strlen(name);
	const char *old = d->d_name;
	if (len < DNAME_INLINE_LEN) {
		memmove(d->d_iname, name, len + 1);
		d->d_name = d->d_iname;
	} else {
		char *n = kmemdup(name, len + 1, GFP_KERNEL);
		if (!n)
			return -ENOMEM;
		d->d_name = n;
	}
	if (old != d->d_iname)
		kfree(old);
	return 0;
}

/* Moves d (already renamed) to the end of new_parent's children. */
void d_move(struct dentry *d, struct dentry *new_parent)
{
	list_del(&d->d_child);
	d->d_parent = new_parent;
	list_add_tail(&d->d_child, &new_parent->d_inode->i_children);
}

struct dentry *d_lookup_child(struct dentry *parent, const char *name)
{
	struct dentry *d;
	list_for_each_entry(d, &parent->d_inode->i_children, d_child)
		if (!strcmp(d->d_name, name))
			return d;
	return NULL;
}

struct dentry *simple_lookup(struct inode *dir, struct dentry *parent, const char *name)
{
	return d_lookup_child(parent, name);
}

unsigned char dt_type(umode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return DT_DIR;
	case S_IFREG: return DT_REG;
	case S_IFCHR: return DT_CHR;
	case S_IFIFO: return DT_FIFO;
	case S_IFLNK: return DT_LNK;
	}
	return DT_UNKNOWN;
}

/* "." and ".." at positions 0 and 1 (Linux's dir_emit_dots); false when the caller's buffer is full. */
bool dir_emit_dots(struct inode *dir, unsigned long parent_ino, struct dir_context *ctx)
{
	if (ctx->pos == 0) {
		if (ctx->actor(ctx, ".", 1, 0, dir->i_ino, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (ctx->actor(ctx, "..", 2, 1, parent_ino, DT_DIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

/* readdir over i_children: ".", "..", then the children in creation order. */
int dcache_readdir(struct inode *dir, struct dentry *d, struct dir_context *ctx)
{
	struct dentry *c;
	loff_t i = 2;

	if (!dir_emit_dots(dir, d->d_parent->d_inode->i_ino, ctx))
		return 0;
	list_for_each_entry(c, &dir->i_children, d_child) {
		if (i++ < ctx->pos)
			continue;
		if (ctx->actor(ctx, c->d_name, strlen(c->d_name), ctx->pos, c->d_inode->i_ino, dt_type(c->d_inode->i_mode)))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static struct dentry *cross_mounts(struct dentry *d)
{
	while (d->d_mounted)
		d = d->d_mounted;
	return d;
}

static struct dentry *lookup_one(struct dentry *dir, const char *name)
{
	struct inode *i = dir->d_inode;
	if (!strcmp(name, "."))
		return dir;
	if (!strcmp(name, "..")) {
		struct dentry *root = current->fs ? current->fs->root : root_dentry;
		while (dir->d_mountpoint && dir != root)
			dir = dir->d_mountpoint;
		return dir == root ? dir : cross_mounts(dir->d_parent);
	}
	if (i->i_op && i->i_op->lookup)
		return i->i_op->lookup(i, dir, name);
	return d_lookup_child(dir, name);
}

static int walk(const char *path, bool follow, int depth, struct dentry *start, struct dentry **out);

static int follow_link(struct dentry *parent, struct dentry *d, int depth, struct dentry **out)
{
	char buf[256];
	const char *target;
	if (depth > 8)
		return -ELOOP;
	target = d->d_inode->i_op->get_link(d, buf, sizeof(buf));
	if (IS_ERR(target))
		return PTR_ERR(target);
	return walk(target, true, depth + 1, parent, out);
}

/* Relative names in the current system call start here (see set_at_dfd). */
void set_at_dfd(int dfd)
{
	current->at_dfd = dfd;
	current->at_dfd_set = dfd != AT_FDCWD;
}

void clear_at_dfd(void)
{
	current->at_dfd_set = false;
}

/* The directory an *at call's dfd names: -EBADF, -ENOTDIR */
int dfd_dir(int dfd, struct dentry **d)
{
	struct file *f = fget(dfd);
	if (!f)
		return -EBADF;
	if (!f->f_dentry || !S_ISDIR(f->f_dentry->d_inode->i_mode))
		return -ENOTDIR;
	*d = f->f_dentry;
	return 0;
}

/* path_init for a relative name: the cwd, or the call's directory descriptor */
static int rel_start(struct dentry **d)
{
	if (current->at_dfd_set)
		return dfd_dir(current->at_dfd, d);
	*d = current->fs ? current->fs->pwd : root_dentry;
	return 0;
}

static int walk(const char *path, bool follow, int depth, struct dentry *start, struct dentry **out)
{
	struct dentry *d;
	char name[NAME_MAX + 1];

	if (!*path)
		return -ENOENT;
	if (*path == '/') {
		d = current->fs ? current->fs->root : root_dentry;
	} else if (start) {
		d = start;
	} else {
		int r = rel_start(&d);
		if (r)
			return r;
	}
	d = cross_mounts(d);
	while (*path) {
		const char *e;
		size_t len;
		struct dentry *next;

		while (*path == '/')
			path++;
		/* "file/" is ENOTDIR, as a component after it would be */
		if (!S_ISDIR(d->d_inode->i_mode))
			return -ENOTDIR;
		if (!*path)
			break;
		e = strchrnul_(path, '/');
		len = e - path;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(name, path, len);
		name[len] = 0;
		path = e;
		next = lookup_one(d, name);
		if (!next)
			return -ENOENT;
		if (IS_ERR(next))
			return PTR_ERR(next);
		next = cross_mounts(next);
		if (S_ISLNK(next->d_inode->i_mode) && (follow || *path) && next->d_inode->i_op &&
		    next->d_inode->i_op->jump_link) {
			next = next->d_inode->i_op->jump_link(next);
			if (IS_ERR(next))
				return PTR_ERR(next);
		} else if (S_ISLNK(next->d_inode->i_mode) && (follow || *path) && next->d_inode->i_op &&
		    next->d_inode->i_op->get_link) {
			int r = follow_link(d, next, depth, &next);
			if (r)
				return r;
		}
		d = next;
	}
	*out = d;
	return 0;
}

int path_lookup(const char *path, bool follow, struct dentry **out)
{
	return walk(path, follow, 0, NULL, out);
}

/* The directory that will hold the last component of path, and that component. */
int path_parent(const char *path, struct dentry **parent, const char **last)
{
	char dir[PATH_MAX];
	const char *slash;
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = 0;
	slash = strrchr(dir, '/');
	if (strlen(slash ? slash + 1 : dir) > NAME_MAX)
		return -ENAMETOOLONG;
	if (!slash) {
		struct dentry *d;
		int r = rel_start(&d);
		if (r)
			return r;
		*last = path;
		*parent = cross_mounts(d);
		return 0;
	}
	*last = path + (slash - dir) + 1;
	if (slash == dir)
		return path_lookup("/", true, parent);
	dir[slash - dir] = 0;
	return path_lookup(dir, true, parent);
}

int d_path(struct dentry *d, char *buf, int len)
{
	char tmp[PATH_MAX];
	int pos = sizeof(tmp) - 1;
	struct dentry *root = current->fs ? current->fs->root : root_dentry;

	tmp[pos] = 0;
	for (;;) {
		size_t l;
		while (d->d_mountpoint && d != root)
			d = d->d_mountpoint;
		if (d == root || d->d_parent == d)
			break;
		l = strlen(d->d_name);
		if (pos < (int)l + 1)
			return -ENAMETOOLONG;
		pos -= l;
		memcpy(tmp + pos, d->d_name, l);
		tmp[--pos] = '/';
		d = d->d_parent;
	}
	if (!tmp[pos])
		tmp[--pos] = '/';
	if ((int)(sizeof(tmp) - pos) > len)
		return -ERANGE;
	memcpy(buf, tmp + pos, sizeof(tmp) - pos);
	return sizeof(tmp) - pos;
}

/*
 * The path an open file shows (/proc/<pid>/fd, d_path of its f_path in
 * Linux): a dentry of an instance with no tree (pipefs) is named by the
 * instance's d_dname, an unlinked one gets " (deleted)" after its path.
 */
int file_path(struct file *f, char *buf, int len)
{
	static const char deleted[] = " (deleted)";
	struct dentry *d = f->f_dentry;
	int n;

	if (d->d_parent == d && !d->d_mountpoint && d->d_sb && d->d_sb->s_d_dname)
		return d->d_sb->s_d_dname(d, buf, len);
	n = d_path(d, buf, len);
	if (n < 0 || !d->d_unlinked)
		return n;
	if (n + (int)sizeof(deleted) - 1 > len)
		return -ENAMETOOLONG;
	memcpy(buf + n - 1, deleted, sizeof(deleted));
	return n + sizeof(deleted) - 1;
}

/*
 * Every instance is an in-memory filesystem, so each gets an anonymous
 * block device as set_anon_super gives it: major 0, the minors from 1 in
 * the order the instances are made (rootfs first, then the initcalls' and
 * each mount of ramfs/tmpfs). st_dev and /proc/<pid>/mountinfo show it.
 * Instances live until reboot here, so a minor is never handed out twice.
 */
static unsigned int next_anon_minor = 1;

struct super_block *register_fs_instance(const char *type, unsigned long magic, umode_t root_mode)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;
	if (!sb)
		return NULL;
	sb->s_minor = next_anon_minor++;
	sb->s_type = type;
	sb->s_magic = magic;
	root = new_inode(sb, S_IFDIR | root_mode);
	root->i_op = &ramfs_dir_inode_operations;
	sb->s_root = d_alloc(NULL, "/", root);
	sb->s_root->d_sb = sb;
	return sb;
}

/* ---------------- rename(2), link(2) ---------------- */

enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };
struct nameidata_last {
	struct dentry *dir;		/* the parent, mounts crossed */
	char name[NAME_MAX + 1];	/* the last component */
	int type;			/* LAST_* */
	bool slash;			/* the path ended in '/' */
};

/* filename_parentat: the directory holding upath's last component, and that name. */
static int parent_at(const char __user *upath, char *buf, struct nameidata_last *nd)
{
	char *path = getname(upath, buf);
	const char *last;
	size_t len;
	int r;

	if (IS_ERR(path))
		return PTR_ERR(path);
	r = path_parent(path, &nd->dir, &last);
	if (r)
		return r;
	if (!S_ISDIR(nd->dir->d_inode->i_mode))
		return -ENOTDIR;
	len = strchrnul_(last, '/') - last;
	memcpy(nd->name, last, len);
	nd->name[len] = 0;
	nd->slash = last[len] == '/';
	nd->type = !len ? LAST_ROOT : !strcmp(nd->name, ".") ? LAST_DOT : !strcmp(nd->name, "..") ? LAST_DOTDOT : LAST_NORM;
	return 0;
}

/* The child named nd->name, not crossing a mount on it; NULL if none. */
static struct dentry *lookup_last(struct nameidata_last *nd)
{
	struct dentry *d = lookup_one(nd->dir, nd->name);
	return IS_ERR(d) ? NULL : d;
}

/* The child of anc on the way up from d, or NULL when anc is not above d. */
static struct dentry *d_ancestor(struct dentry *anc, struct dentry *d)
{
	for (; d->d_parent != d; d = d->d_parent)
		if (d->d_parent == anc)
			return d;
	return NULL;
}

static bool d_is_dir(struct dentry *d)
{
	return S_ISDIR(d->d_inode->i_mode);
}

/* may_delete: may victim's name go, to be replaced by something (a directory if isdir)? */
static int may_delete(struct dentry *victim, bool isdir)
{
	if (isdir && !d_is_dir(victim))
		return -ENOTDIR;
	if (!isdir && d_is_dir(victim))
		return -EISDIR;
	if (victim->d_parent == victim || victim->d_mounted)
		return -EBUSY;
	return 0;
}

static long vfs_rename(struct nameidata_last *o, struct dentry *old, struct nameidata_last *n, struct dentry *new,
		       unsigned int flags)
{
	struct inode *old_dir = o->dir->d_inode;
	bool is_dir = d_is_dir(old), new_is_dir = new && d_is_dir(new);
	long r;

	if (new && old->d_inode == new->d_inode)
		return 0;	/* two names of one inode: nothing to do */
	r = may_delete(old, is_dir);
	if (!r && new)
		r = may_delete(new, (flags & RENAME_EXCHANGE) ? new_is_dir : is_dir);
	if (r)
		return r;
	if (!old_dir->i_op || !old_dir->i_op->rename)
		return -EPERM;
	if (old->d_mounted || (new && new->d_mounted))
		return -EBUSY;
	return old_dir->i_op->rename(old_dir, old, n->dir, n->name, new, flags);
}

static long do_renameat2(int olddfd, const char __user *oldname, int newdfd, const char __user *newname,
			 unsigned int flags)
{
	char *ob = kmalloc(PATH_MAX, GFP_KERNEL), *nb = kmalloc(PATH_MAX, GFP_KERNEL);
	struct nameidata_last *o = kmalloc(sizeof(*o), GFP_KERNEL), *n = kmalloc(sizeof(*n), GFP_KERNEL);
	struct dentry *old, *new, *trap = NULL;
	long r;

	r = -ENOMEM;
	if (!ob || !nb || !o || !n)
		goto out;
	r = -EINVAL;
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		goto out;
	if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) && (flags & RENAME_EXCHANGE))
		goto out;
	set_at_dfd(olddfd);
	r = parent_at(oldname, ob, o);
	set_at_dfd(newdfd);
	if (!r)
		r = parent_at(newname, nb, n);
	clear_at_dfd();
	if (r)
		goto out;
	r = -EXDEV;
	if (o->dir->d_sb != n->dir->d_sb)
		goto out;
	r = -EBUSY;
	if (o->type != LAST_NORM)
		goto out;
	if (flags & RENAME_NOREPLACE)
		r = -EEXIST;
	if (n->type != LAST_NORM)
		goto out;
	r = -ENOENT;
	old = lookup_last(o);
	if (!old)
		goto out;
	new = lookup_last(n);
	r = -EEXIST;
	if ((flags & RENAME_NOREPLACE) && new)
		goto out;
	r = -ENOENT;
	if ((flags & RENAME_EXCHANGE) && !new)
		goto out;
	r = -ENOTDIR;
	if ((flags & RENAME_EXCHANGE) && !d_is_dir(new) && n->slash)
		goto out;
	if (!d_is_dir(old) && (o->slash || (!(flags & RENAME_EXCHANGE) && n->slash)))
		goto out;
	/* lock_rename's trap: neither may lie above the other's new place */
	if (o->dir != n->dir) {
		trap = d_ancestor(o->dir, n->dir);
		r = -EINVAL;
		if (trap && old == trap)
			goto out;
		if (!trap)
			trap = d_ancestor(n->dir, o->dir);
	}
	r = (flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
	if (trap && new == trap)
		goto out;
	r = vfs_rename(o, old, n, new, flags);
out:
	kfree(ob);
	kfree(nb);
	kfree(o);
	kfree(n);
	return r;
}

SYSCALL_DEFINE2(rename, const char __user *, oldname, const char __user *, newname)
{
	return do_renameat2(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

SYSCALL_DEFINE4(renameat, int, olddfd, const char __user *, oldname, int, newdfd, const char __user *, newname)
{
	return do_renameat2(olddfd, oldname, newdfd, newname, 0);
}

SYSCALL_DEFINE5(renameat2, int, olddfd, const char __user *, oldname, int, newdfd, const char __user *, newname,
		unsigned int, flags)
{
	return do_renameat2(olddfd, oldname, newdfd, newname, flags);
}

static long do_linkat(int olddfd, const char __user *oldname, int newdfd, const char __user *newname, int flags)
{
	char *nb = kmalloc(PATH_MAX, GFP_KERNEL);
	struct nameidata_last *n = kmalloc(sizeof(*n), GFP_KERNEL);
	struct dentry *old;
	struct inode *dir;
	char c;
	long r;

	r = -ENOMEM;
	if (!nb || !n)
		goto out;
	r = -EINVAL;
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		goto out;
	/* AT_EMPTY_PATH with "": the file olddfd is open on (any directory descriptor would be refused below) */
	if ((flags & AT_EMPTY_PATH) && !get_user(c, oldname) && !c) {
		struct file *f = olddfd == AT_FDCWD ? NULL : fget(olddfd);
		r = -EBADF;
		if (olddfd == AT_FDCWD) {
			old = current->fs->pwd;
		} else if (!f || !f->f_dentry) {
			goto out;
		} else {
			old = f->f_dentry;
		}
	} else {
		set_at_dfd(olddfd);
		r = user_path_at(oldname, flags & AT_SYMLINK_FOLLOW, &old);
		clear_at_dfd();
		if (r)
			goto out;
	}
	/* filename_create: the new name must be a plain name that does not exist */
	set_at_dfd(newdfd);
	r = parent_at(newname, nb, n);
	clear_at_dfd();
	if (r)
		goto out;
	r = -EEXIST;
	if (n->type != LAST_NORM || lookup_last(n))
		goto out;
	r = -ENOENT;
	if (n->slash)
		goto out;
	r = -EXDEV;
	if (old->d_sb != n->dir->d_sb)
		goto out;
	/* vfs_link */
	dir = n->dir->d_inode;
	r = -EPERM;
	if (d_is_dir(old) || !dir->i_op || !dir->i_op->link)
		goto out;
	/* an unlinked file stays unlinked (no O_TMPFILE here), by name or through /proc/<pid>/fd */
	r = -ENOENT;
	if (!old->d_inode->i_nlink)
		goto out;
	r = dir->i_op->link(old, dir, n->dir, n->name);
out:
	kfree(nb);
	kfree(n);
	return r;
}

SYSCALL_DEFINE2(link, const char __user *, oldname, const char __user *, newname)
{
	return do_linkat(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

SYSCALL_DEFINE5(linkat, int, olddfd, const char __user *, oldname, int, newdfd, const char __user *, newname,
		int, flags)
{
	return do_linkat(olddfd, oldname, newdfd, newname, flags);
}
