/*
 * sysfuzz: a system-call fuzzer that runs in the guest.
 *   sysfuzz [-s SEED] [-n CALLS] [-b BATCH] [-w SECONDS] [-B N] [-v]
 *
 * Every system call number (0-511, plus a few outside the table) is
 * called, four times in five one the kernel has (a first child probes
 * which numbers answer something other than ENOSYS), with hostile
 * arguments drawn from a pool: NULL, kernel,
 * non-canonical and unmapped pointers, a buffer that ends at an unmapped
 * page, huge and negative lengths, random flags, the fuzzer's own file
 * descriptors and paths. The run is a sequence of batches of BATCH calls,
 * until CALLS calls have been made; each batch runs in a child process of
 * its own, so a call that kills, stops or wrecks the caller ends only its
 * batch. Everything
 * follows from SEED: batch N of a seed is the same calls every time, and
 * `-B N -v` replays just that batch, printing each call before it is made.
 *
 * The watchdog: before each call the child records it (batch, index,
 * number, arguments) in /tmp/fz/.rec; the parent waits for the child at
 * most -w seconds (default 5, on the guest's clock) and otherwise reports
 * the call it is stuck in and kills it. A progress line every 20 batches
 * names the last batch started, so if the whole machine stops, the host
 * sees which batch to replay (and the kernel's soft lockup detector names
 * the code that stopped it).
 *
 * Calls that Linux lets root make and that would end the experiment
 * rather than test the kernel are kept tame: no reboot, no exit, kill
 * only itself (and never with a stop signal), syslog never clears the log, mount/umount2 and every path
 * stay under /tmp/fz, and a child created by fork/vfork/clone leaves at
 * once. Output: one summary line; exit status 0, or 1 if the parent
 * itself failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define NR_MAX 512		/* numbers tried: the table and past it */
#define REC_FD 63		/* the record file, out of the way of dup2(small) */
#define BUF_SIZE 8192

struct rec { long batch, index, nr, arg[6]; };

static unsigned long rng;
static unsigned char known[NR_MAX];	/* answered something other than ENOSYS when probed */
static int nknown;

static unsigned long next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dUL;
}

static unsigned long pick(unsigned long n)
{
	return n ? next() % n : 0;
}

