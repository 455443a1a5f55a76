/*
 * vmstat: virtual memory statistics, as procps-ng 4.0's vmstat prints them
 * from /proc/stat, /proc/meminfo and /proc/vmstat.
 *
 *   vmstat [-a] [-n] [-w] [-t] [-y] [-S k|K|m|M] [delay [count]]
 *   vmstat -s [-S unit]     the event counter table
 *   vmstat -f               forks since boot
 *
 * The first line reports averages since boot: rates are counts times
 * USER_HZ over the CPU ticks elapsed (procps's Div), and the CPU columns
 * the share of all ticks; every later line, after `delay` seconds (the
 * lab's virtual clock), the same over the interval. us counts user and
 * nice time, sy system, irq and softirq time. Memory is in KiB unless -S
 * says otherwise (k 1000, K 1024, m 10^6, M 2^20 bytes). Without a count,
 * a delay repeats forever; the header comes back every 22 lines unless
 * -n. Event counters /proc/vmstat lacks (this kernel has no swap or block
 * I/O) read as 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <time.h>
#include <procfs.h>

#define HZ 100	/* USER_HZ */
#define HEADER_EVERY 22

struct sample {
	unsigned long long cpu[8];	/* user nice system idle iowait irq softirq steal */
	unsigned long long intr, ctxt, running, blocked, forks, btime;
	unsigned long long pgpgin, pgpgout, pswpin, pswpout;
	unsigned long long mem_total, mem_free, mem_available, buffers, cached, sreclaimable, active, inactive, swap_total, swap_free;
};

static const char usage_text[] =
	"\nUsage:\n vmstat [options] [delay [count]]\n\nOptions:\n"
	" -a, --active           active/inactive memory\n"
	" -f, --forks            number of forks since boot\n"
	" -n, --one-header       do not redisplay header\n"
	" -s, --stats            event counter statistics\n"
	" -S, --unit <char>      define display unit\n"
	" -w, --wide             wide output\n"
	" -t, --timestamp        show timestamp\n"
	" -y, --no-first         skips first line of output\n\n"
	" -h, --help     display this help and exit\n"
	" -V, --version  output version information and exit\n\n"
	"For more details see vmstat(8).\n";

static unsigned long long unit = 1024;
static int active_opt, wide, timestamp;

static void take(struct sample *s)
{
	static char buf[16384];
	memset(s, 0, sizeof(*s));
	if (read_file("/proc/stat", buf, sizeof(buf)) > 0) {
		char *p = strstr(buf, "cpu ");
		if (p) {
			p += 4;
			for (int i = 0; i < 8; i++)
				s->cpu[i] = strtoull(p, &p, 10);
		}
		s->intr = proc_field(buf, "intr ");
		s->ctxt = proc_field(buf, "ctxt ");
		s->running = proc_field(buf, "procs_running ");
		s->blocked = proc_field(buf, "procs_blocked ");
		s->forks = proc_field(buf, "processes ");
		s->btime = proc_field(buf, "btime ");
	}
	if (read_file("/proc/meminfo", buf, sizeof(buf)) > 0) {
		s->mem_total = proc_field(buf, "MemTotal:");
		s->mem_free = proc_field(buf, "MemFree:");
		s->mem_available = proc_field(buf, "MemAvailable:");
		s->buffers = proc_field(buf, "Buffers:");
		s->cached = proc_field(buf, "Cached:");
		s->sreclaimable = proc_field(buf, "SReclaimable:");
		s->active = proc_field(buf, "Active:");
		s->inactive = proc_field(buf, "Inactive:");
		s->swap_total = proc_field(buf, "SwapTotal:");
		s->swap_free = proc_field(buf, "SwapFree:");
	}
	if (read_file("/proc/vmstat", buf, sizeof(buf)) > 0) {
		s->pgpgin = proc_field(buf, "pgpgin ");
		s->pgpgout = proc_field(buf, "pgpgout ");
		s->pswpin = proc_field(buf, "pswpin ");
		s->pswpout = proc_field(buf, "pswpout ");
	}
}

static unsigned long conv(unsigned long long kb)
{
	return (unsigned long)(kb * 1024 / unit);
}

