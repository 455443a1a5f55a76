/*
 * uaccess.h: copying between kernel and user memory. The walkers check
 * the range against TASK_SIZE and the page tables (faulting pages of a
 * mapping in on demand), so a bad pointer gives -EFAULT, never an oops.
 */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/thread_info.h>
#define TASK_SIZE 0x00007ffffffff000UL
unsigned long _copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long _copy_to_user(void __user *to, const void *from, unsigned long n);
long strncpy_from_user(char *dst, const char __user *src, long count);
long strnlen_user(const char __user *s, long n);
unsigned long clear_user(void __user *to, unsigned long n);

/*
 * CONFIG_KASAN: the kernel side of a copy is checked against the shadow
 * before it is made (5.10's instrument_copy_{from,to}_user): a report
 * names the function the check was inlined into.
 */
#ifdef CONFIG_KASAN
bool __kasan_check_read(const volatile void *p, unsigned int size);
bool __kasan_check_write(const volatile void *p, unsigned int size);
#define instrument_copy_from_user(to, n) __kasan_check_write(to, n)
#define instrument_copy_to_user(from, n) __kasan_check_read(from, n)
unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long raw_copy_to_user(void __user *to, const void *from, unsigned long n);
#define __uaccess_from(to, from, n) ({ instrument_copy_from_user(to, n); raw_copy_from_user(to, from, n); })
#define __uaccess_to(to, from, n) ({ instrument_copy_to_user(from, n); raw_copy_to_user(to, from, n); })
#else
#define instrument_copy_from_user(to, n) do { } while (0)
#define instrument_copy_to_user(from, n) do { } while (0)
#define __uaccess_from(to, from, n) _copy_from_user(to, from, n)
#define __uaccess_to(to, from, n) _copy_to_user(to, from, n)
#endif

static __always_inline unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (likely(check_copy_size(to, n, false)))
		n = _copy_from_user(to, from, n);
	return n;
}

static __always_inline unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (likely(check_copy_size(from, n, true)))
		n = _copy_to_user(to, from, n);
	return n;
}

/*
 * The unchecked and atomic-context forms: no check_copy_size, as in
 * Linux. Linux's skip access_ok (the caller did it) and, _inatomic, may
 * not sleep; here every copy walks the page tables and checks the range
 * itself, so they are the same copies.
 */
static __always_inline unsigned long __copy_from_user(void *to, const void __user *from, unsigned long n)
{ return __uaccess_from(to, from, n); }
static __always_inline unsigned long __copy_to_user(void __user *to, const void *from, unsigned long n)
{ return __uaccess_to(to, from, n); }
static __always_inline unsigned long __copy_from_user_inatomic(void *to, const void __user *from, unsigned long n)
{ return __uaccess_from(to, from, n); }
static __always_inline unsigned long __copy_to_user_inatomic(void __user *to, const void *from, unsigned long n)
{ return __uaccess_to(to, from, n); }
#define get_user(x, ptr) ({ unsigned long __v = 0; int __e = copy_from_user(&__v, (const void *)(ptr), sizeof(*(ptr))) ? -EFAULT : 0; if (!__e) (x) = (__typeof__(*(ptr)))__v; __e; })
#define put_user(x, ptr) ({ __typeof__(*(ptr)) __v = (x); copy_to_user(ptr, &__v, sizeof(__v)) ? -EFAULT : 0; })
#define access_ok(addr, size) ((unsigned long)(addr) + (size) <= TASK_SIZE && (unsigned long)(addr) + (size) >= (unsigned long)(addr))
#endif
