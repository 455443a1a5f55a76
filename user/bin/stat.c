/*
 * stat: file status, as GNU coreutils' stat:
 *
 *   stat [-L] [-c FORMAT | --format=FORMAT] FILE...
 *
 * The default display is coreutils' (File, Size/Blocks/IO Block/type,
 * Device/Inode/Links, Access with the mode, Uid and Gid, the three
 * times, Birth "-": this kernel has no statx). FORMAT takes %a %A %b %B
 * %d %D %f %F %g %G %h %i %n %N %o %s %t %T %u %U %x %X %y %Y %z %Z %%.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <time.h>
#include <sys/stat.h>

static void mode_string(unsigned m, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	out[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : (m & S_IFMT) == S_IFCHR ? 'c' : (m & S_IFMT) == S_IFBLK ? 'b' :
		 (m & S_IFMT) == S_IFIFO ? 'p' : (m & S_IFMT) == S_IFSOCK ? 's' : '-';
	for (int i = 0; i < 9; i++)
		out[i + 1] = m & (0400 >> i) ? rwx[i] : '-';
	if (m & 04000)
		out[3] = out[3] == 'x' ? 's' : 'S';
	if (m & 02000)
		out[6] = out[6] == 'x' ? 's' : 'S';
	if (m & 01000)
		out[9] = out[9] == 'x' ? 't' : 'T';
	out[10] = 0;
}

static const char *type_name(const struct stat *st)
{
	switch (st->st_mode & S_IFMT) {
	case S_IFREG: return st->st_size ? "regular file" : "regular empty file";
	case S_IFDIR: return "directory";
	case S_IFLNK: return "symbolic link";
	case S_IFCHR: return "character special file";
	case S_IFBLK: return "block special file";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	}
	return "weird file";
}

static void timestr(long sec, long nsec, char *o, size_t n)
{
	time_t t = sec;
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(o, n, "%04d-%02d-%02d %02d:%02d:%02d.%09ld +0000", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, nsec);
}

static void name_of(const char *path, const struct stat *st, char *o, size_t n)
{
	if (S_ISLNK(st->st_mode)) {
		char t[4096];
		ssize_t l = readlink(path, t, sizeof(t) - 1);
		t[l > 0 ? l : 0] = 0;
		snprintf(o, n, "%s -> %s", path, t);
	} else {
		snprintf(o, n, "%s", path);
	}
}

static void format(const char *f, const char *path, const struct stat *st)
{
	char b[4200];
	for (const char *p = f; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			putchar(*p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
			continue;
		}
		if (*p != '%' || !p[1]) {
			putchar(*p);
			continue;
		}
		switch (*++p) {
		case 'a': printf("%o", st->st_mode & 07777); break;
		case 'A': mode_string(st->st_mode, b); fputs(b, stdout); break;
		case 'b': printf("%ld", st->st_blocks); break;
		case 'B': printf("512"); break;
		case 'd': printf("%lu", st->st_dev); break;
		case 'D': printf("%lx", st->st_dev); break;
		case 'f': printf("%x", st->st_mode); break;
		case 'F': fputs(type_name(st), stdout); break;
		case 'g': printf("%u", st->st_gid); break;
		case 'G': printf("root"); break;
		case 'h': printf("%lu", st->st_nlink); break;
		case 'i': printf("%lu", st->st_ino); break;
		case 'n': fputs(path, stdout); break;
		case 'N':
			if (S_ISLNK(st->st_mode)) {
				ssize_t l = readlink(path, b, sizeof(b) - 1);
				b[l > 0 ? l : 0] = 0;
				printf("'%s' -> '%s'", path, b);
			} else {
				printf("'%s'", path);
			}
			break;
		case 'o': printf("%ld", st->st_blksize); break;
		case 's': printf("%ld", st->st_size); break;
		case 't': printf("%lx", (st->st_rdev >> 8) & 0xfff); break;
		case 'T': printf("%lx", (st->st_rdev & 0xff) | ((st->st_rdev >> 12) & 0xfff00)); break;
		case 'u': printf("%u", st->st_uid); break;
		case 'U': printf("root"); break;
		case 'x': timestr(st->st_atime, st->st_atime_nsec, b, sizeof(b)); fputs(b, stdout); break;
		case 'X': printf("%ld", st->st_atime); break;
		case 'y': timestr(st->st_mtime, st->st_mtime_nsec, b, sizeof(b)); fputs(b, stdout); break;
		case 'Y': printf("%ld", st->st_mtime); break;
		case 'z': timestr(st->st_ctime, st->st_ctime_nsec, b, sizeof(b)); fputs(b, stdout); break;
		case 'Z': printf("%ld", st->st_ctime); break;
		case 'w': putchar('-'); break;
		case 'W': putchar('0'); break;
		case '%': putchar('%'); break;
		default: putchar('?'); break;
		}
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	const char *fmt = NULL;
	int follow = 0, status = 0, nfiles = 0;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (!strcmp(a, "-L") || !strcmp(a, "--dereference"))
			follow = 1;
		else if (!strcmp(a, "-c") && i + 1 < argc)
			fmt = argv[++i];
		else if (!strncmp(a, "--format=", 9))
			fmt = a + 9;
		else if (!strncmp(a, "-c", 2) && a[2])
			fmt = a + 2;
		else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "stat: invalid option -- '%c'\nTry 'stat --help' for more information.\n", a[1]);
			return 1;
		} else
			nfiles++;
	}
	if (!nfiles) {
		fprintf(stderr, "stat: missing operand\nTry 'stat --help' for more information.\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		char *a = argv[i];
		if (a[0] == '-' && a[1]) {
			if (!strcmp(a, "-c"))
				i++;
			continue;
		}
		if ((follow ? stat(a, &st) : lstat(a, &st)) < 0) {
			fprintf(stderr, "stat: cannot statx '%s': %s\n", a, strerror(errno));
			status = 1;
			continue;
		}
		if (fmt) {
			format(fmt, a, &st);
			continue;
		}
		char n[4200], m[11], t[64];
		name_of(a, &st, n, sizeof(n));
		mode_string(st.st_mode, m);
		printf("  File: %s\n", n);
		printf("  Size: %-10ld\tBlocks: %-10ld IO Block: %-6ld %s\n", st.st_size, st.st_blocks, st.st_blksize, type_name(&st));
		if ((st.st_mode & S_IFMT) == S_IFCHR || (st.st_mode & S_IFMT) == S_IFBLK)
			printf("Device: %lu,%lu\tInode: %-11lu Links: %-5lu Device type: %lu,%lu\n", (st.st_dev >> 8) & 0xfff,
			       st.st_dev & 0xff, st.st_ino, st.st_nlink, (st.st_rdev >> 8) & 0xfff, st.st_rdev & 0xff);
		else
			printf("Device: %lu,%lu\tInode: %-11lu Links: %lu\n", (st.st_dev >> 8) & 0xfff, st.st_dev & 0xff, st.st_ino,
			       st.st_nlink);
		printf("Access: (%04o/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n", st.st_mode & 07777, m, st.st_uid, "root", st.st_gid,
		       "root");
		timestr(st.st_atime, st.st_atime_nsec, t, sizeof(t));
		printf("Access: %s\n", t);
		timestr(st.st_mtime, st.st_mtime_nsec, t, sizeof(t));
		printf("Modify: %s\n", t);
		timestr(st.st_ctime, st.st_ctime_nsec, t, sizeof(t));
		printf("Change: %s\n", t);
		printf(" Birth: -\n");
	}
	return status;
}
