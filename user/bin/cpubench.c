/*
 * cpubench [ROUNDS]: a CPU-bound workload for `kmemlab bench`: each round
 * hashes a buffer (FNV-1a and a multiply-xorshift mix), sorts 256 words
 * (insertion sort), and does 128-bit multiply/divide arithmetic (libgcc's
 * helpers). Prints a checksum, so the same binary can be compared natively,
 * under qemu-x86_64 and in the guest, and the time it took from
 * CLOCK_MONOTONIC (in the guest that is virtual time: instructions).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static unsigned long mix(unsigned long x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdUL;
	x ^= x >> 33;
	return x;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 200;
	static unsigned char buf[4096];
	static unsigned long v[256];
	unsigned long sum = 0;
	struct timespec t0, t1;
	unsigned __int128 acc = 1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int r = 0; r < rounds; r++) {
		unsigned long h = 0xcbf29ce484222325UL;
		for (int i = 0; i < (int)sizeof(buf); i++) {
			buf[i] = (unsigned char)(i * 31 + r);
			h = (h ^ buf[i]) * 0x100000001b3UL;
		}
		for (int i = 0; i < 256; i++)
			v[i] = mix(h + i);
		for (int i = 1; i < 256; i++) {
			unsigned long x = v[i];
			int j = i - 1;
			while (j >= 0 && v[j] > x) {
				v[j + 1] = v[j];
				j--;
			}
			v[j + 1] = x;
		}
		acc = acc * (unsigned __int128)(v[r & 255] | 1) % ((unsigned __int128)0xffffffffffffffc5UL * 1000003 + 7);
		sum += h ^ v[0] ^ v[255] ^ (unsigned long)(acc >> 64) ^ (unsigned long)acc;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("cpubench: %d rounds, checksum %016lx, %ld us\n", rounds, sum,
	       (long)((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000));
	return 0;
}
