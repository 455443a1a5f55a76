/*
 * moduleparam.h: parameters of built-in code ("kmemleak.verbose=1" on the
 * command line) and of modules ("insmod x.ko p=1"). Each parameter is a
 * struct kernel_param in the __param section.
 */
#ifndef _LINUX_MODULEPARAM_H
#define _LINUX_MODULEPARAM_H
#include <linux/types.h>
#include <linux/compiler.h>
enum kparam_type { KPARAM_BOOL, KPARAM_INT, KPARAM_UINT, KPARAM_LONG, KPARAM_ULONG, KPARAM_CHARP, KPARAM_SHORT, KPARAM_USHORT, KPARAM_INVBOOL, KPARAM_BYTE };
struct kernel_param {
	const char *name;
	void *arg;
	unsigned short type;
	unsigned short perm;
};
#ifdef MODULE
#define MODULE_PARAM_PREFIX ""
#else
#ifndef MODULE_PARAM_PREFIX
#ifdef KBUILD_MODNAME
#define MODULE_PARAM_PREFIX KBUILD_MODNAME "."
#else
#define MODULE_PARAM_PREFIX ""
#endif
#endif
#endif
#define __kparam_type_bool KPARAM_BOOL
#define __kparam_type_int KPARAM_INT
#define __kparam_type_uint KPARAM_UINT
#define __kparam_type_long KPARAM_LONG
#define __kparam_type_ulong KPARAM_ULONG
#define __kparam_type_charp KPARAM_CHARP
#define __kparam_type_short KPARAM_SHORT
#define __kparam_type_ushort KPARAM_USHORT
#define __kparam_type_invbool KPARAM_INVBOOL
#define __kparam_type_byte KPARAM_BYTE
#define module_param_named(name, value, type, perm) \
	static const char __param_str_##name[] = MODULE_PARAM_PREFIX #name; \
	static struct kernel_param __param_##name __used __section("__param") __aligned(8) = \
		{ __param_str_##name, &(value), __kparam_type_##type, perm }
#define module_param(name, type, perm) module_param_named(name, name, type, perm)
#define core_param(name, var, type, perm) \
	static const char __param_str_##name[] = #name; \
	static struct kernel_param __param_##name __used __section("__param") __aligned(8) = \
		{ __param_str_##name, &(var), __kparam_type_##type, perm }
#define MODULE_PARM_DESC(p, d)
int parse_one_param(const struct kernel_param *params, unsigned num, const char *name, char *val, int *err);
int param_set(const struct kernel_param *kp, const char *val);
#endif
