/*
 * which: the full path of each command found in PATH, as debianutils'
 * which: the first executable match (all of them with -a); status 0 if
 * every name was found, 1 if some was not, 2 for a bad option.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int executable(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

int main(int argc, char **argv)
{
	int all = 0, status = 0, i = 1;
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-a"))
			all = 1;
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			fprintf(stderr, "Usage: which [-a] args\n");
			return 2;
		}
	}
	if (i >= argc)
		return 1;
	for (; i < argc; i++) {
		const char *name = argv[i];
		int found = 0;
		if (strchr(name, '/')) {
			if (executable(name)) {
				puts(name);
				found = 1;
			}
		} else {
			const char *p = path;
			while (*p || p == path) {
				const char *e = strchr(p, ':');
				size_t n = e ? (size_t)(e - p) : strlen(p);
				char full[4096];
				snprintf(full, sizeof(full), "%.*s/%s", (int)n, n ? p : ".", name);
				if (executable(full)) {
					puts(full);
					found = 1;
					if (!all)
						break;
				}
				if (!e)
					break;
				p = e + 1;
			}
		}
		if (!found)
			status = 1;
	}
	return status;
}
