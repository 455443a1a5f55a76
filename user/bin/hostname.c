/* hostname [NAME]: show or set the system's host name. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	int shortname = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--short"))
			shortname = 1;
		else {
			fprintf(stderr, "hostname: invalid option -- '%s'\nUsage: hostname [-s] [NAME]\n", argv[i] + 1);
			return 1;
		}
	}
	if (i < argc) {
		if (sethostname(argv[i], strlen(argv[i])) < 0) {
			if (errno == EPERM)
				fprintf(stderr, "hostname: you must be root to change the host name\n");
			else
				fprintf(stderr, "hostname: %s\n", strerror(errno));
			return 1;
		}
		return 0;
	}
	struct utsname u;
	if (uname(&u) < 0) {
		perror("hostname");
		return 1;
	}
	if (shortname) {
		char *dot = strchr(u.nodename, '.');
		if (dot)
			*dot = 0;
	}
	puts(u.nodename);
	return 0;
}
