/*
 * debugfs_kmembugs.c: the debugfs interface of test_kmembugs (kmemlab's
 * own code for the behaviour of the book's debugfs_kmembugs.c).
 *
 * /sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase, mode 0200: a
 * write of at most 5 bytes names a testcase ("3.1\n"); the last byte
 * written is replaced by a NUL (echo's newline), and the rest must match
 * a testcase number exactly. Longer writes get -ENOSPC, a failed copy
 * -EIO; an unknown number is warned about and the write still succeeds.
 * No pr_fmt here, as in the book: these lines have no prefix.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define OURMODNAME	KBUILD_MODNAME
#define DBGFS_FILE1	"lkd_dbgfs_run_testcase"
#define MAXUPASS	5	/* "3.1\n" and friends */
#define READ	0
#define WRITE	1

int umr(void);
void *uar(void);
void leak_simple1(void);
void *leak_simple2(void);
void leak_simple3(void);
int global_mem_oob_right(int mode, char *p);
int global_mem_oob_left(int mode, char *p);
int dynamic_mem_oob_right(int mode);
int dynamic_mem_oob_left(int mode);
int uaf(void);
int double_free(void);
void test_ubsan_add_overflow(void);
void test_ubsan_sub_overflow(void);
void test_ubsan_mul_overflow(void);
void test_ubsan_negate_overflow(void);
void test_ubsan_divrem_overflow(void);
void test_ubsan_shift_out_of_bounds(void);
void test_ubsan_out_of_bounds(void);
void test_ubsan_load_invalid_value(void);
void test_ubsan_misaligned_access(void);
void test_ubsan_object_size_mismatch(void);
void oob_copy_user_test(void);
int umr_slub(void);
extern char global_arr2[];

struct dentry *gparent;

/* the same comparison as the book: the NUL must match too */
static bool is(const char *in, const char *tc)
{
	return !strncmp(in, tc, strlen(tc) + 1);
}

/*
 * The dispatcher, in the book's order. As in the book "8.4" is tested
 * twice, so the division test after it can never run.
 */
static ssize_t dbgfs_run_testcase(struct file *filp, const char __user *ubuf, size_t count, loff_t *fpos)
{
	char udata[MAXUPASS];
	volatile char *res1, *res2;

	if (count > MAXUPASS) {
		pr_warn("too much data attempted to be passed from userspace to here\n");
		return -ENOSPC;
	}
	if (!count)	/* the book would write udata[-1] */
		return 0;
	if (copy_from_user(udata, ubuf, count))
		return -EIO;
	udata[count - 1] = '\0';
	pr_debug("testcase to run: %s\n", udata);

	if (is(udata, "1")) {
		umr();
	} else if (is(udata, "2")) {
		res1 = uar();
		pr_info("testcase 2: UAR: res1 = \"%s\"\n", res1 ? (char *)res1 : "<whoops, it's NULL; UAR!>");
	} else if (is(udata, "3.1")) {
		leak_simple1();
	} else if (is(udata, "3.2")) {
		res2 = leak_simple2();	/* the caller should free it: the test is that it doesn't */
		pr_info(" res2 = \"%s\"\n", res2 ? (char *)res2 : "<whoops, it's NULL>");
	} else if (is(udata, "3.3")) {
		leak_simple3();
	} else if (is(udata, "4.1")) {
		global_mem_oob_right(READ, global_arr2);
	} else if (is(udata, "4.2")) {
		global_mem_oob_right(WRITE, global_arr2);
	} else if (is(udata, "4.3")) {
		global_mem_oob_left(READ, global_arr2);
	} else if (is(udata, "4.4")) {
		global_mem_oob_left(WRITE, global_arr2);
	} else if (is(udata, "5.1")) {
		dynamic_mem_oob_right(READ);
	} else if (is(udata, "5.2")) {
		dynamic_mem_oob_right(WRITE);
	} else if (is(udata, "5.3")) {
		dynamic_mem_oob_left(READ);
	} else if (is(udata, "5.4")) {
		dynamic_mem_oob_left(WRITE);
	} else if (is(udata, "6")) {
		uaf();
	} else if (is(udata, "7")) {
		double_free();
	} else if (is(udata, "8.1")) {
		test_ubsan_add_overflow();
	} else if (is(udata, "8.2")) {
		test_ubsan_sub_overflow();
	} else if (is(udata, "8.3")) {
		test_ubsan_mul_overflow();
	} else if (is(udata, "8.4")) {
		test_ubsan_negate_overflow();
	} else if (is(udata, "8.4")) {
		test_ubsan_divrem_overflow();
	} else if (is(udata, "8.5")) {
		test_ubsan_shift_out_of_bounds();
	} else if (is(udata, "8.6")) {
		test_ubsan_out_of_bounds();
	} else if (is(udata, "8.7")) {
		test_ubsan_load_invalid_value();
	} else if (is(udata, "8.8")) {
		test_ubsan_misaligned_access();
	} else if (is(udata, "8.9")) {
		test_ubsan_object_size_mismatch();
	} else if (is(udata, "9")) {
		oob_copy_user_test();
	} else if (is(udata, "10")) {
		umr_slub();
	} else {
		pr_warn("Invalid testcase # (%s) passed\n", udata);
	}
	return count;
}

static const struct file_operations dbgfs_fops = {
	.owner = THIS_MODULE,
	.write = dbgfs_run_testcase,
};

int debugfs_simple_intf_init(void)
{
	struct dentry *file1;

#ifndef CONFIG_DEBUG_FS
	pr_warn("debugfs unsupported! Aborting ...\n");
	return -EINVAL;
#endif
	gparent = debugfs_create_dir(OURMODNAME, NULL);
	if (IS_ERR_OR_NULL(gparent)) {
		pr_info("debugfs_create_dir failed, aborting...\n");
		return gparent ? PTR_ERR(gparent) : -ENOMEM;
	}
	file1 = debugfs_create_file(DBGFS_FILE1, 0200, gparent, NULL, &dbgfs_fops);
	if (IS_ERR_OR_NULL(file1)) {
		pr_info("debugfs_create_file failed, aborting...\n");
		debugfs_remove_recursive(gparent);
		return file1 ? PTR_ERR(file1) : -ENOMEM;
	}
	pr_debug("debugfs file 1 <debugfs_mountpt>/%s/%s created\n", OURMODNAME, DBGFS_FILE1);
	pr_info("debugfs entry initialized\n");
	return 0;
}

