/*
 * mm/kasan/generic.c: what gcc's -fsanitize=kernel-address code calls.
 *
 * Inline checks (CONFIG_KASAN_INLINE) test the shadow byte in place and
 * call __asan_report_{load,store}N_noabort only for a bad one; outline
 * checks call __asan_{load,store}N_noabort for every access, which test
 * the shadow here (memory_is_poisoned). A granule's shadow byte s means:
 * s == 0 all 8 bytes addressable, 0 < s < 8 the first s bytes, s < 0
 * none; an access of n bytes at a is bad when any byte of it is.
 *
 * Globals: gcc gives every instrumented global a red zone after it (the
 * global and its red zone are size_with_redzone bytes) and a descriptor;
 * a constructor per object file (in .init_array) calls
 * __asan_register_globals with its descriptors, and this poisons the red
 * zones KASAN_GLOBAL_REDZONE. The kernel runs its constructors in
 * kernel_init before the initcalls (do_ctors), the module loader runs a
 * module's before its init function (do_mod_ctors).
 *
 * Stack: gcc writes the frame's red zones (f1 left, f2 between objects,
 * f3 right, f8 out of scope) itself, or through __asan_set_shadow_xx for
 * long runs, and clears them on return.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/export.h>
#include "kasan.h"

void *__memset(void *s, int c, size_t n);

static __always_inline bool memory_is_poisoned_1(unsigned long addr)
{
	s8 shadow_value = *(s8 *)kasan_mem_to_shadow((void *)addr);

	if (unlikely(shadow_value)) {
		s8 last_accessible_byte = addr & KASAN_SHADOW_MASK;
		return unlikely(last_accessible_byte >= shadow_value);
	}
	return false;
}

static __always_inline bool memory_is_poisoned_2_4_8(unsigned long addr, unsigned long size)
{
	u8 *shadow_addr = (u8 *)kasan_mem_to_shadow((void *)addr);

	/* an access across a granule boundary has two shadow bytes */
	if (unlikely(((addr + size - 1) & KASAN_SHADOW_MASK) < size - 1))
		return *shadow_addr || memory_is_poisoned_1(addr + size - 1);
	return memory_is_poisoned_1(addr + size - 1);
}

static __always_inline bool memory_is_poisoned_16(unsigned long addr)
{
	u16 *shadow_addr = (u16 *)kasan_mem_to_shadow((void *)addr);

	if (unlikely(addr & KASAN_SHADOW_MASK))
		return *shadow_addr || memory_is_poisoned_1(addr + 15);
	return *shadow_addr;
}

/* The first non-zero shadow byte in [start, end), or 0. */
static unsigned long memory_is_nonzero(const u8 *start, const u8 *end)
{
	for (; start < end; start++)
		if (unlikely(*start))
			return (unsigned long)start;
	return 0;
}

static bool memory_is_poisoned_n(unsigned long addr, size_t size)
{
	unsigned long ret = memory_is_nonzero(kasan_mem_to_shadow((void *)addr),
					      (u8 *)kasan_mem_to_shadow((void *)(addr + size - 1)) + 1);

	if (unlikely(ret)) {
		unsigned long last_byte = addr + size - 1;
		s8 *last_shadow = (s8 *)kasan_mem_to_shadow((void *)last_byte);

		if (unlikely(ret != (unsigned long)last_shadow || (s8)(last_byte & KASAN_SHADOW_MASK) >= *last_shadow))
			return true;
	}
	return false;
}

static __always_inline bool memory_is_poisoned(unsigned long addr, size_t size)
{
	if (__builtin_constant_p(size)) {
		switch (size) {
		case 1:
			return memory_is_poisoned_1(addr);
		case 2:
		case 4:
		case 8:
			return memory_is_poisoned_2_4_8(addr, size);
		case 16:
			return memory_is_poisoned_16(addr);
		}
	}
	return memory_is_poisoned_n(addr, size);
}

static __always_inline bool check_memory_region_inline(unsigned long addr, size_t size, bool write,
						       unsigned long ret_ip)
{
	if (unlikely(size == 0))
		return true;
	if (unlikely(addr + size < addr))
		return !kasan_report(addr, size, write, ret_ip);
	if (unlikely(!addr_has_shadow((void *)addr)))
		return !kasan_report(addr, size, write, ret_ip);
	if (likely(!memory_is_poisoned(addr, size)))
		return true;
	return !kasan_report(addr, size, write, ret_ip);
}

