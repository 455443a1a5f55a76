/* debugfs.h: the debug filesystem (fs/debugfs.c), mounted at /sys/kernel/debug. */
#ifndef _LINUX_DEBUGFS_H
#define _LINUX_DEBUGFS_H
#include <linux/types.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
				   void *data, const struct file_operations *fops);
struct dentry *debugfs_create_dir(const char *name, struct dentry *parent);
void debugfs_create_u32(const char *name, umode_t mode, struct dentry *parent, u32 *value);
void debugfs_create_u64(const char *name, umode_t mode, struct dentry *parent, u64 *value);
void debugfs_create_bool(const char *name, umode_t mode, struct dentry *parent, bool *value);
void debugfs_remove(struct dentry *dentry);
void debugfs_remove_recursive(struct dentry *dentry);
struct dentry *debugfs_lookup(const char *name, struct dentry *parent);
bool debugfs_initialized(void);
#endif
