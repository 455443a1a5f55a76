/*
 * kmembugs_test.c: test cases for memory bugs (kmemlab's own code for
 * the behaviour of the book's ch5/kmembugs_test/kmembugs_test.c: the same
 * functions, sizes, indices, bytes and messages, so a detector reports
 * what it reports on the book's module).
 *
 * Each testcase is a function the debugfs file (debugfs_kmembugs.c)
 * calls when its number is written to
 * /sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase:
 *   1    uninitialised local read (UMR)
 *   2    use after return (UAR): returns a local array's address
 *   3.1  leak a kzalloc(1520) and a vmalloc(5*1024)
 *   3.2  leak a kmalloc(8) holding "leaky!!" (the caller "forgets" to free)
 *   3.3  leak a kzalloc(129, GFP_ATOMIC) from irq_work, in hardirq context
 *   4.x  out of bounds of a 10-byte global (global_arr2) and a 20-byte
 *        stack array: 4.1 right read, 4.2 right write, 4.3 left read,
 *        4.4 left write
 *   5.x  out of bounds of a kmalloc(32): 5.1/5.2 right read/write
 *        (offsets 35 and 32), 5.3/5.4 left read/write (offset -1)
 *   6    use after free ('y' at offset 8), 7 double free
 *   8.x  the undefined behaviour of Linux's lib/test_ubsan.c
 *   9    copy_{from,to}_user OOB: 11 bytes to and from a kmalloc(10)
 *   10   reading uninitialised slab memory
 * The testcase functions are global (the debugfs file calls them from
 * another object, so none is inlined into the dispatcher), and so are
 * the three global arrays. Messages carry "test_kmembugs:<function>(): ".
 */
#define pr_fmt(fmt) "%s:%s(): " fmt, KBUILD_MODNAME, __func__

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/err.h>
#include <linux/uaccess.h>
#include <linux/irq_work.h>
#include <linux/debugfs.h>
#include "convenient.h"

/* the bugs below are deliberate */
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wunused-variable"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wuse-after-free"
#pragma GCC diagnostic ignored "-Wreturn-local-addr"
#pragma GCC diagnostic ignored "-Wpragmas"

MODULE_AUTHOR("Kaiwan N Billimoria");
MODULE_DESCRIPTION("kmembugs_test: a few additional test cases for KASAN/UBSAN");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION("0.1");

#define READ	0
#define WRITE	1

int debugfs_simple_intf_init(void);
extern struct dentry *gparent;
static struct irq_work irqwork;
#ifdef CONFIG_KASAN
#include <linux/kasan.h>
static bool kasan_multishot;	/* KASAN's multi-shot setting before this module turned it on */
#endif

/* 1: prints a local nobody wrote, and reads it again */
int umr(void)
{
	volatile int x, y;

	pr_info("testcase 1: UMR (val=%d)\n", x);
	y = x;
	return x;
}

/* 10: prints a byte of a fresh kmalloc(32) and dumps the whole object */
int umr_slub(void)
{
	volatile char *q;

	pr_info("testcase 10: simple UMR on slab memory\n");
	q = kmalloc(32, GFP_KERNEL);
	if (unlikely(!q))
		return -ENOMEM;
	pr_info("q[3] is 0x%x\n", q[3]);
	print_hex_dump_bytes("q: ", DUMP_PREFIX_OFFSET, (void *)q, 32);
	kfree((char *)q);
	return 0;
}

/* 2: fills a 64-byte local with 63 'x' and a NUL and returns its address */
#define UAR_LEN	64
void *uar(void)
{
	volatile char name[UAR_LEN];
	volatile int i;

	pr_info("testcase 2: UAR:\n");
	for (i = 0; i < UAR_LEN - 1; i++)
		name[i] = 'x';
	name[i] = '\0';
	return (void *)name;
}

/* 3.1: a kzalloc(1520) and a vmalloc(5 KiB) that nobody keeps */
void leak_simple1(void)
{
	volatile char *p;

	pr_info("testcase 3.1: simple memory leak testcase 1\n");
	p = kzalloc(1520, GFP_KERNEL);
	if (unlikely(!p))
		return;
	pr_info("kzalloc(1520) = 0x%px\n", p);
	pr_info("vmalloc(5*1024) = 0x%px\n", vmalloc(5 * 1024));
}

/* 3.2: a kmalloc(8) holding "leaky!!"; the caller is meant to free it */
#define LEAK2_LEN	8
void *leak_simple2(void)
{
	volatile char *q;
	volatile int i;
	volatile char msg[] = "leaky!!";

	pr_info("testcase 3.2: simple memory leak testcase 2\n");
	q = kmalloc(LEAK2_LEN, GFP_KERNEL);
	for (i = 0; i < LEAK2_LEN - 1; i++)
		q[i] = msg[i];
	q[i] = '\0';
	return (void *)q;
}

