/*
 * module.h: loadable modules (kernel/module.c). Built-in code includes it
 * too: module_init becomes an initcall there.
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H
#include <linux/types.h>
#include <linux/list.h>
#include <linux/init.h>
#include <linux/export.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#define MODULE_NAME_LEN 56
enum module_state { MODULE_STATE_LIVE, MODULE_STATE_COMING, MODULE_STATE_GOING, MODULE_STATE_UNFORMED };
/*
 * A module's memory: base..base+size, [0, text_size) executable,
 * [text_size, ro_size) read-only, [ro_size, size) read-write (all
 * page-aligned). The core region lives until unload; the init region
 * (.init.* sections) is freed once init has returned 0.
 */
struct module_layout { void *base; unsigned int size, text_size, ro_size; };
/* "a uses b": on b->source_list and a->target_list */
struct module_use {
	struct list_head source_list, target_list;
	struct module *source, *target;
};
#include <linux/panic.h>
struct module {
	enum module_state state;
	struct list_head list;
	char name[MODULE_NAME_LEN];
	int (*init)(void);
	void (*exit)(void);
	struct module_layout core_layout, init_layout;
	const struct kernel_symbol *syms, *gpl_syms;
	unsigned int num_syms, num_gpl_syms;
	struct kernel_param *kp;
	unsigned int num_kp;
	/* .init_array / .ctors: run before init (do_mod_ctors) */
	void (**ctors)(void);
	unsigned int num_ctors;
	/* kallsyms */
	void *symtab;			/* Elf64_Sym[] */
	unsigned int num_symtab;
	char *strtab;
	int refcnt;
	struct list_head source_list, target_list;	/* dependencies */
	char *args;
	const char *license;
	bool gpl_compatible;
	unsigned long taints;		/* 1 << TAINT_* */
	const char *version, *srcversion;
	/* /sys/module/<name>/sections: each SHF_ALLOC section's load address (fs/sysfs_module.c) */
	struct module_sect_attr *sect_attrs;
	unsigned int nsect;
};
struct module_sect_attr { const char *name; unsigned long address; };
int mod_sysfs_setup(struct module *mod);
void mod_sysfs_teardown(struct module *mod);
struct module *module_find_locked(const char *name, void (*fn)(struct module *mod, void *ctx), void *ctx);
extern struct module __this_module;
#ifdef MODULE
#define module_init(fn) \
	static inline initcall_t __maybe_unused __inittest(void) { return fn; } \
	int init_module(void) __attribute__((copy(fn), alias(#fn)))
#define module_exit(fn) \
	static inline exitcall_t __maybe_unused __exittest(void) { return fn; } \
	void cleanup_module(void) __attribute__((copy(fn), alias(#fn)))
/* own unique-id paste: compiler.h's __UNIQUE_ID pastes before expanding */
#define ___MODINFO_PASTE(a, b) a##b
#define __MODINFO_PASTE(a, b) ___MODINFO_PASTE(a, b)
#define __MODULE_INFO(tag, name, info) \
	static const char __MODINFO_PASTE(__UNIQUE_ID_##name, __COUNTER__)[] __used __section(".modinfo") \
		__aligned(1) = #tag "=" info
#else
#define module_init(fn) __initcall(fn)
#define module_exit(fn) static exitcall_t __exitcall_##fn __used __section(".exitcall.exit") = fn
#define __MODULE_INFO(tag, name, info)
#endif
#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)
#define MODULE_LICENSE(l) MODULE_INFO(license, l)
#define MODULE_AUTHOR(a) MODULE_INFO(author, a)
#define MODULE_DESCRIPTION(d) MODULE_INFO(description, d)
#define MODULE_VERSION(v) MODULE_INFO(version, v)
#define MODULE_ALIAS(a) MODULE_INFO(alias, a)
#define MODULE_SOFTDEP(s) MODULE_INFO(softdep, s)
#define MODULE_IMPORT_NS(ns)
#define THIS_MODULE (&__this_module)
const char *module_address_lookup(unsigned long addr, unsigned long *size, unsigned long *off,
				  char **modname, char *namebuf);
unsigned long module_kallsyms_lookup_name(const char *name);
int module_kallsyms_show(int (*emit)(void *ctx, const char *line), void *ctx);
void print_modules(void);
bool try_module_get(struct module *m);
void module_put(struct module *m);
#define __module_get(m) ((void)try_module_get(m))
struct module *__module_address(unsigned long addr);
bool is_module_address(unsigned long addr);
bool is_module_text_address(unsigned long addr);
/* kernel/module.c: the loader proper (called by the init_module and
 * delete_module system calls; image is a kernel copy the caller frees) */
int load_module(void *image, unsigned long len, const char *uargs);
long delete_module_by_name(const char *name, unsigned int flags);
int modules_show(int (*emit)(void *ctx, const char *line), void *ctx);
int module_refcount(struct module *m);
void *module_alloc(unsigned long size);
#endif
