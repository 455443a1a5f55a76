/*
 * readlink [-f|-e|-m] [-n] [-q|-s|-v] [-z] FILE...: a symbolic link's
 * target, or with -f/-e/-m the name canonicalized (coreutils 9.1: every
 * link followed, "." and ".." folded; -f: all but the last component must
 * exist, -e: all, -m: none). Errors are silent unless -v; the status is 1
 * if any FILE gave nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>

enum { CAN_NONE, CAN_EXISTING, CAN_ALL_BUT_LAST, CAN_MISSING };
#define MAXLINKS 40
#define BUFSZ 4096

static const char usage_fmt[] = "Try 'readlink --help' for more information.\n";

/* drops the last component of an absolute name ("/" stays "") */
static void drop_last(char *r)
{
	char *s = strrchr(r, '/');
	if (s)
		*s = 0;
}

/* canonicalize_filename_mode: the absolute name, or NULL with errno */
static char *canonicalize(const char *name, int mode)
{
	static char res[BUFSZ];
	char rest[BUFSZ], link[BUFSZ], tmp[BUFSZ];
	int links = 0;

	if (!*name) {
		errno = ENOENT;
		return NULL;
	}
	if (name[0] == '/')
		res[0] = 0;
	else if (!getcwd(res, sizeof(res)))
		return NULL;
	else if (!strcmp(res, "/"))
		res[0] = 0;
	if (strlen(name) >= sizeof(rest)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(rest, name);
	char *p = rest;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		char *e = p;
		while (*e && *e != '/')
			e++;
		size_t len = e - p;
		if (len == 1 && p[0] == '.') {
			p = e;
			continue;
		}
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			drop_last(res);
			p = e;
			continue;
		}
		size_t rl = strlen(res);
		if (rl + 1 + len >= sizeof(res)) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		res[rl] = '/';
		memcpy(res + rl + 1, p, len);
		res[rl + 1 + len] = 0;
		p = e;
		const char *q = p;
		while (*q == '/')
			q++;
		int last = !*q;
		struct stat st;
		if (lstat(res, &st) < 0) {
			if (errno == ENOENT && (mode == CAN_MISSING || (mode == CAN_ALL_BUT_LAST && last)))
				continue;
			if (mode == CAN_MISSING && errno != ENOENT)
				continue;
			return NULL;
		}
		if (S_ISLNK(st.st_mode)) {
			if (++links > MAXLINKS) {
				errno = ELOOP;
				return NULL;
			}
			ssize_t n = readlink(res, link, sizeof(link) - 1);
			if (n < 0)
				return NULL;
			link[n] = 0;
			if (n + strlen(p) + 1 >= sizeof(tmp)) {
				errno = ENAMETOOLONG;
				return NULL;
			}
			snprintf(tmp, sizeof(tmp), "%s%s", link, p);
			strcpy(rest, tmp);
			p = rest;
			if (link[0] == '/')
				res[0] = 0;
			else
				drop_last(res);
			continue;
		}
		if (!S_ISDIR(st.st_mode) && !last && mode != CAN_MISSING) {
			errno = ENOTDIR;
			return NULL;
		}
	}
	if (!res[0])
		strcpy(res, "/");
	return res;
}

int main(int argc, char **argv)
{
	int mode = CAN_NONE, no_newline = 0, verbose = 0, zero = 0, status = 0, i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (argv[i][1] == '-') {
			const char *o = argv[i] + 2;
			if (!strcmp(o, "canonicalize")) mode = CAN_ALL_BUT_LAST;
			else if (!strcmp(o, "canonicalize-existing")) mode = CAN_EXISTING;
			else if (!strcmp(o, "canonicalize-missing")) mode = CAN_MISSING;
			else if (!strcmp(o, "no-newline")) no_newline = 1;
			else if (!strcmp(o, "quiet") || !strcmp(o, "silent")) verbose = 0;
			else if (!strcmp(o, "verbose")) verbose = 1;
			else if (!strcmp(o, "zero")) zero = 1;
			else if (!strcmp(o, "help")) {
				printf("Usage: readlink [OPTION]... FILE...\nPrint value of a symbolic link or canonical file name\n\n"
				       "  -f, --canonicalize            canonicalize by following every symlink in\n"
				       "                                every component of the given name recursively;\n"
				       "                                all but the last component must exist\n"
				       "  -e, --canonicalize-existing   canonicalize by following every symlink in\n"
				       "                                every component of the given name recursively,\n"
				       "                                all components must exist\n"
				       "  -m, --canonicalize-missing    canonicalize by following every symlink in\n"
				       "                                every component of the given name recursively,\n"
				       "                                without requirements on components existence\n"
				       "  -n, --no-newline              do not output the trailing delimiter\n"
				       "  -q, --quiet\n  -s, --silent                  suppress most error messages (on by default)\n"
				       "  -v, --verbose                 report error messages\n"
				       "  -z, --zero                    end each output line with NUL, not newline\n");
				return 0;
			} else {
				fprintf(stderr, "readlink: unrecognized option '%s'\n%s", argv[i], usage_fmt);
				return 1;
			}
			continue;
		}
		for (const char *c = argv[i] + 1; *c; c++) {
			switch (*c) {
			case 'f': mode = CAN_ALL_BUT_LAST; break;
			case 'e': mode = CAN_EXISTING; break;
			case 'm': mode = CAN_MISSING; break;
			case 'n': no_newline = 1; break;
			case 'q': case 's': verbose = 0; break;
			case 'v': verbose = 1; break;
			case 'z': zero = 1; break;
			default:
				fprintf(stderr, "readlink: invalid option -- '%c'\n%s", *c, usage_fmt);
				return 1;
			}
		}
	}
	if (i >= argc) {
		fprintf(stderr, "readlink: missing operand\n%s", usage_fmt);
		return 1;
	}
	if (no_newline && argc - i > 1) {
		fprintf(stderr, "readlink: ignoring --no-newline with multiple arguments\n");
		no_newline = 0;
	}
	for (; i < argc; i++) {
		static char buf[BUFSZ];
		const char *out;
		if (mode == CAN_NONE) {
			ssize_t n = readlink(argv[i], buf, sizeof(buf) - 1);
			if (n >= 0)
				buf[n] = 0;
			out = n >= 0 ? buf : NULL;
		} else {
			out = canonicalize(argv[i], mode);
		}
		if (!out) {
			if (verbose)
				fprintf(stderr, "readlink: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		fputs(out, stdout);
		if (!no_newline)
			putchar(zero ? '\0' : '\n');
	}
	return status;
}
