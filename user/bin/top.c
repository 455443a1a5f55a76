/*
 * top: the tasks and the system summary, as procps-ng 4.0's top prints
 * them in batch mode (and, on a terminal without -b, the same frames
 * redrawn from the top of the screen until interrupted):
 *
 *   top [-b] [-n ITERATIONS] [-d SECS[.TENTHS]] [-p PID,...] [-u|-U USER]
 *       [-o FIELD] [-c] [-i] [-w [COLUMNS]]
 *
 * A frame is five summary lines (uptime and load average; Tasks by state:
 * sleeping counts S, D and I; %Cpu(s) from /proc/stat; MiB Mem and MiB
 * Swap from /proc/meminfo, used = total - available as procps 4.0
 * computes it), an empty line, and the task table: PID USER PR NI VIRT
 * RES SHR S %CPU %MEM TIME+ COMMAND, from /proc/PID/{stat,statm}. CPU
 * shares are over the interval since the previous frame; before the first
 * one top samples, waits 0.1 s (virtual time here) and samples again, as
 * procps does, so the first frame shows what ran during that tenth.
 * Frames are separated by an empty line. Tasks are sorted by %CPU (or -o FIELD), highest first, ties by PID.
 * Lines are cut to the width (80 in batch mode, else the terminal's;
 * COLUMNS or -w override; task rows one column less) with '+' marking a
 * cut command. Memory columns
 * are KiB, scaled to m/g/t/p with one decimal when a value does not fit.
 * Exit status 0; a bad argument is top's one-line message and status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <time.h>
#include <sys/ioctl.h>
#include <procfs.h>

#define HZ 100	/* USER_HZ */
#define MAXTASKS 4096

struct task {
	int pid, prio, nice, seen;
	char state, comm[64], cmdline[512];
	unsigned long long ticks, delta;	/* utime + stime; ticks since the previous frame */
	unsigned long virt_kb, res_kb, shr_kb;
};

struct cpu {
	unsigned long long v[8];	/* user nice system idle iowait irq softirq steal */
};

enum { SORT_CPU, SORT_MEM, SORT_PID, SORT_TIME, SORT_RES, SORT_VIRT, SORT_COMM, SORT_NI, SORT_PR };

static struct task tasks[MAXTASKS], prev_tasks[MAXTASKS];
static int ntasks, nprev;
static struct cpu cpu_now, cpu_prev;
static unsigned long long mem_total;
static int width = 80, sort_key = SORT_CPU, show_cmdline, hide_idle;
static int pids[64], npids;

static int read_task(int pid, struct task *t)
{
	char path[64], buf[4096];
	int n;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	char *l = strchr(buf, '('), *r = strrchr(buf, ')'), *q;
	if (!l || !r || r[1] != ' ')
		return -1;
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	snprintf(t->comm, sizeof(t->comm), "%.*s", (int)(r - l - 1), l + 1);
	t->state = r[2];
	unsigned long long f[24] = { 0 };
	q = r + 3;
	for (int i = 4; i < 24 && *q; i++) {
		f[i] = strtoull(q, &q, 10);
		while (*q == ' ')
			q++;
	}
	t->ticks = f[14] + f[15];
	t->prio = (int)(long long)f[18];
	t->nice = (int)(long long)f[19];
	snprintf(path, sizeof(path), "/proc/%d/statm", pid);
	if (read_file(path, buf, sizeof(buf)) > 0) {
		unsigned long size = 0, res = 0, shr = 0;
		char *p = buf;
		size = strtoul(p, &p, 10);
		res = strtoul(p, &p, 10);
		shr = strtoul(p, &p, 10);
		t->virt_kb = size * 4;
		t->res_kb = res * 4;
		t->shr_kb = shr * 4;
	}
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	n = read_file(path, t->cmdline, sizeof(t->cmdline));
	for (int i = 0; i < n; i++)
		if (!t->cmdline[i])
			t->cmdline[i] = ' ';
	while (n > 0 && t->cmdline[n - 1] == ' ')
		t->cmdline[--n] = 0;
	return 0;
}

static void read_cpu(struct cpu *c)
{
	char buf[4096], *p;
	memset(c, 0, sizeof(*c));
	if (read_file("/proc/stat", buf, sizeof(buf)) > 0 && (p = strstr(buf, "cpu "))) {
		p += 4;
		for (int i = 0; i < 8; i++)
			c->v[i] = strtoull(p, &p, 10);
	}
}