static void header(void)
{
	if (wide)
		printf("--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu----------");
	else
		printf("procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----");
	printf(timestamp ? " -----timestamp-----\n" : "\n");
	if (wide)
		printf(active_opt ? "   r    b         swpd         free        inact       active" :
				    "   r    b         swpd         free         buff        cache");
	else
		printf(active_opt ? " r  b   swpd   free  inact active" : " r  b   swpd   free   buff  cache");
	printf(wide ? "   si   so    bi    bo   in   cs  us  sy  id  wa  st  gu" :
		      "   si   so    bi    bo   in   cs us sy id wa st");
	printf(timestamp ? " %19s\n" : "\n", "UTC");
}

/* one line: the state now and the rates of what changed since prev */
static void line(const struct sample *now, const struct sample *prev)
{
	unsigned long long d[8], div = 0, use, sys, idl, iow, stl, half;
	unsigned long long mem3, mem4;
	for (int i = 0; i < 8; i++) {
		d[i] = now->cpu[i] - prev->cpu[i];
		div += d[i];
	}
	use = d[0] + d[1];
	sys = d[2] + d[5] + d[6];
	idl = d[3];
	iow = d[4];
	stl = d[7];
	if (!div) {
		div = 1;
		idl = 1;
	}
	half = div / 2;
	mem3 = active_opt ? now->inactive : now->buffers;
	mem4 = active_opt ? now->active : now->cached + now->sreclaimable;
	printf(wide ? "%4llu %4llu %12lu %12lu %12lu %12lu" : "%2llu %2llu %6lu %6lu %6lu %6lu", now->running, now->blocked,
	       conv(now->swap_total - now->swap_free), conv(now->mem_free), conv(mem3), conv(mem4));
	printf(" %4u %4u %5u %5u %4u %4u",
	       (unsigned)(((now->pswpin - prev->pswpin) * 4 * HZ + half) / div),
	       (unsigned)(((now->pswpout - prev->pswpout) * 4 * HZ + half) / div),
	       (unsigned)(((now->pgpgin - prev->pgpgin) * HZ + half) / div),
	       (unsigned)(((now->pgpgout - prev->pgpgout) * HZ + half) / div),
	       (unsigned)(((now->intr - prev->intr) * HZ + half) / div),
	       (unsigned)(((now->ctxt - prev->ctxt) * HZ + half) / div));
	printf(wide ? " %3u %3u %3u %3u %3u %3u" : " %2u %2u %2u %2u %2u",
	       (unsigned)((100 * use + half) / div), (unsigned)((100 * sys + half) / div),
	       (unsigned)((100 * idl + half) / div), (unsigned)((100 * iow + half) / div),
	       (unsigned)((100 * stl + half) / div), 0u);
	if (timestamp) {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		printf(" %04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		       tm.tm_min, tm.tm_sec);
	}
	putchar('\n');
	fflush(stdout);
}

static void stats(void)
{
	struct sample s;
	const char *u = unit == 1024 ? "K" : unit == 1000 ? "k" : unit == 1048576 ? "M" : "m";
	take(&s);
	printf("%13lu %s total memory\n", conv(s.mem_total), u);
	printf("%13lu %s used memory\n", conv(s.mem_total - s.mem_available), u);	/* as free's used */
	printf("%13lu %s active memory\n", conv(s.active), u);
	printf("%13lu %s inactive memory\n", conv(s.inactive), u);
	printf("%13lu %s free memory\n", conv(s.mem_free), u);
	printf("%13lu %s buffer memory\n", conv(s.buffers), u);
	printf("%13lu %s swap cache\n", conv(s.cached + s.sreclaimable), u);
	printf("%13lu %s total swap\n", conv(s.swap_total), u);
	printf("%13lu %s used swap\n", conv(s.swap_total - s.swap_free), u);
	printf("%13lu %s free swap\n", conv(s.swap_free), u);
	printf("%13llu non-nice user cpu ticks\n", s.cpu[0]);
	printf("%13llu nice user cpu ticks\n", s.cpu[1]);
	printf("%13llu system cpu ticks\n", s.cpu[2]);
	printf("%13llu idle cpu ticks\n", s.cpu[3]);
	printf("%13llu IO-wait cpu ticks\n", s.cpu[4]);
	printf("%13llu IRQ cpu ticks\n", s.cpu[5]);
	printf("%13llu softirq cpu ticks\n", s.cpu[6]);
	printf("%13llu stolen cpu ticks\n", s.cpu[7]);
	printf("%13llu non-nice guest cpu ticks\n", 0ULL);
	printf("%13llu nice guest cpu ticks\n", 0ULL);
	printf("%13lu %s paged in\n", conv(s.pgpgin), u);
	printf("%13lu %s paged out\n", conv(s.pgpgout), u);
	printf("%13llu pages swapped in\n", s.pswpin);
	printf("%13llu pages swapped out\n", s.pswpout);
	printf("%13llu interrupts\n", s.intr);
	printf("%13llu CPU context switches\n", s.ctxt);
	printf("%13llu boot time\n", s.btime);
	printf("%13llu forks\n", s.forks);
}

/* a positive integer argument, or the procps message and status 1 */
static long number(const char *s, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || end == s) {
		fprintf(stderr, "vmstat: failed to parse argument: '%s'\n", s);
		exit(1);
	}
	if (v < 1 && what) {
		fprintf(stderr, "vmstat: %s must be positive integer\n", what);
		exit(1);
	}
	return v;
}

