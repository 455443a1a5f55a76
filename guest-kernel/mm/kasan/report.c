/*
 * mm/kasan/report.c: KASAN's reports, in 5.10's words and layout.
 *
 *   ==================================================================
 *   BUG: KASAN: <type> in <fn>+<off>/<size> [<module>]
 *   <Read|Write> of size N at addr <addr> by task <comm>/<pid>
 *   (blank)
 *   dump_stack(): the CPU/Tainted line and the Call Trace
 *   (blank)
 *   slab objects: "Allocated by task N:" and "Freed by task N:" with the
 *   saved stacks, then which object of which cache and where in it;
 *   globals: "The buggy address belongs to the variable:" and its symbol;
 *   then the page (dump_page) and, for the current stack, the frame gcc
 *   described ("addr ... is located in stack of task ..." and its objects)
 *   (blank)
 *   Memory state around the buggy address: five rows of 16 shadow bytes,
 *   the middle one marked '>' and a '^' under the first bad byte
 *   ==================================================================
 *
 * The type comes from the first bad shadow byte (get_bug_type). Only the
 * first report is printed unless kasan_multi_shot is on the command line
 * or a caller (the book's test module) turned multi-shot on with
 * kasan_save_enable_multi_shot(); double and invalid frees are always
 * reported. Each report taints the kernel B, the first one also turns
 * lock debugging off ("Disabling lock debugging due to kernel taint").
 *
 * Locking: report_lock with interrupts off serialises reports (a report
 * from an interrupt during a report waits for it).
 */
#define pr_fmt(fmt) fmt
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stacktrace.h>
#include <linux/export.h>
#include <linux/panic.h>
#include <linux/debug_locks.h>
#include <linux/string.h>
#include <asm/page.h>
#include "kasan.h"

#define BITS_PER_LONG		64
#define SHADOW_BYTES_PER_BLOCK	1
#define SHADOW_BLOCKS_PER_ROW	16
#define SHADOW_BYTES_PER_ROW	(SHADOW_BLOCKS_PER_ROW * SHADOW_BYTES_PER_BLOCK)
#define SHADOW_ROWS_AROUND_ADDR	2

extern char _stext[], _end[];
extern union thread_union init_thread_union;

static bool kasan_multi_shot;	/* every report is printed */
static bool kasan_reported;	/* the one report of single-shot mode is out */
static DEFINE_SPINLOCK(report_lock);

bool kasan_save_enable_multi_shot(void)
{
	bool was = kasan_multi_shot;

	kasan_multi_shot = true;
	return was;
}
EXPORT_SYMBOL_GPL(kasan_save_enable_multi_shot);

void kasan_restore_multi_shot(bool enabled)
{
	kasan_multi_shot = enabled;
}
EXPORT_SYMBOL_GPL(kasan_restore_multi_shot);

static int __init kasan_set_multi_shot(char *str)
{
	kasan_multi_shot = true;
	return 1;
}
__setup("kasan_multi_shot", kasan_set_multi_shot);

static bool report_enabled(void)
{
	if (!kasan_enabled || current->kasan_depth)
		return false;
	if (kasan_multi_shot)
		return true;
	if (kasan_reported)
		return false;
	kasan_reported = true;
	return true;
}

void *find_first_bad_addr(void *addr, size_t size)
{
	char *p = addr;

	while (p < (char *)addr + size && !(*(u8 *)kasan_mem_to_shadow(p)))
		p += KASAN_SHADOW_SCALE_SIZE;
	return p;
}

