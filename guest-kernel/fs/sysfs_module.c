/*
 * sysfs_module.c: /sys/module, as kernel/params.c and kernel/module.c's
 * sysfs code lay it out in Linux 5.10.
 *
 *   /sys/module/<built-in>/parameters/<p>   built-in code's parameters
 *                                            ("kmemleak.verbose"), if perm != 0
 *   /sys/module/<module>/parameters/<p>     a loaded module's parameters
 *                        refcnt initstate coresize initsize taint
 *                        holders/ sections/<.section>
 *
 * Parameters read as param_get_* formats them ("Y"/"N" for bool, "%d",
 * "%s" ...) and, where their mode has a write bit, are set through
 * param_set as "echo 1 > .../verbose" does (EINVAL for a bad value,
 * EACCES when the mode has no write bit, as kernfs refuses the open).
 * sections/ holds each kept section's load address, "0x%px" for root
 * unless kptr_restrict is 2 (kallsyms_show_value), readable by root only.
 *
 * A module's files hold no pointer to it: the open file copies the names
 * (module, parameter, section) and finds them again under module_mutex at
 * each read or write, so a file opened before rmmod reads ENODEV after,
 * never the freed module. The directory goes when the module is freed.
 *
 * Locking: module_mutex (through module_find_locked) for module files;
 * built-in parameters change only through these writes.
 */
#define pr_fmt(fmt) "sysfs: " fmt
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/vfs.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <asm/page.h>

extern struct super_block *sysfs_sb;
extern int kptr_restrict;
extern const struct kernel_param __start___param[], __stop___param[];

enum attr_kind { A_PARAM, A_REFCNT, A_INITSTATE, A_CORESIZE, A_INITSIZE, A_TAINT, A_SECTION };

/*
 * What a module file names, copied from its dentries at open: the file
 * finds its module, parameter or section again by name at every read or
 * write, and owns nothing that outlives the open file.
 */
struct mod_open {
	char modname[MODULE_NAME_LEN];
	char attr[64];
	enum attr_kind kind;
};

/* charp values set through sysfs, freed when replaced or when their module goes */
static struct { const struct kernel_param *kp; char *val; } owned[16];

static struct dentry *module_root(void)
{
	return d_lookup_child(sysfs_sb->s_root, "module");
}

static struct dentry *sysfs_add(struct dentry *parent, const char *name, umode_t mode,
				const struct file_operations *fops, void *data)
{
	struct dentry *d = d_lookup_child(parent, name);
	struct inode *i;
	if (d)
		return d;
	i = new_inode(sysfs_sb, mode);
	if (!i)
		return NULL;
	if (S_ISDIR(mode))
		i->i_op = &ramfs_dir_inode_operations;
	i->i_fop = fops;
	i->i_private = data;
	return d_alloc(parent, name, i);
}

/* param_get_*: the value as sysfs shows it */
static void param_show(struct seq_file *m, const struct kernel_param *kp)
{
	switch (kp->type) {
	case KPARAM_BOOL: seq_printf(m, "%c\n", *(bool *)kp->arg ? 'Y' : 'N'); break;
	case KPARAM_INVBOOL: seq_printf(m, "%c\n", *(bool *)kp->arg ? 'N' : 'Y'); break;
	case KPARAM_INT: seq_printf(m, "%d\n", *(int *)kp->arg); break;
	case KPARAM_UINT: seq_printf(m, "%u\n", *(unsigned int *)kp->arg); break;
	case KPARAM_LONG: seq_printf(m, "%ld\n", *(long *)kp->arg); break;
	case KPARAM_ULONG: seq_printf(m, "%lu\n", *(unsigned long *)kp->arg); break;
	case KPARAM_SHORT: seq_printf(m, "%hd\n", *(short *)kp->arg); break;
	case KPARAM_USHORT: seq_printf(m, "%hu\n", *(unsigned short *)kp->arg); break;
	case KPARAM_BYTE: seq_printf(m, "%hhu\n", *(unsigned char *)kp->arg); break;
	case KPARAM_CHARP: seq_printf(m, "%s\n", *(char **)kp->arg ?: "(null)"); break;
	}
}

struct show_ctx {
	struct seq_file *m;
	const struct mod_open *o;
	char *val;	/* for a store */
	int err;
};

static const struct kernel_param *find_param(struct module *mod, const char *name)
{
	for (unsigned int i = 0; i < mod->num_kp; i++)
		if (!strcmp(mod->kp[i].name, name))
			return &mod->kp[i];
	return NULL;
}

