/*
 * module_stub.c: weak defaults for the module-side hooks kallsyms and
 * oopses call; kernel/module.c (the loader) overrides them.
 */
#include <linux/kernel.h>
#include <linux/module.h>

const char * __weak module_address_lookup(unsigned long addr, unsigned long *size, unsigned long *off,
					  char **modname, char *namebuf)
{
	return NULL;
}

unsigned long __weak module_kallsyms_lookup_name(const char *name)
{
	return 0;
}

int __weak module_kallsyms_show(int (*emit)(void *ctx, const char *line), void *ctx)
{
	return 0;
}

void __weak print_modules(void)
{
	printk(KERN_DEFAULT "Modules linked in:\n");
}

bool __weak is_module_address(unsigned long addr)
{
	return false;
}

bool __weak is_module_text_address(unsigned long addr)
{
	return false;
}
