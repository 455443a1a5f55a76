#ifndef _LINUX_CONSOLE_H
#define _LINUX_CONSOLE_H
#include <linux/types.h>
/* console.h: the kernel console (serial8250 on COM1). */
void console_write(const char *s, size_t n);
void serial_init(void);
#endif
