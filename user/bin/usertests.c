/*
 * usertests: system-call conformance tests run inside the guest, in the
 * spirit of xv6's usertests. Each test runs in its own child process and
 * prints "<name>: OK" or "<name>: FAILED (<why>)"; the exit status is the
 * number of failures. The same binary runs on a Linux host, where the
 * expectations are the same (Linux's errno values and behaviour).
 *   usertests [NAME...]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <dirent.h>

static int failures;
/* one out-of-line report, so the checks stay small (fork_limit's children copy every page of text they touch) */
static void __attribute__((noreturn, noinline, format(printf, 1, 2))) check_failed(const char *fmt, ...)
{
	va_list ap;
	printf("FAILED (");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(")\n");
	fflush(stdout);
	_exit(1);
}
#define CHECK(cond, ...) do { if (!(cond)) check_failed(__VA_ARGS__); } while (0)

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

/*
 * what if a length is huge? Every call must answer at once: ENOMEM beyond
 * the address space or beyond RAM for memory that must be backed
 * (heuristic overcommit), lazy success for what need not be.
 */
#define MAP_NORESERVE 0x4000
static void t_huge_lengths(void)
{
	int fd = open("/dev/zero", O_RDONLY), st;
	char *p, *argv[] = { "true", NULL, NULL };
	pid_t pid;
	CHECK(mmap(NULL, 1UL << 47, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == ENOMEM, "mmap 128 TiB: %d", errno);
	CHECK(mmap(NULL, 1UL << 40, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == ENOMEM, "mmap 1 TiB writable: %d", errno);
	CHECK(mmap(NULL, -4096UL, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == ENOMEM,
	      "mmap length that rounds to 0: %d", errno);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL,
	      "mmap without MAP_PRIVATE or MAP_SHARED: %d", errno);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1) == MAP_FAILED && errno == EINVAL,
	      "mmap unaligned offset: %d", errno);
	p = mmap(NULL, 1UL << 45, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap 32 TiB read-only (not accounted): %d", errno);
	CHECK(p[0] == 0 && p[(1UL << 45) - 1] == 0, "read both ends");
	CHECK(mprotect(p, 1UL << 45, PROT_NONE) == 0, "mprotect 32 TiB: %d", errno);
	CHECK(munmap(p, 1UL << 45) == 0, "munmap 32 TiB: %d", errno);
	p = mmap(NULL, 1UL << 44, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	CHECK(p != MAP_FAILED, "mmap 16 TiB MAP_NORESERVE: %d", errno);
	p[0] = 1;
	p[(1UL << 44) - 1] = 2;
	CHECK(read(fd, p + (1UL << 43), 1 << 16) == 1 << 16, "read 64 KiB of /dev/zero into it: %d", errno);
	pid = fork();	/* copies what is present, not the whole range */
	if (pid == 0)
		_exit(p[0] + p[(1UL << 44) - 1]);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3, "fork: %#x", st);
	CHECK(mprotect(p + 4096, 1UL << 44, PROT_READ) == -1 && errno == ENOMEM, "mprotect past the end: %d", errno);
	CHECK(mprotect(p + 1, 4096, PROT_READ) == -1 && errno == EINVAL, "mprotect unaligned: %d", errno);
	CHECK(munmap(p, 1UL << 44) == 0, "munmap 16 TiB: %d", errno);
	CHECK(munmap(NULL, -4096UL) == -1 && errno == EINVAL, "munmap past TASK_SIZE: %d", errno);
	CHECK(sbrk(1L << 40) == (void *)-1 && errno == ENOMEM, "sbrk 1 TiB: %d", errno);
	CHECK(read(fd, p, -1UL) == -1 && errno == EFAULT, "read with a length that wraps: %d", errno);
	CHECK(syscall(318, NULL, 1UL << 40, 0) == -1 && errno == EFAULT, "getrandom to NULL: %d", errno);
	CHECK(syscall(318, &st, 4, 0x100) == -1 && errno == EINVAL, "getrandom bad flags: %d", errno);
	/* argv + envp beyond a quarter of the 8 MiB stack limit */
	p = malloc(3 << 20);
	CHECK(p, "malloc");
	memset(p, 'x', 3 << 20);
	p[(3 << 20) - 1] = 0;
	argv[1] = p;
	CHECK(execve("/bin/true", argv, NULL) == -1 && errno == E2BIG, "execve 3 MiB argument: %d", errno);
	p[100000] = 0;	/* 100 kB strings are fine one at a time, not 30 of them */
	{
		char *many[32] = { "true" };
		for (int i = 1; i < 31; i++)
			many[i] = p;
		CHECK(execve("/bin/true", many, NULL) == -1 && errno == E2BIG, "execve 3 MB of arguments: %d", errno);
	}
}

/* what if a file name is long? NAME_MAX is 255, and every character counts */
static void t_name_max(void)
{
	char a[300], b[300], buf[8];
	int fd;
	CHECK(chdir("/tmp") == 0, "chdir");
	memset(a, 'n', 255);
	a[255] = 0;
	fd = open(a, O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0, "create a 255-character name: %d", errno);
	close(fd);
	CHECK(access(a, F_OK) == 0, "find it again: %d", errno);
	a[255] = 'n';
	a[256] = 0;
	CHECK(open(a, O_CREAT | O_WRONLY, 0644) == -1 && errno == ENAMETOOLONG, "create 256: %d", errno);
	CHECK(mkdir(a, 0755) == -1 && errno == ENAMETOOLONG, "mkdir 256: %d", errno);
	CHECK(access(a, F_OK) == -1 && errno == ENAMETOOLONG, "look up 256: %d", errno);
	a[255] = 0;
	CHECK(unlink(a) == 0, "unlink: %d", errno);
	memset(a, 'p', 63);
	memcpy(b, a, 63);
	strcpy(a + 63, "-first");
	strcpy(b + 63, "-second");
	fd = open(a, O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && write(fd, "1", 1) == 1, "create first");
	close(fd);
	fd = open(b, O_CREAT | O_EXCL | O_WRONLY, 0644);
	CHECK(fd >= 0, "a second name with the same 63 first characters is another file: %d", errno);
	CHECK(write(fd, "2", 1) == 1, "write second");
	close(fd);
	fd = open(a, O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 8) == 1 && buf[0] == '1', "the first kept its data");
	close(fd);
	CHECK(unlink(a) == 0 && unlink(b) == 0, "unlink both: %d", errno);
}

/*
 * what if the kernel is asked to return to a non-canonical address (a
 * garbage rt_sigreturn frame, a signal handler there)? The return faults
 * in user mode: SIGSEGV for the task, nothing for the kernel.
 */
