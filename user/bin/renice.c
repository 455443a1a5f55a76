/*
 * renice: alter the priority of running processes, as util-linux 2.38's
 * renice:
 *
 *   renice [-n] PRIORITY [[-p|--pid] PID...] [-g|--pgrp PGID...] [-u|--user USER...]
 *
 * PRIORITY is the new nice value (2.38 sets it; it is not an increment).
 * Each id prints "ID (process ID) old priority O, new priority N" (or
 * process group ID / user ID); one that fails is reported and renice goes
 * on, ending with status 1. The lab's only user is root (0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

static const char *const idtype[] = { "process ID", "process group ID", "user ID" };

static void usage(FILE *f, int status)
{
	fputs("\nUsage:\n renice [-n] <priority> [-p|--pid] <pid>...\n"
	      " renice [-n] <priority>  -g|--pgrp <pgid>...\n"
	      " renice [-n] <priority>  -u|--user <user>...\n\n"
	      "Alter the priority of running processes.\n\n"
	      "Options:\n"
	      " -n, --priority <num>   specify the nice value\n"
	      " -p, --pid              interpret arguments as process ID (default)\n"
	      " -g, --pgrp             interpret arguments as process group ID\n"
	      " -u, --user             interpret arguments as username or user ID\n\n"
	      " -h, --help             display this help\n"
	      " -V, --version          display version\n\n"
	      "For more details see renice(1).\n", f);
	exit(status);
}

static void try_help(const char *fmt, const char *arg)
{
	fprintf(stderr, "renice: ");
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'renice --help' for more information.\n", stderr);
	exit(1);
}

static int number(const char *s, long *v)
{
	char *end;
	errno = 0;
	*v = strtol(s, &end, 10);
	return *s && !*end && !errno;
}

int main(int argc, char **argv)
{
	int i = 1, which = PRIO_PROCESS, status = 0;
	long prio;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		usage(stdout, 0);
	if (argc > 1 && (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))) {
		puts("renice from util-linux 2.38.1");
		return 0;
	}
	if (i < argc && (!strcmp(argv[i], "-n") || !strcmp(argv[i], "--priority")))
		i++;
	if (i >= argc || argc < 3)
		try_help("%s", "not enough arguments");
	if (!number(argv[i], &prio))
		try_help("invalid priority '%s'", argv[i]);
	for (i++; i < argc; i++) {
		char *a = argv[i];
		long id;
		int old, r;
		if (!strcmp(a, "-p") || !strcmp(a, "--pid")) {
			which = PRIO_PROCESS;
			continue;
		}
		if (!strcmp(a, "-g") || !strcmp(a, "--pgrp")) {
			which = PRIO_PGRP;
			continue;
		}
		if (!strcmp(a, "-u") || !strcmp(a, "--user")) {
			which = PRIO_USER;
			continue;
		}
		if (which == PRIO_USER && !strcmp(a, "root"))
			id = 0;
		else if (!number(a, &id)) {
			fprintf(stderr, which == PRIO_USER ? "renice: unknown user %s\n" : "renice: bad value %s\n", a);
			status = 1;
			continue;
		}
		errno = 0;
		old = getpriority(which, (int)id);
		if (old == -1 && errno) {
			fprintf(stderr, "renice: failed to get priority for %ld (%s): %s\n", id, idtype[which], strerror(errno));
			status = 1;
			continue;
		}
		if (setpriority(which, (int)id, (int)prio) < 0) {
			fprintf(stderr, "renice: failed to set priority for %ld (%s): %s\n", id, idtype[which], strerror(errno));
			status = 1;
			continue;
		}
		errno = 0;
		r = getpriority(which, (int)id);
		printf("%ld (%s) old priority %d, new priority %d\n", id, idtype[which], old, r == -1 && errno ? (int)prio : r);
	}
	return status;
}
