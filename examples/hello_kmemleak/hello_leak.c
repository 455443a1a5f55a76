// SPDX-License-Identifier: MIT
/* hello_leak.c: the leak itself, in a second file (name-objs). */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "hello.h"

int hello_leak(void)
{
	char *buf = kmalloc(HELLO_LEAK_SIZE, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	strscpy(buf, "hello from a leaked buffer", HELLO_LEAK_SIZE);
	pr_info("hello_kmemleak: kmalloc(%d) = %px (never freed)\n", HELLO_LEAK_SIZE, buf);
	return 0;	/* buf is dropped here: a leak */
}
