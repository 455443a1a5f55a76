/* ls [-l] [-a] [-1] [-d] [-R] [FILE...]: list directory contents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/ioctl.h>

static int opt_l, opt_a, opt_1, opt_d, opt_R;
static int printed;	/* something was listed: blank line before the next header */

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static void mode_str(unsigned m, char *s)
{
	const char *types = "?pc?d?b?-?l?s???";
	s[0] = types[(m >> 12) & 15];
	const char *rwx = "rwxrwxrwx";
	for (int i = 0; i < 9; i++)
		s[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
	if (m & S_ISUID) s[3] = (m & 0100) ? 's' : 'S';
	if (m & S_ISGID) s[6] = (m & 010) ? 's' : 'S';
	if (m & S_ISVTX) s[9] = (m & 01) ? 't' : 'T';
	s[10] = 0;
}

static int w_link = 1, w_owner = 1, w_group = 1, w_size = 1;

static void long_entry(const char *path, const char *name, struct stat *st)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char mode[11];
	mode_str(st->st_mode, mode);
	struct tm tm;
	time_t t = st->st_mtime;
	gmtime_r(&t, &tm);
	char owner[16], group[16], size[32];
	if (st->st_uid == 0) strcpy(owner, "root"); else snprintf(owner, sizeof(owner), "%u", st->st_uid);
	if (st->st_gid == 0) strcpy(group, "root"); else snprintf(group, sizeof(group), "%u", st->st_gid);
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		snprintf(size, sizeof(size), "%lu, %lu", (st->st_rdev >> 8) & 0xfff, (st->st_rdev & 0xff) | ((st->st_rdev >> 12) & 0xfff00));
	else
		snprintf(size, sizeof(size), "%ld", st->st_size);
	if (!path) {
		char nl[32];
		int k = snprintf(nl, sizeof(nl), "%lu", st->st_nlink);
		if (k > w_link) w_link = k;
		if ((int)strlen(owner) > w_owner) w_owner = (int)strlen(owner);
		if ((int)strlen(group) > w_group) w_group = (int)strlen(group);
		if ((int)strlen(size) > w_size) w_size = (int)strlen(size);
		return;
	}
	printf("%s %*lu %-*s %-*s %*s %s %2d %02d:%02d %s", mode, w_link, st->st_nlink, w_owner, owner, w_group, group, w_size, size,
	       mon[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, name);
	if (S_ISLNK(st->st_mode)) {
		char buf[4096];
		ssize_t n = readlink(path, buf, sizeof(buf) - 1);
		if (n >= 0) {
			buf[n] = 0;
			printf(" -> %s", buf);
		}
	}
	putchar('\n');
}

static void print_names(char **names, int n, const char *dir)
{
	if (opt_l) {
		long total = 0;
		struct stat *sts = calloc(n ? n : 1, sizeof(struct stat));
		for (int i = 0; i < n; i++) {
			char path[4096];
			if (dir)
				snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			else
				snprintf(path, sizeof(path), "%s", names[i]);
			lstat(path, &sts[i]);
			total += sts[i].st_blocks;
		}
		w_link = w_owner = w_group = w_size = 1;
		for (int i = 0; i < n; i++)
			long_entry(0, names[i], &sts[i]);
		if (dir)
			printf("total %ld\n", total / 2);
		for (int i = 0; i < n; i++) {
			char path[4096];
			if (dir)
				snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			else
				snprintf(path, sizeof(path), "%s", names[i]);
			long_entry(path, names[i], &sts[i]);
		}
		free(sts);
		return;
	}
	if (opt_1 || !isatty(1)) {
		for (int i = 0; i < n; i++)
			puts(names[i]);
		return;
	}
	/* columns, filled down like ls */
	struct winsize ws;
	int width = 80, maxw = 0;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		width = ws.ws_col;
	for (int i = 0; i < n; i++)
		if ((int)strlen(names[i]) > maxw)
			maxw = (int)strlen(names[i]);
	int colw = maxw + 2, cols = width / colw;
	if (cols < 1)
		cols = 1;
	int rows = (n + cols - 1) / cols;
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			int i = c * rows + r;
			if (i >= n)
				break;
			if ((c + 1) * rows + r >= n)
				fputs(names[i], stdout);
			else
				printf("%-*s", colw, names[i]);
		}
		putchar('\n');
	}
}

static int list_dir(const char *path, int header)
{
	if (header) {
		printf("%s%s:\n", printed ? "\n" : "", path);
		printed = 1;
	}
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", path, strerror(errno));
		return 2;
	}
	char **names = 0;
	int n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && !opt_a)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(char *));
		}
		names[n++] = strdup(de->d_name);
	}
	qsort(names, n, sizeof(char *), cmp);
	/* the directory stays open while its entries are looked at, as coreutils' (ls -l /proc/self/fd shows it) */
	print_names(names, n, path);
	closedir(d);
	printed = 1;
	int st = 0;
	for (int i = 0; i < n; i++) {
		if (opt_R && strcmp(names[i], ".") && strcmp(names[i], "..")) {
			size_t pl = strlen(path);
			char *sub = malloc(pl + strlen(names[i]) + 2);
			sprintf(sub, pl && path[pl - 1] == '/' ? "%s%s" : "%s/%s", path, names[i]);
			struct stat sb;
			if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode) && list_dir(sub, 1))
				st = 2;
			free(sub);
		}
		free(names[i]);
	}
	free(names);
	return st;
}

int main(int argc, char **argv)
{
	int c, st = 0;
	while ((c = getopt(argc, argv, "la1dAR")) != -1) {
		switch (c) {
		case 'l': opt_l = 1; break;
		case 'a': case 'A': opt_a = 1; break;
		case '1': opt_1 = 1; break;
		case 'd': opt_d = 1; break;
		case 'R': opt_R = 1; break;
		default:
			fprintf(stderr, "Usage: ls [-la1dR] [FILE...]\n");
			return 2;
		}
	}
	if (opt_d)
		opt_R = 0;
	if (optind >= argc)
		return list_dir(".", opt_R);
	char **files = malloc(argc * sizeof(char *)), **dirs = malloc(argc * sizeof(char *));
	int nf = 0, nd = 0;
	for (int i = optind; i < argc; i++) {
		struct stat sb;
		if (lstat(argv[i], &sb) < 0) {
			fprintf(stderr, "ls: cannot access '%s': %s\n", argv[i], strerror(errno));
			st = 2;
			continue;
		}
		if (S_ISLNK(sb.st_mode) && !opt_l && stat(argv[i], &sb) < 0)
			sb.st_mode = S_IFLNK;
		if (S_ISDIR(sb.st_mode) && !opt_d)
			dirs[nd++] = argv[i];
		else
			files[nf++] = argv[i];
	}
	qsort(files, nf, sizeof(char *), cmp);
	qsort(dirs, nd, sizeof(char *), cmp);
	if (nf) {
		print_names(files, nf, 0);
		printed = 1;
	}
	for (int i = 0; i < nd; i++)
		if (list_dir(dirs[i], nf || nd > 1 || st || opt_R))
			st = 2;
	return st;
}
