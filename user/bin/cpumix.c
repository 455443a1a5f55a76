/*
 * cpumix [ROUNDS]: CPU-bound work of the shapes compiled code must get
 * right and keep fast, for the JIT's program tests and `kmemlab bench`:
 *   recursion   recursive quicksort, a recursive binary tree (insert and
 *               walk), fib;
 *   indirect    calls through a table of function pointers and a merge
 *               sort with a comparator passed by pointer;
 *   switch      a bytecode interpreter whose dense switch gcc turns into
 *               a jump table (an indirect jmp per opcode);
 *   muldiv      div/idiv at every operand size (with the remainders), mul
 *               and imul, widening to 128 bits;
 *   string      rep movs/stos at byte and quadword size, backwards with
 *               DF set, repe cmps, repne scas, lods.
 * Prints one checksum per part, so the same binary can be compared
 * natively, under qemu-x86_64 and in the guest on every CPU tier, and the
 * time it took from CLOCK_MONOTONIC (in the guest: virtual time, that is
 * instructions).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long seed = 0x9e3779b97f4a7c15UL;

static unsigned long rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static unsigned long mix(unsigned long h, unsigned long v)
{
	return (h ^ v) * 0x100000001b3UL;
}

/* ---- recursion ---- */

static void quicksort(long *a, int lo, int hi)
{
	if (lo >= hi)
		return;
	long p = a[(lo + hi) / 2];
	int i = lo, j = hi;
	while (i <= j) {
		while (a[i] < p)
			i++;
		while (a[j] > p)
			j--;
		if (i <= j) {
			long t = a[i];
			a[i++] = a[j];
			a[j--] = t;
		}
	}
	quicksort(a, lo, j);
	quicksort(a, i, hi);
}

struct node {
	unsigned long key;
	struct node *l, *r;
};
static struct node pool[2048];
static int used;

static struct node *insert(struct node *t, unsigned long key)
{
	if (t == NULL) {
		t = &pool[used++];
		t->key = key;
		t->l = t->r = NULL;
		return t;
	}
	if (key < t->key)
		t->l = insert(t->l, key);
	else
		t->r = insert(t->r, key);
	return t;
}

static unsigned long walk(const struct node *t, unsigned long h, int depth)
{
	if (t == NULL)
		return h;
	h = walk(t->l, h, depth + 1);
	h = mix(h, t->key + (unsigned long)depth);
	return walk(t->r, h, depth + 1);
}

static unsigned long fib(int n)
{
	return n < 2 ? (unsigned long)n : fib(n - 1) + fib(n - 2);
}

static unsigned long recursion(void)
{
	static long a[1024];
	unsigned long h = 0;
	for (int i = 0; i < 1024; i++)
		a[i] = (long)(rnd() % 100000) - 50000;
	quicksort(a, 0, 1023);
	for (int i = 0; i < 1024; i++)
		h = mix(h, (unsigned long)a[i]);
	used = 0;
	struct node *root = NULL;
	for (int i = 0; i < 2048; i++)
		root = insert(root, rnd() >> 40);
	h = walk(root, h, 0);
	return mix(h, fib(18));
}

/* ---- indirect calls ---- */

static unsigned long op_add(unsigned long a, unsigned long b) { return a + b; }
static unsigned long op_sub(unsigned long a, unsigned long b) { return a - b * 3; }
static unsigned long op_xor(unsigned long a, unsigned long b) { return a ^ (b << 7); }
static unsigned long op_rot(unsigned long a, unsigned long b) { int k = (int)(b & 63); return k ? (a << k) | (a >> (64 - k)) : a; }
static unsigned long op_mulhi(unsigned long a, unsigned long b) { return (unsigned long)(((unsigned __int128)a * (b | 1)) >> 64) + a; }

static unsigned long (*const ops[])(unsigned long, unsigned long) = { op_add, op_sub, op_xor, op_rot, op_mulhi };

static int cmp_up(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
	return x < y ? -1 : x > y;
}

static int cmp_low(const void *a, const void *b)
{
	unsigned x = (unsigned)*(const unsigned long *)a & 0xffff, y = (unsigned)*(const unsigned long *)b & 0xffff;
	return x < y ? -1 : x > y;
}

static void msort(unsigned long *v, unsigned long *tmp, int n, int (*cmp)(const void *, const void *))
{
	if (n < 2)
		return;
	int m = n / 2;
	msort(v, tmp, m, cmp);
	msort(v + m, tmp, n - m, cmp);
	int i = 0, j = m, k = 0;
	while (i < m && j < n)
		tmp[k++] = cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < m)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, (size_t)n * sizeof(*v));
}

