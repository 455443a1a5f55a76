/*
 * slabtop: kernel slab cache information from /proc/slabinfo, as
 * procps-ng 4.0's slabtop prints it:
 *
 *   slabtop [-o] [-d SECS] [-s a|b|c|l|v|n|o|p|s|u]
 *
 * Five summary lines (objects, slabs, caches with active objects, sizes
 * in KiB, the smallest, average and largest object), an empty line, then
 * one row per cache: OBJS ACTIVE USE OBJ SIZE SLABS OBJ/SLAB CACHE SIZE
 * NAME, sorted by the key (objects by default, largest first; n sorts by
 * name; ties stay in the file's order). -o prints once; otherwise the screen is redrawn every SECS (3)
 * seconds until interrupted, cut to the terminal's height. An unknown
 * sort key is ignored as procps does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/ioctl.h>

struct cache {
	char name[64];
	unsigned long active, objs, size, per_slab, pages, active_slabs, slabs;
	int idx;	/* the order of /proc/slabinfo: ties keep it (procps's sort is stable) */
};

static char sort_key = 'o';

static unsigned long long key(const struct cache *c)
{
	switch (sort_key) {
	case 'a': return c->active;
	case 'b': return c->per_slab;
	case 'c': return (unsigned long long)c->slabs * c->pages * 4;
	case 'l': return c->slabs;
	case 'v': return c->active_slabs;
	case 'p': return c->pages;
	case 's': return c->size;
	case 'u': return c->objs ? c->active * 100 / c->objs : 0;
	}
	return c->objs;
}

static int cmp(const void *a, const void *b)
{
	const struct cache *x = a, *y = b;
	if (sort_key == 'n')
		return strcmp(x->name, y->name);
	unsigned long long p = key(x), q = key(y);
	return p < q ? 1 : p > q ? -1 : x->idx - y->idx;
}

/* v / 100 as "%.2f" and v / 10 as "%.1f" */
static void hundredths(char *o, size_t n, unsigned long long v) { snprintf(o, n, "%llu.%02llu", v / 100, v % 100); }
static void tenths(char *o, size_t n, unsigned long long v) { snprintf(o, n, "%llu.%llu", v / 10, v % 10); }

/* n / d rounded to nearest, ties to even: what printf's %.Nf does with the exact binary quotient */
static unsigned long long rdiv(unsigned long long n, unsigned long long d)
{
	unsigned long long q = n / d, r = n % d;
	return q + (r * 2 > d || (r * 2 == d && (q & 1)));
}

static unsigned long long ratio10(unsigned long long a, unsigned long long b)
{
	return b ? rdiv(a * 1000, b) : 0;
}

