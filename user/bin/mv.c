/*
 * mv: move (rename) files, as GNU coreutils' mv (9.1):
 *
 *   mv [-f|-i|-n] [-v] [-T] SOURCE DEST
 *   mv [-f|-i|-n] [-v] SOURCE... DIRECTORY,  mv -t DIRECTORY SOURCE...
 *
 * Each move is first renameat2(RENAME_NOREPLACE), as coreutils tries it;
 * when the name is taken the checks run (same file, a directory over a
 * non-directory and back, -n skips, -i asks "overwrite 'X'?") and then
 * rename(2). Across filesystems (EXDEV) the tree is copied (modes, times,
 * symbolic links as links) and the source removed, -v saying each step as
 * coreutils does ("copied", "created directory", "removed"). The last of
 * -f, -i, -n wins; a skipped file (-n, or 'n' to -i) is status 0 as in 9.1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

enum { I_UNSPEC, I_ALWAYS_YES, I_ASK, I_ALWAYS_NO };
static int interactive = I_UNSPEC, verbose, status;

static void usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "mv: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'mv --help' for more information.\n");
	exit(1);
}

static int fail(const char *fmt, const char *a, const char *b)
{
	int e = errno;
	fprintf(stderr, "mv: ");
	fprintf(stderr, fmt, a, b);
	fprintf(stderr, ": %s\n", strerror(e));
	status = 1;
	return -1;
}

static int yes(void)
{
	char c = 0, first = 0;
	int n = 0;
	while (read(0, &c, 1) == 1 && c != '\n')
		if (!n++)
			first = c;
	return first == 'y' || first == 'Y';
}

/* copy_reg: a regular file's bytes and mode, then its modification time. */
static int copy_file(const char *src, const char *dst, const struct stat *st)
{
	static char buf[65536];
	int in = open(src, O_RDONLY), out;
	ssize_t r = 0;
	if (in < 0)
		return fail("cannot open '%s' for reading", src, 0);
	unlink(dst);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 07777);
	if (out < 0) {
		close(in);
		return fail("cannot create regular file '%s'", dst, 0);
	}
	while ((r = read(in, buf, sizeof(buf))) > 0)
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(out, buf + off, r - off);
			if (w <= 0) {
				close(in);
				close(out);
				return fail("error writing '%s'", dst, 0);
			}
			off += w;
		}
	close(in);
	close(out);
	if (r < 0)
		return fail("error reading '%s'", src, 0);
	struct timespec t[2] = { { st->st_mtime, 0 }, { st->st_mtime, 0 } };
	chmod(dst, st->st_mode & 07777);
	utimensat(AT_FDCWD, dst, t, 0);
	return 0;
}

/* The cross-filesystem move, first half: the whole tree at dst. */
static int copy_tree(const char *src, const char *dst)
{
	struct stat st;
	if (lstat(src, &st) < 0)
		return fail("cannot stat '%s'", src, 0);
	if (S_ISDIR(st.st_mode)) {
		DIR *d;
		struct dirent *e;
		int r = 0;
		if (mkdir(dst, st.st_mode & 07777) < 0 && errno != EEXIST)
			return fail("cannot create directory '%s'", dst, 0);
		if (verbose)
			printf("created directory '%s'\n", dst);
		if (!(d = opendir(src)))
			return fail("cannot access '%s'", src, 0);
		while ((e = readdir(d))) {
			char s[4096], t[4096];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(s, sizeof(s), "%s/%s", src, e->d_name);
			snprintf(t, sizeof(t), "%s/%s", dst, e->d_name);
			r |= copy_tree(s, t);
		}
		closedir(d);
		chmod(dst, st.st_mode & 07777);
		return r;
	}
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(src, target, sizeof(target) - 1);
		if (n < 0)
			return fail("cannot read symbolic link '%s'", src, 0);
		target[n] = 0;
		unlink(dst);
		if (symlink(target, dst) < 0)
			return fail("cannot create symbolic link '%s'", dst, 0);
	} else if (copy_file(src, dst, &st)) {
		return -1;
	}
	if (verbose)
		printf("copied '%s' -> '%s'\n", src, dst);
	return 0;
}

/* The second half: the source tree goes, children first, as rm -r. */
static int remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return fail("cannot stat '%s'", path, 0);
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			char s[4096];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(s, sizeof(s), "%s/%s", path, e->d_name);
			if (remove_tree(s))
				break;
		}
		if (d)
			closedir(d);
		if (rmdir(path) < 0)
			return fail("cannot remove '%s'", path, 0);
		if (verbose)
			printf("removed directory '%s'\n", path);
		return 0;
	}
	if (unlink(path) < 0)
		return fail("cannot remove '%s'", path, 0);
	if (verbose)
		printf("removed '%s'\n", path);
	return 0;
}

