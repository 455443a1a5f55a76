/*
 * main.c: start_kernel and the init task.
 *
 * start_kernel runs on the boot stack with interrupts off: early parameters,
 * memory (memblock -> buddy -> slab -> kmemleak -> vmalloc), traps and the
 * 8259/8254, the scheduler; then rest_init makes pid 1 (kernel_init) and
 * pid 2 (kthreadd) and the boot task becomes the idle task (pid 0).
 * kernel_init runs the initcalls level by level, frees __init memory and
 * execs /init (or rdinit=) in user mode.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/kmemleak.h>
#include <linux/moduleparam.h>
#include <linux/utsname.h>
#include <linux/interrupt.h>
#include <linux/kallsyms.h>
#include <linux/kasan.h>
#include <generated/autoconf.h>

bool initcall_debug;
core_param(initcall_debug, initcall_debug, bool, 0644);
enum system_states system_state;
static char *ramdisk_execute_command = "/init";
extern const char *argv_init[], *envp_init[];
void parse_early_param(void);
void parse_args_boot(void);
void print_unknown_bootoptions(void);
void setup_arch(void);
void trap_init(void);
void init_IRQ(void);
void time_init(void);
void tsc_init(void);
void softirq_init(void);
void init_timers(void);
void rcu_init(void);
void irq_stack_init(void);
void mem_init(void);
void free_initmem(void);
void mark_rodata_ro(void);
void vfs_caches_init(void);
void populate_rootfs_late(void);
void console_tty_init(void);
void devtmpfs_mount_and_console(void);
int run_init_process(const char *path, const char **argv, const char **envp);

static int __init rdinit_setup(char *s)
{
	ramdisk_execute_command = s;
	return 1;
}
__setup("rdinit=", rdinit_setup);

static void __init mm_init(void)
{
	mem_init();
	kmem_cache_init();
	kmemleak_init();
	vmalloc_init();
}

void __init start_kernel(void)
{
	system_state = SYSTEM_BOOTING;
	pr_notice("%s", linux_banner);
	parse_early_param();
	setup_arch();
	pr_notice("Kernel command line: %s\n", boot_command_line);
	parse_args_boot();
	print_unknown_bootoptions();
	trap_init();
	mm_init();
	sched_init();
	vfs_caches_init();
	softirq_init();
	init_timers();
	rcu_init();
	init_IRQ();
	irq_stack_init();
	time_init();
	tsc_init();
	local_irq_enable();
	rest_init();
}

extern initcall_t __initcall_start[], __initcall0_start[], __initcall1_start[], __initcall2_start[],
	__initcall3_start[], __initcall4_start[], __initcall5_start[], __initcallrootfs_start[],
	__initcall6_start[], __initcall7_start[], __initcall_end[];
static initcall_t *initcall_levels[] __initdata = {
	__initcall0_start, __initcall1_start, __initcall2_start, __initcall3_start, __initcall4_start,
	__initcall5_start, __initcallrootfs_start, __initcall6_start, __initcall7_start, __initcall_end,
};

int do_one_initcall(initcall_t fn)
{
	int count = preempt_count();
	u64 calltime = 0;
	int ret;

	if (initcall_debug) {
		printk(KERN_DEBUG "calling  %pS @ %i\n", fn, task_pid_nr(current));
		calltime = local_clock();
	}
	ret = fn();
	if (initcall_debug) {
		u64 duration = (local_clock() - calltime) >> 10;
		printk(KERN_DEBUG "initcall %pS returned %d after %llu usecs\n", fn, ret, duration);
		if (ret < 0) {
			/* the book's extra line: "<subsystem>: <fn>() failed (<ret>)" */
			char name[KSYM_SYMBOL_LEN], *us;
			sprint_symbol_no_offset(name, (unsigned long)fn);
			us = strchr(name, '_');
			printk(KERN_DEBUG "%.*s: %s() failed (%d)\n", us ? (int)(us - name) : 0, name, name, ret);
		}
	}
	if (preempt_count() != count) {
		pr_warn("initcall %pS returned with preemption imbalance \n", fn);
		__preempt_count = count;
	}
	if (irqs_disabled()) {
		pr_warn("initcall %pS returned with disabled interrupts \n", fn);
		local_irq_enable();
	}
	cond_resched();
	return ret;
}

static void __init do_initcalls(void)
{
	initcall_t *fn;

	for (fn = __initcall_start; fn < __initcall0_start; fn++)
		do_one_initcall(*fn);
	for (int level = 0; level < (int)ARRAY_SIZE(initcall_levels) - 1; level++)
		for (fn = initcall_levels[level]; fn < initcall_levels[level + 1]; fn++)
			do_one_initcall(*fn);
}

static int __ref kernel_init(void *unused)
{
	int ret;

	/* CONFIG_KASAN: gcc's constructors register the kernel's globals (do_ctors) */
	kasan_do_ctors();
	do_initcalls();
	system_state = SYSTEM_RUNNING;
	free_initmem();
	mark_rodata_ro();
	devtmpfs_mount_and_console();
	console_tty_init();
	pr_info("Run %s as init process\n", ramdisk_execute_command);
	printk(KERN_DEBUG "  with arguments:\n");
	for (const char **p = argv_init; *p; p++)
		printk(KERN_DEBUG "    %s\n", p == argv_init ? ramdisk_execute_command : *p);
	printk(KERN_DEBUG "  with environment:\n");
	for (const char **p = envp_init; *p; p++)
		printk(KERN_DEBUG "    %s\n", *p);
	argv_init[0] = ramdisk_execute_command;
	ret = run_init_process(ramdisk_execute_command, argv_init, envp_init);
	pr_err("Failed to execute %s (error %d)\n", ramdisk_execute_command, ret);
	panic("No working init found.  Try passing init= option to kernel. See Linux Documentation/admin-guide/init.rst for guidance.");
}

noinline void __ref rest_init(void)
{
	kernel_thread(kernel_init, NULL, "swapper/0");
	kernel_thread(kthreadd, NULL, "kthreadd");
	system_state = SYSTEM_SCHEDULING;
	cpu_idle_loop();
}
