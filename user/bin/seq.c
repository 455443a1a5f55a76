/*
 * seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST: print a sequence of numbers.
 * Decimal fractions are exact: numbers are scaled to the largest number of
 * fraction digits in FIRST and INCREMENT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <unistd.h>

struct num {
	long long v;	/* value * 10^frac */
	int frac;
};

static int parse(const char *s, struct num *n)
{
	const char *p = s;
	int neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return -1;
	long long v = 0;
	int frac = 0;
	while (isdigit((unsigned char)*p))
		v = v * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			v = v * 10 + (*p++ - '0');
			frac++;
		}
	}
	if (*p)
		return -1;
	n->v = neg ? -v : v;
	n->frac = frac;
	return 0;
}

static long long scale(struct num n, int frac)
{
	long long v = n.v;
	for (int i = n.frac; i < frac; i++)
		v *= 10;
	return v;
}

static int fmt(char *buf, long long v, int frac)
{
	long long p = 1;
	for (int i = 0; i < frac; i++)
		p *= 10;
	unsigned long long a = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
	if (frac)
		return sprintf(buf, "%s%llu.%0*llu", v < 0 ? "-" : "", a / p, frac, a % p);
	return sprintf(buf, "%lld", v);
}

int main(int argc, char **argv)
{
	const char *sep = "\n";
	int width = 0, c;
	/* negative numbers are operands, not options */
	while (optind < argc && argv[optind][0] == '-' && !isdigit((unsigned char)argv[optind][1]) && argv[optind][1] != '.' &&
	       (c = getopt(argc, argv, "s:w")) != -1) {
		switch (c) {
		case 's': sep = optarg; break;
		case 'w': width = 1; break;
		default:
			fprintf(stderr, "Try 'seq --help' for more information.\n");
			return 1;
		}
	}
	int n = argc - optind;
	if (n < 1) {
		fprintf(stderr, "seq: missing operand\nTry 'seq --help' for more information.\n");
		return 1;
	}
	if (n > 3) {
		fprintf(stderr, "seq: extra operand '%s'\nTry 'seq --help' for more information.\n", argv[optind + 3]);
		return 1;
	}
	struct num v[3];
	for (int i = 0; i < n; i++)
		if (parse(argv[optind + i], &v[i]) < 0) {
			fprintf(stderr, "seq: invalid floating point argument: '%s'\nTry 'seq --help' for more information.\n", argv[optind + i]);
			return 1;
		}
	struct num first = { 1, 0 }, inc = { 1, 0 }, last = v[n - 1];
	if (n >= 2)
		first = v[0];
	if (n == 3)
		inc = v[1];
	if (inc.v == 0) {
		fprintf(stderr, "seq: invalid Zero increment value: '%s'\nTry 'seq --help' for more information.\n", argv[optind + 1]);
		return 1;
	}
	int frac = first.frac > inc.frac ? first.frac : inc.frac;
	int cf = frac > last.frac ? frac : last.frac;
	long long a = scale(first, cf), d = scale(inc, cf), z = scale(last, cf);
	int w = 0;
	char buf[64];
	if (width) {
		int k1 = fmt(buf, a / (cf > frac ? 1 : 1), frac), k2 = 0;
		(void)k1;
		/* width of the widest of first and last as printed */
		long long lastv = a;
		if ((d > 0 && z >= a) || (d < 0 && z <= a))
			lastv = a + (z - a) / d * d;
		long long div = 1;
		for (int i = frac; i < cf; i++)
			div *= 10;
		k1 = fmt(buf, a / div, frac);
		k2 = fmt(buf, lastv / div, frac);
		w = k1 > k2 ? k1 : k2;
	}
	long long div = 1;
	for (int i = frac; i < cf; i++)
		div *= 10;
	int firstout = 1;
	for (long long x = a; d > 0 ? x <= z : x >= z; x += d) {
		int k = fmt(buf, x / div, frac);
		if (!firstout)
			fputs(sep, stdout);
		firstout = 0;
		if (width && k < w) {
			if (buf[0] == '-') {
				putchar('-');
				for (int i = k; i < w; i++)
					putchar('0');
				fputs(buf + 1, stdout);
			} else {
				for (int i = k; i < w; i++)
					putchar('0');
				fputs(buf, stdout);
			}
		} else {
			fputs(buf, stdout);
		}
	}
	if (!firstout)
		putchar('\n');
	return 0;
}
