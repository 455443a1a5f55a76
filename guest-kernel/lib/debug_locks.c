/*
 * debug_locks.c: the "lock debugging is on" flag. A taint that makes
 * lock state unreliable (a SLUB corruption report, an oops) turns it off;
 * the first caller prints "Disabling lock debugging due to kernel taint",
 * as add_taint(..., LOCKDEP_NOW_UNRELIABLE) does in Linux.
 */
#include <linux/kernel.h>
#include <linux/debug_locks.h>
#include <linux/export.h>

int debug_locks = 1;

/* Turns lock debugging off; true only for the call that did it. */
bool debug_locks_off(void)
{
	if (!debug_locks)
		return false;
	debug_locks = 0;
	return true;
}
EXPORT_SYMBOL_GPL(debug_locks_off);
