/*
 * kmemlab_testmod.c: a test module whose parameters choose what its init
 * does, so the module loader's error paths and kmemleak's edge cases can
 * be exercised from the guest shell (tests/e2e/modules.test.ts).
 *
 *   insmod kmemlab_testmod.ko fail=N     init returns -N: the loader unlinks
 *                                        and frees the module, insmod prints
 *                                        strerror(N); N above 4095 is not an
 *                                        errno (the module is freed all the
 *                                        same, insmod says nothing); N < 0
 *                                        is a positive result (warned about,
 *                                        the module stays)
 *   insmod kmemlab_testmod.ko oops=1     init dereferences NULL: an oops
 *                                        ("Modules linked in: kmemlab_testmod(O+)"),
 *                                        insmod is killed, the shell survives
 *   insmod kmemlab_testmod.ko leak=chain    head -> mid -> tail, 3 kmalloc'ed
 *                                        objects; only the head pointer is
 *                                        dropped. kmemleak never scans an
 *                                        unreferenced (white) object, so the
 *                                        whole chain is reported: 3 leaks.
 *   insmod kmemlab_testmod.ko leak=vmalloc  a vmalloc'ed block, dropped, that
 *                                        holds the only pointer to a kmalloc'ed
 *                                        one: both are reported (2 leaks).
 *   insmod kmemlab_testmod.ko leak=freed    a kmalloc'ed object whose only
 *                                        pointer was kept in an object that is
 *                                        then kfree'd: freed memory is not
 *                                        scanned, so it is reported (1 leak).
 * Each leak prints the addresses (%px) so reports can be matched.
 * The pointers are never stored in the module's data (which kmemleak
 * scans); they only live in registers and this task's stack, which is
 * gone once insmod exits.
 *
 * kmemlab_testmod_value is exported for kmemlab_testmod_user, which then
 * holds a reference: "rmmod kmemlab_testmod" fails while it is loaded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/string.h>

MODULE_LICENSE("GPL");
MODULE_AUTHOR("kmemlab");
MODULE_DESCRIPTION("kmemlab test module: init failure, oops and leak patterns chosen by parameters");
MODULE_VERSION("1.0");

static int fail;
module_param(fail, int, 0444);
MODULE_PARM_DESC(fail, "init returns -fail (e.g. 1: EPERM)");
static int oops;
module_param(oops, int, 0444);
MODULE_PARM_DESC(oops, "1: dereference NULL in init");
static char *leak;
module_param(leak, charp, 0444);
MODULE_PARM_DESC(leak, "chain, vmalloc or freed");

int kmemlab_testmod_value = 42;
EXPORT_SYMBOL(kmemlab_testmod_value);

struct chain_obj {
	struct chain_obj *next;
	char tag[56];
};

static noinline int leak_chain(void)
{
	struct chain_obj *o[3];
	int i;

	for (i = 0; i < 3; i++) {
		o[i] = kzalloc(sizeof(*o[i]), GFP_KERNEL);
		if (!o[i])
			return -ENOMEM;
		snprintf(o[i]->tag, sizeof(o[i]->tag), "chain object %d", i);
	}
	o[0]->next = o[1];
	o[1]->next = o[2];
	pr_info("chain: head %px -> %px -> %px\n", o[0], o[1], o[2]);
	return 0;
}

static noinline int leak_vmalloc(void)
{
	void **block = vmalloc(128);
	char *obj;

	if (!block)
		return -ENOMEM;
	memset(block, 0, 128);
	obj = kmalloc(96, GFP_KERNEL);
	if (!obj) {
		vfree(block);
		return -ENOMEM;
	}
	strcpy(obj, "kept only in a vmalloc block");
	block[3] = obj;
	pr_info("vmalloc: block %px holds %px\n", block, obj);
	return 0;
}

static noinline int leak_freed(void)
{
	void **holder = kmalloc(64, GFP_KERNEL);
	char *obj;

	if (!holder)
		return -ENOMEM;
	obj = kmalloc(160, GFP_KERNEL);
	if (!obj) {
		kfree(holder);
		return -ENOMEM;
	}
	strcpy(obj, "pointer kept in freed memory");
	holder[0] = obj;
	pr_info("freed: %px kept only in freed %px\n", obj, holder);
	kfree(holder);
	return 0;
}

static int __init kmemlab_testmod_init(void)
{
	if (oops) {
		int *p = NULL;

		pr_info("dereferencing NULL\n");
		asm volatile("" : "+r"(p));	/* gcc must not see the NULL */
		return *p;
	}
	if (fail < 0) {
		pr_info("init returns %d\n", -fail);
		return -fail;
	}
	if (fail) {
		pr_info("init fails with %d\n", -fail);
		return -fail;
	}
	if (leak) {
		if (!strcmp(leak, "chain"))
			return leak_chain();
		if (!strcmp(leak, "vmalloc"))
			return leak_vmalloc();
		if (!strcmp(leak, "freed"))
			return leak_freed();
		pr_err("unknown leak '%s' (chain, vmalloc or freed)\n", leak);
		return -EINVAL;
	}
	pr_info("loaded, kmemlab_testmod_value = %d\n", kmemlab_testmod_value);
	return 0;
}

static void __exit kmemlab_testmod_exit(void)
{
	pr_info("unloaded\n");
}

module_init(kmemlab_testmod_init);
module_exit(kmemlab_testmod_exit);
