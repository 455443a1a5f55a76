/*
 * pgrep, pkill: find or signal processes by name and other attributes,
 * as procps-ng 4.0's pgrep.c (pkill.c includes this file with PKILL set).
 *
 *   pgrep [-l|-a] [-c] [-d DELIM] [-f] [-x] [-i] [-v] [-n|-o] [-P PPIDS]
 *         [-g PGIDS] [-s SIDS] [-u|-U USERS] [-r STATES] [PATTERN]
 *   pkill [-SIGNAL|--signal SIG] [-e] [-c] and the selection options above
 *
 * PATTERN is an extended regular expression matched against the process
 * name (the 15-character comm of /proc/PID/stat), or with -f against the
 * command line (arguments joined by spaces; a kernel thread's is its
 * name). -x anchors it to the whole name. The selections combine with
 * AND; each comma-separated list with OR (a 0 in -g/-s means pgrep's
 * own process group or session). pgrep and pkill never select themselves. The lab has only root,
 * so -u/-U accept root or 0. Exit status: 0 something matched, 1 nothing
 * did, 2 bad usage, 3 fatal error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <signal.h>
#include <regex.h>
#include <errno.h>
#include <ctype.h>
#include <procfs.h>

#ifdef PKILL
#define PROG "pkill"
#else
#define PROG "pgrep"
#endif
#define MAXPROCS 4096
#define MAXLIST 64

struct proc {
	int pid, ppid, pgrp, sid;
	char state, comm[64], cmdline[4096];
	unsigned long long start;
};

struct list {
	int n;
	long v[MAXLIST];
};

static const char *const signames[] = {
	0, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
	"TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
	"WINCH", "POLL", "PWR", "SYS",
};

static void usage(FILE *f, int status)
{
	fprintf(f, "\nUsage:\n " PROG " [options] <pattern>\n\nOptions:\n");
#ifdef PKILL
	fputs(" -<sig>, --signal <sig>    signal to send (either number or name)\n"
	      " -e, --echo                display what is killed\n", f);
#else
	fputs(" -d, --delimiter <string>  specify output delimiter\n"
	      " -l, --list-name           list PID and process name\n"
	      " -a, --list-full           list PID and full command line\n"
	      " -v, --inverse             negates the matching\n", f);
#endif
	fputs(" -c, --count               count of matching processes\n"
	      " -f, --full                use full process name to match\n"
	      " -g, --pgroup <PGID,...>   match listed process group IDs\n"
	      " -i, --ignore-case         match case insensitively\n"
	      " -n, --newest              select most recently started\n"
	      " -o, --oldest              select least recently started\n"
	      " -P, --parent <PPID,...>   match only child processes of the given parent\n"
	      " -s, --session <SID,...>   match session IDs\n"
	      " -u, --euid <ID,...>       match by effective IDs\n"
	      " -U, --uid <ID,...>        match by real IDs\n"
	      " -x, --exact               match exactly with the command name\n"
	      " -r, --runstates <state>   match runstates [D,S,Z,...]\n\n"
	      " -h, --help     display this help and exit\n"
	      " -V, --version  output version information and exit\n\n"
	      "For more details see pgrep(1).\n", f);
	exit(status);
}

static void try_help(const char *fmt, const char *arg)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry `" PROG " --help' for more information.\n");
	exit(2);
}

static int read_proc(int pid, struct proc *p)
{
	char path[64], buf[4096];
	int n;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	char *l = strchr(buf, '('), *r = strrchr(buf, ')');
	if (!l || !r || r[1] != ' ')
		return -1;
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	snprintf(p->comm, sizeof(p->comm), "%.*s", (int)(r - l - 1), l + 1);
	p->state = r[2];
	char *q = r + 3;
	unsigned long long f[23] = { 0 };
	for (int i = 4; i < 23 && *q; i++) {
		f[i] = strtoull(q, &q, 10);
		while (*q == ' ')
			q++;
	}
	p->ppid = (int)f[4];
	p->pgrp = (int)f[5];
	p->sid = (int)f[6];
	p->start = f[22];
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	n = read_file(path, p->cmdline, sizeof(p->cmdline));
	for (int i = 0; i < n; i++)
		if (!p->cmdline[i])
			p->cmdline[i] = ' ';
	while (n > 0 && p->cmdline[n - 1] == ' ')
		p->cmdline[--n] = 0;
	return 0;
}

/* a comma-separated list of numbers; 0 stands for our own id where own >= 0 */
static void parse_list(struct list *l, const char *arg, const char *what, long own)
{
	char *s = strdup(arg), *save, *t;
	l->n = 0;
	for (t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *end;
		long v = strtol(t, &end, 10);
		if (*end || end == t || l->n >= MAXLIST) {
			fprintf(stderr, PROG ": invalid %s: %s\n", what, t);
			exit(2);
		}
		l->v[l->n++] = v == 0 && own >= 0 ? own : v;
	}
	if (!l->n)
		try_help("%s", "no matching criteria specified");
	free(s);
}

