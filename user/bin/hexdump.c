/*
 * hexdump: display file contents in hexadecimal, as util-linux's hexdump
 * for its two common formats:
 *
 *   hexdump [-C] [-v] [-n LENGTH] [-s OFFSET] [FILE...]
 *
 * Default: 16 bytes a line as eight little-endian 16-bit words
 * ("%07.7_ax" offsets); -C: the canonical hex+ASCII display ("%08.8_Ax",
 * two groups of eight bytes, |printable|). A line equal to the one before
 * is shown once and then "*" (unless -v). The final line is the offset
 * after the last byte (none for empty input). The files are read as one stream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

static int canonical, verbose;
static unsigned long long offset, length = ~0ULL, skip;
static unsigned char prev[16];
static int have_prev, starred;

static void line(const unsigned char *b, int n)
{
	if (!verbose && have_prev && n == 16 && !memcmp(b, prev, 16)) {
		if (!starred)
			puts("*");
		starred = 1;
		offset += n;
		return;
	}
	starred = 0;
	if (canonical) {
		printf("%08llx ", offset);
		for (int i = 0; i < 16; i++) {
			if (i == 8)
				putchar(' ');
			if (i < n)
				printf(" %02x", b[i]);
			else
				printf("   ");
		}
		printf("  |");
		for (int i = 0; i < n; i++)
			putchar(b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
		puts("|");
	} else {
		printf("%07llx", offset);
		for (int i = 0; i < 16; i += 2) {
			if (i < n)
				printf(" %02x%02x", i + 1 < n ? b[i + 1] : 0, b[i]);
			else
				printf("     ");	/* a short last line keeps the format's width */
		}
		putchar('\n');
	}
	memcpy(prev, b, n);
	have_prev = n == 16;
	offset += n;
}

static unsigned long long number(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);
	if (*end == 'b')
		v *= 512;
	else if (*end == 'k' || *end == 'K')
		v *= 1024;
	else if (*end == 'm' || *end == 'M')
		v *= 1048576;
	else if (*end || end == s) {
		fprintf(stderr, "hexdump: invalid number '%s'\n", s);
		exit(1);
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned char buf[16];
	int n = 0, status = 0, nfiles = 0, i;
	char **files = calloc(argc + 1, sizeof(char *));

	for (i = 1; i < argc; i++) {
		char *a = argv[i];
		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				files[nfiles++] = argv[i];
			break;
		}
		if (a[0] != '-' || !a[1]) {
			files[nfiles++] = a;
			continue;
		}
		for (char *c = a + 1; *c; c++) {
			switch (*c) {
			case 'C': canonical = 1; break;
			case 'v': verbose = 1; break;
			case 'n': case 's': {
				const char *v = c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : NULL);
				if (!v) {
					fprintf(stderr, "hexdump: option requires an argument -- '%c'\n", *c);
					return 1;
				}
				if (*c == 'n')
					length = number(v);
				else
					skip = number(v);
				goto next;
			}
			default:
				fprintf(stderr, "hexdump: invalid option -- '%c'\nTry 'hexdump --help' for more information.\n", *c);
				return 1;
			}
		}
next:;
	}
	if (!nfiles)
		files[nfiles++] = "-";
	offset = skip;
	unsigned long long skip_at_start = skip;
	int opened = 0;
	for (int f = 0; f < nfiles && length; f++) {
		int fd = strcmp(files[f], "-") ? open(files[f], O_RDONLY) : 0;
		unsigned char c;
		if (fd < 0) {
			fprintf(stderr, "hexdump: %s: %s\n", files[f], strerror(errno));
			status = 1;
			continue;
		}
		opened++;
		while (length) {
			ssize_t r = read(fd, &c, 1);
			if (r <= 0)
				break;
			if (skip) {
				skip--;
				continue;
			}
			buf[n++] = c;
			length--;
			if (n == 16) {
				line(buf, 16);
				n = 0;
			}
		}
		if (fd)
			close(fd);
	}
	if (n)
		line(buf, n);
	if (opened == 0) {
		fprintf(stderr, "hexdump: all input file arguments failed\n");
		return 1;
	}
	if (skip)	/* the input ended inside the skip: its end is the offset */
		offset = skip_at_start - skip;
	if (offset)
		printf(canonical ? "%08llx\n" : "%07llx\n", offset);
	return status;
}