static unsigned long indirect(void)
{
	static unsigned long v[512], tmp[512];
	unsigned long h = 1;
	for (int i = 0; i < 4000; i++) {
		unsigned long r = rnd();
		h = ops[r % 5](h, r >> 8);
	}
	for (int i = 0; i < 512; i++)
		v[i] = rnd();
	msort(v, tmp, 512, (h & 1) ? cmp_up : cmp_low);
	for (int i = 0; i < 512; i += 7)
		h = mix(h, v[i]);
	msort(v, tmp, 512, (h & 1) ? cmp_low : cmp_up);
	for (int i = 0; i < 512; i += 5)
		h = mix(h, v[i]);
	return h;
}

/* ---- a switch: a small stack machine ---- */

enum { PUSH, ADD, SUB, MUL, DUP, SWAP, DROP, JNZ, DEC, SHL, XOR, OVER, HALT };

static unsigned long run(const unsigned char *code, unsigned long arg)
{
	unsigned long st[16];
	int sp = 0, pc = 0;
	st[sp++] = arg;
	for (;;) {
		switch (code[pc++]) {
		case PUSH: st[sp++] = code[pc++]; break;
		case ADD: sp--; st[sp - 1] += st[sp]; break;
		case SUB: sp--; st[sp - 1] -= st[sp]; break;
		case MUL: sp--; st[sp - 1] *= st[sp]; break;
		case DUP: st[sp] = st[sp - 1]; sp++; break;
		case SWAP: { unsigned long t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; break; }
		case DROP: sp--; break;
		case JNZ: { int to = code[pc++]; if (st[--sp] != 0) pc = to; break; }
		case DEC: st[sp - 1]--; break;
		case SHL: st[sp - 1] <<= code[pc++] & 63; break;
		case XOR: sp--; st[sp - 1] ^= st[sp]; break;
		case OVER: st[sp] = st[sp - 2]; sp++; break;
		case HALT: return st[sp - 1];
		default: return ~0UL;
		}
	}
}

static unsigned long interp(void)
{
	/* acc = 1; n = arg; do { acc = acc * 3 + n ^ (acc << 5); } while (--n) */
	static const unsigned char prog[] = {
		PUSH, 1, SWAP,                       /* acc n */
		/* 3: */ SWAP, DUP, PUSH, 3, MUL,        /* n acc acc*3 */
		OVER, SHL, 5, XOR,                   /* n acc acc*3^(acc<<5) */
		SWAP, DROP,                          /* n acc' */
		OVER, ADD,                           /* n acc'+n */
		SWAP, DEC, DUP, JNZ, 3,              /* acc n-1 */
		DROP, HALT,
	};
	unsigned long h = 0;
	for (int i = 1; i <= 60; i++)
		h = mix(h, run(prog, (unsigned long)i * 7));
	return h;
}

/* ---- mul and div at every size ---- */

/* idiv with a byte and a word divisor (gcc promotes those to 32 bits); |b| > 1 or b == 1, so the quotient fits. */
static unsigned long idiv8(signed char a, signed char b)
{
	short ax = a;
	__asm__("idivb %1" : "+a"(ax) : "q"(b) : "cc");
	return (unsigned short)ax;
}

static unsigned long idiv16(short a, short b)
{
	short ax = a, dx = a < 0 ? -1 : 0;
	__asm__("idivw %2" : "+a"(ax), "+d"(dx) : "r"(b) : "cc");
	return (unsigned long)(unsigned short)ax << 16 | (unsigned short)dx;
}

static unsigned long muldiv(void)
{
	unsigned long h = 0;
	for (int i = 0; i < 3000; i++) {
		volatile unsigned long a = rnd(), b = rnd() >> (rnd() & 63);
		if (b == 0)
			b = 7;
		volatile unsigned char a8 = (unsigned char)a, b8 = (unsigned char)(b | 1);
		volatile unsigned short a16 = (unsigned short)a, b16 = (unsigned short)(b | 1);
		volatile unsigned a32 = (unsigned)a, b32 = (unsigned)(b | 1);
		volatile signed char s8 = (signed char)a, t8 = (signed char)(b | 1);
		volatile short s16 = (short)a, t16 = (short)(b | 1);
		volatile int s32 = (int)a, t32 = (int)(b | 1);
		volatile long s64 = (long)a, t64 = (long)b;
		if (t8 == -1)
			t8 = 3;
		if (t16 == -1)
			t16 = 3;
		if (t32 == -1)
			t32 = 3;
		if (t64 == -1)
			t64 = 3;
		h = mix(h, a / b);
		h = mix(h, a % b);
		h = mix(h, (unsigned long)(a8 / b8) | (unsigned long)(a8 % b8) << 8);
		h = mix(h, (unsigned long)(a16 / b16) | (unsigned long)(a16 % b16) << 16);
		h = mix(h, (unsigned long)(a32 / b32) | (unsigned long)(a32 % b32) << 32);
		h = mix(h, (unsigned long)(long)(s8 / t8) ^ (unsigned long)(long)(s8 % t8) << 8);
		h = mix(h, (unsigned long)(long)(s16 / t16) ^ (unsigned long)(long)(s16 % t16) << 16);
		h = mix(h, (unsigned long)(long)(s32 / t32) ^ (unsigned long)(long)(s32 % t32) << 32);
		h = mix(h, (unsigned long)(s64 / t64) ^ (unsigned long)(s64 % t64));
		h = mix(h, idiv8(s8, t8 == -1 ? 3 : t8) ^ idiv16(s16, t16 == -1 ? 3 : t16));
		unsigned __int128 p = (unsigned __int128)a * b;
		__int128 q = (__int128)s64 * t64;
		h = mix(h, (unsigned long)p ^ (unsigned long)(p >> 64));
		h = mix(h, (unsigned long)q ^ (unsigned long)(q >> 64));
		h = mix(h, (unsigned long)((unsigned)s32 * 1000003u) ^ (unsigned long)((unsigned)a16 * b16) ^ (unsigned long)(a8 * b8));
	}
	return h;
}

