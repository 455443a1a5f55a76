/* mkdir [-p] DIR...: make directories. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>

static int mkdir_p(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	struct stat st;
	if (mkdir(path, 0777) < 0) {
		if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int p = 0, c, st = 0;
	while ((c = getopt(argc, argv, "pm:")) != -1) {
		if (c == 'p')
			p = 1;
		else if (c != 'm') {
			fprintf(stderr, "Usage: mkdir [-p] DIR...\n");
			return 1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "mkdir: missing operand\n");
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		int r = p ? mkdir_p(argv[i]) : mkdir(argv[i], 0777);
		if (r < 0) {
			fprintf(stderr, "mkdir: cannot create directory '%s': %s\n", argv[i], strerror(errno));
			st = 1;
		}
	}
	return st;
}
