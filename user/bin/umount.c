/* umount [-f] [-l] DIR...: unmount file systems. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mount.h>

int main(int argc, char **argv)
{
	int c, flags = 0, st = 0;
	while ((c = getopt(argc, argv, "fl")) != -1) {
		if (c == 'f') flags |= MNT_FORCE;
		else if (c == 'l') flags |= MNT_DETACH;
		else {
			fprintf(stderr, "Usage: umount [-f] [-l] DIR...\n");
			return 1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "Usage: umount [-f] [-l] DIR...\n");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		if (umount2(argv[i], flags) < 0) {
			fprintf(stderr, "umount: %s: %s\n", argv[i], strerror(errno));
			st = 32;
		}
	return st;
}
