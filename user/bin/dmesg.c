/*
 * dmesg: print or control the kernel ring buffer, as util-linux 2.38 does.
 *
 * Records come from /dev/kmsg ("prio,seq,usec,flags;text"), read without
 * blocking until none is left, or with -w/--follow (-W: only new ones)
 * blocking for more; -S, -c and -F FILE read the syslog(2) format
 * ("<prio>[    sec.usec] text") from klogctl or the file instead. Every
 * record is printed by print_record: optional "fac   :level : " (-x),
 * then the stamp chosen by -t / -d / -T / -H (-e) / --time-format, then
 * the text. -l/-f/-k/-u filter by level and facility. -C, -c, -n, -D, -E
 * control the buffer through klogctl. Colour options are accepted and
 * print no colour; -H never starts a pager.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <time.h>
#include <sys/klog.h>

#define CLOCK_REALTIME 0
#define CLOCK_BOOTTIME 7

static const char *const level_names[] = { "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug" };
static const char *const level_help[] = {
	"system is unusable", "action must be taken immediately", "critical conditions", "error conditions",
	"warning conditions", "normal but significant condition", "informational", "debug-level messages",
};
static const char *const facility_names[] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "res0", "res1", "res2", "res3",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};
static const char *const facility_help[] = {
	"kernel messages", "random user-level messages", "mail system", "system daemons",
	"security/authorization messages", "messages generated internally by syslogd", "line printer subsystem",
	"network news subsystem", "UUCP subsystem", "clock daemon", "security/authorization messages (private)",
	"FTP daemon",
};
#define NLEVELS 8
#define NFACILITIES 24

enum { T_DEFAULT, T_NONE, T_CTIME, T_RELTIME, T_ISO, T_DELTA };

struct record {
	int level, facility;
	long sec, usec;
	char *text;
};

static int timefmt = T_DEFAULT, delta_too, decode, raw;
static unsigned levels_mask = ~0U, facilities_mask = ~0U;
static long boot_sec, boot_usec;	/* realtime at boot */
static long last_sec, last_usec;	/* the previous record's stamp, for deltas */
static struct tm last_tm;
static int have_last_tm;

static void usage(FILE *out)
{
	fputs("\nUsage:\n dmesg [options]\n\nDisplay or control the kernel ring buffer.\n\nOptions:\n"
	      " -C, --clear                 clear the kernel ring buffer\n"
	      " -c, --read-clear            read and clear all messages\n"
	      " -D, --console-off           disable printing messages to console\n"
	      " -E, --console-on            enable printing messages to console\n"
	      " -F, --file <file>           use the file instead of the kernel log buffer\n"
	      " -f, --facility <list>       restrict output to defined facilities\n"
	      " -H, --human                 human readable output\n"
	      " -k, --kernel                display kernel messages\n"
	      " -L, --color[=<when>]        colorize messages (auto, always or never)\n"
	      "                               (accepted; this dmesg prints no colour)\n"
	      " -l, --level <list>          restrict output to defined levels\n"
	      " -n, --console-level <level> set level of messages printed to console\n"
	      " -P, --nopager               do not pipe output into a pager\n"
	      " -p, --force-prefix          force timestamp output on each line of multi-line messages\n"
	      " -r, --raw                   print the raw message buffer\n"
	      " -S, --syslog                force to use syslog(2) rather than /dev/kmsg\n"
	      " -s, --buffer-size <size>    buffer size to query the kernel ring buffer\n"
	      " -u, --userspace             display userspace messages\n"
	      " -w, --follow                wait for new messages\n"
	      " -W, --follow-new            wait and print only new messages\n"
	      " -x, --decode                decode facility and level to readable string\n"
	      " -d, --show-delta            show time delta between printed messages\n"
	      " -e, --reltime               show local time and time delta in readable format\n"
	      " -T, --ctime                 show human-readable timestamp (may be inaccurate!)\n"
	      " -t, --notime                don't show any timestamp with messages\n"
	      "     --time-format <format>  show timestamp using the given format:\n"
	      "                               [delta|reltime|ctime|notime|iso]\n"
	      "Suspending/resume will make ctime and iso timestamps inaccurate.\n\n"
	      " -h, --help                  display this help\n"
	      " -V, --version               display version\n\nSupported log facilities:\n", out);
	for (int i = 0; i < 12; i++)
		fprintf(out, "%8s - %s\n", facility_names[i], facility_help[i]);
	fputs("\nSupported log levels (priorities):\n", out);
	for (int i = 0; i < NLEVELS; i++)
		fprintf(out, "%8s - %s\n", level_names[i], level_help[i]);
	fputs("\nFor more details see dmesg(1).\n", out);
}

