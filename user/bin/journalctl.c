/*
 * journalctl: a thin reader of the kernel log in journalctl's formats.
 *
 * The lab has no journald: the only journal is the kernel's ring buffer,
 * read from /dev/kmsg, so every entry is a kernel one (identifier
 * "kernel") of the current boot and -k/--dmesg and -b select what is
 * shown anyway. The subset systemd 252 users type on kernel logs:
 *
 *   -k --dmesg  -b --boot[=0]  -p --priority=LEVEL|FROM..TO
 *   -n --lines[=N] (10 without N; -f shows the last 10 unless -n)
 *   -f --follow  -r --reverse  -q --quiet  --no-pager  --no-hostname  --utc
 *   -o --output=short|short-precise|short-iso|short-iso-precise|
 *               short-monotonic|short-unix|cat
 *
 * short: "Jan 01 00:00:00 kmemlab kernel: text", the wall time being the
 * boot's plus the record's stamp (a line user space wrote to /dev/kmsg as
 * "tag: text" shows its tag instead of "kernel", as journald parses it);
 * "-- No entries --" when nothing matches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <time.h>
#include <sys/utsname.h>

#define CLOCK_REALTIME 0
#define CLOCK_BOOTTIME 7

enum { O_SHORT, O_PRECISE, O_ISO, O_ISO_PRECISE, O_MONOTONIC, O_UNIX, O_CAT };
static const char *const outputs[] = { "short", "short-precise", "short-iso", "short-iso-precise", "short-monotonic", "short-unix", "cat" };
static const char *const prio_names[] = { "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

struct entry {
	int level, facility;
	unsigned long long usec;
	char *text;
};

static int output = O_SHORT, no_hostname, prio_min = 0, prio_max = 7;
static long boot_sec, boot_usec;
static char host[65];

static void help(void)
{
	fputs("journalctl [OPTIONS...]\n\nQuery the journal (here: the kernel log from /dev/kmsg).\n\n"
	      "  -b --boot[=0]              Show the current boot (the only one)\n"
	      "  -k --dmesg                 Show kernel message log from the current boot\n"
	      "  -p --priority=RANGE        Show entries within the specified priority range\n"
	      "  -o --output=STRING         Change journal output mode (short, short-precise,\n"
	      "                               short-iso, short-iso-precise, short-monotonic,\n"
	      "                               short-unix, cat)\n"
	      "  -n --lines[=INTEGER]       Number of journal entries to show\n"
	      "  -r --reverse               Show the newest entries first\n"
	      "     --utc                   Express time in Coordinated Universal Time (UTC)\n"
	      "     --no-hostname           Suppress output of hostname field\n"
	      "  -f --follow                Follow the journal\n"
	      "  -q --quiet                 Do not show info messages and privilege warning\n"
	      "     --no-pager              Do not pipe output into a pager\n"
	      "  -h --help                  Show this help text\n"
	      "     --version               Show package version\n", stdout);
}

static int parse_prio1(const char *s, size_t len)
{
	for (int i = 0; i < 8; i++)
		if (strlen(prio_names[i]) == len && !strncmp(prio_names[i], s, len))
			return i;
	if (len == 1 && s[0] >= '0' && s[0] <= '7')
		return s[0] - '0';
	return -1;
}

/* "err" (0..err) or "FROM..TO" */
static int parse_priority(const char *s)
{
	const char *dots = strstr(s, "..");
	if (dots) {
		int a = parse_prio1(s, dots - s), b = parse_prio1(dots + 2, strlen(dots + 2));
		if (a < 0 || b < 0)
			return -1;
		prio_min = a < b ? a : b;
		prio_max = a < b ? b : a;
		return 0;
	}
	prio_max = parse_prio1(s, strlen(s));
	prio_min = 0;
	return prio_max < 0 ? -1 : 0;
}