static const char *get_shadow_bug_type(void *first_bad_addr)
{
	u8 *shadow_addr = kasan_mem_to_shadow(first_bad_addr);

	/* a partly addressable granule: the next byte says what lies beyond */
	if (*shadow_addr > 0 && *shadow_addr <= KASAN_SHADOW_SCALE_SIZE - 1)
		shadow_addr++;
	switch (*shadow_addr) {
	case 0 ... KASAN_SHADOW_SCALE_SIZE - 1:
		return "out-of-bounds";
	case KASAN_PAGE_REDZONE:
	case KASAN_KMALLOC_REDZONE:
		return "slab-out-of-bounds";
	case KASAN_GLOBAL_REDZONE:
		return "global-out-of-bounds";
	case KASAN_STACK_LEFT:
	case KASAN_STACK_MID:
	case KASAN_STACK_RIGHT:
	case KASAN_STACK_PARTIAL:
		return "stack-out-of-bounds";
	case KASAN_FREE_PAGE:
	case KASAN_KMALLOC_FREE:
	case KASAN_KMALLOC_FREETRACK:
		return "use-after-free";
	case KASAN_VMALLOC_INVALID:	/* 0xF8: 5.10 has no use-after-scope type (removed in 5.0) */
		return "vmalloc-out-of-bounds";
	case KASAN_ALLOCA_LEFT:
	case KASAN_ALLOCA_RIGHT:
		return "alloca-out-of-bounds";
	}
	return "unknown-crash";
}

const char *get_bug_type(void *access_addr, void *first_bad_addr)
{
	unsigned long a = (unsigned long)access_addr;

	if (addr_has_shadow(access_addr))
		return get_shadow_bug_type(first_bad_addr);
	if (a < PAGE_SIZE)
		return "null-ptr-deref";
	if (a < 0x00007ffffffff000UL)
		return "user-memory-access";
	return "wild-memory-access";
}

static void start_report(unsigned long *flags)
{
	spin_lock_irqsave(&report_lock, *flags);
	pr_err("==================================================================\n");
}

static void end_report(unsigned long *flags)
{
	pr_err("==================================================================\n");
	add_taint(TAINT_BAD_PAGE);
	if (debug_locks_off())
		pr_warn("Disabling lock debugging due to kernel taint\n");
	spin_unlock_irqrestore(&report_lock, *flags);
}

static void print_stack(depot_stack_handle_t stack)
{
	unsigned long *entries;
	unsigned int nr = stack_depot_fetch(stack, &entries);

	stack_trace_print(entries, nr, 0);
}

static void print_track(struct kasan_track *track, const char *prefix)
{
	pr_err("%s by task %u:\n", prefix, track->pid);
	if (track->stack)
		print_stack(track->stack);
	else
		pr_err("(stack is not available)\n");
}

static void describe_object_addr(struct kmem_cache *cache, void *object, const void *addr)
{
	unsigned long access_addr = (unsigned long)addr;
	unsigned long object_addr = (unsigned long)object;
	const char *rel_type;
	int rel_bytes;

	pr_err("The buggy address belongs to the object at %px\n"
	       " which belongs to the cache %s of size %d\n",
	       object, cache->name, cache->object_size);
	if (!addr)
		return;
	if (access_addr < object_addr) {
		rel_type = "to the left";
		rel_bytes = object_addr - access_addr;
	} else if (access_addr >= object_addr + cache->object_size) {
		rel_type = "to the right";
		rel_bytes = access_addr - (object_addr + cache->object_size);
	} else {
		rel_type = "inside";
		rel_bytes = access_addr - object_addr;
	}
	pr_err("The buggy address is located %d bytes %s of\n"
	       " %d-byte region [%px, %px)\n",
	       rel_bytes, rel_type, cache->object_size, (void *)object_addr,
	       (void *)(object_addr + cache->object_size));
}

static void describe_object(struct kmem_cache *cache, void *object, const void *addr)
{
	struct kasan_alloc_meta *alloc_info = get_alloc_info(cache, object);

	if (cache->flags & SLAB_KASAN) {
		struct kasan_track *free_track;

		print_track(&alloc_info->alloc_track, "Allocated");
		pr_err("\n");
		free_track = kasan_get_free_track(cache, object);
		if (free_track) {
			print_track(free_track, "Freed");
			pr_err("\n");
		}
		if (alloc_info->aux_stack[0]) {
			pr_err("Last call_rcu():\n");
			print_stack(alloc_info->aux_stack[0]);
			pr_err("\n");
		}
		if (alloc_info->aux_stack[1]) {
			pr_err("Second to last call_rcu():\n");
			print_stack(alloc_info->aux_stack[1]);
			pr_err("\n");
		}
	}
	describe_object_addr(cache, object, addr);
}

