# module.mk: builds the loadable modules of one directory, Kbuild style.
#
#   make -f <kmemlab>/modules/scripts/module.mk M=<dir> [MO=<outdir>]
#
# reads <dir>/Kbuild if present, else <dir>/Makefile, with KERNELRELEASE
# set, so a Linux-style module Makefile works unchanged:
#
#   ifneq ($(KERNELRELEASE),)
#     obj-m := name.o               # one or more modules
#     name-objs := a.o b.o          # (or name-y) objects of a multi-file module
#     ccflags-y += -DDEBUG          # (or EXTRA_CFLAGS) extra compiler flags
#   else
#     all:
#   	$(MAKE) -C <kmemlab>/modules M=$(CURDIR)
#   endif
#
# A module that ships with the kernel (Linux's own samples) sets
# KMEMLAB_INTREE := y so it does not taint the kernel with O.
#
# For each module `name` (file name.ko, module name with '-' turned
# into '_'): every object is compiled with the kernel's headers and ABI
# flags plus -DMODULE -DKBUILD_MODNAME="name" (and the kernel's CONFIG_UBSAN
# flags, ubsan.mk); the objects are joined by
# ld -r into name.prelink.o; name.mod.c (__this_module and vermagic) is generated from the
# joined object and compiled; a final ld -r with module.lds gives name.ko
# in MO (default: build/modules for the tree's modules, M itself for an
# external M=). Objects carry debug information (-g) for gdb; name.ko is
# stripped of it (as INSTALL_MOD_STRIP=1 does), the unstripped one stays
# in $(TMP)/name/name.ko (guest-kernel/scripts/gdb's lx-symbols finds it).

KMEMLAB_MODSCRIPTS := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
KMEMLAB := $(abspath $(KMEMLAB_MODSCRIPTS)/../..)
KSRC := $(KMEMLAB)/guest-kernel
KOBJ := $(KMEMLAB)/build/kernel
ifeq ($(wildcard $(KOBJ)/release),)
$(error kernel not built: run make -C guest-kernel first)
endif
KERNELRELEASE := $(shell cat $(KOBJ)/release)
export KERNELRELEASE

ifeq ($(M),)
$(error M=<module directory> is required)
endif
override M := $(abspath $(M))
MO ?= $(M)
# objects of another kernel tree (KOBJ=build/kernel-NAME) are kept apart: they carry its flags
KOBJ_TAG := $(patsubst kernel%,%,$(notdir $(KOBJ)))
TMP := $(MO)/.tmp_$(notdir $(M))$(KOBJ_TAG)

.DEFAULT_GOAL := modules
obj-m :=
ccflags-y :=
EXTRA_CFLAGS :=
KMEMLAB_INTREE :=
ifneq ($(wildcard $(M)/Kbuild),)
include $(M)/Kbuild
else
include $(M)/Makefile
endif

CC := gcc
LD := ld
# the kernel's stack protector flags (CONFIG_STACKPROTECTOR[_STRONG] in its autoconf.h)
kconfig_y = $(shell grep -q '^\#define CONFIG_$(1) 1' $(KOBJ)/include/generated/autoconf.h && echo y)
MOD_STACKPROTECTOR := $(if $(call kconfig_y,STACKPROTECTOR),$(if $(call kconfig_y,STACKPROTECTOR_STRONG),-fstack-protector-strong,-fstack-protector),-fno-stack-protector)
# the kernel's KASAN flags (Kbuild gives modules the kernel's CFLAGS_KASAN)
KCONFIG_CONFIG := $(KOBJ)/.config
config_y = $(shell grep -q '^CONFIG_$(1)=y' $(KCONFIG_CONFIG) 2>/dev/null && echo y)
include $(KSRC)/scripts/Makefile.kasan
MOD_CFLAGS := $(CFLAGS_KASAN) -std=gnu11 -O2 -g -Wall -Wno-unused-function -Wno-format-truncation \
	-D__KERNEL__ -DMODULE -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -mno-sse -mno-mmx -mno-3dnow -mno-avx \
	-fno-pie -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -fno-optimize-sibling-calls -ffreestanding \
	-fno-builtin -nostdinc -fno-common -fno-strict-aliasing $(MOD_STACKPROTECTOR) -fno-asynchronous-unwind-tables \
	-fcf-protection=none -fno-jump-tables -fno-ipa-sra -fno-ipa-icf \
	-I $(KSRC)/include -I $(KOBJ)/include -include $(KOBJ)/include/generated/autoconf.h -fmacro-prefix-map=$(KSRC)/= \
	-DUTS_RELEASE='"$(KERNELRELEASE)"' -MMD -MP

include $(KMEMLAB_MODSCRIPTS)/ubsan.mk

MODS := $(basename $(obj-m))
modname = $(subst -,_,$(1))
# objects of module $(1): name-objs, name-y, or name.o itself
modobjs = $(or $($(1)-objs),$($(1)-y),$(1).o)

KOS := $(foreach m,$(MODS),$(MO)/$(m).ko)
modules: $(KOS)

define module_rules
$(TMP)/$(1)/%.o: $(M)/%.c $(KOBJ)/include/generated/autoconf.h
	@mkdir -p $$(dir $$@)
	@echo "  CC [M]  $$<"
	@$(CC) $(MOD_CFLAGS) $$(call mod_ubsan_cflags,$$<) $(ccflags-y) $(EXTRA_CFLAGS) -DKBUILD_BASENAME='"$$(basename $$(notdir $$<))"' \
		-DKBUILD_MODNAME='"$(call modname,$(1))"' -c $$< -o $$@

$(TMP)/$(1)/$(1).prelink.o: $(addprefix $(TMP)/$(1)/,$(call modobjs,$(1)))
	@$(LD) -r -o $$@ $$^

$(TMP)/$(1)/$(1).mod.c: $(TMP)/$(1)/$(1).prelink.o $(KMEMLAB_MODSCRIPTS)/gen-mod-c.sh
	@sh $(KMEMLAB_MODSCRIPTS)/gen-mod-c.sh $(call modname,$(1)) $$< "$(KMEMLAB_INTREE)" > $$@

$(TMP)/$(1)/$(1).mod.o: $(TMP)/$(1)/$(1).mod.c
	@$(CC) $(MOD_CFLAGS) -DKBUILD_BASENAME='"$(1).mod"' -DKBUILD_MODNAME='"$(call modname,$(1))"' -c $$< -o $$@

$(MO)/$(1).ko: $(TMP)/$(1)/$(1).prelink.o $(TMP)/$(1)/$(1).mod.o $(KMEMLAB_MODSCRIPTS)/module.lds
	@echo "  LD [M]  $$@"
	@$(LD) -r -T $(KMEMLAB_MODSCRIPTS)/module.lds -o $(TMP)/$(1)/$(1).ko $(TMP)/$(1)/$(1).prelink.o $(TMP)/$(1)/$(1).mod.o
	@objcopy --strip-debug $(TMP)/$(1)/$(1).ko $$@
endef
$(foreach m,$(MODS),$(eval $(call module_rules,$(m))))

clean:
	rm -rf $(TMP) $(KOS)

# the .ko files this directory builds, one a line (for `kmemlab module build`)
modules-list:
	@$(foreach k,$(KOS),echo $(k);)

.PHONY: modules clean modules-list
-include $(wildcard $(TMP)/*/*.d)