static void bad_usage(void)
{
	fprintf(stderr, "Try 'dmesg --help' for more information.\n");
	exit(1);
}

static int lookup(const char *name, size_t len, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strlen(names[i]) == len && !strncmp(names[i], name, len))
			return i;
	return -1;
}

/* "err,warn" -> bit mask; a bad name is util-linux's message and status 1 */
static unsigned parse_list(const char *list, const char *const *names, int n, const char *what)
{
	unsigned mask = 0;
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		int i = lookup(p, len, names, n);
		if (i < 0) {
			char *end;
			long v = strtol(p, &end, 10);
			if (end == p + len && len && v >= 0 && v < n)
				i = (int)v;
		}
		if (i < 0) {
			fprintf(stderr, "dmesg: unknown %s '%.*s'\n", what, (int)len, p);
			exit(1);
		}
		mask |= 1U << i;
		p += len;
		if (*p == ',')
			p++;
	}
	return mask;
}

static void get_boot_time(void)
{
	struct timespec now, up;
	/* uptime first: the boot time then rounds down to the boot's own second */
	if (clock_gettime(CLOCK_BOOTTIME, &up) || clock_gettime(CLOCK_REALTIME, &now))
		return;
	long nu = now.tv_nsec / 1000, uu = up.tv_nsec / 1000;
	boot_sec = now.tv_sec - up.tv_sec;
	boot_usec = nu - uu;
	if (boot_usec < 0) {
		boot_sec--;
		boot_usec += 1000000;
	}
}

