/*
 * pidof: the PIDs of running programs, as procps-ng 4.0's pidof.
 *
 *   pidof [-s] [-q] [-w] [-x] [-o PID,...] [-S SEP] PROGRAM...
 *
 * A process matches a PROGRAM when the PROGRAM is its argv[0] or the
 * basename of it (a PROGRAM given as a path: by its basename, as the
 * basename of the program's file; there is no /proc/PID/exe), or (-x) a script's name: the argument after a shell's
 * name. Kernel threads (no command line) match by their name only with
 * -w. PIDs are printed highest first, separated by SEP (a space), on one
 * line; pidof never lists itself, and -o %PPID omits its parent. Exit
 * status 0 when something matched, 1 when nothing did (or bad usage).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <procfs.h>

#define MAXPIDS 4096
#define MAXOMIT 64

static const char usage_text[] =
	"\nUsage:\n pidof [options] [program [...]]\n\nOptions:\n"
	" -s, --single-shot         return one PID only\n"
	" -c, --check-root          omit processes with different root\n"
	" -q,                       quiet mode, only set the exit code\n"
	" -w, --with-workers        show kernel workers too\n"
	" -x                        also find shells running the named scripts\n"
	" -o, --omit-pid <PID,...>  omit processes with PID\n"
	" -S, --separator SEP       use SEP as separator put between PIDs\n"
	" -h, --help     display this help and exit\n"
	" -V, --version  output version information and exit\n\n"
	"For more details see pidof(1).\n";

static const char *base(const char *s)
{
	const char *b = strrchr(s, '/');
	return b ? b + 1 : s;
}

static int is_shell(const char *s)
{
	static const char *const shells[] = { "sh", "bash", "dash", "ash", "ksh", "zsh", "csh", "tcsh", "python", "perl", 0 };
	for (int i = 0; shells[i]; i++)
		if (!strcmp(base(s), shells[i]))
			return 1;
	return 0;
}

static int cmp_desc(const void *a, const void *b)
{
	return *(const int *)b - *(const int *)a;
}

int main(int argc, char **argv)
{
	static int pids[MAXPIDS];
	int omit[MAXOMIT], nomit = 0, npids = 0, single = 0, quiet = 0, workers = 0, scripts = 0, found = 0;
	const char *sep = " ";
	char **progs = calloc(argc, sizeof(char *));
	int nprogs = 0, self = getpid();
	DIR *d;
	struct dirent *e;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			progs[nprogs++] = a;
			continue;
		}
		if (!strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return 0;
		}
		if (!strcmp(a, "--version")) {
			puts("pidof from procps-ng 4.0.2");
			return 0;
		}
		if (!strcmp(a, "--single-shot") || !strcmp(a, "--check-root") || !strcmp(a, "--with-workers")) {
			single |= a[2] == 's';
			workers |= a[2] == 'w';
			continue;
		}
		if (a[1] == '-' && strcmp(a, "--omit-pid") && strcmp(a, "--separator")) {
			fprintf(stderr, "pidof: unrecognized option '%s'\n%s", a, usage_text);
			return 1;
		}
		for (char *c = a[1] == '-' ? (a[2] == 'o' ? "o" : "S") : a + 1; *c; c++) {
			const char *v;
			switch (*c) {
			case 's': single = 1; break;
			case 'c': break;	/* one root directory here */
			case 'q': quiet = 1; break;
			case 'w': workers = 1; break;
			case 'x': scripts = 1; break;
			case 'h': fputs(usage_text, stdout); return 0;
			case 'V': puts("pidof from procps-ng 4.0.2"); return 0;
			case 'o': case 'S':
				v = a[1] != '-' && c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : NULL);
				if (!v) {
					fprintf(stderr, "pidof: option requires an argument -- '%c'\n%s", *c, usage_text);
					return 1;
				}
				if (*c == 'S') {
					sep = v;
				} else {
					char *s = strdup(v), *save, *t;
					for (t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
						char *end;
						long p = !strcmp(t, "%PPID") ? getppid() : strtol(t, &end, 10);
						if (strcmp(t, "%PPID") && (*end || p <= 0)) {
							fprintf(stderr, "pidof: illegal omit pid value (%s)!\n", t);
							return 1;
						}
						if (nomit < MAXOMIT)
							omit[nomit++] = (int)p;
					}
				}
				goto next;
			default:
				fprintf(stderr, "pidof: invalid option -- '%c'\n%s", *c, usage_text);
				return 1;
			}
		}
next:;
	}
	if (!nprogs)
		return 1;
	d = opendir("/proc");
	if (!d)
		return 1;
	while ((e = readdir(d)) && npids < MAXPIDS) {
		char path[64], cmd[4096], stat[512], *argv0, *argv1;
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		int n, match = 0, omitted = 0;
		if (*end || pid <= 0 || pid == self)
			continue;
		for (int k = 0; k < nomit; k++)
			omitted |= omit[k] == pid;
		if (omitted)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
		n = read_file(path, cmd, sizeof(cmd));
		if (n < 0)
			continue;
		argv0 = cmd;
		argv1 = n > 0 && (int)strlen(cmd) + 1 < n ? cmd + strlen(cmd) + 1 : NULL;
		if (n == 0) {
			/* a kernel thread: its name from stat, only with -w */
			char *l, *r;
			snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
			if (!workers || read_file(path, stat, sizeof(stat)) <= 0 || !(l = strchr(stat, '(')) ||
			    !(r = strrchr(stat, ')')))
				continue;
			*r = 0;
			argv0 = l + 1;
		}
		for (int k = 0; k < nprogs && !match; k++) {
			const char *p = progs[k];
			/* a path is compared by its basename too (procps: with the exe link's) */
			match = !strcmp(argv0, p) || !strcmp(base(argv0), p) || !strcmp(base(argv0), base(p)) ||
				(scripts && argv1 && is_shell(argv0) && (!strcmp(argv1, p) || !strcmp(base(argv1), p)));
		}
		if (match)
			pids[npids++] = (int)pid;
	}
	closedir(d);
	qsort(pids, npids, sizeof(int), cmp_desc);
	for (int i = 0; i < npids; i++) {
		found = 1;
		if (quiet)
			break;
		printf("%s%d", i ? sep : "", pids[i]);
		if (single)
			break;
	}
	if (found && !quiet)
		putchar('\n');
	return found ? 0 : 1;
}