static void module_attr_show(struct module *mod, void *p)
{
	struct show_ctx *c = p;
	struct seq_file *m = c->m;
	const struct mod_open *o = c->o;
	static const char *const states[] = { "live", "coming", "going", "unformed" };
	const struct kernel_param *kp;

	c->err = 0;
	switch (o->kind) {
	case A_PARAM:
		kp = find_param(mod, o->attr);
		if (kp)
			param_show(m, kp);
		else
			c->err = -ENODEV;
		break;
	case A_REFCNT: seq_printf(m, "%i\n", module_refcount(mod)); break;
	case A_INITSTATE: seq_printf(m, "%s\n", states[mod->state]); break;
	case A_CORESIZE: seq_printf(m, "%u\n", mod->core_layout.size); break;
	case A_INITSIZE: seq_printf(m, "%u\n", mod->init_layout.size); break;
	case A_TAINT:
		seq_printf(m, "%s%s%s\n", mod->taints & (1UL << TAINT_PROPRIETARY_MODULE) ? "P" : "",
			   mod->taints & (1UL << TAINT_OOT_MODULE) ? "O" : "",
			   mod->taints & (1UL << TAINT_UNSIGNED_MODULE) ? "E" : "");
		break;
	case A_SECTION:
		c->err = -ENODEV;
		for (unsigned int i = 0; i < mod->nsect; i++)
			if (!strcmp(mod->sect_attrs[i].name, o->attr)) {
				seq_printf(m, "0x%016lx\n", kptr_restrict >= 2 ? 0 : mod->sect_attrs[i].address);
				c->err = 0;
				break;
			}
		break;
	}
}

static int attr_show(struct seq_file *m, void *v)
{
	struct show_ctx c = { m, v, NULL, 0 };
	if (!module_find_locked(c.o->modname, module_attr_show, &c))
		return -ENODEV;
	return c.err;
}

static int builtin_show(struct seq_file *m, void *v)
{
	param_show(m, v);
	return 0;
}

/* kernfs: no write without a write bit (root included), no read without a read bit */
static int check_mode(struct inode *inode, struct file *file)
{
	unsigned int acc = file->f_flags & O_ACCMODE;
	if ((acc != O_RDONLY && !(inode->i_mode & 0222)) || (acc != O_WRONLY && !(inode->i_mode & 0444)))
		return -EACCES;
	return 0;
}

static int attr_open(struct inode *inode, struct file *file)
{
	struct dentry *d = file->f_dentry, *dir = d->d_parent;
	struct mod_open *o;
	int err = check_mode(inode, file);
	if (err)
		return err;
	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	o->kind = (enum attr_kind)(unsigned long)inode->i_private;
	strlcpy(o->attr, d->d_name, sizeof(o->attr));
	/* <module>/<file>, or <module>/parameters|sections/<file> */
	strlcpy(o->modname, (o->kind == A_PARAM || o->kind == A_SECTION ? dir->d_parent : dir)->d_name, sizeof(o->modname));
	err = single_open(file, attr_show, o);
	if (err)
		kfree(o);
	return err;
}

static int attr_release(struct inode *inode, struct file *file)
{
	kfree(single_data(file->private_data));
	return single_release(inode, file);
}

static int builtin_open(struct inode *inode, struct file *file)
{
	int err = check_mode(inode, file);
	return err ? err : single_open(file, builtin_show, inode->i_private);
}

