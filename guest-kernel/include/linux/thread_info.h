/*
 * thread_info.h: check_copy_size, the compile-time object-size check of
 * copy_{from,to}_user (linux/uaccess.h), where Linux 5.10 has it.
 */
#ifndef _LINUX_THREAD_INFO_H
#define _LINUX_THREAD_INFO_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bug.h>

void __bad_copy_from(void) __attribute__((__error__("copy source size is too small")));
void __bad_copy_to(void) __attribute__((__error__("copy destination size is too small")));

static __always_inline void copy_overflow(int size, unsigned long count)
{
	WARN(1, "Buffer overflow detected (%d < %lu)!\n", size, count);
}

/*
 * 5.10's check_copy_size: a kernel buffer whose size the compiler knows
 * (an array, a kmalloc of a constant size) smaller than the copy is a
 * build error when the length is a constant, else a WARN "Buffer
 * overflow detected (size < count)!" from the caller, and nothing is
 * copied.
 */
static __always_inline bool check_copy_size(const void *addr, size_t bytes, bool is_source)
{
	int sz = __builtin_object_size(addr, 0);

	if (unlikely(sz >= 0 && (size_t)sz < bytes)) {
		if (!__builtin_constant_p(bytes))
			copy_overflow(sz, bytes);
		else if (is_source)
			__bad_copy_from();
		else
			__bad_copy_to();
		return false;
	}
	return true;
}

#endif
