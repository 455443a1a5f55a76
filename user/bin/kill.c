/* kill [-s SIG | -SIG] PID...; kill -l [SIG]...: send signals, list signal names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <signal.h>

static const char *const names[] = {
	0, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
	"STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS",
};
#define NSIG_NAMES 32

static int sig_num(const char *s)
{
	if (isdigit((unsigned char)*s)) {
		char *end;
		long v = strtol(s, &end, 10);
		return *end || v < 0 || v > 64 ? -1 : (int)v;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i < NSIG_NAMES; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	if (!strcasecmp(s, "IO"))
		return 29;
	if (!strcasecmp(s, "IOT"))
		return 6;
	return -1;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, st = 0;
	if (argc < 2) {
		fprintf(stderr, "Usage: kill [-s SIG | -SIG] PID...\n       kill -l [SIG]\n");
		return 1;
	}
	if (!strcmp(argv[1], "-l") || !strcmp(argv[1], "-L")) {
		if (argc == 2) {
			for (int s = 1; s < NSIG_NAMES; s++)
				printf("%2d) %s\n", s, names[s]);
			return 0;
		}
		for (i = 2; i < argc; i++) {
			const char *a = argv[i];
			if (isdigit((unsigned char)*a)) {
				int n = atoi(a);
				if (n > 128)
					n -= 128; /* an exit status */
				if (n > 0 && n < NSIG_NAMES) {
					puts(names[n]);
					continue;
				}
			} else {
				int n = sig_num(a);
				if (n > 0) {
					printf("%d\n", n);
					continue;
				}
			}
			fprintf(stderr, "kill: bad signal name '%s'\n", a);
			st = 1;
		}
		return st;
	}
	if (!strcmp(argv[1], "-s") || !strcmp(argv[1], "-n")) {
		if (argc < 3) {
			fprintf(stderr, "kill: option requires an argument -- '%c'\n", argv[1][1]);
			return 1;
		}
		sig = sig_num(argv[2]);
		if (sig < 0) {
			fprintf(stderr, "kill: bad signal name '%s'\n", argv[2]);
			return 1;
		}
		i = 3;
	} else if (argv[1][0] == '-' && argv[1][1] && !(argv[1][1] == '-' && !argv[1][2])) {
		sig = sig_num(argv[1] + 1);
		if (sig < 0) {
			fprintf(stderr, "kill: bad signal name '%s'\n", argv[1] + 1);
			return 1;
		}
		i = 2;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc) {
		fprintf(stderr, "Usage: kill [-s SIG | -SIG] PID...\n");
		return 1;
	}
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end) {
			fprintf(stderr, "kill: invalid number '%s'\n", argv[i]);
			st = 1;
			continue;
		}
		if (kill((pid_t)pid, sig) < 0) {
			fprintf(stderr, "kill: can't kill pid %ld: %s\n", pid, strerror(errno));
			st = 1;
		}
	}
	return st;
}
