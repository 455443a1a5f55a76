/* sys/module.h: module syscalls (no libc in Linux wraps these; ours does). */
#ifndef _SYS_MODULE_H
#define _SYS_MODULE_H
#include <stddef.h>
int init_module(void *image, unsigned long len, const char *params);
int finit_module(int fd, const char *params, int flags);
int delete_module(const char *name, unsigned int flags);
#endif