static const char *const wdays[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static void record_tm(const struct record *r, struct tm *tm)
{
	time_t t = boot_sec + r->sec;
	gmtime_r(&t, tm);
}

/* microseconds since the previous record, or 0 while no earlier stamp is set (as record_count_delta) */
static long count_delta(const struct record *r)
{
	long d = 0;
	if (last_sec || last_usec)
		d = (r->sec - last_sec) * 1000000 + (r->usec - last_usec);
	last_sec = r->sec;
	last_usec = r->usec;
	return d;
}

/* "%+8.6f"-style seconds from microseconds (no floating point in the guest) */
static void fmt_delta(char *buf, size_t n, long us, int width, int sign)
{
	char num[40];
	long a = us < 0 ? -us : us;
	snprintf(num, sizeof(num), "%s%ld.%06ld", us < 0 ? "-" : sign ? "+" : "", a / 1000000, a % 1000000);
	snprintf(buf, n, "%*s", width, num);
}

static void print_record(const struct record *r)
{
	char d[48];
	struct tm tm;

	if (!(levels_mask & (1U << r->level)) || !(facilities_mask & (1U << r->facility)))
		return;
	if (raw) {
		printf("<%d>[%5ld.%06ld] %s\n", r->facility << 3 | r->level, r->sec, r->usec, r->text);
		return;
	}
	if (decode)
		printf("%-6s:%-6s: ", r->facility < NFACILITIES ? facility_names[r->facility] : "unknown", level_names[r->level]);
	switch (timefmt) {
	case T_NONE:
		break;
	case T_CTIME:
		record_tm(r, &tm);
		printf("[%s %s %2d %02d:%02d:%02d %d", wdays[tm.tm_wday], months[tm.tm_mon], tm.tm_mday, tm.tm_hour,
		       tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
		if (delta_too) {
			fmt_delta(d, sizeof(d), count_delta(r), 12, 0);
			printf(" <%s>", d);
		}
		printf("] ");
		break;
	case T_RELTIME: {
		long delta;
		record_tm(r, &tm);
		delta = count_delta(r);
		if (!have_last_tm || tm.tm_min != last_tm.tm_min || tm.tm_hour != last_tm.tm_hour || tm.tm_yday != last_tm.tm_yday) {
			printf("[%s%2d %02d:%02d] ", months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min);
		} else {
			fmt_delta(d, sizeof(d), delta, delta < 10000000 ? 8 : 9, 1);
			printf(delta < 10000000 ? "[  %s] " : "[ %s] ", d);
		}
		last_tm = tm;
		have_last_tm = 1;
		break;
	}
	case T_ISO:
		record_tm(r, &tm);
		printf("%04d-%02d-%02dT%02d:%02d:%02d,%06ld+00:00 ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		       tm.tm_hour, tm.tm_min, tm.tm_sec, r->usec);
		break;
	case T_DELTA:
		fmt_delta(d, sizeof(d), count_delta(r), 12, 0);
		printf("[<%s>] ", d);
		break;
	default:
		printf("[%5ld.%06ld", r->sec, r->usec);
		if (delta_too) {
			fmt_delta(d, sizeof(d), count_delta(r), 12, 0);
			printf(" <%s>", d);
		}
		printf("] ");
	}
	fputs(r->text, stdout);
	putchar('\n');
}

/* "<6>[    1.234567] text" (syslog(2) and -F files); a line without "<prio>" counts as kern.info */
static void parse_syslog_line(char *line)
{
	struct record r = { 6, 0, 0, 0, line };
	if (line[0] == '<') {
		char *q;
		long prio = strtol(line + 1, &q, 10);
		if (*q == '>' && q > line + 1) {
			r.level = prio & 7;
			r.facility = (int)(prio >> 3);
			r.text = q + 1;
		}
	}
	if (r.text[0] == '[') {
		char *q = r.text + 1, *end;
		while (*q == ' ')
			q++;
		long s = strtol(q, &end, 10);
		if (*end == '.') {
			long us = strtol(end + 1, &end, 10);
			if (*end == ']') {
				r.sec = s;
				r.usec = us;
				r.text = end + 1;
				if (*r.text == ' ')
					r.text++;
			}
		}
	}
	print_record(&r);
}

static void print_syslog_buffer(char *buf)
{
	char *p = buf;
	while (*p) {
		char *e = strchr(p, '\n');
		if (e)
			*e = 0;
		parse_syslog_line(p);
		if (!e)
			break;
		p = e + 1;
	}
}

/* "prio,seq,usec,flags;text\n" */
static void parse_kmsg(char *buf)
{
	struct record r = { 0, 0, 0, 0, "" };
	char *semi = strchr(buf, ';'), *p = buf;
	unsigned long long us;
	long prio;
	if (!semi)
		return;
	prio = strtol(p, &p, 10);
	if (*p++ != ',')
		return;
	strtoull(p, &p, 10);
	if (*p++ != ',')
		return;
	us = strtoull(p, &p, 10);
	r.level = prio & 7;
	r.facility = (int)(prio >> 3);
	r.sec = (long)(us / 1000000);
	r.usec = (long)(us % 1000000);
	r.text = semi + 1;
	char *nl = strchr(r.text, '\n');
	if (nl)
		*nl = 0;
	print_record(&r);
}

static int read_kmsg(int follow, int only_new)
{
	int fd = open("/dev/kmsg", O_RDONLY | (follow ? 0 : O_NONBLOCK));
	char buf[2048];
	if (fd < 0)
		return -1;
	/* as util-linux: start after what SYSLOG_ACTION_CLEAR (dmesg -C) cleared, or at the end for -W */
	lseek(fd, 0, only_new ? SEEK_END : SEEK_DATA);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on from the oldest */
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf[n] = 0;
		parse_kmsg(buf);
		if (follow)
			fflush(stdout);
	}
	close(fd);
	return 0;
}

static int ctl(int type, int arg)
{
	if (klogctl(type, 0, arg) < 0) {
		fprintf(stderr, "dmesg: klogctl failed: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

/* the argument of a short or long option: "-lerr", "-l err", "--level=err", "--level err" */
static char *optval(int argc, char **argv, int *i, const char *inl, const char *name)
{
	if (inl && *inl)
		return (char *)inl;
	if (*i + 1 < argc)
		return argv[++*i];
	if (name[0] == '-')
		fprintf(stderr, "dmesg: option '%s' requires an argument\n", name);
	else
		fprintf(stderr, "dmesg: option requires an argument -- '%s'\n", name);
	bad_usage();
	return 0;
}

int main(int argc, char **argv)
{
	int clear = 0, read_clear = 0, console_level = -1, console_off = 0, console_on = 0;
	int follow = 0, follow_new = 0, use_syslog = 0, bufsize = 0;
	const char *file = 0;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			fprintf(stderr, "dmesg: bad usage\n");
			bad_usage();
		}
		if (a[1] == '-') {
			char *v = strchr(a, '=');
			size_t n = v ? (size_t)(v - a) : strlen(a);
			char *val = v ? v + 1 : 0;
#define IS(s) (n == strlen(s) && !strncmp(a, s, n))
#define VAL() optval(argc, argv, &i, val, a)
			if (IS("--clear")) clear = 1;
			else if (IS("--read-clear")) read_clear = 1;
			else if (IS("--console-off")) console_off = 1;
			else if (IS("--console-on")) console_on = 1;
			else if (IS("--file")) file = VAL();
			else if (IS("--facility")) facilities_mask = parse_list(VAL(), facility_names, NFACILITIES, "facility");
			else if (IS("--human")) timefmt = T_RELTIME;
			else if (IS("--kernel")) facilities_mask = 1U << 0;
			else if (IS("--color") || IS("--colour")) {
				if (val && strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never")) {
					fprintf(stderr, "dmesg: unsupported color mode\n");
					return 1;
				}
			} else if (IS("--level")) levels_mask = parse_list(VAL(), level_names, NLEVELS, "level");
			else if (IS("--console-level")) console_level = atoi(VAL());
			else if (IS("--nopager") || IS("--noescape")) ;
			else if (IS("--force-prefix")) ;	/* records here are single lines */
			else if (IS("--raw")) raw = 1;
			else if (IS("--syslog")) use_syslog = 1;
			else if (IS("--buffer-size")) bufsize = atoi(VAL());
			else if (IS("--userspace")) facilities_mask = ~1U;
			else if (IS("--follow")) follow = 1;
			else if (IS("--follow-new")) follow = follow_new = 1;
			else if (IS("--decode")) decode = 1;
			else if (IS("--show-delta")) delta_too = 1;
			else if (IS("--reltime")) timefmt = T_RELTIME;
			else if (IS("--ctime")) timefmt = T_CTIME;
			else if (IS("--notime")) timefmt = T_NONE;
			else if (IS("--time-format")) {
				char *f = VAL();
				timefmt = !strcmp(f, "ctime") ? T_CTIME : !strcmp(f, "reltime") ? T_RELTIME : !strcmp(f, "iso") ? T_ISO :
					  !strcmp(f, "notime") ? T_NONE : !strcmp(f, "delta") ? T_DELTA : -1;
				if (timefmt < 0) {
					fprintf(stderr, "dmesg: unknown time format: %s\n", f);
					return 1;
				}
			} else if (IS("--help")) {
				usage(stdout);
				return 0;
			} else if (IS("--version")) {
				puts("dmesg from util-linux 2.38.1 (kmemlab)");
				return 0;
			} else {
				fprintf(stderr, "dmesg: unrecognized option '%s'\n", a);
				bad_usage();
			}
			continue;
		}
		for (char *c = a + 1; *c; c++) {
			char name[2] = { *c, 0 };
			switch (*c) {
			case 'C': clear = 1; break;
			case 'c': read_clear = 1; break;
			case 'D': console_off = 1; break;
			case 'E': console_on = 1; break;
			case 'H': case 'e': timefmt = T_RELTIME; break;
			case 'k': facilities_mask = 1U << 0; break;
			case 'L': c = strchr(c, 0) - 1; break;	/* -L[=when]: no colour either way */
			case 'P': break;
			case 'p': break;
			case 'r': raw = 1; break;
			case 'S': use_syslog = 1; break;
			case 'u': facilities_mask = ~1U; break;
			case 'w': follow = 1; break;
			case 'W': follow = follow_new = 1; break;
			case 'x': decode = 1; break;
			case 'd': delta_too = 1; break;
			case 'T': timefmt = T_CTIME; break;
			case 't': timefmt = T_NONE; break;
			case 'h': usage(stdout); return 0;
			case 'V': puts("dmesg from util-linux 2.38.1 (kmemlab)"); return 0;
			case 'F': case 'f': case 'l': case 'n': case 's': {
				char opt = *c, *v = optval(argc, argv, &i, c + 1, name);
				if (opt == 'F')
					file = v;
				else if (opt == 'f')
					facilities_mask = parse_list(v, facility_names, NFACILITIES, "facility");
				else if (opt == 'l')
					levels_mask = parse_list(v, level_names, NLEVELS, "level");
				else if (opt == 'n') {
					char *end;
					console_level = (int)strtol(v, &end, 10);
					if (*end || !*v) {
						console_level = lookup(v, strlen(v), level_names, NLEVELS);
						if (console_level < 0) {
							fprintf(stderr, "dmesg: unknown level '%s'\n", v);
							return 1;
						}
						console_level++;
					}
				} else
					bufsize = atoi(v);
				c = strchr(c, 0) - 1;
				break;
			}
			default:
				fprintf(stderr, "dmesg: invalid option -- '%c'\n", *c);
				bad_usage();
			}
		}
	}
	if (raw && decode) {
		fprintf(stderr, "dmesg: mutually exclusive arguments: --raw --decode\n");
		return 1;
	}
	if (delta_too && timefmt == T_NONE)
		timefmt = T_DELTA;
	if (timefmt == T_CTIME || timefmt == T_RELTIME || timefmt == T_ISO)
		get_boot_time();

	if (console_level >= 0)
		return ctl(SYSLOG_ACTION_CONSOLE_LEVEL, console_level);
	if (console_off)
		return ctl(SYSLOG_ACTION_CONSOLE_OFF, 0);
	if (console_on)
		return ctl(SYSLOG_ACTION_CONSOLE_ON, 0);
	if (clear)
		return ctl(SYSLOG_ACTION_CLEAR, 0);

	if (file) {
		FILE *f = fopen(file, "r");
		char *line = 0;
		size_t cap = 0;
		ssize_t n;
		if (!f) {
			fprintf(stderr, "dmesg: cannot open %s: %s\n", file, strerror(errno));
			return 1;
		}
		while ((n = getline(&line, &cap, f)) > 0) {
			if (line[n - 1] == '\n')
				line[n - 1] = 0;
			parse_syslog_line(line);
		}
		fclose(f);
		return 0;
	}
	if (!use_syslog && !read_clear && read_kmsg(follow, follow_new) == 0)
		return 0;

	int size = bufsize > 0 ? bufsize : klogctl(SYSLOG_ACTION_SIZE_BUFFER, 0, 0);
	if (size < 16 * 1024)
		size = 16 * 1024;
	char *buf = malloc(size + 1);
	int n = klogctl(read_clear ? SYSLOG_ACTION_READ_CLEAR : SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0) {
		fprintf(stderr, "dmesg: read kernel buffer failed: %s\n", strerror(errno));
		return 1;
	}
	buf[n] = 0;
	print_syslog_buffer(buf);
	return 0;
}
