/*
 * kmemlab_oops.c: init takes the fault (or warning) "what=" names, so the
 * oops path (arch/x86/fault.c, stacktrace.c) can be checked line by line
 * against Linux 5.10's format:
 *
 *   insmod kmemlab_oops.ko what=write   stores a byte into the guard page
 *                                       after a vmalloc(PAGE_SIZE): "BUG:
 *                                       unable to handle page fault",
 *                                       "#PF: supervisor write access in
 *                                       kernel mode", error_code(0x0002),
 *                                       the whole PGD...PTE walk; insmod
 *                                       is killed (SIGKILL)
 *   insmod kmemlab_oops.ko what=ud2     an invalid opcode: "invalid opcode:
 *                                       0000", insmod gets SIGSEGV
 *   insmod kmemlab_oops.ko what=usercopy copy_from_user of a runtime 16
 *                                       bytes into an 8-byte array: check_copy_size's
 *                                       WARN "Buffer overflow detected (8 < 16)!",
 *                                       nothing copied (16 returned); init
 *                                       goes on and the module loads
 *   insmod kmemlab_oops.ko what=gp      loads 8 bytes through the pointer a
 *                                       freed object's poison makes
 *                                       (0x6b6b6b6b6b6b6b6b) plus 0x10:
 *                                       "general protection fault, probably
 *                                       for non-canonical address
 *                                       0x6b6b6b6b6b6b6b7b: 0000"; SIGSEGV
 *   insmod kmemlab_oops.ko what=gpsib   the same with base, index and scale:
 *                                       -0x20(%r12,%r13,8), r12 =
 *                                       LIST_POISON1's 0xdead000000000100,
 *                                       r13 = 3: address 0xdead0000000000f8
 *   insmod kmemlab_oops.ko what=kthread the same store from a kernel thread
 *                                       ("kmemlab_oops"): the oops kills that
 *                                       thread, insmod and the machine go on
 *   insmod kmemlab_oops.ko what=irqwarn a WARN from an irq_work (hardirq,
 *                                       on the IRQ stack) while init spins
 *                                       in wait_for_irq: the trace shows
 *                                       <IRQ> ... </IRQ>, the interrupted
 *                                       registers, then init's callers
 *   insmod kmemlab_oops.ko what=recurse unbounded recursion (256 bytes a
 *                                       frame) until the stack runs into its
 *                                       guard page (CONFIG_VMAP_STACK): the
 *                                       double fault's "BUG: stack guard page
 *                                       was hit", "kernel stack overflow
 *                                       (double-fault)" and the panic
 *   insmod kmemlab_oops.ko what=vmalloc_oob reads vmalloc(3000)[3100]:
 *                                       with CONFIG_KASAN_VMALLOC, KASAN's
 *                                       "vmalloc-out-of-bounds" report (the
 *                                       shadow past byte 3000 is 0xf8); init
 *                                       goes on and the module loads
 *   insmod kmemlab_oops.ko              loads and does nothing
 * The registers the faulting store sees are fixed (0x1111... in rbx,
 * 0x1212... to 0x1515... in r12-r15), so the register dump can be checked too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/string.h>
#include <linux/mman.h>
#include <linux/err.h>
#include <linux/uaccess.h>
#include <linux/kthread.h>
#include <linux/irq_work.h>

MODULE_LICENSE("GPL");
MODULE_AUTHOR("kmemlab");
MODULE_DESCRIPTION("kmemlab test module: a kernel fault in init, chosen by a parameter");

static char *what = "";
static int copy_len = 16;	/* a parameter, so gcc cannot see the length */
module_param(copy_len, int, 0444);
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "write: store into a vmalloc guard page; gp: load through a poisoned pointer; ud2: invalid opcode; "
		 "usercopy: copy_from_user overflow; kthread: the store from a kernel thread; "
		 "recurse: unbounded recursion (a stack overflow); vmalloc_oob: read past a vmalloc(3000)");
MODULE_PARM_DESC(copy_len, "bytes what=usercopy copies into its 8-byte buffer");

/* copy_len bytes from a fresh user page into 8 bytes: check_copy_size refuses more than 8 */
static noinline int usercopy_overflow(void)
{
	char small[8];
	unsigned long user = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, 0);
	unsigned long left;

	if (IS_ERR_VALUE(user))
		return (int)user;
	left = copy_from_user(small, (const void __user *)user, copy_len);
	pr_info("copy_from_user(%d) left %lu\n", copy_len, left);
	vm_munmap(user, PAGE_SIZE);
	return 0;
}

