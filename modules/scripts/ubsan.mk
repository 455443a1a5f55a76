# ubsan.mk: CONFIG_UBSAN's compiler flags for a module, from the kernel it
# is built against (its generated autoconf.h), as Kbuild adds them to an
# external module's objects. The flags and the UBSAN_SANITIZE rules are
# the kernel's own (guest-kernel/scripts/Makefile.ubsan): a module's
# Makefile may set UBSAN_SANITIZE := n|y or UBSAN_SANITIZE_<obj>.o.
# Gives $(call mod_ubsan_cflags,<source file>).
ubsan_config_y = $(call kconfig_y,$(1))
include $(KSRC)/scripts/Makefile.ubsan
mod_ubsan_cflags = $(call ubsan_cflags,$(basename $(notdir $(1))).o)