static void t_bad_return(void)
{
	static unsigned long frame[128];
	int st;
	pid_t pid;
	for (int i = 0; i < 128; i++)
		frame[i] = 0x8000000000001234UL;
	pid = fork();
	if (pid == 0) {
		__asm__ __volatile__("mov %0, %%rsp; mov $15, %%eax; syscall" :: "r"(frame + 64) : "memory");
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "rt_sigreturn: %#x", st);
	pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, (void (*)(int))0x8000000000001234UL);
		kill(getpid(), SIGUSR1);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "handler: %#x", st);
}

/* what if a descriptor number is negative or past the limit? (the fuzzer's first oops: fcntl F_DUPFD) */
static void t_fd_range(void)
{
	CHECK(syscall(72, 0, F_DUPFD, -1L) == -1 && errno == EINVAL, "F_DUPFD -1: %d", errno);
	CHECK(syscall(72, 0, F_DUPFD, (1L << 40) | 9) >= 9, "F_DUPFD takes the low 32 bits: %d", errno);
	CHECK(syscall(72, 0, F_DUPFD_CLOEXEC, -100L) == -1 && errno == EINVAL, "F_DUPFD_CLOEXEC -100: %d", errno);
	CHECK(dup2(0, -1) == -1 && errno == EBADF, "dup2 to -1: %d", errno);
	CHECK(dup2(0, 1 << 20) == -1 && errno == EBADF, "dup2 to 2^20: %d", errno);
	CHECK(syscall(292, 0, 1, 0x1234) == -1 && errno == EINVAL, "dup3 bad flags: %d", errno);
	CHECK(syscall(293, (int *)0, 0) == -1 && errno == EFAULT, "pipe2 to NULL: %d", errno);
	CHECK(syscall(293, (int *)8, 0x1) == -1 && errno == EINVAL, "pipe2 bad flags: %d", errno);
}

/* what if flags and sizes are nonsense? (wait4 options, sigset sizes) */
static void t_bad_args(void)
{
	CHECK(syscall(61, -1, 0, 0x4, 0) == -1 && errno == EINVAL, "wait4 bad options: %d", errno);
	CHECK(syscall(61, -2147483647 - 1, 0, 0, 0) == -1 && errno == ESRCH, "wait4 INT_MIN: %d", errno);
	CHECK(syscall(13, SIGUSR1, 0, 0, 4) == -1 && errno == EINVAL, "rt_sigaction sigsetsize 4: %d", errno);
	CHECK(syscall(14, 0, 0, 0, 16) == -1 && errno == EINVAL, "rt_sigprocmask sigsetsize 16: %d", errno);
	CHECK(syscall(14, 0, 0, 0, 8) == 0, "rt_sigprocmask sigsetsize 8: %d", errno);
	CHECK(symlink("target", "/tmp/usertests-link") == 0 || errno == EEXIST, "symlink: %d", errno);
	CHECK(syscall(89, "/tmp/usertests-link", (char[8]){ 0 }, -1) == -1 && errno == EINVAL, "readlink size -1: %d", errno);
	CHECK(syscall(89, "/tmp/usertests-link", (char[8]){ 0 }, 0) == -1 && errno == EINVAL, "readlink size 0: %d", errno);
	unlink("/tmp/usertests-link");
}

/* a fresh scratch directory under /tmp, made the cwd */
static char scratch_dir[64];
static void scratch(const char *name)
{
	snprintf(scratch_dir, sizeof(scratch_dir), "/tmp/usertests-%s-%d", name, getpid());
	CHECK(mkdir(scratch_dir, 0755) == 0 && chdir(scratch_dir) == 0, "scratch %s: %d", scratch_dir, errno);
}

static void scratch_done(void)
{
	CHECK(chdir("/tmp") == 0 && rmdir(scratch_dir) == 0, "rmdir %s: %d", scratch_dir, errno);
}

static long nlink_of(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0 ? (long)st.st_nlink : -errno;
}

#define ERRNO_IS(call, e) ((call) == -1 && errno == (e))

/* rename(2) and renameat2's errnos in Linux's order of checks, and what moves */
static void t_rename(void)
{
	struct stat a, b;
	int fd;
	scratch("rename");
	CHECK(mkdir("d", 0755) == 0 && mkdir("d/sub", 0755) == 0 && mkdir("e", 0755) == 0 && mkdir("e/full", 0755) == 0, "mkdir");
	CHECK((fd = open("f", O_CREAT | O_WRONLY, 0644)) >= 0 && write(fd, "x", 1) == 1, "create f");
	CHECK(close(open("g", O_CREAT | O_WRONLY, 0644)) == 0 && close(open("e/full/x", O_CREAT | O_WRONLY, 0644)) == 0, "create");
	CHECK(ERRNO_IS(rename("nosuch", "x"), ENOENT), "missing source: %d", errno);
	CHECK(ERRNO_IS(rename("f", "nodir/x"), ENOENT), "missing target dir: %d", errno);
	CHECK(ERRNO_IS(rename("f", "g/x"), ENOTDIR), "target under a file: %d", errno);
	CHECK(ERRNO_IS(rename("f", "h/"), ENOTDIR), "file to a name with a slash: %d", errno);
	CHECK(ERRNO_IS(rename("f/", "h"), ENOTDIR), "file with a slash: %d", errno);
	CHECK(ERRNO_IS(rename("f", "d"), EISDIR), "file over a directory: %d", errno);
	CHECK(ERRNO_IS(rename("d", "f"), ENOTDIR), "directory over a file: %d", errno);
	CHECK(ERRNO_IS(rename("d", "d/sub/x"), EINVAL), "directory into itself: %d", errno);
	CHECK(ERRNO_IS(rename("d", "d/x"), EINVAL), "directory into itself (child): %d", errno);
	CHECK(ERRNO_IS(rename("d/sub", "d"), ENOTEMPTY), "over its own parent: %d", errno);
	CHECK(ERRNO_IS(rename("d", "e"), ENOTEMPTY), "over a directory with entries: %d", errno);
	CHECK(ERRNO_IS(rename(".", "x"), EBUSY) && ERRNO_IS(rename("f", ".."), EBUSY), "dot names: %d", errno);
	CHECK(ERRNO_IS(renameat2(AT_FDCWD, "f", AT_FDCWD, ".", RENAME_NOREPLACE), EEXIST), "noreplace to dot: %d", errno);
	CHECK(ERRNO_IS(rename("f", "/proc/x"), EXDEV) && ERRNO_IS(rename("nosuch", "/proc/x"), EXDEV), "across filesystems: %d", errno);
	if (geteuid() == 0)
		CHECK(ERRNO_IS(rename("/proc", "/proc.usertests"), EBUSY), "a mount point: %d", errno);
	CHECK(ERRNO_IS(renameat2(AT_FDCWD, "f", AT_FDCWD, "g", RENAME_NOREPLACE), EEXIST), "noreplace: %d", errno);
	CHECK(ERRNO_IS(renameat2(AT_FDCWD, "f", AT_FDCWD, "g", RENAME_NOREPLACE | RENAME_EXCHANGE), EINVAL), "two flags: %d", errno);
	CHECK(ERRNO_IS(renameat2(AT_FDCWD, "f", AT_FDCWD, "g", 0x80), EINVAL), "unknown flag: %d", errno);
	CHECK(ERRNO_IS(renameat2(AT_FDCWD, "f", AT_FDCWD, "nosuch", RENAME_EXCHANGE), ENOENT), "exchange with nothing: %d", errno);
	/* what moves: the inode keeps its number and contents, an open file follows it */
	CHECK(lstat("f", &a) == 0 && rename("f", "d/sub/f2") == 0 && lstat("d/sub/f2", &b) == 0 && a.st_ino == b.st_ino, "move");
	CHECK(ERRNO_IS(lstat("f", &a), ENOENT) && write(fd, "y", 1) == 1 && lstat("d/sub/f2", &b) == 0 && b.st_size == 2, "after");
	CHECK(rename("d/sub/f2", "g") == 0 && lstat("g", &b) == 0 && b.st_size == 2 && nlink_of("g") == 1, "replace");
	CHECK(rename("g", "g") == 0 && rename("d", "d") == 0, "onto itself");
	CHECK(ERRNO_IS(rmdir("e/full/x"), ENOTDIR) && unlink("e/full/x") == 0, "unlink");
	/* a directory's link count: 2 and one per subdirectory, moved with it */
	CHECK(nlink_of("d") == 3 && nlink_of("e") == 3, "dir links %ld %ld", nlink_of("d"), nlink_of("e"));
	CHECK(rename("d/sub", "e/sub") == 0 && nlink_of("d") == 2 && nlink_of("e") == 4, "moved dir links %ld %ld", nlink_of("d"), nlink_of("e"));
	CHECK(rename("e/sub", "e/full") == 0 && nlink_of("e") == 3, "empty dir replaced: %ld", nlink_of("e"));
	CHECK(renameat2(AT_FDCWD, "g", AT_FDCWD, "e", RENAME_EXCHANGE) == 0 && lstat("g", &a) == 0 && S_ISDIR(a.st_mode) &&
	      lstat("e", &b) == 0 && S_ISREG(b.st_mode), "exchange");
	CHECK(unlink("e") == 0 && rmdir("g/full") == 0 && rmdir("g") == 0 && rmdir("d") == 0, "cleanup: %d", errno);
	scratch_done();
}

