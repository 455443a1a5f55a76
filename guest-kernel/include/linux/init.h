/*
 * init.h: __init sections, initcall levels and command-line parameter hooks.
 * Initcalls are function pointers in .initcallN.init, gathered in level
 * order by the linker script; do_initcalls walks them (init/main.c).
 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H
#include <linux/compiler.h>
#include <linux/types.h>
#define __init		__section(".init.text") __cold
#define __initdata	__section(".init.data")
#define __initconst	__section(".init.rodata")
#define __exit		__section(".exit.text") __cold
#define __exitdata	__section(".exit.data")
#define __ro_after_init	__section(".data..ro_after_init")
#define __refdata
#define __ref
#define __meminit	__init
typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);
#ifndef MODULE
#define __define_initcall(fn, id) \
	static initcall_t __initcall_##fn##id __used __section(".initcall" #id ".init") = fn
#define early_initcall(fn)	__define_initcall(fn, early)
#define pure_initcall(fn)	__define_initcall(fn, 0)
#define core_initcall(fn)	__define_initcall(fn, 1)
#define postcore_initcall(fn)	__define_initcall(fn, 2)
#define arch_initcall(fn)	__define_initcall(fn, 3)
#define subsys_initcall(fn)	__define_initcall(fn, 4)
#define fs_initcall(fn)		__define_initcall(fn, 5)
#define rootfs_initcall(fn)	__define_initcall(fn, rootfs)
#define device_initcall(fn)	__define_initcall(fn, 6)
#define late_initcall(fn)	__define_initcall(fn, 7)
#define __initcall(fn)		device_initcall(fn)
struct obs_kernel_param {
	const char *str;
	int (*setup_func)(char *);
	int early;
};
#define __setup_param(str, unique_id, fn, early) \
	static const char __setup_str_##unique_id[] __initconst __aligned(1) = str; \
	static struct obs_kernel_param __setup_##unique_id __used __section(".init.setup") __aligned(8) = \
		{ __setup_str_##unique_id, fn, early }
#define __setup(str, fn)	__setup_param(str, fn, fn, 0)
#define early_param(str, fn)	__setup_param(str, fn, fn, 1)
#endif
extern char boot_command_line[];
extern char saved_command_line[];
extern bool initcall_debug;
#endif
