/* bug.h: BUG/WARN with Linux's message shapes. */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H
#include <linux/compiler.h>
/* prints the warning; names the function that warned by __warn's own return address */
void __warn(const char *file, int line, const char *fmt, ...);
void __noreturn __bug(const char *file, int line);
#define BUG() __bug(__FILE__, __LINE__)
#define BUG_ON(c) do { if (unlikely(c)) BUG(); } while (0)
#define WARN(c, fmt, ...) ({ int __r = !!(c); if (unlikely(__r)) __warn(__FILE__, __LINE__, fmt, ##__VA_ARGS__); unlikely(__r); })
#define WARN_ON(c) WARN(c, NULL)
#define WARN_ON_ONCE(c) ({ static bool __w; int __r = !!(c); if (unlikely(__r) && !__w) { __w = true; __warn(__FILE__, __LINE__, NULL); } unlikely(__r); })
#define WARN_ONCE(c, fmt, ...) ({ static bool __w; int __r = !!(c); if (unlikely(__r) && !__w) { __w = true; __warn(__FILE__, __LINE__, fmt, ##__VA_ARGS__); } unlikely(__r); })
#endif
