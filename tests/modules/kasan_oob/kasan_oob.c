/*
 * kasan_oob.c: memory bugs KASAN must catch away from the book's
 * kmalloc-32 cases (tests/e2e/kasan.test.ts).
 *
 *   insmod kasan_oob.ko bug=<what>
 *
 * bug: tail    kmalloc(100) (kmalloc-128), reads p[100]: inside the
 *              object but past what was asked for (the tail is poisoned)
 *      cache   a cache of its own (kmem_cache_create "kasan_oob_cache",
 *              72-byte objects): writes one byte past an object
 *      uaf     the same cache: kmem_cache_free, then writes p[40]
 *      twice   two bad reads (report-once: one report unless multi-shot)
 *      global  reads one byte past a global array of this module
 *      page    __get_free_pages(order 1), free_pages, then reads the
 *              second page (the page allocator's poison)
 *      large   kmalloc(10000) (kmalloc_large: an order-2 compound page),
 *              reads p[10000], in its third page: the report dumps the
 *              head page
 *      lfree   the same, then kfree(p + 4096 + 16), an address inside
 *              its second page: the whole compound page is freed (as
 *              Linux does) and KASAN reports the invalid free
 *      rcu     kmalloc(64) freed by an RCU callback (call_rcu, then a
 *              sleep: the grace period passes), then read: the report
 *              shows call_rcu's stack ("Last call_rcu():")
 *      null    reads through a NULL pointer: gcc's check reads the
 *              shadow of address 0, which is not canonical: a #GP, the
 *              oops, and KASAN's "null-ptr-deref in range" line
 * Init always returns 0 (the module can be unloaded).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/delay.h>
#include <linux/rcupdate.h>

static char *bug = "tail";
module_param(bug, charp, 0444);

static char kasan_oob_global[13] = "kasan global";
static volatile char sink;
static volatile int global_index = sizeof(kasan_oob_global);	/* one past the end, hidden from gcc's bounds warning */

static noinline void kasan_oob_tail(void)
{
	char *p = kmalloc(100, GFP_KERNEL);

	if (!p)
		return;
	sink = p[100];
	kfree(p);
}

static noinline void kasan_oob_cache_write(struct kmem_cache *c)
{
	char *p = kmem_cache_alloc(c, GFP_KERNEL);

	if (!p)
		return;
	p[72] = 'x';
	kmem_cache_free(c, p);
}

static noinline void kasan_oob_cache_uaf(struct kmem_cache *c)
{
	char *p = kmem_cache_alloc(c, GFP_KERNEL);

	if (!p)
		return;
	kmem_cache_free(c, p);
	p[40] = 'y';
}

static noinline void kasan_oob_twice(void)
{
	char *p = kmalloc(24, GFP_KERNEL);

	if (!p)
		return;
	sink = p[24];
	sink = p[25];
	kfree(p);
}

static noinline void kasan_oob_global_read(int i)
{
	sink = kasan_oob_global[i];
}

static char *volatile null_pointer;	/* NULL, hidden from gcc */

static noinline void kasan_oob_null_read(void)
{
	sink = null_pointer[3];
}

static noinline void kasan_oob_page_uaf(void)
{
	char *p = (char *)__get_free_pages(GFP_KERNEL, 1);

	if (!p)
		return;
	free_pages((unsigned long)p, 1);
	sink = p[PAGE_SIZE + 16];
}

static noinline void kasan_oob_large(bool interior_free)
{
	char *p = kmalloc(10000, GFP_KERNEL);

	if (!p)
		return;
	if (interior_free)
		kfree(p + PAGE_SIZE + 16);
	else {
		sink = p[10000];
		kfree(p);
	}
}

struct kasan_oob_node {
	struct rcu_head rcu;
	char data[48];
};

static void kasan_oob_rcu_free(struct rcu_head *head)
{
	kfree(container_of(head, struct kasan_oob_node, rcu));
}

static noinline void kasan_oob_rcu_uaf(void)
{
	struct kasan_oob_node *p = kmalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return;
	call_rcu(&p->rcu, kasan_oob_rcu_free);
	msleep(20);	/* a context switch: the grace period ends, the callback frees p */
	sink = p->data[5];
}

static int __init kasan_oob_init(void)
{
	struct kmem_cache *c;

	if (!strcmp(bug, "tail")) {
		kasan_oob_tail();
	} else if (!strcmp(bug, "cache") || !strcmp(bug, "uaf")) {
		c = kmem_cache_create("kasan_oob_cache", 72, 0, 0, NULL);
		if (!c)
			return -ENOMEM;
		if (!strcmp(bug, "cache"))
			kasan_oob_cache_write(c);
		else
			kasan_oob_cache_uaf(c);
		kmem_cache_destroy(c);
	} else if (!strcmp(bug, "twice")) {
		kasan_oob_twice();
	} else if (!strcmp(bug, "global")) {
		kasan_oob_global_read(global_index);
	} else if (!strcmp(bug, "page")) {
		kasan_oob_page_uaf();
	} else if (!strcmp(bug, "large") || !strcmp(bug, "lfree")) {
		kasan_oob_large(!strcmp(bug, "lfree"));
	} else if (!strcmp(bug, "rcu")) {
		kasan_oob_rcu_uaf();
	} else if (!strcmp(bug, "null")) {
		kasan_oob_null_read();
	}
	pr_info("kasan_oob: bug=%s done\n", bug);
	return 0;
}

static void __exit kasan_oob_exit(void)
{
}

module_init(kasan_oob_init);
module_exit(kasan_oob_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memory bugs for KASAN's tests");