static long raw_syscall(long nr, const long a[6])
{
	register long r10 __asm__("r10") = a[3], r8 __asm__("r8") = a[4], r9 __asm__("r9") = a[5];
	long ret;
	__asm__ __volatile__("syscall" : "=a"(ret)
			     : "0"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}

/* the child's world, set up at the start of every batch */
static char *buf;		/* BUF_SIZE writable bytes, then an unmapped page */
static int fds[8];
static const char *const paths[] = {
	"/tmp/fz/a", "/tmp/fz/b", "/tmp/fz/sub", "/tmp/fz/sub/c", "/tmp/fz/mnt", "a", "sub/../a", ".", "..",
	"/proc/self/stat", "/proc/self/status", "/nonexistent", "", "/tmp/fz/a/", "/tmp/fz/link",
};

static unsigned long hostile(void)
{
	static const unsigned long fixed[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 64, 255, 256, 4095, 4096, 4097, 65536, 1UL << 20, 1UL << 31,
		(1UL << 31) - 1, 1UL << 32, 0xffffffffUL, 1UL << 47, (1UL << 47) - 4096, 1UL << 63, -1UL, -2UL,
		-4096UL, -4095UL, 0x7fffffffffffUL, 0x7ffffffff000UL,
		0xffff888000000000UL, 0xffffffff80200000UL, 0xffffffffff600000UL, 0xffffc90000000000UL,
		0xffffffffa0000000UL, 0x0000800000000000UL, 0x8000000000000000UL, 0xdead000000000100UL,
		0x1000, 0x400000, 0x401000,
	};
	switch (pick(10)) {
	case 0: case 1:
		return fixed[pick(sizeof(fixed) / sizeof(fixed[0]))];
	case 2:
		return (unsigned long)(buf + pick(BUF_SIZE));
	case 3:
		return (unsigned long)(buf + BUF_SIZE - pick(16));	/* runs into the unmapped page */
	case 4:
		return (unsigned long)paths[pick(sizeof(paths) / sizeof(paths[0]))];
	case 5:
		return fds[pick(8)];
	case 6:
		return pick(64);
	case 7:
		return next() & 0xffffffffUL;
	case 8:
		return 1UL << pick(64);
	default:
		return next();
	}
}

static int excluded_nr(long nr)
{
	/* exit, exit_group, reboot, pause, rt_sigsuspend */
	return nr == 60 || nr == 231 || nr == 169 || nr == 34 || nr == 130;
}

/* Which call comes next, and its arguments, kept tame where the docs above say. */
static long make_call(long a[6])
{
	long nr;
	for (;;) {
		unsigned r = pick(100);
		if (r < 80 && nknown) {
			for (nr = pick(NR_MAX); !known[nr]; nr = (nr + 1) % NR_MAX)
				;
		} else {
			nr = r < 97 ? (long)pick(NR_MAX) : r == 97 ? -1 : r == 98 ? 0x40000000L + (long)pick(NR_MAX) : (long)next();
		}
		if (!excluded_nr(nr))
			break;
	}
	for (int i = 0; i < 6; i++)
		a[i] = hostile();
	switch (nr) {
	case 62: case 200:	/* kill, tkill: only ourselves, and no stop signal (nothing would continue us) */
		a[0] = getpid();
		if (a[1] == SIGSTOP || a[1] == SIGTSTP || a[1] == SIGTTIN || a[1] == SIGTTOU)
			a[1] = 0;
		break;
	case 234:		/* tgkill */
		a[0] = a[1] = getpid();
		if (a[2] == SIGSTOP || a[2] == SIGTSTP || a[2] == SIGTTIN || a[2] == SIGTTOU)
			a[2] = 0;
		break;
	case 103:		/* syslog: read, read all, size; never clear */
		a[0] = (long[]){ 3, 9, 10 }[pick(3)];
		break;
	case 165:		/* mount, umount2: only below /tmp/fz */
		a[1] = (long)"/tmp/fz/mnt";
		break;
	case 166:
		a[0] = (long)"/tmp/fz/mnt";
		break;
	}
	return nr;
}

static void setup_child(int verbose)
{
	int p[2];
	/* no terminal: a read must not wait for a user (stderr stays for -v) */
	int null = open("/dev/null", O_RDWR);
	dup2(null, 0);
	dup2(null, 1);
	if (!verbose)
		dup2(null, 2);
	close(null);
	buf = mmap(NULL, BUF_SIZE + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		_exit(111);
	munmap(buf + BUF_SIZE, 4096);
	for (int i = 0; i < BUF_SIZE; i += 8) {
		unsigned long v = pick(4) ? next() : hostile();
		memcpy(buf + i, &v, 8);
	}
	fds[0] = open("/tmp/fz/a", O_RDWR | O_CREAT, 0644);
	fds[1] = open("/tmp/fz", O_RDONLY | O_DIRECTORY);
	fds[2] = open("/dev/null", O_RDWR);
	fds[3] = open("/proc/self/stat", O_RDONLY);
	if (pipe2(p, O_NONBLOCK) == 0) {
		fds[4] = p[0];
		fds[5] = p[1];
	}
	fds[6] = -1;
	fds[7] = 1000;
	chdir("/tmp/fz");
}

static int excluded_nr(long nr);

/*
 * Children call every number with arguments that are all -1 and report,
 * a byte a number, which exist; a number that kills its prober exists.
 */
static void probe(void)
{
	static const long bad[6] = { -1, -1, -1, -1, -1, -1 };
	long start = 0;
	while (start < NR_MAX) {
		int p[2];
		long got = 0;
		ssize_t n;
		pid_t pid;
		if (pipe(p))
			return;
		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_RDWR);
			close(p[0]);
			dup2(null, 0);
			for (long nr = start; nr < NR_MAX; nr++) {
				long ret = excluded_nr(nr) ? -ENOSYS : raw_syscall(nr, bad);
				unsigned char k = ret != -ENOSYS;
				if (ret == 0 && (nr == 56 || nr == 57 || nr == 58 || nr == 435))
					raw_syscall(60, (long[6]){ 0 });
				write(p[1], &k, 1);
			}
			_exit(0);
		}
		close(p[1]);
		while (pid > 0 && start + got < NR_MAX && (n = read(p[0], known + start + got, NR_MAX - start - got)) > 0)
			got += n;
		close(p[0]);
		while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		if (pid < 0)
			return;
		start += got;
		if (start < NR_MAX)
			known[start++] = 1;
	}
	for (int i = 0; i < NR_MAX; i++)
		nknown += known[i];
}

static void record(const struct rec *r)
{
	lseek(REC_FD, 0, SEEK_SET);
	write(REC_FD, r, sizeof(*r));
}

static void print_call(const char *what, const struct rec *r)
{
	fprintf(stderr, "sysfuzz: %sbatch %ld call %ld: syscall %ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n", what, r->batch,
		r->index, r->nr, r->arg[0], r->arg[1], r->arg[2], r->arg[3], r->arg[4], r->arg[5]);
}

