// SPDX-License-Identifier: MIT
/*
 * hello_main.c: module entry points of hello_kmemleak. Loading it leaks
 * one kmalloc'ed buffer (see hello_leak.c); after two kmemleak scans
 * (at least 5 s apart from the allocation) it is reported as
 * "unreferenced object ... (size 128)" with hello_leak in the backtrace.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include "hello.h"

MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("kmemlab");
MODULE_DESCRIPTION("hello_kmemleak: an external module that leaks one kmalloc on purpose");
MODULE_VERSION("0.1");

static int __init hello_init(void)
{
	pr_info("hello_kmemleak: hello, leaking %d bytes\n", HELLO_LEAK_SIZE);
	return hello_leak();
}

static void __exit hello_exit(void)
{
	pr_info("hello_kmemleak: goodbye (the leak stays)\n");
}

module_init(hello_init);
module_exit(hello_exit);
