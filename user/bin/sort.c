/* sort [-r] [-n] [-u] [FILE...]: sort lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

static int rev, num;

static int cmp(const void *a, const void *b)
{
	const char *x = *(char **)a, *y = *(char **)b;
	int r;
	if (num) {
		long p = strtol(x, 0, 10), q = strtol(y, 0, 10);
		r = p < q ? -1 : p > q;
		if (!r)
			r = strcmp(x, y);
	} else {
		r = strcmp(x, y);
	}
	return rev ? -r : r;
}

int main(int argc, char **argv)
{
	int c, uniq = 0, st = 0;
	while ((c = getopt(argc, argv, "rnu")) != -1) {
		if (c == 'r') rev = 1;
		else if (c == 'n') num = 1;
		else if (c == 'u') uniq = 1;
		else {
			fprintf(stderr, "Usage: sort [-rnu] [FILE...]\n");
			return 2;
		}
	}
	char **lines = 0;
	size_t n = 0, cap = 0;
	int nfiles = argc - optind;
	for (int f = 0; f < (nfiles ? nfiles : 1); f++) {
		const char *name = nfiles ? argv[optind + f] : "-";
		FILE *fp = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
		if (!fp) {
			fprintf(stderr, "sort: cannot read: %s: %s\n", name, strerror(errno));
			st = 2;
			continue;
		}
		char *line = 0;
		size_t lc = 0;
		ssize_t len;
		while ((len = getline(&line, &lc, fp)) >= 0) {
			if (len && line[len - 1] == '\n')
				line[len - 1] = 0;
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				lines = realloc(lines, cap * sizeof(char *));
			}
			lines[n++] = strdup(line);
		}
		free(line);
		if (fp != stdin)
			fclose(fp);
	}
	qsort(lines, n, sizeof(char *), cmp);
	for (size_t i = 0; i < n; i++) {
		if (uniq && i && cmp(&lines[i - 1], &lines[i]) == 0)
			continue;
		puts(lines[i]);
	}
	return st;
}
