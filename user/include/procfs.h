/* procfs.h: reading the small text files of /proc and /sys (user/libc/procfs.c), shared by ps, top, vmstat, pgrep and pidof. */
#ifndef _PROCFS_H
#define _PROCFS_H
#include <stddef.h>

/* The file's first n-1 bytes, NUL-terminated: their count, or -1 if it cannot be opened. */
int read_file(const char *path, char *buf, size_t n);
/* The number after key at the start of one of buf's lines (key includes its separator, "MemTotal:"), or 0. */
unsigned long long proc_field(const char *buf, const char *key);

#endif
