/*
 * cp: copy files and directories, as GNU coreutils' cp:
 *
 *   cp [-r|-R] [-p] [-f] [-n] [-v] SOURCE DEST, or SOURCE... DIRECTORY
 *
 * A file is copied by read/write in 64 KiB chunks with its mode bits (and
 * its time with -p); -r copies directories recursively (a symbolic link
 * is copied as a link). Without -r a directory is "omitting directory".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static int recursive, preserve, noclobber, verbose, status;

static void copy(const char *src, const char *dst);

static void copy_file(const char *src, const char *dst, const struct stat *st)
{
	static char buf[65536];
	int in = open(src, O_RDONLY), out;
	ssize_t r;
	if (in < 0) {
		fprintf(stderr, "cp: cannot open '%s' for reading: %s\n", src, strerror(errno));
		status = 1;
		return;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 07777);
	if (out < 0) {
		fprintf(stderr, "cp: cannot create regular file '%s': %s\n", dst, strerror(errno));
		close(in);
		status = 1;
		return;
	}
	while ((r = read(in, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(out, buf + off, r - off);
			if (w <= 0) {
				fprintf(stderr, "cp: error writing '%s': %s\n", dst, strerror(errno));
				status = 1;
				close(in);
				close(out);
				return;
			}
			off += w;
		}
	}
	if (r < 0) {
		fprintf(stderr, "cp: error reading '%s': %s\n", src, strerror(errno));
		status = 1;
	}
	close(in);
	close(out);
	if (preserve) {
		struct timespec t[2] = { { st->st_mtime, 0 }, { st->st_mtime, 0 } };
		chmod(dst, st->st_mode & 07777);
		utimensat(AT_FDCWD, dst, t, 0);
	}
}

static void copy(const char *src, const char *dst)
{
	struct stat st, ds;
	if (lstat(src, &st) < 0) {
		fprintf(stderr, "cp: cannot stat '%s': %s\n", src, strerror(errno));
		status = 1;
		return;
	}
	if (noclobber && lstat(dst, &ds) == 0)
		return;
	if (verbose)
		printf("'%s' -> '%s'\n", src, dst);
	if (S_ISDIR(st.st_mode)) {
		DIR *d;
		struct dirent *e;
		if (!recursive) {
			fprintf(stderr, "cp: -r not specified; omitting directory '%s'\n", src);
			status = 1;
			return;
		}
		if (mkdir(dst, st.st_mode & 07777) < 0 && errno != EEXIST) {
			fprintf(stderr, "cp: cannot create directory '%s': %s\n", dst, strerror(errno));
			status = 1;
			return;
		}
		d = opendir(src);
		while (d && (e = readdir(d))) {
			char s[4096], t[4096];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(s, sizeof(s), "%s/%s", src, e->d_name);
			snprintf(t, sizeof(t), "%s/%s", dst, e->d_name);
			copy(s, t);
		}
		if (d)
			closedir(d);
		return;
	}
	if (S_ISLNK(st.st_mode) && recursive) {
		char target[4096];
		ssize_t n = readlink(src, target, sizeof(target) - 1);
		if (n >= 0) {
			target[n] = 0;
			unlink(dst);
			if (symlink(target, dst) < 0) {
				fprintf(stderr, "cp: cannot create symbolic link '%s': %s\n", dst, strerror(errno));
				status = 1;
			}
		}
		return;
	}
	if (S_ISLNK(st.st_mode) && stat(src, &st) < 0) {
		fprintf(stderr, "cp: cannot stat '%s': %s\n", src, strerror(errno));
		status = 1;
		return;
	}
	copy_file(src, dst, &st);
}

int main(int argc, char **argv)
{
	int i = 1, n;
	struct stat st;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (char *c = argv[i] + 1; *c; c++) {
			switch (*c) {
			case 'r': case 'R': case 'a': recursive = 1; preserve |= *c == 'a'; break;
			case 'p': preserve = 1; break;
			case 'n': noclobber = 1; break;
			case 'v': verbose = 1; break;
			case 'f': break;
			default:
				fprintf(stderr, "cp: invalid option -- '%c'\nTry 'cp --help' for more information.\n", *c);
				return 1;
			}
		}
	}
	n = argc - i;
	if (n < 1) {
		fprintf(stderr, "cp: missing file operand\nTry 'cp --help' for more information.\n");
		return 1;
	}
	if (n == 1) {
		fprintf(stderr, "cp: missing destination file operand after '%s'\nTry 'cp --help' for more information.\n", argv[i]);
		return 1;
	}
	const char *dst = argv[argc - 1];
	int exists = stat(dst, &st) == 0, todir = exists && S_ISDIR(st.st_mode);
	if (n > 2 && !todir) {
		if (exists)
			fprintf(stderr, "cp: target '%s' is not a directory\n", dst);
		else
			fprintf(stderr, "cp: target '%s': %s\n", dst, strerror(ENOENT));
		return 1;
	}
	for (int k = i; k < argc - 1; k++) {
		if (todir) {
			/* the source's last name, without trailing slashes */
			char t[4096];
			size_t l = strlen(argv[k]), b;
			while (l > 1 && argv[k][l - 1] == '/')
				l--;
			for (b = l; b > 0 && argv[k][b - 1] != '/'; b--)
				;
			snprintf(t, sizeof(t), "%s/%.*s", dst, (int)(l - b), argv[k] + b);
			copy(argv[k], t);
		} else {
			copy(argv[k], dst);
		}
	}
	return status;
}
