/*
 * ramfs.c: the root filesystem, and the initramfs unpacker.
 *
 * A regular file's data is one buffer (i_data, i_capacity bytes, kmalloc
 * up to a page, vmalloc beyond), grown by doubling. Directories are the
 * generic in-memory ones. The initramfs (newc cpio from the boot loader)
 * is unpacked into the root at rootfs_initcall time; the boot copy of the
 * archive is then given back to the page allocator
 * ("Freeing initrd memory: ...K").
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/vfs.h>
#include <linux/utsname.h>
#include <asm/bootparam.h>

static struct super_block *rootfs_sb;

static void *data_alloc(size_t n)
{
	return n <= PAGE_SIZE ? kzalloc(n, GFP_KERNEL) : vzalloc(n);
}

int ramfs_write_data(struct inode *inode, const void *data, size_t len, loff_t pos)
{
	size_t end = pos + len;
	/* the data is one buffer: a file cannot outgrow memory */
	if (pos < 0 || end < (size_t)pos)
		return -EFBIG;
	if (end > (totalram_pages() << PAGE_SHIFT))
		return -ENOSPC;
	if (end > inode->i_capacity) {
		size_t cap = inode->i_capacity ? inode->i_capacity : 64;
		char *n;
		while (cap < end)
			cap *= 2;
		n = data_alloc(cap);
		if (!n)
			return -ENOSPC;
		if (inode->i_data)
			memcpy(n, inode->i_data, inode->i_size);
		kvfree(inode->i_data);
		inode->i_data = n;
		inode->i_capacity = cap;
	}
	if ((size_t)pos > (size_t)inode->i_size)
		memset(inode->i_data + inode->i_size, 0, pos - inode->i_size);
	memcpy(inode->i_data + pos, data, len);
	if ((loff_t)end > inode->i_size)
		inode->i_size = end;
	inode->i_mtime = ktime_get_real_seconds();
	return 0;
}

static ssize_t ramfs_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	struct inode *i = f->f_inode;
	if (*pos >= i->i_size)
		return 0;
	if (n > (size_t)(i->i_size - *pos))
		n = i->i_size - *pos;
	if (copy_to_user(buf, i->i_data + *pos, n))
		return -EFAULT;
	*pos += n;
	return n;
}

static ssize_t ramfs_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	struct inode *i = f->f_inode;
	char tmp[512];
	size_t done = 0;
	if (f->f_flags & O_APPEND)
		*pos = i->i_size;
	while (done < n) {
		size_t c = min(n - done, sizeof(tmp));
		int r;
		if (copy_from_user(tmp, buf + done, c))
			return done ? (ssize_t)done : -EFAULT;
		r = ramfs_write_data(i, tmp, c, *pos);
		if (r)
			return done ? (ssize_t)done : r;
		*pos += c;
		done += c;
		if (done < n && signal_pending(current))
			break;
		cond_resched();
	}
	return done;
}

static int ramfs_open(struct inode *i, struct file *f)
{
	if (f->f_flags & O_TRUNC)
		i->i_size = 0;
	return 0;
}

const struct file_operations ramfs_file_operations = {
	.read = ramfs_read,
	.write = ramfs_write,
	.open = ramfs_open,
	.llseek = generic_file_llseek,
};

static const struct file_operations ramfs_dir_operations = {
	.llseek = generic_file_llseek,
};

static int ramfs_mknod(struct inode *dir, struct dentry *parent, const char *name, umode_t mode, struct dentry **out)
{
	struct inode *i;
	struct dentry *d;
	if (d_lookup_child(parent, name))
		return -EEXIST;
	i = new_inode(parent->d_sb, mode);
	if (!i)
		return -ENOMEM;
	if (S_ISDIR(mode)) {
		i->i_op = &ramfs_dir_inode_operations;
		i->i_fop = &ramfs_dir_operations;
		i->i_nlink = 2;
		dir->i_nlink++;		/* the new directory's ".." */
	} else {
		i->i_fop = &ramfs_file_operations;
	}
	d = d_alloc(parent, name, i);
	if (!d) {
		if (S_ISDIR(mode))
			dir->i_nlink--;
		return -ENOMEM;
	}
	if (out)
		*out = d;
	return 0;
}

static int ramfs_create(struct inode *dir, struct dentry *parent, const char *name, umode_t mode, struct dentry **out)
{
	return ramfs_mknod(dir, parent, name, S_IFREG | (mode & 07777), out);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *parent, const char *name, umode_t mode)
{
	return ramfs_mknod(dir, parent, name, S_IFDIR | (mode & 07777), NULL);
}

