/*
 * slub_sysfs.c: /sys/kernel/slab/<cache>/, SLUB's attributes as in Linux
 * 5.10 (mm/slub.c's SLAB_ATTR table): one directory per cache, one file
 * per attribute, read-only ones 0400, writable ones 0600. Reading a file
 * runs its show function into a page once per open (as sysfs does);
 * writing runs store with the written text. An attribute without store
 * refuses to be opened for writing (EACCES, as kernfs); bad values get
 * the store function's errno (EINVAL for validate/shrink without a
 * leading '1', kstrtoul's for min_partial). alloc_calls and free_calls
 * need SLAB_STORE_USER (ENOSYS otherwise).
 *
 * The boot caches are added by slab_sysfs_init once sysfs exists; later
 * caches by kmem_cache_create (a name already there fails the creation
 * with -EEXIST, as kobject_add does), and kmem_cache_destroy removes them.
 * Locking: the tree is changed in process context only (one CPU, no
 * preemption); the show functions take slab_lock where they walk slabs.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/vfs.h>
#include <linux/kallsyms.h>
#include "slub.h"

struct slab_attribute {
	const char *name;
	umode_t mode;
	ssize_t (*show)(struct kmem_cache *s, char *buf, size_t size);
	ssize_t (*store)(struct kmem_cache *s, const char *buf, size_t count);
};

/* What one open file keeps: the text show produced. */
struct slab_file {
	ssize_t len;
	char buf[PAGE_SIZE - sizeof(ssize_t)];
};

static struct dentry *slab_kset;	/* /sys/kernel/slab, once slab_sysfs_init ran */

#define SHOW_UINT(_name, _expr) \
static ssize_t _name##_show(struct kmem_cache *s, char *buf, size_t size) \
{ return snprintf(buf, size, "%u\n", (unsigned int)(_expr)); }
#define SHOW_ULONG(_name, _expr) \
static ssize_t _name##_show(struct kmem_cache *s, char *buf, size_t size) \
{ return snprintf(buf, size, "%lu\n", (unsigned long)(_expr)); }
#define SHOW_FLAG(_name, _flag) \
static ssize_t _name##_show(struct kmem_cache *s, char *buf, size_t size) \
{ return snprintf(buf, size, "%d\n", !!(s->flags & (_flag))); }

SHOW_UINT(slab_size, s->size)
SHOW_UINT(align, s->align)
SHOW_UINT(object_size, s->object_size)
SHOW_UINT(objs_per_slab, s->objects)
SHOW_UINT(order, s->order)
SHOW_ULONG(min_partial, s->min_partial)
SHOW_ULONG(objects, s->inuse_objects)
SHOW_ULONG(partial, s->nr_partial)
SHOW_ULONG(slabs, s->nr_slabs)
SHOW_ULONG(total_objects, s->nr_objects)
SHOW_UINT(aliases, s->refcount < 0 ? 0 : s->refcount - 1)
SHOW_FLAG(hwcache_align, SLAB_HWCACHE_ALIGN)
SHOW_FLAG(reclaim_account, SLAB_RECLAIM_ACCOUNT)
SHOW_FLAG(destroy_by_rcu, SLAB_TYPESAFE_BY_RCU)
SHOW_FLAG(cache_dma, SLAB_CACHE_DMA)
SHOW_FLAG(sanity_checks, SLAB_CONSISTENCY_CHECKS)
SHOW_FLAG(trace, SLAB_TRACE)
SHOW_FLAG(red_zone, SLAB_RED_ZONE)
SHOW_FLAG(poison, SLAB_POISON)
SHOW_FLAG(store_user, SLAB_STORE_USER)
SHOW_FLAG(failslab, SLAB_FAILSLAB)

static ssize_t objects_partial_show(struct kmem_cache *s, char *buf, size_t size)
{
	unsigned long flags, x = 0;
	struct page *page;

	spin_lock_irqsave(&slab_lock, flags);
	list_for_each_entry(page, &s->partial, lru)
		x += page->inuse;
	spin_unlock_irqrestore(&slab_lock, flags);
	return snprintf(buf, size, "%lu\n", x);
}

static ssize_t min_partial_store(struct kmem_cache *s, const char *buf, size_t length)
{
	unsigned long min;
	int err = kstrtoul(buf, 10, &min);

	if (err)
		return err;
	s->min_partial = clamp(min, 5UL, 10UL);	/* set_min_partial's MIN_PARTIAL..MAX_PARTIAL */
	return length;
}

static ssize_t ctor_show(struct kmem_cache *s, char *buf, size_t size)
{
	if (!s->ctor)
		return 0;
	return snprintf(buf, size, "%pS\n", s->ctor);
}

static ssize_t empty_show(struct kmem_cache *s, char *buf, size_t size)
{
	return 0;
}

static ssize_t validate_store(struct kmem_cache *s, const char *buf, size_t length)
{
	if (buf[0] != '1')
		return -EINVAL;
	validate_slab_cache(s);
	return length;
}

static ssize_t shrink_store(struct kmem_cache *s, const char *buf, size_t length)
{
	if (buf[0] != '1')
		return -EINVAL;
	kmem_cache_shrink(s);
	return length;
}

static ssize_t alloc_calls_show(struct kmem_cache *s, char *buf, size_t size)
{
	if (!(s->flags & SLAB_STORE_USER))
		return -ENOSYS;
	return list_locations(s, buf, size, TRACK_ALLOC);
}

static ssize_t free_calls_show(struct kmem_cache *s, char *buf, size_t size)
{
	if (!(s->flags & SLAB_STORE_USER))
		return -ENOSYS;
	return list_locations(s, buf, size, TRACK_FREE);
}