/* link(2): one inode, two names, st_nlink counting them */
static void t_link(void)
{
	struct stat a, b;
	scratch("link");
	CHECK(close(open("f", O_CREAT | O_WRONLY, 0644)) == 0 && mkdir("d", 0755) == 0 && symlink("f", "s") == 0, "create");
	CHECK(link("f", "h") == 0 && lstat("f", &a) == 0 && lstat("h", &b) == 0 && a.st_ino == b.st_ino && a.st_nlink == 2, "link");
	CHECK(link("h", "d/h2") == 0 && nlink_of("f") == 3, "third: %ld", nlink_of("f"));
	CHECK(ERRNO_IS(link("f", "h"), EEXIST) && ERRNO_IS(link("f", "d"), EEXIST), "existing: %d", errno);
	CHECK(ERRNO_IS(link("nosuch", "x"), ENOENT) && ERRNO_IS(link("f", "nodir/x"), ENOENT), "missing: %d", errno);
	CHECK(ERRNO_IS(link("f", "x/"), ENOENT), "new name with a slash: %d", errno);
	CHECK(ERRNO_IS(link("d", "d2"), EPERM), "directory: %d", errno);
	CHECK(ERRNO_IS(link("f", "/dev/usertests-x"), EXDEV), "across filesystems: %d", errno);
	CHECK(ERRNO_IS(linkat(AT_FDCWD, "f", AT_FDCWD, "x", 0x8000), EINVAL), "bad flags: %d", errno);
	CHECK(link("s", "s2") == 0 && lstat("s2", &a) == 0 && S_ISLNK(a.st_mode) && a.st_nlink == 2, "a symlink itself");
	CHECK(linkat(AT_FDCWD, "s", AT_FDCWD, "s3", AT_SYMLINK_FOLLOW) == 0 && lstat("s3", &a) == 0 && S_ISREG(a.st_mode) &&
	      nlink_of("f") == 4, "AT_SYMLINK_FOLLOW: %ld", nlink_of("f"));
	CHECK(unlink("f") == 0 && nlink_of("h") == 3 && unlink("s3") == 0 && unlink("d/h2") == 0 && nlink_of("h") == 1, "unlink");
	CHECK(unlink("h") == 0 && unlink("s") == 0 && unlink("s2") == 0 && rmdir("d") == 0, "cleanup: %d", errno);
	scratch_done();
}

/* getcwd in a directory that was removed: ENOENT (the raw system call: libc may fall back to $PWD) */
static void t_getcwd(void)
{
	char buf[128];
	scratch("getcwd");
	CHECK(syscall(79, buf, sizeof(buf)) == (long)strlen(scratch_dir) + 1 && strcmp(buf, scratch_dir) == 0, "getcwd: %s", buf);
	CHECK(ERRNO_IS(syscall(79, buf, (size_t)5), ERANGE), "short buffer: %d", errno);
	CHECK(rmdir(scratch_dir) == 0, "rmdir: %d", errno);
	CHECK(ERRNO_IS(syscall(79, buf, sizeof(buf)), ENOENT), "removed: %d", errno);
	CHECK(chdir("/tmp") == 0 && syscall(79, buf, sizeof(buf)) == 5 && strcmp(buf, "/tmp") == 0, "back: %s", buf);
}

