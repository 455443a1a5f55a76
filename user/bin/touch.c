/*
 * touch: update a file's modification time, creating it if needed, as GNU
 * coreutils' touch: touch [-c] [-a] [-m] [-d @SECONDS | -r FILE] FILE...
 * The lab's files keep one time (ramfs), so -a and -m are the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <time.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	int nocreate = 0, status = 0, i = 1, have_time = 0;
	struct timespec t[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-d") || !strcmp(a, "-r")) {
			const char *v = i + 1 < argc ? argv[++i] : NULL;
			if (!v) {
				fprintf(stderr, "touch: option requires an argument -- '%c'\nTry 'touch --help' for more information.\n", a[1]);
				return 1;
			}
			if (a[1] == 'r') {
				struct stat st;
				if (stat(v, &st) < 0) {
					fprintf(stderr, "touch: failed to get attributes of '%s': %s\n", v, strerror(errno));
					return 1;
				}
				t[0].tv_sec = t[1].tv_sec = st.st_mtime;
			} else {
				char *end;
				if (v[0] != '@' || (t[1].tv_sec = strtol(v + 1, &end, 10), *end || end == v + 1)) {
					fprintf(stderr, "touch: invalid date format '%s'\n", v);
					return 1;
				}
				t[0].tv_sec = t[1].tv_sec;
			}
			t[0].tv_nsec = t[1].tv_nsec = 0;
			have_time = 1;
			continue;
		}
		for (char *c = a + 1; *c; c++) {
			if (*c == 'c')
				nocreate = 1;
			else if (*c != 'a' && *c != 'm') {
				fprintf(stderr, "touch: invalid option -- '%c'\nTry 'touch --help' for more information.\n", *c);
				return 1;
			}
		}
	}
	if (i >= argc) {
		fprintf(stderr, "touch: missing file operand\nTry 'touch --help' for more information.\n");
		return 1;
	}
	for (; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) < 0) {
			int fd;
			if (nocreate)
				continue;
			fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
			if (fd < 0) {
				fprintf(stderr, "touch: cannot touch '%s': %s\n", argv[i], strerror(errno));
				status = 1;
				continue;
			}
			close(fd);
			if (!have_time)
				continue;
		}
		if (utimensat(AT_FDCWD, argv[i], t, 0) < 0) {
			fprintf(stderr, "touch: setting times of '%s': %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
