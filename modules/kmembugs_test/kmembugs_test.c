/*
 * kmembugs_test.c: test cases for memory bugs (kmemlab's own code for
 * the behaviour of the book's ch5/kmembugs_test/kmembugs_test.c).
 *
 * Each testcase is a function the debugfs file (debugfs_kmembugs.c)
 * calls when its number is written to
 * /sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase:
 *   1    uninitialised local read (UMR)
 *   2    use after return (UAR): returns a local array's address
 *   3.1  leak a kzalloc(1520) and a vmalloc(5*1024)
 *   3.2  leak a kmalloc(8) holding "leaky!!" (the caller "forgets" to free)
 *   3.3  leak a kzalloc(129, GFP_ATOMIC) from irq_work, in hardirq context
 *   4.x  out-of-bounds on global and stack arrays, 5.x on a kmalloc(32)
 *   6    use after free, 7 double free
 *   8.x  arithmetic and other undefined behaviour (the UBSAN cases)
 *   9    copy_{to,from}_user tests (not available here: no vm_mmap)
 *   10   reading uninitialised slab memory
 * Messages carry the prefix "test_kmembugs:<function>(): ".
 */
#define pr_fmt(fmt) "%s:%s(): " fmt, KBUILD_MODNAME, __func__

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/irq_work.h>
#include <linux/string.h>
#include "convenient.h"

/* the bugs below are deliberate */
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wuse-after-free"
#pragma GCC diagnostic ignored "-Wpragmas"

MODULE_AUTHOR("Kaiwan N Billimoria");
MODULE_DESCRIPTION("kmembugs_test: a few additional test cases for KASAN/UBSAN");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION("0.1");

int debugfs_simple_intf_init(void);
void debugfs_simple_intf_exit(void);

static struct irq_work irqwork;

/* 1: read of an uninitialised local */
noinline int umr(void)
{
	volatile int x, y;

	y = x;	/* x is never written */
	pr_info("testcase 1: UMR (val=%d)\n", y);
	return y;
}

/* 2: a local's address outlives the frame (gcc usually returns NULL) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wreturn-local-addr"
noinline void *uar(void)
{
	char name[64];

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	return name;
}
#pragma GCC diagnostic pop

/* 3.1: two blocks nobody keeps */
noinline void leak_simple1(void)
{
	char *p;

	pr_info("testcase 3.1: simple memory leak testcase 1\n");
	p = kzalloc(1520, GFP_KERNEL);
	pr_info("kzalloc(1520) = 0x%px\n", p);
	p = vmalloc(5 * 1024);
	pr_info("vmalloc(5*1024) = 0x%px\n", p);
	/* the book also prints current's task_struct when built in; never as a module */
}

/* 3.2: the caller is meant to free the buffer, and doesn't */
noinline void *leak_simple2(void)
{
	static const char msg[] = "leaky!!";
	char *p;

	pr_info("testcase 3.2: simple memory leak testcase 2\n");
	p = kmalloc(sizeof(msg), GFP_KERNEL);
	if (p)
		memcpy(p, msg, sizeof(msg));
	return p;
}

/* 3.3, the work: runs in hardirq context */
static void irq_work_leaky(struct irq_work *w)
{
	int use_gfp_kernel = 0;	/* 1 would sleep in atomic context: a second bug */
	void *p;

	PRINT_CTX();
	p = kzalloc(129, use_gfp_kernel ? GFP_KERNEL : GFP_ATOMIC);
	pr_debug("kzalloc(129) = 0x%px\n", p);
}

/* 3.3: leak from interrupt context */
noinline void leak_simple3(void)
{
	pr_info("testcase 3.3: simple memory leak testcase 3\n");
	irq_work_queue(&irqwork);
}

/* 4.x: three 10-byte globals; the tests go past the middle one */
static char global_arr1[10], global_arr2[10], global_arr3[10];

noinline int global_mem_oob_right(int mode)
{
	volatile char w, x;
	volatile char local_arr[10];
	volatile char *ptr = global_arr2 + sizeof(global_arr2) + 3;	/* 3 past the end */

	local_arr[0] = 0;
	if (mode == 0) {	/* read */
		x = *ptr;
		w = local_arr[12];
	} else {		/* write */
		*ptr = 'x';
		local_arr[12] = 'x';
		x = w = 0;
	}
	return x + w + global_arr1[0] + global_arr3[0];
}

noinline int global_mem_oob_left(int mode)
{
	volatile char w, x;
	volatile char local_arr[10];
	volatile char *ptr = global_arr2 - 3;	/* 3 before the start */

	local_arr[0] = 0;
	if (mode == 0) {
		x = *ptr;
		w = local_arr[-3];
	} else {
		*ptr = 'x';
		local_arr[-3] = 'x';
		x = w = 0;
	}
	return x + w + global_arr1[0] + global_arr3[0];
}

