/*
 * dynamic_debug.c: /sys/kernel/debug/dynamic_debug/control, as Linux 5.10.
 *
 * The kernel's pr_debug sites are the __dyndbg section; a module's are
 * added by the loader (ddebug_add_module) and removed with it. Reading
 * control lists every site:
 *     # filename:lineno [module]function flags format
 *     mm/kmemleak.c:1234 [kmemleak]kmemleak_scan =_ "scanning\012"
 * with the format escaped as seq_escape does (\t \r \n " as octal).
 * Writing runs queries, separated by ';' or newlines: match terms
 * "func NAME", "file NAME", "module NAME", "format TEXT", "line N[-M]",
 * then a flags change "+p", "-p" or "=pmflt" ('_' for none). p prints
 * the site; m, f, l, t prefix the message with module, function, line
 * and thread id. An unknown keyword or flag is EINVAL, with Linux's
 * "dyndbg:" message; a query that matches nothing is not an error.
 *
 * Locking: ddebug_lock (a mutex: queries come from process context) over
 * the table list; a site's flags are one byte the printing side reads.
 */
#define pr_fmt(fmt) "dyndbg: " fmt
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/debugfs.h>
#include <linux/uaccess.h>
#include <linux/ctype.h>
#include <linux/list.h>
#include <linux/dynamic_debug.h>
#include <linux/export.h>

extern struct _ddebug __start___dyndbg[], __stop___dyndbg[];

struct ddebug_table {
	struct list_head link;
	const char *mod_name;
	unsigned int num_ddebugs;
	struct _ddebug *ddebugs;
};

static LIST_HEAD(ddebug_tables);
static DEFINE_MUTEX(ddebug_lock);

static const struct { unsigned int flag; char opt_char; } opt_array[] = {
	{ _DPRINTK_FLAGS_PRINT, 'p' }, { _DPRINTK_FLAGS_INCL_MODNAME, 'm' }, { _DPRINTK_FLAGS_INCL_FUNCNAME, 'f' },
	{ _DPRINTK_FLAGS_INCL_LINENO, 'l' }, { _DPRINTK_FLAGS_INCL_TID, 't' }, { _DPRINTK_FLAGS_NONE, '_' },
};

static char *ddebug_describe_flags(unsigned int flags, char *buf)
{
	char *p = buf;
	for (unsigned int i = 0; i < ARRAY_SIZE(opt_array); i++)
		if (flags & opt_array[i].flag)
			*p++ = opt_array[i].opt_char;
	if (p == buf)
		*p++ = '_';
	*p = 0;
	return buf;
}

void __dynamic_pr_debug(struct _ddebug *d, const char *fmt, ...)
{
	char prefix[160], *p = prefix;
	char text[1024];
	va_list args;

	*p = 0;
	if (d->flags & _DPRINTK_FLAGS_INCL_TID)
		p += sprintf(p, "[%d] ", in_interrupt() ? 0 : current->pid);
	if (d->flags & _DPRINTK_FLAGS_INCL_MODNAME)
		p += snprintf(p, 60, "%s:", d->modname);
	if (d->flags & _DPRINTK_FLAGS_INCL_FUNCNAME)
		p += snprintf(p, 60, "%s:", d->function);
	if (d->flags & _DPRINTK_FLAGS_INCL_LINENO)
		p += sprintf(p, "%d:", d->lineno);
	if (p != prefix && p[-1] != ' ')
		*p++ = ' ', *p = 0;
	va_start(args, fmt);
	vscnprintf(text, sizeof(text), fmt, args);
	va_end(args);
	printk(KERN_DEBUG "%s%s", prefix, text);
}
EXPORT_SYMBOL(__dynamic_pr_debug);

int ddebug_add_module(struct _ddebug *tab, unsigned int n, const char *name)
{
	struct ddebug_table *dt = kzalloc(sizeof(*dt), GFP_KERNEL);
	if (!dt)
		return -ENOMEM;
	dt->mod_name = name;
	dt->num_ddebugs = n;
	dt->ddebugs = tab;
	mutex_lock(&ddebug_lock);
	list_add_tail(&dt->link, &ddebug_tables);
	mutex_unlock(&ddebug_lock);
	return 0;
}

