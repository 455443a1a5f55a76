/*
 * memhog: allocates anonymous memory and touches every page, to watch
 * the kernel run out of memory (the OOM killer ends it with SIGKILL).
 *   memhog [-r REPS] SIZE[k|m|g]    (as numactl's memhog, without policies)
 * Each repetition maps SIZE more bytes and writes to each of its pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

static unsigned long parse_size(const char *s)
{
	char *end;
	unsigned long n = strtoul(s, &end, 0);
	switch (*end) {
	case 'g': case 'G': n <<= 30; break;
	case 'm': case 'M': n <<= 20; break;
	case 'k': case 'K': n <<= 10; break;
	case 0: break;
	default: return 0;
	}
	return n;
}

int main(int argc, char **argv)
{
	int reps = 1, i = 1;
	unsigned long size;
	if (argc > 2 && !strcmp(argv[1], "-r")) {
		reps = atoi(argv[2]);
		i = 3;
	}
	if (i != argc - 1 || !(size = parse_size(argv[i]))) {
		fprintf(stderr, "usage: memhog [-r REPS] SIZE[k|m|g]\n");
		return 2;
	}
	for (int r = 0; r < reps; r++) {
		char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("memhog: mmap");
			return 1;
		}
		for (unsigned long off = 0; off < size; off += 4096)
			p[off] = 1;
	}
	return 0;
}
