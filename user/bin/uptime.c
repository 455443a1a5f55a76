/*
 * uptime: how long the system has been running, as procps-ng 4.0's uptime
 * prints it from /proc/uptime and /proc/loadavg:
 *
 *   uptime          " HH:MM:SS up [D day[s], ]{H:MM|M min},  N user,  load average: a, b, c"
 *   uptime -p       "up [N weeks, ][N days, ][N hours, ]N minutes"
 *   uptime -s       "YYYY-MM-DD HH:MM:SS", the time of boot
 *
 * The clock is UTC (the lab has no time zones) and nobody is logged in
 * (no utmp), so the user count is 0, printed "user" as procps does for
 * fewer than two. The load averages are copied from /proc/loadavg, which
 * already has two decimals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <fcntl.h>

static const char usage_text[] =
	"\nUsage:\n uptime [options]\n\nOptions:\n"
	" -p, --pretty   show uptime in pretty format\n"
	" -h, --help     display this help and exit\n"
	" -s, --since    system up since\n"
	" -V, --version  output version information and exit\n\n"
	"For more details see uptime(1).\n";

static int read_file(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY), len;
	if (fd < 0)
		return -1;
	len = read(fd, buf, n - 1);
	close(fd);
	if (len < 0)
		return -1;
	buf[len] = 0;
	return len;
}

/* "Hi, Mi, Si" of a UTC time */
static void clock_of(time_t t, char *out, size_t n, int with_date)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	if (with_date)
		snprintf(out, n, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		snprintf(out, n, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* one "N unit[s]" part of the pretty form, with procps's ", " between parts */
static void part(char *out, size_t n, int *first, long v, const char *unit)
{
	size_t l = strlen(out);
	snprintf(out + l, n - l, "%s%ld %s%s", *first ? "" : ", ", v, unit, v != 1 ? "s" : "");
	*first = 0;
}

int main(int argc, char **argv)
{
	char buf[256], clk[32], line[256];
	long up;
	int mode = 0;	/* 0 plain, 'p' pretty, 's' since */

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-p") || !strcmp(a, "--pretty"))
			mode = 'p';
		else if (!strcmp(a, "-s") || !strcmp(a, "--since"))
			mode = 's';
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			puts("uptime from procps-ng 4.0.2");
			return 0;
		} else if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, "uptime: unrecognized option '%s'\n%s", a, usage_text);
			return 1;
		} else if (a[0] == '-') {
			fprintf(stderr, "uptime: invalid option -- '%c'\n%s", a[1] ? a[1] : '-', usage_text);
			return 1;
		} else {
			fputs(usage_text, stderr);
			return 1;
		}
	}
	if (read_file("/proc/uptime", buf, sizeof(buf)) < 0) {
		perror("uptime: /proc/uptime");
		return 1;
	}
	up = strtol(buf, NULL, 10);
	if (mode == 's') {
		/* now (to the microsecond) - uptime, rounded to a second, as procps-ng's print_uptime_since */
		struct timespec ts;
		char *dot = strchr(buf, '.');
		long up_us = (up * 100 + (dot ? strtol(dot + 1, NULL, 10) : 0)) * 10000;
		clock_gettime(CLOCK_REALTIME, &ts);
		clock_of((ts.tv_sec * 1000000 + ts.tv_nsec / 1000 - up_us + 500000) / 1000000, clk, sizeof(clk), 1);
		puts(clk);
		return 0;
	}
	if (mode == 'p') {
		int first = 1;
		long weeks = up / (60 * 60 * 24 * 7) % 52, years = up / (60 * 60 * 24 * 365) % 10;
		long decades = up / (60 * 60 * 24 * 365 * 10L), days = up / (60 * 60 * 24) % 7;
		long hours = up / 3600 % 24, minutes = up / 60 % 60;
		strcpy(line, "up ");
		if (decades)
			part(line, sizeof(line), &first, decades, "decade");
		if (years)
			part(line, sizeof(line), &first, years, "year");
		if (weeks)
			part(line, sizeof(line), &first, weeks, "week");
		if (days)
			part(line, sizeof(line), &first, days, "day");
		if (hours)
			part(line, sizeof(line), &first, hours, "hour");
		if (minutes || up < 60)
			part(line, sizeof(line), &first, minutes, "minute");
		puts(line);
		return 0;
	}
	{
		char la[64] = "0.00, 0.00, 0.00";
		long days = up / (60 * 60 * 24), hours = up / 3600 % 24, minutes = up / 60 % 60;
		size_t l;
		if (read_file("/proc/loadavg", buf, sizeof(buf)) > 0) {
			char *sp1 = strchr(buf, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
			char *sp3 = sp2 ? strchr(sp2 + 1, ' ') : NULL;
			if (sp3)
				snprintf(la, sizeof(la), "%.*s, %.*s, %.*s", (int)(sp1 - buf), buf, (int)(sp2 - sp1 - 1),
					 sp1 + 1, (int)(sp3 - sp2 - 1), sp2 + 1);
		}
		clock_of(time(NULL), clk, sizeof(clk), 0);
		snprintf(line, sizeof(line), " %s up ", clk);
		l = strlen(line);
		if (days)
			l += snprintf(line + l, sizeof(line) - l, "%ld %s, ", days, days > 1 ? "days" : "day");
		if (hours)
			l += snprintf(line + l, sizeof(line) - l, "%2ld:%02ld, ", hours, minutes);
		else
			l += snprintf(line + l, sizeof(line) - l, "%ld min, ", minutes);
		snprintf(line + l, sizeof(line) - l, "%2d %s,  load average: %s", 0, "user", la);
		puts(line);
	}
	return 0;
}