/* 5.10's %pGp for the page flags this kernel uses. */
static void page_flag_names(unsigned long flags, char *buf, size_t size)
{
	static const struct { int bit; const char *name; } names[] = {
		{ PG_locked, "locked" }, { PG_slab, "slab" }, { PG_reserved, "reserved" }, { PG_head, "head" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & (1UL << names[i].bit))
			n += scnprintf(buf + n, size - n, "%s%s", n ? "|" : "", names[i].name);
}

/*
 * 5.10's __dump_page for a page of the direct map (kasan_addr_to_page
 * gives the head of a compound page, as virt_to_head_page). A compound
 * page adds the head line; compound_pincount only above order 1
 * (hpage_pincount_available). Nothing here maps a slab or kmalloc'ed
 * page into user space: compound_mapcount is 0.
 */
static void dump_page(struct page *page, const char *reason)
{
	char names[64];
	int mapcount = PageSlab(page) ? 0 : page->_mapcount.counter + 1;
	void *mapping = PageSlab(page) ? NULL : page->mapping;
	unsigned int order = PageSlab(page) ? page->slab_cache->order : page->private;

	pr_warn("page:%p refcount:%d mapcount:%d mapping:%p index:%#lx pfn:%#lx\n",
		page, page->_refcount.counter, mapcount, mapping, page->index, page_to_pfn(page));
	if (page->flags & (1UL << PG_head)) {
		if (order > 1)
			pr_warn("head:%p order:%u compound_mapcount:%d compound_pincount:%d\n", page, order, 0, 0);
		else
			pr_warn("head:%p order:%u compound_mapcount:%d\n", page, order, 0);
	}
	page_flag_names(page->flags, names, sizeof(names));
	pr_warn("flags: %#lx(%s)\n", page->flags, names);
	/* print_hex_dump of 8-byte groups, 32 bytes a row */
	for (unsigned int i = 0; i < sizeof(struct page) / sizeof(unsigned long); i += 4) {
		const unsigned long *w = (const unsigned long *)page + i;
		pr_warn("raw: %016lx %016lx %016lx %016lx\n", w[0], w[1], w[2], w[3]);
	}
	pr_warn("page dumped because: %s\n", reason);
}

static bool kernel_or_module_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return (a >= (unsigned long)_stext && a < (unsigned long)_end) || (a >= MODULES_VADDR && a < MODULES_END);
}

static bool init_task_stack_addr(const void *addr)
{
	return addr >= (void *)&init_thread_union && addr < (void *)((char *)&init_thread_union + THREAD_SIZE);
}

static bool object_is_on_stack(const void *addr)
{
	char *stack = current->stack;

	return stack && (char *)addr >= stack && (char *)addr < stack + THREAD_SIZE;
}

/* The next space-separated token of gcc's frame description, copied into token. */
static bool tokenize_frame_descr(const char **frame_descr, char *token, size_t max_tok_len, unsigned long *value)
{
	const char *sep = strchr(*frame_descr, ' ');
	size_t tok_len;

	if (!sep)
		sep = *frame_descr + strlen(*frame_descr);
	tok_len = sep - *frame_descr;
	if (token) {
		if (tok_len + 1 > max_tok_len) {
			pr_err("KASAN internal error: frame description too long: %s\n", *frame_descr);
			return false;
		}
		memcpy(token, *frame_descr, tok_len);
		token[tok_len] = '\0';
	}
	*frame_descr = sep + 1;
	if (value) {
		char *end;
		*value = simple_strtoul(token, &end, 10);
		if (end == token || *end) {
			pr_err("KASAN internal error: not a valid number: %s\n", token);
			return false;
		}
	}
	return true;
}

