/*
 * kmemlab_relocs.c: reaches known values through each relocation type the
 * module loader applies, and prints "relocs OK" (or what was wrong).
 * The references are written in assembly so the assembler emits exactly
 * the relocation named (gcc's choice would depend on its version):
 *   R_X86_64_64     .quad of a data symbol (a pointer in .data)
 *   R_X86_64_PC32   lea sym(%rip) of a data symbol in another section
 *   R_X86_64_PLT32  call of a function, in the module and in the kernel
 *   R_X86_64_32S    mov $sym, %rax (sign-extended 32-bit immediate)
 *   R_X86_64_32     .long of an unresolved weak symbol (0) plus an addend
 *   R_X86_64_PC64   .quad sym - . (a 64-bit self-relative offset)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

MODULE_LICENSE("GPL");
MODULE_AUTHOR("kmemlab");
MODULE_DESCRIPTION("kmemlab test module: one value through each relocation type");

#define MAGIC 0x1122334455667788UL

const unsigned long kmemlab_reloc_target = MAGIC;	/* .rodata: the .data references need relocations */
unsigned long kmemlab_reloc_callee(unsigned long x);
unsigned long kmemlab_reloc_callee(unsigned long x)
{
	return x + 1;
}

extern unsigned long *kmemlab_reloc_abs64;
extern unsigned int kmemlab_reloc_abs32;
extern long kmemlab_reloc_pc64;
unsigned long *kmemlab_reloc_pc32(void);
unsigned long *kmemlab_reloc_32s(void);
unsigned long kmemlab_reloc_plt32(unsigned long x);
size_t kmemlab_reloc_plt32_kernel(const char *s);

asm(".pushsection .data, \"aw\"\n"
    ".balign 8\n"
    ".globl kmemlab_reloc_abs64\n"
    "kmemlab_reloc_abs64: .quad kmemlab_reloc_target\n"			/* R_X86_64_64 */
    ".globl kmemlab_reloc_pc64\n"
    "kmemlab_reloc_pc64: .quad kmemlab_reloc_target - .\n"		/* R_X86_64_PC64 */
    ".weak kmemlab_reloc_no_such_symbol\n"
    ".globl kmemlab_reloc_abs32\n"
    "kmemlab_reloc_abs32: .long kmemlab_reloc_no_such_symbol + 0x1234\n"	/* R_X86_64_32 */
    ".popsection\n"
    ".pushsection .text, \"ax\"\n"
    ".globl kmemlab_reloc_pc32\n"
    "kmemlab_reloc_pc32: lea kmemlab_reloc_target(%rip), %rax; ret\n"	/* R_X86_64_PC32 */
    ".globl kmemlab_reloc_32s\n"
    "kmemlab_reloc_32s: movq $kmemlab_reloc_target, %rax; ret\n"		/* R_X86_64_32S */
    ".globl kmemlab_reloc_plt32\n"
    "kmemlab_reloc_plt32: push %rbp; mov %rsp, %rbp; call kmemlab_reloc_callee; pop %rbp; ret\n"	/* R_X86_64_PLT32 */
    ".globl kmemlab_reloc_plt32_kernel\n"
    "kmemlab_reloc_plt32_kernel: push %rbp; mov %rsp, %rbp; call strlen; pop %rbp; ret\n"	/* R_X86_64_PLT32 */
    ".popsection\n");

static int __init kmemlab_relocs_init(void)
{
	int bad = 0;

	if (*kmemlab_reloc_abs64 != MAGIC) {
		pr_err("R_X86_64_64: read %lx\n", *kmemlab_reloc_abs64);
		bad++;
	}
	if (*(unsigned long *)((char *)&kmemlab_reloc_pc64 + kmemlab_reloc_pc64) != MAGIC) {
		pr_err("R_X86_64_PC64: offset %lx\n", kmemlab_reloc_pc64);
		bad++;
	}
	if (kmemlab_reloc_abs32 != 0x1234) {
		pr_err("R_X86_64_32: read %x\n", kmemlab_reloc_abs32);
		bad++;
	}
	if (*kmemlab_reloc_pc32() != MAGIC) {
		pr_err("R_X86_64_PC32: read %lx\n", *kmemlab_reloc_pc32());
		bad++;
	}
	if (*kmemlab_reloc_32s() != MAGIC) {
		pr_err("R_X86_64_32S: read %lx\n", *kmemlab_reloc_32s());
		bad++;
	}
	if (kmemlab_reloc_plt32(41) != 42 || kmemlab_reloc_plt32_kernel("relocs") != 6) {
		pr_err("R_X86_64_PLT32: wrong call target\n");
		bad++;
	}
	if (bad)
		pr_err("relocs FAILED (%d)\n", bad);
	else
		pr_info("relocs OK\n");
	return bad ? -EINVAL : 0;
}

static void __exit kmemlab_relocs_exit(void)
{
}

module_init(kmemlab_relocs_init);
module_exit(kmemlab_relocs_exit);