/* the *at calls with a real directory descriptor: relative names from it, absolute ones ignore it */
static void t_at(void)
{
	struct stat st, st2;
	char buf[64];
	int d, f, fd;
	scratch("at");
	CHECK(mkdir("d", 0755) == 0 && mkdir("other", 0755) == 0, "mkdir");
	CHECK((d = open("d", O_RDONLY | O_DIRECTORY)) >= 0, "open d");
	CHECK(chdir("other") == 0, "cd other");	/* the cwd is elsewhere: every name below is from d */
	CHECK((fd = openat(d, "f", O_WRONLY | O_CREAT | O_EXCL, 0640)) >= 0 && write(fd, "hello", 5) == 5, "openat create: %d", errno);
	close(fd);
	CHECK(fstatat(d, "f", &st, 0) == 0 && st.st_size == 5 && (st.st_mode & 0777) == 0640, "fstatat size %ld", (long)st.st_size);
	CHECK(ERRNO_IS(fstatat(AT_FDCWD, "f", &st2, 0), ENOENT), "f is not in the cwd");
	CHECK(mkdirat(d, "sub", 0700) == 0 && fstatat(d, "sub", &st, 0) == 0 && S_ISDIR(st.st_mode), "mkdirat");
	CHECK(symlinkat("f", d, "ln") == 0 && readlinkat(d, "ln", buf, sizeof(buf)) == 1 && buf[0] == 'f', "symlinkat/readlinkat");
	CHECK(fstatat(d, "ln", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode), "AT_SYMLINK_NOFOLLOW");
	CHECK(fstatat(d, "ln", &st, 0) == 0 && S_ISREG(st.st_mode) && st.st_size == 5, "the link followed from d");
	CHECK(fchmodat(d, "f", 0600, 0) == 0 && fstatat(d, "f", &st, 0) == 0 && (st.st_mode & 0777) == 0600, "fchmodat");
	CHECK(faccessat(d, "f", F_OK, 0) == 0 && ERRNO_IS(faccessat(d, "nope", F_OK, 0), ENOENT), "faccessat");
	CHECK(renameat(d, "f", d, "sub/g") == 0 && fstatat(d, "sub/g", &st, 0) == 0, "renameat: %d", errno);
	CHECK(renameat(d, "sub/g", AT_FDCWD, "g") == 0 && stat("g", &st) == 0, "renameat into the cwd: %d", errno);
	CHECK(linkat(AT_FDCWD, "g", d, "h", 0) == 0 && fstatat(d, "h", &st, 0) == 0 && st.st_nlink == 2, "linkat: %d", errno);
	/* AT_EMPTY_PATH: the descriptor itself */
	CHECK((f = openat(d, "h", O_RDONLY)) >= 0, "open h");
	CHECK(fstatat(f, "", &st, AT_EMPTY_PATH) == 0 && S_ISREG(st.st_mode) && st.st_size == 5, "fstatat AT_EMPTY_PATH");
	CHECK(fstatat(d, "", &st, AT_EMPTY_PATH) == 0 && S_ISDIR(st.st_mode), "fstatat AT_EMPTY_PATH on d");
	CHECK(ERRNO_IS(fstatat(d, "", &st, 0), ENOENT), "an empty name without AT_EMPTY_PATH: %d", errno);
	CHECK(linkat(f, "", d, "i", AT_EMPTY_PATH) == 0 && fstatat(d, "i", &st, 0) == 0 && st.st_nlink == 3, "linkat AT_EMPTY_PATH: %d", errno);
	CHECK(ERRNO_IS(linkat(d, "", d, "j", AT_EMPTY_PATH), EPERM), "linkat AT_EMPTY_PATH of a directory: %d", errno);
	/* errnos: a descriptor that is no directory, none at all; an absolute name ignores dfd; bad flags */
	CHECK(ERRNO_IS(openat(f, "x", O_RDONLY), ENOTDIR), "dfd a file: %d", errno);
	CHECK(ERRNO_IS(mkdirat(99, "x", 0755), EBADF), "dfd 99: %d", errno);
	CHECK(ERRNO_IS(fstatat(-1, "x", &st, 0), EBADF), "dfd -1: %d", errno);
	CHECK(fstatat(99, "/tmp", &st, 0) == 0 && S_ISDIR(st.st_mode), "an absolute name with a bad dfd: %d", errno);
	CHECK(ERRNO_IS(fstatat(d, "h", &st, 0x4), EINVAL), "fstatat flags: %d", errno);
	CHECK(ERRNO_IS(unlinkat(d, "h", 0x1), EINVAL), "unlinkat flags: %d", errno);
	CHECK(ERRNO_IS(unlinkat(d, "sub", 0), EISDIR), "unlinkat a directory: %d", errno);
	CHECK(ERRNO_IS(unlinkat(d, "h", AT_REMOVEDIR), ENOTDIR), "AT_REMOVEDIR on a file: %d", errno);
	/* fchdir and fchmod */
	CHECK(ERRNO_IS(fchdir(f), ENOTDIR) && ERRNO_IS(fchdir(99), EBADF), "fchdir refusals: %d", errno);
	CHECK(fchmod(f, 0444) == 0 && fstat(f, &st) == 0 && (st.st_mode & 0777) == 0444, "fchmod");
	CHECK(fchdir(d) == 0 && getcwd(buf, sizeof(buf)) && !strcmp(strrchr(buf, '/'), "/d"), "fchdir: %s", buf);
	close(f);
	CHECK(unlink("h") == 0 && unlink("i") == 0 && unlink("ln") == 0 && unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR) == 0, "cleanup d");
	CHECK(unlinkat(AT_FDCWD, "../other/g", 0) == 0 && chdir("..") == 0 && rmdir("other") == 0 && rmdir("d") == 0, "cleanup: %d", errno);
	close(d);
	scratch_done();
}

/* a /proc/self/fd/N or fdinfo/N name */
static const char *fdname(const char *dir, int fd)
{
	static char b[4][48];
	static int k;
	k = (k + 1) % 4;
	snprintf(b[k], sizeof(b[k]), "/proc/self/%s/%d", dir, fd);
	return b[k];
}

/* readlink of /proc/self/fd/N, NUL-terminated ("" with errno on failure) */
static const char *fdlink(int fd)
{
	static char b[512];
	ssize_t n = readlink(fdname("fd", fd), b, sizeof(b) - 1);
	b[n < 0 ? 0 : n] = 0;
	return b;
}

/* fdinfo/N: 5.10's three lines (pos, flags in octal, mnt_id); "ino:" after them from 5.14 on, equal to st_ino */
static int fdinfo(int fd, long *pos, unsigned *flags, int *mnt_id)
{
	char b[512], *p;
	struct stat st;
	int f = open(fdname("fdinfo", fd), O_RDONLY), n;
	if (f < 0)
		return -1;
	n = read(f, b, sizeof(b) - 1);
	close(f);
	if (n <= 0)
		return -1;
	b[n] = 0;
	if (strncmp(b, "pos:\t", 5))
		return -2;
	*pos = strtol(b + 5, &p, 10);
	if (strncmp(p, "\nflags:\t0", 9))
		return -3;
	*flags = strtoul(p + 8, &p, 8);
	if (strncmp(p, "\nmnt_id:\t", 9))
		return -4;
	*mnt_id = strtol(p + 9, &p, 10);
	if (strcmp(p, "\n") == 0)
		return 0;
	if (strncmp(p, "\nino:\t", 6) || fstat(fd, &st))
		return -5;
	return strtoul(p + 6, &p, 10) == st.st_ino && !strncmp(p, "\n", 1) ? 0 : -6;
}

