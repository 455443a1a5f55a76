/* seq_file.h: sequential files for /proc and debugfs (fs/seq_file.c). */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H
#include <linux/types.h>
#include <linux/fs.h>
#include <linux/stdarg.h>
#include <linux/export.h>
struct seq_file {
	char *buf;
	size_t size, from, count;
	loff_t index;
	loff_t read_pos;
	const struct seq_operations *op;
	struct mutex lock;
	void *private;
	struct file *file;
};
struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};
#define SEQ_SKIP 1
int seq_open(struct file *file, const struct seq_operations *op);
ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);
int seq_release(struct inode *inode, struct file *file);
int single_open(struct file *file, int (*show)(struct seq_file *, void *), void *data);
int single_release(struct inode *inode, struct file *file);
void *single_data(struct seq_file *m);
void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_vprintf(struct seq_file *m, const char *fmt, va_list args);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
void seq_write(struct seq_file *m, const void *data, size_t len);
void seq_hex_dump(struct seq_file *m, const char *prefix_str, int prefix_type, int rowsize,
		  int groupsize, const void *buf, size_t len, bool ascii);
#define DEFINE_SHOW_ATTRIBUTE(__name) \
static int __name##_open(struct inode *inode, struct file *file) \
{ return single_open(file, __name##_show, inode->i_private); } \
static const struct file_operations __name##_fops = { \
	.owner = THIS_MODULE, .open = __name##_open, .read = seq_read, \
	.llseek = seq_lseek, .release = single_release, }
#endif
