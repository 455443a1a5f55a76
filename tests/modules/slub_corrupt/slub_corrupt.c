/*
 * slub_corrupt.c: corrupts a kmalloc object the way a buggy driver would,
 * so the e2e tests can check SLUB debug's reports on caches and sizes the
 * book's module does not touch.
 *
 *   insmod slub_corrupt.ko bug=<what> size=<bytes> [offset=<n>] [byte=<b>]
 *
 * bug: right  writes `byte` at p[size + offset] (past the end), then kfree
 *      left   writes it at p[-1 - offset] (before the start), then kfree
 *      uaf    kfree, then writes it at p[offset] (use after free)
 *      double kfree twice
 *      keep   kmalloc and keep the object until rmmod (alloc_calls,
 *             alignment: its address is printed)
 * The object stays allocated where SLUB refuses to free it; init always
 * returns 0, so the module can be unloaded afterwards.
 */
#include <linux/module.h>
#include <linux/slab.h>

static char *bug = "right";
static int size = 64;
static int offset;
static int byte = 0x78;
static void *kept;
module_param(bug, charp, 0444);
module_param(size, int, 0444);
module_param(offset, int, 0444);
module_param(byte, int, 0444);

static noinline void corrupt_right(void)
{
	char *p = kmalloc(size, GFP_KERNEL);

	if (!p)
		return;
	p[size + offset] = byte;
	kfree(p);
}

static noinline void corrupt_left(void)
{
	char *p = kmalloc(size, GFP_KERNEL);

	if (!p)
		return;
	p[-1 - offset] = byte;
	kfree(p);
}

static noinline void use_after_free(void)
{
	char *p = kmalloc(size, GFP_KERNEL);

	if (!p)
		return;
	kfree(p);
	p[offset] = byte;
}

static noinline void free_twice(void)
{
	char *p = kmalloc(size, GFP_KERNEL);

	kfree(p);
	kfree(p);
}

static noinline void keep_object(void)
{
	kept = kmalloc(size, GFP_KERNEL);
	pr_info("slub_corrupt: kept %px\n", kept);
}

static int __init slub_corrupt_init(void)
{
	pr_info("slub_corrupt: bug=%s size=%d offset=%d byte=0x%x\n", bug, size, offset, byte);
	if (!strcmp(bug, "right"))
		corrupt_right();
	else if (!strcmp(bug, "left"))
		corrupt_left();
	else if (!strcmp(bug, "uaf"))
		use_after_free();
	else if (!strcmp(bug, "double"))
		free_twice();
	else if (!strcmp(bug, "keep"))
		keep_object();
	return 0;
}

static void __exit slub_corrupt_exit(void)
{
	kfree(kept);
}

module_init(slub_corrupt_init);
module_exit(slub_corrupt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Corrupts slab objects for SLUB debug tests");
