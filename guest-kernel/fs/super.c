/*
 * super.c: mount(2), umount2(2), /proc/mounts and sysfs.
 *
 * Filesystems are single instances created at boot (proc, sysfs, debugfs,
 * devtmpfs) plus new ramfs/tmpfs instances per mount. Mounting hangs the
 * instance's root on the target directory; a busy target (already a
 * mount point) gives -EBUSY as Linux does for the same instance.
 * sysfs is a fixed skeleton: /sys/kernel, /sys/kernel/debug (where debugfs
 * goes), /sys/module.
 * /proc/<pid>/mountinfo (show_mountinfo) is one mount namespace's: each
 * mount's id (rootfs 1, then in mount order, pipefs's internal mount
 * taking 2 at boot), its parent's, the instance's
 * anonymous device (0:minor), root, mount point, options, "-", type,
 * source, super options.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/seq_file.h>
#include <linux/vfs.h>

struct super_block *sysfs_sb, *devtmpfs_sb;
struct mount_rec { struct dentry *mountpoint; struct super_block *sb; struct list_head list; int mnt_id; };
static int next_mnt_id = 2;	/* 1: the rootfs mount */
static LIST_HEAD(mount_list);
extern struct super_block *proc_sb;

static int __init sysfs_init(void)
{
	struct inode *r;
	sysfs_sb = register_fs_instance("sysfs", 0x62656572, 0755);
	sysfs_sb->s_dev = "sysfs";
	r = sysfs_sb->s_root->d_inode;
	r->i_op->mkdir(r, sysfs_sb->s_root, "kernel", 0755);
	r->i_op->mkdir(r, sysfs_sb->s_root, "module", 0755);
	{
		struct dentry *k = d_lookup_child(sysfs_sb->s_root, "kernel");
		k->d_inode->i_op->mkdir(k->d_inode, k, "debug", 0700);
	}
	return 0;
}
core_initcall(sysfs_init);

static struct super_block *find_fs(const char *type, const char *source)
{
	struct super_block *sb = NULL;
	if (!strcmp(type, "proc"))
		sb = proc_sb;
	else if (!strcmp(type, "sysfs"))
		sb = sysfs_sb;
	else if (!strcmp(type, "debugfs"))
		sb = debugfs_sb;
	else if (!strcmp(type, "devtmpfs"))
		sb = devtmpfs_sb;
	else if (!strcmp(type, "ramfs") || !strcmp(type, "tmpfs")) {
		sb = register_fs_instance(kstrdup(type, GFP_KERNEL), RAMFS_MAGIC, 01777);
		if (sb)
			sb->s_dev = kstrdup(source, GFP_KERNEL);
	}
	return sb;
}

int do_mount_fs(const char *type, const char *source, struct dentry *mp)
{
	struct super_block *sb;
	struct mount_rec *rec;
	struct dentry *top = mp;

	/* a new ramfs/tmpfs instance (and its device number) only for a mount that can succeed */
	if ((!strcmp(type, "ramfs") || !strcmp(type, "tmpfs")) && !S_ISDIR(mp->d_inode->i_mode))
		return -ENOTDIR;
	sb = find_fs(type, source);
	if (!sb)
		return -ENODEV;
	if (!S_ISDIR(mp->d_inode->i_mode))
		return -ENOTDIR;
	while (top->d_mounted)
		top = top->d_mounted;
	if (top == sb->s_root || sb->s_root->d_mountpoint)
		return -EBUSY;
	rec = kzalloc(sizeof(*rec), GFP_KERNEL);
	if (!rec)
		return -ENOMEM;
	if (!sb->s_dev)
		sb->s_dev = kstrdup(source, GFP_KERNEL);
	rec->mountpoint = top;
	rec->sb = sb;
	rec->mnt_id = next_mnt_id++;
	list_add_tail(&rec->list, &mount_list);
	top->d_mounted = sb->s_root;
	sb->s_root->d_mountpoint = top;
	dget(top);
	return 0;
}

