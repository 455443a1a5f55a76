/* compiler.h: gcc attributes and barriers under their Linux names. */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H
#define __always_inline	inline __attribute__((always_inline))
#define noinline	__attribute__((noinline))
#define __noreturn	__attribute__((noreturn))
#define __packed	__attribute__((packed))
#define __aligned(x)	__attribute__((aligned(x)))
#define __section(s)	__attribute__((section(s)))
#define __used		__attribute__((used))
#define __maybe_unused	__attribute__((unused))
#define __weak		__attribute__((weak))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __cold		__attribute__((cold))
#define __visible __attribute__((externally_visible))
#define notrace
#define __user
#define __iomem
#define __force
#define __must_check
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define barrier()	__asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define ACCESS_ONCE(x)	(*(volatile __typeof__(x) *)&(x))
#define __stringify_1(x) #x
#define __stringify(x)	__stringify_1(x)
#define __PASTE(a, b)	a##b
#define __UNIQUE_ID(p)	__PASTE(__PASTE(__UNIQUE_ID_, p), __COUNTER__)
#define _RET_IP_	((unsigned long)__builtin_return_address(0))
#define _THIS_IP_	({ __label__ __here; __here: (unsigned long)&&__here; })
#define BUILD_BUG_ON(c)	_Static_assert(!(c), "BUILD_BUG_ON: " #c)
#define fallthrough	__attribute__((__fallthrough__))
#endif
