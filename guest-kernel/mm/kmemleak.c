/*
 * kmemleak.c: the kernel memory leak detector, behaving like Linux 5.10's.
 *
 * Every tracked block (slab object, large kmalloc, vmalloc area, percpu
 * chunk, the kernel's .data and .bss) has a struct kmemleak_object: start,
 * size, min_count, count, flags, creation jiffies, comm/pid, a backtrace of
 * up to 16 return addresses and a crc32 of the contents. The objects sit in
 * object_list (allocation order) and in object_tree, a red-black tree keyed
 * by start address; tracked blocks never overlap, so descending by start and
 * end finds the block holding any address (interior pointers count).
 *
 * Colours come from count and min_count:
 *   black  min_count == -1 (kmemleak_ignore): never scanned, never reported;
 *   grey   count >= min_count: referenced enough, or min_count 0 (roots,
 *          kmemleak_not_leak), so it is scanned for pointers;
 *   white  count < min_count: a suspect.
 *
 * One scan (kmemleak_scan), with scan_mutex held:
 *  1. note the start time; set every count to 0; queue the objects that
 *     are grey even so (min_count 0: .data, .bss, not_leak, percpu).
 *  2. scan the roots: the struct page of every page in use and, when
 *     stack scanning is on, the whole THREAD_SIZE stack of every task.
 *  3. drain the grey list first in, first out: scan each object (or only
 *     its scan areas) 8-byte word by word in 4 KiB chunks. A word inside
 *     [min_addr, max_addr) that lands inside another object bumps its
 *     count; an object that reaches min_count turns grey and is queued.
 *     A reference to an object already grey goes to its excess_ref object
 *     instead (the vm_struct of a vmalloc area credits the area).
 *  4. every white object whose crc32 changed since the last scan is made
 *     grey for this scan only and queued; drain the grey list again.
 *  5. unless interrupted (kmemleak off, a signal to the writer, or the
 *     thread told to stop), every white object at least 5 s older than the
 *     scan start is flagged REPORTED once and counted in
 *     "N new suspected memory leaks".
 * Since the stored checksum starts at 0, an object with non-zero contents
 * needs two scans to be reported, an all-zero one only one.
 *
 * Metadata comes from a SLAB_NOLEAKTRACE cache, or from the static mem_pool
 * before the cache exists or when it fails. Pool entries are handed out
 * from the top (mem_pool_free_count only ever goes down); a freed entry goes
 * to mem_pool_free_list and is reused from there. The pool lives in .bss,
 * which is itself a root, so as in Linux the blocks described by pool
 * entries are found referenced by their own metadata.
 *
 * Locking (one CPU, no kernel preemption, so a spinlock taken with irqsave
 * is what keeps interrupt handlers out):
 *   kmemleak_lock    object_tree, object_list, the pool, min_addr/max_addr
 *                    and every use_count.
 *   object->lock     the object's fields; held while its memory is being
 *                    scanned or checksummed, so kmemleak_free (which clears
 *                    OBJECT_ALLOCATED under it) cannot pull it out from
 *                    under the scanner.
 *   scan_mutex       one scan at a time, the grey list, scan_thread, the
 *                    parameters and the debugfs file (readers hold it from
 *                    seq start to seq stop).
 * Order: scan_mutex -> object->lock -> kmemleak_lock -> other object->lock.
 *
 * Lifetime: use_count is 1 at creation, plus one per holder (the grey list,
 * a list walker, an annotation in progress). kmemleak_free takes the object
 * out of the tree at once but it stays on object_list until the last
 * reference is dropped, so a walker holding a reference can always step to
 * ->next. This replaces Linux's RCU: put_object unlinks and frees directly.
 *
 * Disabling (kmemleak=off, DEFAULT_OFF without kmemleak=on, "echo off", pool
 * exhausted, overlapping objects) is one-way. After late init it needs the
 * cleanup work: stop the scan thread, stop tracking frees, then free all
 * metadata (or keep it if leaks were found). As in Linux that is one
 * cleanup_work on the system workqueue; schedule_work is safe from any
 * context (an allocation in an interrupt handler can exhaust the pool), and
 * the work runs in the kworker, where it may sleep.
 *
 * NEEDS:
 *   copy_from_user (<linux/uaccess.h>) returns the bytes not copied.
 *   stack_trace_save(store, size, skipnr): before skipping, entry 0 is
 *       the caller's own return address (save_trace's, into create_object),
 *       as in Linux; skipping 2 then drops create_object and kmemleak_alloc.
 *   The kernel is built with -fno-optimize-sibling-calls (the Makefile
 *       does), so kmemleak_alloc -> create_object keeps its frame.
 *   seq_read: on ERR_PTR from ->start, call ->stop with it and return the
 *       error (as fs/seq_file.c does).
 *   kstrtoul: accepts one trailing newline and base 0 prefixes, as Linux.
 *   mutex_lock_interruptible returns -EINTR when a signal arrives.
 *   print_hex_dump / seq_hex_dump: lib/hexdump.c's format (ASCII column at
 *       offset 49 of a 16-byte row, groupsize 1).
 *   dump_stack() from printk.h.
 */
#define pr_fmt(fmt) "kmemleak: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/workqueue.h>
#include <linux/preempt.h>
#include <linux/jiffies.h>
#include <linux/stacktrace.h>
#include <linux/crc32.h>
#include <linux/kasan.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/debugfs.h>
#include <linux/moduleparam.h>
#include <linux/export.h>
#include <linux/percpu.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/kmemleak.h>
#include <asm/irqflags.h>
#include <linux/uaccess.h>

#define MAX_TRACE		16	/* saved return addresses */
#define MSECS_MIN_AGE		5000	/* younger objects are not reported */
#define SECS_FIRST_SCAN		60	/* the thread's first sleep after boot */
#define SECS_SCAN_WAIT		600	/* then between scans */
#define MAX_SCAN_SIZE		4096	/* scan in chunks of this */
#define BYTES_PER_POINTER	sizeof(void *)

/* our own allocations must not dig into reserves or warn */
#define gfp_kmemleak_mask(gfp)	(((gfp) & (GFP_KERNEL | GFP_ATOMIC)) | \
				 __GFP_NORETRY | __GFP_NOMEMALLOC | __GFP_NOWARN)

#define KMEMLEAK_GREY		0
#define KMEMLEAK_BLACK		-1

/* Flags shown by dump= as "flags = 0x%x". */
#define OBJECT_ALLOCATED	(1 << 0)	/* block still allocated */
#define OBJECT_REPORTED		(1 << 1)	/* counted in a summary already */
#define OBJECT_NO_SCAN		(1 << 2)	/* holds no pointers */
#define OBJECT_FULL_SCAN	(1 << 3)	/* a scan area was lost: scan it all */

/* The hex dump of a leak: 16 bytes a row, at most 2 rows. */
#define HEX_PREFIX		"    "
#define HEX_ROW_SIZE		16
#define HEX_GROUP_SIZE		1
#define HEX_ASCII		1
#define HEX_MAX_LINES		2

/* A part of an object that holds pointers (kmemleak_scan_area). */
struct kmemleak_scan_area {
	struct hlist_node node;
	unsigned long start;
	size_t size;
};