static void run_batch(unsigned long seed, long batch, int calls, int verbose)
{
	struct rec r = { batch, 0, 0, { 0 } };
	rng = seed * 0x9e3779b97f4a7c15UL + batch * 0xbf58476d1ce4e5b9UL + 1;
	setup_child(verbose);
	for (int i = 0; i < calls; i++) {
		long a[6], nr = make_call(a), ret;
		r.index = i;
		r.nr = nr;
		memcpy(r.arg, a, sizeof(a));
		record(&r);
		if (verbose) {
			print_call("", &r);
			fflush(stderr);
		}
		ret = raw_syscall(nr, a);
		/* a new process (fork, vfork, clone) must not fuzz on */
		if (ret == 0 && (nr == 56 || nr == 57 || nr == 58 || nr == 435))
			raw_syscall(60, (long[6]){ 0 });
	}
	r.index = calls;
	record(&r);
	_exit(0);
}

int main(int argc, char **argv)
{
	unsigned long seed = 1;
	long calls = 2000, only = -1, b;
	int batch = 50, wait_s = 5, verbose = 0, opt, rec;
	long made = 0, signalled = 0, stuck = 0, idle = 0;

	while ((opt = getopt(argc, argv, "s:n:b:w:B:v")) != -1) {
		switch (opt) {
		case 's': seed = strtoul(optarg, NULL, 0); break;
		case 'n': calls = strtol(optarg, NULL, 0); break;
		case 'b': batch = atoi(optarg); break;
		case 'w': wait_s = atoi(optarg); break;
		case 'B': only = strtol(optarg, NULL, 0); break;
		case 'v': verbose = 1; break;
		default:
			fprintf(stderr, "usage: sysfuzz [-s SEED] [-n CALLS] [-b BATCH] [-w SECONDS] [-B N] [-v]\n");
			return 2;
		}
	}
	if (batch < 1 || calls < 1 || wait_s < 1) {
		fprintf(stderr, "sysfuzz: -n, -b and -w must be positive\n");
		return 2;
	}
	mkdir("/tmp/fz", 0755);
	mkdir("/tmp/fz/sub", 0755);
	mkdir("/tmp/fz/mnt", 0755);
	symlink("a", "/tmp/fz/link");
	rec = open("/tmp/fz/.rec", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (rec < 0 || dup2(rec, REC_FD) != REC_FD) {
		perror("sysfuzz: /tmp/fz/.rec");
		return 1;
	}
	close(rec);
	signal(SIGPIPE, SIG_IGN);
	probe();
	for (b = only >= 0 ? only : 0; only >= 0 ? b == only : made < calls; b++) {
		int n = only >= 0 || calls - made >= batch ? batch : calls - made, st = 0;
		struct rec r = { b, 0, -1, { 0 } };
		pid_t pid;
		long waited = 0;
		if (b % 20 == 0 && only < 0) {
			printf("sysfuzz: seed %lu: batch %ld, %ld calls made\n", seed, b, made);
			fflush(stdout);
		}
		record(&r);
		fflush(0);
		pid = fork();
		if (pid < 0) {
			perror("sysfuzz: fork");
			return 1;
		}
		if (pid == 0)
			run_batch(seed, b, n, verbose);
		for (;;) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			pid_t w = waitpid(pid, &st, WNOHANG);
			if (w == pid)
				break;
			if (w < 0 && errno != EINTR) {
				perror("sysfuzz: waitpid");
				return 1;
			}
			if (waited == wait_s * 100L) {
				lseek(REC_FD, 0, SEEK_SET);
				read(REC_FD, &r, sizeof(r));
				print_call("watchdog: ", &r);
				fprintf(stderr, "sysfuzz: watchdog: no progress for %d s, killing the child\n", wait_s);
				kill(pid, SIGKILL);
				stuck++;
			}
			nanosleep(&ts, NULL);
			waited++;
		}
		lseek(REC_FD, 0, SEEK_SET);
		if (read(REC_FD, &r, sizeof(r)) == sizeof(r) && r.batch == b && (r.index || r.nr >= 0)) {
			made += r.index + (r.index < n);	/* the call it died in counts */
			idle = 0;
		} else if (++idle == 100) {
			fprintf(stderr, "sysfuzz: 100 batches in a row made no call\n");
			return 1;
		}
		if (WIFSIGNALED(st))
			signalled++;
	}
	printf("sysfuzz: seed %lu: %ld calls in %ld batches (%d numbers known), %ld children ended by a signal, %ld stuck\n",
	       seed, made, only >= 0 ? 1 : b, nknown, signalled, stuck);
	return 0;
}