/* 5.x: out of bounds of a kmalloc(32) */
noinline int dynamic_mem_oob_right(int mode)
{
	volatile char *kptr, ch = 0;
	char *volatile ptr;
	size_t sz = 32;

	kptr = kmalloc(sz, GFP_KERNEL);
	if (!kptr)
		return -ENOMEM;
	ptr = (char *)kptr + sz + 3;
	if (mode == 0) {
		ch = *ptr;
		ch = kptr[sz];
	} else {
		*ptr = 'x';
		kptr[sz] = 'x';
	}
	kfree((char *)kptr);
	return ch;
}

noinline int dynamic_mem_oob_left(int mode)
{
	volatile char *kptr, ch = 0;
	char *volatile ptr;
	size_t sz = 32;

	kptr = kmalloc(sz, GFP_KERNEL);
	if (!kptr)
		return -ENOMEM;
	ptr = (char *)kptr - 1;
	if (mode == 0)
		ch = *ptr;
	else
		*ptr = 'x';
	kfree((char *)kptr);
	return ch;
}

/* 6: use after free */
noinline int uaf(void)
{
	char *volatile name = kmalloc(32, GFP_KERNEL);

	if (!name)
		return -ENOMEM;
	strncpy(name + 3, "abc", 3);
	kfree(name);
	strncpy(name + 8, "def", 3);	/* the bug */
	return 0;
}

/* 7: double free */
noinline int double_free(void)
{
	char *volatile name = kmalloc(32, GFP_KERNEL);

	if (!name)
		return -ENOMEM;
	kfree(name);
	kfree(name);	/* the bug */
	return 0;
}

/* 8.x: undefined behaviour that UBSAN would flag */
static volatile int ub_int_max = INT_MAX, ub_int_min = INT_MIN, ub_two = 2, ub_shift = 65;

noinline void test_ubsan_add_overflow(void)
{
	volatile int val = ub_int_max;
	val += ub_two;
}

noinline void test_ubsan_sub_overflow(void)
{
	volatile int val = ub_int_min;
	val -= ub_two;
}

noinline void test_ubsan_mul_overflow(void)
{
	volatile int val = ub_int_max / 2;
	val *= 3;
}

noinline void test_ubsan_negate_overflow(void)
{
	volatile int val = ub_int_min;
	val = -val;
}

noinline void test_ubsan_divrem_overflow(void)
{
	volatile int val = 16, val2 = 0;
	if (val2)
		val /= val2;
}

noinline void test_ubsan_shift_out_of_bounds(void)
{
	volatile int neg = -1, val = 0x10;
	val <<= ub_shift & 31 ? ub_shift : neg & 63;
}

noinline void test_ubsan_out_of_bounds(void)
{
	volatile int i = 4, j = 5;
	volatile int arr[4];
	arr[j & 3] = i;		/* index 5 of 4, masked so the stack survives */
}

noinline void test_ubsan_load_invalid_value(void)
{
	volatile char bval = 2;
	volatile bool *ptr = (volatile bool *)&bval;
	volatile bool val = *ptr;
	(void)val;
}

noinline void test_ubsan_misaligned_access(void)
{
	volatile char arr[5] __aligned(4) = { 1, 2, 3, 4, 5 };
	volatile int *ptr = (volatile int *)(arr + 1);
	(void)*ptr;
}

noinline void test_ubsan_object_size_mismatch(void)
{
	volatile int val = 0x10;
	volatile long long *ptr = (volatile long long *)&val;
	volatile long long val2 = *ptr & 0xffffffff;
	(void)val2;
}

/* 9 */
noinline int copy_user_test(void)
{
	pr_info("testcase 9: copy_[to|from]_user*() tests: not available (no vm_mmap in kmemlab)\n");
	return -ENOSYS;
}

/* 10: read uninitialised slab memory */
noinline int umr_slub(void)
{
	char *q = kmalloc(32, GFP_KERNEL);

	if (!q)
		return -ENOMEM;
	pr_info("testcase 10: simple UMR on slab memory\n");
	pr_info("q[3] is 0x%x\n", q[3]);
	print_hex_dump_bytes("q: ", DUMP_PREFIX_OFFSET, q, 32);
	kfree(q);
	return 0;
}

static int __init kmembugs_test_init(void)
{
#ifdef CONFIG_KASAN_GENERIC
	pr_info("KASAN configured\n");
#else
	pr_warn("KASAN NOT configured\n");
#endif
#ifdef CONFIG_UBSAN
	pr_info("CONFIG_UBSAN configured\n");
#else
	pr_warn("CONFIG_UBSAN NOT configured\n");
#endif
#ifdef CONFIG_DEBUG_KMEMLEAK
	pr_info("CONFIG_DEBUG_KMEMLEAK configured\n");
#else
	pr_warn("CONFIG_DEBUG_KMEMLEAK NOT configured\n");
#endif
	init_irq_work(&irqwork, irq_work_leaky);
	return debugfs_simple_intf_init();
}

static void __exit kmembugs_test_exit(void)
{
	irq_work_sync(&irqwork);
	debugfs_simple_intf_exit();
	pr_info("removed\n");
}

module_init(kmembugs_test_init);
module_exit(kmembugs_test_exit);