struct kmemleak_object {
	spinlock_t lock;
	unsigned int flags;
	struct list_head object_list;	/* object_list, or mem_pool_free_list */
	struct list_head gray_list;
	struct rb_node rb_node;		/* object_tree, while in_tree */
	int in_tree;
	int use_count;			/* freed when it drops to 0 */
	unsigned long pointer;		/* the block */
	size_t size;
	unsigned long excess_ref;	/* surplus references go there */
	int min_count;			/* fewer references than this: a leak */
	int count;			/* references found by this scan */
	u32 checksum;			/* crc32 of the block at the last scan */
	struct hlist_head area_list;	/* scan areas; empty: scan it all */
	unsigned long trace[MAX_TRACE];
	unsigned int trace_len;
	unsigned long jiffies;		/* creation time */
	pid_t pid;
	char comm[TASK_COMM_LEN];
};

static LIST_HEAD(object_list);
static LIST_HEAD(gray_list);
static struct rb_root object_tree = RB_ROOT;
static DEFINE_SPINLOCK(kmemleak_lock);

/* Metadata before the slab is up, and when it fails. */
static struct kmemleak_object mem_pool[CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE];
static int mem_pool_free_count = ARRAY_SIZE(mem_pool);
static LIST_HEAD(mem_pool_free_list);

static struct kmem_cache *object_cache;
static struct kmem_cache *scan_area_cache;

static int kmemleak_enabled = 1;	/* track allocations */
static int kmemleak_free_enabled = 1;	/* track frees */
static int kmemleak_initialized;	/* late init has run */
static int kmemleak_warning;		/* a kmemleak_warn was printed */
static int kmemleak_error;		/* disabled for good */
static int kmemleak_skip_disable;	/* kmemleak=on */
static bool kmemleak_found_leaks;	/* something was reported */

/* Bounds of every address ever tracked; they only grow. */
static unsigned long min_addr = ULONG_MAX;
static unsigned long max_addr;

static struct task_struct *scan_thread;
static unsigned long jiffies_min_age;
static unsigned long jiffies_last_scan;
static long jiffies_scan_wait;
static int kmemleak_stack_scan = 1;
static DEFINE_MUTEX(scan_mutex);

static void kmemleak_do_cleanup(struct work_struct *work);
static DECLARE_WORK(cleanup_work, kmemleak_do_cleanup);	/* queued by kmemleak_disable */

static bool kmemleak_verbose;
module_param_named(verbose, kmemleak_verbose, bool, 0600);

static void kmemleak_disable(void);

/* A complaint about the caller: message and stack. */
#define kmemleak_warn(x...)	do {		\
	pr_warn(x);				\
	dump_stack();				\
	kmemleak_warning = 1;			\
} while (0)

/* Something kmemleak cannot recover from: complain and turn off. */
#define kmemleak_stop(x...)	do {		\
	kmemleak_warn(x);			\
	kmemleak_disable();			\
} while (0)

