/*
 * proc.c: procfs.
 *
 * Fixed entries (cmdline, modules, kallsyms, slabinfo, mounts,
 * version, interrupts, filesystems, config.gz) are dentries made
 * at boot; their contents are generated per open by seq_file show
 * functions. The root lookup makes the per-process directories
 * /proc/<pid> (proc_pid.c) on first use; /proc/self links to the reader's.
 * /proc/config.gz is a real gzip file whose deflate stream uses stored blocks, so zcat and gunzip read it.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include <linux/kallsyms.h>
#include <linux/utsname.h>
#include <linux/crc32.h>
#include <linux/uaccess.h>
#include <linux/vfs.h>
#include <linux/ctype.h>

struct super_block *proc_sb;
extern char saved_command_line[];
extern char kernel_config_data[], kernel_config_data_end[];
int mounts_show(struct seq_file *m, void *v);
int modules_show(int (*emit)(void *ctx, const char *line), void *ctx);
int kallsyms_show(int (*emit)(void *ctx, const char *line), void *ctx);
void show_interrupts(void (*emit)(void *, const char *), void *ctx);
static const struct inode_operations proc_root_inode_operations;
struct dentry *proc_pid_dir(int pid);

struct dentry *proc_create(const char *name, umode_t mode, struct dentry *parent, const struct file_operations *fops)
{
	struct inode *i = new_inode(proc_sb, (mode & S_IFMT) ? mode : S_IFREG | mode);
	if (!i)
		return NULL;
	i->i_fop = fops;
	return d_alloc(parent ? parent : proc_sb->s_root, name, i);
}

static int single_show_open(struct inode *inode, struct file *file)
{
	return single_open(file, inode->i_private, NULL);
}

static const struct file_operations proc_single_fops = {
	.open = single_show_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

struct dentry *proc_create_single(const char *name, umode_t mode, struct dentry *parent,
				  int (*show)(struct seq_file *, void *))
{
	struct dentry *d = proc_create(name, mode, parent, &proc_single_fops);
	if (d)
		d->d_inode->i_private = show;
	return d;
}

struct dentry *proc_mkdir(const char *name, struct dentry *parent)
{
	struct dentry *d = proc_create(name, S_IFDIR | 0555, parent, NULL);
	if (d)
		d->d_inode->i_op = &ramfs_dir_inode_operations;
	return d;
}

static int seq_emit(void *ctx, const char *line)
{
	seq_puts(ctx, line);
	return 0;
}

static void seq_emit_void(void *ctx, const char *line)
{
	seq_puts(ctx, line);
}

static int cmdline_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", saved_command_line);
	return 0;
}

static int version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s version %s (root@kmemlab) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) %s\n",
		   utsname()->sysname, utsname()->release, utsname()->version);
	return 0;
}

static int modules_seq_show(struct seq_file *m, void *v)
{
	return modules_show(seq_emit, m);
}

static int kallsyms_seq_show(struct seq_file *m, void *v)
{
	return kallsyms_show(seq_emit, m);
}

static int slabinfo_seq_show(struct seq_file *m, void *v)
{
	slabinfo_show(seq_emit_void, m);
	return 0;
}

static int interrupts_seq_show(struct seq_file *m, void *v)
{
	show_interrupts(seq_emit_void, m);
	return 0;
}

static int filesystems_show(struct seq_file *m, void *v)
{
	seq_puts(m, "nodev\tsysfs\nnodev\trootfs\nnodev\tramfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdebugfs\nnodev\tdevtmpfs\n");
	return 0;
}

/* gzip of the .config with stored deflate blocks (RFC 1951 BTYPE=00). */
static int config_gz_show(struct seq_file *m, void *v)
{
	const u8 *data = (const u8 *)kernel_config_data;
	size_t len = kernel_config_data_end - kernel_config_data, off = 0;
	static const u8 hdr[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	u32 crc = ~crc32_le(~0U, data, len);
	u8 tail[8];

	seq_write(m, hdr, sizeof(hdr));
	do {
		size_t n = min(len - off, (size_t)65535);
		u8 bh[5] = { off + n == len, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff };
		seq_write(m, bh, 5);
		seq_write(m, data + off, n);
		off += n;
	} while (off < len);
	for (int i = 0; i < 4; i++) {
		tail[i] = crc >> (8 * i);
		tail[4 + i] = len >> (8 * i);
	}
	seq_write(m, tail, 8);
	return 0;
}

static bool is_pid_name(const char *name, long *pid)
{
	char *end;
	if (!isdigit(name[0]))
		return false;
	*pid = simple_strtol(name, &end, 10);
	return !*end;
}

static struct dentry *proc_root_lookup(struct inode *dir, struct dentry *parent, const char *name)
{
	long pid;
	struct dentry *d = d_lookup_child(parent, name);
	if (d)
		return d;
	if (is_pid_name(name, &pid) && find_task_by_pid(pid)) {
		return proc_pid_dir(pid);
	}
	return NULL;
}

static int proc_root_iterate(struct inode *dir, struct dentry *d, struct dir_context *ctx)
{
	struct dentry *c;
	struct task_struct *t;
	loff_t idx = 2;
	long pid;

	if (!dir_emit_dots(dir, dir->i_ino, ctx))
		return 0;
	list_for_each_entry(c, &dir->i_children, d_child) {
		if (is_pid_name(c->d_name, &pid))
			continue;
		if (idx++ < ctx->pos)
			continue;
		if (ctx->actor(ctx, c->d_name, strlen(c->d_name), ctx->pos, c->d_inode->i_ino, dt_type(c->d_inode->i_mode)))
			return 0;
		ctx->pos++;
	}
	for_each_process(t) {
		char name[16];
		if (!t->pid || t->exit_state == EXIT_DEAD)
			continue;
		if (idx++ < ctx->pos)
			continue;
		snprintf(name, sizeof(name), "%d", t->pid);
		if (ctx->actor(ctx, name, strlen(name), ctx->pos, 0x10000 + t->pid, DT_DIR))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static const struct inode_operations proc_root_inode_operations = {
	.lookup = proc_root_lookup,
	.iterate = proc_root_iterate,
};

static const char *proc_self_get_link(struct dentry *d, char *buf, size_t n)
{
	snprintf(buf, n, "%d", current->tgid);
	return buf;
}

static const struct inode_operations proc_self_inode_operations = {
	.get_link = proc_self_get_link,
};

static int __init proc_root_init(void)
{
	struct dentry *self;
	proc_sb = register_fs_instance("proc", 0x9fa0, 0555);
	proc_sb->s_dev = "proc";
	proc_sb->s_root->d_inode->i_op = &proc_root_inode_operations;
	proc_create_single("cmdline", 0444, NULL, cmdline_show);
	proc_create_single("version", 0444, NULL, version_show);
	proc_create_single("modules", 0444, NULL, modules_seq_show);
	proc_create_single("kallsyms", 0444, NULL, kallsyms_seq_show);
	proc_create_single("slabinfo", 0400, NULL, slabinfo_seq_show);
	proc_create_single("mounts", 0444, NULL, mounts_show);
	proc_create_single("interrupts", 0444, NULL, interrupts_seq_show);
	proc_create_single("filesystems", 0444, NULL, filesystems_show);
	proc_create_single("config.gz", 0444, NULL, config_gz_show);
	self = proc_create("self", S_IFLNK | 0777, NULL, NULL);
	if (self)
		self->d_inode->i_op = &proc_self_inode_operations;
	return 0;
}
fs_initcall(proc_root_init);