int ddebug_remove_module(const char *name)
{
	struct ddebug_table *dt, *next;
	int ret = -ENOENT;
	mutex_lock(&ddebug_lock);
	list_for_each_entry_safe(dt, next, &ddebug_tables, link)
		if (dt->mod_name == name || !strcmp(dt->mod_name, name)) {
			list_del(&dt->link);
			kfree(dt);
			ret = 0;
		}
	mutex_unlock(&ddebug_lock);
	return ret;
}

/* ---- queries ---- */

struct ddebug_query {
	const char *filename, *module, *function, *format;
	unsigned int first_lineno, last_lineno;
};

static int parse_linerange(struct ddebug_query *q, const char *s)
{
	char *end;
	unsigned long a = simple_strtoul(s, &end, 10), b = a;
	if (end == s)
		goto bad;
	if (*end == '-') {
		const char *t = end + 1;
		b = simple_strtoul(t, &end, 10);
		if (end == t)
			goto bad;
	}
	if (*end || b < a)
		goto bad;
	q->first_lineno = a;
	q->last_lineno = b;
	return 0;
bad:
	pr_err("bad line-number: %s\n", s);
	return -EINVAL;
}

/* Splits buf into words in place; "quoted text" is one word. */
static int ddebug_tokenize(char *buf, char *words[], int maxwords)
{
	int n = 0;
	while (*buf) {
		char *end;
		buf = skip_spaces(buf);
		if (!*buf)
			break;
		if (*buf == '"' || *buf == '\'') {
			char q = *buf++;
			for (end = buf; *end && *end != q; end++)
				;
			if (!*end) {
				pr_err("unclosed quote: %s\n", buf);
				return -EINVAL;
			}
		} else {
			for (end = buf; *end && !isspace(*end); end++)
				;
		}
		if (n == maxwords) {
			pr_err("too many words, legal max <=%d\n", maxwords);
			return -EINVAL;
		}
		words[n++] = buf;
		if (!*end)
			break;
		*end = 0;
		buf = end + 1;
	}
	return n;
}

static bool match_site(const struct ddebug_table *dt, const struct _ddebug *dp, const struct ddebug_query *q)
{
	const char *base = strrchr(dp->filename, '/');
	if (q->module && strcmp(q->module, dt->mod_name))
		return false;
	if (q->filename && strcmp(q->filename, dp->filename) && (!base || strcmp(q->filename, base + 1)))
		return false;
	if (q->function && strcmp(q->function, dp->function))
		return false;
	if (q->format && !strstr(dp->format, q->format))
		return false;
	if (q->first_lineno && (dp->lineno < q->first_lineno || dp->lineno > q->last_lineno))
		return false;
	return true;
}

/* "+p" "-pm" "=_": the flags to set and the mask to keep */
static int ddebug_parse_flags(const char *str, unsigned int *flags, unsigned int *mask)
{
	char op = *str++;
	unsigned int f = 0;
	if (op != '+' && op != '-' && op != '=') {
		pr_err("bad flag-op %c, at start of %s\n", op, str - 1);
		return -EINVAL;
	}
	for (; *str; str++) {
		unsigned int i;
		for (i = 0; i < ARRAY_SIZE(opt_array); i++)
			if (*str == opt_array[i].opt_char) {
				f |= opt_array[i].flag;
				break;
			}
		if (i == ARRAY_SIZE(opt_array)) {
			pr_err("unknown flag '%c'\n", *str);
			return -EINVAL;
		}
	}
	*flags = op == '-' ? 0 : f;
	*mask = op == '+' ? ~0U : op == '-' ? ~f : 0;
	return 0;
}

