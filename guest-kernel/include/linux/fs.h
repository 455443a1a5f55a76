/* fs.h: the VFS objects drivers and modules see (fs/). */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H
#include <linux/types.h>
#include <linux/list.h>
#include <linux/wait.h>
#include <linux/mutex.h>
struct inode;
struct file;
struct dentry;
struct seq_file;
struct poll_table_struct;
struct module;
#define S_IFMT	0170000
#define S_IFSOCK 0140000
#define S_IFLNK	0120000
#define S_IFREG	0100000
#define S_IFBLK	0060000
#define S_IFDIR	0040000
#define S_IFCHR	0020000
#define S_IFIFO	0010000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_IRWXU 00700
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IXUSR 00100
#define S_IRWXG 00070
#define S_IRGRP 00040
#define S_IWGRP 00020
#define S_IXGRP 00010
#define S_IRWXO 00007
#define S_IROTH 00004
#define S_IWOTH 00002
#define S_IXOTH 00001
#define S_IRUGO (S_IRUSR | S_IRGRP | S_IROTH)
#define S_IWUGO (S_IWUSR | S_IWGRP | S_IWOTH)
#define S_IXUGO (S_IXUSR | S_IXGRP | S_IXOTH)
#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_CREAT 00000100
#define O_EXCL 00000200
#define O_NOCTTY 00000400
#define O_TRUNC 00001000
#define O_APPEND 00002000
#define O_NONBLOCK 00004000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_CLOEXEC 02000000
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	int (*iterate)(struct file *, void *ctx);
	unsigned int (*poll)(struct file *, struct poll_table_struct *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	int (*open)(struct inode *, struct file *);
	int (*flush)(struct file *, void *id);
	int (*release)(struct inode *, struct file *);
};
struct inode {
	umode_t i_mode;
	unsigned int i_nlink;
	unsigned long i_ino;
	loff_t i_size;
	dev_t i_rdev;
	const struct file_operations *i_fop;
	const struct file_operations *i_real_fop;	/* debugfs: what the proxy calls */
	const struct inode_operations *i_op;
	void *i_private;
	struct super_block *i_sb;
	time64_t i_mtime;
	int i_count;
	struct list_head i_children;	/* ramfs/debugfs: dentries below a directory */
	char *i_data;			/* ramfs: file contents */
	size_t i_capacity;
	struct mutex i_mutex;
};
struct file {
	const struct file_operations *f_op;
	struct inode *f_inode;
	struct dentry *f_dentry;
	loff_t f_pos;
	unsigned int f_flags;
	unsigned int f_mode;
	int f_count;
	void *private_data;
};
#define file_inode(f) ((f)->f_inode)
loff_t no_llseek(struct file *f, loff_t off, int whence);
loff_t default_llseek(struct file *f, loff_t off, int whence);
loff_t generic_file_llseek(struct file *f, loff_t off, int whence);
int simple_open(struct inode *inode, struct file *file);
int nonseekable_open(struct inode *inode, struct file *file);
ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos, const void *from, size_t available);
ssize_t simple_write_to_buffer(void *to, size_t available, loff_t *ppos, const void __user *from, size_t count);
#endif