static void parse_users(struct list *l, const char *arg)
{
	char *s = strdup(arg), *save, *t;
	l->n = 0;
	for (t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "root") && strcmp(t, "0")) {
			fprintf(stderr, PROG ": invalid user name: %s\n", t);
			exit(2);
		}
		l->v[l->n++] = 0;
	}
	free(s);
}

static int in_list(const struct list *l, long v)
{
	for (int i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return 1;
	return 0;
}

static __attribute__((unused)) int signal_of(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (end != s && !*end)
		return n >= 0 && n < 65 ? (int)n : -1;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i < (int)(sizeof(signames) / sizeof(signames[0])); i++)
		if (!strcasecmp(s, signames[i]))
			return i;
	return -1;
}

/* an option's argument: the rest of this word or the next word */
static const char *optval(int argc, char **argv, int *i, const char *rest, const char *name)
{
	if (rest && *rest)
		return rest;
	if (*i + 1 >= argc) {
		if (name[1] == '-')
			fprintf(stderr, PROG ": option '%s' requires an argument\n", name);
		else
			fprintf(stderr, PROG ": option requires an argument -- '%c'\n", name[1]);
		usage(stderr, 2);
	}
	return argv[++*i];
}

int main(int argc, char **argv)
{
	static struct proc procs[MAXPROCS];
	struct list ppids = { 0 }, pgrps = { 0 }, sids = { 0 }, uids = { 0 };
	int want_ppid = 0, want_pgrp = 0, want_sid = 0, want_uid = 0;
	int list_name = 0, list_full = 0, count = 0, full = 0, exact = 0, icase = 0, inverse = 0, newest = 0, oldest = 0;
	int echo = 0, sig = SIGTERM, nproc = 0, matched = 0;
	const char *delim = "\n", *pattern = NULL, *states = NULL;
	regex_t re;
	int self = getpid();
	DIR *d;
	struct dirent *e;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			if (pattern)
				try_help("%s", "only one pattern can be provided");
			pattern = a;
			continue;
		}
#ifdef PKILL
		if (i == 1 && a[1] != '-' && (isdigit((unsigned char)a[1]) || (signal_of(a + 1) > 0 && strlen(a) > 2))) {
			sig = signal_of(a + 1);
			if (sig < 0)
				try_help("unknown signal name %s", a + 1);
			continue;
		}
#endif
		if (a[1] == '-') {
			const char *v = strchr(a, '=');
			char name[64];
			snprintf(name, sizeof(name), "%.*s", v ? (int)(v - a) : (int)strlen(a), a);
			if (v)
				v++;
			if (!strcmp(name, "--help"))
				usage(stdout, 0);
			else if (!strcmp(name, "--version")) {
				puts(PROG " from procps-ng 4.0.2");
				return 0;
			} else if (!strcmp(name, "--count"))
				count = 1;
			else if (!strcmp(name, "--full"))
				full = 1;
			else if (!strcmp(name, "--exact"))
				exact = 1;
			else if (!strcmp(name, "--ignore-case"))
				icase = 1;
			else if (!strcmp(name, "--newest"))
				newest = 1;
			else if (!strcmp(name, "--oldest"))
				oldest = 1;
			else if (!strcmp(name, "--parent"))
				parse_list(&ppids, optval(argc, argv, &i, v, name), "parent", -1), want_ppid = 1;
			else if (!strcmp(name, "--pgroup"))
				parse_list(&pgrps, optval(argc, argv, &i, v, name), "process group", getpgrp()), want_pgrp = 1;
			else if (!strcmp(name, "--session"))
				parse_list(&sids, optval(argc, argv, &i, v, name), "session", getsid(0)), want_sid = 1;
			else if (!strcmp(name, "--euid") || !strcmp(name, "--uid"))
				parse_users(&uids, optval(argc, argv, &i, v, name)), want_uid = 1;
			else if (!strcmp(name, "--runstates"))
				states = optval(argc, argv, &i, v, name);
#ifdef PKILL
			else if (!strcmp(name, "--signal")) {
				const char *s = optval(argc, argv, &i, v, name);
				if ((sig = signal_of(s)) < 0)
					try_help("unknown signal name %s", s);
			} else if (!strcmp(name, "--echo"))
				echo = 1;
#else
			else if (!strcmp(name, "--delimiter"))
				delim = optval(argc, argv, &i, v, name);
			else if (!strcmp(name, "--list-name"))
				list_name = 1;
			else if (!strcmp(name, "--list-full"))
				list_full = 1;
			else if (!strcmp(name, "--inverse"))
				inverse = 1;
#endif
			else {
				fprintf(stderr, PROG ": unrecognized option '%s'\n", a);
				usage(stderr, 2);
			}
			continue;
		}
		for (char *c = a + 1; *c; c++) {
			char opt[3] = { '-', *c, 0 };
			switch (*c) {
			case 'c': count = 1; break;
			case 'f': full = 1; break;
			case 'x': exact = 1; break;
			case 'i': icase = 1; break;
			case 'n': newest = 1; break;
			case 'o': oldest = 1; break;
			case 'h': usage(stdout, 0); break;
			case 'V': puts(PROG " from procps-ng 4.0.2"); return 0;
			case 'P': parse_list(&ppids, optval(argc, argv, &i, c + 1, opt), "parent", -1); want_ppid = 1; goto next;
			case 'g': parse_list(&pgrps, optval(argc, argv, &i, c + 1, opt), "process group", getpgrp()); want_pgrp = 1; goto next;
			case 's': parse_list(&sids, optval(argc, argv, &i, c + 1, opt), "session", getsid(0)); want_sid = 1; goto next;
			case 'u': case 'U': parse_users(&uids, optval(argc, argv, &i, c + 1, opt)); want_uid = 1; goto next;
			case 'r': states = optval(argc, argv, &i, c + 1, opt); goto next;
#ifdef PKILL
			case 'e': echo = 1; break;
#else
			case 'd': delim = optval(argc, argv, &i, c + 1, opt); goto next;
			case 'l': list_name = 1; break;
			case 'a': list_full = 1; break;
			case 'v': inverse = 1; break;
#endif
			default:
				fprintf(stderr, PROG ": invalid option -- '%c'\n", *c);
				usage(stderr, 2);
			}
		}
