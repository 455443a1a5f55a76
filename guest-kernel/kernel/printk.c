/*
 * printk.c: the kernel log.
 *
 * Every message becomes a record (sequence number, timestamp in ns, level,
 * text) in a ring of bytes (__log_buf, 128 KiB as CONFIG_LOG_BUF_SHIFT=17).
 * Records never wrap: one that does not fit at the end starts again at
 * offset 0 behind a zero-length marker, pushing out the oldest records.
 * A record whose level is below console_loglevel is also written to the
 * console as "[%5lu.%06lu] text\n" (CONFIG_PRINTK_TIME). KERN_CONT text is
 * appended to the line being built; a line is finished by "\n" or by the
 * next non-continuation message.
 *
 * Readers: syslog(2) and /dev/kmsg (fs/kmsg.c) walk records by sequence.
 * Locking: logbuf_lock with interrupts off; the console write happens under
 * it too (a polled UART), so lines from interrupt context never interleave.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/init.h>
#include <linux/spinlock.h>
#include <linux/export.h>
#include <linux/sched.h>
#include <linux/console.h>
#include <linux/syslog.h>

int console_loglevel = CONFIG_CONSOLE_LOGLEVEL_DEFAULT;
int default_message_loglevel = 4;
static bool ignore_loglevel;
static DEFINE_SPINLOCK(logbuf_lock);
static DECLARE_WAIT_QUEUE_HEAD(log_wait);

struct printk_log {
	u64 ts_nsec;
	u16 len;		/* whole record, 0 = wrap marker */
	u16 text_len;
	u8 level;		/* facility << 3 | level, as syslog and /dev/kmsg print it */
	char text[];
} __packed;

#define LOG_BUF_LEN (1 << 17)
static char __log_buf[LOG_BUF_LEN] __aligned(8);
static u64 log_first_seq, log_next_seq;
static u32 log_first_idx, log_next_idx;
/* syslog(2) readers that consume (dmesg -c) */
static u64 syslog_seq;
static u32 syslog_idx;
u64 clear_seq;
static u32 clear_idx;

static struct printk_log *log_from_idx(u32 idx)
{
	struct printk_log *m = (void *)(__log_buf + idx);
	if (!m->len)
		m = (void *)__log_buf;
	return m;
}

static u32 log_next(u32 idx)
{
	struct printk_log *m = (void *)(__log_buf + idx);
	if (!m->len) {
		m = (void *)__log_buf;
		return m->len;
	}
	return idx + m->len;
}

static void log_drop_oldest(void)
{
	log_first_idx = log_next(log_first_idx);
	log_first_seq++;
}

static void log_store(int level, u64 ts, const char *text, u16 text_len)
{
	u32 size = ALIGN(sizeof(struct printk_log) + text_len, 8);
	struct printk_log *m;

	while (log_first_seq < log_next_seq) {
		u32 free;
		if (log_next_idx > log_first_idx)
			free = max(LOG_BUF_LEN - log_next_idx, log_first_idx);
		else
			free = log_first_idx - log_next_idx;
		if (free >= size + sizeof(struct printk_log))
			break;
		log_drop_oldest();
	}
	if (log_next_idx + size + sizeof(struct printk_log) > LOG_BUF_LEN) {
		memset(__log_buf + log_next_idx, 0, sizeof(struct printk_log));
		log_next_idx = 0;
	}
	m = (void *)(__log_buf + log_next_idx);
	m->ts_nsec = ts;
	m->len = size;
	m->text_len = text_len;
	m->level = level;
	memcpy(m->text, text, text_len);
	log_next_idx += size;
	log_next_seq++;
}

static size_t print_time(u64 ts, char *buf)
{
	unsigned long rem = ts % 1000000000;
	return sprintf(buf, "[%5lu.%06lu] ", (unsigned long)(ts / 1000000000), rem / 1000);
}

/* The line being assembled (KERN_CONT). */
static char cont_buf[1024];
static size_t cont_len;
static int cont_level;
static int cont_facility;
/* The facility of the next line vprintk starts: 0 (kern) but for devkmsg_emit. */
static int next_facility;
static u64 cont_ts;

static void console_emit(int level, u64 ts, const char *text, size_t len)
{
	char hdr[32];
	size_t n;

	if (!ignore_loglevel && level >= console_loglevel)
		return;
	n = print_time(ts, hdr);
	console_write(hdr, n);
	console_write(text, len);
	console_write("\n", 1);
}