/* "n off size len name[:line] ..." as gcc writes it for each instrumented frame. */
static void print_decoded_frame_descr(const char *frame_descr)
{
	char token[64];
	unsigned long num_objects;

	if (!tokenize_frame_descr(&frame_descr, token, sizeof(token), &num_objects))
		return;
	pr_err("\n");
	pr_err("this frame has %lu %s:\n", num_objects, num_objects == 1 ? "object" : "objects");
	while (num_objects--) {
		unsigned long offset, size;
		char *colon;

		if (!tokenize_frame_descr(&frame_descr, token, sizeof(token), &offset) ||
		    !tokenize_frame_descr(&frame_descr, token, sizeof(token), &size) ||
		    !tokenize_frame_descr(&frame_descr, NULL, 0, NULL) ||
		    !tokenize_frame_descr(&frame_descr, token, sizeof(token), NULL))
			return;
		/* the line number, without a file name, does not help */
		colon = strchr(token, ':');
		if (colon)
			*colon = '\0';
		pr_err(" [%lu, %lu) '%s'\n", offset, offset + size, token);
	}
}

/*
 * Finds the frame an address of the current stack is in: gcc's frame
 * starts with a left red zone (f1) and the magic, the description and
 * the function's address.
 */
static bool get_address_stack_frame_info(const void *addr, unsigned long *offset, const char **frame_descr,
					 const void **frame_pc)
{
	unsigned long aligned_addr = round_down((unsigned long)addr, sizeof(long));
	unsigned long mem_ptr = round_down(aligned_addr, KASAN_SHADOW_SCALE_SIZE);
	const u8 *shadow_ptr = kasan_mem_to_shadow((void *)aligned_addr);
	const u8 *shadow_bottom = kasan_mem_to_shadow(end_of_stack(current));
	const unsigned long *frame;

	if (!object_is_on_stack(addr))
		return false;
	while (shadow_ptr >= shadow_bottom && *shadow_ptr != KASAN_STACK_LEFT) {
		shadow_ptr--;
		mem_ptr -= KASAN_SHADOW_SCALE_SIZE;
	}
	while (shadow_ptr >= shadow_bottom && *shadow_ptr == KASAN_STACK_LEFT) {
		shadow_ptr--;
		mem_ptr -= KASAN_SHADOW_SCALE_SIZE;
	}
	if (shadow_ptr < shadow_bottom)
		return false;
	frame = (const unsigned long *)(mem_ptr + KASAN_SHADOW_SCALE_SIZE);
	if (frame[0] != KASAN_CURRENT_STACK_FRAME_MAGIC) {
		pr_err("KASAN internal error: frame info validation failed; invalid marker: %lu\n", frame[0]);
		return false;
	}
	*offset = (unsigned long)addr - (unsigned long)frame;
	*frame_descr = (const char *)frame[1];
	*frame_pc = (void *)frame[2];
	return true;
}

static void print_address_stack_frame(const void *addr)
{
	unsigned long offset;
	const char *frame_descr;
	const void *frame_pc;

	if (!get_address_stack_frame_info(addr, &offset, &frame_descr, &frame_pc))
		return;
	pr_err("\n");
	pr_err("addr %px is located in stack of task %s/%d at offset %lu in frame:\n",
	       addr, current->comm, task_pid_nr(current), offset);
	pr_err(" %pS\n", frame_pc);
	if (frame_descr)
		print_decoded_frame_descr(frame_descr);
}

static noinline void print_address_description(void *addr)
{
	struct page *page = kasan_addr_to_page(addr);

	dump_stack();
	pr_err("\n");
	if (page && PageSlab(page)) {
		struct kmem_cache *cache = page->slab_cache;
		void *object = nearest_obj(cache, page, addr);

		describe_object(cache, object, addr);
	}
	if (kernel_or_module_addr(addr) && !init_task_stack_addr(addr)) {
		pr_err("The buggy address belongs to the variable:\n");
		pr_err(" %pS\n", addr);
	}
	if (page) {
		pr_err("The buggy address belongs to the page:\n");
		dump_page(page, "kasan: bad access detected");
	}
	print_address_stack_frame(addr);
}

static bool row_is_guilty(const void *row, const void *guilty)
{
	return (row <= guilty) && (guilty < row + SHADOW_BYTES_PER_ROW);
}