next:;
	}
	if (newest && oldest)
		try_help("%s", "-n and -o are mutually exclusive");	/* procps: "only one of -n, -o" */
	if (!pattern && !want_ppid && !want_pgrp && !want_sid && !want_uid && !states)
		try_help("%s", "no matching criteria specified");
	if (pattern) {
		char *pat = malloc(strlen(pattern) + 8);
		int r;
		sprintf(pat, exact ? "^(%s)$" : "%s", pattern);
		r = regcomp(&re, pat, REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0));
		if (r) {
			char msg[128];
			regerror(r, &re, msg, sizeof(msg));
			fprintf(stderr, PROG ": regex error: %s\n", msg);
			return 2;
		}
		free(pat);
	}

	d = opendir("/proc");
	if (!d) {
		perror(PROG ": /proc");
		return 3;
	}
	while ((e = readdir(d)) && nproc < MAXPROCS) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		struct proc *p = &procs[nproc];
		int ok;
		if (*end || pid <= 0 || pid == self || read_proc((int)pid, p))
			continue;
		ok = (!want_ppid || in_list(&ppids, p->ppid)) && (!want_pgrp || in_list(&pgrps, p->pgrp)) &&
		     (!want_sid || in_list(&sids, p->sid)) && (!want_uid || in_list(&uids, 0)) &&
		     (!states || strchr(states, p->state));
		if (ok && pattern) {
			const char *subject = full && p->cmdline[0] ? p->cmdline : p->comm;
			ok = regexec(&re, subject, 0, NULL, 0) == 0;
		}
		if (ok != inverse)
			nproc++;
	}
	closedir(d);
	/* /proc lists in pid order; -n / -o keep the latest or earliest started (ties: higher / lower pid) */
	if (newest || oldest) {
		int best = -1;
		for (int i = 0; i < nproc; i++)
			if (best < 0 || (newest ? procs[i].start >= procs[best].start : procs[i].start < procs[best].start))
				best = i;
		if (best >= 0) {
			procs[0] = procs[best];
			nproc = 1;
		}
	}
	for (int i = 0; i < nproc; i++) {
		struct proc *p = &procs[i];
#ifdef PKILL
		if (kill(p->pid, sig) == 0) {
			matched++;
			if (echo)
				printf("%s killed (pid %d)\n", p->comm, p->pid);
		} else if (errno != ESRCH) {
			fprintf(stderr, "pkill: killing pid %d failed: %s\n", p->pid, strerror(errno));
		}
#else
		matched++;
		if (count)
			continue;
		if (matched > 1)
			fputs(delim, stdout);
		if (list_full)
			printf("%d %s", p->pid, p->cmdline[0] ? p->cmdline : "");
		if (list_full && !p->cmdline[0])
			printf("[%s]", p->comm);
		else if (list_name && !list_full)
			printf("%d %s", p->pid, p->comm);
		else if (!list_full)
			printf("%d", p->pid);
#endif
	}
#ifndef PKILL
	if (matched && !count)
		putchar('\n');
#endif
	if (count)
		printf("%d\n", matched);
	(void)echo;
	(void)sig;
	(void)signal_of;
	(void)delim;
	(void)list_name;
	(void)list_full;
	return matched ? 0 : 1;
}