/* 3.3, the work: runs in hardirq context */
void irq_work_leaky(struct irq_work *w)
{
	int want_sleep_in_atomic_bug = 0;	/* GFP_KERNEL would be a second bug */

	PRINT_CTX();
	pr_debug("kzalloc(129) = 0x%px\n", kzalloc(129, want_sleep_in_atomic_bug ? GFP_KERNEL : GFP_ATOMIC));
}

/* 3.3: leak from interrupt context */
void leak_simple3(void)
{
	pr_info("testcase 3.3: simple memory leak testcase 3\n");
	irq_work_queue(&irqwork);
}

/* 4.x: three 10-byte globals; the tests are given the middle one */
#define GLOBAL_LEN	10
char global_arr1[GLOBAL_LEN];
char global_arr2[GLOBAL_LEN];
char global_arr3[GLOBAL_LEN];

/* 4.1/4.2: p[13] through a pointer and an index, local_arr[25] of 20 */
int global_mem_oob_right(int mode, char *p)
{
	volatile char w, x, y, z;
	volatile char local_arr[20];
	char *volatile ptr = p + GLOBAL_LEN + 3;

	if (mode == READ) {
		w = *(volatile char *)ptr;			/* out of bounds */
		ptr = p + 3;
		x = *(volatile char *)ptr;
		y = local_arr[ARRAY_SIZE(local_arr) - 5];
		z = local_arr[ARRAY_SIZE(local_arr) + 5];	/* out of bounds */
	} else if (mode == WRITE) {
		*(volatile char *)ptr = 'x';			/* out of bounds */
		p[GLOBAL_LEN - 3] = 'w';
		p[GLOBAL_LEN + 3] = 'x';			/* out of bounds */
		local_arr[ARRAY_SIZE(local_arr) - 5] = 'y';
		local_arr[ARRAY_SIZE(local_arr) + 5] = 'z';	/* out of bounds */
	}
	return 0;
}

/* 4.3/4.4: p[-3] through a pointer and an index, local_arr[-5] */
int global_mem_oob_left(int mode, char *p)
{
	volatile char w, x, y, z;
	volatile char local_arr[20];
	char *volatile ptr = p - 3;

	if (mode == READ) {
		w = *(volatile char *)ptr;			/* out of bounds */
		x = p[-3];					/* out of bounds */
		y = local_arr[-5];				/* out of bounds */
		z = local_arr[5];
	} else if (mode == WRITE) {
		*(volatile char *)ptr = 'w';			/* out of bounds */
		ptr[0] = 'w';					/* out of bounds */
		ptr[5] = 'x';
		local_arr[-5] = 'y';				/* out of bounds */
		local_arr[5] = 'z';
	}
	return 0;
}

/* 5.1/5.2: a kmalloc(32) read at 35 twice, or written 'x' at 35 and 32 */
int dynamic_mem_oob_right(int mode)
{
	volatile char *kptr, ch = 0;
	char *volatile ptr;
	size_t sz = 32;

	kptr = kmalloc(sz, GFP_KERNEL);
	if (unlikely(!kptr))
		return -ENOMEM;
	ptr = (char *)kptr + sz + 3;
	if (mode == READ) {
		ch = *(volatile char *)ptr;
		ch = kptr[sz + 3];
	} else if (mode == WRITE) {
		*(volatile char *)ptr = 'x';
		kptr[sz] = 'x';
	}
	kfree((char *)kptr);
	return 0;
}

/* 5.3/5.4: the byte before a kmalloc(32), read or written 'x' */
int dynamic_mem_oob_left(int mode)
{
	volatile char *kptr, *ptr, ch = 'x';
	size_t sz = 32;

	kptr = kmalloc(sz, GFP_KERNEL);
	if (unlikely(!kptr))
		return -ENOMEM;
	ptr = kptr - 1;
	if (mode == READ)
		ch = *(volatile char *)ptr;
	else if (mode == WRITE)
		*(volatile char *)ptr = ch;
	kfree((char *)kptr);
	return 0;
}

/* 6: 'x' at offset 3 of a kmalloc(32), kfree, then 'y' at offset 8 */
int uaf(void)
{
	volatile char *kptr, *ptr;
	size_t sz = 32;

	kptr = kmalloc(sz, GFP_KERNEL);
	if (unlikely(!kptr))
		return -ENOMEM;
	ptr = kptr + 3;
	*(volatile char *)ptr = 'x';
	kfree((char *)kptr);
	ptr = kptr + 8;
	*(volatile char *)ptr = 'y';	/* the bug */
	return 0;
}