SYSCALL_DEFINE5(mount, char __user *, dev_name, char __user *, dir_name, char __user *, type,
		unsigned long, flags, void __user *, data)
{
	char *dir = kmalloc(PATH_MAX, GFP_KERNEL), src[64] = "none", t[32];
	struct dentry *d;
	long r;

	if (!dir)
		return -ENOMEM;
	r = IS_ERR(getname(dir_name, dir)) ? -EFAULT : 0;
	if (!r && dev_name && strncpy_from_user(src, dev_name, sizeof(src)) < 0)
		r = -EFAULT;
	src[sizeof(src) - 1] = 0;
	if (!r && (!type || strncpy_from_user(t, type, sizeof(t)) < 0))
		r = -EFAULT;
	t[sizeof(t) - 1] = 0;
	if (!r)
		r = path_lookup(dir, true, &d);
	if (!r)
		r = do_mount_fs(t, src, d);
	kfree(dir);
	return r;
}

SYSCALL_DEFINE2(umount2, char __user *, name, int, flags)
{
	struct dentry *d;
	struct mount_rec *rec;
	long r = user_path_at(name, true, &d);

	if (r)
		return r;
	list_for_each_entry(rec, &mount_list, list) {
		if (rec->sb->s_root == d) {
			if (!list_empty(&mount_list) && list_last_entry(&mount_list, struct mount_rec, list) != rec &&
			    d->d_mounted)
				return -EBUSY;
			rec->mountpoint->d_mounted = NULL;
			d->d_mountpoint = NULL;
			dput(rec->mountpoint);
			list_del(&rec->list);
			kfree(rec);
			return 0;
		}
	}
	return -EINVAL;
}

/* /proc/mounts */
int mounts_show(struct seq_file *m, void *v)
{
	struct mount_rec *rec;
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	seq_printf(m, "rootfs / rootfs rw 0 0\n");
	list_for_each_entry(rec, &mount_list, list) {
		if (d_path(rec->sb->s_root, buf, PATH_MAX) < 0)
			continue;
		seq_printf(m, "%s %s %s rw,relatime 0 0\n", rec->sb->s_dev ? rec->sb->s_dev : "none", buf,
			   rec->sb->s_type);
	}
	kfree(buf);
	return 0;
}

/*
 * kern_mount: an instance the kernel keeps mounted for itself (pipefs),
 * outside the namespace, so in no mountinfo; its id comes from the same
 * numbering as the others', as vfs_kern_mount's does.
 */
int kern_mount_id(struct super_block *sb)
{
	sb->s_mnt_id = next_mnt_id++;
	return sb->s_mnt_id;
}

/* the mount of an instance (each is mounted once at most): its id (1: rootfs) */
int mnt_id_of_sb(struct super_block *sb)
{
	struct mount_rec *rec;
	int id = sb->s_mnt_id ? sb->s_mnt_id : 1;
	list_for_each_entry(rec, &mount_list, list)
		if (rec->sb == sb)
			id = rec->mnt_id;
	return id;
}

/* /proc/<pid>/mountinfo */
int mountinfo_show(struct seq_file *m, void *v)
{
	struct mount_rec *rec;
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	seq_printf(m, "1 1 0:%u / / rw - rootfs rootfs rw\n", root_dentry->d_sb->s_minor);
	list_for_each_entry(rec, &mount_list, list) {
		if (d_path(rec->sb->s_root, buf, PATH_MAX) < 0)
			continue;
		seq_printf(m, "%d %d 0:%u / %s rw,relatime - %s %s rw\n", rec->mnt_id, mnt_id_of_sb(rec->mountpoint->d_sb),
			   rec->sb->s_minor, buf, rec->sb->s_type, rec->sb->s_dev ? rec->sb->s_dev : "none");
	}
	kfree(buf);
	return 0;
}