static int shadow_pointer_offset(const void *row, const void *shadow)
{
	/* ">ffff888000397280: " is 3 + 16 characters */
	return 3 + (BITS_PER_LONG / 8) * 2 + (shadow - row) * 2 + (shadow - row) / SHADOW_BYTES_PER_BLOCK + 1;
}

static void print_shadow_for_address(const void *addr)
{
	const void *shadow = kasan_mem_to_shadow(addr);
	const void *shadow_row = (void *)round_down((unsigned long)shadow, SHADOW_BYTES_PER_ROW) -
				 SHADOW_ROWS_AROUND_ADDR * SHADOW_BYTES_PER_ROW;

	pr_err("Memory state around the buggy address:\n");
	for (int i = -SHADOW_ROWS_AROUND_ADDR; i <= SHADOW_ROWS_AROUND_ADDR; i++) {
		const void *kaddr = kasan_shadow_to_mem(shadow_row);
		char buffer[4 + (BITS_PER_LONG / 8) * 2];
		char shadow_buf[SHADOW_BYTES_PER_ROW];

		snprintf(buffer, sizeof(buffer), (i == 0) ? ">%px: " : " %px: ", kaddr);
		/* the shadow is read by KASAN's own code, not through a checked copy */
		__builtin_memcpy(shadow_buf, shadow_row, SHADOW_BYTES_PER_ROW);
		print_hex_dump(KERN_ERR, buffer, DUMP_PREFIX_NONE, SHADOW_BYTES_PER_ROW, 1, shadow_buf,
			       SHADOW_BYTES_PER_ROW, 0);
		if (row_is_guilty(shadow_row, shadow))
			pr_err("%*c\n", shadow_pointer_offset(shadow_row, shadow), '^');
		shadow_row += SHADOW_BYTES_PER_ROW;
	}
}

static noinline void __kasan_report(unsigned long addr, size_t size, bool is_write, unsigned long ip)
{
	void *access_addr = (void *)addr;
	void *first_bad_addr = addr_has_shadow(access_addr) ? find_first_bad_addr(access_addr, size) : access_addr;
	unsigned long flags;

	start_report(&flags);
	pr_err("BUG: KASAN: %s in %pS\n", get_bug_type(access_addr, first_bad_addr), (void *)ip);
	pr_err("%s of size %zu at addr %px by task %s/%d\n", is_write ? "Write" : "Read", size,
	       access_addr, current->comm, task_pid_nr(current));
	pr_err("\n");
	if (addr_has_shadow(access_addr)) {
		print_address_description(access_addr);
		pr_err("\n");
		print_shadow_for_address(first_bad_addr);
	} else {
		dump_stack();
	}
	end_report(&flags);
}

noinline bool kasan_report(unsigned long addr, size_t size, bool is_write, unsigned long ip)
{
	if (!report_enabled())
		return false;
	__kasan_report(addr, size, is_write, ip);
	return true;
}

void kasan_report_invalid_free(void *object, unsigned long ip)
{
	unsigned long flags;

	start_report(&flags);
	pr_err("BUG: KASAN: double-free or invalid-free in %pS\n", (void *)ip);
	pr_err("\n");
	print_address_description(object);
	pr_err("\n");
	print_shadow_for_address(object);
	end_report(&flags);
}

/*
 * A #GP on a non-canonical address: if it is the shadow of something
 * (gcc's check read the shadow of a wild pointer), say what the pointer
 * was, as 5.10's die_addr does after the oops.
 */
void kasan_non_canonical_hook(unsigned long addr)
{
	unsigned long orig_addr;
	const char *bug_type;

	if (addr < KASAN_SHADOW_OFFSET)
		return;
	orig_addr = (addr - KASAN_SHADOW_OFFSET) << KASAN_SHADOW_SCALE_SHIFT;
	if (orig_addr < PAGE_SIZE)
		bug_type = "null-ptr-deref";
	else if (orig_addr < 0x00007ffffffff000UL)
		bug_type = "probably user-memory-access";
	else
		bug_type = "maybe wild-memory-access";
	pr_alert("KASAN: %s in range [0x%016lx-0x%016lx]\n", bug_type, orig_addr, orig_addr + KASAN_SHADOW_MASK);
}