static int wanted(int pid)
{
	if (!npids)
		return 1;
	for (int i = 0; i < npids; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

static void read_tasks(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	memcpy(prev_tasks, tasks, sizeof(tasks[0]) * ntasks);
	nprev = ntasks;
	ntasks = 0;
	if (!d)
		return;
	while ((e = readdir(d)) && ntasks < MAXTASKS) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		struct task *t = &tasks[ntasks];
		if (*end || pid <= 0 || !wanted((int)pid) || read_task((int)pid, t))
			continue;
		t->delta = t->ticks;
		for (int i = 0; i < nprev; i++)
			if (prev_tasks[i].pid == t->pid) {
				t->delta = t->ticks - prev_tasks[i].ticks;
				break;
			}
		ntasks++;
	}
	closedir(d);
}

static unsigned long long uptime_cs(void)
{
	char buf[128], *p;
	unsigned long long s, cs = 0;
	if (read_file("/proc/uptime", buf, sizeof(buf)) <= 0)
		return 0;
	s = strtoull(buf, &p, 10);
	if (*p == '.')
		cs = strtoull(p + 1, NULL, 10);
	return s * 100 + cs;
}

/* tenths as "%*.1f" */
static void tenths(char *out, size_t n, int w, unsigned long long t)
{
	snprintf(out, n, "%*llu.%llu", w - 2, t / 10, t % 10);
}

/* kb / 1024 in tenths, rounded as printf's %.1f rounds the exact binary quotient (ties to even) */
static unsigned long long mib_tenths(unsigned long long kb)
{
	unsigned long long q = kb * 10 / 1024, r = kb * 10 % 1024;
	return q + (r > 512 || (r == 512 && (q & 1)));
}

/* a memory column: KiB if it fits, else the first larger unit that fits with one decimal (top's scale_mem) */
static void mem_col(char *out, size_t n, int w, unsigned long kb)
{
	static const char units[] = "mgtpe";
	unsigned long long div = 1;
	char s[32];
	snprintf(s, sizeof(s), "%lu", kb);
	for (int u = 0; (int)strlen(s) > w && units[u]; u++) {
		unsigned long long t;
		div *= 1024;
		t = (kb * 10ULL + div / 2) / div;	/* tenths of the unit */
		snprintf(s, sizeof(s), "%llu.%llu%c", t / 10, t % 10, units[u]);
	}
	snprintf(out, n, "%*s", w, s);
}

static unsigned long long elapsed;	/* centiseconds the frame covers */

static unsigned long pcpu_tenths(const struct task *t)
{
	return elapsed ? (unsigned long)(t->delta * 1000 / elapsed) : 0;
}

static unsigned long pmem_tenths(const struct task *t)
{
	return mem_total ? (unsigned long)(t->res_kb * 1000ULL / mem_total) : 0;
}

static int cmp_task(const void *a, const void *b)
{
	const struct task *x = a, *y = b;
	long long d = 0;
	switch (sort_key) {
	case SORT_CPU: d = (long long)pcpu_tenths(y) - (long long)pcpu_tenths(x); break;
	case SORT_MEM: d = (long long)y->res_kb - (long long)x->res_kb; break;
	case SORT_RES: d = (long long)y->res_kb - (long long)x->res_kb; break;
	case SORT_VIRT: d = (long long)y->virt_kb - (long long)x->virt_kb; break;
	case SORT_TIME: d = (long long)y->ticks - (long long)x->ticks; break;
	case SORT_PID: d = y->pid - x->pid; break;
	case SORT_NI: d = y->nice - x->nice; break;
	case SORT_PR: d = y->prio - x->prio; break;
	case SORT_COMM: d = strcmp(y->comm, x->comm); break;
	}
	if (d)
		return d < 0 ? -1 : 1;
	return x->pid - y->pid;
}

/* a line cut to w columns, its last one a '+' when something was cut */
static void put_cut(const char *s, int w)
{
	int n = (int)strlen(s);
	if (n > w)
		printf("%.*s+\n", w - 1, s);
	else
		printf("%s\n", s);
}

static void put_line(const char *s)
{
	put_cut(s, width);
}

static void summary(void)
{
	char buf[8192], line[256], la[64] = "0.00, 0.00, 0.00";
	unsigned long long up = uptime_cs() / 100, d[8], total = 0;
	int running = 0, sleeping = 0, stopped = 0, zombie = 0;
	time_t now = time(NULL);
	struct tm tm;
	size_t l;

	if (read_file("/proc/loadavg", buf, sizeof(buf)) > 0) {
		char *a = strtok(buf, " "), *b = strtok(NULL, " "), *c = strtok(NULL, " ");
		if (a && b && c)
			snprintf(la, sizeof(la), "%s, %s, %s", a, b, c);
	}
	gmtime_r(&now, &tm);
	l = snprintf(line, sizeof(line), "top - %02d:%02d:%02d up ", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (up / 86400)
		l += snprintf(line + l, sizeof(line) - l, "%llu %s, ", up / 86400, up / 86400 > 1 ? "days" : "day");
	if (up / 3600 % 24)
		l += snprintf(line + l, sizeof(line) - l, "%2llu:%02llu, ", up / 3600 % 24, up / 60 % 60);
	else
		l += snprintf(line + l, sizeof(line) - l, "%llu min, ", up / 60 % 60);
	snprintf(line + l, sizeof(line) - l, "%2d %s,  load average: %s", 0, "user", la);
	put_line(line);

	for (int i = 0; i < ntasks; i++) {
		switch (tasks[i].state) {
		case 'R': running++; break;
		case 'T': case 't': stopped++; break;
		case 'Z': zombie++; break;
		default: sleeping++; break;
		}
	}
	snprintf(line, sizeof(line), "Tasks:%4d total,%4d running,%4d sleeping,%4d stopped,%4d zombie", ntasks, running,
		 sleeping, stopped, zombie);
	put_line(line);

	for (int i = 0; i < 8; i++) {
		d[i] = cpu_now.v[i] - cpu_prev.v[i];
		total += d[i];
	}
	{
		static const int order[8] = { 0, 2, 1, 3, 4, 5, 6, 7 };	/* us sy ni id wa hi si st */
		static const char *const names[8] = { "us", "sy", "ni", "id", "wa", "hi", "si", "st" };
		l = snprintf(line, sizeof(line), "%%Cpu(s):");
		for (int i = 0; i < 8; i++) {
			char v[16];
			unsigned long long t = total ? (d[order[i]] * 1000 + total / 2) / total : (order[i] == 3 ? 1000 : 0);
			tenths(v, sizeof(v), 5, t);
			l += snprintf(line + l, sizeof(line) - l, "%s %s%s", v, names[i], i < 7 ? "," : " ");
		}
		put_line(line);
	}

	if (read_file("/proc/meminfo", buf, sizeof(buf)) > 0) {
		unsigned long long free_kb = proc_field(buf, "MemFree:"), avail = proc_field(buf, "MemAvailable:");
		unsigned long long cache = proc_field(buf, "Buffers:") + proc_field(buf, "Cached:") + proc_field(buf, "SReclaimable:");
		unsigned long long st = proc_field(buf, "SwapTotal:"), sf = proc_field(buf, "SwapFree:");
		char a[16], b[16], c[16], e[16];
		mem_total = proc_field(buf, "MemTotal:");
		tenths(a, sizeof(a), 9, mib_tenths(mem_total));
		tenths(b, sizeof(b), 9, mib_tenths(free_kb));
		tenths(c, sizeof(c), 9, mib_tenths(mem_total - avail));
		tenths(e, sizeof(e), 9, mib_tenths(cache));
		snprintf(line, sizeof(line), "MiB Mem :%s total,%s free,%s used,%s buff/cache     ", a, b, c, e);
		put_line(line);
		tenths(a, sizeof(a), 9, mib_tenths(st));
		tenths(b, sizeof(b), 9, mib_tenths(sf));
		tenths(c, sizeof(c), 9, mib_tenths(st - sf));
		tenths(e, sizeof(e), 9, mib_tenths(avail));
		snprintf(line, sizeof(line), "MiB Swap:%s total,%s free,%s used.%s avail Mem ", a, b, c, e);
		put_line(line);
	}
}

static void task_table(void)
{
	char line[1024], virt[16], res[16], shr[16], pc[16], pm[16], tm[16], pr[8];
	qsort(tasks, ntasks, sizeof(tasks[0]), cmp_task);
	put_line("");
	put_line("  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND");
	for (int i = 0; i < ntasks; i++) {
		struct task *t = &tasks[i];
		unsigned long long cs = t->ticks;
		if (hide_idle && !t->delta && t->state != 'R')
			continue;
		mem_col(virt, sizeof(virt), 7, t->virt_kb);
		mem_col(res, sizeof(res), 6, t->res_kb);
		mem_col(shr, sizeof(shr), 6, t->shr_kb);
		tenths(pc, sizeof(pc), 5, pcpu_tenths(t));
		tenths(pm, sizeof(pm), 5, pmem_tenths(t));
		snprintf(tm, sizeof(tm), "%llu:%02llu.%02llu", cs / 6000, cs / 100 % 60, cs % 100);
		if (t->prio < -99)
			snprintf(pr, sizeof(pr), "rt");
		else
			snprintf(pr, sizeof(pr), "%d", t->prio);
		snprintf(line, sizeof(line), "%5d %-8s %3s %3d %s %s %s %c %s %s %9s ", t->pid, "root", pr, t->nice, virt,
			 res, shr, t->state, pc, pm, tm);
		if (show_cmdline && t->cmdline[0])
			strncat(line, t->cmdline, sizeof(line) - strlen(line) - 1);
		else if (show_cmdline)
			snprintf(line + strlen(line), sizeof(line) - strlen(line), "[%s]", t->comm);
		else
			strncat(line, t->comm, sizeof(line) - strlen(line) - 1);
		put_cut(line, width - 1);	/* task rows leave the last column free, as top's */
	}
}

/* SECS[.TENTHS] as tenths of a second */
static long parse_delay(const char *s)
{
	char *end;
	long secs = strtol(s, &end, 10), t = 0;
	if (end == s && *s != '.')
		return -1;
	if (*end == '.') {
		char *e2;
		if (end[1]) {
			t = strtol(end + 1, &e2, 10);
			if (*e2 || e2 == end + 1)
				return -1;
			while (t >= 10)
				t /= 10;
		}
	} else if (*end) {
		return -1;
	}
	return secs < 0 ? -1 : secs * 10 + t;
}

static void help(void)
{
	fputs("\nUsage:\n top [options]\n\nOptions:\n"
	      " -b, --batch-mode                run in non-interactive batch mode\n"
	      " -c, --cmdline-toggle            reverse last remembered 'c' state\n"
	      " -d, --delay =SECS [.TENTHS]     iterative delay as SECS [.TENTHS]\n"
	      " -i, --idle-toggle               reverse last remembered 'i' state\n"
	      " -n, --iterations =NUMBER        exit on maximum iterations NUMBER\n"
	      " -o, --sort-override =FIELD      force sorting on this named FIELD\n"
	      " -p, --pid =PIDLIST              monitor only the tasks in PIDLIST\n"
	      " -U, --filter-any-user =USER     show only processes owned by USER\n"
	      " -u, --filter-only-euser =USER   show only processes owned by USER\n"
	      " -w, --width [=COLUMNS]          change print width [,use COLUMNS]\n\n"
	      " -h, --help                      display this help text, then exit\n"
	      " -V, --version                   output version information & exit\n\n"
	      "For more details see top(1).\n", stdout);
	exit(0);
}

static void fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "top: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

int main(int argc, char **argv)
{
	static const char *const keys[] = { "%CPU", "%MEM", "PID", "TIME+", "RES", "VIRT", "COMMAND", "NI", "PR" };
	long iterations = -1, delay = 30;
	int batch = 0, user_filter = 0, interactive;
	const char *cols = getenv("COLUMNS");

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (a[0] != '-') {
			fprintf(stderr, "top: unknown option '%s'\n", a);
			return 1;
		}
		if (a[1] == '-') {
			static const char *const longs[][2] = {
				{ "--batch-mode", "b" }, { "--cmdline-toggle", "c" }, { "--delay", "d" }, { "--idle-toggle", "i" },
				{ "--iterations", "n" }, { "--sort-override", "o" }, { "--pid", "p" }, { "--filter-any-user", "U" },
				{ "--filter-only-euser", "u" }, { "--width", "w" }, { "--help", "h" }, { "--version", "V" },
			};
			const char *sh = NULL, *eq = strchr(a, '=');
			size_t nl = eq ? (size_t)(eq - a) : strlen(a);
			for (unsigned k = 0; k < sizeof(longs) / sizeof(longs[0]); k++)
				if (strlen(longs[k][0]) == nl && !strncmp(a, longs[k][0], nl))
					sh = longs[k][1];
			if (!sh) {
				printf("\n");
				fflush(stdout);
				fprintf(stderr, "top: unrecognized option '%s'\n", a);
				return 0;
			}
			static char buf[256];
			snprintf(buf, sizeof(buf), "-%s%s", sh, eq ? eq + 1 : "");
			a = buf;
		}
		for (char *c = a + 1; *c; c++) {
			const char *v = NULL;
			if (strchr("dnopUuw", *c)) {
				v = c[1] ? c + 1 : NULL;
				if (!v && *c != 'w')
					v = i + 1 < argc ? argv[++i] : NULL;
				else if (!v && i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9')
					v = argv[++i];
				if (!v && *c != 'w') {
					printf("\n");
					fflush(stdout);
					fprintf(stderr, "top: option requires an argument -- '%c'\n", *c);
					return 0;
				}
			}
			switch (*c) {
			case 'b': batch = 1; break;
			case 'c': show_cmdline = 1; break;
			case 'i': hide_idle = 1; break;
			case 'h': help(); break;
			case 'V': puts("top from procps-ng 4.0.2"); return 0;
			case 'd':
				if ((delay = parse_delay(v)) < 0)
					fail("bad delay interval '%s'", v);
				break;
			case 'n': {
				char *end;
				iterations = strtol(v, &end, 10);
				if (*end || end == v || iterations < 0)
					fail("bad iterations argument '%s'", v);
				break;
			}
			case 'o': {
				const char *f = *v == '+' || *v == '-' ? v + 1 : v;
				int k = -1;
				for (unsigned j = 0; j < sizeof(keys) / sizeof(keys[0]); j++)
					if (!strcmp(f, keys[j]))
						k = (int)j;
				if (k < 0)
					fail("unrecognized field name '%s'", f);
				sort_key = k;
				break;
			}
			case 'p': {
				char *s = strdup(v), *save, *t;
				for (t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
					char *end;
					long p = strtol(t, &end, 10);
					if (*end || p <= 0)
						fail("bad pid '%s'", t);
					if (npids < 64)
						pids[npids++] = (int)p;
				}
				break;
			}
			case 'U': case 'u':
				if (strcmp(v, "root") && strcmp(v, "0"))
					fail("%s", "Invalid user");
				user_filter = 1;
				break;
			case 'w':
				if (v) {
					width = atoi(v);
					if (width < 80 || width > 512)
						fail("bad width arg '%s'", v);
				} else {
					width = 512;
				}
				cols = NULL;
				break;
			default:
				printf("\n");
				fflush(stdout);
				fprintf(stderr, "top: invalid option -- '%c'\n", *c);
				return 0;
			}
			if (v)
				break;
		}
	}
	(void)user_filter;
	interactive = !batch && isatty(1);
	if (interactive) {
		struct winsize ws;
		if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
			width = ws.ws_col;
	}
	if (cols && atoi(cols) > 0)
		width = atoi(cols);
	if (iterations == 0)
		iterations = 1;

	/* prime the pump: a first sample and a tenth of a second, as top does before its first frame */
	unsigned long long t0 = uptime_cs(), t1;
	read_cpu(&cpu_now);
	read_tasks();
	usleep(100000);
	for (long frame = 0; iterations < 0 || frame < iterations; frame++) {
		if (frame)
			usleep(delay * 100000);
		cpu_prev = cpu_now;
		read_cpu(&cpu_now);
		read_tasks();
		t1 = uptime_cs();
		elapsed = t1 > t0 ? t1 - t0 : 1;
		t0 = t1;
		if (interactive)
			fputs("\033[H\033[2J", stdout);
		else if (frame)
			putchar('\n');
		summary();
		task_table();
		fflush(stdout);
	}
	return 0;
}
