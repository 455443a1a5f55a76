/*
 * sys.c: thin system call wrappers (Linux x86-64 numbers; -1 + errno on
 * failure). The complete list of system calls user space makes is in
 * syscall.h.
 */
#include <unistd.h>
#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/klog.h>
#include <sys/module.h>
#include <sys/ioctl.h>
#include <stdlib.h>
#include "syscall.h"

ssize_t read(int fd, void *buf, size_t n) { return __ret(sys3(SYS_read, fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n) { return __ret(sys3(SYS_write, fd, buf, n)); }
int close(int fd) { return __ret(sys1(SYS_close, fd)); }
off_t lseek(int fd, off_t off, int whence) { return __ret(sys3(SYS_lseek, fd, off, whence)); }

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return __ret(sys3(SYS_open, path, flags, mode));
}

int creat(const char *path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	return __ret(sys3(SYS_fcntl, fd, cmd, arg));
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	va_start(ap, req);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	return __ret(sys3(SYS_ioctl, fd, req, arg));
}

int isatty(int fd)
{
	char termios[64];
	return ioctl(fd, TCGETS, termios) == 0;
}

int pipe(int fds[2]) { return __ret(sys1(SYS_pipe, fds)); }
int pipe2(int fds[2], int flags) { return __ret(sys2(SYS_pipe2, fds, flags)); }
int dup(int fd) { return __ret(sys1(SYS_dup, fd)); }
int dup2(int fd, int fd2) { return __ret(sys2(SYS_dup2, fd, fd2)); }
pid_t fork(void) { return __ret(sys0(SYS_fork)); }
pid_t getpid(void) { return sys0(SYS_getpid); }
pid_t getppid(void) { return sys0(SYS_getppid); }
pid_t getpgrp(void) { return sys0(SYS_getpgrp); }
pid_t getsid(pid_t pid) { return __ret(sys1(SYS_getsid, pid)); }
pid_t setsid(void) { return __ret(sys0(SYS_setsid)); }
/* the kernel answers 20 - nice (1..40) so that errors stay negative; libc turns it back */
int getpriority(int which, int who)
{
	long r = sys2(SYS_getpriority, which, who);
	return r < 0 ? __ret(r) : 20 - (int)r;
}
int utimensat(int dfd, const char *path, const struct timespec t[2], int flags) { return __ret(sys4(SYS_utimensat, dfd, path, t, flags)); }
int setpriority(int which, int who, int prio) { return __ret(sys3(SYS_setpriority, which, who, prio)); }
int pause(void) { return __ret(sys0(SYS_pause)); }
uid_t getuid(void) { return sys0(SYS_getuid); }
uid_t geteuid(void) { return sys0(SYS_geteuid); }
gid_t getgid(void) { return sys0(SYS_getgid); }
int setpgid(pid_t pid, pid_t pgid) { return __ret(sys2(SYS_setpgid, pid, pgid)); }
int execve(const char *path, char *const argv[], char *const envp[]) { return __ret(sys3(SYS_execve, path, argv, envp)); }
int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }
pid_t waitpid(pid_t pid, int *status, int options) { return __ret(sys4(SYS_wait4, pid, status, options, 0)); }
pid_t wait(int *status) { return waitpid(-1, status, 0); }
int kill(pid_t pid, int sig) { return __ret(sys2(SYS_kill, pid, sig)); }
int raise(int sig) { return kill(getpid(), sig); }
int chdir(const char *path) { return __ret(sys1(SYS_chdir, path)); }
int rmdir(const char *path) { return __ret(sys1(SYS_rmdir, path)); }
int unlink(const char *path) { return __ret(sys1(SYS_unlink, path)); }
int remove(const char *path)
{
	if (unlink(path) == 0)
		return 0;
	if (errno == EISDIR)
		return rmdir(path);
	return -1;
}
int rename(const char *a, const char *b) { return __ret(sys2(SYS_rename, a, b)); }
int renameat2(int olddfd, const char *a, int newdfd, const char *b, unsigned int flags)
{
	return __ret(sys5(SYS_renameat2, olddfd, a, newdfd, b, flags));
}
int link(const char *a, const char *b) { return __ret(sys2(SYS_link, a, b)); }
int linkat(int olddfd, const char *a, int newdfd, const char *b, int flags)
{
	return __ret(sys5(SYS_linkat, olddfd, a, newdfd, b, flags));
}
int symlink(const char *a, const char *b) { return __ret(sys2(SYS_symlink, a, b)); }
ssize_t readlink(const char *path, char *buf, size_t n) { return __ret(sys3(SYS_readlink, path, buf, n)); }
int access(const char *path, int mode) { return __ret(sys2(SYS_access, path, mode)); }
void sync(void) { sys0(SYS_sync); }
int fsync(int fd) { return __ret(sys1(SYS_fsync, fd)); }
int truncate(const char *path, off_t len) { return __ret(sys2(SYS_truncate, path, len)); }
int ftruncate(int fd, off_t len) { return __ret(sys2(SYS_ftruncate, fd, len)); }
int sethostname(const char *name, size_t len) { return __ret(sys2(SYS_sethostname, name, len)); }
int stat(const char *path, struct stat *st) { return __ret(sys2(SYS_stat, path, st)); }
int lstat(const char *path, struct stat *st) { return __ret(sys2(SYS_lstat, path, st)); }
int fstat(int fd, struct stat *st) { return __ret(sys2(SYS_fstat, fd, st)); }
int mkdir(const char *path, mode_t mode) { return __ret(sys2(SYS_mkdir, path, mode)); }
int chmod(const char *path, mode_t mode) { return __ret(sys2(SYS_chmod, path, mode)); }
mode_t umask(mode_t mask) { return sys1(SYS_umask, mask); }
int mknod(const char *path, mode_t mode, dev_t dev) { return __ret(sys3(SYS_mknod, path, mode, dev)); }

