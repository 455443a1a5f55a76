/*
 * malloc.c: size-class allocator. Blocks of 32 B .. 64 KiB (powers of two,
 * 16-byte header) come from the heap grown with brk (mmap if brk fails) and
 * go back to per-class free lists; larger requests are their own mmap.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>
#include "syscall.h"

#define MIN_SHIFT 5
#define MAX_SHIFT 16
#define NCLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define HDR 16
#define CHUNK (128 * 1024)
#define BIG 0xff

struct hdr {
	size_t size;		/* usable size for big blocks, class for small */
	unsigned long cls;	/* class index or BIG */
};

static void *free_list[NCLASSES];
static char *heap_cur, *heap_end;
static unsigned long brk_cur;

void *sbrk(long inc)
{
	if (!brk_cur)
		brk_cur = sys1(SYS_brk, 0);
	unsigned long want = brk_cur + inc;
	unsigned long got = sys1(SYS_brk, want);
	if (got != want) {
		errno = ENOMEM;
		return (void *)-1;
	}
	void *old = (void *)brk_cur;
	brk_cur = got;
	return old;
}

int brk(void *addr)
{
	unsigned long got = sys1(SYS_brk, addr);
	if (got != (unsigned long)addr) {
		errno = ENOMEM;
		return -1;
	}
	brk_cur = got;
	return 0;
}

static void *heap_alloc(size_t n)
{
	if (heap_cur + n > heap_end) {
		size_t grow = n > CHUNK ? n : CHUNK;
		char *p = sbrk(grow);
		if (p == (void *)-1) {
			p = mmap(0, grow, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED) {
				errno = ENOMEM;
				return 0;
			}
		}
		if (p != heap_end) {
			/* Not contiguous: drop the tail of the old region. */
			heap_cur = p;
		}
		heap_end = p + grow;
		/* keep 16-byte alignment */
		if ((unsigned long)heap_cur & 15)
			heap_cur = (char *)(((unsigned long)heap_cur + 15) & ~15UL);
		if (heap_cur + n > heap_end)
			return heap_alloc(n);
	}
	void *r = heap_cur;
	heap_cur += n;
	return r;
}

void *malloc(size_t n)
{
	if (n > (1UL << MAX_SHIFT) - HDR) {
		size_t len = (n + HDR + 4095) & ~4095UL;
		if (len < n) {
			errno = ENOMEM;
			return 0;
		}
		struct hdr *h = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (h == MAP_FAILED) {
			errno = ENOMEM;
			return 0;
		}
		h->size = len - HDR;
		h->cls = BIG;
		return (char *)h + HDR;
	}
	int c = 0;
	while ((1UL << (c + MIN_SHIFT)) - HDR < n)
		c++;
	struct hdr *h;
	if (free_list[c]) {
		h = free_list[c];
		free_list[c] = *(void **)((char *)h + HDR);
	} else {
		h = heap_alloc(1UL << (c + MIN_SHIFT));
		if (!h)
			return 0;
	}
	h->size = (1UL << (c + MIN_SHIFT)) - HDR;
	h->cls = c;
	return (char *)h + HDR;
}

void free(void *p)
{
	if (!p)
		return;
	struct hdr *h = (struct hdr *)((char *)p - HDR);
	if (h->cls == BIG) {
		munmap(h, h->size + HDR);
		return;
	}
	*(void **)p = free_list[h->cls];
	free_list[h->cls] = h;
}

void *calloc(size_t n, size_t m)
{
	if (m && n > (size_t)-1 / m) {
		errno = ENOMEM;
		return 0;
	}
	void *p = malloc(n * m);
	if (p)
		memset(p, 0, n * m);
	return p;
}

void *realloc(void *p, size_t n)
{
	if (!p)
		return malloc(n);
	struct hdr *h = (struct hdr *)((char *)p - HDR);
	if (n <= h->size)
		return p;
	void *q = malloc(n);
	if (!q)
		return 0;
	memcpy(q, p, h->size);
	free(p);
	return q;
}
