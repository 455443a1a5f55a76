/*
 * usertests: system-call conformance tests run inside the guest, in the
 * spirit of xv6's usertests. Each test runs in its own child process and
 * prints "<name>: OK" or "<name>: FAILED (<why>)"; the exit status is the
 * number of failures. The same binary runs on a Linux host, where the
 * expectations are the same (Linux's errno values and behaviour).
 *   usertests [NAME...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/stat.h>

static int failures;
#define CHECK(cond, ...) do { if (!(cond)) { printf("FAILED ("); printf(__VA_ARGS__); printf(")\n"); fflush(stdout); _exit(1); } } while (0)

/* read/write/open with pointers the kernel must refuse with EFAULT */
static void t_efault(void)
{
	int fd = open("/proc/self/comm", O_RDONLY);
	CHECK(fd >= 0, "open");
	CHECK(read(fd, (void *)8, 16) == -1 && errno == EFAULT, "read to NULL page: %d", errno);
	CHECK(write(1, (void *)0x7ffffffff000ul, 4) == -1 && errno == EFAULT, "write from unmapped: %d", errno);
	CHECK(open((char *)0xffff888000000000ul, O_RDONLY) == -1 && errno == EFAULT, "kernel pointer path: %d", errno);
	CHECK(read(fd, (void *)0xffffffff80200000ul, 4) == -1 && errno == EFAULT, "read into the kernel: %d", errno);
}

/* a path string that ends exactly at the end of a mapping */
static void t_page_boundary(void)
{
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap");
	CHECK(munmap(m + 4096, 4096) == 0, "munmap");
	memcpy(m + 4096 - 5, "/tmp", 5);	/* NUL is the last byte of the page */
	CHECK(access(m + 4096 - 5, F_OK) == 0, "access at the boundary: %d", errno);
	memcpy(m + 4096 - 4, "/tmp", 4);	/* no NUL before the unmapped page */
	CHECK(access(m + 4096 - 4, F_OK) == -1 && errno == EFAULT, "unterminated: %d", errno);
}

static void t_emfile(void)
{
	int n = 0;
	while (open("/dev/null", O_RDONLY) >= 0)
		n++;
	CHECK(errno == EMFILE, "errno %d after %d opens", errno, n);
	CHECK(n > 16, "only %d descriptors", n);
}

static void t_pipe_eof(void)
{
	int p[2];
	char c;
	CHECK(pipe(p) == 0, "pipe");
	CHECK(write(p[1], "x", 1) == 1, "write");
	close(p[1]);
	CHECK(read(p[0], &c, 1) == 1 && c == 'x', "read data");
	CHECK(read(p[0], &c, 1) == 0, "EOF after the writer closed");
	CHECK(pipe(p) == 0, "pipe 2");
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE, "EPIPE: %d", errno);
}

/* fork until the kernel says EAGAIN (its thread limit), then clean up */
static void t_fork_limit(void)
{
	static pid_t kids[100000];
	int n = 0, err = 0;
	for (;;) {
		pid_t pid = fork();
		if (pid == 0) {
			pause();
			_exit(0);
		}
		if (pid < 0) {
			err = errno;
			break;
		}
		kids[n++] = pid;
		if (n == 100000)
			break;
	}
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	CHECK(err == EAGAIN, "fork stopped with errno %d after %d", err, n);
	{
		pid_t again = fork();
		if (again == 0)
			_exit(0);
		CHECK(again > 0, "fork still fails after the children were reaped: %d", errno);
		waitpid(again, NULL, 0);
	}
}

static void t_sigsegv(void)
{
	int status;
	pid_t pid = fork();
	if (pid == 0) {
		volatile long zero = 0;
		volatile int *null = (volatile int *)(zero + 16);
		*null = 1;
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "status %#x", status);
}

static void t_exec_errors(void)
{
	char *argv[] = { "x", NULL };
	CHECK(execve("/nonexistent", argv, NULL) == -1 && errno == ENOENT, "ENOENT: %d", errno);
	CHECK(execve("/proc/cmdline", argv, NULL) == -1 && errno == EACCES, "EACCES: %d", errno);
	CHECK(execve("/tmp", argv, NULL) == -1 && errno == EACCES, "a directory: %d", errno);
}

static void t_wait_nochild(void)
{
	int st;
	CHECK(wait(&st) == -1 && errno == ECHILD, "ECHILD: %d", errno);
}

static void t_brk(void)
{
	char *p = malloc(1 << 20);
	CHECK(p, "malloc 1 MiB");
	memset(p, 1, 1 << 20);
	CHECK(p[(1 << 20) - 1] == 1, "touch");
	free(p);
}

static const struct { const char *name; void (*fn)(void); } tests[] = {
	{ "efault", t_efault }, { "page_boundary", t_page_boundary }, { "emfile", t_emfile },
	{ "pipe_eof", t_pipe_eof }, { "sigsegv", t_sigsegv }, { "exec_errors", t_exec_errors },
	{ "wait_nochild", t_wait_nochild }, { "brk", t_brk }, { "fork_limit", t_fork_limit },
};

int main(int argc, char **argv)
{
	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int status, want = argc < 2;
		pid_t pid;
		for (int a = 1; a < argc; a++)
			want |= !strcmp(argv[a], tests[i].name);
		if (!want)
			continue;
		printf("%s: ", tests[i].name);
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			setpgid(0, 0);
			tests[i].fn();
			printf("OK\n");
			fflush(stdout);
			_exit(0);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
			if (WIFSIGNALED(status))
				printf("FAILED (killed by signal %d)\n", WTERMSIG(status));
			failures++;
		}
	}
	return failures;
}