/* is mount id with this st_dev in /proc/self/mountinfo? */
static int in_mountinfo(int id, dev_t dev)
{
	static char b[16384];
	char want[32];
	int f = open("/proc/self/mountinfo", O_RDONLY), n = 0, r;
	if (f < 0)
		return 0;
	while (n < (int)sizeof(b) - 1 && (r = read(f, b + n, sizeof(b) - 1 - n)) > 0)
		n += r;
	close(f);
	b[n] = 0;
	snprintf(want, sizeof(want), "%d ", id);
	for (char *l = b; *l; ) {
		char *e = strchr(l, '\n'), *p;
		if (!strncmp(l, want, strlen(want))) {
			unsigned long ma, mi;
			p = strchr(l, ' ');
			p = p ? strchr(p + 1, ' ') : NULL;	/* the parent's id */
			if (!p)
				return 0;
			ma = strtoul(p + 1, &p, 10);
			mi = strtoul(p + 1, &p, 10);
			return ma == ((dev >> 8) & 0xfff) && mi == ((dev & 0xff) | ((dev >> 12) & 0xfff00));
		}
		if (!e)
			break;
		l = e + 1;
	}
	return 0;
}

/* /proc/<pid>/fd and fdinfo: magic links by the open mode, opened again they are the same file (a pipe: the same pipe) */
static void t_procfd(void)
{
	char cwd[256], want[300], c, buf[8];
	struct stat st, st2;
	long pos;
	unsigned flags;
	int fd, ro, wo, again, mnt, p[2], r2, w2, seen[1024] = { 0 }, n;
	scratch("procfd");
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	CHECK((fd = open("f", O_RDWR | O_CREAT, 0644)) >= 0 && write(fd, "hello", 5) == 5, "create f");
	CHECK((ro = open("f", O_RDONLY | O_CLOEXEC)) >= 0 && (wo = open("f", O_WRONLY | O_APPEND)) >= 0, "open f twice");
	/* the link: its mode says how the file is open, readlink its path, stat the file */
	CHECK(lstat(fdname("fd", fd), &st) == 0 && st.st_mode == (S_IFLNK | 0700) && st.st_size == 64, "rw link mode %o size %ld",
	      st.st_mode, (long)st.st_size);
	CHECK(lstat(fdname("fd", ro), &st) == 0 && st.st_mode == (S_IFLNK | 0500), "ro link mode %o", st.st_mode);
	CHECK(lstat(fdname("fd", wo), &st) == 0 && st.st_mode == (S_IFLNK | 0300), "wo link mode %o", st.st_mode);
	snprintf(want, sizeof(want), "%s/f", cwd);
	CHECK(!strcmp(fdlink(fd), want), "readlink: '%s'", fdlink(fd));
	CHECK(stat(fdname("fd", fd), &st) == 0 && fstat(fd, &st2) == 0 && st.st_ino == st2.st_ino && st.st_dev == st2.st_dev &&
	      S_ISREG(st.st_mode), "stat through the link");
	CHECK(lstat("/proc/self/fd", &st) == 0 && st.st_mode == (S_IFDIR | 0500), "fd dir mode %o", st.st_mode);
	/* fdinfo: pos, flags (O_LARGEFILE from open(2), O_CLOEXEC from the table, not in F_GETFL), the mount */
	CHECK((n = fdinfo(fd, &pos, &flags, &mnt)) == 0, "fdinfo format %d", n);
	CHECK(pos == 5 && flags == 0100002 && in_mountinfo(mnt, st2.st_dev), "fdinfo pos %ld flags %o mnt_id %d", pos, flags, mnt);
	CHECK(fdinfo(ro, &pos, &flags, &mnt) == 0 && pos == 0 && flags == 02100000, "ro fdinfo flags %o", flags);
	CHECK(fcntl(ro, F_GETFL) == 0100000, "F_GETFL %o", fcntl(ro, F_GETFL));
	CHECK(fdinfo(wo, &pos, &flags, &mnt) == 0 && flags == 0102001, "wo fdinfo flags %o", flags);
	/* opened again: a new description on the same inode, its own offset */
	CHECK((again = open(fdname("fd", fd), O_RDONLY)) >= 0 && read(again, buf, 5) == 5 && !memcmp(buf, "hello", 5),
	      "open through the link: %d", errno);
	CHECK(fstat(again, &st) == 0 && st.st_ino == st2.st_ino && lseek(fd, 0, SEEK_CUR) == 5, "the same inode");
	close(again);
	CHECK(linkat(AT_FDCWD, fdname("fd", fd), AT_FDCWD, "h", AT_SYMLINK_FOLLOW) == 0 && nlink_of("f") == 2, "linkat through the link: %d",
	      errno);
	CHECK(ERRNO_IS(linkat(AT_FDCWD, fdname("fd", fd), AT_FDCWD, "h2", 0), EPERM) || errno == EXDEV || errno == ENOENT,
	      "linkat of the link itself: %d", errno);
	/* unlinked: "(deleted)", still opened again, never named again */
	CHECK(unlink("f") == 0 && unlink("h") == 0, "unlink");
	snprintf(want, sizeof(want), "%s/f (deleted)", cwd);
	CHECK(!strcmp(fdlink(fd), want), "deleted: '%s'", fdlink(fd));
	CHECK((again = open(fdname("fd", fd), O_RDONLY)) >= 0 && read(again, buf, 5) == 5 && !memcmp(buf, "hello", 5),
	      "open a deleted file through the link: %d", errno);
	close(again);
	CHECK(ERRNO_IS(linkat(AT_FDCWD, fdname("fd", fd), AT_FDCWD, "g", AT_SYMLINK_FOLLOW), ENOENT), "linkat of a deleted file: %d", errno);
	CHECK(ERRNO_IS(linkat(fd, "", AT_FDCWD, "g", AT_EMPTY_PATH), ENOENT), "linkat AT_EMPTY_PATH of a deleted file: %d", errno);
	close(fd);
	close(ro);
	close(wo);
	/* closed or malformed names are not there */
	CHECK(ERRNO_IS(readlink(fdname("fd", fd), buf, sizeof(buf)), ENOENT), "a closed descriptor: %d", errno);
	CHECK(ERRNO_IS(open(fdname("fdinfo", fd), O_RDONLY), ENOENT), "its fdinfo: %d", errno);
	CHECK(ERRNO_IS(lstat("/proc/self/fd/00", &st), ENOENT) && ERRNO_IS(lstat("/proc/self/fd/x", &st), ENOENT), "bad names: %d", errno);
	/* a pipe: "pipe:[ino]", the same pipe opened again from either end */
	CHECK(pipe(p) == 0 && fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "pipe");
	snprintf(want, sizeof(want), "pipe:[%lu]", (unsigned long)st.st_ino);
	CHECK(!strcmp(fdlink(p[0]), want) && !strcmp(fdlink(p[1]), want), "pipe links '%s' '%s'", fdlink(p[0]), fdlink(p[1]));
	CHECK(lstat(fdname("fd", p[0]), &st2) == 0 && st2.st_mode == (S_IFLNK | 0500) && lstat(fdname("fd", p[1]), &st2) == 0 &&
	      st2.st_mode == (S_IFLNK | 0300), "pipe link modes");
	CHECK(fdinfo(p[0], &pos, &flags, &mnt) == 0 && flags == 0 && fdinfo(p[1], &pos, &flags, &mnt) == 0 && flags == 1 &&
	      !in_mountinfo(mnt, st.st_dev), "pipe fdinfo flags %o mnt_id %d", flags, mnt);
	CHECK((r2 = open(fdname("fd", p[0]), O_RDONLY)) >= 0 && (w2 = open(fdname("fd", p[1]), O_WRONLY)) >= 0, "reopen the pipe: %d", errno);
	CHECK(fstat(r2, &st2) == 0 && st2.st_ino == st.st_ino && !strcmp(fdlink(w2), want), "the same pipe");
	CHECK(write(w2, "ab", 2) == 2 && read(r2, &c, 1) == 1 && c == 'a' && read(p[0], &c, 1) == 1 && c == 'b', "data across the ends");
	close(p[1]);
	close(w2);
	CHECK(read(r2, &c, 1) == 0, "EOF when every writer is gone");
	{	/* a pipe is no FIFO: a writer opened with O_NONBLOCK and no reader left is not refused (EPIPE on write) */
		int p2[2];
		signal(SIGPIPE, SIG_IGN);
		CHECK(pipe(p2) == 0 && close(p2[0]) == 0, "pipe 2");
		CHECK((w2 = open(fdname("fd", p2[1]), O_WRONLY | O_NONBLOCK)) >= 0 && ERRNO_IS(write(w2, "z", 1), EPIPE),
		      "no reader: %d", errno);
		close(w2);
		CHECK((w2 = open(fdname("fd", p2[1]), O_RDWR)) >= 0 && write(p2[1], "z", 1) == 1 && read(w2, &c, 1) == 1 && c == 'z',
		      "O_RDWR is both ends: %d", errno);
		close(w2);
		close(p2[1]);
	}
	/* the directory lists exactly the open descriptors (its own among them) */
	{
		DIR *d = opendir("/proc/self/fd");
		struct dirent *de;
		CHECK(d != NULL, "open fd dir");
		while ((de = readdir(d)))
			if (de->d_name[0] != '.') {
				int k = atoi(de->d_name);
				CHECK(k >= 0 && k < 1024 && de->d_type == DT_LNK, "entry %s type %d", de->d_name, de->d_type);
				seen[k] = 1;
			}
		for (int k = 0; k < 1024; k++)
			CHECK(seen[k] == (fcntl(k, F_GETFD) != -1), "descriptor %d listed %d", k, seen[k]);
		closedir(d);
	}
	close(p[0]);
	close(r2);
	scratch_done();
}