char *getcwd(char *buf, size_t size)
{
	long r = __ret(sys2(SYS_getcwd, buf, size));
	return r < 0 ? 0 : buf;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = sys6(SYS_mmap, addr, len, prot, flags, fd, off);
	if ((unsigned long)r > -4096UL) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}
int munmap(void *addr, size_t len) { return __ret(sys2(SYS_munmap, addr, len)); }
int mprotect(void *addr, size_t len, int prot) { return __ret(sys3(SYS_mprotect, addr, len, prot)); }

int uname(struct utsname *u) { return __ret(sys1(SYS_uname, u)); }
int mount(const char *src, const char *dir, const char *type, unsigned long flags, const void *data)
{
	return __ret(sys5(SYS_mount, src, dir, type, flags, data));
}
int umount(const char *dir) { return umount2(dir, 0); }
int umount2(const char *dir, int flags) { return __ret(sys2(SYS_umount2, dir, flags)); }
int reboot(int cmd) { return __ret(sys4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd, 0)); }
int klogctl(int type, char *buf, int len) { return __ret(sys3(SYS_syslog, type, buf, len)); }
int init_module(void *image, unsigned long len, const char *params) { return __ret(sys3(SYS_init_module, image, len, params)); }
int finit_module(int fd, const char *params, int flags) { return __ret(sys3(SYS_finit_module, fd, params, flags)); }
int delete_module(const char *name, unsigned int flags) { return __ret(sys2(SYS_delete_module, name, flags)); }
long getdents64(int fd, void *buf, unsigned long n) { return __ret(sys3(SYS_getdents64, fd, buf, n)); }

int nanosleep(const struct timespec *req, struct timespec *rem) { return __ret(sys2(SYS_nanosleep, req, rem)); }
int clock_gettime(int clk, struct timespec *ts) { return __ret(sys2(SYS_clock_gettime, clk, ts)); }
int gettimeofday(struct timeval *tv, void *tz) { return __ret(sys2(SYS_gettimeofday, tv, tz)); }

long syscall(long n, ...)
{
	va_list ap;
	va_start(ap, n);
	long a = va_arg(ap, long), b = va_arg(ap, long), c = va_arg(ap, long);
	long d = va_arg(ap, long), e = va_arg(ap, long), f = va_arg(ap, long);
	va_end(ap);
	return __ret(__syscall6(n, a, b, c, d, e, f));
}