/* Report lines go to the debugfs file, or to the log (verbose). */
#define seq_or_warn(seq, fmt, ...)	do {			\
	if (seq)						\
		seq_printf(seq, fmt, ##__VA_ARGS__);		\
	else							\
		pr_warn(fmt, ##__VA_ARGS__);			\
} while (0)

static void seq_or_warn_hex_dump(struct seq_file *seq, const void *buf, size_t len)
{
	if (seq)
		seq_hex_dump(seq, HEX_PREFIX, DUMP_PREFIX_NONE, HEX_ROW_SIZE,
			     HEX_GROUP_SIZE, buf, len, HEX_ASCII);
	else
		print_hex_dump(KERN_WARNING, pr_fmt(HEX_PREFIX), DUMP_PREFIX_NONE,
			       HEX_ROW_SIZE, HEX_GROUP_SIZE, buf, len, HEX_ASCII);
}

/* The first HEX_MAX_LINES rows of the block. Caller holds object->lock. */
static void hex_dump_object(struct seq_file *seq, struct kmemleak_object *object)
{
	size_t len = min_t(size_t, object->size, HEX_MAX_LINES * HEX_ROW_SIZE);

	seq_or_warn(seq, "  hex dump (first %zu bytes):\n", len);
	/* CONFIG_KASAN: the block may end in poisoned bytes (a kmalloc tail) */
	kasan_disable_current();
	seq_or_warn_hex_dump(seq, (const void *)object->pointer, len);
	kasan_enable_current();
}

static bool color_white(const struct kmemleak_object *object)
{
	return object->count != KMEMLEAK_BLACK && object->count < object->min_count;
}

static bool color_gray(const struct kmemleak_object *object)
{
	return object->min_count != KMEMLEAK_BLACK && object->count >= object->min_count;
}

/*
 * A leak by the last scan's rules: white, still allocated, and old enough
 * when that scan started (registers may hold the only pointer to a young
 * block).
 */
static bool unreferenced_object(struct kmemleak_object *object)
{
	return color_white(object) && (object->flags & OBJECT_ALLOCATED) &&
	       time_before_eq(object->jiffies + jiffies_min_age, jiffies_last_scan);
}

/* The block of one leak (§3.1). Caller holds object->lock. */
static void print_unreferenced(struct seq_file *seq, struct kmemleak_object *object)
{
	unsigned int msecs_age = jiffies_to_msecs(jiffies - object->jiffies);
	unsigned int i;

	seq_or_warn(seq, "unreferenced object 0x%08lx (size %zu):\n",
		    object->pointer, object->size);
	seq_or_warn(seq, "  comm \"%s\", pid %d, jiffies %lu (age %d.%03ds)\n",
		    object->comm, object->pid, object->jiffies,
		    msecs_age / 1000, msecs_age % 1000);
	hex_dump_object(seq, object);
	seq_or_warn(seq, "  backtrace:\n");
	for (i = 0; i < object->trace_len; i++) {
		void *p = (void *)object->trace[i];

		seq_or_warn(seq, "    [<%p>] %pS\n", p, p);
	}
}

/* Everything about one object, for dump= and warnings. */
static void dump_object_info(struct kmemleak_object *object)
{
	pr_notice("Object 0x%08lx (size %zu):\n", object->pointer, object->size);
	pr_notice("  comm \"%s\", pid %d, jiffies %lu\n",
		  object->comm, object->pid, object->jiffies);
	pr_notice("  min_count = %d\n", object->min_count);
	pr_notice("  count = %d\n", object->count);
	pr_notice("  flags = 0x%x\n", object->flags);
	pr_notice("  checksum = %u\n", object->checksum);
	pr_notice("  backtrace:\n");
	stack_trace_print(object->trace, object->trace_len, 4);
}

/*
 * The object whose block holds ptr. With alias 0 ptr must be the start;
 * an interior ptr then draws a warning. Caller holds kmemleak_lock.
 */
static struct kmemleak_object *lookup_object(unsigned long ptr, int alias)
{
	struct rb_node *rb = object_tree.rb_node;

	while (rb) {
		struct kmemleak_object *object = rb_entry(rb, struct kmemleak_object, rb_node);

		if (ptr < object->pointer)
			rb = rb->rb_left;
		else if (ptr >= object->pointer + object->size)
			rb = rb->rb_right;
		else if (ptr == object->pointer || alias)
			return object;
		else {
			kmemleak_warn("Found object by alias at 0x%08lx\n", ptr);
			dump_object_info(object);
			break;
		}
	}
	return NULL;
}

/*
 * Take a reference, unless the object is already on its way out.
 * Caller has interrupts off (holds kmemleak_lock or an object lock).
 */
static int __get_object(struct kmemleak_object *object)
{
	if (object->use_count == 0)
		return 0;
	object->use_count++;
	return 1;
}

static int get_object(struct kmemleak_object *object)
{
	unsigned long flags;
	int ok;

	spin_lock_irqsave(&kmemleak_lock, flags);
	ok = __get_object(object);
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	return ok;
}

/* Metadata from the cache, else the pool's free list, else the pool. */
static struct kmemleak_object *mem_pool_alloc(gfp_t gfp)
{
	struct kmemleak_object *object = NULL;
	unsigned long flags;

	if (object_cache) {
		object = kmem_cache_alloc(object_cache, gfp_kmemleak_mask(gfp));
		if (object)
			return object;
	}

	spin_lock_irqsave(&kmemleak_lock, flags);
	if (!list_empty(&mem_pool_free_list)) {
		object = list_first_entry(&mem_pool_free_list, struct kmemleak_object, object_list);
		list_del(&object->object_list);
	} else if (mem_pool_free_count) {
		object = &mem_pool[--mem_pool_free_count];
	} else {
		pr_warn_once("Memory pool empty, consider increasing CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE\n");
	}
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	return object;
}

static int in_mem_pool(struct kmemleak_object *object)
{
	return object >= mem_pool && object < mem_pool + ARRAY_SIZE(mem_pool);
}

/* Give metadata back. Caller holds kmemleak_lock. */
static void __mem_pool_free(struct kmemleak_object *object)
{
	if (in_mem_pool(object))
		list_add(&object->object_list, &mem_pool_free_list);
	else
		kmem_cache_free(object_cache, object);
}

/*
 * Drop a reference. The last one unlinks the object from object_list and
 * frees it with its scan areas; by then kmemleak_free has taken it out of
 * the tree, so nobody can find it any more.
 */
static void put_object(struct kmemleak_object *object)
{
	struct kmemleak_scan_area *area;
	struct hlist_node *n;
	unsigned long flags;

	spin_lock_irqsave(&kmemleak_lock, flags);
	if (--object->use_count > 0) {
		spin_unlock_irqrestore(&kmemleak_lock, flags);
		return;
	}
	WARN_ON(object->flags & OBJECT_ALLOCATED);
	list_del(&object->object_list);
	spin_unlock_irqrestore(&kmemleak_lock, flags);

	for (n = object->area_list.first; n; ) {
		area = container_of(n, struct kmemleak_scan_area, node);
		n = n->next;
		kmem_cache_free(scan_area_cache, area);
	}
	object->area_list.first = NULL;

	spin_lock_irqsave(&kmemleak_lock, flags);
	__mem_pool_free(object);
	spin_unlock_irqrestore(&kmemleak_lock, flags);
}

/*
 * Step along object_list: the object after prev (the first if prev is
 * NULL), with a reference taken, and prev's reference dropped. Holding a
 * reference keeps an object on the list, so ->next stays valid even if an
 * interrupt frees its block meanwhile. NULL at the end.
 */
static struct kmemleak_object *next_object(struct kmemleak_object *prev)
{
	struct kmemleak_object *object = NULL;
	struct list_head *pos;
	unsigned long flags;

	spin_lock_irqsave(&kmemleak_lock, flags);
	pos = prev ? prev->object_list.next : object_list.next;
	for (; pos != &object_list; pos = pos->next) {
		object = list_entry(pos, struct kmemleak_object, object_list);
		if (__get_object(object))
			break;
		object = NULL;
	}
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	if (prev)
		put_object(prev);
	return object;
}

#define for_each_object(o) for ((o) = next_object(NULL); (o); (o) = next_object(o))

/* Look up and take a reference. */
static struct kmemleak_object *find_and_get_object(unsigned long ptr, int alias)
{
	struct kmemleak_object *object;
	unsigned long flags;

	spin_lock_irqsave(&kmemleak_lock, flags);
	object = lookup_object(ptr, alias);
	if (object && !__get_object(object))
		object = NULL;
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	return object;
}

/* Take the object out of the tree. Caller holds kmemleak_lock. */
static void __remove_object(struct kmemleak_object *object)
{
	rb_erase(&object->rb_node, &object_tree);
	object->in_tree = 0;
}

/* Look up and take out of the tree; the creation reference comes along. */
static struct kmemleak_object *find_and_remove_object(unsigned long ptr, int alias)
{
	struct kmemleak_object *object;
	unsigned long flags;

	spin_lock_irqsave(&kmemleak_lock, flags);
	object = lookup_object(ptr, alias);
	if (object)
		__remove_object(object);
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	return object;
}

/*
 * The backtrace. Never inlined: skipping 2 frames drops the return into
 * create_object and the one into kmemleak_alloc (or whichever API called
 * create_object), so the first frame kept is the allocator's hook.
 */
static noinline unsigned int save_trace(unsigned long *trace)
{
	return stack_trace_save(trace, MAX_TRACE, 2);
}

/* Metadata for a new block, added to the tree and the list. */
static noinline struct kmemleak_object *create_object(unsigned long ptr, size_t size,
						     int min_count, gfp_t gfp)
{
	struct kmemleak_object *object, *parent;
	struct rb_node **link, *rb_parent;
	struct task_struct *t;
	unsigned long flags;

	object = mem_pool_alloc(gfp);
	if (!object) {
		pr_warn("Cannot allocate a kmemleak_object structure\n");
		kmemleak_disable();
		return NULL;
	}

	INIT_LIST_HEAD(&object->object_list);
	INIT_LIST_HEAD(&object->gray_list);
	INIT_HLIST_HEAD(&object->area_list);
	spin_lock_init(&object->lock);
	object->use_count = 1;
	object->in_tree = 0;
	object->flags = OBJECT_ALLOCATED;
	object->pointer = ptr;
	object->size = size;
	object->excess_ref = 0;
	object->min_count = min_count;
	object->count = 0;
	object->jiffies = jiffies;
	object->checksum = 0;

	if (in_irq()) {
		object->pid = 0;
		strncpy(object->comm, "hardirq", sizeof(object->comm));
	} else if (in_serving_softirq()) {
		object->pid = 0;
		strncpy(object->comm, "softirq", sizeof(object->comm));
	} else if ((t = current) != NULL) {
		object->pid = t->pid;
		strncpy(object->comm, t->comm, sizeof(object->comm));
	} else {
		object->pid = 0;
		strncpy(object->comm, "swapper", sizeof(object->comm));
	}
	object->comm[sizeof(object->comm) - 1] = 0;

	object->trace_len = save_trace(object->trace);

	spin_lock_irqsave(&kmemleak_lock, flags);
	min_addr = min(min_addr, ptr);
	max_addr = max(max_addr, ptr + size);
	link = &object_tree.rb_node;
	rb_parent = NULL;
	while (*link) {
		rb_parent = *link;
		parent = rb_entry(rb_parent, struct kmemleak_object, rb_node);
		if (ptr + size <= parent->pointer)
			link = &parent->rb_node.rb_left;
		else if (parent->pointer + parent->size <= ptr)
			link = &parent->rb_node.rb_right;
		else {
			kmemleak_stop("Cannot insert 0x%lx into the object search tree (overlaps existing)\n",
				      ptr);
			dump_object_info(parent);
			object->flags = 0;
			__mem_pool_free(object);
			object = NULL;
			goto out;
		}
	}
	rb_link_node(&object->rb_node, rb_parent, link);
	rb_insert_color(&object->rb_node, &object_tree);
	object->in_tree = 1;
	list_add_tail(&object->object_list, &object_list);
out:
	spin_unlock_irqrestore(&kmemleak_lock, flags);
	return object;
}

/*
 * The block is gone: clear ALLOCATED under the object's lock (waiting out
 * a scan of it, as far as a UP kernel waits) and drop the creation
 * reference. The caller already took it out of the tree.
 */
static void __delete_object(struct kmemleak_object *object)
{
	unsigned long flags;

	WARN_ON(!(object->flags & OBJECT_ALLOCATED));
	WARN_ON(object->use_count < 1);
	spin_lock_irqsave(&object->lock, flags);
	object->flags &= ~OBJECT_ALLOCATED;
	spin_unlock_irqrestore(&object->lock, flags);
	put_object(object);
}

static void delete_object_full(unsigned long ptr)
{
	struct kmemleak_object *object;

	object = find_and_remove_object(ptr, 0);
	if (!object) {
#ifdef DEBUG
		kmemleak_warn("Freeing unknown object at 0x%08lx\n", ptr);
#endif
		return;
	}
	__delete_object(object);
}

/*
 * Part of a block is freed: what is left before and after [ptr, ptr+size)
 * becomes one or two new objects with the same min_count.
 */
static void delete_object_part(unsigned long ptr, size_t size)
{
	struct kmemleak_object *object;
	unsigned long start, end;

	object = find_and_remove_object(ptr, 1);
	if (!object) {
#ifdef DEBUG
		kmemleak_warn("Partially freeing unknown object at 0x%08lx (size %zu)\n", ptr, size);
#endif
		return;
	}
	start = object->pointer;
	end = object->pointer + object->size;
	if (ptr > start)
		create_object(start, ptr - start, object->min_count, GFP_KERNEL);
	if (ptr + size < end)
		create_object(ptr + size, end - ptr - size, object->min_count, GFP_KERNEL);
	__delete_object(object);
}

static void __paint_it(struct kmemleak_object *object, int color)
{
	object->min_count = color;
	if (color == KMEMLEAK_BLACK)
		object->flags |= OBJECT_NO_SCAN;
}

static void paint_it(struct kmemleak_object *object, int color)
{
	unsigned long flags;

	spin_lock_irqsave(&object->lock, flags);
	__paint_it(object, color);
	spin_unlock_irqrestore(&object->lock, flags);
}

static void paint_ptr(unsigned long ptr, int color)
{
	struct kmemleak_object *object;

	object = find_and_get_object(ptr, 0);
	if (!object) {
		kmemleak_warn("Trying to color unknown object at 0x%08lx as %s\n", ptr,
			      color == KMEMLEAK_GREY ? "Grey" :
			      color == KMEMLEAK_BLACK ? "Black" : "Unknown");
		return;
	}
	paint_it(object, color);
	put_object(object);
}

/* Scan only [ptr, ptr+size) of the object holding ptr (and any others). */
static void add_scan_area(unsigned long ptr, size_t size, gfp_t gfp)
{
	struct kmemleak_scan_area *area = NULL;
	struct kmemleak_object *object;
	unsigned long flags;

	object = find_and_get_object(ptr, 1);
	if (!object) {
		kmemleak_warn("Adding scan area to unknown object at 0x%08lx\n", ptr);
		return;
	}

	if (scan_area_cache)
		area = kmem_cache_alloc(scan_area_cache, gfp_kmemleak_mask(gfp));

	spin_lock_irqsave(&object->lock, flags);
	if (!area) {
		pr_warn_once("Cannot allocate a scan area, scanning the full object\n");
		/* better a false negative than a false positive */
		object->flags |= OBJECT_FULL_SCAN;
		goto out;
	}
	if (size == SIZE_MAX) {
		size = object->pointer + object->size - ptr;
	} else if (ptr + size > object->pointer + object->size) {
		kmemleak_warn("Scan area larger than object 0x%08lx\n", ptr);
		dump_object_info(object);
		kmem_cache_free(scan_area_cache, area);
		goto out;
	}
	area->start = ptr;
	area->size = size;
	hlist_add_head(&area->node, &object->area_list);
out:
	spin_unlock_irqrestore(&object->lock, flags);
	put_object(object);
}

/* References to the object at ptr, once it is grey, count for excess_ref. */
static void object_set_excess_ref(unsigned long ptr, unsigned long excess_ref)
{
	struct kmemleak_object *object;
	unsigned long flags;

	object = find_and_get_object(ptr, 0);
	if (!object) {
		kmemleak_warn("Setting excess_ref on unknown object at 0x%08lx\n", ptr);
		return;
	}
	spin_lock_irqsave(&object->lock, flags);
	object->excess_ref = excess_ref;
	spin_unlock_irqrestore(&object->lock, flags);
	put_object(object);
}

static void object_no_scan(unsigned long ptr)
{
	struct kmemleak_object *object;
	unsigned long flags;

	object = find_and_get_object(ptr, 0);
	if (!object) {
		kmemleak_warn("Not scanning unknown object at 0x%08lx\n", ptr);
		return;
	}
	spin_lock_irqsave(&object->lock, flags);
	object->flags |= OBJECT_NO_SCAN;
	spin_unlock_irqrestore(&object->lock, flags);
	put_object(object);
}

/*
 * The API called by the allocators and by code that knows better.
 */

/* A new block; min_count 0 never reported, -1 ignored entirely. */
void kmemleak_alloc(const void *ptr, size_t size, int min_count, gfp_t gfp)
{
	if (kmemleak_enabled && ptr && !IS_ERR(ptr))
		create_object((unsigned long)ptr, size, min_count, gfp);
}
EXPORT_SYMBOL_GPL(kmemleak_alloc);

/* Percpu blocks: one object per CPU, scanned but never reported. */
void kmemleak_alloc_percpu(const void *ptr, size_t size, gfp_t gfp)
{
	unsigned int cpu;

	if (kmemleak_enabled && ptr && !IS_ERR(ptr))
		for_each_possible_cpu(cpu)
			create_object((unsigned long)per_cpu_ptr(ptr, cpu), size, 0, gfp);
}
EXPORT_SYMBOL_GPL(kmemleak_alloc_percpu);

/*
 * A vmalloc area: min_count 2, since the vm_struct's addr is one reference
 * that does not count; pointers to the vm_struct count for the area.
 */
void kmemleak_vmalloc(const struct vm_struct *area, size_t size, gfp_t gfp)
{
	if (kmemleak_enabled) {
		create_object((unsigned long)area->addr, size, 2, gfp);
		object_set_excess_ref((unsigned long)area, (unsigned long)area->addr);
	}
}
EXPORT_SYMBOL_GPL(kmemleak_vmalloc);

void kmemleak_free(const void *ptr)
{
	if (kmemleak_free_enabled && ptr && !IS_ERR(ptr))
		delete_object_full((unsigned long)ptr);
}
EXPORT_SYMBOL_GPL(kmemleak_free);

void kmemleak_free_part(const void *ptr, size_t size)
{
	if (kmemleak_enabled && ptr && !IS_ERR(ptr))
		delete_object_part((unsigned long)ptr, size);
}
EXPORT_SYMBOL_GPL(kmemleak_free_part);

void kmemleak_free_percpu(const void *ptr)
{
	unsigned int cpu;

	if (kmemleak_free_enabled && ptr && !IS_ERR(ptr))
		for_each_possible_cpu(cpu)
			delete_object_full((unsigned long)per_cpu_ptr(ptr, cpu));
}
EXPORT_SYMBOL_GPL(kmemleak_free_percpu);

/* Record the backtrace again, from the caller's caller. */
void kmemleak_update_trace(const void *ptr)
{
	struct kmemleak_object *object;
	unsigned long flags;

	if (!kmemleak_enabled || IS_ERR_OR_NULL(ptr))
		return;
	object = find_and_get_object((unsigned long)ptr, 1);
	if (!object) {
#ifdef DEBUG
		kmemleak_warn("Updating stack trace for unknown object at %p\n", ptr);
#endif
		return;
	}
	spin_lock_irqsave(&object->lock, flags);
	object->trace_len = save_trace(object->trace);
	spin_unlock_irqrestore(&object->lock, flags);
	put_object(object);
}
EXPORT_SYMBOL(kmemleak_update_trace);

/* Never a leak, but still scanned (grey for good). */
void kmemleak_not_leak(const void *ptr)
{
	if (kmemleak_enabled && ptr && !IS_ERR(ptr))
		paint_ptr((unsigned long)ptr, KMEMLEAK_GREY);
}
EXPORT_SYMBOL(kmemleak_not_leak);

/* Neither scanned nor reported (black). */
void kmemleak_ignore(const void *ptr)
{
	if (kmemleak_enabled && ptr && !IS_ERR(ptr))
		paint_ptr((unsigned long)ptr, KMEMLEAK_BLACK);
}
EXPORT_SYMBOL(kmemleak_ignore);

/* Scan only this part of the object (SIZE_MAX: to its end). */
void kmemleak_scan_area(const void *ptr, size_t size, gfp_t gfp)
{
	if (kmemleak_enabled && ptr && size && !IS_ERR(ptr))
		add_scan_area((unsigned long)ptr, size, gfp);
}
EXPORT_SYMBOL(kmemleak_scan_area);

/* Holds no pointers; may still be reported. */
void kmemleak_no_scan(const void *ptr)
{
	if (kmemleak_enabled && ptr && !IS_ERR(ptr))
		object_no_scan((unsigned long)ptr);
}
EXPORT_SYMBOL(kmemleak_no_scan);

/* Physical-address forms, for RAM the direct map covers. */
void kmemleak_alloc_phys(phys_addr_t phys, size_t size, int min_count, gfp_t gfp)
{
	if (PFN_DOWN(phys) < max_pfn)
		kmemleak_alloc(__va(phys), size, min_count, gfp);
}
EXPORT_SYMBOL(kmemleak_alloc_phys);

void kmemleak_free_part_phys(phys_addr_t phys, size_t size)
{
	if (PFN_DOWN(phys) < max_pfn)
		kmemleak_free_part(__va(phys), size);
}
EXPORT_SYMBOL(kmemleak_free_part_phys);

void kmemleak_not_leak_phys(phys_addr_t phys)
{
	if (PFN_DOWN(phys) < max_pfn)
		kmemleak_not_leak(__va(phys));
}
EXPORT_SYMBOL(kmemleak_not_leak_phys);

void kmemleak_ignore_phys(phys_addr_t phys)
{
	if (PFN_DOWN(phys) < max_pfn)
		kmemleak_ignore(__va(phys));
}
EXPORT_SYMBOL(kmemleak_ignore_phys);

/*
 * Scanning.
 */

/* crc32 (seed 0, no inversion) of the block; true if it changed. */
static bool update_checksum(struct kmemleak_object *object)
{
	u32 old = object->checksum;

	kasan_disable_current();
	object->checksum = crc32_le(0, (void *)object->pointer, object->size);
	kasan_enable_current();
	return object->checksum != old;
}

/*
 * One more reference to a white object; queue it if that makes it grey.
 * Caller holds object->lock and kmemleak_lock.
 */
static void update_refs(struct kmemleak_object *object)
{
	if (!color_white(object))
		return;
	object->count++;
	if (color_gray(object)) {
		/* the grey list's reference, dropped when it is scanned */
		WARN_ON(!__get_object(object));
		list_add_tail(&object->gray_list, &gray_list);
	}
}

/* kmemleak off, a signal to the writer, or the thread told to stop. */
static int scan_should_stop(void)
{
	if (!kmemleak_enabled)
		return 1;
	if (current->mm)
		return signal_pending(current);
	return kthread_should_stop();
}

/*
 * Count the pointers in [_start, _end): every aligned word that fits
 * whole. scanned is the object being scanned, whose self-references do
 * not count.
 */
static void scan_block(void *_start, void *_end, struct kmemleak_object *scanned)
{
	unsigned long *ptr;
	unsigned long *start = PTR_ALIGN((unsigned long *)_start, BYTES_PER_POINTER);
	unsigned long *end = (unsigned long *)((char *)_end - (BYTES_PER_POINTER - 1));
	unsigned long flags;

	spin_lock_irqsave(&kmemleak_lock, flags);
	for (ptr = start; ptr < end; ptr++) {
		struct kmemleak_object *object;
		unsigned long pointer, excess_ref;

		if (scan_should_stop())
			break;

		pointer = READ_ONCE(*ptr);
		if (pointer < min_addr || pointer >= max_addr)
			continue;

		/* in the tree, so alive: kmemleak_lock is enough */
		object = lookup_object(pointer, 1);
		if (!object || object == scanned)
			continue;

		spin_lock_nested(&object->lock, 1);
		if (color_gray(object)) {
			/* already referenced enough: the surplus goes on */
			excess_ref = object->excess_ref;
		} else {
			excess_ref = 0;
			update_refs(object);
		}
		spin_unlock(&object->lock);

		if (excess_ref) {
			object = lookup_object(excess_ref, 0);
			if (!object || object == scanned)
				continue;
			spin_lock_nested(&object->lock, 1);
			update_refs(object);
			spin_unlock(&object->lock);
		}
	}
	spin_unlock_irqrestore(&kmemleak_lock, flags);
}

/* Scan a grey object's block, or just its scan areas. */
static void scan_object(struct kmemleak_object *object)
{
	struct hlist_node *n;
	unsigned long flags;

	spin_lock_irqsave(&object->lock, flags);
	if (object->flags & OBJECT_NO_SCAN)
		goto out;
	if (!(object->flags & OBJECT_ALLOCATED))
		goto out;		/* freed since it was queued */
	if (!object->area_list.first || (object->flags & OBJECT_FULL_SCAN)) {
		char *start = (char *)object->pointer;
		char *end = start + object->size;
		char *next;

		for (;;) {
			next = start + MAX_SCAN_SIZE < end ? start + MAX_SCAN_SIZE : end;
			scan_block(start, next, object);
			start = next;
			if (start >= end)
				break;
			/* let interrupts and other tasks in between chunks */
			spin_unlock_irqrestore(&object->lock, flags);
			cond_resched();
			spin_lock_irqsave(&object->lock, flags);
			if (!(object->flags & OBJECT_ALLOCATED))
				break;
		}
	} else {
		for (n = object->area_list.first; n; n = n->next) {
			struct kmemleak_scan_area *area =
				container_of(n, struct kmemleak_scan_area, node);

			scan_block((void *)area->start, (void *)(area->start + area->size), object);
		}
	}
out:
	spin_unlock_irqrestore(&object->lock, flags);
}

/*
 * Scan the grey list first in, first out, until it is empty. Scanning may
 * append to it; every entry holds a reference, so none vanishes under us.
 */
static void scan_gray_list(void)
{
	struct kmemleak_object *object, *tmp;

	object = list_entry(gray_list.next, struct kmemleak_object, gray_list);
	while (&object->gray_list != &gray_list) {
		cond_resched();
		if (!scan_should_stop())
			scan_object(object);
		tmp = list_entry(object->gray_list.next, struct kmemleak_object, gray_list);
		list_del(&object->gray_list);
		put_object(object);
		object = tmp;
	}
	WARN_ON(!list_empty(&gray_list));
}

/* Queue object on the grey list with a reference. Caller holds its lock. */
static void queue_gray(struct kmemleak_object *object)
{
	if (get_object(object))
		list_add_tail(&object->gray_list, &gray_list);
}

/* One scan (see the top of the file). Caller holds scan_mutex. */
static void kmemleak_scan(void)
{
	struct kmemleak_object *object;
	struct task_struct *p;
	unsigned long flags, pfn;
	int new_leaks = 0;

	jiffies_last_scan = jiffies;

	/* 1: whiten everything; min_count 0 objects stay grey */
	for_each_object(object) {
		spin_lock_irqsave(&object->lock, flags);
		object->count = 0;
		if (color_gray(object))
			queue_gray(object);
		spin_unlock_irqrestore(&object->lock, flags);
	}

	/* 2: roots. The descriptor of every page in use ... */
	for (pfn = 0; pfn < max_pfn; pfn++) {
		struct page *page;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (page_count(page) == 0)
			continue;
		scan_block(page, page + 1, NULL);
		if (!(pfn & 63))
			cond_resched();
	}

	/* ... and every kernel stack (may hide leaks, never invents them) */
	if (kmemleak_stack_scan) {
		for_each_process(p) {
			void *stack = task_stack_page(p);

			if (stack)
				scan_block(stack, (char *)stack + THREAD_SIZE, NULL);
		}
	}

	/* 3: everything reachable from the roots and the grey objects */
	scan_gray_list();

	/* 4: white objects that changed since the last scan get one more go */
	for_each_object(object) {
		spin_lock_irqsave(&object->lock, flags);
		if (color_white(object) && (object->flags & OBJECT_ALLOCATED) &&
		    update_checksum(object) && get_object(object)) {
			/* grey for this scan only */
			object->count = object->min_count;
			list_add_tail(&object->gray_list, &gray_list);
		}
		spin_unlock_irqrestore(&object->lock, flags);
	}
	scan_gray_list();

	/* 5: an interrupted scan reports nothing */
	if (scan_should_stop())
		return;

	/* 6: report */
	for_each_object(object) {
		spin_lock_irqsave(&object->lock, flags);
		if (unreferenced_object(object) && !(object->flags & OBJECT_REPORTED)) {
			object->flags |= OBJECT_REPORTED;
			if (kmemleak_verbose)
				print_unreferenced(NULL, object);
			new_leaks++;
		}
		spin_unlock_irqrestore(&object->lock, flags);
	}

	if (new_leaks) {
		kmemleak_found_leaks = true;
		pr_info("%d new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n",
			new_leaks);
	}
}

/*
 * The cleanup work and the scanning thread.
 */

static int kmemleak_scan_thread(void *arg)
{
#ifdef CONFIG_DEBUG_KMEMLEAK_AUTO_SCAN
	static int first_run = 1;
#else
	static int first_run;
#endif

	pr_info("Automatic memory scanning thread started\n");
	set_user_nice(current, 10);

	/* give the system time to settle on the very first start */
	if (first_run) {
		long timeout = msecs_to_jiffies(SECS_FIRST_SCAN * 1000);

		first_run = 0;
		while (timeout && !kthread_should_stop() && kmemleak_enabled)
			timeout = schedule_timeout_interruptible(timeout);
	}

	while (!kthread_should_stop()) {
		long timeout = jiffies_scan_wait;

		mutex_lock(&scan_mutex);
		kmemleak_scan();
		mutex_unlock(&scan_mutex);

		/* wait before the next scan (the cleanup work stops the thread) */
		while (timeout && !kthread_should_stop())
			timeout = schedule_timeout_interruptible(timeout);
	}

	pr_info("Automatic memory scanning thread ended\n");
	return 0;
}

/* Caller holds scan_mutex. */
static void start_scan_thread(void)
{
	if (scan_thread)
		return;
	scan_thread = kthread_run(kmemleak_scan_thread, NULL, "kmemleak");
	if (IS_ERR(scan_thread)) {
		pr_warn("Failed to create the scan thread\n");
		scan_thread = NULL;
	}
}

static void stop_scan_thread(void)
{
	if (scan_thread) {
		kthread_stop(scan_thread);
		scan_thread = NULL;
	}
}

/* Free all metadata. kmemleak is disabled: nothing new is added. */
static void __kmemleak_do_cleanup(void)
{
	struct kmemleak_object *object;
	unsigned long flags;
	int was_in_tree;

	for_each_object(object) {
		spin_lock_irqsave(&kmemleak_lock, flags);
		was_in_tree = object->in_tree;
		if (was_in_tree)
			__remove_object(object);
		spin_unlock_irqrestore(&kmemleak_lock, flags);
		if (was_in_tree)
			__delete_object(object);
	}
}

/*
 * The cleanup work: stop the thread, stop tracking frees, and free the
 * metadata unless it describes leaks someone may still want to read.
 */
static void kmemleak_do_cleanup(struct work_struct *work)
{
	stop_scan_thread();

	mutex_lock(&scan_mutex);
	/* the thread is gone, so no scan can look at a block freed from now on */
	kmemleak_free_enabled = 0;
	mutex_unlock(&scan_mutex);

	if (!kmemleak_found_leaks)
		__kmemleak_do_cleanup();
	else
		pr_info("Kmemleak disabled without freeing internal data. Reclaim the memory with \"echo clear > /sys/kernel/debug/kmemleak\".\n");
}

/*
 * Turn kmemleak off for good; only the first call does anything. Before
 * late init no thread can run, so frees simply stop being tracked.
 */
static void kmemleak_disable(void)
{
	unsigned long flags;
	int first;

	local_irq_save(flags);
	first = !kmemleak_error;
	kmemleak_error = 1;
	local_irq_restore(flags);
	if (!first)
		return;

	kmemleak_enabled = 0;
	if (kmemleak_initialized)
		schedule_work(&cleanup_work);
	else
		kmemleak_free_enabled = 0;

	pr_info("Kernel memory leak detector disabled\n");
}

/*
 * The debugfs file: reading lists the reported leaks, writing controls.
 */

/* Hold scan_mutex from start to stop; each object shown holds a reference. */
static void *kmemleak_seq_start(struct seq_file *seq, loff_t *pos)
{
	struct kmemleak_object *object;
	loff_t n = *pos;
	int err;

	err = mutex_lock_interruptible(&scan_mutex);
	if (err < 0)
		return ERR_PTR(err);

	for_each_object(object) {
		if (n-- <= 0)
			break;
	}
	return object;
}

static void *kmemleak_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	++*pos;
	return next_object(v);
}

