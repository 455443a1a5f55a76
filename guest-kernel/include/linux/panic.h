/* panic.h: panic and the kernel's taint flags (kernel/panic.c), numbered as Linux 5.10. */
#ifndef _LINUX_PANIC_H
#define _LINUX_PANIC_H
#define TAINT_PROPRIETARY_MODULE	0
#define TAINT_FORCED_MODULE		1
#define TAINT_BAD_PAGE			5
#define TAINT_DIE			7
#define TAINT_WARN			9
#define TAINT_OOT_MODULE		12
#define TAINT_UNSIGNED_MODULE		13
#define TAINT_SOFTLOCKUP		14
#define TAINT_FLAGS_COUNT		18
void add_taint(unsigned flag);
const char *print_tainted(void);
void print_oops_end_marker(void);
unsigned long get_taint(void);
extern int panic_timeout;	/* kernel/panic: seconds before a reboot (0: none) */
extern int panic_on_oops;	/* kernel/panic_on_oops: an oops panics */
#endif
