/* printk.h: log levels, printk and the pr_* helpers (pr_fmt prefixes). */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H
#include <linux/types.h>
#include <linux/stdarg.h>
#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_DEFAULT	""
#define KERN_CONT	KERN_SOH "c"
#define LOGLEVEL_DEFAULT 4
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
extern int console_loglevel;
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list args);
#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warning pr_warn
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)
#define no_printk(fmt, ...)	({ if (0) printk(fmt, ##__VA_ARGS__); 0; })
#if defined(CONFIG_DYNAMIC_DEBUG) && defined(KBUILD_MODNAME)
#include <linux/dynamic_debug.h>
#define pr_debug(fmt, ...)	dynamic_pr_debug(fmt, ##__VA_ARGS__)
#elif defined(DEBUG)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...)	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif
#define pr_devel pr_debug
#define pr_warn_once(fmt, ...) ({ static bool __done; if (!__done) { __done = true; pr_warn(fmt, ##__VA_ARGS__); } })
#define pr_info_once(fmt, ...) ({ static bool __done; if (!__done) { __done = true; pr_info(fmt, ##__VA_ARGS__); } })
#define printk_ratelimit() 1
enum { DUMP_PREFIX_NONE, DUMP_PREFIX_ADDRESS, DUMP_PREFIX_OFFSET };
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii);
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize,
		       char *linebuf, size_t linebuflen, bool ascii);
#define print_hex_dump_bytes(p, t, b, l) print_hex_dump(KERN_DEBUG, p, t, 16, 1, b, l, true)
void dump_stack(void);
#endif
