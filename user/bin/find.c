/*
 * find [PATH...] [EXPRESSION]: walk directory trees. Tests -name/-iname
 * GLOB, -path GLOB, -type f|d|l|b|c|p|s, options -maxdepth N, -mindepth N,
 * actions -print; terms are ANDed, '!' / -not negate. Directory entries are
 * visited in name order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <unistd.h>
#include <sys/stat.h>

enum { T_NAME, T_INAME, T_PATH, T_TYPE, T_PRINT, T_TRUE };

struct term {
	int type, neg;
	const char *arg;
};

static struct term *terms;
static int nterms, maxdepth = -1, mindepth, st;

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static const char *base(const char *path, char *buf)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t s = n;
	while (s > 0 && path[s - 1] != '/')
		s--;
	if (n - s >= PATH_MAX)
		n = s + PATH_MAX - 1;
	memcpy(buf, path + s, n - s);
	buf[n - s] = 0;
	if (!buf[0])
		strcpy(buf, "/");
	return buf;
}

static int type_ok(unsigned mode, char t)
{
	switch (t) {
	case 'f': return S_ISREG(mode);
	case 'd': return S_ISDIR(mode);
	case 'l': return S_ISLNK(mode);
	case 'b': return S_ISBLK(mode);
	case 'c': return S_ISCHR(mode);
	case 'p': return S_ISFIFO(mode);
	case 's': return S_ISSOCK(mode);
	}
	return 0;
}

static void visit(const char *path, int depth)
{
	struct stat sb;
	if (lstat(path, &sb) < 0) {
		fprintf(stderr, "find: '%s': %s\n", path, strerror(errno));
		st = 1;
		return;
	}
	if (depth >= mindepth) {
		char b[PATH_MAX];
		int ok = 1, printed = 0;
		for (int i = 0; i < nterms && ok; i++) {
			struct term *t = &terms[i];
			int r = 1;
			switch (t->type) {
			case T_NAME: r = fnmatch(t->arg, base(path, b), 0) == 0; break;
			case T_INAME: r = fnmatch(t->arg, base(path, b), FNM_CASEFOLD) == 0; break;
			case T_PATH: r = fnmatch(t->arg, path, 0) == 0; break;
			case T_TYPE: r = type_ok(sb.st_mode, t->arg[0]); break;
			case T_PRINT:
				puts(path);
				printed = 1;
				break;
			}
			ok = r != t->neg;
		}
		int has_print = 0;
		for (int i = 0; i < nterms; i++)
			has_print |= terms[i].type == T_PRINT;
		if (ok && !printed && !has_print)
			puts(path);
	}
	if (!S_ISDIR(sb.st_mode) || (maxdepth >= 0 && depth >= maxdepth))
		return;
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "find: '%s': %s\n", path, strerror(errno));
		st = 1;
		return;
	}
	char **names = 0;
	int n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap)
			names = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof(char *));
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(char *), cmp);
	size_t pl = strlen(path);
	for (int i = 0; i < n; i++) {
		char *child = malloc(pl + strlen(names[i]) + 2);
		if (pl && path[pl - 1] == '/')
			sprintf(child, "%s%s", path, names[i]);
		else
			sprintf(child, "%s/%s", path, names[i]);
		visit(child, depth + 1);
		free(child);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	int i = 1;
	char **paths = argv + 1;
	while (i < argc && argv[i][0] != '-' && strcmp(argv[i], "!") && strcmp(argv[i], "("))
		i++;
	int npaths = i - 1;
	terms = calloc(argc, sizeof(struct term));
	int neg = 0;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "!") || !strcmp(a, "-not")) {
			neg = !neg;
			continue;
		}
		if (!strcmp(a, "-a") || !strcmp(a, "-and"))
			continue;
		struct term *t = &terms[nterms];
		t->neg = neg;
		neg = 0;
		if (!strcmp(a, "-print")) {
			t->type = T_PRINT;
			t->neg = 0;
			nterms++;
			continue;
		}
		if (!strcmp(a, "-maxdepth") || !strcmp(a, "-mindepth") || !strcmp(a, "-name") || !strcmp(a, "-iname") ||
		    !strcmp(a, "-path") || !strcmp(a, "-type")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "find: missing argument to `%s'\n", a);
				return 1;
			}
			const char *v = argv[++i];
			if (!strcmp(a, "-maxdepth") || !strcmp(a, "-mindepth")) {
				char *end;
				long d = strtol(v, &end, 10);
				if (!*v || *end || d < 0) {
					fprintf(stderr, "find: Expected a positive decimal integer argument to %s, but got `%s'\n", a, v);
					return 1;
				}
				if (a[2] == 'a')
					maxdepth = (int)d;
				else
					mindepth = (int)d;
				continue;
			}
			if (!strcmp(a, "-type")) {
				if (!v[0] || v[1] || !strchr("fdlbcps", v[0])) {
					fprintf(stderr, "find: Unknown argument to -type: %s\n", v);
					return 1;
				}
				t->type = T_TYPE;
			} else
				t->type = !strcmp(a, "-name") ? T_NAME : !strcmp(a, "-iname") ? T_INAME : T_PATH;
			t->arg = v;
			nterms++;
			continue;
		}
		if (a[0] == '-')
			fprintf(stderr, "find: unknown predicate `%s'\n", a);
		else
			fprintf(stderr, "find: paths must precede expression: `%s'\n", a);
		return 1;
	}
	if (!npaths) {
		static char *dot[] = { "." };
		paths = dot;
		npaths = 1;
	}
	for (int p = 0; p < npaths; p++)
		visit(paths[p], 0);
	return st;
}