static void kmemleak_seq_stop(struct seq_file *seq, void *v)
{
	if (IS_ERR(v))
		return;		/* start could not take the mutex */
	mutex_unlock(&scan_mutex);
	if (v)
		put_object(v);
}

static int kmemleak_seq_show(struct seq_file *seq, void *v)
{
	struct kmemleak_object *object = v;
	unsigned long flags;

	spin_lock_irqsave(&object->lock, flags);
	if ((object->flags & OBJECT_REPORTED) && unreferenced_object(object))
		print_unreferenced(seq, object);
	spin_unlock_irqrestore(&object->lock, flags);
	return 0;
}

static const struct seq_operations kmemleak_seq_ops = {
	.start = kmemleak_seq_start,
	.next = kmemleak_seq_next,
	.stop = kmemleak_seq_stop,
	.show = kmemleak_seq_show,
};

static int kmemleak_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &kmemleak_seq_ops);
}

/* dump=<addr>: the object starting at addr, to the log. */
static int dump_str_object_info(const char *str)
{
	struct kmemleak_object *object;
	unsigned long flags, addr;

	if (kstrtoul(str, 0, &addr))
		return -EINVAL;
	object = find_and_get_object(addr, 0);
	if (!object) {
		pr_info("Unknown object at 0x%08lx\n", addr);
		return -EINVAL;
	}
	spin_lock_irqsave(&object->lock, flags);
	dump_object_info(object);
	spin_unlock_irqrestore(&object->lock, flags);
	put_object(object);
	return 0;
}