/* the state letter of /proc/PID/stat, as ps reads it */
static char proc_state(pid_t pid)
{
	char path[40], buf[256], *p;
	int fd, n;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((fd = open(path, O_RDONLY)) < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : '?';
}

static volatile int got_tstp;
static void on_tstp(int sig) { got_tstp = sig; }

/* stop signals: WUNTRACED and WCONTINUED statuses, the 'T' state, what a handler or SIGKILL changes */
static void t_stop(void)
{
	int st;
	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		/* not forever: should a check fail, this child still ends (each stop ends a sleep early here) */
		for (int i = 0; i < 60; i++)
			sleep(1);
		_exit(0);
	}
	CHECK(kill(pid, SIGSTOP) == 0 && waitpid(pid, &st, WUNTRACED) == pid, "stop");
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP && st == 0x137f, "stopped status %#x", st);
	CHECK(proc_state(pid) == 'T', "state %c", proc_state(pid));
	CHECK(waitpid(pid, &st, WUNTRACED | WNOHANG) == 0, "a stop is reported once");
	CHECK(kill(pid, SIGCONT) == 0 && waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st), "continued %#x", st);
	CHECK(proc_state(pid) != 'T', "state after SIGCONT %c", proc_state(pid));
	CHECK(kill(pid, SIGTSTP) == 0 && waitpid(pid, &st, WUNTRACED) == pid && WSTOPSIG(st) == SIGTSTP, "SIGTSTP %#x", st);
	CHECK(kill(pid, SIGTERM) == 0 && waitpid(pid, &st, WNOHANG) == 0, "SIGTERM waits while stopped");
	CHECK(kill(pid, SIGCONT) == 0 && waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "SIGTERM acts once continued: %#x", st);
	/* a stopped task dies of SIGKILL without SIGCONT; SIGCONT continues even when ignored; a handler catches SIGTSTP */
	pid = fork();
	if (pid == 0) {
		signal(SIGCONT, SIG_IGN);
		signal(SIGTSTP, on_tstp);
		raise(SIGTSTP);
		if (got_tstp != SIGTSTP)
			_exit(3);
		raise(SIGSTOP);
		_exit(7);
	}
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WSTOPSIG(st) == SIGSTOP, "raised SIGSTOP %#x", st);
	CHECK(kill(pid, SIGCONT) == 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "an ignored SIGCONT continues: %#x", st);
	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "stop 3");
	CHECK(kill(pid, SIGKILL) == 0 && waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL %#x", st);
	CHECK(signal(SIGSTOP, on_tstp) == SIG_ERR && errno == EINVAL, "SIGSTOP cannot be caught: %d", errno);
}

