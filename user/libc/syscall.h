/* syscall.h: raw Linux x86-64 system calls (internal to libc). */
#ifndef _LIBC_SYSCALL_H
#define _LIBC_SYSCALL_H
#include <errno.h>

#define SYS_read 0
#define SYS_write 1
#define SYS_open 2
#define SYS_close 3
#define SYS_stat 4
#define SYS_fstat 5
#define SYS_lstat 6
#define SYS_lseek 8
#define SYS_mmap 9
#define SYS_mprotect 10
#define SYS_munmap 11
#define SYS_brk 12
#define SYS_rt_sigaction 13
#define SYS_rt_sigprocmask 14
#define SYS_ioctl 16
#define SYS_access 21
#define SYS_pipe 22
#define SYS_dup 32
#define SYS_dup2 33
#define SYS_nanosleep 35
#define SYS_pause 34
#define SYS_getpid 39
#define SYS_fork 57
#define SYS_execve 59
#define SYS_exit 60
#define SYS_wait4 61
#define SYS_kill 62
#define SYS_uname 63
#define SYS_fcntl 72
#define SYS_fsync 74
#define SYS_truncate 76
#define SYS_ftruncate 77
#define SYS_getcwd 79
#define SYS_chdir 80
#define SYS_rename 82
#define SYS_mkdir 83
#define SYS_rmdir 84
#define SYS_link 86
#define SYS_unlink 87
#define SYS_symlink 88
#define SYS_readlink 89
#define SYS_chmod 90
#define SYS_umask 95
#define SYS_gettimeofday 96
#define SYS_syslog 103
#define SYS_getuid 102
#define SYS_getgid 104
#define SYS_geteuid 107
#define SYS_setpgid 109
#define SYS_getppid 110
#define SYS_getpgrp 111
#define SYS_getsid 124
#define SYS_setsid 112
#define SYS_getpriority 140
#define SYS_setpriority 141
#define SYS_utimensat 280
#define SYS_mknod 133
#define SYS_sync 162
#define SYS_mount 165
#define SYS_umount2 166
#define SYS_reboot 169
#define SYS_sethostname 170
#define SYS_init_module 175
#define SYS_delete_module 176
#define SYS_getdents64 217
#define SYS_clock_gettime 228
#define SYS_exit_group 231
#define SYS_pipe2 293
#define SYS_finit_module 313
#define SYS_renameat2 316
#define SYS_fchdir 81
#define SYS_fchmod 91
#define SYS_openat 257
#define SYS_mkdirat 258
#define SYS_newfstatat 262
#define SYS_unlinkat 263
#define SYS_renameat 264
#define SYS_symlinkat 266
#define SYS_readlinkat 267
#define SYS_fchmodat 268
#define SYS_faccessat 269
#define SYS_linkat 265

static inline long __syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define __sc(n, a, b, c, d, e, f) __syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#define sys0(n) __sc(n, 0, 0, 0, 0, 0, 0)
#define sys1(n, a) __sc(n, a, 0, 0, 0, 0, 0)
#define sys2(n, a, b) __sc(n, a, b, 0, 0, 0, 0)
#define sys3(n, a, b, c) __sc(n, a, b, c, 0, 0, 0)
#define sys4(n, a, b, c, d) __sc(n, a, b, c, d, 0, 0)
#define sys5(n, a, b, c, d, e) __sc(n, a, b, c, d, e, 0)
#define sys6(n, a, b, c, d, e, f) __sc(n, a, b, c, d, e, f)

/* Convert a raw kernel return (-4095..-1 = -errno) to the libc convention. */
static inline long __ret(long r)
{
	if ((unsigned long)r > -4096UL) {
		errno = (int)-r;
		return -1;
	}
	return r;
}
#endif
