/* random.h: the kernel's random numbers (arch/x86/random.c). */
#ifndef _LINUX_RANDOM_H
#define _LINUX_RANDOM_H
#include <linux/types.h>
u64 get_random_u64(void);
u32 get_random_u32(void);
#endif