/*
 * clear: the leaks reported so far become grey for good, so they are never
 * shown again yet still scanned (black would hide what they point to).
 */
static void kmemleak_clear(void)
{
	struct kmemleak_object *object;
	unsigned long flags;

	for_each_object(object) {
		spin_lock_irqsave(&object->lock, flags);
		if ((object->flags & OBJECT_REPORTED) && unreferenced_object(object))
			__paint_it(object, KMEMLEAK_GREY);
		spin_unlock_irqrestore(&object->lock, flags);
	}
	kmemleak_found_leaks = false;
}

/*
 * One command per write, matched by prefix, in this order: clear (also when
 * disabled, when it frees everything), then off, stack=on, stack=off,
 * scan=on, scan=off, scan=<secs>, scan, dump=<addr>.
 */
static ssize_t kmemleak_write(struct file *file, const char __user *user_buf,
			      size_t size, loff_t *ppos)
{
	char buf[64];
	size_t buf_size;
	int ret;

	buf_size = min(size, sizeof(buf) - 1);
	if (copy_from_user(buf, user_buf, buf_size))
		return -EFAULT;
	buf[buf_size] = 0;

	ret = mutex_lock_interruptible(&scan_mutex);
	if (ret < 0)
		return ret;

	if (strncmp(buf, "clear", 5) == 0) {
		if (kmemleak_enabled)
			kmemleak_clear();
		else
			__kmemleak_do_cleanup();
		goto out;
	}

	if (!kmemleak_enabled) {
		ret = -EPERM;
		goto out;
	}

	if (strncmp(buf, "off", 3) == 0)
		kmemleak_disable();
	else if (strncmp(buf, "stack=on", 8) == 0)
		kmemleak_stack_scan = 1;
	else if (strncmp(buf, "stack=off", 9) == 0)
		kmemleak_stack_scan = 0;
	else if (strncmp(buf, "scan=on", 7) == 0)
		start_scan_thread();
	else if (strncmp(buf, "scan=off", 8) == 0)
		stop_scan_thread();
	else if (strncmp(buf, "scan=", 5) == 0) {
		unsigned long secs;

		ret = kstrtoul(buf + 5, 0, &secs);
		if (ret < 0)
			goto out;
		stop_scan_thread();
		if (secs) {
			jiffies_scan_wait = msecs_to_jiffies(secs * 1000);
			start_scan_thread();
		}
	} else if (strncmp(buf, "scan", 4) == 0)
		kmemleak_scan();
	else if (strncmp(buf, "dump=", 5) == 0)
		ret = dump_str_object_info(buf + 5);
	else
		ret = -EINVAL;

out:
	mutex_unlock(&scan_mutex);
	if (ret < 0)
		return ret;
	/* the rest of the buffer is ignored: one command per write */
	*ppos += size;
	return size;
}

