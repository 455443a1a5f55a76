/* env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...]: run a program in a modified environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i = 1, nul = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-") || !strcmp(a, "-i") || !strcmp(a, "--ignore-environment")) {
			environ = calloc(1, sizeof(char *));
		} else if (!strcmp(a, "-u") || !strcmp(a, "--unset")) {
			if (++i >= argc) {
				fprintf(stderr, "env: option requires an argument -- 'u'\nTry 'env --help' for more information.\n");
				return 125;
			}
			unsetenv(argv[i]);
		} else if (!strncmp(a, "-u", 2)) {
			unsetenv(a + 2);
		} else if (!strcmp(a, "-0") || !strcmp(a, "--null")) {
			nul = 1;
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else {
			fprintf(stderr, "env: invalid option -- '%s'\nTry 'env --help' for more information.\n", a + 1);
			return 125;
		}
	}
	for (; i < argc && strchr(argv[i], '='); i++) {
		char *eq = strchr(argv[i], '=');
		if (eq == argv[i]) {
			fprintf(stderr, "env: cannot set '%s': Invalid argument\n", argv[i]);
			return 125;
		}
		putenv(argv[i]);
	}
	if (i >= argc) {
		for (char **e = environ; e && *e; e++) {
			fputs(*e, stdout);
			putchar(nul ? 0 : '\n');
		}
		return 0;
	}
	fflush(stdout);
	execvp(argv[i], argv + i);
	int err = errno;
	fprintf(stderr, "env: '%s': %s\n", argv[i], strerror(err));
	return err == ENOENT ? 127 : 126;
}
