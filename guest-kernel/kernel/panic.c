/*
 * panic.c: panic, BUG and WARN, with Linux's message shapes. A panic
 * powers the machine off through isa-debug-exit with status 1 (host exit
 * code 3), so a scripted run ends with a clear message instead of hanging.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/export.h>
#include <asm/io.h>
#include <linux/panic.h>

int oops_in_progress;
int panic_timeout;
int panic_on_oops;
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
	dump_stack();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	machine_power_off_code(1);
	for (;;)
		halt();
}
EXPORT_SYMBOL(panic);

void __warn(const char *file, int line, void *caller, const char *fmt, ...)
{
	pr_warn("------------[ cut here ]------------\n");
	if (fmt) {
		va_list a;
		va_start(a, fmt);
		vprintk(fmt, a);
		va_end(a);
	}
	pr_warn("WARNING: CPU: 0 PID: %d at %s:%d %pS\n", current->pid, file, line, caller);
	dump_stack();
	add_taint(TAINT_WARN);
	pr_warn("---[ end trace 0000000000000000 ]---\n");
}
EXPORT_SYMBOL(__warn);

void __bug(const char *file, int line)
{
	pr_crit("kernel BUG at %s:%d!\n", file, line);
	__asm__ __volatile__("ud2");
	for (;;)
		halt();
}
EXPORT_SYMBOL(__bug);

void machine_power_off_code(int code)
{
	outb(code, 0xf4);		/* isa-debug-exit: host exit status (code << 1) | 1 */
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
