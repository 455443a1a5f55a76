/* bootparam.h: the PVH start info (xen/arch-x86/hvm/start_info.h layout). */
#ifndef _ASM_BOOTPARAM_H
#define _ASM_BOOTPARAM_H
#include <linux/types.h>
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578
struct hvm_start_info {
	u32 magic, version, flags, nr_modules;
	u64 modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	u32 memmap_entries, reserved;
};
struct hvm_modlist_entry { u64 paddr, size, cmdline_paddr, reserved; };
struct hvm_memmap_table_entry { u64 addr, size; u32 type, reserved; };
#define E820_TYPE_RAM 1
struct e820_entry { u64 addr, size; u32 type; };
extern struct e820_entry e820_table[32];
extern int e820_nr;
extern unsigned long initrd_start, initrd_end;	/* direct-map addresses */
#endif
