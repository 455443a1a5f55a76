/*
 * setup.c: the first C code. x86_64_start_kernel copies what it needs out
 * of the PVH start info (command line, memory map, initramfs location)
 * before anything can overwrite it, brings up the console and calls
 * start_kernel().
 *
 * fixed_percpu_data is the per-CPU area GS points at (head.S loads
 * MSR_GS_BASE with its direct-map address before any C runs), so the
 * stack protector's %gs:40 reads the canary; the boot task's is drawn
 * here, in a function that never returns.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/console.h>
#include <asm/bootparam.h>
#include <asm/page.h>
#include <asm/stackprotector.h>
#include <linux/kasan.h>

struct fixed_percpu_data fixed_percpu_data __aligned(PAGE_SIZE);
struct e820_entry e820_table[32];
int e820_nr;
unsigned long initrd_start, initrd_end;
char boot_command_line[2048];
void start_kernel(void);
void tsc_early_mark(void);

void __init x86_64_start_kernel(unsigned long start_info_pa)
{
	struct hvm_start_info *si = __va(start_info_pa);

	/* CONFIG_KASAN: the zero shadow, before any instrumented code runs */
	kasan_early_init();
	boot_init_stack_canary();
	tsc_early_mark();
	serial_init();
	if (si->magic != XEN_HVM_START_MAGIC_VALUE) {
		console_write("PVH: bad start info magic\n", 26);
		for (;;)
			__asm__ __volatile__("cli; hlt");
	}
	if (si->cmdline_paddr)
		strlcpy(boot_command_line, __va(si->cmdline_paddr), sizeof(boot_command_line));
	if (si->memmap_paddr && si->version >= 1) {
		struct hvm_memmap_table_entry *m = __va(si->memmap_paddr);
		for (u32 i = 0; i < si->memmap_entries && e820_nr < 32; i++, e820_nr++) {
			e820_table[e820_nr].addr = m[i].addr;
			e820_table[e820_nr].size = m[i].size;
			e820_table[e820_nr].type = m[i].type;
		}
	}
	if (si->nr_modules && si->modlist_paddr) {
		struct hvm_modlist_entry *mod = __va(si->modlist_paddr);
		initrd_start = (unsigned long)__va(mod->paddr);
		initrd_end = initrd_start + mod->size;
	}
	start_kernel();
}
