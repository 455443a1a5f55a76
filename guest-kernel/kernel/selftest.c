/*
 * selftest.c: boot-time self-tests of the kernel core, run as the last
 * late initcall when the command line has `selftest=1`. Each check prints
 * "selftest: <name>: PASS" or "... FAIL (<detail>)"; tests/e2e/selftest
 * boots with the parameter and reads the lines.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/irq_work.h>
#include <linux/timer.h>
#include <linux/delay.h>
#include <linux/stacktrace.h>
#include <linux/kallsyms.h>
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/jiffies.h>

static bool selftest;
static int __init selftest_setup(char *s)
{
	selftest = s && s[0] == '1';
	return 1;
}
__setup("selftest=", selftest_setup);

static void result(const char *name, bool ok, const char *fmt, ...)
{
	char detail[128] = "";
	if (!ok && fmt) {
		va_list a;
		va_start(a, fmt);
		vsnprintf(detail, sizeof(detail), fmt, a);
		va_end(a);
	}
	if (ok)
		pr_info("selftest: %s: PASS\n", name);
	else
		pr_err("selftest: %s: FAIL (%s)\n", name, detail);
}

static noinline const char *cache_of(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL);
	const char *n = p ? virt_to_page(p)->slab_cache->name : "none";
	kfree(p);
	return n;
}

static void test_slab(void)
{
	static const struct { size_t size; const char *cache; } cases[] = {
		{ 8, "kmalloc-8" }, { 9, "kmalloc-16" }, { 96, "kmalloc-96" }, { 129, "kmalloc-192" },
		{ 416, "kmalloc-512" }, { 1520, "kmalloc-2k" }, { 4096, "kmalloc-4k" }, { 8192, "kmalloc-8k" },
	};
	bool ok = true;
	u8 *p;
	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		volatile size_t sz = cases[i].size;	/* the non-constant kmalloc path */
		const char *n = cache_of(sz);
		if (strcmp(n, cases[i].cache)) {
			result("kmalloc size classes", false, "kmalloc(%zu) from %s, not %s", cases[i].size, n, cases[i].cache);
			ok = false;
		}
	}
	if (ok)
		result("kmalloc size classes", true, NULL);
	p = kmalloc(32, GFP_KERNEL);
#ifdef CONFIG_SLUB_DEBUG_ON
	result("slub poison", p && p[0] == 0x6b && p[30] == 0x6b && p[31] == 0xa5, "bytes %02x %02x", p ? p[0] : 0, p ? p[31] : 0);
#endif
	kfree(p);
	p = kzalloc(1520, GFP_KERNEL);
	result("kzalloc zeroes", p && !p[0] && !p[1519] && ksize(p) == 2048, "ksize %zu", ksize(p));
	kfree(p);
	p = kmalloc(20000, GFP_KERNEL);
	result("kmalloc above 8k uses pages", p && !PageSlab(virt_to_page(p)), NULL);
	kfree(p);
}

static void test_vmalloc(void)
{
	char *v = vmalloc(5 * 1024);
	struct vm_struct *area = v ? find_vm_area(v) : NULL;
	result("vmalloc", v && is_vmalloc_addr(v) && area && area->size == 8192 + PAGE_SIZE && area->nr_pages == 2,
	       "area size %lu", area ? area->size : 0);
	if (v) {
		memset(v, 0x5a, 5 * 1024);
		vfree(v);
	}
}

static int irq_ctx_seen;
static void irq_work_probe(struct irq_work *w)
{
	irq_ctx_seen = in_irq() ? 1 : -1;
	if (!irqs_disabled())
		irq_ctx_seen = -2;
}

static void test_irq_work(void)
{
	static struct irq_work w;
	unsigned long end = jiffies + HZ;
	init_irq_work(&w, irq_work_probe);
	irq_work_queue(&w);
	while (!irq_ctx_seen && time_before(jiffies, end))
		schedule_timeout_uninterruptible(1);
	result("irq_work runs in hardirq with interrupts off", irq_ctx_seen == 1, "context %d", irq_ctx_seen);
}

static int timer_fired;
static void timer_probe(struct timer_list *t)
{
	timer_fired = in_serving_softirq() ? 1 : -1;
}

static void test_time(void)
{
	struct timer_list t;
	unsigned long j0 = jiffies;
	u64 t0 = local_clock();
	timer_setup(&t, timer_probe, 0);
	mod_timer(&t, jiffies + 3);
	msleep(100);
	del_timer(&t);
	result("timer runs in softirq", timer_fired == 1, "fired %d", timer_fired);
	result("msleep(100)", jiffies - j0 >= msecs_to_jiffies(100) && local_clock() - t0 >= 100000000ULL,
	       "%lu jiffies, %llu ns", jiffies - j0, local_clock() - t0);
	result("jiffies conversions (HZ=300)", HZ != 300 || (jiffies_to_msecs(3) == 10 && jiffies_to_msecs(1) == 4 &&
	       msecs_to_jiffies(5000) == 1500 && INITIAL_JIFFIES == 4294877296UL), NULL);
}

static struct completion thread_done;
static int thread_fn(void *arg)
{
	int n = 0;
	while (!kthread_should_stop()) {
		n++;
		schedule_timeout_interruptible(1);
	}
	complete(&thread_done);
	return n > 0 ? 42 : -1;
}

static void test_kthread(void)
{
	struct task_struct *t;
	init_completion(&thread_done);
	t = kthread_run(thread_fn, NULL, "selftest/%d", 7);
	if (IS_ERR(t)) {
		result("kthreads", false, "create %ld", PTR_ERR(t));
		return;
	}
	msleep(20);
	result("kthreads", !strcmp(t->comm, "selftest/7") && kthread_stop(t) == 42, "comm %s", t->comm);
}

static int work_ran;
static void work_fn(struct work_struct *w)
{
	work_ran = in_task() ? 1 : -1;
}

static void test_workqueue(void)
{
	static DECLARE_WORK(w, work_fn);
	schedule_work(&w);
	flush_work(&w);
	result("workqueue runs in process context", work_ran == 1, "ran %d", work_ran);
}

static noinline unsigned int traced_callee(unsigned long *trace)
{
	return stack_trace_save(trace, 4, 0);
}

static void test_stacktrace(void)
{
	unsigned long trace[4];
	char a[KSYM_SYMBOL_LEN], b[KSYM_SYMBOL_LEN];
	unsigned int n = traced_callee(trace);
	sprint_symbol_no_offset(a, trace[0]);
	sprint_symbol_no_offset(b, (unsigned long)test_stacktrace);
	result("stack traces resolve symbols", n >= 2 && !strcmp(a, b) && !strcmp(b, "test_stacktrace"), "got %s", a);
}

static int __init kernel_selftest(void)
{
	if (!selftest)
		return 0;
	test_slab();
	test_vmalloc();
	test_irq_work();
	test_time();
	test_kthread();
	test_workqueue();
	test_stacktrace();
	return 0;
}
late_initcall(kernel_selftest);
