/* sleep NUMBER[smhd]...: pause; fractions allowed ("0.5"). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <errno.h>

static int parse(const char *s, long *sec, long *nsec)
{
	long ip = 0, frac = 0, scale = 100000000;
	const char *p = s;
	if (!*p)
		return -1;
	while (*p >= '0' && *p <= '9')
		ip = ip * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			frac += (*p++ - '0') * scale;
			scale /= 10;
		}
	}
	long mult = 1;
	if (*p == 's') p++;
	else if (*p == 'm') { mult = 60; p++; }
	else if (*p == 'h') { mult = 3600; p++; }
	else if (*p == 'd') { mult = 86400; p++; }
	if (*p || p == s)
		return -1;
	long total_ns = frac * mult;
	*sec += ip * mult + total_ns / 1000000000;
	*nsec += total_ns % 1000000000;
	if (*nsec >= 1000000000) {
		*nsec -= 1000000000;
		(*sec)++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long sec = 0, nsec = 0;
	if (argc < 2) {
		fprintf(stderr, "sleep: missing operand\n");
		return 1;
	}
	for (int i = 1; i < argc; i++)
		if (parse(argv[i], &sec, &nsec) < 0) {
			fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[i]);
			return 1;
		}
	struct timespec ts = { sec, nsec };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}
