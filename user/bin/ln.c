/*
 * ln: make links, as GNU coreutils' ln: ln [-s] [-f] [-v] TARGET LINK_NAME,
 * or TARGET... DIRECTORY. Without -s a hard link (link(2)): the target is
 * looked at first, as coreutils does (a missing one is "failed to access",
 * a directory "hard link not allowed for directory"); a symbolic link is
 * linked itself, not followed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	int sym = 0, force = 0, verbose = 0, status = 0, i = 1, n;
	struct stat st;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (char *c = argv[i] + 1; *c; c++) {
			if (*c == 's')
				sym = 1;
			else if (*c == 'f')
				force = 1;
			else if (*c == 'v')
				verbose = 1;
			else if (*c != 'n') {
				fprintf(stderr, "ln: invalid option -- '%c'\nTry 'ln --help' for more information.\n", *c);
				return 1;
			}
		}
	}
	n = argc - i;
	if (n < 1) {
		fprintf(stderr, "ln: missing file operand\nTry 'ln --help' for more information.\n");
		return 1;
	}
	const char *last = argv[argc - 1];
	int todir = n > 1 && stat(last, &st) == 0 && S_ISDIR(st.st_mode);
	if (n > 2 && !todir) {
		if (lstat(last, &st) < 0)
			fprintf(stderr, "ln: target '%s': %s\n", last, strerror(errno));
		else
			fprintf(stderr, "ln: target '%s' is not a directory\n", last);
		return 1;
	}
	for (int k = i; k < (n == 1 ? i + 1 : argc - 1); k++) {
		const char *target = argv[k], *base = strrchr(target, '/');
		char name[4096];
		base = base ? base + 1 : target;
		if (n == 1)
			snprintf(name, sizeof(name), "%s", base);
		else if (todir)
			snprintf(name, sizeof(name), "%s/%s", last, base);
		else
			snprintf(name, sizeof(name), "%s", last);
		if (!sym && lstat(target, &st) < 0) {
			fprintf(stderr, "ln: failed to access '%s': %s\n", target, strerror(errno));
			status = 1;
			continue;
		}
		if (!sym && S_ISDIR(st.st_mode)) {
			fprintf(stderr, "ln: %s: hard link not allowed for directory\n", target);
			status = 1;
			continue;
		}
		if (force)
			unlink(name);
		if ((sym ? symlink(target, name) : link(target, name)) < 0) {
			if (sym)
				fprintf(stderr, "ln: failed to create symbolic link '%s': %s\n", name, strerror(errno));
			else if (errno == EEXIST)
				fprintf(stderr, "ln: failed to create hard link '%s': %s\n", name, strerror(errno));
			else
				fprintf(stderr, "ln: failed to create hard link '%s' => '%s': %s\n", name, target, strerror(errno));
			status = 1;
			continue;
		}
		if (verbose)
			printf("'%s' %s '%s'\n", name, sym ? "->" : "=>", target);
	}
	return status;
}
