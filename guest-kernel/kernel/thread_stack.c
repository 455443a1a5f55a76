/*
 * thread_stack.c: the kernel stack of a task (THREAD_SIZE, 16 KiB), as
 * Linux 5.10's kernel/fork.c allocates it.
 *
 * CONFIG_VMAP_STACK: the stack is a vmalloc area, THREAD_SIZE-aligned,
 * with vmalloc's unmapped guard page below the next area and the one
 * left unmapped by the alignment below it, so a task that runs off the
 * bottom of its stack faults instead of overwriting whatever lies below;
 * the CPU then cannot push the page fault's frame on the same stack and
 * raises a double fault, which runs on its own IST stack
 * (arch/x86/traps.c reports "stack guard page was hit"). Freed stacks go
 * to a cache of NR_CACHED_STACKS areas (cached_stacks, one CPU) and are
 * handed out again, zeroed (and, with KASAN, with a clean shadow), before
 * a new area is vmalloc'd; a free with the cache full vfrees.
 *
 * Without CONFIG_VMAP_STACK: order-2 pages from the direct map, zeroed.
 *
 * Locking: none; task creation and reaping run in task context on the
 * one CPU with no sleeping between the cache's read and its write.
 */
#include <linux/kernel.h>
#include <linux/kasan.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#define THREAD_ALIGN		THREAD_SIZE
#define THREAD_SIZE_ORDER	2

#ifdef CONFIG_VMAP_STACK
#define NR_CACHED_STACKS 2
static struct vm_struct *cached_stacks[NR_CACHED_STACKS];

void *alloc_thread_stack(struct task_struct *t)
{
	void *stack;

	for (int i = 0; i < NR_CACHED_STACKS; i++) {
		struct vm_struct *s = cached_stacks[i];

		if (!s)
			continue;
		cached_stacks[i] = NULL;
		/* clear the KASAN shadow of the stack, and stale pointers from its last task */
		kasan_unpoison_shadow(s->addr, THREAD_SIZE);
		memset(s->addr, 0, THREAD_SIZE);
		t->stack_vm_area = s;
		t->stack = s->addr;
		return s->addr;
	}
	stack = __vmalloc_node_range(THREAD_SIZE, THREAD_ALIGN, VMALLOC_START, VMALLOC_END,
				     GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL, 0, -1, __builtin_return_address(0));
	if (stack) {
		t->stack_vm_area = find_vm_area(stack);
		t->stack = stack;
	}
	return stack;
}

void free_thread_stack(struct task_struct *t)
{
	for (int i = 0; i < NR_CACHED_STACKS; i++) {
		if (cached_stacks[i])
			continue;
		cached_stacks[i] = t->stack_vm_area;
		t->stack = NULL;
		return;
	}
	vfree(t->stack);
	t->stack = NULL;
}
#else
void *alloc_thread_stack(struct task_struct *t)
{
	t->stack = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, THREAD_SIZE_ORDER);
	return t->stack;
}

void free_thread_stack(struct task_struct *t)
{
	free_pages((unsigned long)t->stack, THREAD_SIZE_ORDER);
	t->stack = NULL;
}
#endif
