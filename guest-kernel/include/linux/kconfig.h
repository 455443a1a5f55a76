/*
 * kconfig.h: IS_ENABLED, IS_BUILTIN and IS_MODULE, tests of a CONFIG_
 * option usable in C expressions (1 for =y or =m, 0 when unset), with
 * Linux's names. autoconf.h defines CONFIG_FOO as 1 for =y and
 * CONFIG_FOO_MODULE as 1 for =m. An option defined as 1 pastes into
 * cfg_probe_1, which expands to "x," and shifts a 1 into the second
 * argument of cfg_second; any other spelling leaves the 0 there.
 */
#ifndef _LINUX_KCONFIG_H
#define _LINUX_KCONFIG_H
#define cfg_probe_1 x,
#define cfg_second(a, b, ...) b
#define cfg_pick(probe) cfg_second(probe 1, 0, 0)
#define cfg_paste(v) cfg_pick(cfg_probe_##v)
#define cfg_is_one(v) cfg_paste(v)
#define IS_BUILTIN(option) cfg_is_one(option)
#define IS_MODULE(option) cfg_is_one(option##_MODULE)
#define IS_ENABLED(option) (IS_BUILTIN(option) || IS_MODULE(option))
#endif