static void print_entry(const struct entry *e)
{
	time_t t;
	struct tm tm;
	long us;

	if (e->level < prio_min || e->level > prio_max)
		return;
	us = boot_usec + (long)(e->usec % 1000000);
	t = boot_sec + (time_t)(e->usec / 1000000) + us / 1000000;
	us %= 1000000;
	gmtime_r(&t, &tm);
	switch (output) {
	case O_CAT:
		printf("%s\n", e->text);
		return;
	case O_MONOTONIC:
		printf("[%5llu.%06llu]", e->usec / 1000000, e->usec % 1000000);
		break;
	case O_UNIX:
		printf("%lld.%06ld", (long long)t, us);
		break;
	case O_ISO:
	case O_ISO_PRECISE:
		printf("%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		if (output == O_ISO_PRECISE)
			printf(".%06ld", us);
		printf("+0000");
		break;
	default:
		printf("%s %02d %02d:%02d:%02d", months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		if (output == O_PRECISE)
			printf(".%06ld", us);
	}
	if (!no_hostname)
		printf(" %s", host);
	/* a line user space wrote to /dev/kmsg names its sender as syslog does: "tag: text" or "tag[pid]: text" */
	size_t tag = strcspn(e->text, " :[");
	if (e->facility && tag && (e->text[tag] == ':' || e->text[tag] == '[')) {
		const char *colon = strchr(e->text, ':');
		if (colon && colon[1] == ' ' && !memchr(e->text, ' ', colon - e->text)) {
			printf(" %.*s: %s\n", (int)(colon - e->text), e->text, colon + 2);
			return;
		}
	}
	printf(" kernel: %s\n", e->text);
}

/* "prio,seq,usec,flags;text\n" -> entry (text in place) */
static int parse_kmsg(char *buf, struct entry *e)
{
	char *semi = strchr(buf, ';'), *p = buf, *nl;
	if (!semi)
		return -1;
	long prio = strtol(p, &p, 10);
	e->level = (int)(prio & 7);
	e->facility = (int)(prio >> 3);
	if (*p++ != ',')
		return -1;
	strtoull(p, &p, 10);
	if (*p++ != ',')
		return -1;
	e->usec = strtoull(p, &p, 10);
	e->text = semi + 1;
	nl = strchr(e->text, '\n');
	if (nl)
		*nl = 0;
	return 0;
}

static void bad(const char *fmt, const char *arg)
{
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

/* -o/--output: the index of a format in outputs[], or the error journalctl gives */
static int output_format(const char *name)
{
	for (int k = 0; k < (int)(sizeof(outputs) / sizeof(outputs[0])); k++)
		if (!strcmp(name, outputs[k]))
			return k;
	bad("Unknown output format '%s'.", name);
	return -1;
}

int main(int argc, char **argv)
{
	int follow = 0, reverse = 0, quiet = 0;
	long lines = -1;
	struct utsname u;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i], *v = NULL;
		if (!strncmp(a, "--", 2)) {
			char *eq = strchr(a, '=');
			size_t n = eq ? (size_t)(eq - a) : strlen(a);
			v = eq ? eq + 1 : NULL;
#define IS(s) (n == strlen(s) && !strncmp(a, s, n))
#define NEED() (v ? v : i + 1 < argc ? argv[++i] : (bad("journalctl: option '%s' requires an argument", a), ""))
			if (IS("--dmesg") || IS("--no-pager") || IS("--utc") || IS("--system") || IS("--merge") || IS("--no-full") || IS("--all"))
				;
			else if (IS("--boot")) {
				if (v && strcmp(v, "0") && strcmp(v, "-0"))
					bad("Data from the specified boot (%s) is not available: No such boot ID in journal", v);
			} else if (IS("--priority")) {
				const char *p = NEED();
				if (parse_priority(p))
					bad("Unknown log level %s", p);
			} else if (IS("--output")) {
				output = output_format(NEED());
			} else if (IS("--lines")) {
				lines = v ? strtol(v, 0, 10) : 10;
			} else if (IS("--reverse")) reverse = 1;
			else if (IS("--follow")) follow = 1;
			else if (IS("--quiet")) quiet = 1;
			else if (IS("--no-hostname")) no_hostname = 1;
			else if (IS("--help")) { help(); return 0; }
			else if (IS("--version")) { puts("systemd 252 (kmemlab journalctl: the kernel log only)"); return 0; }
			else
				bad("journalctl: unrecognized option '%s'", a);
			continue;
		}
		if (a[0] != '-' || !a[1])
			bad("Matches are not supported here: %s", a);
		for (char *c = a + 1; *c; c++) {
			switch (*c) {
			case 'k': case 'm': case 'a': case 'x': break;
			case 'b':
				if (c[1] || (i + 1 < argc && argv[i + 1][0] != '-')) {
					const char *id = c[1] ? c + 1 : argv[++i];
					if (strcmp(id, "0") && strcmp(id, "-0"))
						bad("Data from the specified boot (%s) is not available: No such boot ID in journal", id);
					c = strchr(c, 0) - 1;
				}
				break;
			case 'r': reverse = 1; break;
			case 'f': follow = 1; break;
			case 'q': quiet = 1; break;
			case 'h': help(); return 0;
			case 'n':
				if (c[1]) {
					lines = strtol(c + 1, 0, 10);
					c = strchr(c, 0) - 1;
				} else if (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9') {
					lines = strtol(argv[++i], 0, 10);
				} else {
					lines = 10;
				}
				break;
			case 'p': case 'o': {
				char opt = *c, *val = c[1] ? c + 1 : i + 1 < argc ? argv[++i] : NULL;
				char name[3] = { '-', opt, 0 };
				if (!val)
					bad("journalctl: option requires an argument -- '%s'", name + 1);
				if (opt == 'p' && parse_priority(val))
					bad("Unknown log level %s", val);
				if (opt == 'o')
					output = output_format(val);
				c = strchr(c, 0) - 1;
				break;
			}
			default: {
				char s[2] = { *c, 0 };
				bad("journalctl: invalid option -- '%s'", s);
			}
			}
		}
	}
	if (follow && lines < 0)
		lines = 10;
	if (follow && reverse)
		bad("%sPlease specify either --reverse or --follow, not both.", "");

	uname(&u);
	snprintf(host, sizeof(host), "%s", u.nodename);
	{
		struct timespec up, now;
		if (!clock_gettime(CLOCK_BOOTTIME, &up) && !clock_gettime(CLOCK_REALTIME, &now)) {
			boot_sec = now.tv_sec - up.tv_sec;
			boot_usec = now.tv_nsec / 1000 - up.tv_nsec / 1000;
			if (boot_usec < 0) {
				boot_sec--;
				boot_usec += 1000000;
			}
		}
	}

	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "No journal files were found.\n");
		if (!quiet)
			puts("-- No entries --");
		return 0;
	}
	/* the buffered entries, so -n and -r can pick from the end */
	struct entry *ents = 0;
	size_t n = 0, cap = 0;
	char buf[2048];
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf) - 1);
		struct entry e;
		if (r < 0 && (errno == EPIPE || errno == EINTR))
			continue;
		if (r <= 0)
			break;
		buf[r] = 0;
		if (parse_kmsg(buf, &e) || e.level < prio_min || e.level > prio_max)
			continue;
		e.text = strdup(e.text);
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			ents = realloc(ents, cap * sizeof(*ents));
		}
		ents[n++] = e;
	}
	size_t first = lines >= 0 && (size_t)lines < n ? n - (size_t)lines : 0;
	if (n == first && !follow && !quiet)
		puts("-- No entries --");
	for (size_t k = first; k < n; k++)
		print_entry(&ents[reverse ? n - 1 - (k - first) : k]);
	if (!follow)
		return 0;
	fflush(stdout);
	fcntl(fd, F_SETFL, 0);
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf) - 1);
		struct entry e;
		if (r < 0 && (errno == EPIPE || errno == EINTR))
			continue;
		if (r <= 0)
			return 1;
		buf[r] = 0;
		if (!parse_kmsg(buf, &e)) {
			print_entry(&e);
			fflush(stdout);
		}
	}
}