static int ddebug_exec_query(char *query)
{
	char *words[16];
	struct ddebug_query q = { 0 };
	unsigned int flags, mask;
	struct ddebug_table *dt;
	int nwords = ddebug_tokenize(query, words, ARRAY_SIZE(words)), nfound = 0;

	if (nwords <= 0) {
		if (nwords == 0)
			return 0;
		pr_err("tokenize failed\n");
		return -EINVAL;
	}
	if (ddebug_parse_flags(words[nwords - 1], &flags, &mask)) {
		pr_err("flags parse failed\n");
		return -EINVAL;
	}
	if ((nwords - 1) % 2) {
		pr_err("expecting pairs of match-spec <value>\n");
		return -EINVAL;
	}
	for (int i = 0; i < nwords - 1; i += 2) {
		const char *kw = words[i], *arg = words[i + 1];
		if (!strcmp(kw, "func"))
			q.function = arg;
		else if (!strcmp(kw, "file"))
			q.filename = arg;
		else if (!strcmp(kw, "module"))
			q.module = arg;
		else if (!strcmp(kw, "format"))
			q.format = arg;
		else if (!strcmp(kw, "line")) {
			if (parse_linerange(&q, arg))
				return -EINVAL;
		} else {
			pr_err("unknown keyword \"%s\"\n", kw);
			return -EINVAL;
		}
	}
	mutex_lock(&ddebug_lock);
	list_for_each_entry(dt, &ddebug_tables, link)
		for (unsigned int i = 0; i < dt->num_ddebugs; i++) {
			struct _ddebug *dp = &dt->ddebugs[i];
			if (!match_site(dt, dp, &q))
				continue;
			dp->flags = (dp->flags & mask) | flags;
			nfound++;
		}
	mutex_unlock(&ddebug_lock);
	return nfound;
}

static ssize_t ddebug_proc_write(struct file *file, const char __user *ubuf, size_t len, loff_t *offp)
{
	char *buf, *query, *next;
	int errs = 0, err = 0;
	if (!len)
		return 0;
	if (len > 4096 - 1) {
		pr_warn("expected <%d bytes into control\n", 4096);
		return -E2BIG;
	}
	buf = kmalloc(len + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, len)) {
		kfree(buf);
		return -EFAULT;
	}
	buf[len] = 0;
	for (query = buf; query; query = next) {
		for (next = query; *next && *next != ';' && *next != '\n'; next++)
			;
		if (*next)
			*next++ = 0;
		else
			next = NULL;
		int r = ddebug_exec_query(query);
		if (r < 0) {
			errs++;
			err = r;
		}
	}
	kfree(buf);
	return errs ? err : (ssize_t)len;
}

/* ---- reading control ---- */

static void seq_escape_format(struct seq_file *m, const char *s)
{
	for (; *s; s++) {
		if (*s == '\t' || *s == '\r' || *s == '\n' || *s == '"')
			seq_printf(m, "\\%03o", (unsigned char)*s);
		else
			seq_putc(m, *s);
	}
}

static int ddebug_proc_show(struct seq_file *m, void *v)
{
	struct ddebug_table *dt;
	char flags[8];
	seq_puts(m, "# filename:lineno [module]function flags format\n");
	mutex_lock(&ddebug_lock);
	/* the kernel's own tables first, then modules in load order */
	list_for_each_entry(dt, &ddebug_tables, link)
		for (unsigned int i = 0; i < dt->num_ddebugs; i++) {
			const struct _ddebug *dp = &dt->ddebugs[i];
			seq_printf(m, "%s:%u [%s]%s =%s \"", dp->filename, dp->lineno, dt->mod_name, dp->function,
				   ddebug_describe_flags(dp->flags, flags));
			seq_escape_format(m, dp->format);
			seq_puts(m, "\"\n");
		}
	mutex_unlock(&ddebug_lock);
	return 0;
}

static int ddebug_proc_open(struct inode *inode, struct file *file)
{
	return single_open(file, ddebug_proc_show, NULL);
}

static const struct file_operations ddebug_proc_fops = {
	.open = ddebug_proc_open,
	.read = seq_read,
	.write = ddebug_proc_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* Built-in sites: one table per module name, as dynamic_debug_init groups them. */
static int __init dynamic_debug_init(void)
{
	struct _ddebug *start = __start___dyndbg;
	for (struct _ddebug *p = __start___dyndbg; p <= __stop___dyndbg; p++) {
		if (p == __stop___dyndbg || strcmp(p->modname, start->modname)) {
			if (p > start)
				ddebug_add_module(start, p - start, start->modname);
			start = p;
		}
	}
	return 0;
}
early_initcall(dynamic_debug_init);

static int __init dynamic_debug_init_control(void)
{
	struct dentry *dir = debugfs_create_dir("dynamic_debug", NULL);
	debugfs_create_file("control", 0644, dir, NULL, &ddebug_proc_fops);
	return 0;
}
late_initcall(dynamic_debug_init_control);