bool check_memory_region(unsigned long addr, size_t size, bool write, unsigned long ret_ip)
{
	return check_memory_region_inline(addr, size, write, ret_ip);
}

bool __kasan_check_read(const volatile void *p, unsigned int size)
{
	return check_memory_region((unsigned long)p, size, false, _RET_IP_);
}
EXPORT_SYMBOL(__kasan_check_read);

bool __kasan_check_write(const volatile void *p, unsigned int size)
{
	return check_memory_region((unsigned long)p, size, true, _RET_IP_);
}
EXPORT_SYMBOL(__kasan_check_write);

#define DEFINE_ASAN_LOAD_STORE(size)						\
	void __asan_load##size(unsigned long addr)				\
	{									\
		check_memory_region_inline(addr, size, false, _RET_IP_);	\
	}									\
	EXPORT_SYMBOL(__asan_load##size);					\
	__alias(__asan_load##size) void __asan_load##size##_noabort(unsigned long); \
	EXPORT_SYMBOL(__asan_load##size##_noabort);				\
	void __asan_store##size(unsigned long addr)				\
	{									\
		check_memory_region_inline(addr, size, true, _RET_IP_);	\
	}									\
	EXPORT_SYMBOL(__asan_store##size);					\
	__alias(__asan_store##size) void __asan_store##size##_noabort(unsigned long); \
	EXPORT_SYMBOL(__asan_store##size##_noabort)

DEFINE_ASAN_LOAD_STORE(1);
DEFINE_ASAN_LOAD_STORE(2);
DEFINE_ASAN_LOAD_STORE(4);
DEFINE_ASAN_LOAD_STORE(8);
DEFINE_ASAN_LOAD_STORE(16);

void __asan_loadN(unsigned long addr, size_t size)
{
	check_memory_region(addr, size, false, _RET_IP_);
}
EXPORT_SYMBOL(__asan_loadN);
__alias(__asan_loadN) void __asan_loadN_noabort(unsigned long, size_t);
EXPORT_SYMBOL(__asan_loadN_noabort);

void __asan_storeN(unsigned long addr, size_t size)
{
	check_memory_region(addr, size, true, _RET_IP_);
}
EXPORT_SYMBOL(__asan_storeN);
__alias(__asan_storeN) void __asan_storeN_noabort(unsigned long, size_t);
EXPORT_SYMBOL(__asan_storeN_noabort);

/* gcc calls this before a noreturn call; nothing to do for the kernel */
void __asan_handle_no_return(void) {}
EXPORT_SYMBOL(__asan_handle_no_return);

#define DEFINE_ASAN_REPORT_LOAD(size)						\
	void __asan_report_load##size##_noabort(unsigned long addr)		\
	{									\
		kasan_report(addr, size, false, _RET_IP_);			\
	}									\
	EXPORT_SYMBOL(__asan_report_load##size##_noabort)
#define DEFINE_ASAN_REPORT_STORE(size)						\
	void __asan_report_store##size##_noabort(unsigned long addr)		\
	{									\
		kasan_report(addr, size, true, _RET_IP_);			\
	}									\
	EXPORT_SYMBOL(__asan_report_store##size##_noabort)

DEFINE_ASAN_REPORT_LOAD(1);
DEFINE_ASAN_REPORT_LOAD(2);
DEFINE_ASAN_REPORT_LOAD(4);
DEFINE_ASAN_REPORT_LOAD(8);
DEFINE_ASAN_REPORT_LOAD(16);
DEFINE_ASAN_REPORT_STORE(1);
DEFINE_ASAN_REPORT_STORE(2);
DEFINE_ASAN_REPORT_STORE(4);
DEFINE_ASAN_REPORT_STORE(8);
DEFINE_ASAN_REPORT_STORE(16);

void __asan_report_load_n_noabort(unsigned long addr, size_t size)
{
	kasan_report(addr, size, false, _RET_IP_);
}
EXPORT_SYMBOL(__asan_report_load_n_noabort);

void __asan_report_store_n_noabort(unsigned long addr, size_t size)
{
	kasan_report(addr, size, true, _RET_IP_);
}
EXPORT_SYMBOL(__asan_report_store_n_noabort);

static void register_global(struct kasan_global *global)
{
	size_t aligned_size = round_up(global->size, KASAN_SHADOW_SCALE_SIZE);

	kasan_unpoison_shadow(global->beg, global->size);
	kasan_poison_shadow((const char *)global->beg + aligned_size, global->size_with_redzone - aligned_size,
			    KASAN_GLOBAL_REDZONE);
}

void __asan_register_globals(struct kasan_global *globals, size_t size)
{
	for (size_t i = 0; i < size; i++)
		register_global(&globals[i]);
}
EXPORT_SYMBOL(__asan_register_globals);

void __asan_unregister_globals(struct kasan_global *globals, size_t size)
{
}
EXPORT_SYMBOL(__asan_unregister_globals);

/* alloca()'d objects: red zones of 32 bytes on each side */
void __asan_alloca_poison(unsigned long addr, size_t size)
{
	size_t rounded_up_size = round_up(size, KASAN_SHADOW_SCALE_SIZE);
	size_t padding_size = round_up(size, KASAN_ALLOCA_REDZONE_SIZE) - rounded_up_size;
	size_t rounded_down_size = round_down(size, KASAN_SHADOW_SCALE_SIZE);

	kasan_unpoison_shadow((const void *)(addr + rounded_down_size), size - rounded_down_size);
	kasan_poison_shadow((const void *)(addr - KASAN_ALLOCA_REDZONE_SIZE), KASAN_ALLOCA_REDZONE_SIZE,
			    KASAN_ALLOCA_LEFT);
	kasan_poison_shadow((const void *)(addr + rounded_up_size), padding_size + KASAN_ALLOCA_REDZONE_SIZE,
			    KASAN_ALLOCA_RIGHT);
}
EXPORT_SYMBOL(__asan_alloca_poison);

void __asan_allocas_unpoison(const void *stack_top, const void *stack_bottom)
{
	if (unlikely(!stack_top || stack_top > stack_bottom))
		return;
	kasan_unpoison_shadow(stack_top, (const char *)stack_bottom - (const char *)stack_top);
}
EXPORT_SYMBOL(__asan_allocas_unpoison);

#define DEFINE_ASAN_SET_SHADOW(byte)						\
	void __asan_set_shadow_##byte(const void *addr, size_t size)		\
	{									\
		__memset((void *)addr, 0x##byte, size);				\
	}									\
	EXPORT_SYMBOL(__asan_set_shadow_##byte)

DEFINE_ASAN_SET_SHADOW(00);
DEFINE_ASAN_SET_SHADOW(f1);
DEFINE_ASAN_SET_SHADOW(f2);
DEFINE_ASAN_SET_SHADOW(f3);
DEFINE_ASAN_SET_SHADOW(f5);
DEFINE_ASAN_SET_SHADOW(f8);

/*
 * The constructors gcc put in .init_array of the kernel's objects (one
 * per instrumented object file: it registers that file's globals).
 */
typedef void (*ctor_fn_t)(void);
extern ctor_fn_t __ctors_start[], __ctors_end[];

void __init kasan_do_ctors(void)
{
	for (ctor_fn_t *fn = __ctors_start; fn < __ctors_end; fn++)
		(*fn)();
}

/* The free track (kasan_set_track, common.c), and the mark on the object's first shadow byte that it has one. */
void kasan_set_free_info(struct kmem_cache *cache, void *object)
{
	kasan_set_track(&get_free_info(cache, object)->free_track, GFP_NOWAIT);
	*(u8 *)kasan_mem_to_shadow(object) = KASAN_KMALLOC_FREETRACK;
}

/*
 * call_rcu's hook: the last two stacks that queued a callback on (a
 * field of) this slab object, printed by reports on it as "Last
 * call_rcu():" and "Second to last call_rcu():". They are not cleared
 * when the object is freed and allocated again, as in 5.10.
 */
void kasan_record_aux_stack(void *addr)
{
	struct page *page = kasan_addr_to_page(addr);
	struct kmem_cache *cache;
	struct kasan_alloc_meta *alloc_info;
	void *object;

	if (!(page && PageSlab(page)))
		return;
	cache = page->slab_cache;
	if (!(cache->flags & SLAB_KASAN))
		return;
	object = nearest_obj(cache, page, addr);
	alloc_info = get_alloc_info(cache, object);
	alloc_info->aux_stack[1] = alloc_info->aux_stack[0];
	alloc_info->aux_stack[0] = kasan_save_stack(GFP_NOWAIT);
}
