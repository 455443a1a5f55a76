/* jiffies.h: the tick counter (HZ from .config) and its conversions. */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H
#include <linux/types.h>
#include <generated/autoconf.h>
#define HZ CONFIG_HZ
#define USER_HZ 100
#define INITIAL_JIFFIES ((unsigned long)(unsigned int)(-300 * HZ))
extern u64 jiffies_64;
extern volatile unsigned long jiffies;
#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_in_range(a, b, c) (time_after_eq(a, b) && time_before_eq(a, c))
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)
static inline unsigned int jiffies_to_msecs(unsigned long j)
{
#if HZ <= 1000 && !(1000 % HZ)
	return (1000 / HZ) * j;
#else
	/* exact when HZ does not divide 1000 (HZ=300: ceil(j * 10 / 3)) */
	return (j * 1000 + HZ - 1) / HZ;
#endif
}
static inline unsigned int jiffies_to_usecs(unsigned long j) { return j * (1000000 / HZ); }
static inline unsigned long msecs_to_jiffies(unsigned int m) { return ((unsigned long)m * HZ + 999) / 1000; }
static inline unsigned long usecs_to_jiffies(unsigned int u) { return ((unsigned long)u * HZ + 999999) / 1000000; }
static inline u64 jiffies_to_nsecs(unsigned long j) { return (u64)j * (1000000000 / HZ) + (u64)j * (1000000000 % HZ) / HZ; }
u64 get_jiffies_64(void);
#define round_jiffies(j) (j)
#define round_jiffies_relative(j) (j)
#endif