static void cont_flush(void)
{
	if (!cont_len)
		return;
	log_store(cont_facility << 3 | cont_level, cont_ts, cont_buf, cont_len);
	console_emit(cont_level, cont_ts, cont_buf, cont_len);
	cont_len = 0;
}

int vprintk(const char *fmt, va_list args)
{
	static char textbuf[1024];
	unsigned long flags;
	char *text = textbuf;
	int level = -1, n, ret;
	bool cont = false;
	u64 ts = local_clock();

	spin_lock_irqsave(&logbuf_lock, flags);
	n = vscnprintf(textbuf, sizeof(textbuf), fmt, args);
	ret = n;
	while (text[0] == KERN_SOH[0] && text[1]) {
		if (text[1] >= '0' && text[1] <= '7')
			level = text[1] - '0';
		else if (text[1] == 'c')
			cont = true;
		text += 2;
		n -= 2;
	}
	if (!cont || !cont_len)
		cont_flush();
	if (!cont_len) {
		cont_level = level < 0 ? default_message_loglevel : level;
		cont_facility = next_facility;
		cont_ts = ts;
	}
	while (n > 0) {
		char *nl = memchr(text, '\n', n);
		size_t chunk = nl ? (size_t)(nl - text) : (size_t)n;
		size_t room = sizeof(cont_buf) - cont_len;
		if (chunk > room)
			chunk = room;
		memcpy(cont_buf + cont_len, text, chunk);
		cont_len += chunk;
		if (!nl)
			break;
		if (!cont_len) {
			/* an empty line is still a record */
			log_store(cont_facility << 3 | cont_level, cont_ts, "", 0);
			console_emit(cont_level, cont_ts, "", 0);
		}
		cont_flush();
		n -= nl - text + 1;
		text = nl + 1;
		cont_ts = ts;
	}
	spin_unlock_irqrestore(&logbuf_lock, flags);
	wake_up_interruptible(&log_wait);
	return ret;
}
EXPORT_SYMBOL(vprintk);

int printk(const char *fmt, ...)
{
	va_list a;
	int r;
	va_start(a, fmt);
	r = vprintk(fmt, a);
	va_end(a);
	return r;
}
EXPORT_SYMBOL(printk);

/*
 * A line written to /dev/kmsg: stored with the writer's facility (LOG_USER
 * unless its "<N>" prefix names another, as devkmsg_write does).
 */
void devkmsg_emit(int facility, int level, const char *text)
{
	unsigned long flags;
	local_irq_save(flags);
	next_facility = facility;
	printk("\001%c%s", '0' + level, text);
	next_facility = 0;
	local_irq_restore(flags);
}

/* Format record m as "<level>[ts] text\n" (syslog) into buf. */
static size_t record_print(struct printk_log *m, bool syslog, char *buf, size_t size)
{
	char hdr[48];
	size_t n = 0, len;

	if (syslog)
		n = sprintf(hdr, "<%u>", m->level);
	n += print_time(m->ts_nsec, hdr + n);
	len = n + m->text_len + 1;
	if (len > size)
		return 0;
	memcpy(buf, hdr, n);
	memcpy(buf + n, m->text, m->text_len);
	buf[n + m->text_len] = '\n';
	return len;
}

/*
 * syslog(2): READ (2) blocks and consumes, READ_ALL (3) copies what is
 * still in the buffer since the last CLEAR, READ_CLEAR (4), CLEAR (5),
 * CONSOLE_OFF/ON/LEVEL (6/7/8), SIZE_UNREAD (9), SIZE_BUFFER (10).
 * `copy` is copy_to_user-like: returns nonzero on fault.
 */
