/*
 * panic.c: panic, BUG and WARN, with Linux's message shapes. A panic
 * powers the machine off through isa-debug-exit with status 1 (host exit
 * code 3), so a scripted run ends with a clear message instead of hanging.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/export.h>
#include <asm/io.h>
#include <linux/panic.h>
#include <linux/random.h>
#include <linux/module.h>

int oops_in_progress;
int panic_timeout;
int panic_on_oops;	/* "oops=panic": an oops ends in panic("Fatal exception") */
static unsigned long tainted_mask;

/* Linux's table: the letter when set, and when clear ('G' = no proprietary module) */
static const char taint_chars[TAINT_FLAGS_COUNT][2] = {
	{ 'P', 'G' }, { 'F', ' ' }, { 'S', ' ' }, { 'R', ' ' }, { 'M', ' ' }, { 'B', ' ' },
	{ 'U', ' ' }, { 'D', ' ' }, { 'A', ' ' }, { 'W', ' ' }, { 'C', ' ' }, { 'I', ' ' },
	{ 'O', ' ' }, { 'E', ' ' }, { 'L', ' ' }, { 'K', ' ' }, { 'X', ' ' }, { 'T', ' ' },
};

void add_taint(unsigned flag)
{
	tainted_mask |= 1UL << flag;
}
EXPORT_SYMBOL(add_taint);

unsigned long get_taint(void)
{
	return tainted_mask;
}

/* "Not tainted", or "Tainted: " and one column per flag, as print_tainted() */
const char *print_tainted(void)
{
	static char buf[TAINT_FLAGS_COUNT + sizeof("Tainted: ")];
	char *s = buf;
	if (!tainted_mask)
		return "Not tainted";
	s += sprintf(s, "Tainted: ");
	for (int i = 0; i < TAINT_FLAGS_COUNT; i++)
		*s++ = taint_chars[i][(tainted_mask >> i) & 1 ? 0 : 1];
	*s = 0;
	return buf;
}
void machine_power_off_code(int code);

void panic(const char *fmt, ...)
{
	static char buf[1024];
	va_list a;

	local_irq_disable();
	va_start(a, fmt);
	vscnprintf(buf, sizeof(buf), fmt, a);
	va_end(a);
	if (buf[0] && buf[strlen(buf) - 1] == '\n')
		buf[strlen(buf) - 1] = 0;
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	if (!(tainted_mask & (1UL << TAINT_DIE)) && oops_in_progress <= 1)
		dump_stack();	/* an oops has shown it already */
	pr_emerg("Kernel Offset: disabled\n");	/* x86's panic notifier; no KASLR here */
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	machine_power_off_code(1);
	for (;;)
		halt();
}
EXPORT_SYMBOL(panic);

static int __init oops_setup(char *s)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "panic"))
		panic_on_oops = 1;
	return 0;
}
early_param("oops", oops_setup);

static u64 oops_id;

/* "---[ end trace <id> ]---": a random id drawn at the first oops or warning, then counted up */
void print_oops_end_marker(void)
{
	oops_id = oops_id ? oops_id + 1 : get_random_u64();
	pr_warn("---[ end trace %016llx ]---\n", (unsigned long long)oops_id);
}

/*
 * WARN's report in 5.10's order, without the trap's registers (Linux's
 * WARN is a ud2 with a bug-table entry; here it is a call, so the trace
 * comes from dump_stack). The warning function is where __warn returns to.
 */
noinline void __warn(const char *file, int line, const char *fmt, ...)
{
	void *caller = __builtin_return_address(0);

	pr_warn("------------[ cut here ]------------\n");
	if (fmt) {
		va_list a;
		va_start(a, fmt);
		vprintk(fmt, a);
		va_end(a);
	}
	pr_warn("WARNING: CPU: 0 PID: %d at %s:%d %pS\n", current->pid, file, line, caller);
	print_modules();
	dump_stack();
	print_oops_end_marker();
	add_taint(TAINT_WARN);
}
EXPORT_SYMBOL(__warn);

void __bug(const char *file, int line)
{
	printk(KERN_DEFAULT "------------[ cut here ]------------\n");
	pr_crit("kernel BUG at %s:%d!\n", file, line);
	__asm__ __volatile__("ud2");
	for (;;)
		halt();
}
EXPORT_SYMBOL(__bug);

#ifdef CONFIG_STACKPROTECTOR
/* Called by gcc's epilogue check when a function's canary changed. */
__visible void __stack_chk_fail(void)
{
	panic("stack-protector: Kernel stack is corrupted in: %pB", __builtin_return_address(0));
}
EXPORT_SYMBOL(__stack_chk_fail);
#endif

void machine_power_off_code(int code)
{
	outb(code, 0xf4);		/* isa-debug-exit: host exit status (code << 1) | 1 */
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
