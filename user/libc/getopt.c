/* getopt.c: POSIX getopt with GNU-style diagnostics. */
#include <unistd.h>
#include <string.h>
#include <stdio.h>

char *optarg;
int optind = 1, opterr = 1, optopt;
static int optpos = 1;

int getopt(int argc, char *const argv[], const char *opts)
{
	optarg = 0;
	if (optind == 0) {
		optind = 1;
		optpos = 1;
	}
	if (optind >= argc || !argv[optind] || argv[optind][0] != '-' || argv[optind][1] == 0)
		return -1;
	if (strcmp(argv[optind], "--") == 0) {
		optind++;
		return -1;
	}
	int c = (unsigned char)argv[optind][optpos];
	int colon = opts[0] == ':';
	const char *p = c == ':' ? 0 : strchr(opts, c);
	optopt = c;
	if (!p) {
		if (opterr && !colon)
			fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
		if (!argv[optind][++optpos]) {
			optind++;
			optpos = 1;
		}
		return '?';
	}
	if (p[1] == ':') {
		if (argv[optind][optpos + 1]) {
			optarg = argv[optind] + optpos + 1;
		} else if (optind + 1 < argc) {
			optarg = argv[++optind];
		} else {
			optind++;
			optpos = 1;
			if (opterr && !colon)
				fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], c);
			return colon ? ':' : '?';
		}
		optind++;
		optpos = 1;
		return c;
	}
	if (!argv[optind][++optpos]) {
		optind++;
		optpos = 1;
	}
	return c;
}