#define RO(_name) { #_name, 0400, _name##_show, NULL }
#define RW(_name, _show) { #_name, 0600, _show, _name##_store }

/* 5.10's slab_attrs[] (the per-cpu and statistics ones aside: there are no per-cpu slabs here) */
static const struct slab_attribute slab_attrs[] = {
	RO(slab_size), RO(object_size), RO(objs_per_slab), RO(order),
	RW(min_partial, min_partial_show), RO(objects), RO(objects_partial), RO(partial),
	RO(ctor), RO(aliases), RO(align), RO(hwcache_align), RO(reclaim_account),
	RO(destroy_by_rcu), RW(shrink, empty_show), RO(total_objects), RO(slabs),
	RO(sanity_checks), RO(trace), RO(red_zone), RO(poison), RO(store_user),
	RW(validate, empty_show), RO(alloc_calls), RO(free_calls), RO(cache_dma), RO(failslab),
};

static const struct slab_attribute *file_attr(struct file *f)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(slab_attrs); i++)
		if (!strcmp(slab_attrs[i].name, f->f_dentry->d_name))
			return &slab_attrs[i];
	return NULL;
}

static int slab_attr_open(struct inode *inode, struct file *f)
{
	const struct slab_attribute *a = file_attr(f);
	unsigned int acc = f->f_flags & O_ACCMODE;

	if (!a)
		return -ENOENT;
	if ((acc != O_RDONLY && !a->store) || (acc != O_WRONLY && !a->show))
		return -EACCES;
	return 0;
}

static ssize_t slab_attr_read(struct file *f, char __user *ubuf, size_t n, loff_t *pos)
{
	const struct slab_attribute *a = file_attr(f);
	struct slab_file *sf = f->private_data;

	if (!sf) {
		sf = (void *)__get_free_page(GFP_KERNEL);
		if (!sf)
			return -ENOMEM;
		sf->len = a->show(f->f_inode->i_private, sf->buf, sizeof(sf->buf));
		if (sf->len < 0) {
			ssize_t err = sf->len;
			free_page((unsigned long)sf);
			return err;
		}
		sf->len = min_t(ssize_t, sf->len, sizeof(sf->buf));
		f->private_data = sf;
	}
	return simple_read_from_buffer(ubuf, n, pos, sf->buf, sf->len);
}

static ssize_t slab_attr_write(struct file *f, const char __user *ubuf, size_t n, loff_t *pos)
{
	const struct slab_attribute *a = file_attr(f);
	char *buf = (char *)__get_free_page(GFP_KERNEL);
	size_t c = min(n, (size_t)PAGE_SIZE - 1);
	ssize_t r;

	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, c)) {
		free_page((unsigned long)buf);
		return -EFAULT;
	}
	buf[c] = 0;
	r = a->store(f->f_inode->i_private, buf, c);
	free_page((unsigned long)buf);
	return r;
}

static int slab_attr_release(struct inode *inode, struct file *f)
{
	if (f->private_data)
		free_page((unsigned long)f->private_data);
	return 0;
}

static const struct file_operations slab_attr_fops = {
	.open = slab_attr_open,
	.read = slab_attr_read,
	.write = slab_attr_write,
	.release = slab_attr_release,
};

/* The cache's directory and files; -EEXIST (with kobject's complaints) for a name taken. */
int sysfs_slab_add(struct kmem_cache *s)
{
	struct inode *dir_inode;
	struct dentry *dir;
	int err;

	if (!slab_kset)
		return 0;
	dir_inode = slab_kset->d_inode;
	if (d_lookup_child(slab_kset, s->name)) {
		pr_warn("sysfs: cannot create duplicate filename '/kernel/slab/%s'\n", s->name);
		dump_stack();
		pr_err("kobject_add_internal failed for %s with -EEXIST, don't try to register things with the same name in the same directory.\n",
		       s->name);
		return -EEXIST;
	}
	err = dir_inode->i_op->mkdir(dir_inode, slab_kset, s->name, 0755);
	if (err)
		return err;
	dir = d_lookup_child(slab_kset, s->name);
	for (unsigned int i = 0; i < ARRAY_SIZE(slab_attrs); i++) {
		struct inode *inode = new_inode(sysfs_sb, S_IFREG | slab_attrs[i].mode);
		if (!inode)
			break;
		inode->i_fop = &slab_attr_fops;
		inode->i_private = s;
		if (!d_alloc(dir, slab_attrs[i].name, inode))
			break;
	}
	s->sysfs_dir = dir;
	return 0;
}

void sysfs_slab_remove(struct kmem_cache *s)
{
	struct dentry *c, *n;

	if (!s->sysfs_dir)
		return;
	list_for_each_entry_safe(c, n, &s->sysfs_dir->d_inode->i_children, d_child)
		d_delete(c);
	d_delete(s->sysfs_dir);
	s->sysfs_dir = NULL;
}

static int __init slab_sysfs_init(void)
{
	struct dentry *kernel = d_lookup_child(sysfs_sb->s_root, "kernel");
	struct kmem_cache *s;

	if (!kernel || kernel->d_inode->i_op->mkdir(kernel->d_inode, kernel, "slab", 0755) ||
	    !(slab_kset = d_lookup_child(kernel, "slab"))) {
		pr_err("Cannot register slab subsystem.\n");
		return -ENOSYS;
	}
	list_for_each_entry(s, &slab_caches, list)
		if (sysfs_slab_add(s))
			pr_err("SLUB: Unable to add boot slab %s to sysfs\n", s->name);
	return 0;
}
__initcall(slab_sysfs_init);