/*
 * One byte stored at p, with rbx and r12-r15 holding known values; the
 * five 10-byte moves put the store far enough into the module's text for
 * the oops's "Code:" line to show the 42 bytes before it.
 */
static noinline void store_at(char *p)
{
	asm volatile("mov $0x1111111111111111, %%rbx\n\t"
		     "mov $0x1212121212121212, %%r12\n\t"
		     "mov $0x1313131313131313, %%r13\n\t"
		     "mov $0x1414141414141414, %%r14\n\t"
		     "mov $0x1515151515151515, %%r15\n\t"
		     "movb $0x78, (%0)"
		     : : "r"(p) : "rbx", "r12", "r13", "r14", "r15", "memory");
}

/* A store into the guard page after a fresh vmalloc(PAGE_SIZE). */
static int write_past_vmalloc(void *unused)
{
	char *buf = vmalloc(PAGE_SIZE);

	if (!buf)
		return -ENOMEM;
	pr_info("writing past vmalloc(%lu) = %px\n", PAGE_SIZE, buf);
	store_at(buf + PAGE_SIZE);
	vfree(buf);
	return 0;
}

/* A load at p + 16 (the struct member a use after free would read). */
static noinline __attribute__((noipa)) long load_member(long *p)
{
	long v;

	asm volatile("mov 0x10(%1), %0" : "=r"(v) : "r"(p) : "memory");
	return v;
}

/* A load at base - 0x20 + 8 * index, from r12 and r13. */
static noinline __attribute__((noipa)) long load_indexed(unsigned long base, unsigned long index)
{
	long v;

	asm volatile("mov %1, %%r12\n\t"
		     "mov %2, %%r13\n\t"
		     "mov -0x20(%%r12,%%r13,8), %0"
		     : "=r"(v) : "r"(base), "r"(index) : "r12", "r13", "memory");
	return v;
}

/* 0: no limit (volatile, so gcc neither sees an infinite recursion nor folds it) */
static volatile int recurse_limit;

/* Each level keeps 256 bytes of its own on the stack, and calls itself before using them. */
static noinline int recurse(int depth)
{
	volatile char frame[256];

	frame[0] = depth;
	if (recurse_limit && depth >= recurse_limit)
		return depth;
	return recurse(depth + 1) + frame[0];
}

/* One byte read 100 bytes past a vmalloc(3000), inside its page (5.10's test_kasan vmalloc_oob). */
static noinline int vmalloc_oob(void)
{
	char *v = vmalloc(3000);

	if (!v)
		return -ENOMEM;
	pr_info("reading vmalloc(3000)[3100]\n");
	(void)((volatile char *)v)[3100];
	vfree(v);
	return 0;
}

static volatile int irq_work_ran;

static void warn_from_irq(struct irq_work *w)
{
	WARN(1, "kmemlab_oops: a warning in hardirq context\n");
	irq_work_ran = 1;
}
static struct irq_work warn_work;

/* Spins with interrupts on until the irq_work has run. */
static noinline void wait_for_irq(void)
{
	while (!irq_work_ran)
		cpu_relax();
}

static int __init kmemlab_oops_init(void)
{
	if (!strcmp(what, "write")) {
		return write_past_vmalloc(NULL);
	} else if (!strcmp(what, "kthread")) {
		struct task_struct *t = kthread_run(write_past_vmalloc, NULL, "kmemlab_oops");

		return IS_ERR(t) ? PTR_ERR(t) : 0;
	} else if (!strcmp(what, "gp")) {
		pr_info("loading through 0x6b6b6b6b6b6b6b6b\n");
		return load_member((long *)0x6b6b6b6b6b6b6b6bUL);
	} else if (!strcmp(what, "gpsib")) {
		return load_indexed(0xdead000000000100UL, 3);
	} else if (!strcmp(what, "usercopy")) {
		return usercopy_overflow();
	} else if (!strcmp(what, "irqwarn")) {
		init_irq_work(&warn_work, warn_from_irq);
		irq_work_queue(&warn_work);
		wait_for_irq();
	} else if (!strcmp(what, "vmalloc_oob")) {
		return vmalloc_oob();
	} else if (!strcmp(what, "recurse")) {
		pr_info("recursing without end\n");
		return recurse(0);
	} else if (!strcmp(what, "ud2")) {
		pr_info("executing ud2\n");
		asm volatile("ud2");
	}
	return 0;
}

static void __exit kmemlab_oops_exit(void)
{
}

module_init(kmemlab_oops_init);
module_exit(kmemlab_oops_exit);
