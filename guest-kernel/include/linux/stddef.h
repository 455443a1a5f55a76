#ifndef _LINUX_STDDEF_H
#define _LINUX_STDDEF_H
#include <linux/types.h>
#define offsetof(T, m) __builtin_offsetof(T, m)
#define sizeof_field(T, m) sizeof(((T *)0)->m)
#endif