static int frame(int rows)
{
	static char buf[1 << 16];
	static struct cache caches[1024];
	int fd = open("/proc/slabinfo", O_RDONLY), n = 0, len = 0, r;
	unsigned long long aobjs = 0, objs = 0, aslabs = 0, slabs = 0, asize = 0, tsize = 0, minsz = ~0ULL, maxsz = 0;
	int acaches = 0;
	char a[32], b[32], c[32];

	if (fd < 0) {
		perror("fopen /proc/slabinfo");
		return 1;
	}
	while (len < (int)sizeof(buf) - 1 && (r = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += r;
	close(fd);
	buf[len] = 0;
	for (char *line = strtok(buf, "\n"); line && n < 1024; line = strtok(NULL, "\n")) {
		struct cache *k = &caches[n];
		char *p = line, *end;
		if (!strncmp(line, "slabinfo", 8) || line[0] == '#')
			continue;
		size_t w = strcspn(p, " ");
		snprintf(k->name, sizeof(k->name), "%.*s", (int)w, p);
		p += w;
		k->idx = n;
		k->active = strtoul(p, &p, 10);
		k->objs = strtoul(p, &p, 10);
		k->size = strtoul(p, &p, 10);
		k->per_slab = strtoul(p, &p, 10);
		k->pages = strtoul(p, &p, 10);
		p = strstr(p, "slabdata");
		if (!p)
			continue;
		k->active_slabs = strtoul(p + 8, &end, 10);
		k->slabs = strtoul(end, &end, 10);
		aobjs += k->active;
		objs += k->objs;
		aslabs += k->active_slabs;
		slabs += k->slabs;
		asize += (unsigned long long)k->active * k->size;
		tsize += (unsigned long long)k->objs * k->size;
		if (k->size < minsz)
			minsz = k->size;
		if (k->size > maxsz)
			maxsz = k->size;
		if (k->active)
			acaches++;
		n++;
	}
	if (!n)
		minsz = 0;
	qsort(caches, n, sizeof(caches[0]), cmp);
	tenths(a, sizeof(a), ratio10(aobjs, objs));
	printf(" Active / Total Objects (%% used)    : %llu / %llu (%s%%)\n", aobjs, objs, a);
	tenths(a, sizeof(a), ratio10(aslabs, slabs));
	printf(" Active / Total Slabs (%% used)      : %llu / %llu (%s%%)\n", aslabs, slabs, a);
	tenths(a, sizeof(a), ratio10(acaches, n));
	printf(" Active / Total Caches (%% used)     : %d / %d (%s%%)\n", acaches, n, a);
	hundredths(a, sizeof(a), rdiv(asize * 100, 1024));
	hundredths(b, sizeof(b), rdiv(tsize * 100, 1024));
	tenths(c, sizeof(c), ratio10(asize, tsize));
	printf(" Active / Total Size (%% used)       : %sK / %sK (%s%%)\n", a, b, c);
	hundredths(a, sizeof(a), rdiv(minsz * 100, 1024));
	hundredths(b, sizeof(b), objs ? rdiv(tsize / objs * 100, 1024) : 0);	/* procps: whole bytes first */
	hundredths(c, sizeof(c), rdiv(maxsz * 100, 1024));
	printf(" Minimum / Average / Maximum Object : %sK / %sK / %sK\n\n", a, b, c);
	printf("%-78s\n", "  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME");
	for (int i = 0; i < n && (rows <= 0 || i < rows - 7); i++) {
		struct cache *k = &caches[i];
		hundredths(a, sizeof(a), rdiv(k->size * 100ULL, 1024));
		printf("%6lu %6lu %3lu%% %7sK %6lu %8lu %9luK %-23s\n", k->objs, k->active, k->objs ? k->active * 100 / k->objs : 0,
		       a, k->slabs, k->per_slab, k->slabs * k->pages * 4, k->name);
	}
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	int once = 0, delay = 3;
	for (int i = 1; i < argc; i++) {
		char *s = argv[i];
		if (!strcmp(s, "-o") || !strcmp(s, "--once")) {
			once = 1;
		} else if (!strcmp(s, "-s") || !strcmp(s, "--sort") || !strncmp(s, "-s", 2) || !strcmp(s, "-d") ||
			   !strcmp(s, "--delay") || !strncmp(s, "-d", 2)) {
			int is_sort = s[1] == 's' || s[2] == 's';
			const char *v = (s[1] != '-' && s[2]) ? s + 2 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v) {
				fprintf(stderr, "slabtop: option requires an argument -- '%c'\n", is_sort ? 's' : 'd');
				return 1;
			}
			if (is_sort) {
				sort_key = *v;
			} else {
				char *end;
				delay = (int)strtol(v, &end, 10);
				if (*end || delay < 0) {
					fprintf(stderr, "slabtop: illegal delay\n");
					return 1;
				}
			}
		} else if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
			fputs("\nUsage:\n slabtop [options]\n\nOptions:\n"
			      " -d, --delay <secs>  delay updates\n"
			      " -o, --once          only display once, then exit\n"
			      " -s, --sort <char>   specify sort criteria by character (see below)\n\n"
			      " -h, --help     display this help and exit\n"
			      " -V, --version  output version information and exit\n\n"
			      "The following are valid sort criteria:\n"
			      " a: sort by number of active objects\n b: sort by objects per slab\n c: sort by cache size\n"
			      " l: sort by number of slabs\n v: sort by (non display) number of active slabs\n n: sort by name\n"
			      " o: sort by number of objects (the default)\n p: sort by (non display) pages per slab\n"
			      " s: sort by object size\n u: sort by cache utilization\n\n"
			      "For more details see slabtop(1).\n", stdout);
			return 0;
		} else if (!strcmp(s, "-V") || !strcmp(s, "--version")) {
			puts("slabtop from procps-ng 4.0.2");
			return 0;
		} else {
			fprintf(stderr, "slabtop: invalid option -- '%c'\n", s[1] ? s[1] : s[0]);
			return 1;
		}
	}
	if (once || !isatty(1))
		return frame(0);
	for (;;) {
		struct winsize ws = { 0 };
		ioctl(1, TIOCGWINSZ, &ws);
		fputs("\033[H\033[2J", stdout);
		if (frame(ws.ws_row))
			return 1;
		sleep(delay);
	}
}
