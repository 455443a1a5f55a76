#ifndef _UNISTD_H
#define _UNISTD_H
#include <sys/types.h>
#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int dup(int fd);
int dup2(int fd, int fd2);
pid_t fork(void);
pid_t getpid(void);
pid_t getppid(void);
pid_t getpgrp(void);
pid_t getsid(pid_t pid);
pid_t setsid(void);
#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2
int getpriority(int which, int who);
int setpriority(int which, int who, int prio);
int pause(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
int setpgid(pid_t pid, pid_t pgid);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
void _exit(int status) __attribute__((noreturn));
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int rmdir(const char *path);
int unlink(const char *path);
int link(const char *a, const char *b);
int linkat(int olddfd, const char *a, int newdfd, const char *b, int flags);
int symlink(const char *a, const char *b);
ssize_t readlink(const char *path, char *buf, size_t n);
int access(const char *path, int mode);
int faccessat(int dfd, const char *path, int mode, int flags);
int unlinkat(int dfd, const char *path, int flags);
int symlinkat(const char *target, int newdfd, const char *path);
ssize_t readlinkat(int dfd, const char *path, char *buf, size_t n);
int fchdir(int fd);
int isatty(int fd);
void sync(void);
int fsync(int fd);
unsigned int sleep(unsigned int sec);
int usleep(unsigned long usec);
void *sbrk(long inc);
int brk(void *addr);
int truncate(const char *path, off_t len);
int ftruncate(int fd, off_t len);
int sethostname(const char *name, size_t len);
int getopt(int argc, char *const argv[], const char *optstring);
extern char *optarg;
extern int optind, opterr, optopt;
long syscall(long n, ...);
#endif
