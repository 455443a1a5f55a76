/* rmmod [-f] MODULE...: unload kernel modules (delete_module, O_NONBLOCK); like kmod,
   a module with holders or references is refused unless -f is given. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/module.h>

#define O_TRUNC_FORCE 01000 /* O_TRUNC doubles as "force" for delete_module */

/*
 * 1: loaded, 0: not loaded, -1: cannot tell (no /proc/modules). When loaded, *refcnt and
 * holders get the /proc/modules columns "refcnt" and "used by"
 * ("a,b," or "-"; "[permanent]," is not a holder), holders as
 * " a b" the way kmod prints them.
 */
static int is_loaded(const char *name, long *refcnt, char *holders, size_t hsize)
{
	FILE *f = fopen("/proc/modules", "r");
	if (!f)
		return -1;
	char line[512];
	int found = 0;
	size_t n = strlen(name);
	holders[0] = 0;
	*refcnt = 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, name, n) != 0 || line[n] != ' ')
			continue;
		found = 1;
		char *p = line + n + 1;
		strtoul(p, &p, 10);		/* size */
		*refcnt = strtol(p, &p, 10);
		while (*p == ' ')
			p++;
		for (char *tok = p; *tok && *tok != ' ' && *tok != '-';) {
			char *comma = strchr(tok, ',');
			if (!comma)
				break;
			*comma = 0;
			if (tok[0] != '[' && strlen(holders) + strlen(tok) + 2 < hsize) {
				strcat(holders, " ");
				strcat(holders, tok);
			}
			tok = comma + 1;
		}
	}
	fclose(f);
	return found;
}

int main(int argc, char **argv)
{
	int flags = O_NONBLOCK, st = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-f") == 0)
			flags |= O_TRUNC_FORCE;
		else if (strcmp(argv[i], "-w") == 0)
			flags &= ~O_NONBLOCK;
	}
	if (i >= argc) {
		fprintf(stderr, "Usage:\n\trmmod [options] modulename ...\n");
		return 1;
	}
	for (; i < argc; i++) {
		/* accept a path or a file name: strip directories and ".ko" */
		const char *base = strrchr(argv[i], '/');
		char *name = strdup(base ? base + 1 : argv[i]);
		size_t n = strlen(name);
		if (n > 3 && strcmp(name + n - 3, ".ko") == 0)
			name[n - 3] = 0;
		for (char *p = name; *p; p++)
			if (*p == '-')
				*p = '_';
		long refcnt;
		char holders[256];
		int loaded = is_loaded(name, &refcnt, holders, sizeof(holders));
		/* as kmod, which says so whenever it cannot read the module's initstate */
		if (loaded <= 0) {
			fprintf(stderr, "rmmod: ERROR: Module %s is not currently loaded\n", name);
			st = 1;
			continue;
		}
		/* as kmod: without -f, a module in use is refused before asking the kernel */
		if (!(flags & O_TRUNC_FORCE)) {
			if (holders[0]) {
				fprintf(stderr, "rmmod: ERROR: Module %s is in use by:%s\n", name, holders);
				st = 1;
				continue;
			}
			if (refcnt > 0) {
				fprintf(stderr, "rmmod: ERROR: Module %s is in use\n", name);
				st = 1;
				continue;
			}
		}
		if (delete_module(name, flags) < 0) {
			fprintf(stderr, "rmmod: ERROR: could not remove module %s: %s\n", name, strerror(errno));
			st = 1;
		}
		free(name);
	}
	return st;
}