/* 7: 'x' at offset 3 of a kmalloc(32), then kfree twice */
int double_free(void)
{
	volatile char *kptr, *ptr;
	size_t sz = 32;

	kptr = kmalloc(sz, GFP_KERNEL);
	if (unlikely(!kptr))
		return -ENOMEM;
	ptr = kptr + 3;
	*(volatile char *)ptr = 'x';
	kfree((char *)kptr);
	kfree((char *)kptr);	/* the bug */
	return 0;
}

/* 8.x: the undefined behaviour of lib/test_ubsan.c, one kind each */
void test_ubsan_add_overflow(void)
{
	volatile int val = INT_MAX;

	val += 2;
}

void test_ubsan_sub_overflow(void)
{
	volatile int val = INT_MIN;
	volatile int val2 = 2;

	val -= val2;
}

void test_ubsan_mul_overflow(void)
{
	volatile int val = INT_MAX / 2;

	val *= 3;
}

void test_ubsan_negate_overflow(void)
{
	volatile int val = INT_MIN;

	val = -val;
}

void test_ubsan_divrem_overflow(void)
{
	volatile int val = 16;
	volatile int val2 = 0;

	val /= val2;
}

void test_ubsan_shift_out_of_bounds(void)
{
	volatile int val = -1;
	int val2 = 10;

	val2 <<= val;
}

void test_ubsan_out_of_bounds(void)
{
	volatile int i = 4, j = 5;
	volatile int arr[4];

	arr[j] = i;
}

void test_ubsan_load_invalid_value(void)
{
	volatile char *dst, *src;
	bool val, val2, *ptr;
	char c = 4;

	dst = (char *)&val;
	src = &c;
	*dst = *src;
	ptr = &val2;
	val2 = val;
}

void test_ubsan_misaligned_access(void)
{
	volatile char arr[5] __aligned(4) = { 1, 2, 3, 4, 5 };
	volatile int *ptr, val = 6;

	ptr = (int *)(arr + 1);
	*ptr = val;
}

void test_ubsan_object_size_mismatch(void)
{
	volatile int val __aligned(8) = 4;
	volatile long long *ptr, val2;

	ptr = (long long *)&val;
	val2 = *ptr;
}

/*
 * 9: one byte too many (11) through each user-copy routine between a
 * kmalloc(10) and a page mapped into the calling process; the kmalloc-16
 * object has room for it, so only an instrumented copy (KASAN) can tell.
 */
noinline void oob_copy_user_test(void)
{
	char *kmem;
	char __user *usermem;
	size_t size = 10;
	int unused;

	kmem = kmalloc(size, GFP_KERNEL);
	if (unlikely(!kmem))
		return;
	usermem = (char __user *)vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
					 MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR(usermem)) {
		pr_err("Failed to allocate user memory\n");
		kfree(kmem);
		return;
	}
	pr_info("out-of-bounds in __copy_from_user()\n");
	unused = __copy_from_user(kmem, usermem, size + 1);
	pr_info("out-of-bounds in __copy_to_user()\n");
	unused = __copy_to_user(usermem, kmem, size + 1);
	pr_info("out-of-bounds in __copy_from_user_inatomic()\n");
	unused = __copy_from_user_inatomic(kmem, usermem, size + 1);
	pr_info("out-of-bounds in __copy_to_user_inatomic()\n");
	unused = __copy_to_user_inatomic(usermem, kmem, size + 1);
	pr_info("out-of-bounds in strncpy_from_user()\n");
	unused = strncpy_from_user(kmem, usermem, size + 1);
	vm_munmap((unsigned long)usermem, PAGE_SIZE);
	kfree(kmem);
}

#define CHKCONF(option) pr_info("%s %sconfigured\n", #option, IS_ENABLED(option) ? "" : "NOT ")

static int __init kmembugs_test_init(void)
{
#ifdef CONFIG_KASAN
	/* every report, not only the first one (the book's module does this) */
	kasan_multishot = kasan_save_enable_multi_shot();
#endif
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		pr_info("KASAN configured\n");
	else
		pr_info("KASAN NOT configured\n");
	CHKCONF(CONFIG_UBSAN);
	CHKCONF(CONFIG_DEBUG_KMEMLEAK);
	init_irq_work(&irqwork, irq_work_leaky);
	return debugfs_simple_intf_init();
}

static void __exit kmembugs_test_exit(void)
{
	irq_work_sync(&irqwork);
#ifdef CONFIG_KASAN
	kasan_restore_multi_shot(kasan_multishot);
#endif
	debugfs_remove_recursive(gparent);
	pr_info("removed\n");
}

module_init(kmembugs_test_init);
module_exit(kmembugs_test_exit);
