/*
 * debugfs.c: the debug filesystem.
 *
 * One in-memory tree, mounted wherever `mount -t debugfs` asks (the init
 * script puts it on /sys/kernel/debug). Like Linux, every regular file's
 * operations go through a "full proxy" (full_proxy_read/write/...) that
 * calls the creator's file_operations; that is why writes to a debugfs
 * file show full_proxy_write in kmemleak backtraces.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/debugfs.h>
#include <linux/vfs.h>
#include <linux/export.h>

struct super_block *debugfs_sb;
static bool debugfs_registered;

#define REAL(f) ((f)->f_inode->i_real_fop)

static int full_proxy_open(struct inode *inode, struct file *filp)
{
	const struct file_operations *real = inode->i_real_fop;
	if (real && real->open)
		return real->open(inode, filp);
	return 0;
}

static noinline ssize_t full_proxy_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	if (!REAL(f) || !REAL(f)->read)
		return -EINVAL;
	return REAL(f)->read(f, buf, n, pos);
}

static noinline ssize_t full_proxy_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	if (!REAL(f) || !REAL(f)->write)
		return -EINVAL;
	return REAL(f)->write(f, buf, n, pos);
}

static loff_t full_proxy_llseek(struct file *f, loff_t off, int whence)
{
	if (!REAL(f) || !REAL(f)->llseek)
		return generic_file_llseek(f, off, whence);
	return REAL(f)->llseek(f, off, whence);
}

static int full_proxy_release(struct inode *inode, struct file *filp)
{
	const struct file_operations *real = inode->i_real_fop;
	if (real && real->release)
		return real->release(inode, filp);
	return 0;
}

static const struct file_operations debugfs_full_proxy_file_operations = {
	.open = full_proxy_open,
	.read = full_proxy_read,
	.write = full_proxy_write,
	.llseek = full_proxy_llseek,
	.release = full_proxy_release,
};

static const struct inode_operations debugfs_dir_inode_operations = {
	.lookup = simple_lookup,
	.iterate = dcache_readdir,
};

static int __init debugfs_init(void)
{
	debugfs_sb = register_fs_instance("debugfs", 0x64626720, 0700);
	debugfs_sb->s_dev = "debugfs";
	debugfs_sb->s_root->d_inode->i_op = &debugfs_dir_inode_operations;
	debugfs_registered = true;
	return 0;
}
core_initcall(debugfs_init);

bool debugfs_initialized(void)
{
	return debugfs_registered;
}
EXPORT_SYMBOL_GPL(debugfs_initialized);

static struct dentry *debugfs_create(const char *name, umode_t mode, struct dentry *parent)
{
	struct inode *inode;
	struct dentry *d;
	if (!debugfs_registered)
		return ERR_PTR(-ENOENT);
	/* as Linux: a parent that failed to be created is passed through (callers need not check) */
	if (IS_ERR(parent))
		return parent;
	if (!parent)
		parent = debugfs_sb->s_root;
	if (d_lookup_child(parent, name)) {
		pr_err("debugfs: File '%s' in directory '%s' already present!\n", name, parent->d_name);
		return ERR_PTR(-EEXIST);
	}
	inode = new_inode(debugfs_sb, mode);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	return d_alloc(parent, name, inode) ?: ERR_PTR(-ENOMEM);
}

struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent, void *data,
				   const struct file_operations *fops)
{
	struct dentry *d;
	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	d = debugfs_create(name, mode, parent);
	if (IS_ERR(d))
		return d;
	d->d_inode->i_private = data;
	d->d_inode->i_fop = &debugfs_full_proxy_file_operations;
	d->d_inode->i_real_fop = fops;
	return d;
}
EXPORT_SYMBOL_GPL(debugfs_create_file);

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	struct dentry *d = debugfs_create(name, S_IFDIR | 0755, parent);
	if (IS_ERR(d))
		return d;
	d->d_inode->i_op = &debugfs_dir_inode_operations;
	d->d_inode->i_nlink = 2;
	return d;
}
EXPORT_SYMBOL_GPL(debugfs_create_dir);

struct dentry *debugfs_lookup(const char *name, struct dentry *parent)
{
	if (!debugfs_registered)
		return NULL;
	return d_lookup_child(parent ? parent : debugfs_sb->s_root, name);
}
EXPORT_SYMBOL_GPL(debugfs_lookup);

void debugfs_remove_recursive(struct dentry *d)
{
	struct dentry *c, *n;
	if (IS_ERR_OR_NULL(d))
		return;
	if (d->d_inode && S_ISDIR(d->d_inode->i_mode))
		list_for_each_entry_safe(c, n, &d->d_inode->i_children, d_child)
			debugfs_remove_recursive(c);
	/* open files keep the dentry; their proxy finds no real fops any more */
	d->d_inode->i_real_fop = NULL;
	d_delete(d);
}
EXPORT_SYMBOL_GPL(debugfs_remove_recursive);

void debugfs_remove(struct dentry *d)
{
	debugfs_remove_recursive(d);
}
EXPORT_SYMBOL_GPL(debugfs_remove);

/* Simple attributes: a number printed with a newline, written back parsed. */
struct debugfs_attr {
	void *value;
	int kind;	/* 0 u32, 1 u64, 2 bool */
};

static ssize_t attr_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	struct debugfs_attr *a = f->f_inode->i_private;
	char tmp[32];
	int len;
	if (a->kind == 0)
		len = snprintf(tmp, sizeof(tmp), "%u\n", *(u32 *)a->value);
	else if (a->kind == 1)
		len = snprintf(tmp, sizeof(tmp), "%llu\n", *(u64 *)a->value);
	else
		len = snprintf(tmp, sizeof(tmp), "%c\n", *(bool *)a->value ? 'Y' : 'N');
	return simple_read_from_buffer(buf, n, pos, tmp, len);
}

static ssize_t attr_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	struct debugfs_attr *a = f->f_inode->i_private;
	char tmp[32];
	unsigned long v;
	bool b;
	size_t c = min(n, sizeof(tmp) - 1);
	if (copy_from_user(tmp, buf, c))
		return -EFAULT;
	tmp[c] = 0;
	if (a->kind == 2) {
		if (kstrtobool(tmp, &b))
			return -EINVAL;
		*(bool *)a->value = b;
	} else {
		if (kstrtoul(tmp, 0, &v))
			return -EINVAL;
		if (a->kind == 0)
			*(u32 *)a->value = v;
		else
			*(u64 *)a->value = v;
	}
	return n;
}

static const struct file_operations attr_fops = { .read = attr_read, .write = attr_write };

static void create_attr(const char *name, umode_t mode, struct dentry *parent, void *value, int kind)
{
	struct debugfs_attr *a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return;
	a->value = value;
	a->kind = kind;
	if (IS_ERR(debugfs_create_file(name, mode, parent, a, &attr_fops)))
		kfree(a);
	else
		; /* referenced from the inode */
}

void debugfs_create_u32(const char *name, umode_t mode, struct dentry *parent, u32 *value)
{
	create_attr(name, mode, parent, value, 0);
}
EXPORT_SYMBOL_GPL(debugfs_create_u32);

void debugfs_create_u64(const char *name, umode_t mode, struct dentry *parent, u64 *value)
{
	create_attr(name, mode, parent, value, 1);
}
EXPORT_SYMBOL_GPL(debugfs_create_u64);

void debugfs_create_bool(const char *name, umode_t mode, struct dentry *parent, bool *value)
{
	create_attr(name, mode, parent, value, 2);
}
EXPORT_SYMBOL_GPL(debugfs_create_bool);
