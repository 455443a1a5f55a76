/* tee [-a] [-i] [FILE...]: copy standard input to standard output and files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static int write_all(int fd, const char *p, ssize_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= k;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, flags = O_WRONLY | O_CREAT | O_TRUNC, st = 0;
	while ((c = getopt(argc, argv, "ai")) != -1) {
		switch (c) {
		case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; break;
		case 'i': signal(SIGINT, SIG_IGN); break;
		default:
			fprintf(stderr, "Try 'tee --help' for more information.\n");
			return 1;
		}
	}
	int n = argc - optind;
	int *fds = malloc((n + 1) * sizeof(int));
	char **names = argv + optind;
	fds[0] = 1;
	for (int i = 0; i < n; i++) {
		fds[i + 1] = open(names[i], flags, 0666);
		if (fds[i + 1] < 0) {
			fprintf(stderr, "tee: %s: %s\n", names[i], strerror(errno));
			st = 1;
		}
	}
	static char buf[65536];
	ssize_t r;
	while ((r = read(0, buf, sizeof(buf))) > 0) {
		for (int i = 0; i <= n; i++) {
			if (fds[i] < 0)
				continue;
			if (write_all(fds[i], buf, r) < 0) {
				fprintf(stderr, "tee: %s: %s\n", i ? names[i - 1] : "standard output", strerror(errno));
				fds[i] = -1;
				st = 1;
			}
		}
	}
	if (r < 0) {
		fprintf(stderr, "tee: read error: %s\n", strerror(errno));
		st = 1;
	}
	for (int i = 1; i <= n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return st;
}
