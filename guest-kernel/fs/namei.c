/*
 * namei.c: inodes, dentries, mounts and path lookup.
 *
 * All filesystems keep their trees in memory, so a dentry lives as long
 * as its file does (d_count counts opens and cwd/root users; unlinked or
 * dynamic dentries are freed when it drops to zero). path_lookup walks
 * component by component from the root or the cwd, crossing mounts
 * (d_mounted) downward and, for "..", mount roots (d_mountpoint) upward,
 * following symlinks up to 8 deep.
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

/* The inode's reference, given to d_alloc, dropped when no dentry takes it. */
static void drop_new_inode(struct inode *i)
{
	if (i && --i->i_count == 0) {
		kvfree(i->i_data);
		kfree(i);
	}
}

/* d_alloc takes over the caller's reference on inode: on failure (NULL)
   that reference is dropped, so a fresh inode is not leaked. */
struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *inode)
{
	struct dentry *d = kzalloc(sizeof(*d), GFP_KERNEL);
	size_t len = strlen(name);
	if (!d) {
		drop_new_inode(inode);
		return NULL;
	}
	if (len < DNAME_INLINE_LEN) {
		memcpy(d->d_iname, name, len + 1);
		d->d_name = d->d_iname;
	} else {
		d->d_name = kmemdup(name, len + 1, GFP_KERNEL);
		if (!d->d_name) {
			kfree(d);
			drop_new_inode(inode);
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
	struct inode *i = d->d_inode;
	if (i && --i->i_count == 0) {
		kvfree(i->i_data);
		kfree(i);
	}
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

/* Take d out of its directory; it is freed when the last user lets go. */
void d_delete(struct dentry *d)
{
	list_del_init(&d->d_child);
	if (d->d_inode)
		d->d_inode->i_nlink = 0;
	dput(d);
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

/* readdir over i_children: ".", "..", then the children in creation order. */
int dcache_readdir(struct inode *dir, struct dentry *d, struct dir_context *ctx)
{
	struct dentry *c;
	loff_t i = 2;

	if (ctx->pos == 0) {
		if (ctx->actor(ctx, ".", 1, 0, dir->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (ctx->actor(ctx, "..", 2, 1, d->d_parent->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
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

static int walk(const char *path, bool follow, int depth, struct dentry *start, struct dentry **out)
{
	struct dentry *d;
	char name[NAME_MAX + 1];

	if (!*path)
		return -ENOENT;
	if (*path == '/')
		d = current->fs ? current->fs->root : root_dentry;
	else
		d = start ? start : (current->fs ? current->fs->pwd : root_dentry);
	d = cross_mounts(d);
	while (*path) {
		const char *e;
		size_t len;
		struct dentry *next;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		if (!S_ISDIR(d->d_inode->i_mode))
			return -ENOTDIR;
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
		*last = path;
		*parent = cross_mounts(current->fs ? current->fs->pwd : root_dentry);
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

struct super_block *register_fs_instance(const char *type, unsigned long magic, umode_t root_mode)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;
	if (!sb)
		return NULL;
	sb->s_type = type;
	sb->s_magic = magic;
	root = new_inode(sb, S_IFDIR | root_mode);
	root->i_op = &ramfs_dir_inode_operations;
	sb->s_root = d_alloc(NULL, "/", root);
	sb->s_root->d_sb = sb;
	return sb;
}
