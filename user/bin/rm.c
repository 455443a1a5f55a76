/* rm [-f] [-r] FILE...: remove files (and with -r directories). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>

static int force, recursive;

static int rm(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!recursive) {
			fprintf(stderr, "rm: cannot remove '%s': Is a directory\n", path);
			return 1;
		}
		int r = 0;
		DIR *d = opendir(path);
		if (d) {
			struct dirent *de;
			while ((de = readdir(d))) {
				if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
					continue;
				size_t n = strlen(path) + strlen(de->d_name) + 2;
				char *sub = malloc(n);
				snprintf(sub, n, "%s/%s", path, de->d_name);
				r |= rm(sub);
				free(sub);
			}
			closedir(d);
		}
		if (rmdir(path) < 0) {
			fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
			return 1;
		}
		return r;
	}
	if (unlink(path) < 0) {
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, st = 0;
	while ((c = getopt(argc, argv, "frR")) != -1) {
		if (c == 'f') force = 1;
		else if (c == 'r' || c == 'R') recursive = 1;
		else {
			fprintf(stderr, "Usage: rm [-f] [-r] FILE...\n");
			return 1;
		}
	}
	if (optind >= argc && !force) {
		fprintf(stderr, "rm: missing operand\n");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		st |= rm(argv[i]);
	return st;
}
