/* kallsyms.h: address -> symbol lookup for %pS and stack traces. */
#ifndef _LINUX_KALLSYMS_H
#define _LINUX_KALLSYMS_H
#include <linux/types.h>
#define KSYM_NAME_LEN 128
#define KSYM_SYMBOL_LEN (sizeof("%s+%#lx/%#lx [%s]") + KSYM_NAME_LEN + 2 * 18 + 56)
const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *off,
			    char **modname, char *namebuf);
unsigned long kallsyms_lookup_name(const char *name);
int sprint_symbol(char *buf, unsigned long addr);
int sprint_symbol_no_offset(char *buf, unsigned long addr);
int sprint_backtrace(char *buf, unsigned long addr);
bool is_kernel_text(unsigned long addr);
#endif
