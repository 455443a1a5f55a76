/* free [-b|-k|-m|-g] [-h] [-t] [-w]: memory usage from /proc/meminfo (procps-ng layout). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long get(const char *buf, const char *key, int *found)
{
	size_t kl = strlen(key);
	for (const char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : 0) {
		if (!strncmp(p, key, kl) && p[kl] == ':') {
			if (found)
				*found = 1;
			return strtoul(p + kl + 1, 0, 10);
		}
	}
	if (found)
		*found = 0;
	return 0;
}

static int shift;	/* bytes = kB << 10 >> shift */
static int human;

static void col(unsigned long kb, int first)
{
	char s[32];
	if (human) {
		const char *units = "KMGTP";
		unsigned long long bytes = (unsigned long long)kb * 1024;
		if (bytes < 1024) {
			snprintf(s, sizeof(s), "%lluB", bytes);
		} else {
			int u = 0;
			unsigned long long unit = 1024;
			while (u < 4 && bytes >= unit * 1024) {
				unit *= 1024;
				u++;
			}
			unsigned long long t = (bytes * 10 + unit / 2) / unit;
			if (t < 100)
				snprintf(s, sizeof(s), "%llu.%llu%ci", t / 10, t % 10, units[u]);
			else
				snprintf(s, sizeof(s), "%llu%ci", bytes / unit, units[u]);
		}
	} else if (shift == 0) {
		snprintf(s, sizeof(s), "%lu", kb * 1024);
	} else {
		snprintf(s, sizeof(s), "%lu", kb >> (shift - 10));
	}
	printf(first ? "%11s" : " %11s", s);
}

int main(int argc, char **argv)
{
	int c, total = 0, wide = 0;
	shift = 10;
	while ((c = getopt(argc, argv, "bkmghtw")) != -1) {
		switch (c) {
		case 'b': shift = 0; break;
		case 'k': shift = 10; break;
		case 'm': shift = 20; break;
		case 'g': shift = 30; break;
		case 'h': human = 1; break;
		case 't': total = 1; break;
		case 'w': wide = 1; break;
		default:
			fprintf(stderr, "Usage: free [-b|-k|-m|-g|-h] [-t] [-w]\n");
			return 1;
		}
	}
	FILE *f = fopen("/proc/meminfo", "r");
	if (!f) {
		fprintf(stderr, "free: Unable to create meminfo structure\n");
		return 1;
	}
	static char buf[16384];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	int have_avail;
	unsigned long mtotal = get(buf, "MemTotal", 0), mfree = get(buf, "MemFree", 0), buffers = get(buf, "Buffers", 0);
	unsigned long cached = get(buf, "Cached", 0) + get(buf, "SReclaimable", 0), shared = get(buf, "Shmem", 0);
	unsigned long avail = get(buf, "MemAvailable", &have_avail);
	unsigned long stotal = get(buf, "SwapTotal", 0), sfree = get(buf, "SwapFree", 0);
	if (!have_avail || avail > mtotal)
		avail = mfree;
	/* procps-ng 4: used is what is not available */
	long used = have_avail ? (long)mtotal - (long)avail : (long)mtotal - (long)mfree - (long)buffers - (long)cached;
	if (used < 0)
		used = (long)mtotal - (long)mfree;
	if (wide)
		printf("               total        used        free      shared     buffers       cache   available\n");
	else
		printf("               total        used        free      shared  buff/cache   available\n");
	printf("%-9s", "Mem:");
	col(mtotal, 1);
	col(used, 0);
	col(mfree, 0);
	col(shared, 0);
	if (wide) {
		col(buffers, 0);
		col(cached, 0);
	} else
		col(buffers + cached, 0);
	col(avail, 0);
	putchar('\n');
	printf("%-9s", "Swap:");
	col(stotal, 1);
	col(stotal - sfree, 0);
	col(sfree, 0);
	putchar('\n');
	if (total) {
		printf("%-9s", "Total:");
		col(mtotal + stotal, 1);
		col(used + stotal - sfree, 0);
		col(mfree + sfree, 0);
		putchar('\n');
	}
	return 0;
}
