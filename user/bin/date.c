/*
 * date: print the time, as GNU coreutils' date for reading it (the lab's
 * clock is UTC and is not set from user space):
 *
 *   date [-u] [-d @SECONDS] [-r FILE] [-R | -I[date|hours|minutes|seconds] | +FORMAT]
 *
 * FORMAT takes %a %A %b %B %c %C %d %D %e %F %H %I %j %k %l %m %M %n %N %p
 * %r %R %s %S %t %T %u %w %y %Y %z %Z %:z %% (and the -, _ and 0 padding
 * flags). Without a format: "%a %b %e %H:%M:%S %Z %Y".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

static const char *const days[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December" };

static void num(char pad, int width, long v)
{
	if (pad == '-')
		printf("%ld", v);
	else if (pad == '_')
		printf("%*ld", width, v);
	else
		printf("%0*ld", width, v);
}

static void fmt(const char *f, time_t t, long nsec)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	for (const char *p = f; *p; p++) {
		char pad = 0;
		if (*p != '%') {
			putchar(*p);
			continue;
		}
		p++;
		if (*p == '-' || *p == '_' || *p == '0')
			pad = *p++;
		switch (*p) {
		case 'a': printf("%.3s", days[tm.tm_wday]); break;
		case 'A': printf("%s", days[tm.tm_wday]); break;
		case 'b': case 'h': printf("%.3s", months[tm.tm_mon]); break;
		case 'B': printf("%s", months[tm.tm_mon]); break;
		case 'c': fmt("%a %b %e %H:%M:%S %Y", t, nsec); break;
		case 'C': num(pad, 2, (tm.tm_year + 1900) / 100); break;
		case 'd': num(pad, 2, tm.tm_mday); break;
		case 'D': fmt("%m/%d/%y", t, nsec); break;
		case 'e': num(pad ? pad : '_', 2, tm.tm_mday); break;
		case 'F': fmt("%Y-%m-%d", t, nsec); break;
		case 'H': num(pad, 2, tm.tm_hour); break;
		case 'I': num(pad, 2, tm.tm_hour % 12 ? tm.tm_hour % 12 : 12); break;
		case 'j': num(pad, 3, tm.tm_yday + 1); break;
		case 'k': num(pad ? pad : '_', 2, tm.tm_hour); break;
		case 'l': num(pad ? pad : '_', 2, tm.tm_hour % 12 ? tm.tm_hour % 12 : 12); break;
		case 'm': num(pad, 2, tm.tm_mon + 1); break;
		case 'M': num(pad, 2, tm.tm_min); break;
		case 'n': putchar('\n'); break;
		case 'N': printf("%09ld", nsec); break;
		case 'p': printf("%s", tm.tm_hour < 12 ? "AM" : "PM"); break;
		case 'r': fmt("%I:%M:%S %p", t, nsec); break;
		case 'R': fmt("%H:%M", t, nsec); break;
		case 's': printf("%ld", (long)t); break;
		case 'S': num(pad, 2, tm.tm_sec); break;
		case 't': putchar('\t'); break;
		case 'T': fmt("%H:%M:%S", t, nsec); break;
		case 'u': printf("%d", tm.tm_wday ? tm.tm_wday : 7); break;
		case 'w': printf("%d", tm.tm_wday); break;
		case 'y': num(pad, 2, tm.tm_year % 100); break;
		case 'Y': printf("%d", tm.tm_year + 1900); break;
		case 'z': printf("+0000"); break;
		case ':': if (p[1] == 'z') { p++; printf("+00:00"); } else printf("%%:"); break;
		case 'Z': printf("UTC"); break;
		case '%': putchar('%'); break;
		case 0: putchar('%'); p--; break;
		default: printf("%%%c", *p); break;
		}
	}
}

int main(int argc, char **argv)
{
	struct timespec ts;
	const char *format = "%a %b %e %H:%M:%S %Z %Y";
	clock_gettime(CLOCK_REALTIME, &ts);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] == '+') {
			format = a + 1;
		} else if (!strcmp(a, "-u") || !strcmp(a, "--utc") || !strcmp(a, "--universal")) {
			;
		} else if (!strcmp(a, "-R") || !strcmp(a, "--rfc-email")) {
			format = "%a, %d %b %Y %H:%M:%S %z";
		} else if (!strncmp(a, "-I", 2) || !strncmp(a, "--iso-8601", 10)) {
			const char *w = a[1] == 'I' ? a + 2 : (a[10] == '=' ? a + 11 : "");
			if (!*w || !strcmp(w, "date"))
				format = "%Y-%m-%d";
			else if (!strcmp(w, "hours"))
				format = "%Y-%m-%dT%H%:z";
			else if (!strcmp(w, "minutes"))
				format = "%Y-%m-%dT%H:%M%:z";
			else if (!strcmp(w, "seconds"))
				format = "%Y-%m-%dT%H:%M:%S%:z";
			else {
				fprintf(stderr, "date: invalid argument '%s' for '--iso-8601'\n", w);
				return 1;
			}
		} else if ((!strcmp(a, "-d") || !strcmp(a, "--date") || !strcmp(a, "-r")) && i + 1 < argc) {
			const char *v = argv[++i];
			if (a[1] == 'r') {
				struct stat st;
				if (stat(v, &st) < 0) {
					fprintf(stderr, "date: %s: No such file or directory\n", v);
					return 1;
				}
				ts.tv_sec = st.st_mtime;
				ts.tv_nsec = 0;
			} else if (v[0] == '@') {
				char *end;
				ts.tv_sec = strtol(v + 1, &end, 10);
				ts.tv_nsec = 0;
				if (*end || end == v + 1) {
					fprintf(stderr, "date: invalid date '%s'\n", v);
					return 1;
				}
			} else if (strcmp(v, "now")) {
				fprintf(stderr, "date: invalid date '%s'\n", v);
				return 1;
			}
		} else if (a[0] == '-') {
			fprintf(stderr, "date: invalid option -- '%c'\nTry 'date --help' for more information.\n", a[1]);
			return 1;
		} else {
			fprintf(stderr, "date: cannot set date: Operation not permitted\n");
			return 1;
		}
	}
	fmt(format, ts.tv_sec, ts.tv_nsec);
	putchar('\n');
	return 0;
}
