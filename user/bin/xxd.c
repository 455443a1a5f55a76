/*
 * xxd: a hex dump, as vim's xxd for the options people use:
 *
 *   xxd [-p] [-u] [-c COLS] [-g BYTES] [-l LEN] [-s OFFSET] [FILE]
 *
 * Default: "%08x: " offsets, 16 bytes a line in groups of 2, two spaces,
 * the printable characters (others '.'); -p: plain hex, 30 bytes a line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

int main(int argc, char **argv)
{
	int plain = 0, upper = 0, cols = -1, group = -1, fd = 0, i;
	long long len = -1, seek = 0, off;
	const char *file = NULL;
	unsigned char *buf;

	for (i = 1; i < argc; i++) {
		char *a = argv[i];
		if (!strcmp(a, "-p") || !strcmp(a, "-ps") || !strcmp(a, "-postscript") || !strcmp(a, "-plain"))
			plain = 1;
		else if (!strcmp(a, "-u"))
			upper = 1;
		else if (!strcmp(a, "-c") || !strcmp(a, "-g") || !strcmp(a, "-l") || !strcmp(a, "-s") ||
			 !strcmp(a, "-cols") || !strcmp(a, "-groupsize") || !strcmp(a, "-len") || !strcmp(a, "-seek")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "xxd: option '%s' requires an argument\n", a);
				return 1;
			}
			long long v = strtoll(argv[++i], NULL, 0);
			switch (a[1]) {
			case 'c': cols = (int)v; break;
			case 'g': group = (int)v; break;
			case 'l': len = v; break;
			case 's': seek = v; break;
			}
		} else if (!strcmp(a, "-h") || !strcmp(a, "-help")) {
			fputs("Usage:\n       xxd [options] [infile [outfile]]\nOptions:\n"
			      "    -c cols     format <cols> octets per line. Default 16 (-p: 30).\n"
			      "    -g bytes    number of octets per group in normal output. Default 2.\n"
			      "    -l len      stop after <len> octets.\n"
			      "    -p          output in plain hexdump style.\n"
			      "    -s [+]seek  start at <seek> bytes abs. infile offset.\n"
			      "    -u          use upper case hex letters.\n", stdout);
			return 0;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "xxd: unknown option '%s'\n", a);
			return 1;
		} else {
			file = a;
		}
	}
	if (cols < 0)
		cols = plain ? 30 : 16;
	if (cols < 1 || cols > 256)
		cols = 16;
	if (group < 0)
		group = 2;
	if (file && strcmp(file, "-")) {
		fd = open(file, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "xxd: %s: %s\n", file, strerror(errno));
			return 2;
		}
	}
	buf = malloc(cols);
	for (off = 0; off < seek; off++) {
		unsigned char c;
		if (read(fd, &c, 1) != 1)
			break;
	}
	const char *hx = upper ? "%02X" : "%02x";
	for (;;) {
		int n = 0;
		while (n < cols && (len < 0 || len > 0)) {
			ssize_t r = read(fd, buf + n, 1);
			if (r != 1)
				break;
			n++;
			if (len > 0)
				len--;
		}
		if (!n)
			break;
		if (plain) {
			for (int k = 0; k < n; k++)
				printf(hx, buf[k]);
			putchar('\n');
		} else {
			int w = 0;
			printf(upper ? "%08llX:" : "%08llx:", off);
			for (int k = 0; k < n; k++) {
				if (!group || k % group == 0)
					putchar(' '), w++;
				printf(hx, buf[k]);
				w += 2;
			}
			/* the ASCII column starts where a full line's would */
			int full = cols * 2 + (group ? (cols + group - 1) / group : 1);
			for (; w < full; w++)
				putchar(' ');
			printf("  ");
			for (int k = 0; k < n; k++)
				putchar(buf[k] >= 0x20 && buf[k] < 0x7f ? buf[k] : '.');
			putchar('\n');
		}
		off += n;
		if (n < cols)
			break;
	}
	return 0;
}