/*
 * Only ramfs and tmpfs keep names this way. The sysfs and /proc/sys
 * directories built on these operations refuse what would change their
 * names, their entries being the kernel's: sysfs (kernfs, no unlink) with
 * EPERM, /proc/sys with EACCES (proc_sys_permission: no writing to a
 * directory, root included).
 */
static bool ramfs_sb(struct inode *dir)
{
	return dir->i_sb && dir->i_sb->s_magic == RAMFS_MAGIC;
}

static int not_ramfs_error(struct inode *dir)
{
	return dir->i_sb == proc_sb ? -EACCES : -EPERM;
}

static int ramfs_unlink(struct inode *dir, struct dentry *d)
{
	if (!ramfs_sb(dir))
		return not_ramfs_error(dir);
	d_delete(d);
	return 0;
}

static int ramfs_rmdir(struct inode *dir, struct dentry *d)
{
	if (!ramfs_sb(dir))
		return not_ramfs_error(dir);
	if (!list_empty(&d->d_inode->i_children))
		return -ENOTEMPTY;
	if (d->d_mounted)
		return -EBUSY;
	d_delete(d);
	dir->i_nlink--;
	return 0;
}

/* simple_link: one more name, and one more link, for the inode. */
static int ramfs_link(struct dentry *old, struct inode *dir, struct dentry *parent, const char *name)
{
	struct inode *i = old->d_inode;
	if (!ramfs_sb(dir))
		return not_ramfs_error(dir);
	i->i_count++;
	i->i_nlink++;
	if (!d_alloc(parent, name, i)) {
		i->i_nlink--;
		return -ENOMEM;
	}
	return 0;
}

/*
 * shmem_rename2: the dentry moves, keeping its inode (so open files, the
 * cwd and other hard links follow). A target is unlinked first, a
 * directory only when empty; RENAME_EXCHANGE swaps the two names.
 */
static int ramfs_rename(struct inode *old_dir, struct dentry *old, struct dentry *new_parent, const char *name,
			struct dentry *target, unsigned int flags)
{
	struct inode *new_dir = new_parent->d_inode;
	bool is_dir = S_ISDIR(old->d_inode->i_mode);
	char old_name[NAME_MAX + 1];

	if (!ramfs_sb(old_dir))
		return not_ramfs_error(old_dir);
	if (flags & RENAME_WHITEOUT)
		return -EINVAL;	/* no whiteouts without an overlay */
	if (flags & RENAME_EXCHANGE) {
		struct dentry *old_parent = old->d_parent;
		bool new_is_dir = S_ISDIR(target->d_inode->i_mode);
		strscpy(old_name, old->d_name, sizeof(old_name));
		if (d_set_name(old, name))
			return -ENOMEM;
		if (d_set_name(target, old_name)) {
			d_set_name(old, old_name);	/* fits: it was the old name */
			return -ENOMEM;
		}
		if (old_parent != new_parent && is_dir != new_is_dir) {
			old_dir->i_nlink += new_is_dir ? 1 : -1;
			new_dir->i_nlink += is_dir ? 1 : -1;
		}
		d_move(old, new_parent);
		d_move(target, old_parent);
		return 0;
	}
	if (target && S_ISDIR(target->d_inode->i_mode) && !list_empty(&target->d_inode->i_children))
		return -ENOTEMPTY;
	if (d_set_name(old, name))
		return -ENOMEM;
	if (target) {
		d_delete(target);
		if (is_dir)
			new_dir->i_nlink--;
	}
	if (is_dir && old_dir != new_dir) {
		old_dir->i_nlink--;
		new_dir->i_nlink++;
	}
	d_move(old, new_parent);
	old_dir->i_mtime = new_dir->i_mtime = ktime_get_real_seconds();
	return 0;
}

static const char *ramfs_get_link(struct dentry *d, char *buf, size_t n)
{
	struct inode *i = d->d_inode;
	size_t l = min((size_t)i->i_size, n - 1);
	memcpy(buf, i->i_data, l);
	buf[l] = 0;
	return buf;
}

const struct inode_operations ramfs_dir_inode_operations = {
	.lookup = simple_lookup,
	.iterate = dcache_readdir,
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.link = ramfs_link,
	.rename = ramfs_rename,
};

static const struct inode_operations ramfs_symlink_inode_operations = {
	.get_link = ramfs_get_link,
};

int ramfs_symlink(struct dentry *parent, const char *name, const char *target)
{
	struct dentry *d;
	int r = ramfs_mknod(parent->d_inode, parent, name, S_IFLNK | 0777, &d);
	if (r)
		return r;
	d->d_inode->i_op = &ramfs_symlink_inode_operations;
	return ramfs_write_data(d->d_inode, target, strlen(target), 0);
}

