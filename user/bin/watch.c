/*
 * watch: run a command again and again, showing its output full screen,
 * as procps-ng's watch (without curses: the screen is cleared with ANSI
 * sequences and redrawn):
 *
 *   watch [-n SECS] [-t] [-g] [-e] [-x] COMMAND...
 *
 * The title line is "Every N.Ns: COMMAND" with "HOSTNAME: DATE" on the
 * right, then an empty line and the output, cut to the screen. The
 * interval runs on the lab's clock (virtual by default, so a long watch
 * costs no wall time). -g ends when the output changes (status 0), -e
 * stops at a command that fails (status 8 after a key... here at once),
 * -x runs COMMAND without sh -c. Ctrl-C ends it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>

static char *capture(char **argv, int *status)
{
	int p[2];
	size_t n = 0, cap = 4096;
	char *out = malloc(cap);
	pid_t pid;
	if (pipe(p) < 0)
		return NULL;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	for (;;) {
		if (n + 1024 > cap)
			out = realloc(out, cap *= 2);
		ssize_t r = read(p[0], out + n, cap - n - 1);
		if (r <= 0)
			break;
		n += r;
	}
	close(p[0]);
	out[n] = 0;
	waitpid(pid, status, 0);
	return out;
}

int main(int argc, char **argv)
{
	long tenths = 20;
	int title = 1, chgexit = 0, errexit = 0, exec = 0, i = 1;
	char *prev = NULL, cmd[4096] = "";
	for (; i < argc && argv[i][0] == '-'; i++) {
		char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-n") || !strcmp(a, "--interval") || !strncmp(a, "-n", 2)) {
			const char *v = a[1] == 'n' && a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
			char *end;
			long s, t = 0;
			if (!v) {
				fprintf(stderr, "watch: option requires an argument -- 'n'\n");
				return 1;
			}
			s = strtol(v, &end, 10);
			if (*end == '.' && end[1] >= '0' && end[1] <= '9')
				t = end[1] - '0', end += 2;
			while (*end >= '0' && *end <= '9')
				end++;
			if (*end || s < 0) {
				fprintf(stderr, "watch: failed to parse argument: '%s'\n", v);
				return 1;
			}
			tenths = s * 10 + t;
			if (tenths < 1)
				tenths = 1;
		} else if (!strcmp(a, "-t") || !strcmp(a, "--no-title")) {
			title = 0;
		} else if (!strcmp(a, "-g") || !strcmp(a, "--chgexit")) {
			chgexit = 1;
		} else if (!strcmp(a, "-e") || !strcmp(a, "--errexit")) {
			errexit = 1;
		} else if (!strcmp(a, "-x") || !strcmp(a, "--exec")) {
			exec = 1;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--version")) {
			puts("watch from procps-ng 4.0.2");
			return 0;
		} else {
			fprintf(stderr, "watch: invalid option -- '%c'\n\nUsage:\n watch [options] command\n", a[1]);
			return 1;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "\nUsage:\n watch [options] command\n");
		return 1;
	}
	for (int k = i; k < argc; k++) {
		strncat(cmd, argv[k], sizeof(cmd) - strlen(cmd) - 2);
		if (k + 1 < argc)
			strcat(cmd, " ");
	}
	char *shargv[] = { "sh", "-c", cmd, NULL };
	for (;;) {
		struct winsize ws = { 0 };
		int st, cols = 80, rows = 24;
		char *out = capture(exec ? argv + i : shargv, &st);
		if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col) {
			cols = ws.ws_col;
			rows = ws.ws_row;
		}
		fputs("\033[H\033[2J", stdout);
		if (title) {
			char left[4200], right[256], when[64];
			struct utsname u;
			time_t t = time(NULL);
			struct tm tm;
			static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
			static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
			gmtime_r(&t, &tm);
			uname(&u);
			snprintf(when, sizeof(when), "%s %s %2d %02d:%02d:%02d %d", wd[tm.tm_wday], mo[tm.tm_mon], tm.tm_mday, tm.tm_hour,
				 tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
			snprintf(left, sizeof(left), "Every %ld.%lds: %s", tenths / 10, tenths % 10, cmd);
			snprintf(right, sizeof(right), "%s: %s", u.nodename, when);
			int pad = cols - (int)strlen(left) - (int)strlen(right);
			printf("%s%*s%s\n\n", left, pad > 1 ? pad : 1, "", right);
		}
		/* the output, cut to the screen's lines */
		int line = title ? 2 : 0;
		for (char *p = out; p && *p && line < rows; line++) {
			char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			printf("%.*s\n", (int)(n < (size_t)cols ? n : (size_t)cols), p);
			p = nl ? nl + 1 : p + n;
		}
		fflush(stdout);
		if (errexit && st) {
			fprintf(stderr, "\nwatch: command exit with a non-zero status\n");
			return 8;
		}
		if (chgexit && prev && strcmp(prev, out))
			return 0;
		free(prev);
		prev = out;
		usleep(tenths * 100000);
	}
}