/* fork shares a read-only page; mprotect to writable in one process gives it its own copy */
static void t_fork_share(void)
{
	int st;
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap");
	m[0] = 'A';
	CHECK(mprotect(m, 4096, PROT_READ) == 0, "mprotect read-only");
	pid_t pid = fork();
	CHECK(pid >= 0, "fork: %d", errno);
	if (pid == 0) {
		if (mprotect(m, 4096, PROT_READ | PROT_WRITE))
			_exit(2);
		m[0] = 'B';
		_exit(m[0] == 'B' ? 0 : 3);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %#x", st);
	CHECK(m[0] == 'A', "the parent's page changed to %c", m[0]);
	CHECK(mprotect(m, 4096, PROT_READ | PROT_WRITE) == 0, "mprotect writable");
	m[0] = 'C';
	CHECK(m[0] == 'C', "write");
}

/* ---- system-call restart (-ERESTARTSYS, -ERESTARTNOHAND, -ERESTART_RESTARTBLOCK) ---- */
static volatile int got_usr1;
static void on_usr1(int sig) { got_usr1++; }

static void ms_sleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Until pid (the helper's parent) is in state c (S: blocked in the call
 * under test, T: stopped). Should it never get there (an allocation failed
 * under fault injection), the parent is killed: it would otherwise wait
 * forever for this helper, and usertests says "killed by signal 9".
 */
static void wait_state(pid_t pid, char c)
{
	for (int i = 0; proc_state(pid) != c; i++) {
		if (i == 5000) {
			kill(pid, SIGKILL);
			_exit(9);
		}
		ms_sleep(1);
	}
}

static void catch_usr1(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };
	sigaction(SIGUSR1, &sa, NULL);
	got_usr1 = 0;
}

/*
 * A child that acts on its parent once the parent blocks: sends sig (or, for
 * SIGSTOP, stops it for stop_ms and continues it), then, once the parent
 * blocks again, writes a byte to wfd (if wfd >= 0).
 */
static pid_t poke_parent(int sig, long stop_ms, int wfd)
{
	pid_t parent = getpid(), pid = fork();
	if (pid)
		return pid;
	wait_state(parent, 'S');
	kill(parent, sig);
	if (sig == SIGSTOP) {
		wait_state(parent, 'T');
		ms_sleep(stop_ms);
		kill(parent, SIGCONT);
	}
	if (wfd >= 0) {
		ms_sleep(20);
		wait_state(parent, 'S');
		write(wfd, "x", 1);
	}
	_exit(0);
}

static void reap(pid_t pid)
{
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "helper %d status %#x", pid, st);
}

static void t_restart(void)
{
	int p[2], st;
	char c;
	long t0, dt;
	struct timespec req = { 2, 0 }, rem = { 0, 0 };
	pid_t pid, kid;

	/* -ERESTARTSYS: a pipe read restarts after an SA_RESTART handler, is EINTR after one without */
	CHECK(pipe(p) == 0, "pipe");
	catch_usr1(SA_RESTART);
	CHECK((pid = poke_parent(SIGUSR1, 0, p[1])) > 0, "fork: %d", errno);
	CHECK(read(p[0], &c, 1) == 1 && got_usr1 == 1, "SA_RESTART read: errno %d, handler ran %d", errno, got_usr1);
	reap(pid);
	catch_usr1(0);
	CHECK((pid = poke_parent(SIGUSR1, 0, p[1])) > 0, "fork: %d", errno);
	CHECK(read(p[0], &c, 1) == -1 && errno == EINTR && got_usr1 == 1, "read without SA_RESTART: errno %d", errno);
	CHECK(read(p[0], &c, 1) == 1, "the byte after EINTR");
	reap(pid);
	/* -ERESTARTSYS with no handler: a stop and SIGCONT restart the read whatever the flags */
	got_usr1 = 0;
	CHECK((pid = poke_parent(SIGSTOP, 50, p[1])) > 0, "fork: %d", errno);
	CHECK(read(p[0], &c, 1) == 1 && got_usr1 == 0, "read across a stop: errno %d", errno);
	reap(pid);
	/* wait4 is -ERESTARTSYS as well */
	kid = fork();
	if (kid == 0) {
		pause();
		_exit(0);
	}
	CHECK(kid > 0, "fork: %d", errno);
	CHECK((pid = poke_parent(SIGUSR1, 0, -1)) > 0, "fork: %d", errno);
	CHECK(waitpid(kid, &st, 0) == -1 && errno == EINTR, "waitpid without SA_RESTART: errno %d", errno);
	reap(pid);
	catch_usr1(SA_RESTART);
	CHECK((pid = poke_parent(SIGUSR1, 0, -1)) > 0, "fork: %d", errno);
	reap(pid);
	CHECK(got_usr1 == 1, "handler before the kill");
	kill(kid, SIGTERM);
	CHECK(waitpid(kid, &st, 0) == kid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "kid %#x", st);
	/* -ERESTARTNOHAND: pause is EINTR after a handler even with SA_RESTART */
	catch_usr1(SA_RESTART);
	CHECK((pid = poke_parent(SIGUSR1, 0, -1)) > 0, "fork: %d", errno);
	CHECK(pause() == -1 && errno == EINTR && got_usr1 == 1, "pause: errno %d", errno);
	reap(pid);
	/* -ERESTART_RESTARTBLOCK: nanosleep is EINTR after a handler, with the time left in rem */
	CHECK((pid = poke_parent(SIGUSR1, 0, -1)) > 0, "fork: %d", errno);
	CHECK(nanosleep(&req, &rem) == -1 && errno == EINTR, "nanosleep: errno %d", errno);
	/* Linux's hrtimer may add its slack (50 us) to what is left */
	CHECK(rem.tv_sec >= 0 && (rem.tv_sec || rem.tv_nsec) && (rem.tv_sec < 2 || (rem.tv_sec == 2 && rem.tv_nsec < 1000000)),
	      "rem %ld.%09ld", (long)rem.tv_sec, (long)rem.tv_nsec);
	reap(pid);
	/* ... and resumes through restart_syscall after a stop, to the first deadline (not a new 600 ms) */
	req.tv_sec = 0;
	req.tv_nsec = 600000000;
	t0 = now_ms();
	CHECK((pid = poke_parent(SIGSTOP, 400, -1)) > 0, "fork: %d", errno);
	CHECK(nanosleep(&req, &rem) == 0, "nanosleep across a stop: errno %d", errno);
	dt = now_ms() - t0;
	CHECK(dt >= 590 && dt < 900, "slept %ld ms", dt);	/* the guest's tick clock may end it within its last tick */
	reap(pid);
	/* SA_RESETHAND: one delivery, then the default again */
	{
		struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESETHAND }, old;
		got_usr1 = 0;
		CHECK(sigaction(SIGUSR1, &sa, NULL) == 0 && raise(SIGUSR1) == 0 && got_usr1 == 1, "SA_RESETHAND handler");
		CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == SIG_DFL, "SA_RESETHAND: %p", (void *)old.sa_handler);
	}
}

/* ---- job control on the terminal (fd 0 must be one): SIGTTIN, SIGTTOU, TIOCSPGRP ---- */
struct jc_termios { unsigned int c_iflag, c_oflag, c_cflag, c_lflag; unsigned char c_line, c_cc[19]; };
#define JC_TCGETS 0x5401
#define JC_TCSETS 0x5402
#define JC_TIOCGPGRP 0x540F
#define JC_TIOCSPGRP 0x5410
#define JC_TOSTOP 0000400

