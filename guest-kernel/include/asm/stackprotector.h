/*
 * stackprotector.h: the canary gcc's -fstack-protector code checks, as
 * x86-64 Linux keeps it. gcc with -mcmodel=kernel reads the canary from
 * %gs:40, so the per-CPU area GS points at starts with
 * fixed_percpu_data: 40 bytes, then the canary. Each task has its own
 * (thread.stack_canary, drawn at fork by copy_process); __switch_to_asm
 * copies the next task's into %gs:40. The low byte is always zero, as
 * Linux's CANARY_MASK makes it, so string overflows stop at it.
 */
#ifndef _ASM_STACKPROTECTOR_H
#define _ASM_STACKPROTECTOR_H
#include <linux/types.h>
#include <linux/random.h>
#include <linux/sched.h>

#define CANARY_MASK	0xffffffffffffff00UL

struct fixed_percpu_data {
	char gs_base[40];		/* gcc's fixed offset of the canary */
	unsigned long stack_canary;	/* the running task's canary */
};
extern struct fixed_percpu_data fixed_percpu_data;

static __always_inline unsigned long get_random_canary(void)
{
	return get_random_u64() & CANARY_MASK;
}

/*
 * The boot task's canary. Only from a function that never returns
 * (x86_64_start_kernel): every protected frame below it would find a
 * different canary at its epilogue.
 */
static __always_inline void boot_init_stack_canary(void)
{
	unsigned long canary = get_random_canary();

	current->thread.stack_canary = canary;
	fixed_percpu_data.stack_canary = canary;
}
#endif