static void move(const char *src, const char *dst)
{
	struct stat ss, ds;
	int r = renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_NOREPLACE);
	/* the name is taken, or the kernel said why not: look at both, as coreutils */
	if (r < 0) {
		if (lstat(src, &ss) < 0) {
			fail("cannot stat '%s'", src, 0);
			return;
		}
		if (lstat(dst, &ds) < 0) {
			if (errno != ENOENT) {
				fail("cannot stat '%s'", dst, 0);
				return;
			}
		} else {
			if (ss.st_dev == ds.st_dev && ss.st_ino == ds.st_ino) {
				fprintf(stderr, "mv: '%s' and '%s' are the same file\n", src, dst);
				status = 1;
				return;
			}
			if (S_ISDIR(ds.st_mode) && !S_ISDIR(ss.st_mode)) {
				fprintf(stderr, "mv: cannot overwrite directory '%s' with non-directory\n", dst);
				status = 1;
				return;
			}
			if (!S_ISDIR(ds.st_mode) && S_ISDIR(ss.st_mode)) {
				fprintf(stderr, "mv: cannot overwrite non-directory '%s' with directory '%s'\n", dst, src);
				status = 1;
				return;
			}
			if (interactive == I_ALWAYS_NO)
				return;
			if (interactive == I_ASK) {
				fprintf(stderr, "mv: overwrite '%s'? ", dst);
				if (!yes())
					return;
			}
		}
		r = rename(src, dst);
	}
	if (r == 0) {
		if (verbose)
			printf("renamed '%s' -> '%s'\n", src, dst);
		return;
	}
	switch (errno) {
	case EINVAL:
		fprintf(stderr, "mv: cannot move '%s' to a subdirectory of itself, '%s'\n", src, dst);
		status = 1;
		return;
	case EXDEV:
		/* copy, then remove the source only when everything arrived */
		if (copy_tree(src, dst) == 0)
			remove_tree(src);
		return;
	}
	fail("cannot move '%s' to '%s'", src, dst);
}

int main(int argc, char **argv)
{
	const char *target_dir = 0;
	int no_target_dir = 0, i = 1, n;
	struct stat st;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[1] == '-') {
			if (!strcmp(a, "--force"))
				interactive = I_ALWAYS_YES;
			else if (!strcmp(a, "--interactive"))
				interactive = I_ASK;
			else if (!strcmp(a, "--no-clobber"))
				interactive = I_ALWAYS_NO;
			else if (!strcmp(a, "--verbose"))
				verbose = 1;
			else if (!strcmp(a, "--no-target-directory"))
				no_target_dir = 1;
			else if (!strncmp(a, "--target-directory=", 19))
				target_dir = a + 19;
			else
				usage_error("unrecognized option '%s'", a);
			continue;
		}
		for (const char *c = a + 1; *c; c++) {
			switch (*c) {
			case 'f': interactive = I_ALWAYS_YES; break;
			case 'i': interactive = I_ASK; break;
			case 'n': interactive = I_ALWAYS_NO; break;
			case 'v': verbose = 1; break;
			case 'T': no_target_dir = 1; break;
			case 't':
				if (c[1])
					target_dir = c + 1;
				else if (i + 1 < argc)
					target_dir = argv[++i];
				else
					usage_error("option requires an argument -- '%s'", "t");
				goto next_arg;	/* the rest of the word was the argument */
			default: {
				char o[2] = { *c, 0 };
				usage_error("invalid option -- '%s'", o);
			}
			}
		}
	next_arg:;
	}
	n = argc - i;
	if (n < 1)
		usage_error("missing file operand%s", "");
	if (!target_dir && n == 1)
		usage_error("missing destination file operand after '%s'", argv[i]);
	if (target_dir && no_target_dir)
		usage_error("cannot combine --target-directory (-t) and --no-target-directory (-T)%s", "");
	if (!target_dir && !no_target_dir) {
		const char *last = argv[argc - 1];
		int exists = stat(last, &st) == 0;
		if (exists && S_ISDIR(st.st_mode)) {
			target_dir = last;
			argc--;
		} else if (n > 2) {
			if (exists)
				fprintf(stderr, "mv: target '%s' is not a directory\n", last);
			else
				fprintf(stderr, "mv: target '%s': %s\n", last, strerror(errno));
			return 1;
		}
	} else if (no_target_dir && n > 2) {
		fprintf(stderr, "mv: extra operand '%s'\nTry 'mv --help' for more information.\n", argv[i + 2]);
		return 1;
	}
	if (target_dir) {
		int e = stat(target_dir, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
		if (e) {
			fprintf(stderr, "mv: target directory '%s': %s\n", target_dir, strerror(e));
			return 1;
		}
		for (int k = i; k < argc; k++) {
			/* DIR/the source's last name, without trailing slashes, as coreutils */
			char t[4096];
			size_t l = strlen(argv[k]), b;
			while (l > 1 && argv[k][l - 1] == '/')
				l--;
			for (b = l; b > 0 && argv[k][b - 1] != '/'; b--)
				;
			size_t dl = strlen(target_dir);
			snprintf(t, sizeof(t), "%s%s%.*s", target_dir, dl && target_dir[dl - 1] == '/' ? "" : "/", (int)(l - b),
				 argv[k] + b);
			move(argv[k], t);
		}
		return status;
	}
	move(argv[i], argv[i + 1]);
	return status;
}