/*
 * Signals: the kernel's k_sigaction (handler, flags, restorer, mask). Every
 * handler returns through __restore_rt (SA_RESTORER), as glibc's do.
 */
struct k_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};
void __restore_rt(void);
__asm__(".text\n.globl __restore_rt\n__restore_rt:\n\tmovq $15, %rax\n\tsyscall\n\thlt\n");

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct k_sigaction k, ko;
	if (act) {
		k.handler = (void *)act->sa_handler;
		k.flags = (unsigned int)act->sa_flags | SA_RESTORER;
		k.restorer = (void *)__restore_rt;
		k.mask = act->sa_mask;
	}
	if (__ret(sys4(SYS_rt_sigaction, sig, act ? &k : NULL, old ? &ko : NULL, 8)) < 0)
		return -1;
	if (old) {
		old->sa_handler = (sighandler_t)ko.handler;
		old->sa_flags = (int)ko.flags;
		old->sa_restorer = (void (*)(void))ko.restorer;
		old->sa_mask = ko.mask;
	}
	return 0;
}

/* BSD semantics, as glibc's signal(): the handler stays, interrupted calls restart */
sighandler_t signal(int sig, sighandler_t fn)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = SA_RESTART }, old;
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	return __ret(sys4(SYS_rt_sigprocmask, how, set, old, 8));
}

int sigemptyset(sigset_t *set) { *set = 0; return 0; }
int sigfillset(sigset_t *set) { *set = ~0UL; return 0; }
static int bad_sig(int sig) { if (sig < 1 || sig > 64) { errno = EINVAL; return 1; } return 0; }
int sigaddset(sigset_t *set, int sig) { if (bad_sig(sig)) return -1; *set |= 1UL << (sig - 1); return 0; }
int sigdelset(sigset_t *set, int sig) { if (bad_sig(sig)) return -1; *set &= ~(1UL << (sig - 1)); return 0; }
int sigismember(const sigset_t *set, int sig) { if (bad_sig(sig)) return -1; return (*set >> (sig - 1)) & 1; }

/* The *at calls: names relative to a directory descriptor (AT_FDCWD: the cwd). */
int openat(int dfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int mode = va_arg(ap, int);
	va_end(ap);
	return __ret(sys4(SYS_openat, dfd, path, flags, mode));
}
int mkdirat(int dfd, const char *path, mode_t mode) { return __ret(sys3(SYS_mkdirat, dfd, path, mode)); }
int unlinkat(int dfd, const char *path, int flags) { return __ret(sys3(SYS_unlinkat, dfd, path, flags)); }
int renameat(int olddfd, const char *from, int newdfd, const char *to) { return __ret(sys4(SYS_renameat, olddfd, from, newdfd, to)); }
int fstatat(int dfd, const char *path, struct stat *st, int flags) { return __ret(sys4(SYS_newfstatat, dfd, path, st, flags)); }
int symlinkat(const char *target, int newdfd, const char *path) { return __ret(sys3(SYS_symlinkat, target, newdfd, path)); }
ssize_t readlinkat(int dfd, const char *path, char *buf, size_t n) { return __ret(sys4(SYS_readlinkat, dfd, path, buf, n)); }
int fchmod(int fd, mode_t mode) { return __ret(sys2(SYS_fchmod, fd, mode)); }
int fchdir(int fd) { return __ret(sys1(SYS_fchdir, fd)); }
/* the system calls have no flags: glibc's AT_SYMLINK_NOFOLLOW / AT_EACCESS emulation is not here */
int fchmodat(int dfd, const char *path, mode_t mode, int flags)
{
	if (flags) {
		errno = flags & ~0x100 ? EINVAL : EOPNOTSUPP;
		return -1;
	}
	return __ret(sys3(SYS_fchmodat, dfd, path, mode));
}
int faccessat(int dfd, const char *path, int mode, int flags)
{
	if (flags) {
		errno = EINVAL;
		return -1;
	}
	return __ret(sys3(SYS_faccessat, dfd, path, mode));
}