static int store_param(const struct kernel_param *kp, char *val)
{
	unsigned int i, slot = ARRAY_SIZE(owned);
	char *copy;
	int err;
	if (kp->type != KPARAM_CHARP)
		return param_set(kp, val);
	for (i = 0; i < ARRAY_SIZE(owned); i++)
		if (owned[i].kp == kp || (!owned[i].kp && slot == ARRAY_SIZE(owned)))
			slot = i;
	if (slot == ARRAY_SIZE(owned))
		return -ENOMEM;
	copy = kstrdup(val, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	err = param_set(kp, copy);
	if (err) {
		kfree(copy);
		return err;
	}
	kfree(owned[slot].kp == kp ? owned[slot].val : NULL);
	owned[slot].kp = kp;
	owned[slot].val = copy;
	return 0;
}

static void module_attr_store(struct module *mod, void *p)
{
	struct show_ctx *c = p;
	const struct kernel_param *kp = find_param(mod, c->o->attr);
	c->err = kp ? store_param(kp, c->val) : -ENODEV;
}

/* The user's buffer, NUL-terminated and without the trailing newline "echo" adds. */
static char *copy_value(const char __user *ubuf, size_t n)
{
	char *buf;
	if (n >= PAGE_SIZE)
		return ERR_PTR(-EINVAL);
	buf = kmalloc(n + 1, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(buf, ubuf, n)) {
		kfree(buf);
		return ERR_PTR(-EFAULT);
	}
	buf[n] = 0;
	return buf;
}

static ssize_t attr_write(struct file *file, const char __user *ubuf, size_t n, loff_t *pos)
{
	struct seq_file *m = file->private_data;
	struct show_ctx c = { m, single_data(m), NULL, -EIO };
	char *buf;
	if (c.o->kind != A_PARAM)
		return -EIO;
	buf = copy_value(ubuf, n);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	c.val = strim(buf);
	if (!module_find_locked(c.o->modname, module_attr_store, &c))
		c.err = -ENODEV;
	kfree(buf);
	return c.err ? c.err : (ssize_t)n;
}

static ssize_t builtin_write(struct file *file, const char __user *ubuf, size_t n, loff_t *pos)
{
	char *buf = copy_value(ubuf, n);
	int err;
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = store_param(file->f_inode->i_private, strim(buf));
	kfree(buf);
	return err ? err : (ssize_t)n;
}

static const struct file_operations mod_attr_fops = {
	.open = attr_open,
	.read = seq_read,
	.write = attr_write,
	.llseek = seq_lseek,
	.release = attr_release,
};

static const struct file_operations builtin_param_fops = {
	.open = builtin_open,
	.read = seq_read,
	.write = builtin_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static void add_attr(struct dentry *dir, const char *name, umode_t mode, enum attr_kind kind)
{
	sysfs_add(dir, name, S_IFREG | mode, &mod_attr_fops, (void *)(unsigned long)kind);
}

int mod_sysfs_setup(struct module *mod)
{
	static const struct { const char *name; enum attr_kind kind; } files[] = {
		{ "coresize", A_CORESIZE }, { "initsize", A_INITSIZE }, { "initstate", A_INITSTATE },
		{ "refcnt", A_REFCNT }, { "taint", A_TAINT },
	};
	struct dentry *root = module_root(), *dir, *sub;

	if (!root)
		return 0;
	dir = sysfs_add(root, mod->name, S_IFDIR | 0755, NULL, NULL);
	if (!dir)
		return -ENOMEM;
	for (unsigned int i = 0; i < ARRAY_SIZE(files); i++)
		add_attr(dir, files[i].name, 0444, files[i].kind);
	sysfs_add(dir, "holders", S_IFDIR | 0755, NULL, NULL);
	if (mod->num_kp && (sub = sysfs_add(dir, "parameters", S_IFDIR | 0755, NULL, NULL)))
		for (unsigned int i = 0; i < mod->num_kp; i++)
			if (mod->kp[i].perm)
				add_attr(sub, mod->kp[i].name, mod->kp[i].perm & 0777, A_PARAM);
	if ((sub = sysfs_add(dir, "sections", S_IFDIR | 0755, NULL, NULL)))
		for (unsigned int i = 0; i < mod->nsect; i++)
			add_attr(sub, mod->sect_attrs[i].name, 0400, A_SECTION);
	return 0;
}

/* Removes a directory and everything below it. */
static void remove_tree(struct dentry *d)
{
	struct dentry *c, *n;
	if (S_ISDIR(d->d_inode->i_mode))
		list_for_each_entry_safe(c, n, &d->d_inode->i_children, d_child)
			remove_tree(c);
	d_delete(d);
}

void mod_sysfs_teardown(struct module *mod)
{
	struct dentry *root = module_root(), *dir;
	/* charp values set through sysfs go with their module (destroy_params) */
	for (unsigned int i = 0; i < ARRAY_SIZE(owned); i++)
		if (owned[i].kp >= mod->kp && owned[i].kp < mod->kp + mod->num_kp) {
			kfree(owned[i].val);
			owned[i].kp = NULL;
			owned[i].val = NULL;
		}
	if (root && (dir = d_lookup_child(root, mod->name)))
		remove_tree(dir);
}

/* Built-in code's parameters: /sys/module/<prefix>/parameters/<name>, as param_sysfs_builtin. */
static int __init param_sysfs_init(void)
{
	struct dentry *root = module_root();
	if (!root)
		return -ENOMEM;
	for (const struct kernel_param *kp = __start___param; kp < __stop___param; kp++) {
		const char *dot = strchr(kp->name, '.');
		char modname[MODULE_NAME_LEN];
		struct dentry *dir, *params;
		if (!dot || !kp->perm || dot - kp->name >= MODULE_NAME_LEN)
			continue;
		snprintf(modname, sizeof(modname), "%.*s", (int)(dot - kp->name), kp->name);
		dir = sysfs_add(root, modname, S_IFDIR | 0755, NULL, NULL);
		params = dir ? sysfs_add(dir, "parameters", S_IFDIR | 0755, NULL, NULL) : NULL;
		if (!params)
			continue;
		sysfs_add(params, dot + 1, S_IFREG | (kp->perm & 0777), &builtin_param_fops, (void *)kp);
	}
	return 0;
}
late_initcall(param_sysfs_init);
