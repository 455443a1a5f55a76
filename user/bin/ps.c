/*
 * ps: report processes from /proc/<pid>/{stat,status,cmdline,wchan}, as
 * procps-ng 4 does for the options people type:
 *
 *   ps                 pid,tname,time,ucmd of this user's processes on
 *                      this terminal (everything, on the lab's console)
 *   -e -A  all   -a  all with a tty but session leaders   -d  all but
 *   session leaders   -p/--pid LIST   -C CMDLIST   --ppid LIST
 *   -f  full (UID PID PPID C STIME TTY TIME CMD)   -l  long   -j  jobs
 *   -o/o/--format LIST  user-defined (spec[:width][=HEADER], comma or
 *                      space separated, repeatable)
 *   BSD: a  x  u (aux)  p LIST  h (no header)   --no-headers
 *   --sort [+|-]key[,...]   w -w (wide: no line chopping)
 *
 * Column layout follows procps's rule: a right-aligned column pads on its
 * left to its width, a left-aligned one does not pad on its right, and a
 * value wider than its column takes the room it needs from the space the
 * previous columns left unused, so later columns move only when there is
 * none. Non-last text columns are chopped at their width, the last one at
 * the terminal's width (unlimited when stdout is not a terminal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <time.h>
#include <sys/ioctl.h>
#include <procfs.h>

#define HZ 100
#define MAXCOLS 64

struct proc {
	int pid, ppid, pgrp, sid, tty, tpgid, prio, nice, nlwp, cpu;
	char state, comm[64], args[4096], wchan[64];
	unsigned long flags, utime, stime, start, vsize, rss, locked;	/* rss, locked: kB */
};

struct fmt;
typedef void (*pr_fn)(char *out, size_t n, const struct proc *p);
struct spec {
	const char *name, *head;
	int width, right;	/* right: 1 right-aligned, 0 left text (chopped when not last) */
	pr_fn pr;
};
struct fmt {
	const struct spec *s;
	const char *head;
	int width;
};

static struct fmt cols[MAXCOLS];
static int ncols;
static unsigned long uptime_cs;	/* /proc/uptime in hundredths of a second */
static long boot_time;		/* seconds since the epoch at boot */
static unsigned long mem_total_kb;
static int pid_width = 5;

/* ---- printers ---- */

static void tty_name(unsigned long nr, char *buf, size_t n)
{
	unsigned maj = (nr >> 8) & 0xfff, min = (nr & 0xff) | ((nr >> 12) & 0xfff00);
	if (nr == 0)
		snprintf(buf, n, "?");
	else if (maj == 4 && min >= 64)
		snprintf(buf, n, "ttyS%u", min - 64);
	else if (maj == 4)
		snprintf(buf, n, "tty%u", min);
	else if (maj >= 136 && maj <= 143)
		snprintf(buf, n, "pts/%u", (maj - 136) * 256 + min);
	else if (maj == 5 && min == 1)
		snprintf(buf, n, "console");
	else
		snprintf(buf, n, "%u,%u", maj, min);
}

static unsigned long elapsed(const struct proc *p)
{
	return uptime_cs > p->start ? (uptime_cs - p->start) / HZ : 0;
}

/* per mille of one CPU since the process started */
static unsigned long pcpu(const struct proc *p)
{
	unsigned long secs = elapsed(p);
	return secs ? (p->utime + p->stime) * 1000 / HZ / secs : 0;
}