/* ---- string instructions ---- */

static void rep_movsb(void *d, const void *s, unsigned long n) { __asm__ volatile("cld; rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); }
static void rep_movsq(void *d, const void *s, unsigned long n) { __asm__ volatile("cld; rep movsq" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); }
static void rep_stosb(void *d, int c, unsigned long n) { __asm__ volatile("cld; rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory"); }
static void rep_stosq(void *d, unsigned long v, unsigned long n) { __asm__ volatile("cld; rep stosq" : "+D"(d), "+c"(n) : "a"(v) : "memory"); }

/* Backwards: the last byte first (DF set), then DF cleared again as the ABI requires. */
static void rep_movsb_back(void *d, const void *s, unsigned long n)
{
	void *de = (char *)d + n - 1;
	const void *se = (const char *)s + n - 1;
	__asm__ volatile("std; rep movsb; cld" : "+D"(de), "+S"(se), "+c"(n) : : "memory");
}

/* Index of the first differing byte (n when equal). */
static unsigned long repe_cmpsb(const void *a, const void *b, unsigned long n)
{
	unsigned long left = n;
	unsigned char ne;
	if (n == 0)
		return 0;
	__asm__ volatile("cld; repe cmpsb; setne %3" : "+S"(a), "+D"(b), "+c"(left), "=q"(ne) : : "memory", "cc");
	return ne ? n - left - 1 : n;
}

/* Index of the first byte equal to c (n when none). */
static unsigned long repne_scasb(const void *p, int c, unsigned long n)
{
	unsigned long left = n;
	unsigned char eq;
	if (n == 0)
		return 0;
	__asm__ volatile("cld; repne scasb; sete %2" : "+D"(p), "+c"(left), "=q"(eq) : "a"(c) : "memory", "cc");
	return eq ? n - left - 1 : n;
}

static unsigned long lodsb_sum(const void *p, unsigned long n)
{
	unsigned long sum = 0, c = 0;
	while (n--) {
		__asm__ volatile("lodsb" : "+S"(p), "+a"(c));
		sum = sum * 31 + (c & 0xff);
	}
	return sum;
}

static unsigned long strings(void)
{
	static unsigned char a[8192], b[8192];
	unsigned long h = 0;
	for (int i = 0; i < 8192; i++)
		a[i] = (unsigned char)rnd();
	for (int r = 0; r < 40; r++) {
		unsigned long off = rnd() % 512, n = 1 + rnd() % 3000;
		rep_movsb(b + off, a + r, n);
		h = mix(h, repe_cmpsb(b + off, a + r, n));
		b[off + n / 2] ^= 0x5a;
		h = mix(h, repe_cmpsb(b + off, a + r, n));
		rep_stosb(b + off, r, n / 3);
		h = mix(h, repne_scasb(b, r, 4096));
		rep_movsq(b + 8 * (r & 7), a, 200 + r);
		rep_stosq(b + 4096, 0x0102030405060708UL * (unsigned long)r, 64);
		rep_movsb_back(b + 1, b, 1000);          /* overlapping: a true backwards copy */
		h = mix(h, lodsb_sum(b, 4200));
	}
	return h;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1;
	unsigned long h[5] = { 0 };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int r = 0; r < rounds; r++) {
		h[0] = mix(h[0], recursion());
		h[1] = mix(h[1], indirect());
		h[2] = mix(h[2], interp());
		h[3] = mix(h[3], muldiv());
		h[4] = mix(h[4], strings());
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("cpumix: %d rounds, %ld us\n", rounds,
	       (long)((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000));
	printf("recursion %016lx\nindirect %016lx\nswitch %016lx\nmuldiv %016lx\nstring %016lx\n", h[0], h[1], h[2], h[3], h[4]);
	return 0;
}
