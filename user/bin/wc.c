/* wc [-lwc] [FILE...]: line, word and byte counts (coreutils layout). */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <stdlib.h>

struct counts { long l, w, c; };

static int count_fd(int fd, struct counts *k)
{
	static char buf[16384];
	int inword = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		k->c += n;
		for (ssize_t i = 0; i < n; i++) {
			char c = buf[i];
			if (c == '\n')
				k->l++;
			if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
				inword = 0;
			} else if (!inword) {
				inword = 1;
				k->w++;
			}
		}
	}
	return n < 0 ? -1 : 0;
}

static int show_l, show_w, show_c, width;

static void print(struct counts *k, const char *name)
{
	int first = 1;
	if (show_l) {
		printf("%*ld", width, k->l);
		first = 0;
	}
	if (show_w) {
		printf(first ? "%*ld" : " %*ld", width, k->w);
		first = 0;
	}
	if (show_c)
		printf(first ? "%*ld" : " %*ld", width, k->c);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

int main(int argc, char **argv)
{
	int c, st = 0;
	while ((c = getopt(argc, argv, "lwc")) != -1) {
		if (c == 'l') show_l = 1;
		else if (c == 'w') show_w = 1;
		else if (c == 'c') show_c = 1;
		else {
			fprintf(stderr, "Usage: wc [-lwc] [FILE...]\n");
			return 1;
		}
	}
	if (!show_l && !show_w && !show_c)
		show_l = show_w = show_c = 1;
	int nfiles = argc - optind;
	int nshown = show_l + show_w + show_c;
	struct counts total = { 0, 0, 0 }, *ks = calloc(nfiles ? nfiles : 1, sizeof(struct counts));
	int *ok = calloc(nfiles ? nfiles : 1, sizeof(int));
	long bytes = 0;
	int nonreg = 0;
	for (int f = 0; f < (nfiles ? nfiles : 1); f++) {
		const char *name = nfiles ? argv[optind + f] : "-";
		int fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
			st = 1;
			continue;
		}
		struct stat sb;
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
			bytes += sb.st_size;
		else
			nonreg = 1;
		if (count_fd(fd, &ks[f]) < 0) {
			fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
			st = 1;
		}
		ok[f] = 1;
		if (fd)
			close(fd);
		total.l += ks[f].l;
		total.w += ks[f].w;
		total.c += ks[f].c;
	}
	/* field width: digits of the total size, 7 when reading a pipe */
	width = 1;
	for (long b = bytes; b >= 10; b /= 10)
		width++;
	if (nonreg && width < 7)
		width = 7;
	if (nshown == 1 && nfiles <= 1)
		width = 1;
	for (int f = 0; f < (nfiles ? nfiles : 1); f++)
		if (ok[f])
			print(&ks[f], nfiles ? argv[optind + f] : 0);
	if (nfiles > 1)
		print(&total, "total");
	return st;
}
