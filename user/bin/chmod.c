/*
 * chmod: change file mode bits, as GNU coreutils' chmod:
 *
 *   chmod [-R] [-v] MODE[,MODE]... FILE...
 *
 * MODE is octal (644) or symbolic ([ugoa]*[-+=][rwxXst]*, comma
 * separated; without who, the umask limits + and =). -R recurses into
 * directories. A missing file is "cannot access" and status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static int recursive, verbose, status;

/* the new mode from the old one, or -1 for a malformed MODE */
static long apply(const char *spec, unsigned old, unsigned umask_v)
{
	unsigned mode = old & 07777;
	if (*spec >= '0' && *spec <= '7') {
		char *end;
		long v = strtol(spec, &end, 8);
		return *end || v > 07777 ? -1 : v;
	}
	const char *p = spec;
	while (*p) {
		unsigned who = 0, perm;
		for (; *p && strchr("ugoa", *p); p++)
			who |= *p == 'u' ? 04700 : *p == 'g' ? 02070 : *p == 'o' ? 01007 : 07777;
		if (!*p || !strchr("+-=", *p))
			return -1;
		while (*p && strchr("+-=", *p)) {
			char op = *p++;
			perm = 0;
			for (; *p && strchr("rwxXstugo", *p); p++) {
				switch (*p) {
				case 'r': perm |= 0444; break;
				case 'w': perm |= 0222; break;
				case 'x': perm |= 0111; break;
				case 'X': if (S_ISDIR(old) || (old & 0111)) perm |= 0111; break;
				case 's': perm |= 06000; break;
				case 't': perm |= 01000; break;
				case 'u': perm |= (mode & 0700) | (mode & 0700) >> 3 | (mode & 0700) >> 6; break;
				case 'g': perm |= (mode & 070) << 3 | (mode & 070) | (mode & 070) >> 3; break;
				case 'o': perm |= (mode & 07) << 6 | (mode & 07) << 3 | (mode & 07); break;
				}
			}
			unsigned mask = who ? who : (07777 & ~umask_v);
			if (op == '+')
				mode |= perm & mask;
			else if (op == '-')
				mode &= ~(perm & (who ? who : 07777 & ~umask_v));
			else
				mode = (mode & ~(who ? who : 07777)) | (perm & mask);
		}
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	return mode;
}

/* rwxr-xr-x, with s/S and t/T for the set-id and sticky bits */
static void symbolic(unsigned m, char out[10])
{
	static const char rwx[] = "rwxrwxrwx";
	for (int i = 0; i < 9; i++)
		out[i] = m & (0400 >> i) ? rwx[i] : '-';
	if (m & 04000)
		out[2] = out[2] == 'x' ? 's' : 'S';
	if (m & 02000)
		out[5] = out[5] == 'x' ? 's' : 'S';
	if (m & 01000)
		out[8] = out[8] == 'x' ? 't' : 'T';
	out[9] = 0;
}

static void do_chmod(const char *path, const char *spec, unsigned um)
{
	struct stat st;
	long m;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "chmod: cannot access '%s': %s\n", path, strerror(errno));
		status = 1;
		return;
	}
	m = apply(spec, st.st_mode, um);
	if (chmod(path, (mode_t)m) < 0) {
		fprintf(stderr, "chmod: changing permissions of '%s': %s\n", path, strerror(errno));
		status = 1;
		return;
	}
	if (verbose) {
		char o[10], n[10];
		symbolic(st.st_mode & 07777, o);
		symbolic((unsigned)m, n);
		if ((unsigned)m == (st.st_mode & 07777))
			printf("mode of '%s' retained as %04lo (%s)\n", path, m, n);
		else
			printf("mode of '%s' changed from %04o (%s) to %04lo (%s)\n", path, st.st_mode & 07777, o, m, n);
	}
	if (recursive && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			char sub[4096];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			do_chmod(sub, spec, um);
		}
		if (d)
			closedir(d);
	}
}

int main(int argc, char **argv)
{
	int i = 1;
	unsigned um = umask(0);
	umask(um);
	for (; i < argc && argv[i][0] == '-' && argv[i][1] && !strchr("rwxXst", argv[i][1]); i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (char *c = argv[i] + 1; *c; c++) {
			if (*c == 'R')
				recursive = 1;
			else if (*c == 'v')
				verbose = 1;
			else if (*c != 'f') {
				fprintf(stderr, "chmod: invalid option -- '%c'\nTry 'chmod --help' for more information.\n", *c);
				return 1;
			}
		}
	}
	if (i + 1 >= argc) {
		if (i >= argc)
			fprintf(stderr, "chmod: missing operand\n");
		else
			fprintf(stderr, "chmod: missing operand after '%s'\n", argv[i]);
		fprintf(stderr, "Try 'chmod --help' for more information.\n");
		return 1;
	}
	if (apply(argv[i], 0644, um) < 0) {
		fprintf(stderr, "chmod: invalid mode: '%s'\nTry 'chmod --help' for more information.\n", argv[i]);
		return 1;
	}
	for (int k = i + 1; k < argc; k++)
		do_chmod(argv[k], argv[i], um);
	return status;
}
