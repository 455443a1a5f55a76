#ifndef _LINUX_PROC_FS_H
#define _LINUX_PROC_FS_H
#include <linux/fs.h>
struct proc_dir_entry;
struct dentry *proc_create_single(const char *name, umode_t mode, struct dentry *parent,
				  int (*show)(struct seq_file *, void *));
struct dentry *proc_create(const char *name, umode_t mode, struct dentry *parent, const struct file_operations *fops);
struct dentry *proc_mkdir(const char *name, struct dentry *parent);
void proc_flush_pid(int pid);
int proc_fd_dirs(struct dentry *piddir, long pid);	/* fs/proc_fd.c: fd/ and fdinfo/ */
#endif
