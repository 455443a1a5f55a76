/*
 * slub_corrupt.c: corrupts a kmalloc object the way a buggy driver would,
 * so the e2e tests can check SLUB debug's reports on caches and sizes the
 * book's module does not touch.
 *
 *   insmod slub_corrupt.ko bug=<what> size=<bytes> [offset=<n>] [byte=<b>]
 *
 * bug: right  writes `byte` at p[size + offset] (past the end), then kfree
 *      left   writes it at p[-1 - offset] (before the start), then kfree
 *      uaf    kfree, then writes it at p[offset] (use after free; past
 *             the object it hits the free pointer); with realloc=1 the
 *             module then allocates the same size again
 *      double kfree twice
 *      keep   kmalloc and keep the object until rmmod (alloc_calls,
 *             alignment: its address is printed)
 *      alloc  `count` kmallocs of `size` bytes (gfp=atomic or kernel), each
 *             freed at once; prints which failed ('F') and which did not
 *             ('.'), for the fault-injection tests
 *      pages  the same with alloc_pages(gfp, order)
 *      destroy  kmem_cache_destroy of a cache with an object still allocated
 * The object stays allocated where SLUB refuses to free it; init always
 * returns 0, so the module can be unloaded afterwards.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>

static char *bug = "right";
static int size = 64;
static int offset;
static int byte = 0x78;
static int count = 1;
static char *gfp = "atomic";
static int order;
static int realloc;
static void *kept;
module_param(bug, charp, 0444);
module_param(size, int, 0444);
module_param(offset, int, 0444);
module_param(byte, int, 0444);
module_param(count, int, 0444);
module_param(gfp, charp, 0444);
module_param(order, int, 0444);
module_param(realloc, int, 0444);

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
	if (realloc)
		kept = kmalloc(size, GFP_KERNEL);
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

/* count allocations, each freed at once: "slub_corrupt: F..F. (2 of 5 failed)" */
static noinline void alloc_many(bool pages)
{
	gfp_t flags = strcmp(gfp, "kernel") ? GFP_ATOMIC : GFP_KERNEL;
	char *map = kzalloc(count + 1, GFP_KERNEL | __GFP_NOFAIL);
	int failed = 0;

	if (!map)
		return;
	for (int i = 0; i < count; i++) {
		bool ok;
		if (pages) {
			struct page *p = alloc_pages(flags, order);
			ok = p;
			if (p)
				__free_pages(p, order);
		} else {
			void *p = kmalloc(size, flags);
			ok = p;
			kfree(p);
		}
		map[i] = ok ? '.' : 'F';
		failed += !ok;
	}
	pr_info("slub_corrupt: %s (%d of %d failed)\n", map, failed, count);
	kfree(map);
}

static noinline void destroy_busy_cache(void)
{
	struct kmem_cache *c = kmem_cache_create("slub_corrupt_cache", size, 0, 0, NULL);
	void *a, *b;

	if (!c)
		return;
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);	/* refused: a is still allocated */
	(void)a;
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
	else if (!strcmp(bug, "destroy"))
		destroy_busy_cache();
	else if (!strcmp(bug, "alloc") || !strcmp(bug, "pages"))
		alloc_many(!strcmp(bug, "pages"));
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
