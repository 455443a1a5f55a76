/*
 * mount [-t TYPE] [-o OPTS] SOURCE DIR: mount a file system.
 * Without arguments: print /proc/mounts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mount.h>

int main(int argc, char **argv)
{
	const char *type = 0;
	char *opts = 0;
	int c;
	unsigned long flags = 0;
	while ((c = getopt(argc, argv, "t:o:rw")) != -1) {
		switch (c) {
		case 't': type = optarg; break;
		case 'o': opts = optarg; break;
		case 'r': flags |= MS_RDONLY; break;
		case 'w': break;
		default:
			fprintf(stderr, "Usage: mount [-t TYPE] [-o OPTS] SOURCE DIR\n");
			return 1;
		}
	}
	if (optind >= argc) {
		FILE *f = fopen("/proc/mounts", "r");
		if (!f) {
			fprintf(stderr, "mount: /proc/mounts: %s\n", strerror(errno));
			return 1;
		}
		char line[512];
		while (fgets(line, sizeof(line), f))
			fputs(line, stdout);
		fclose(f);
		return 0;
	}
	if (argc - optind != 2) {
		fprintf(stderr, "Usage: mount [-t TYPE] [-o OPTS] SOURCE DIR\n");
		return 1;
	}
	/* recognised flag options; the rest is passed to the file system */
	char data[256] = "";
	if (opts) {
		char *save, *o = strdup(opts);
		for (char *t = strtok_r(o, ",", &save); t; t = strtok_r(0, ",", &save)) {
			if (strcmp(t, "ro") == 0) flags |= MS_RDONLY;
			else if (strcmp(t, "rw") == 0) flags &= ~MS_RDONLY;
			else if (strcmp(t, "nosuid") == 0) flags |= MS_NOSUID;
			else if (strcmp(t, "nodev") == 0) flags |= MS_NODEV;
			else if (strcmp(t, "noexec") == 0) flags |= MS_NOEXEC;
			else if (strcmp(t, "remount") == 0) flags |= MS_REMOUNT;
			else if (strcmp(t, "bind") == 0) flags |= MS_BIND;
			else if (strcmp(t, "defaults") == 0) ;
			else {
				if (data[0])
					strncat(data, ",", sizeof(data) - strlen(data) - 1);
				strncat(data, t, sizeof(data) - strlen(data) - 1);
			}
		}
	}
	const char *src = argv[optind], *dir = argv[optind + 1];
	if (mount(src, dir, type ? type : "", flags, data[0] ? data : 0) < 0) {
		fprintf(stderr, "mount: %s: mount failed: %s.\n", dir, strerror(errno));
		return 32;
	}
	return 0;
}
