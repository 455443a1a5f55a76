/* tail [-n N|+N] [-N] [FILE...]: last N lines (default 10); +N: from line N. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <ctype.h>
#include <unistd.h>

static int tail_file(FILE *fp, long n, int from)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	size_t r;
	while ((r = fread(buf + len, 1, cap - len, fp)) > 0) {
		len += r;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	size_t start = 0;
	if (from) {
		long line = 1;
		while (start < len && line < n) {
			if (buf[start++] == '\n')
				line++;
		}
	} else {
		size_t i = len;
		long lines = 0;
		if (i && buf[i - 1] == '\n')
			i--;
		while (i > 0) {
			if (buf[i - 1] == '\n' && ++lines == n)
				break;
			i--;
		}
		start = n == 0 ? len : i;
	}
	fwrite(buf + start, 1, len - start, stdout);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	long n = 10;
	int from = 0, c, st = 0;
	if (argc > 1 && (argv[1][0] == '-' || argv[1][0] == '+') && isdigit((unsigned char)argv[1][1])) {
		from = argv[1][0] == '+';
		n = atol(argv[1] + 1);
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((c = getopt(argc, argv, "n:")) != -1) {
		if (c != 'n') {
			fprintf(stderr, "Usage: tail [-n N] [FILE...]\n");
			return 1;
		}
		const char *a = optarg;
		from = *a == '+';
		if (*a == '+' || *a == '-')
			a++;
		char *end;
		n = strtol(a, &end, 10);
		if (*end || !*a) {
			fprintf(stderr, "tail: invalid number of lines: '%s'\n", optarg);
			return 1;
		}
	}
	int nfiles = argc - optind;
	for (int f = 0; f < (nfiles ? nfiles : 1); f++) {
		const char *name = nfiles ? argv[optind + f] : "-";
		FILE *fp = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
		if (!fp) {
			fprintf(stderr, "tail: cannot open '%s' for reading: %s\n", name, strerror(errno));
			st = 1;
			continue;
		}
		if (nfiles > 1)
			printf("%s==> %s <==\n", f ? "\n" : "", name);
		fflush(stdout);
		tail_file(fp, n, from);
		if (fp != stdin)
			fclose(fp);
	}
	return st;
}