static void pr_pid(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", p->pid); }
static void pr_ppid(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", p->ppid); }
static void pr_pgid(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", p->pgrp); }
static void pr_sid(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", p->sid); }
static void pr_tpgid(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", p->tpgid); }
static void pr_nice(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", p->nice); }
static void pr_pri(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", 39 - p->prio); }
static void pr_opri(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", 60 + p->prio); }
static void pr_priority(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", p->prio); }
static void pr_s(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%c", p->state); }
static void pr_comm(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%s", p->comm); }
static void pr_args(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%s", p->args); }
static void pr_tty(char *o, size_t n, const struct proc *p) { tty_name(p->tty, o, n); }
static void pr_uid(char *o, size_t n, const struct proc *p) { snprintf(o, n, "0"); }
static void pr_user(char *o, size_t n, const struct proc *p) { snprintf(o, n, "root"); }
static void pr_vsz(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%lu", p->vsize / 1024); }
static void pr_rss(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%lu", p->rss); }
static void pr_sz(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%lu", p->vsize / 4096); }
static void pr_flag(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%lu", (p->flags >> 6) & 7); }
static void pr_nlwp(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", p->nlwp); }
static void pr_psr(char *o, size_t n, const struct proc *p) { snprintf(o, n, "%d", p->cpu); }
static void pr_dash(char *o, size_t n, const struct proc *p) { snprintf(o, n, "-"); }
static void pr_cls(char *o, size_t n, const struct proc *p) { snprintf(o, n, "TS"); }

static void pr_wchan(char *o, size_t n, const struct proc *p)
{
	snprintf(o, n, "%s", p->state == 'R' || !strcmp(p->wchan, "0") || !p->wchan[0] ? "-" : p->wchan);
}

static void pr_c(char *o, size_t n, const struct proc *p)
{
	unsigned long c = pcpu(p) / 10;
	snprintf(o, n, "%lu", c > 99 ? 99 : c);
}

static void pr_pcpu(char *o, size_t n, const struct proc *p)
{
	unsigned long c = pcpu(p);
	if (c > 999)
		snprintf(o, n, "%lu", c / 10);
	else
		snprintf(o, n, "%lu.%lu", c / 10, c % 10);
}

static void pr_pmem(char *o, size_t n, const struct proc *p)
{
	unsigned long m = mem_total_kb ? p->rss * 1000 / mem_total_kb : 0;
	snprintf(o, n, "%lu.%lu", m / 10, m % 10);
}

static void pr_stat(char *o, size_t n, const struct proc *p)
{
	size_t i = 0;
	o[i++] = p->state;
	if (p->nice < 0)
		o[i++] = '<';
	else if (p->nice > 0)
		o[i++] = 'N';
	if (p->locked)
		o[i++] = 'L';
	if (p->sid == p->pid)
		o[i++] = 's';
	if (p->nlwp > 1)
		o[i++] = 'l';
	if (p->pgrp == p->tpgid)
		o[i++] = '+';
	o[i] = 0;
}

static void hms(char *o, size_t n, unsigned long t)
{
	if (t >= 86400)
		snprintf(o, n, "%lu-%02lu:%02lu:%02lu", t / 86400, t / 3600 % 24, t / 60 % 60, t % 60);
	else
		snprintf(o, n, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
}

static void pr_time(char *o, size_t n, const struct proc *p) { hms(o, n, (p->utime + p->stime) / HZ); }

static void pr_bsdtime(char *o, size_t n, const struct proc *p)
{
	unsigned long t = (p->utime + p->stime) / HZ;
	snprintf(o, n, "%lu:%02lu", t / 60, t % 60);
}

static void pr_etime(char *o, size_t n, const struct proc *p)
{
	unsigned long t = elapsed(p);
	if (t >= 86400)
		snprintf(o, n, "%lu-%02lu:%02lu:%02lu", t / 86400, t / 3600 % 24, t / 60 % 60, t % 60);
	else if (t >= 3600)
		snprintf(o, n, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(o, n, "%02lu:%02lu", t / 60, t % 60);
}

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static void start_tm(const struct proc *p, struct tm *tm)
{
	time_t t = boot_time + p->start / HZ;
	gmtime_r(&t, tm);
}

/* STIME, start_time: HH:MM if started today, else MonDD this year, else the year (procps's calendar test) */
static void pr_stime(char *o, size_t n, const struct proc *p)
{
	struct tm tm, now;
	time_t t = time(0);
	gmtime_r(&t, &now);
	start_tm(p, &tm);
	if (tm.tm_year != now.tm_year)
		snprintf(o, n, "%d", tm.tm_year + 1900);
	else if (tm.tm_yday != now.tm_yday)
		snprintf(o, n, "%s%02d", months[tm.tm_mon], tm.tm_mday);
	else
		snprintf(o, n, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

/* bsdstart: HH:MM if started in the last 24 hours, else "Mon dd" (procps: ctime's text, 24-hour test) */
static void pr_bsdstart(char *o, size_t n, const struct proc *p)
{
	struct tm tm;
	start_tm(p, &tm);
	if (elapsed(p) <= 86400)
		snprintf(o, n, "%02d:%02d", tm.tm_hour, tm.tm_min);
	else
		snprintf(o, n, "%s %2d", months[tm.tm_mon], tm.tm_mday);
}

static void pr_start(char *o, size_t n, const struct proc *p)
{
	struct tm tm;
	start_tm(p, &tm);
	if (elapsed(p) < 86400)
		snprintf(o, n, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		snprintf(o, n, "%3s %02d", months[tm.tm_mon], tm.tm_mday);
}

static void pr_lstart(char *o, size_t n, const struct proc *p)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	struct tm tm;
	start_tm(p, &tm);
	snprintf(o, n, "%s %s %2d %02d:%02d:%02d %d", days[tm.tm_wday], months[tm.tm_mon], tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
}

/* Sorted by name: procps-ng's specifiers, headers and widths. */
static const struct spec specs[] = {
	{ "%cpu", "%CPU", 4, 1, pr_pcpu },
	{ "%mem", "%MEM", 4, 1, pr_pmem },
	{ "addr", "ADDR", 1, 0, pr_dash },
	{ "args", "COMMAND", 27, 0, pr_args },
	{ "bsdstart", "START", 6, 1, pr_bsdstart },
	{ "bsdtime", "TIME", 6, 1, pr_bsdtime },
	{ "c", "C", 2, 1, pr_c },
	{ "class", "CLS", 3, 0, pr_cls },
	{ "cls", "CLS", 3, 1, pr_cls },
	{ "cmd", "CMD", 27, 0, pr_args },
	{ "comm", "COMMAND", 15, 0, pr_comm },
	{ "command", "COMMAND", 27, 0, pr_args },
	{ "cputime", "TIME", 8, 1, pr_time },
	{ "etime", "ELAPSED", 11, 1, pr_etime },
	{ "euid", "EUID", 5, 1, pr_uid },
	{ "euser", "EUSER", 8, 0, pr_user },
	{ "f", "F", 1, 1, pr_flag },
	{ "flag", "F", 1, 1, pr_flag },
	{ "flags", "F", 1, 1, pr_flag },
	{ "gid", "GID", 5, 1, pr_uid },
	{ "lstart", "STARTED", 24, 1, pr_lstart },
	{ "ni", "NI", 3, 1, pr_nice },
	{ "nice", "NI", 3, 1, pr_nice },
	{ "nlwp", "NLWP", 4, 1, pr_nlwp },
	{ "opri", "PRI", 3, 1, pr_opri },
	{ "pcpu", "%CPU", 4, 1, pr_pcpu },
	{ "pgid", "PGID", 5, 1, pr_pgid },
	{ "pgrp", "PGRP", 5, 1, pr_pgid },
	{ "pid", "PID", 5, 1, pr_pid },
	{ "pmem", "%MEM", 4, 1, pr_pmem },
	{ "ppid", "PPID", 5, 1, pr_ppid },
	{ "pri", "PRI", 3, 1, pr_pri },
	{ "priority", "PRI", 3, 1, pr_priority },
	{ "psr", "PSR", 3, 1, pr_psr },
	{ "rss", "RSS", 5, 1, pr_rss },
	{ "rssize", "RSS", 5, 1, pr_rss },
	{ "rsz", "RSZ", 5, 1, pr_rss },
	{ "ruid", "RUID", 5, 1, pr_uid },
	{ "ruser", "RUSER", 8, 0, pr_user },
	{ "s", "S", 1, 0, pr_s },
	{ "sess", "SESS", 5, 1, pr_sid },
	{ "session", "SESS", 5, 1, pr_sid },
	{ "sid", "SID", 5, 1, pr_sid },
	{ "start", "STARTED", 8, 1, pr_start },
	{ "start_time", "START", 5, 1, pr_stime },
	{ "stat", "STAT", 4, 0, pr_stat },
	{ "state", "S", 1, 0, pr_s },
	{ "stime", "STIME", 5, 1, pr_stime },
	{ "sz", "SZ", 5, 1, pr_sz },
	{ "thcount", "THCNT", 5, 1, pr_nlwp },
	{ "time", "TIME", 8, 1, pr_time },
	{ "tname", "TTY", 8, 0, pr_tty },
	{ "tpgid", "TPGID", 5, 1, pr_tpgid },
	{ "tt", "TT", 8, 0, pr_tty },
	{ "tty", "TT", 8, 0, pr_tty },
	{ "ucmd", "CMD", 15, 0, pr_comm },
	{ "ucomm", "COMMAND", 15, 0, pr_comm },
	{ "uid", "UID", 5, 1, pr_uid },
	{ "uname", "USER", 8, 0, pr_user },
	{ "user", "USER", 8, 0, pr_user },
	{ "vsize", "VSZ", 6, 1, pr_vsz },
	{ "vsz", "VSZ", 6, 1, pr_vsz },
	{ "wchan", "WCHAN", 6, 0, pr_wchan },
};

static const struct spec *find_spec(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++)
		if (strlen(specs[i].name) == len && !strncmp(specs[i].name, name, len))
			return &specs[i];
	return NULL;
}

static const char usage_text[] =
	"\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n"
	"  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage_text);
	exit(1);
}

static int pid_column_width(const struct spec *s)
{
	return s->pr == pr_pid || s->pr == pr_ppid || s->pr == pr_pgid || s->pr == pr_sid || s->pr == pr_tpgid
		? pid_width : s->width;
}

/* Adds the columns of a format list: "pid,comm" or "pid comm", spec[:width][=HEADER]. */
static void add_format(const char *list)
{
	const char *p = list;
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, ",: =");
		const struct spec *s = find_spec(p, len);
		if (!s) {
			char bad[64];
			snprintf(bad, sizeof(bad), "%.*s", (int)len, p);
			die("unknown user-defined format specifier \"%s\"", bad);
		}
		if (ncols == MAXCOLS)
			die("too many columns%s", "");
		struct fmt *f = &cols[ncols++];
		f->s = s;
		f->head = s->head;
		f->width = pid_column_width(s);
		p += len;
		if (*p == ':') {
			f->width = (int)strtol(p + 1, (char **)&p, 10);
			if (f->width < 1)
				die("unknown user-defined format specifier \"%s\"", list);
		}
		if (*p == '=') {
			/* the header runs to the next comma */
			size_t hl = strcspn(p + 1, ",");
			char *h = malloc(hl + 1);
			memcpy(h, p + 1, hl);
			h[hl] = 0;
			f->head = h;
			if ((int)hl > f->width)
				f->width = (int)hl;
			p += 1 + hl;
		}
	}
}

/* ---- reading /proc ---- */

static int read_proc(int pid, struct proc *p)
{
	char path[64], buf[4096];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	char *l = strchr(buf, '('), *r = strrchr(buf, ')');
	if (!l || !r || r[1] != ' ')
		return -1;
	memset(p, 0, sizeof(*p));
	snprintf(p->comm, sizeof(p->comm), "%.*s", (int)(r - l - 1), l + 1);
	p->pid = pid;
	p->state = r[2];
	/* fields from 4 (ppid) on, 1-based as in proc(5) */
	unsigned long long f[53] = { 0 };
	char *q = r + 3;
	for (int i = 4; i < 53 && *q; i++) {
		f[i] = strtoull(q, &q, 10);
		while (*q == ' ')
			q++;
	}
	p->ppid = (int)f[4];
	p->pgrp = (int)f[5];
	p->sid = (int)f[6];
	p->tty = (int)f[7];
	p->tpgid = (int)(long long)f[8];
	p->flags = f[9];
	p->utime = f[14];
	p->stime = f[15];
	p->prio = (int)(long long)f[18];
	p->nice = (int)(long long)f[19];
	p->nlwp = (int)f[20];
	p->start = f[22];
	p->vsize = f[23];
	p->rss = f[24];
	p->cpu = (int)f[39];

	/* procps-ng takes RSS (kB) and locked memory from status, as the stat count lags */
	p->rss *= 4;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (read_file(path, buf, sizeof(buf)) > 0) {
		char *v = strstr(buf, "\nVmRSS:");
		if (v)
			p->rss = strtoul(v + 8, 0, 10);
		v = strstr(buf, "\nVmLck:");
		if (v)
			p->locked = strtoul(v + 8, 0, 10);
	}
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	int n = read_file(path, p->args, sizeof(p->args));
	if (n > 0) {
		while (n > 0 && p->args[n - 1] == 0)
			n--;
		for (int i = 0; i < n; i++)
			if (p->args[i] == 0 || p->args[i] == '\n' || p->args[i] == '\t')
				p->args[i] = ' ';
		p->args[n] = 0;
	} else {
		snprintf(p->args, sizeof(p->args), "[%s]", p->comm);
	}
	snprintf(path, sizeof(path), "/proc/%d/wchan", pid);
	if (read_file(path, p->wchan, sizeof(p->wchan)) < 0)
		p->wchan[0] = 0;
	return 0;
}

/* ---- selection and sorting ---- */

enum { SEL_ALL = 1, SEL_TTY_NOLEADER = 2, SEL_NOLEADER = 4, SEL_BSD_A = 8, SEL_BSD_X = 16 };
static int selection;
static int pidlist[256], npids, ppidlist[256], nppids;
static char *cmdlist[64];
static int ncmds;

static void parse_pids(const char *s, int *list, int *n)
{
	const char *p = s;
	if (!*p)
		die("process ID list syntax error%s", "");
	while (*p) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v <= 0 || (*end && *end != ',' && *end != ' '))
			die("process ID list syntax error%s", "");
		if (*n < 256)
			list[(*n)++] = (int)v;
		p = end;
		while (*p == ',' || *p == ' ')
			p++;
	}
}

static int in_list(int v, const int *list, int n)
{
	for (int i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

static int selected(const struct proc *p, int my_tty)
{
	int lists = npids || nppids || ncmds;
	if (npids && in_list(p->pid, pidlist, npids))
		return 1;
	if (nppids && in_list(p->ppid, ppidlist, nppids))
		return 1;
	for (int i = 0; i < ncmds; i++)
		if (!strcmp(cmdlist[i], p->comm))
			return 1;
	if (selection & SEL_ALL)
		return 1;
	if ((selection & SEL_TTY_NOLEADER) && p->tty && p->sid != p->pid)
		return 1;
	if ((selection & SEL_NOLEADER) && p->sid != p->pid)
		return 1;
	if (selection & (SEL_BSD_A | SEL_BSD_X))
		return (selection & SEL_BSD_X) || p->tty;
	if (lists || selection)
		return 0;
	return p->tty == my_tty;	/* default: this user (everyone is root) on this terminal */
}

static struct { const struct spec *s; int desc; } sortkeys[16];
static int nsort;

static void parse_sort(const char *s)
{
	while (*s) {
		int desc = 0;
		while (*s == ',')
			s++;
		if (*s == '-' || *s == '+')
			desc = *s++ == '-';
		size_t len = strcspn(s, ",");
		const struct spec *sp = find_spec(s, len);
		if (!sp || nsort == 16)
			die("unknown sort specifier%s", "");
		sortkeys[nsort].s = sp;
		sortkeys[nsort++].desc = desc;
		s += len;
	}
}

static long numeric_key(const struct proc *p, const struct spec *s)
{
	if (s->pr == pr_pcpu || s->pr == pr_c)
		return (long)pcpu(p);
	if (s->pr == pr_time || s->pr == pr_bsdtime)
		return (long)(p->utime + p->stime);
	if (s->pr == pr_stime || s->pr == pr_bsdstart || s->pr == pr_start || s->pr == pr_lstart || s->pr == pr_etime)
		return s->pr == pr_etime ? -(long)p->start : (long)p->start;
	if (s->pr == pr_vsz || s->pr == pr_sz)
		return (long)p->vsize;
	if (s->pr == pr_rss || s->pr == pr_pmem)
		return (long)p->rss;
	char buf[64];
	s->pr(buf, sizeof(buf), p);
	return strtol(buf, 0, 10);
}

static int cmp_proc(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;
	for (int i = 0; i < nsort; i++) {
		const struct spec *s = sortkeys[i].s;
		int c;
		if (!s->right) {
			char bx[4096], by[4096];
			s->pr(bx, sizeof(bx), x);
			s->pr(by, sizeof(by), y);
			c = strcmp(bx, by);
		} else {
			long kx = numeric_key(x, s), ky = numeric_key(y, s);
			c = kx < ky ? -1 : kx > ky;
		}
		if (c)
			return sortkeys[i].desc ? -c : c;
	}
	return x->pid - y->pid;
}

/* ---- output ---- */

static int screen_cols;	/* 0: unlimited */
static char line[16384];

static void show(const struct proc *p)
{
	static char buf[4096];
	int correct = 0, actual = 0, dospace = 0;
	size_t len = 0;
	for (int i = 0; i < ncols; i++) {
		const struct fmt *f = &cols[i];
		int last = i == ncols - 1, leftpad, space;
		if (p)
			f->s->pr(buf, sizeof(buf), p);
		else
			snprintf(buf, sizeof(buf), "%s", f->head);
		int amount = (int)strlen(buf);
		if (f->s->right) {
			leftpad = f->width - amount;
			if (leftpad < 0)
				leftpad = 0;
		} else {
			leftpad = 0;
		}
		space = correct - actual + leftpad;
		if (space < 1)
			space = dospace;
		if (p && !f->s->right && !last && amount > f->width)
			buf[amount = f->width] = 0;
		if (last && screen_cols) {
			int room = screen_cols - actual - space;
			if (room < 1)
				room = 1;
			if (amount > room)
				buf[amount = room] = 0;
		}
		if (len + space + amount + 2 >= sizeof(line))
			break;
		memset(line + len, ' ', space);
		memcpy(line + len + space, buf, amount);
		len += space + amount;
		actual += space + amount;
		correct += f->width + 1;
		dospace = 1;
	}
	line[len++] = '\n';
	fwrite(line, 1, len, stdout);
}

static void read_globals(void)
{
	char buf[4096];
	if (read_file("/proc/uptime", buf, sizeof(buf)) > 0) {
		unsigned long s = strtoul(buf, 0, 10), cs = 0;
		char *dot = strchr(buf, '.');
		if (dot)
			cs = strtoul(dot + 1, 0, 10);
		uptime_cs = s * 100 + cs;
	}
	boot_time = (long)time(0) - (long)(uptime_cs / 100);
	if (read_file("/proc/stat", buf, sizeof(buf)) > 0) {
		char *b = strstr(buf, "\nbtime ");
		if (b)
			boot_time = strtol(b + 7, 0, 10);
	}
	if (read_file("/proc/meminfo", buf, sizeof(buf)) > 0 && !strncmp(buf, "MemTotal:", 9))
		mem_total_kb = strtoul(buf + 9, 0, 10);
	/* procps sizes pid columns by the digits of pid_max */
	if (read_file("/proc/sys/kernel/pid_max", buf, sizeof(buf)) > 0) {
		int digits = (int)strcspn(buf, "\n");
		pid_width = digits > 5 ? digits : 5;
	}
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv)
{
	int full = 0, lng = 0, jobs = 0, bsd_u = 0, no_header = 0, wide = 0, my_tty = 0;
	const char *user_formats[32];
	int nfmt = 0;

	read_globals();
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (!strncmp(a, "--", 2)) {
			char *v = strchr(a, '=');
			size_t n = v ? (size_t)(v - a) : strlen(a);
#define LONG(name) (n == strlen(name) && !strncmp(a, name, n))
#define VALUE() (v ? v + 1 : (i + 1 < argc ? argv[++i] : (die(LONG("--format") ? "format specification must follow %s" : \
	"list of process IDs must follow %s", a), "")))
			if (LONG("--help")) {
				fputs(usage_text, stdout);
				return 0;
			} else if (LONG("--version")) {
				puts("ps from procps-ng 4.0.2 (kmemlab)");
				return 0;
			} else if (LONG("--pid")) {
				parse_pids(VALUE(), pidlist, &npids);
			} else if (LONG("--ppid")) {
				parse_pids(VALUE(), ppidlist, &nppids);
			} else if (LONG("--format")) {
				user_formats[nfmt++ & 31] = VALUE();
			} else if (LONG("--sort")) {
				parse_sort(VALUE());
			} else if (LONG("--no-headers") || LONG("--no-heading")) {
				no_header = 1;
			} else if (LONG("--width") || LONG("--cols") || LONG("--columns")) {
				screen_cols = atoi(VALUE());
				wide = 1;
			} else {
				die("unknown gnu long option%s", "");
			}
		} else if (a[0] == '-') {
			if (!a[1])
				die("unsupported SysV option%s", "");
			for (char *c = a + 1; *c; c++) {
				switch (*c) {
				case 'e': case 'A': selection |= SEL_ALL; break;
				case 'a': selection |= SEL_TTY_NOLEADER; break;
				case 'd': selection |= SEL_NOLEADER; break;
				case 'f': full = 1; break;
				case 'l': lng = 1; break;
				case 'j': jobs = 1; break;
				case 'w': wide = 1; break;
				case 'y': break;
				case 'p': case 'C': case 'o': case 'q': {
					char opt = *c, *val = c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : NULL);
					if (!val) {
						char what[8] = { '-', opt, 0 };
						die(opt == 'o' ? "format specification must follow %s" : opt == 'C' ?
						    "list of command names must follow %s" : opt == 'q' ?
						    "List of process IDs must follow %s." : "list of process IDs must follow %s", what);
					}
					if (opt == 'p' || opt == 'q')
						parse_pids(val, pidlist, &npids);
					else if (opt == 'o')
						user_formats[nfmt++ & 31] = val;
					else
						for (char *t = strtok(val, ","); t && ncmds < 64; t = strtok(NULL, ","))
							cmdlist[ncmds++] = t;
					c = strchr(c, 0) - 1;	/* the rest of the word was the value */
					break;
				}
				default: die("unsupported SysV option%s", "");
				}
			}
		} else {
			/* BSD options, no dash */
			for (char *c = a; *c; c++) {
				switch (*c) {
				case 'a': selection |= SEL_BSD_A; break;
				case 'x': selection |= SEL_BSD_X; break;
				case 'u': bsd_u = 1; break;
				case 'h': no_header = 1; break;
				case 'w': wide = 1; break;
				case 'o': case 'p': {
					char opt = *c, *val = c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : NULL);
					if (!val) {
						char what[8] = { opt, 0 };
						die(opt == 'o' ? "format specification must follow %s" : "list of process IDs must follow %s", what);
					}
					if (opt == 'p')
						parse_pids(val, pidlist, &npids);
					else
						user_formats[nfmt++ & 31] = val;
					c = strchr(c, 0) - 1;
					break;
				}
				default:
					if (*c >= '0' && *c <= '9') {
						parse_pids(c, pidlist, &npids);
						c = strchr(c, 0) - 1;
						break;
					}
					die("unsupported option (BSD syntax)%s", "");
				}
			}
		}
	}

	if (nfmt)
		for (int i = 0; i < nfmt && i < 32; i++)
			add_format(user_formats[i]);
	else if (bsd_u)
		add_format("user,pid,%cpu,%mem,vsz,rss,tname,stat,start_time,bsdtime,args"), cols[6].head = "TTY",
			cols[ncols - 1].head = "COMMAND";
	else if (full && lng)
		add_format("f,s,user,pid,ppid,c,opri,ni,addr,sz,wchan,stime,tname,time,cmd"), cols[2].head = "UID";
	else if (lng)
		add_format("f,s,uid,pid,ppid,c,opri,ni,addr,sz,wchan,tname,time,ucmd");
	else if (full && jobs)
		add_format("user,pid,ppid,pgid,sid,c,stime,tname,time,cmd"), cols[0].head = "UID";
	else if (full)
		add_format("user,pid,ppid,c,stime,tname,time,cmd"), cols[0].head = "UID";
	else if (jobs)
		add_format("pid,pgid,sid,tname,time,ucmd");
	else
		add_format("pid,tname,time,ucmd");

	if (!wide && isatty(1)) {
		struct winsize ws;
		const char *env = getenv("COLUMNS");
		if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
			screen_cols = ws.ws_col;
		else if (env && atoi(env) > 0)
			screen_cols = atoi(env);
		else
			screen_cols = 80;
	}
	{
		char buf[2048];
		if (read_file("/proc/self/stat", buf, sizeof(buf)) > 0) {
			char *r = strrchr(buf, ')');
			if (r) {
				char *q = r + 3;
				for (int k = 4; k < 7 && *q; k++)
					strtoul(q, &q, 10), q++;
				my_tty = (int)strtoul(q, 0, 10);
			}
		}
	}

	DIR *d = opendir("/proc");
	if (!d) {
		perror("ps: /proc");
		return 1;
	}
	int *pids = 0, n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			pids = realloc(pids, cap * sizeof(int));
		}
		pids[n++] = (int)pid;
	}
	closedir(d);
	qsort(pids, n, sizeof(int), cmp_int);

	struct proc *procs = malloc((n ? n : 1) * sizeof(struct proc));
	int m = 0;
	for (int i = 0; i < n; i++)
		if (read_proc(pids[i], &procs[m]) == 0 && selected(&procs[m], my_tty))
			m++;
	if (nsort)
		qsort(procs, m, sizeof(struct proc), cmp_proc);

	int headers = 0;
	for (int i = 0; i < ncols; i++)
		headers |= cols[i].head[0] != 0;
	if (!no_header && headers)
		show(NULL);
	for (int i = 0; i < m; i++)
		show(&procs[i]);
	return m ? 0 : 1;
}