static const struct file_operations kmemleak_fops = {
	.open = kmemleak_open,
	.read = seq_read,
	.write = kmemleak_write,
	.llseek = seq_lseek,
	.release = seq_release,
};

/*
 * Boot.
 */

/* kmemleak=off or kmemleak=on; anything else is malformed. */
static int __init kmemleak_boot_config(char *str)
{
	if (!str)
		return -EINVAL;
	if (strcmp(str, "off") == 0)
		kmemleak_disable();
	else if (strcmp(str, "on") == 0)
		kmemleak_skip_disable = 1;
	else
		return -EINVAL;
	return 0;
}
early_param("kmemleak", kmemleak_boot_config);

extern char _sdata[], _edata[], __bss_start[], __bss_stop[];
extern char __start_ro_after_init[], __end_ro_after_init[];

/*
 * Called by mm_init right after kmem_cache_init. Objects created so far
 * came from the pool; from now on metadata comes from our own caches.
 */
void __init kmemleak_init(void)
{
#ifdef CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF
	if (!kmemleak_skip_disable) {
		kmemleak_disable();
		return;
	}
#endif
	if (kmemleak_error)
		return;

	jiffies_min_age = msecs_to_jiffies(MSECS_MIN_AGE);
	jiffies_scan_wait = msecs_to_jiffies(SECS_SCAN_WAIT * 1000);

	object_cache = KMEM_CACHE(kmemleak_object, SLAB_NOLEAKTRACE);
	scan_area_cache = KMEM_CACHE(kmemleak_scan_area, SLAB_NOLEAKTRACE);

	/* the roots: .data and .bss, grey for good */
	create_object((unsigned long)_sdata, _edata - _sdata, KMEMLEAK_GREY, GFP_ATOMIC);
	create_object((unsigned long)__bss_start, __bss_stop - __bss_start, KMEMLEAK_GREY, GFP_ATOMIC);
	/* .data..ro_after_init, unless .data already covers it */
	if ((unsigned long)__start_ro_after_init < (unsigned long)_sdata ||
	    (unsigned long)__end_ro_after_init > (unsigned long)_edata)
		create_object((unsigned long)__start_ro_after_init,
			      __end_ro_after_init - __start_ro_after_init, KMEMLEAK_GREY, GFP_ATOMIC);
}

