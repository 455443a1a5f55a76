/* uname [-asnrvm]: print system information (default -s). */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	int c, mask = 0;
	while ((c = getopt(argc, argv, "asnrvmpio")) != -1) {
		switch (c) {
		case 'a': mask |= 0x3f; break;
		case 's': mask |= 1; break;
		case 'n': mask |= 2; break;
		case 'r': mask |= 4; break;
		case 'v': mask |= 8; break;
		case 'm': mask |= 16; break;
		case 'o': mask |= 32; break;
		case 'p': case 'i': break;
		default:
			fprintf(stderr, "Usage: uname [-asnrvmo]\n");
			return 1;
		}
	}
	if (!mask)
		mask = 1;
	struct utsname u;
	if (uname(&u) < 0) {
		fprintf(stderr, "uname: %s\n", strerror(errno));
		return 1;
	}
	const char *f[6] = { u.sysname, u.nodename, u.release, u.version, u.machine, "GNU/Linux" };
	int first = 1;
	for (int i = 0; i < 6; i++) {
		if (!(mask & (1 << i)))
			continue;
		printf(first ? "%s" : " %s", f[i]);
		first = 0;
	}
	putchar('\n');
	return 0;
}