void __init vfs_caches_init(void)
{
	rootfs_sb = register_fs_instance("rootfs", RAMFS_MAGIC, 0755);
	rootfs_sb->s_dev = "rootfs";
	root_dentry = rootfs_sb->s_root;
	root_dentry->d_inode->i_fop = &ramfs_dir_operations;
	init_task.fs = copy_fs(NULL);
}

/*
 * Creates each missing directory of path (relative to /); NULL when a
 * component is longer than NAME_MAX (the entry is skipped, as Linux's
 * unpacker skips what it cannot create).
 */
static struct dentry *__init mkdir_p(const char *path, struct dentry **leaf_parent, const char **leaf)
{
	struct dentry *d = root_dentry;
	char comp[NAME_MAX + 1];
	for (;;) {
		const char *e;
		size_t l;
		while (*path == '/')
			path++;
		e = strchrnul_(path, '/');
		l = e - path;
		if (l > NAME_MAX || !d)
			return NULL;
		if (!*e) {
			*leaf_parent = d;
			*leaf = path;
			return d;
		}
		memcpy(comp, path, l);
		comp[l] = 0;
		{
			struct dentry *c = d_lookup_child(d, comp);
			if (!c) {
				ramfs_mkdir(d->d_inode, d, comp, 0755);
				c = d_lookup_child(d, comp);
			}
			d = c;
		}
		path = e;
	}
}

static unsigned long __init hex8(const char *s)
{
	unsigned long v = 0;
	for (int i = 0; i < 8; i++) {
		char c = s[i];
		v = v * 16 + (c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
	}
	return v;
}

static int __init unpack_cpio(const char *buf, unsigned long len)
{
	unsigned long off = 0;
	int files = 0;
	while (off + 110 <= len) {
		const char *h = buf + off;
		unsigned long mode, namesize, filesize;
		const char *name, *data, *leaf;
		struct dentry *parent, *d;

		if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6)) {
			pr_err("Initramfs unpacking failed: no cpio magic\n");
			return -EINVAL;
		}
		mode = hex8(h + 14);
		filesize = hex8(h + 54);
		namesize = hex8(h + 94);
		name = h + 110;
		data = buf + ALIGN(off + 110 + namesize, 4);
		off = ALIGN((unsigned long)(data - buf) + filesize, 4);
		if (!strcmp(name, "TRAILER!!!"))
			break;
		if (!strcmp(name, ".") || !*name)
			continue;
		if (!mkdir_p(name, &parent, &leaf))
			continue;
		d = d_lookup_child(parent, leaf);
		if (S_ISDIR(mode)) {
			if (!d)
				ramfs_mkdir(parent->d_inode, parent, leaf, mode);
		} else if (S_ISLNK(mode)) {
			char target[256];
			size_t l = min(filesize, sizeof(target) - 1);
			memcpy(target, data, l);
			target[l] = 0;
			ramfs_symlink(parent, leaf, target);
		} else if (S_ISREG(mode)) {
			if (!d && ramfs_create(parent->d_inode, parent, leaf, mode, &d))
				continue;
			d->d_inode->i_mode = S_IFREG | (mode & 07777);
			ramfs_write_data(d->d_inode, data, filesize, 0);
			files++;
		}
	}
	return files;
}

static int __init populate_rootfs(void)
{
	unsigned long pages = 0;
	if (!initrd_start)
		return 0;
	pr_info("Trying to unpack rootfs image as initramfs...\n");
	if (unpack_cpio((const char *)initrd_start, initrd_end - initrd_start) < 0)
		return 0;
	for (unsigned long a = PAGE_ALIGN(initrd_start); a + PAGE_SIZE <= initrd_end; a += PAGE_SIZE, pages++)
		free_reserved_page(virt_to_page(a));
	pr_info("Freeing initrd memory: %luK\n", pages << 2);
	return 0;
}

/* /boot/config-<release>, from the .config built into the image (IKCONFIG). */
static int __init boot_config_file(void)
{
	extern char kernel_config_data[], kernel_config_data_end[];
	struct dentry *parent, *d;
	const char *leaf;
	char path[80];
	snprintf(path, sizeof(path), "boot/config-%s", utsname()->release);
	mkdir_p(path, &parent, &leaf);
	if (ramfs_create(parent->d_inode, parent, leaf, 0644, &d))
		return 0;
	ramfs_write_data(d->d_inode, kernel_config_data, kernel_config_data_end - kernel_config_data, 0);
	return 0;
}
rootfs_initcall(boot_config_file);
rootfs_initcall(populate_rootfs);