int main(int argc, char **argv)
{
	struct sample prev, now;
	long delay = 0, count = -1;
	int nargs = 0, one_header = 0, no_first = 0, mode = 0;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			if (nargs == 0)
				delay = number(a, "delay");
			else if (nargs == 1)
				count = number(a, NULL);
			else {
				fputs(usage_text, stderr);
				return 1;
			}
			nargs++;
			continue;
		}
		if (a[1] == '-') {
			static const char *const longs[][2] = {
				{ "--active", "a" }, { "--forks", "f" }, { "--one-header", "n" }, { "--stats", "s" },
				{ "--unit", "S" }, { "--wide", "w" }, { "--timestamp", "t" }, { "--no-first", "y" },
				{ "--help", "h" }, { "--version", "V" },
			};
			const char *sh = NULL;
			for (unsigned k = 0; k < sizeof(longs) / sizeof(longs[0]); k++)
				if (!strcmp(a, longs[k][0]))
					sh = longs[k][1];
			if (!sh) {
				fprintf(stderr, "vmstat: unrecognized option '%s'\n%s", a, usage_text);
				return 1;
			}
			a = (char *)sh - 1;	/* parse the short form below */
		}
		for (char *c = a + 1; *c; c++) {
			const char *v;
			switch (*c) {
			case 'a': active_opt = 1; break;
			case 'f': mode = 'f'; break;
			case 'n': one_header = 1; break;
			case 's': mode = 's'; break;
			case 'w': wide = 1; break;
			case 't': timestamp = 1; break;
			case 'y': no_first = 1; break;
			case 'h': fputs(usage_text, stdout); return 0;
			case 'V': puts("vmstat from procps-ng 4.0.2"); return 0;
			case 'S':
				v = c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : NULL);
				if (!v) {
					fprintf(stderr, "vmstat: option requires an argument -- 'S'\n%s", usage_text);
					return 1;
				}
				if (!strcmp(v, "k"))
					unit = 1000;
				else if (!strcmp(v, "K"))
					unit = 1024;
				else if (!strcmp(v, "m"))
					unit = 1000000;
				else if (!strcmp(v, "M"))
					unit = 1048576;
				else {
					fprintf(stderr, "vmstat: -S requires k, K, m or M (default is KiB)\n");
					return 1;
				}
				goto next;
			default:
				fprintf(stderr, "vmstat: invalid option -- '%c'\n%s", *c, usage_text);
				return 1;
			}
		}
next:;
	}
	if (mode == 's') {
		stats();
		return 0;
	}
	if (mode == 'f') {
		take(&now);
		printf("%13llu forks\n", now.forks);
		return 0;
	}
	if (nargs == 0 || count == 0)
		count = 1;
	memset(&prev, 0, sizeof(prev));
	take(&now);
	header();
	if (!no_first)
		line(&now, &prev);
	for (long n = 1; count < 0 || n < count + no_first; n++) {
		prev = now;
		sleep(delay);
		take(&now);
		if (!one_header && n % HEADER_EVERY == 0)
			header();
		line(&now, &prev);
	}
	return 0;
}
