/*
 * ps: list processes from /proc/<pid>/stat:
 *   "  PID TTY          TIME CMD"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

static void tty_name(unsigned long nr, char *buf, size_t n)
{
	unsigned maj = (nr >> 8) & 0xfff, min = (nr & 0xff) | ((nr >> 12) & 0xfff00);
	if (nr == 0)
		snprintf(buf, n, "?");
	else if (maj == 4 && min >= 64)
		snprintf(buf, n, "ttyS%u", min - 64);
	else if (maj == 4)
		snprintf(buf, n, "tty%u", min);
	else if (maj >= 136 && maj <= 143)
		snprintf(buf, n, "pts/%u", (maj - 136) * 256 + min);
	else if (maj == 5 && min == 1)
		snprintf(buf, n, "console");
	else
		snprintf(buf, n, "%u,%u", maj, min);
}

int main(void)
{
	DIR *d = opendir("/proc");
	if (!d) {
		perror("ps: /proc");
		return 1;
	}
	int *pids = 0, n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			pids = realloc(pids, cap * sizeof(int));
		}
		pids[n++] = (int)pid;
	}
	closedir(d);
	qsort(pids, n, sizeof(int), cmp);
	long hz = 100;
	printf("  PID TTY          TIME CMD\n");
	for (int i = 0; i < n; i++) {
		char path[64], buf[1024];
		snprintf(path, sizeof(path), "/proc/%d/stat", pids[i]);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		ssize_t len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = 0;
		/* pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime */
		char *l = strchr(buf, '('), *r = strrchr(buf, ')');
		if (!l || !r)
			continue;
		*r = 0;
		char *comm = l + 1;
		unsigned long f[16] = { 0 };
		char *p = r + 2;
		int k = 0;
		p = strchr(p, ' '); /* skip state */
		while (p && k < 16) {
			f[k++] = strtoul(p + 1, &p, 10);
			if (*p != ' ')
				break;
		}
		/* f: 0 ppid 1 pgrp 2 session 3 tty 4 tpgid 5 flags 6..9 faults 10 utime 11 stime */
		char tty[32];
		tty_name(f[3], tty, sizeof(tty));
		unsigned long secs = (f[10] + f[11]) / hz;
		printf("%5d %-8s %02lu:%02lu:%02lu %s\n", pids[i], tty, secs / 3600, secs / 60 % 60, secs % 60, comm);
	}
	return 0;
}
