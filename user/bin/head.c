/* head [-n N] [-c N] [-N] [FILE...]: first N lines (default 10), or with -c the first N bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <ctype.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = 10;
	int c, st = 0, bytes = 0;
	if (argc > 1 && argv[1][0] == '-' && isdigit((unsigned char)argv[1][1])) {
		n = atol(argv[1] + 1);
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((c = getopt(argc, argv, "n:c:")) != -1) {
		if (c != 'n' && c != 'c') {
			fprintf(stderr, "Usage: head [-n N] [-c N] [FILE...]\n");
			return 1;
		}
		char *end;
		bytes = c == 'c';
		n = strtol(optarg, &end, 10);
		if (*end || n < 0) {
			fprintf(stderr, "head: invalid number of %s: '%s'\n", bytes ? "bytes" : "lines", optarg);
			return 1;
		}
	}
	int nfiles = argc - optind;
	for (int f = 0; f < (nfiles ? nfiles : 1); f++) {
		const char *name = nfiles ? argv[optind + f] : "-";
		FILE *fp = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
		if (!fp) {
			fprintf(stderr, "head: cannot open '%s' for reading: %s\n", name, strerror(errno));
			st = 1;
			continue;
		}
		if (nfiles > 1)
			printf("%s==> %s <==\n", f ? "\n" : "", name);
		long lines = 0;
		int ch;
		while (lines < n && (ch = fgetc(fp)) != EOF) {
			putchar(ch);
			if (bytes || ch == '\n')
				lines++;
		}
		if (fp != stdin)
			fclose(fp);
	}
	return st;
}
