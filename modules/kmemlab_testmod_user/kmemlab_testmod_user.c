/*
 * kmemlab_testmod_user.c: uses kmemlab_testmod's exported symbol, so
 * loading it makes kmemlab_testmod "used by" it (a module_use link and
 * a reference), and kmemlab_testmod cannot be removed until this one is.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_AUTHOR("kmemlab");
MODULE_DESCRIPTION("kmemlab test module: a user of kmemlab_testmod_value");

extern int kmemlab_testmod_value;

static int __init kmemlab_testmod_user_init(void)
{
	pr_info("kmemlab_testmod_value = %d\n", kmemlab_testmod_value);
	return 0;
}

static void __exit kmemlab_testmod_user_exit(void)
{
	pr_info("unloaded\n");
}

module_init(kmemlab_testmod_user_init);
module_exit(kmemlab_testmod_user_exit);
