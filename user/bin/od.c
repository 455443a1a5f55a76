/*
 * od: dump files in octal and other formats, as GNU coreutils' od for the
 * forms people use:
 *
 *   od [-A d|o|x|n] [-t TYPE[SIZE][z]] [-b|-c|-d|-o|-x] [-j SKIP] [-N COUNT] [-v] [FILE...]
 *
 * TYPE is o (octal), x (hex), u (unsigned), d (signed decimal) with SIZE 1,
 * 2, 4 or 8 bytes (little-endian, default 2 for o/x/u/d... as od: -t x is
 * x4 and so on per coreutils: int size), or c (characters, with \0 \n
 * escapes); z appends the printable bytes between > and <. One format per
 * run (the last given). 16 bytes a line; a line equal to the previous one
 * is shown as "*" unless -v; the last line is the end offset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

static char radix = 'o', type = 'o';
static int size = 2, ztail, verbose;

static int width_of(void)
{
	static const int ow[9] = { 0, 3, 6, 0, 11, 0, 0, 0, 22 }, xw[9] = { 0, 2, 4, 0, 8, 0, 0, 0, 16 };
	static const int uw[9] = { 0, 3, 5, 0, 10, 0, 0, 0, 20 }, dw[9] = { 0, 4, 6, 0, 11, 0, 0, 0, 20 };
	switch (type) {
	case 'o': return ow[size];
	case 'x': return xw[size];
	case 'u': return uw[size];
	case 'd': return dw[size];
	}
	return 3;
}

static void offset_col(unsigned long long off)
{
	switch (radix) {
	case 'o': printf("%07llo", off); break;
	case 'x': printf("%06llx", off); break;
	case 'd': printf("%07llu", off); break;
	}
}

static void line(const unsigned char *b, int n, unsigned long long off)
{
	int w = width_of();
	offset_col(off);
	for (int i = 0; i < n; i += (type == 'c' ? 1 : size)) {
		unsigned long long v = 0;
		if (type == 'c') {
			static const char *const esc[] = { "\\0", 0, 0, 0, 0, 0, 0, "\\a", "\\b", "\\t", "\\n", "\\v", "\\f", "\\r" };
			unsigned char c = b[i];
			if (c < 14 && esc[c])
				printf(" %3s", esc[c]);
			else if (c >= 0x20 && c < 0x7f)
				printf("   %c", c);
			else
				printf(" %03o", c);
			continue;
		}
		for (int k = size - 1; k >= 0; k--)
			v = (v << 8) | (i + k < n ? b[i + k] : 0);
		switch (type) {
		case 'o': printf(" %0*llo", w, v); break;
		case 'x': printf(" %0*llx", w, v); break;
		case 'u': printf(" %*llu", w, v); break;
		case 'd': {
			long long sv = size == 8 ? (long long)v : (long long)(v << (64 - 8 * size)) >> (64 - 8 * size);
			printf(" %*lld", w, sv);
			break;
		}
		}
	}
	if (ztail) {
		int items = 16 / (type == 'c' ? 1 : size), have = (n + (type == 'c' ? 1 : size) - 1) / (type == 'c' ? 1 : size);
		for (int k = have; k < items; k++)
			printf(" %*s", type == 'c' ? 3 : w, "");
		printf("  >");
		for (int i = 0; i < n; i++)
			putchar(b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
		putchar('<');
	}
	putchar('\n');
}

static int set_type(const char *t)
{
	const char *p = t;
	if (!strchr("oxudc", *p))
		return -1;
	type = *p++;
	if (type == 'c') {
		size = 1;
	} else if (*p == 'C') {
		size = 1, p++;
	} else if (*p == 'S') {
		size = 2, p++;
	} else if (*p == 'I') {
		size = 4, p++;
	} else if (*p == 'L') {
		size = 8, p++;
	} else if (*p >= '1' && *p <= '9') {
		size = (int)strtol(p, (char **)&p, 10);
		if (size != 1 && size != 2 && size != 4 && size != 8)
			return -1;
	} else {
		size = 4;	/* coreutils: the size of an int */
	}
	if (*p == 'z')
		ztail = 1, p++;
	return *p ? -1 : 0;
}

static const char *arg_of(int argc, char **argv, int *i, char *c, char opt)
{
	if (c[1])
		return c + 1;
	if (*i + 1 < argc)
		return argv[++*i];
	fprintf(stderr, "od: option requires an argument -- '%c'\nTry 'od --help' for more information.\n", opt);
	exit(1);
}

int main(int argc, char **argv)
{
	unsigned long long skip = 0, count = ~0ULL, off;
	unsigned char buf[16], prev[16];
	int n = 0, have_prev = 0, starred = 0, status = 0, nfiles = 0;
	char **files = calloc(argc + 1, sizeof(char *));

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			files[nfiles++] = a;
			continue;
		}
		for (char *c = a + 1; *c; c++) {
			const char *v;
			switch (*c) {
			case 'A':
				v = arg_of(argc, argv, &i, c, 'A');
				if (!strchr("doxn", *v) || v[1]) {
					fprintf(stderr, "od: invalid output address radix '%s'; it must be one character from [doxn]\n", v);
					return 1;
				}
				radix = *v;
				goto next;
			case 't':
				v = arg_of(argc, argv, &i, c, 't');
				if (set_type(v)) {
					fprintf(stderr, "od: invalid type string '%s'\n", v);
					return 1;
				}
				goto next;
			case 'j': case 'N':
				v = arg_of(argc, argv, &i, c, *c);
				{
					char *end;
					unsigned long long x = strtoull(v, &end, 0);
					if (*end || end == v) {
						fprintf(stderr, "od: invalid argument '%s'\n", v);
						return 1;
					}
					if (*c == 'j')
						skip = x;
					else
						count = x;
				}
				goto next;
			case 'b': type = 'o'; size = 1; break;
			case 'c': type = 'c'; size = 1; break;
			case 'd': type = 'u'; size = 2; break;
			case 'o': type = 'o'; size = 2; break;
			case 'x': type = 'x'; size = 2; break;
			case 'v': verbose = 1; break;
			default:
				fprintf(stderr, "od: invalid option -- '%c'\nTry 'od --help' for more information.\n", *c);
				return 1;
			}
		}
next:;
	}
	if (!nfiles)
		files[nfiles++] = "-";
	off = skip;
	for (int f = 0; f < nfiles && count; f++) {
		int fd = strcmp(files[f], "-") ? open(files[f], O_RDONLY) : 0;
		unsigned char c;
		if (fd < 0) {
			fprintf(stderr, "od: %s: %s\n", files[f], strerror(errno));
			status = 1;
			continue;
		}
		while (count && read(fd, &c, 1) == 1) {
			if (skip) {
				skip--;
				continue;
			}
			buf[n++] = c;
			count--;
			if (n == 16) {
				if (!verbose && have_prev && !memcmp(buf, prev, 16)) {
					if (!starred)
						puts("*");
					starred = 1;
				} else {
					line(buf, 16, off);
					starred = 0;
				}
				memcpy(prev, buf, 16);
				have_prev = 1;
				off += 16;
				n = 0;
			}
		}
		if (fd)
			close(fd);
	}
	if (n) {
		line(buf, n, off);
		off += n;
	}
	if (radix != 'n') {
		offset_col(off);
		putchar('\n');
	}
	return status;
}
