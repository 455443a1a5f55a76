/*
 * stty: set the terminal's local modes, as coreutils' stty does for the
 * settings named below (a subset: the job-control and line-discipline
 * switches people type; no speeds, control characters or printing of the
 * settings).
 *   stty [-F DEVICE] [-]SETTING...
 * SETTING: isig icanon echo echoe echok tostop (a leading '-' clears it).
 * An unknown setting is "stty: invalid argument 'X'" and status 1, as
 * coreutils; with no setting the current ones are not shown (unsupported,
 * said so, status 1). The change is one TCSETS (TCSADRAIN's ioctl is
 * TCSETSW): a process outside the foreground group is stopped by SIGTTOU.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>

#define TCSETSW 0x5403

struct termios {
	unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line;
	unsigned char c_cc[19];
};

static const struct { const char *name; unsigned int bit; } lflags[] = {
	{ "isig", 0000001 }, { "icanon", 0000002 }, { "echo", 0000010 }, { "echoe", 0000020 },
	{ "echok", 0000040 }, { "tostop", 0000400 },
};

static void usage(void)
{
	printf("Usage: stty [-F DEVICE] [-]SETTING...\n"
	       "Change the terminal's local modes (the lab's subset of coreutils' stty).\n\n"
	       "  -F, --file=DEVICE  open and use the specified DEVICE instead of stdin\n"
	       "      --help         display this help and exit\n\n"
	       "Settings, each negated by a leading '-':\n"
	       "   isig icanon echo echoe echok tostop\n");
}

int main(int argc, char **argv)
{
	struct termios t;
	int fd = 0, i = 1, any = 0;
	if (i < argc && !strcmp(argv[i], "--help")) {
		usage();
		return 0;
	}
	if (i < argc && (!strcmp(argv[i], "-F") || !strncmp(argv[i], "--file=", 7))) {
		const char *dev = argv[i][1] == 'F' ? argv[i + 1] : argv[i] + 7;
		if (!dev) {
			fprintf(stderr, "stty: option requires an argument -- 'F'\nTry 'stty --help' for more information.\n");
			return 1;
		}
		i += argv[i][1] == 'F' ? 2 : 1;
		if ((fd = open(dev, O_RDONLY | O_NONBLOCK)) < 0) {
			fprintf(stderr, "stty: %s: %s\n", dev, strerror(errno));
			return 1;
		}
	}
	if (ioctl(fd, TCGETS, &t) < 0) {
		fprintf(stderr, "stty: 'standard input': %s\n", strerror(errno));
		return 1;
	}
	for (; i < argc; i++) {
		const char *a = argv[i];
		int neg = a[0] == '-', found = 0;
		for (unsigned k = 0; k < sizeof(lflags) / sizeof(lflags[0]); k++)
			if (!strcmp(a + neg, lflags[k].name)) {
				if (neg)
					t.c_lflag &= ~lflags[k].bit;
				else
					t.c_lflag |= lflags[k].bit;
				found = 1;
			}
		if (!found) {
			fprintf(stderr, "stty: invalid argument '%s'\nTry 'stty --help' for more information.\n", a);
			return 1;
		}
		any = 1;
	}
	if (!any) {
		fprintf(stderr, "stty: showing the settings is not supported here; see 'stty --help'\n");
		return 1;
	}
	if (ioctl(fd, TCSETSW, &t) < 0) {
		fprintf(stderr, "stty: 'standard input': %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
