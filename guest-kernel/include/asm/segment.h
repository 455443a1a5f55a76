/* segment.h: GDT selectors, the same values as x86-64 Linux. */
#ifndef _ASM_SEGMENT_H
#define _ASM_SEGMENT_H
#define __KERNEL_CS	0x10
#define __KERNEL_DS	0x18
#define __USER32_CS	0x23
#define __USER_DS	0x2b
#define __USER_CS	0x33
#define GDT_ENTRY_TSS	8
#define __TSS		0x40
#define THREAD_SIZE_ASM	16384
#endif
