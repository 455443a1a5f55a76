/*
 * vermagic.h: the "vermagic=" string a module carries in .modinfo and the
 * loader compares byte for byte with its own (Linux 5.10 form: release,
 * then one word per ABI-relevant option, each followed by a space):
 *   "5.10.0-kmemlab SMP mod_unload "
 * kmemlab runs one CPU but builds its ABI like an SMP x86-64 kernel, as the
 * book's kernel is. UTS_RELEASE comes from the build (-DUTS_RELEASE=...):
 * the kernel Makefile and modules/Makefile both derive it from .config.
 */
#ifndef _LINUX_VERMAGIC_H
#define _LINUX_VERMAGIC_H
#ifndef UTS_RELEASE
#error "UTS_RELEASE must be defined (-DUTS_RELEASE=\"5.10.0-kmemlab\")"
#endif
#define MODULE_VERMAGIC_SMP "SMP "
#define MODULE_VERMAGIC_PREEMPT ""
#ifdef CONFIG_MODULE_UNLOAD
#define MODULE_VERMAGIC_MODULE_UNLOAD "mod_unload "
#else
#define MODULE_VERMAGIC_MODULE_UNLOAD ""
#endif
#define MODULE_VERMAGIC_MODVERSIONS ""
#define MODULE_ARCH_VERMAGIC ""
#define VERMAGIC_STRING \
	UTS_RELEASE " " MODULE_VERMAGIC_SMP MODULE_VERMAGIC_PREEMPT MODULE_VERMAGIC_MODULE_UNLOAD \
	MODULE_VERMAGIC_MODVERSIONS MODULE_ARCH_VERMAGIC
#endif
