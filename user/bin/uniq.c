/* uniq [-c] [-d] [-u] [-i] [INPUT [OUTPUT]]: report or omit repeated lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

static int opt_c, opt_d, opt_u, opt_i;
static FILE *out;

static void emit(const char *line, size_t len, long n)
{
	if ((opt_d && n < 2) || (opt_u && n > 1))
		return;
	if (opt_c)
		fprintf(out, "%7ld ", n);
	fwrite(line, 1, len, out);
	fputc('\n', out);
}

int main(int argc, char **argv)
{
	int c;
	while ((c = getopt(argc, argv, "cdui")) != -1) {
		switch (c) {
		case 'c': opt_c = 1; break;
		case 'd': opt_d = 1; break;
		case 'u': opt_u = 1; break;
		case 'i': opt_i = 1; break;
		default:
			fprintf(stderr, "Usage: uniq [OPTION]... [INPUT [OUTPUT]]\n");
			return 1;
		}
	}
	if (argc - optind > 2) {
		fprintf(stderr, "uniq: extra operand '%s'\n", argv[optind + 2]);
		return 1;
	}
	FILE *in = stdin;
	out = stdout;
	if (optind < argc && strcmp(argv[optind], "-")) {
		in = fopen(argv[optind], "r");
		if (!in) {
			fprintf(stderr, "uniq: %s: %s\n", argv[optind], strerror(errno));
			return 1;
		}
	}
	if (optind + 1 < argc) {
		out = fopen(argv[optind + 1], "w");
		if (!out) {
			fprintf(stderr, "uniq: %s: %s\n", argv[optind + 1], strerror(errno));
			return 1;
		}
	}
	char *prev = 0, *line = 0;
	size_t pcap = 0, cap = 0, plen = 0;
	long n = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, in)) >= 0) {
		if (len && line[len - 1] == '\n')
			len--;
		if (n && (size_t)len == plen && (opt_i ? strncasecmp(line, prev, len) : memcmp(line, prev, len)) == 0) {
			n++;
			continue;
		}
		if (n)
			emit(prev, plen, n);
		if (pcap < (size_t)len + 1)
			prev = realloc(prev, pcap = len + 1);
		memcpy(prev, line, len);
		plen = len;
		n = 1;
	}
	if (n)
		emit(prev, plen, n);
	if (out != stdout)
		fclose(out);
	return 0;
}