/*
 * late_initcall: the debugfs file exists even when kmemleak is off; if it
 * is off, clean up and fail with -ENOMEM (seen only with initcall_debug).
 */
static int __init kmemleak_late_init(void)
{
	kmemleak_initialized = 1;

	debugfs_create_file("kmemleak", 0644, NULL, NULL, &kmemleak_fops);

	if (kmemleak_error) {
		/* disabled before late init: only now can the cleanup work run */
		schedule_work(&cleanup_work);
		return -ENOMEM;
	}

#ifdef CONFIG_DEBUG_KMEMLEAK_AUTO_SCAN
	mutex_lock(&scan_mutex);
	start_scan_thread();
	mutex_unlock(&scan_mutex);
#endif

	pr_info("Kernel memory leak detector initialized (mem pool available: %d)\n",
		mem_pool_free_count);
	return 0;
}
late_initcall(kmemleak_late_init);

/*
 * The layout table, for host-side tools that read guest memory after a
 * workload (tools/oracle.ts): the offsets and sizes of kmemleak's metadata
 * and of the few task and page fields its scan reads, and the addresses of
 * its globals, under one well-known symbol, so the host needs no debug
 * info. Every entry is an unsigned long, in this order; the host checks
 * magic, version and nr. Nothing in the kernel reads it, and it changes
 * nothing about kmemleak's behaviour.
 */
