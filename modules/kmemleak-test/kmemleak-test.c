/*
 * kmemleak-test.c: leaks memory on purpose so that kmemleak has
 * something to find (kmemlab's own code for the behaviour of Linux 5.10's
 * samples/kmemleak/kmemleak-test.c).
 *
 * Loading prints "Kmemleak testing" and one line per allocation, the
 * pointer hashed by %p:
 *   - 8 kmalloc'ed blocks nobody keeps (2 each of 32, 1024, 2048, 4096
 *     bytes) and 5 vmalloc(64) blocks (kmemleak sees 4096 bytes each):
 *     the 13 leaks reported while the module is loaded;
 *   - 10 struct test_node (416 bytes, from kmalloc-512) chained on the
 *     static test_list; the only pointers to a node point to its middle
 *     (the list_head at offset 200), so they test interior references;
 *   - one kmalloc(129) (kmalloc-192) per possible CPU, kept in the
 *     per-cpu pointer kmemleak_test_pointer.
 * test_list and the per-cpu pointer live in the module's data, which
 * kmemleak scans while the module is loaded. Unloading unlinks the nodes
 * without freeing them (their links become the list poison values) and
 * frees the module's data, so the 10 nodes and the per-cpu blocks are
 * the leaks reported after rmmod.
 * Linux also leaks two files_cachep objects when built in (!MODULES);
 * as a module that part is compiled out there too, so it is left out.
 */
#define pr_fmt(fmt) "kmemleak: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/list.h>
#include <linux/percpu.h>

struct test_node {
	long header[25];
	struct list_head list;
	long footer[25];
};

static LIST_HEAD(test_list);
static DEFINE_PER_CPU(void *, kmemleak_test_pointer);

/* the size is a constant at each use, so kmalloc goes to its cache directly */
#define ORPHAN_KMALLOC(size) pr_info("kmalloc(" #size ") = %p\n", kmalloc(size, GFP_KERNEL))
#define ORPHAN_VMALLOC(size) pr_info("vmalloc(" #size ") = %p\n", vmalloc(size))

static int __init kmemleak_test_init(void)
{
	struct test_node *node;
	int n, cpu;

	BUILD_BUG_ON(sizeof(struct test_node) != 416);
	pr_info("Kmemleak testing\n");

	/* blocks whose only pointer is dropped right away */
	for (n = 0; n < 2; n++)
		ORPHAN_KMALLOC(32);
	for (n = 0; n < 2; n++)
		ORPHAN_KMALLOC(1024);
	for (n = 0; n < 2; n++)
		ORPHAN_KMALLOC(2048);
	for (n = 0; n < 2; n++)
		ORPHAN_KMALLOC(4096);
	for (n = 0; n < 5; n++)
		ORPHAN_VMALLOC(64);

	/* nodes reachable only through test_list, by interior pointers */
	for (n = 0; n < 10; n++) {
		node = kzalloc(sizeof(*node), GFP_KERNEL);
		pr_info("kzalloc(sizeof(*elem)) = %p\n", node);
		if (!node)
			return -ENOMEM;
		INIT_LIST_HEAD(&node->list);
		list_add_tail(&node->list, &test_list);
	}

	/* one block per CPU, reachable through the per-cpu pointer */
	for_each_possible_cpu(cpu) {
		/* volatile accesses: the store must stay, it is the only reference */
		WRITE_ONCE(per_cpu(kmemleak_test_pointer, cpu), kmalloc(129, GFP_KERNEL));
		pr_info("kmalloc(129) = %p\n", READ_ONCE(per_cpu(kmemleak_test_pointer, cpu)));
	}
	return 0;
}
module_init(kmemleak_test_init);

static void __exit kmemleak_test_exit(void)
{
	struct test_node *node, *next;

	/* unlink only: the nodes become leaks once the module is gone */
	list_for_each_entry_safe(node, next, &test_list, list)
		list_del(&node->list);
}
module_exit(kmemleak_test_exit);

MODULE_LICENSE("GPL");
