/*
 * dynamic_debug.h: pr_debug call sites that can be turned on and off at
 * run time (lib/dynamic_debug.c, /sys/kernel/debug/dynamic_debug/control).
 * Each site is a struct _ddebug in the __dyndbg section, on by default
 * where the file was compiled with -DDEBUG, as in Linux 5.10.
 */
#ifndef _LINUX_DYNAMIC_DEBUG_H
#define _LINUX_DYNAMIC_DEBUG_H
#include <linux/types.h>
#include <linux/compiler.h>

struct _ddebug {
	const char *modname;
	const char *function;
	const char *filename;
	const char *format;
	unsigned int lineno:18;
#define _DPRINTK_FLAGS_NONE		0
#define _DPRINTK_FLAGS_PRINT		(1 << 0)
#define _DPRINTK_FLAGS_INCL_MODNAME	(1 << 1)
#define _DPRINTK_FLAGS_INCL_FUNCNAME	(1 << 2)
#define _DPRINTK_FLAGS_INCL_LINENO	(1 << 3)
#define _DPRINTK_FLAGS_INCL_TID		(1 << 4)
#ifdef DEBUG
#define _DPRINTK_FLAGS_DEFAULT		_DPRINTK_FLAGS_PRINT
#else
#define _DPRINTK_FLAGS_DEFAULT		0
#endif
	unsigned int flags:8;
} __aligned(8);

void __dynamic_pr_debug(struct _ddebug *descriptor, const char *fmt, ...) __printf(2, 3);
int ddebug_add_module(struct _ddebug *tab, unsigned int n, const char *modname);
int ddebug_remove_module(const char *modname);

#define dynamic_pr_debug(fmt, ...) do { \
	static struct _ddebug __aligned(8) __section("__dyndbg") __used __ddebug_site = { \
		KBUILD_MODNAME, __func__, __FILE__, fmt, __LINE__, _DPRINTK_FLAGS_DEFAULT }; \
	if (unlikely(__ddebug_site.flags & _DPRINTK_FLAGS_PRINT)) \
		__dynamic_pr_debug(&__ddebug_site, pr_fmt(fmt), ##__VA_ARGS__); \
} while (0)
#endif