extern struct page *mem_map;
extern unsigned long max_pfn;

struct kmemleak_layout {
	unsigned long magic, version, nr;
	/* struct kmemleak_object */
	unsigned long obj_size, obj_flags, obj_object_list, obj_pointer, obj_size_field,
		      obj_excess_ref, obj_min_count, obj_count, obj_checksum, obj_area_list,
		      obj_trace, obj_trace_len, obj_jiffies, obj_pid, obj_comm, obj_use_count,
		      obj_in_tree;
	/* struct kmemleak_scan_area */
	unsigned long area_node, area_start, area_size;
	/* object flags and constants */
	unsigned long flag_allocated, flag_reported, flag_no_scan, flag_full_scan,
		      max_trace, msecs_min_age, hz, task_comm_len;
	/* struct task_struct (thread.sp is the saved kernel rsp) and the stack */
	unsigned long task_size, task_sp, task_stack, task_pid, task_comm, task_tasks,
		      thread_size;
	/* struct page */
	unsigned long page_size, page_refcount;
	/* addresses */
	unsigned long object_list, mem_pool, mem_pool_bytes, min_addr, max_addr,
		      jiffies_last_scan, jiffies_min_age, jiffies, kmemleak_enabled,
		      kmemleak_initialized, kmemleak_error, kmemleak_stack_scan,
		      task_list_head, current_task, mem_map, max_pfn, sdata, edata,
		      bss_start, bss_stop, init_task, init_thread_union, page_offset;
};

#define KL_OFF(type, field)	((unsigned long)offsetof(struct type, field))
#define KL_ADDR(sym)		((unsigned long)&(sym))

const struct kmemleak_layout kmemleak_layout = {
	.magic = 0x54554f59414c4b4dUL,	/* "MKLAYOUT" */
	.version = 1,
	.nr = sizeof(struct kmemleak_layout) / sizeof(unsigned long),
	.obj_size = sizeof(struct kmemleak_object),
	.obj_flags = KL_OFF(kmemleak_object, flags),
	.obj_object_list = KL_OFF(kmemleak_object, object_list),
	.obj_pointer = KL_OFF(kmemleak_object, pointer),
	.obj_size_field = KL_OFF(kmemleak_object, size),
	.obj_excess_ref = KL_OFF(kmemleak_object, excess_ref),
	.obj_min_count = KL_OFF(kmemleak_object, min_count),
	.obj_count = KL_OFF(kmemleak_object, count),
	.obj_checksum = KL_OFF(kmemleak_object, checksum),
	.obj_area_list = KL_OFF(kmemleak_object, area_list),
	.obj_trace = KL_OFF(kmemleak_object, trace),
	.obj_trace_len = KL_OFF(kmemleak_object, trace_len),
	.obj_jiffies = KL_OFF(kmemleak_object, jiffies),
	.obj_pid = KL_OFF(kmemleak_object, pid),
	.obj_comm = KL_OFF(kmemleak_object, comm),
	.obj_use_count = KL_OFF(kmemleak_object, use_count),
	.obj_in_tree = KL_OFF(kmemleak_object, in_tree),
	.area_node = KL_OFF(kmemleak_scan_area, node),
	.area_start = KL_OFF(kmemleak_scan_area, start),
	.area_size = KL_OFF(kmemleak_scan_area, size),
	.flag_allocated = OBJECT_ALLOCATED,
	.flag_reported = OBJECT_REPORTED,
	.flag_no_scan = OBJECT_NO_SCAN,
	.flag_full_scan = OBJECT_FULL_SCAN,
	.max_trace = MAX_TRACE,
	.msecs_min_age = MSECS_MIN_AGE,
	.hz = HZ,
	.task_comm_len = TASK_COMM_LEN,
	.task_size = sizeof(struct task_struct),
	.task_sp = KL_OFF(task_struct, thread.sp),
	.task_stack = KL_OFF(task_struct, stack),
	.task_pid = KL_OFF(task_struct, pid),
	.task_comm = KL_OFF(task_struct, comm),
	.task_tasks = KL_OFF(task_struct, tasks),
	.thread_size = THREAD_SIZE,
	.page_size = sizeof(struct page),
	.page_refcount = KL_OFF(page, _refcount),
	.object_list = KL_ADDR(object_list),
	.mem_pool = KL_ADDR(mem_pool),
	.mem_pool_bytes = sizeof(mem_pool),
	.min_addr = KL_ADDR(min_addr),
	.max_addr = KL_ADDR(max_addr),
	.jiffies_last_scan = KL_ADDR(jiffies_last_scan),
	.jiffies_min_age = KL_ADDR(jiffies_min_age),
	.jiffies = KL_ADDR(jiffies),
	.kmemleak_enabled = KL_ADDR(kmemleak_enabled),
	.kmemleak_initialized = KL_ADDR(kmemleak_initialized),
	.kmemleak_error = KL_ADDR(kmemleak_error),
	.kmemleak_stack_scan = KL_ADDR(kmemleak_stack_scan),
	.task_list_head = KL_ADDR(task_list_head),
	.current_task = KL_ADDR(current_task),
	.mem_map = KL_ADDR(mem_map),
	.max_pfn = KL_ADDR(max_pfn),
	.sdata = (unsigned long)_sdata,
	.edata = (unsigned long)_edata,
	.bss_start = (unsigned long)__bss_start,
	.bss_stop = (unsigned long)__bss_stop,
	.init_task = KL_ADDR(init_task),
	.init_thread_union = KL_ADDR(init_thread_union),
	.page_offset = PAGE_OFFSET,
};
