/* nproc [--all] [--ignore=N]: number of processing units available. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

#define SYS_sched_getaffinity 204

static int count_all(void)
{
	/* /sys/devices/system/cpu/cpuN directories */
	DIR *d = opendir("/sys/devices/system/cpu");
	int n = 0;
	if (d) {
		struct dirent *de;
		while ((de = readdir(d)))
			if (!strncmp(de->d_name, "cpu", 3) && de->d_name[3] >= '0' && de->d_name[3] <= '9')
				n++;
		closedir(d);
	}
	return n;
}

int main(int argc, char **argv)
{
	int all = 0;
	long ignore = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all"))
			all = 1;
		else if (!strncmp(argv[i], "--ignore=", 9))
			ignore = atol(argv[i] + 9);
		else {
			fprintf(stderr, "nproc: unrecognized option '%s'\nTry 'nproc --help' for more information.\n", argv[i]);
			return 1;
		}
	}
	long n = 0;
	if (all)
		n = count_all();
	if (!n) {
		unsigned long mask[16];
		long r = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
		if (r > 0)
			for (long i = 0; i < r / 8; i++)
				n += __builtin_popcountl(mask[i]);
	}
	if (!n)
		n = count_all();
	if (!n)
		n = 1;
	n -= ignore;
	if (n < 1)
		n = 1;
	printf("%ld\n", n);
	return 0;
}
