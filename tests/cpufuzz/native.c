/*
 * native.c: one cpufuzz stream on the host CPU, in ring 3, to tell which
 * side of a kmemlab/QEMU mismatch hardware takes (tests/cpufuzz/replay.ts
 * builds and runs it on an x86-64 Linux host; by hand:
 *   gcc -O1 -o native native.c && ./native RECORD_HEX PATTERN_BIN).
 *
 * The layout is cpufuzz.S's ring-3 image: the code page at 0x1ff000 is
 * int3 with the stream's 16 bytes at 0x1ff800, the scratch page at
 * 0x1fe000 (not executable) holds the harness's pattern, every GPR but
 * RSP and RCX points into it as load_gprs sets them, RCX is 0x20, RSP is
 * 0x1fe800 and RFLAGS the record's start flags. The stream runs until it
 * faults; the signal handler prints the frame words in the verbose
 * image's order and names (f0=R15 ... f9=RDI fa=RSI fb=RDX fc=RCX fd=RBX
 * fe=RAX ff=vector f10=error code f11=RIP f13=RFLAGS f14=RSP), cr2 and
 * the scratch words that are no longer the pattern's, as replay.ts's
 * kmemlab and QEMU lines do.
 * Where the host differs from the image by design: x87, MMX and SSE run
 * (the image sets CR0.EM); a page outside the two is not mapped here (the
 * image's pages there are supervisor pages: its #PF error code has P set,
 * the host's does not); CS, SS and the flags the kernel owns (RF, TF) are
 * the host's. Only the GPRs, RIP, the vector, CR2 and the scratch page
 * are to be read.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define SCRATCH 0x1fe000UL
#define CODE 0x1ff000UL

static uint8_t pattern[4096];

void enter_stream(uint64_t flags);
__asm__(
	".text\n"
	".globl enter_stream\n"
	"enter_stream:\n"
	"	push %rdi\n"
	"	popfq\n"
	"	mov $0x1fe100, %eax\n"
	"	mov $0x1fe180, %ebx\n"
	"	mov $0x20, %ecx\n"
	"	mov $0x1fe280, %edx\n"
	"	mov $0x1fe300, %esi\n"
	"	mov $0x1fe380, %edi\n"
	"	mov $0x1fe400, %ebp\n"
	"	mov $0x1fe480, %r8d\n"
	"	mov $0x1fe500, %r9d\n"
	"	mov $0x1fe580, %r10d\n"
	"	mov $0x1fe600, %r11d\n"
	"	mov $0x1fe680, %r12d\n"
	"	mov $0x1fe700, %r13d\n"
	"	mov $0x1fe780, %r14d\n"
	"	mov $0x1fe7f0, %r15d\n"
	"	mov $0x1fe800, %esp\n"
	"	jmp *entry(%rip)\n"
	".data\n"
	"entry: .quad 0x1ff800\n"
	".text\n");

/* the frame words in bare.inc's order (F_R15 = 0 ... F_SS) from the signal's context */
static void handler(int sig, siginfo_t *si, void *ctx)
{
	/* the kernel leaves AC as the stream set it (a popf): clear it before printf makes an unaligned access (#AC, SIGBUS again) */
	__asm__ volatile("pushfq; andq $~0x40000, (%%rsp); popfq" ::: "memory", "cc");
	const greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	const uint64_t w[22] = {
		g[REG_R15], g[REG_R14], g[REG_R13], g[REG_R12], g[REG_R11], g[REG_R10], g[REG_R9], g[REG_R8],
		g[REG_RBP], g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_RCX], g[REG_RBX], g[REG_RAX],
		g[REG_TRAPNO], g[REG_ERR], g[REG_RIP], (uint64_t)g[REG_CSGSFS] & 0xffff, g[REG_EFL], g[REG_RSP], 0,
	};
	(void)si;
	printf("host (signal %d):", sig);
	for (int i = 0; i < 22; i++)
		printf(" f%x=%llx", i, (unsigned long long)w[i]);
	printf(" cr2=%llx\n", (unsigned long long)g[REG_CR2]);
	for (int i = 0; i < 512; i++) {
		uint64_t now, was;
		memcpy(&now, (void *)(SCRATCH + 8 * i), 8);
		memcpy(&was, pattern + 8 * i, 8);
		if (now != was)
			printf(" m%x=%llx", i, (unsigned long long)now);
	}
	printf("\n%llx %llx %llx\n", (unsigned long long)w[15], (unsigned long long)w[16], (unsigned long long)w[17]);
	fflush(stdout);
	_exit(0);
}

int main(int argc, char **argv)
{
	uint8_t rec[32];
	FILE *f;
	if (argc != 3 || strlen(argv[1]) != 64) {
		fprintf(stderr, "native: usage: native RECORD_HEX PATTERN_BIN\n");
		return 2;
	}
	for (int i = 0; i < 32; i++) {
		unsigned v;
		if (sscanf(argv[1] + 2 * i, "%2x", &v) != 1) {
			fprintf(stderr, "native: bad record\n");
			return 2;
		}
		rec[i] = v;
	}
	f = fopen(argv[2], "rb");
	if (!f || fread(pattern, 1, sizeof(pattern), f) != sizeof(pattern)) {
		fprintf(stderr, "native: cannot read %s\n", argv[2]);
		return 2;
	}
	fclose(f);
	if (mmap((void *)SCRATCH, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)SCRATCH ||
	    mmap((void *)CODE, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)CODE) {
		perror("native: mmap");
		return 2;
	}
	memcpy((void *)SCRATCH, pattern, sizeof(pattern));
	memset((void *)CODE, 0xcc, 4096);
	memcpy((void *)(CODE + 0x800), rec, 16);

	static uint8_t altstack[65536];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO | SA_ONSTACK };
	sigaltstack(&ss, NULL);
	sigemptyset(&sa.sa_mask);
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			sigaction(s, &sa, NULL);
	uint32_t flags;
	memcpy(&flags, rec + 20, 4);
	enter_stream(flags & ~0x100u);	/* (never TF: the host's kernel owns single-stepping) */
	return 3;	/* not reached: the stream ends in an exception */
}
