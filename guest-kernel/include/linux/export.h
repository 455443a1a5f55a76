/*
 * export.h: EXPORT_SYMBOL. Each export is a struct kernel_symbol in
 * __ksymtab (or __ksymtab_gpl) that the module loader searches.
 */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H
#include <linux/compiler.h>
struct kernel_symbol { unsigned long value; const char *name; };
#define __EXPORT_SYMBOL(sym, sec) \
	extern typeof(sym) sym; \
	static const char __kstrtab_##sym[] __section("__ksymtab_strings") __aligned(1) = #sym; \
	static const struct kernel_symbol __ksymtab_##sym __used __section("___ksymtab" sec "+" #sym) __aligned(8) = \
		{ (unsigned long)&sym, __kstrtab_##sym }
#define EXPORT_SYMBOL(sym)	__EXPORT_SYMBOL(sym, "")
#define EXPORT_SYMBOL_GPL(sym)	__EXPORT_SYMBOL(sym, "_gpl")
#endif
