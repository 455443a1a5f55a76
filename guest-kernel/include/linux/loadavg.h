/* loadavg.h: the load average's fixed point (kernel/loadavg.c), Linux's constants. */
#ifndef _LINUX_LOADAVG_H
#define _LINUX_LOADAVG_H
#include <linux/jiffies.h>
#define FSHIFT		11
#define FIXED_1		(1 << FSHIFT)
#define LOAD_FREQ	(5 * HZ + 1)
#define EXP_1		1884
#define EXP_5		2014
#define EXP_15		2037
#define LOAD_INT(x)	((x) >> FSHIFT)
#define LOAD_FRAC(x)	LOAD_INT(((x) & (FIXED_1 - 1)) * 100)
extern unsigned long avenrun[3];
struct task_struct;
void calc_global_load(struct task_struct *reader);
void calc_global_load_tick(void);
#endif
