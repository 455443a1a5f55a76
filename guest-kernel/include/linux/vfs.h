/*
 * vfs.h: the kernel-internal VFS interface (fs/).
 *
 * Every filesystem here keeps its whole tree in memory: a directory inode
 * lists its child dentries (i_children). procfs adds entries on the fly
 * through i_op->lookup/iterate. A mount hangs another filesystem's root
 * dentry on a directory dentry (d_mounted); path walks cross it.
 */
#ifndef _LINUX_VFS_H
#define _LINUX_VFS_H
#include <linux/fs.h>
#define NAME_MAX 255
#define PATH_MAX 4096
struct super_block {
	const char *s_type;		/* "ramfs", "proc", ... */
	struct dentry *s_root;
	unsigned long s_magic;
	const char *s_dev;		/* source shown in /proc/mounts */
	unsigned int s_minor;		/* its anonymous device, 0:s_minor (get_anon_bdev) */
	int s_mnt_id;			/* an internal mount's id (kern_mount: pipefs), else 0 */
	/* d_dname: the name of a dentry of this instance that has no path (pipefs: "pipe:[ino]") */
	int (*s_d_dname)(struct dentry *d, char *buf, int len);
};
#define DNAME_INLINE_LEN 32	/* names shorter than this live in d_iname */
struct dentry {
	const char *d_name;		/* d_iname, or a kmalloc'd copy of a longer name */
	char d_iname[DNAME_INLINE_LEN];
	struct inode *d_inode;
	struct dentry *d_parent;
	struct list_head d_child;	/* in d_parent->d_inode->i_children */
	struct dentry *d_mounted;	/* root of a filesystem mounted here */
	struct dentry *d_mountpoint;	/* for an fs root: where it is mounted */
	struct super_block *d_sb;
	int d_count;
	bool d_dynamic;			/* procfs: freed when the last user lets go */
	bool d_unlinked;		/* d_delete'd: out of its directory, holding d_parent */
};
struct dir_context {
	int (*actor)(struct dir_context *ctx, const char *name, int len, loff_t pos, u64 ino, unsigned type);
	loff_t pos;
};
struct inode_operations {
	struct dentry *(*lookup)(struct inode *dir, struct dentry *parent, const char *name);
	int (*iterate)(struct inode *dir, struct dentry *d, struct dir_context *ctx);
	int (*create)(struct inode *dir, struct dentry *parent, const char *name, umode_t mode, struct dentry **out);
	int (*mkdir)(struct inode *dir, struct dentry *parent, const char *name, umode_t mode);
	int (*unlink)(struct inode *dir, struct dentry *d);
	int (*rmdir)(struct inode *dir, struct dentry *d);
	const char *(*get_link)(struct dentry *d, char *buf, size_t n);
	/* a magic link (procfs fd links): what it stands for, reached without a walk (nd_jump_link) */
	struct dentry *(*jump_link)(struct dentry *d);
	/* a new name for old's inode in parent (link(2)); old is not a directory */
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *parent, const char *name);
	/* old (in old_dir) to name in new_parent, replacing or exchanging with target (may be NULL) */
	int (*rename)(struct inode *old_dir, struct dentry *old, struct dentry *new_parent, const char *name,
		      struct dentry *target, unsigned int flags);
};
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)
#define RENAME_WHITEOUT (1 << 2)
#define RAMFS_MAGIC 0x858458f6
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10
#define AT_FDCWD -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_EMPTY_PATH 0x1000
struct fs_struct { struct dentry *root, *pwd; };
#define NR_OPEN_DEFAULT 64
struct files_struct { struct file *fd[NR_OPEN_DEFAULT]; unsigned long close_on_exec; int count; };

struct inode *new_inode(struct super_block *sb, umode_t mode);
void iput(struct inode *inode);
struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *inode);
void d_delete(struct dentry *d);
int d_set_name(struct dentry *d, const char *name);
void d_move(struct dentry *d, struct dentry *new_parent);
void dget(struct dentry *d);
void dput(struct dentry *d);
struct dentry *d_lookup_child(struct dentry *parent, const char *name);
struct dentry *simple_lookup(struct inode *dir, struct dentry *parent, const char *name);
int dcache_readdir(struct inode *dir, struct dentry *d, struct dir_context *ctx);
bool dir_emit_dots(struct inode *dir, unsigned long parent_ino, struct dir_context *ctx);
unsigned char dt_type(umode_t mode);
int path_lookup(const char *path, bool follow, struct dentry **out);
int path_parent(const char *path, struct dentry **parent, const char **last);
void set_at_dfd(int dfd);		/* relative names from dfd until clear_at_dfd (the *at calls) */
void clear_at_dfd(void);
int dfd_dir(int dfd, struct dentry **d);
int vfs_open(struct dentry *d, unsigned int flags, struct file **out);
struct file *alloc_file(struct dentry *d, unsigned int flags, const struct file_operations *fops);
void fput(struct file *f);
void fget_file(struct file *f);
struct file *fget(int fd);
int get_unused_fd(void);
int fd_install_new(struct file *f);
int fd_install_flags(struct file *f, unsigned int flags);	/* O_CLOEXEC in flags: close on exec */
ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t *pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos);
int d_path(struct dentry *d, char *buf, int len);
int file_path(struct file *f, char *buf, int len);	/* d_path with " (deleted)" and pseudo names */
int mnt_id_of_sb(struct super_block *sb);
struct files_struct *dup_files(struct files_struct *f);
struct fs_struct *copy_fs(struct fs_struct *f);
void close_on_exec(struct files_struct *f);
struct super_block *register_fs_instance(const char *type, unsigned long magic, umode_t root_mode);
int do_mount_fs(const char *type, const char *source, struct dentry *mountpoint);
extern struct dentry *root_dentry;
/* ramfs file contents: a growable kmalloc/vmalloc buffer */
int ramfs_write_data(struct inode *inode, const void *data, size_t len, loff_t pos);
extern const struct file_operations ramfs_file_operations;
extern const struct inode_operations ramfs_dir_inode_operations;
extern struct super_block *debugfs_sb, *proc_sb, *sysfs_sb;
#endif
