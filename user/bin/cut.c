/* cut -f LIST [-d DELIM] [-s] | -c LIST [FILE...]: select fields or characters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

static char sel[4096];
static int open_end = 0; /* "N-": everything from N on */

static int parse_list(const char *s)
{
	while (*s) {
		char *end;
		long a = 1, b;
		if (*s != '-') {
			a = strtol(s, &end, 10);
			if (end == s || a < 1)
				return -1;
			s = end;
		}
		b = a;
		if (*s == '-') {
			s++;
			if (*s >= '0' && *s <= '9') {
				b = strtol(s, &end, 10);
				s = end;
			} else {
				b = sizeof(sel) - 1;
				if (!open_end || a < open_end)
					open_end = (int)a;
			}
		}
		for (long i = a; i <= b && i < (long)sizeof(sel); i++)
			sel[i] = 1;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return 0;
}

static int selected(long i) { return i < (long)sizeof(sel) ? sel[i] : (open_end && i >= open_end); }

int main(int argc, char **argv)
{
	int c, fields = 0, chars = 0, only = 0, st = 0;
	char delim = '\t';
	const char *list = 0;
	while ((c = getopt(argc, argv, "f:c:b:d:s")) != -1) {
		switch (c) {
		case 'f': fields = 1; list = optarg; break;
		case 'c': case 'b': chars = 1; list = optarg; break;
		case 'd': delim = optarg[0]; break;
		case 's': only = 1; break;
		default:
			fprintf(stderr, "Usage: cut -f LIST [-d DELIM] | -c LIST [FILE...]\n");
			return 1;
		}
	}
	if (!list || fields == chars) {
		fprintf(stderr, "cut: you must specify a list of bytes, characters, or fields\n");
		return 1;
	}
	if (parse_list(list) < 0) {
		fprintf(stderr, "cut: invalid field value '%s'\n", list);
		return 1;
	}
	int nfiles = argc - optind;
	char *line = 0;
	size_t cap = 0;
	for (int f = 0; f < (nfiles ? nfiles : 1); f++) {
		const char *name = nfiles ? argv[optind + f] : "-";
		FILE *fp = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
		if (!fp) {
			fprintf(stderr, "cut: %s: %s\n", name, strerror(errno));
			st = 1;
			continue;
		}
		ssize_t len;
		while ((len = getline(&line, &cap, fp)) >= 0) {
			if (len && line[len - 1] == '\n')
				line[--len] = 0;
			if (chars) {
				for (ssize_t i = 0; i < len; i++)
					if (selected(i + 1))
						putchar(line[i]);
				putchar('\n');
				continue;
			}
			if (!strchr(line, delim)) {
				if (!only)
					puts(line);
				continue;
			}
			long fno = 1;
			int first = 1;
			char *p = line;
			for (;;) {
				char *e = strchr(p, delim);
				if (selected(fno)) {
					if (!first)
						putchar(delim);
					fwrite(p, 1, e ? (size_t)(e - p) : strlen(p), stdout);
					first = 0;
				}
				if (!e)
					break;
				p = e + 1;
				fno++;
			}
			putchar('\n');
		}
		if (fp != stdin)
			fclose(fp);
	}
	return st;
}
