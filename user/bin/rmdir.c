/*
 * rmdir: remove empty directories, as GNU coreutils' rmdir:
 *
 *   rmdir [-p] [-v] [--ignore-fail-on-non-empty] DIRECTORY...
 *
 * -p removes each parent named in the path too, after the directory
 * ("failed to remove directory 'X'" when one of them cannot go); -v says
 * "removing directory, 'X'" before each.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

static int parents, verbose, ignore_nonempty;

static int remove_one(const char *path, const char *what)
{
	if (verbose)
		printf("rmdir: removing directory, '%s'\n", path);
	if (rmdir(path) == 0)
		return 0;
	if (ignore_nonempty && (errno == ENOTEMPTY || errno == EEXIST))
		return -1;
	fprintf(stderr, "rmdir: failed to remove %s'%s': %s\n", what, path, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	int status = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--ignore-fail-on-non-empty")) {
			ignore_nonempty = 1;
			continue;
		}
		if (!strcmp(argv[i], "--parents") || !strcmp(argv[i], "--verbose")) {
			*(argv[i][2] == 'p' ? &parents : &verbose) = 1;
			continue;
		}
		if (argv[i][1] == '-') {
			fprintf(stderr, "rmdir: unrecognized option '%s'\nTry 'rmdir --help' for more information.\n", argv[i]);
			return 1;
		}
		for (const char *c = argv[i] + 1; *c; c++) {
			if (*c == 'p')
				parents = 1;
			else if (*c == 'v')
				verbose = 1;
			else {
				fprintf(stderr, "rmdir: invalid option -- '%c'\nTry 'rmdir --help' for more information.\n", *c);
				return 1;
			}
		}
	}
	if (i >= argc) {
		fprintf(stderr, "rmdir: missing operand\nTry 'rmdir --help' for more information.\n");
		return 1;
	}
	for (; i < argc; i++) {
		char path[4096];
		int r = remove_one(argv[i], "");
		if (r > 0)
			status = 1;
		if (r || !parents)
			continue;
		snprintf(path, sizeof(path), "%s", argv[i]);
		for (;;) {
			/* the parent: strip trailing slashes, the last name, and the slashes before it */
			size_t l = strlen(path);
			while (l > 1 && path[l - 1] == '/')
				l--;
			while (l > 0 && path[l - 1] != '/')
				l--;
			while (l > 1 && path[l - 1] == '/')
				l--;
			if (l == 0 || (l == 1 && path[0] == '/'))
				break;
			path[l] = 0;
			if ((r = remove_one(path, "directory ")) != 0) {
				status |= r > 0;
				break;
			}
		}
	}
	return status;
}
