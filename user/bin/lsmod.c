/* lsmod: show loaded modules from /proc/modules. */
#include <stdio.h>
#include <string.h>
#include <errno.h>

int main(void)
{
	FILE *f = fopen("/proc/modules", "r");
	if (!f) {
		fprintf(stderr, "lsmod: ERROR: could not open /proc/modules: %s\n", strerror(errno));
		return 1;
	}
	printf("Module                  Size  Used by\n");
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		char *save;
		char *name = strtok_r(line, " \n", &save);
		char *size = strtok_r(0, " \n", &save);
		char *refs = strtok_r(0, " \n", &save);
		char *deps = strtok_r(0, " \n", &save);
		if (!name || !size || !refs)
			continue;
		printf("%-19s %8s  %s", name, size, refs);
		if (deps && strcmp(deps, "-") != 0) {
			size_t n = strlen(deps);
			if (n && deps[n - 1] == ',')
				deps[n - 1] = 0;
			printf(" %s", deps);
		}
		putchar('\n');
	}
	fclose(f);
	return 0;
}
