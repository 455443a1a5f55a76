/*
 * dmesg [-c] [-C] [-t] [-n LEVEL]: print or control the kernel ring buffer
 * through syslog(2). Each record line is printed as the kernel gives it,
 * without its leading "<N>" priority; -t also drops the "[ time]" stamp.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/klog.h>

static const char *const levels[] = { "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug" };

static int usage(void)
{
	fprintf(stderr, "Usage: dmesg [-c] [-C] [-t] [-n LEVEL]\n");
	return 1;
}

int main(int argc, char **argv)
{
	int clear = 0, read_clear = 0, notime = 0, level = -1, c;
	while ((c = getopt(argc, argv, "cCtn:")) != -1) {
		switch (c) {
		case 'c': read_clear = 1; break;
		case 'C': clear = 1; break;
		case 't': notime = 1; break;
		case 'n': {
			char *end;
			level = (int)strtol(optarg, &end, 10);
			if (*end || !*optarg) {
				level = -1;
				for (int i = 0; i < 8; i++)
					if (strcmp(optarg, levels[i]) == 0)
						level = i + 1;
				if (level < 0) {
					fprintf(stderr, "dmesg: unknown level '%s'\n", optarg);
					return 1;
				}
			}
			break;
		}
		default: return usage();
		}
	}
	if (level >= 0) {
		if (klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, 0, level) < 0) {
			fprintf(stderr, "dmesg: klogctl failed: %s\n", strerror(errno));
			return 1;
		}
		return 0;
	}
	if (clear) {
		if (klogctl(SYSLOG_ACTION_CLEAR, 0, 0) < 0) {
			fprintf(stderr, "dmesg: klogctl failed: %s\n", strerror(errno));
			return 1;
		}
		return 0;
	}
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, 0, 0);
	if (size < 16 * 1024)
		size = 16 * 1024;
	char *buf = malloc(size + 1);
	int n = klogctl(read_clear ? SYSLOG_ACTION_READ_CLEAR : SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0) {
		fprintf(stderr, "dmesg: read kernel buffer failed: %s\n", strerror(errno));
		return 1;
	}
	buf[n] = 0;
	char *p = buf;
	while (*p) {
		char *e = strchr(p, '\n');
		char *line = p;
		if (e)
			*e = 0;
		if (line[0] == '<') {
			char *q = line + 1;
			while (*q >= '0' && *q <= '9')
				q++;
			if (*q == '>' && q > line + 1)
				line = q + 1;
		}
		if (notime && line[0] == '[') {
			char *q = strchr(line, ']');
			if (q) {
				line = q + 1;
				if (*line == ' ')
					line++;
			}
		}
		fputs(line, stdout);
		putchar('\n');
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}
