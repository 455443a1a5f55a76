/*
 * modprobe [-r] [-q] [-v] MODULE [PARAM=VALUE...]: load (or with -r unload)
 * a module and its dependencies as listed in
 * /lib/modules/<release>/modules.dep ("path.ko: dep1.ko dep2.ko").
 * Dashes and underscores in names are equivalent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/module.h>

static char dir[512];
static int verbose, quiet;

static void norm(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

/* module name of a path: basename without .ko[.xz|.gz|.zst], normalised */
static char *modname(const char *path)
{
	const char *b = strrchr(path, '/');
	char *n = strdup(b ? b + 1 : path);
	char *dot = strstr(n, ".ko");
	if (dot)
		*dot = 0;
	norm(n);
	return n;
}

static int is_loaded(const char *name)
{
	FILE *f = fopen("/proc/modules", "r");
	if (!f)
		return 0;
	char line[512];
	int found = 0;
	size_t n = strlen(name);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, name, n) == 0 && line[n] == ' ')
			found = 1;
	fclose(f);
	return found;
}

static const char *mod_strerror(int err)
{
	switch (err) {
	case ENOEXEC: return "Invalid module format";
	case ENOENT: return "Unknown symbol in module, or unknown parameter (see dmesg)";
	default: return strerror(err);
	}
}

static int load(const char *relpath, const char *params)
{
	char path[1024];
	if (relpath[0] == '/')
		snprintf(path, sizeof(path), "%s", relpath);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, relpath);
	char *name = modname(path);
	if (is_loaded(name)) {
		free(name);
		return 0;
	}
	if (verbose)
		printf("insmod %s %s\n", path, params);
	int fd = open(path, O_RDONLY);
	int r = -1;
	if (fd >= 0) {
		r = finit_module(fd, params, 0);
		if (r < 0 && errno == ENOSYS) {
			struct stat st;
			fstat(fd, &st);
			char *img = malloc(st.st_size ? st.st_size : 1);
			ssize_t got = read(fd, img, st.st_size);
			r = init_module(img, got > 0 ? got : 0, params);
			free(img);
		}
		close(fd);
	}
	if (r < 0 && errno == EEXIST)
		r = 0;
	if (r < 0 && !quiet)
		fprintf(stderr, "modprobe: ERROR: could not insert '%s': %s\n", name, mod_strerror(errno));
	free(name);
	return r;
}

int main(int argc, char **argv)
{
	int remove = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'r') remove = 1;
			else if (*p == 'q') quiet = 1;
			else if (*p == 'v') verbose = 1;
			else if (*p == 'a' || *p == 'b') ;
			else {
				fprintf(stderr, "modprobe: ERROR: unknown option -%c\n", *p);
				return 1;
			}
		}
	}
	if (i >= argc) {
		fprintf(stderr, "modprobe: ERROR: missing parameters. See -h.\n");
		return 1;
	}
	struct utsname u;
	uname(&u);
	snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	char *want = strdup(argv[i++]);
	norm(want);
	size_t plen = 1;
	for (int k = i; k < argc; k++)
		plen += strlen(argv[k]) + 1;
	char *params = calloc(1, plen);
	for (int k = i; k < argc; k++) {
		if (k > i)
			strcat(params, " ");
		strcat(params, argv[k]);
	}

	char depfile[600];
	snprintf(depfile, sizeof(depfile), "%s/modules.dep", dir);
	FILE *f = fopen(depfile, "r");
	if (!f) {
		if (!quiet)
			fprintf(stderr, "modprobe: FATAL: Module %s not found in directory %s\n", want, dir);
		return 1;
	}
	char *line = 0, *entry = 0;
	size_t cap = 0;
	while (getline(&line, &cap, f) >= 0) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = 0;
		char *n = modname(line);
		int hit = strcmp(n, want) == 0;
		free(n);
		if (hit) {
			*colon = ':';
			entry = strdup(line);
			break;
		}
	}
	fclose(f);
	if (!entry) {
		if (remove && is_loaded(want)) {
			if (delete_module(want, O_NONBLOCK) < 0) {
				fprintf(stderr, "modprobe: FATAL: Module %s is in use.\n", want);
				return 1;
			}
			return 0;
		}
		if (!quiet)
			fprintf(stderr, "modprobe: FATAL: Module %s not found in directory %s\n", want, dir);
		return 1;
	}
	/* entry: "path: dep1 dep2 ..." */
	char *colon = strchr(entry, ':');
	*colon = 0;
	char *mod = entry;
	char *deps[64];
	int nd = 0;
	char *save;
	for (char *t = strtok_r(colon + 1, " \t\n", &save); t && nd < 64; t = strtok_r(0, " \t\n", &save))
		deps[nd++] = t;

	if (remove) {
		char *name = modname(mod);
		if (!is_loaded(name)) {
			if (!quiet)
				fprintf(stderr, "modprobe: FATAL: Module %s is not in kernel.\n", name);
			return 1;
		}
		if (verbose)
			printf("rmmod %s\n", name);
		if (delete_module(name, O_NONBLOCK) < 0) {
			if (!quiet)
				fprintf(stderr, "modprobe: FATAL: Module %s is in use.\n", name);
			return 1;
		}
		for (int k = 0; k < nd; k++) {
			char *dn = modname(deps[k]);
			if (is_loaded(dn)) {
				if (verbose)
					printf("rmmod %s\n", dn);
				delete_module(dn, O_NONBLOCK);
			}
			free(dn);
		}
		return 0;
	}
	for (int k = nd - 1; k >= 0; k--)
		if (load(deps[k], "") < 0)
			return 1;
	return load(mod, params) < 0 ? 1 : 0;
}