int do_syslog(int type, char *ubuf, int len, int (*copy)(char *dst, const char *src, size_t n))
{
	static char line[1200];
	unsigned long flags;
	int done = 0;

	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
		if (len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		if (wait_event_interruptible(log_wait, syslog_seq != log_next_seq))
			return -ERESTARTSYS;
		spin_lock_irqsave(&logbuf_lock, flags);
		while (syslog_seq < log_next_seq) {
			struct printk_log *m;
			size_t n;
			if (syslog_seq < log_first_seq) {
				syslog_seq = log_first_seq;
				syslog_idx = log_first_idx;
			}
			m = log_from_idx(syslog_idx);
			n = record_print(m, true, line, sizeof(line));
			if (done + n > (size_t)len)
				break;
			spin_unlock_irqrestore(&logbuf_lock, flags);
			if (copy(ubuf + done, line, n))
				return done ? done : -EFAULT;
			spin_lock_irqsave(&logbuf_lock, flags);
			done += n;
			syslog_idx = log_next(syslog_idx);
			syslog_seq++;
		}
		spin_unlock_irqrestore(&logbuf_lock, flags);
		return done;
	case SYSLOG_ACTION_READ_CLEAR:
	case SYSLOG_ACTION_READ_ALL: {
		u64 seq, first;
		u32 idx;
		if (len < 0)
			return -EINVAL;
		spin_lock_irqsave(&logbuf_lock, flags);
		if (clear_seq < log_first_seq) {
			clear_seq = log_first_seq;
			clear_idx = log_first_idx;
		}
		/* keep the newest records that fit */
		seq = clear_seq;
		idx = clear_idx;
		{
			size_t total = 0;
			for (u64 s = seq; s < log_next_seq; s++) {
				struct printk_log *m = log_from_idx(idx);
				total += record_print(m, true, line, sizeof(line));
				idx = log_next(idx);
			}
			idx = clear_idx;
			while (total > (size_t)len && seq < log_next_seq) {
				struct printk_log *m = log_from_idx(idx);
				total -= record_print(m, true, line, sizeof(line));
				idx = log_next(idx);
				seq++;
			}
		}
		first = log_first_seq;
		while (seq < log_next_seq) {
			struct printk_log *m = log_from_idx(idx);
			size_t n = record_print(m, true, line, sizeof(line));
			spin_unlock_irqrestore(&logbuf_lock, flags);
			if (copy(ubuf + done, line, n))
				return -EFAULT;
			done += n;
			spin_lock_irqsave(&logbuf_lock, flags);
			if (log_first_seq != first)
				break;	/* overwritten meanwhile */
			idx = log_next(idx);
			seq++;
		}
		if (type == SYSLOG_ACTION_READ_CLEAR) {
			clear_seq = log_next_seq;
			clear_idx = log_next_idx;
		}
		spin_unlock_irqrestore(&logbuf_lock, flags);
		return done;
	}
	case SYSLOG_ACTION_CLEAR:
		spin_lock_irqsave(&logbuf_lock, flags);
		clear_seq = log_next_seq;
		clear_idx = log_next_idx;
		spin_unlock_irqrestore(&logbuf_lock, flags);
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		console_loglevel = 1;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		console_loglevel = CONFIG_CONSOLE_LOGLEVEL_DEFAULT;
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len < 1 ? 1 : len;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (log_next_seq - syslog_seq) * 64;
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_LEN;
	}
	return -EINVAL;
}

/*
 * /dev/kmsg reading: one record per read(), "level,seq,usec,-;text\n".
 * *seq is the reader's position; returns bytes, -EAGAIN when none yet,
 * -EPIPE when the reader fell behind (position moved to the oldest).
 */
ssize_t kmsg_read_record(u64 *seq, char *buf, size_t size)
{
	unsigned long flags;
	struct printk_log *m;
	u32 idx;
	ssize_t n;

	spin_lock_irqsave(&logbuf_lock, flags);
	if (*seq < log_first_seq) {
		*seq = log_first_seq;
		spin_unlock_irqrestore(&logbuf_lock, flags);
		return -EPIPE;
	}
	if (*seq >= log_next_seq) {
		spin_unlock_irqrestore(&logbuf_lock, flags);
		return -EAGAIN;
	}
	idx = log_first_idx;
	for (u64 s = log_first_seq; s < *seq; s++)
		idx = log_next(idx);
	m = log_from_idx(idx);
	n = scnprintf(buf, size, "%u,%llu,%llu,-;", m->level, *seq, m->ts_nsec / 1000);
	if (n + m->text_len + 1 < size) {
		memcpy(buf + n, m->text, m->text_len);
		n += m->text_len;
		buf[n++] = '\n';
	}
	(*seq)++;
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

int kmsg_wait(u64 seq)
{
	return wait_event_interruptible(log_wait, seq != log_next_seq);
}

static int __init loglevel_setup(char *s)
{
	int l;
	if (!s || kstrtoint(s, 0, &l))
		return -EINVAL;
	console_loglevel = l;
	return 0;
}
early_param("loglevel", loglevel_setup);

static int __init debug_kernel(char *s)
{
	console_loglevel = 10;
	return 0;
}
early_param("debug", debug_kernel);

static int __init quiet_kernel(char *s)
{
	console_loglevel = 4;
	return 0;
}
early_param("quiet", quiet_kernel);

static int __init ignore_loglevel_setup(char *s)
{
	ignore_loglevel = true;
	pr_info("debug: ignoring loglevel setting.\n");
	return 0;
}
early_param("ignore_loglevel", ignore_loglevel_setup);
