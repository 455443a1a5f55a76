/*
 * seq_file.c: sequential files. Each read() fills the buffer from the
 * iterator (start/show/next/stop) until the user's request is met; a
 * record that does not fit makes the buffer grow (doubling) and is
 * regenerated. Records are never split across reads except when the
 * user's buffer is smaller than one record.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <asm/page.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

int seq_open(struct file *file, const struct seq_operations *op)
{
	struct seq_file *m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->op = op;
	m->file = file;
	mutex_init(&m->lock);
	file->private_data = m;
	return 0;
}

static void *seq_buf_alloc(size_t n)
{
	return kvmalloc(n, GFP_KERNEL);
}

/* Fills m->buf with whole records starting at m->index; returns 0 or -errno. */
static int seq_fill(struct seq_file *m, size_t want)
{
	void *p;
	int err = 0;

	m->count = 0;
	m->from = 0;
	if (!m->buf) {
		m->size = PAGE_SIZE;
		m->buf = seq_buf_alloc(m->size);
		if (!m->buf)
			return -ENOMEM;
	}
	p = m->op->start(m, &m->index);
	while (p) {
		size_t before = m->count;
		loff_t next;
		if (IS_ERR(p)) {
			err = PTR_ERR(p);
			break;
		}
		err = m->op->show(m, p);
		if (err < 0)
			break;
		if (err == SEQ_SKIP)
			m->count = before;
		err = 0;
		if (m->count == m->size) {
			/* overflow: grow and redo this record */
			if (before) {
				m->count = before;
				break;
			}
			m->op->stop(m, p);
			kvfree(m->buf);
			m->size <<= 1;
			m->buf = seq_buf_alloc(m->size);
			if (!m->buf)
				return -ENOMEM;
			m->count = 0;
			p = m->op->start(m, &m->index);
			continue;
		}
		next = m->index;
		p = m->op->next(m, p, &next);
		m->index = next;
		if (m->count >= want)
			break;
	}
	m->op->stop(m, p);
	return err;
}

ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	size_t copied = 0;
	int err = 0;

	mutex_lock(&m->lock);
	if (*ppos == 0) {
		m->index = 0;
		m->count = 0;
		m->from = 0;
		m->read_pos = 0;
	}
	while (copied < size) {
		size_t n;
		if (m->count == 0) {
			err = seq_fill(m, size - copied);
			if (err || m->count == 0)
				break;
		}
		n = min(m->count, size - copied);
		if (copy_to_user(buf + copied, m->buf + m->from, n)) {
			err = -EFAULT;
			break;
		}
		m->from += n;
		m->count -= n;
		copied += n;
	}
	*ppos += copied;
	mutex_unlock(&m->lock);
	return copied ? (ssize_t)copied : err;
}

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	struct seq_file *m = file->private_data;
	if (whence != 0 || offset != 0)
		return -EINVAL;
	m->index = 0;
	m->count = 0;
	file->f_pos = 0;
	return 0;
}

int seq_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	kvfree(m->buf);
	kfree(m);
	return 0;
}

void seq_vprintf(struct seq_file *m, const char *fmt, va_list args)
{
	if (m->count < m->size) {
		int len = vsnprintf(m->buf + m->count, m->size - m->count, fmt, args);
		if (m->count + len < m->size) {
			m->count += len;
			return;
		}
	}
	m->count = m->size;	/* overflow */
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list a;
	va_start(a, fmt);
	seq_vprintf(m, fmt, a);
	va_end(a);
}
EXPORT_SYMBOL(seq_printf);

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->count + len < m->size) {
		memcpy(m->buf + m->count, data, len);
		m->count += len;
	} else {
		m->count = m->size;
	}
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}
EXPORT_SYMBOL(seq_puts);

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}
EXPORT_SYMBOL(seq_putc);

void seq_hex_dump(struct seq_file *m, const char *prefix_str, int prefix_type, int rowsize, int groupsize,
		  const void *buf, size_t len, bool ascii)
{
	char line[32 * 3 + 2 + 32 + 1];
	const u8 *p = buf;
	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += rowsize) {
		size_t n = min(len - i, (size_t)rowsize);
		hex_dump_to_buffer(p + i, n, rowsize, groupsize, line, sizeof(line), ascii);
		if (prefix_type == DUMP_PREFIX_ADDRESS)
			seq_printf(m, "%s%px: %s\n", prefix_str, p + i, line);
		else if (prefix_type == DUMP_PREFIX_OFFSET)
			seq_printf(m, "%s%.8zx: %s\n", prefix_str, i, line);
		else
			seq_printf(m, "%s%s\n", prefix_str, line);
	}
}
EXPORT_SYMBOL(seq_hex_dump);

struct single_data {
	int (*show)(struct seq_file *, void *);
	void *data;
};

static void *single_start(struct seq_file *m, loff_t *pos) { return *pos ? NULL : (void *)1; }
static void *single_next(struct seq_file *m, void *v, loff_t *pos) { ++*pos; return NULL; }
static void single_stop(struct seq_file *m, void *v) { }
static int single_show(struct seq_file *m, void *v)
{
	struct single_data *d = m->private;
	return d->show(m, d->data);
}
static const struct seq_operations single_ops = { single_start, single_stop, single_next, single_show };

/* The data a single_open file was opened with (what its show function gets). */
void *single_data(struct seq_file *m)
{
	return ((struct single_data *)m->private)->data;
}

int single_open(struct file *file, int (*show)(struct seq_file *, void *), void *data)
{
	struct single_data *d = kmalloc(sizeof(*d), GFP_KERNEL);
	int r;
	if (!d)
		return -ENOMEM;
	d->show = show;
	d->data = data;
	r = seq_open(file, &single_ops);
	if (r) {
		kfree(d);
		return r;
	}
	((struct seq_file *)file->private_data)->private = d;
	return 0;
}
EXPORT_SYMBOL(single_open);

int single_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	kfree(m->private);
	return seq_release(inode, file);
}
EXPORT_SYMBOL(single_release);
EXPORT_SYMBOL(seq_open);
EXPORT_SYMBOL(seq_read);
EXPORT_SYMBOL(seq_lseek);
EXPORT_SYMBOL(seq_release);
