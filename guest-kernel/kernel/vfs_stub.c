/* vfs_stub.c: TEMPORARY until fs/ lands. */
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/debugfs.h>
void seq_printf(struct seq_file *m, const char *fmt, ...) { }
void seq_hex_dump(struct seq_file *m, const char *p, int t, int r, int g, const void *b, size_t l, bool a) { }
int seq_open(struct file *file, const struct seq_operations *op) { return -ENOSYS; }
ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos) { return -ENOSYS; }
loff_t seq_lseek(struct file *file, loff_t offset, int whence) { return -ENOSYS; }
int seq_release(struct inode *inode, struct file *file) { return 0; }
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n) { return n; }
struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent, void *data, const struct file_operations *fops) { return NULL; }
