/* debug_locks.h: the "lock debugging is on" flag (lib/debug_locks.c). */
#ifndef _LINUX_DEBUG_LOCKS_H
#define _LINUX_DEBUG_LOCKS_H
#include <linux/types.h>
extern int debug_locks;
bool debug_locks_off(void);	/* true only for the call that turned it off */
#endif