enum { JC_READ, JC_READ_IGN, JC_WRITE, JC_TCSETS_BG, JC_SPGRP, JC_SPGRP_IGN };

/* a child in its own (background) group doing one thing on the terminal; exits 0 if it went as expected */
static pid_t jc_child(int what)
{
	pid_t pid = fork();
	char c;
	struct jc_termios t;
	if (pid)
		return pid;
	setpgid(0, 0);
	signal(SIGTTIN, what == JC_READ_IGN ? SIG_IGN : SIG_DFL);
	signal(SIGTTOU, what == JC_SPGRP_IGN ? SIG_IGN : SIG_DFL);
	switch (what) {
	case JC_READ:
		_exit(read(0, &c, 1) == -1 ? 10 + errno : 0);
	case JC_READ_IGN:
		_exit(read(0, &c, 1) == -1 && errno == EIO ? 0 : 3);
	case JC_WRITE:
		_exit(write(2, "", 0) < 0 ? 4 : 0);
	case JC_TCSETS_BG:
		ioctl(0, JC_TCGETS, &t);
		_exit(ioctl(0, JC_TCSETS, &t) ? 5 : 0);
	case JC_SPGRP:
	case JC_SPGRP_IGN: {
		pid_t me = getpid();
		_exit(ioctl(0, JC_TIOCSPGRP, &me) ? 6 : 0);
	}
	}
	_exit(7);
}

/* the child stops with sig; continued in the foreground, it finishes its call and exits 0 */
static void jc_expect_stop(pid_t pid, int sig, const char *what)
{
	int st;
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == sig, "%s: status %#x", what, st);
	CHECK(proc_state(pid) == 'T', "%s: state %c", what, proc_state(pid));
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st), "%s: killed %#x", what, st);
}

static void jc_expect_exit(pid_t pid, const char *what)
{
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: status %#x", what, st);
}

static void t_jobctl(void)
{
	pid_t fg, me = getpgrp(), pid, gone;
	struct jc_termios t;
	int p[2], st;
	char r;
	CHECK(isatty(0) && isatty(2), "stdin and stderr must be a terminal");
	signal(SIGTTOU, SIG_IGN);	/* as a shell taking the terminal */
	CHECK(ioctl(0, JC_TIOCGPGRP, &fg) == 0 && ioctl(0, JC_TIOCSPGRP, &me) == 0, "take the terminal: %d", errno);
	jc_expect_stop(jc_child(JC_READ), SIGTTIN, "background read");
	jc_expect_exit(jc_child(JC_READ_IGN), "background read, SIGTTIN ignored: EIO");
	jc_expect_exit(jc_child(JC_WRITE), "background write without tostop");
	CHECK(ioctl(0, JC_TCGETS, &t) == 0, "TCGETS");
	t.c_lflag |= JC_TOSTOP;
	CHECK(ioctl(0, JC_TCSETS, &t) == 0, "tostop");
	jc_expect_stop(jc_child(JC_WRITE), SIGTTOU, "background write with tostop");
	t.c_lflag &= ~JC_TOSTOP;
	CHECK(ioctl(0, JC_TCSETS, &t) == 0, "-tostop");
	jc_expect_stop(jc_child(JC_TCSETS_BG), SIGTTOU, "background TCSETS");
	jc_expect_stop(jc_child(JC_SPGRP), SIGTTOU, "background TIOCSPGRP");
	jc_expect_exit(jc_child(JC_SPGRP_IGN), "background TIOCSPGRP, SIGTTOU ignored");
	CHECK(ioctl(0, JC_TIOCSPGRP, &me) == 0, "the terminal back: %d", errno);
	/* TIOCSPGRP's refusals: no such group, a negative one, a group of another session; no terminal after setsid */
	gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	CHECK(ioctl(0, JC_TIOCSPGRP, &gone) == -1 && errno == ESRCH, "a group that is gone: %d", errno);
	pid = -2;
	CHECK(ioctl(0, JC_TIOCSPGRP, &pid) == -1 && errno == EINVAL, "negative group: %d", errno);
	CHECK(pipe(p) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		pid_t self;
		setsid();
		self = getpid();
		r = ioctl(0, JC_TIOCSPGRP, &self) == -1 && errno == ENOTTY ? 'y' : 'n';
		write(p[1], &r, 1);
		pause();
		_exit(0);
	}
	CHECK(read(p[0], &r, 1) == 1 && r == 'y', "TIOCSPGRP from another session: not ENOTTY");
	CHECK(ioctl(0, JC_TIOCSPGRP, &pid) == -1 && errno == EPERM, "a group of another session: %d", errno);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	/* an orphaned group reads EIO (no stop: nobody would continue it) */
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		pid_t first = getpid();
		if (fork() == 0) {
			char c;
			signal(SIGTTIN, SIG_DFL);
			for (int i = 0; getppid() == first && i < 5000; i++)	/* until init (or a subreaper) has it */
				ms_sleep(1);
			c = read(0, &c, 1) == -1 && errno == EIO ? 'y' : 'n';
			write(p[1], &c, 1);
			_exit(0);
		}
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid, "orphan's parent");
	CHECK(read(p[0], &r, 1) == 1 && r == 'y', "orphaned group's read: not EIO");
	CHECK(ioctl(0, JC_TIOCSPGRP, &fg) == 0, "the terminal back to the caller's group: %d", errno);
}

static const struct { const char *name; void (*fn)(void); } tests[] = {
	{ "efault", t_efault }, { "page_boundary", t_page_boundary }, { "emfile", t_emfile },
	{ "pipe_eof", t_pipe_eof }, { "sigsegv", t_sigsegv }, { "exec_errors", t_exec_errors },
	{ "wait_nochild", t_wait_nochild }, { "brk", t_brk }, { "fork_limit", t_fork_limit },
	{ "huge_lengths", t_huge_lengths }, { "name_max", t_name_max }, { "bad_return", t_bad_return },
	{ "fd_range", t_fd_range }, { "bad_args", t_bad_args }, { "rename", t_rename }, { "link", t_link },
	{ "stop", t_stop }, { "restart", t_restart }, { "fork_share", t_fork_share }, { "at", t_at }, { "procfd", t_procfd }, { "getcwd", t_getcwd },
	{ "jobctl", t_jobctl },	/* needs a terminal: run only when named */
};

int main(int argc, char **argv)
{
	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int status, want = argc < 2 && strcmp(tests[i].name, "jobctl");
		pid_t pid;
		for (int a = 1; a < argc; a++)
			want |= !strcmp(argv[a], tests[i].name);
		if (!want)
			continue;
		printf("%s: ", tests[i].name);
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			printf("FAILED (fork: %s)\n", strerror(errno));
			failures++;
			continue;
		}
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
