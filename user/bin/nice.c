/*
 * nice: run a command with an adjusted niceness, as GNU coreutils' nice
 * (C locale messages):
 *
 *   nice                      print the current niceness
 *   nice [-n ADJ | -ADJ] CMD  run CMD at the current niceness + ADJ (10)
 *
 * The result is clamped to -20..19 by the kernel. A refused change is a
 * warning and the command still runs; status 125 for nice's own errors,
 * 126 for a command that cannot run, 127 for one that is not found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <ctype.h>

static int parse(const char *s, long *v)
{
	char *end;
	errno = 0;
	*v = strtol(s, &end, 10);
	return *s && !*end && !errno;
}

static void usage(int status)
{
	if (status) {
		fputs("Try 'nice --help' for more information.\n", stderr);
		exit(status);
	}
	puts("Usage: nice [OPTION] [COMMAND [ARG]...]\n"
	     "Run COMMAND with an adjusted niceness, which affects process scheduling.\n"
	     "With no COMMAND, print the current niceness.  Niceness values range from\n"
	     "-20 (most favorable to the process) to 19 (least favorable to the process).\n\n"
	     "  -n, --adjustment=N   add integer N to the niceness (default 10)\n"
	     "      --help        display this help and exit\n"
	     "      --version     output version information and exit");
	exit(0);
}

int main(int argc, char **argv)
{
	long adj = 10;
	int i = 1, cur;
	const char *a = NULL;

	for (; i < argc; i++) {
		char *s = argv[i];
		if (!strcmp(s, "--help"))
			usage(0);
		if (!strcmp(s, "--version")) {
			puts("nice (GNU coreutils) 9.1");
			return 0;
		}
		if (!strcmp(s, "--")) {
			i++;
			break;
		}
		if (!strcmp(s, "-n") || !strcmp(s, "--adjustment")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "nice: option requires an argument -- 'n'\n");
				usage(125);
			}
			a = argv[++i];
		} else if (!strncmp(s, "--adjustment=", 13)) {
			a = s + 13;
		} else if (!strncmp(s, "-n", 2)) {
			a = s + 2;
		} else if (s[0] == '-' && (isdigit((unsigned char)s[1]) || ((s[1] == '-' || s[1] == '+') && isdigit((unsigned char)s[2])))) {
			a = s + 1;	/* the old -ADJ form */
		} else if (s[0] == '-' && s[1]) {
			if (s[1] == '-')
				fprintf(stderr, "nice: unrecognized option '%s'\n", s);
			else
				fprintf(stderr, "nice: invalid option -- '%c'\n", s[1]);
			usage(125);
		} else {
			break;
		}
		if (a && !parse(a, &adj)) {
			fprintf(stderr, "nice: invalid adjustment '%s'\n", a);
			return 125;
		}
	}
	errno = 0;
	cur = getpriority(PRIO_PROCESS, 0);
	if (cur == -1 && errno) {
		perror("nice: cannot get niceness");
		return 125;
	}
	if (i >= argc) {
		if (a) {
			fprintf(stderr, "nice: a command must be given with an adjustment\n");
			usage(125);
		}
		printf("%d\n", cur);
		return 0;
	}
	if (adj > 40)
		adj = 40;
	if (adj < -40)
		adj = -40;
	if (setpriority(PRIO_PROCESS, 0, cur + (int)adj) < 0)
		fprintf(stderr, "nice: cannot set niceness: %s\n", strerror(errno));
	execvp(argv[i], argv + i);
	fprintf(stderr, "nice: '%s': %s\n", argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
