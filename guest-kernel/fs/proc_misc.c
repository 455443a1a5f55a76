/*
 * proc_misc.c: /proc/loadavg, uptime, stat, cpuinfo and iomem in Linux
 * 5.10's formats.
 *
 * loadavg: avenrun (kernel/loadavg.c), runnable/total tasks, last pid.
 * uptime: time since boot, and the idle task's accounted ticks as idle.
 * stat: the cpu line from per-task tick accounting (user, system, idle),
 * the IRQ counts, btime, processes (pids handed out), procs_running and
 * procs_blocked.
 * cpuinfo: show_cpuinfo's fields from CPUID run here (vendor, family,
 * model, brand string, feature flags named as x86_cap_flags for the words
 * CPUID leaf 1 and 0x80000001 fill), the TSC frequency and bogomips from
 * it as calibrate_delay derives them.
 * iomem: the e820 map as System RAM / Reserved resources with the kernel
 * image's sections nested inside, as e820__reserve_resources and
 * setup_arch's kernel resources lay them out.
 *
 * Locking: all read-only snapshots taken in the reader's context.
 */
#define pr_fmt(fmt) "proc: " fmt
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include <linux/loadavg.h>
#include <asm/bootparam.h>

extern pid_t last_pid;
extern u64 tsc_khz;
extern u64 boot_epoch_seconds;
extern char _text[], _etext[], __start_rodata[], __end_rodata[], _sdata[], _edata[], __bss_start[], __bss_stop[];
extern struct task_struct init_task;
unsigned long irq_count_total(void);

#define USER_HZ 100

static int loadavg_show(struct seq_file *m, void *v)
{
	unsigned long a[3];
	struct task_struct *t;
	int running = 0, threads = 0;
	calc_global_load(current);
	for (int i = 0; i < 3; i++)
		a[i] = avenrun[i] + FIXED_1 / 200;
	for_each_process(t) {
		if (!t->pid || t->exit_state == EXIT_DEAD)
			continue;
		threads++;
		if (t->state == TASK_RUNNING && !t->exit_state)
			running++;
	}
	seq_printf(m, "%lu.%02lu %lu.%02lu %lu.%02lu %d/%d %d\n", LOAD_INT(a[0]), LOAD_FRAC(a[0]), LOAD_INT(a[1]),
		   LOAD_FRAC(a[1]), LOAD_INT(a[2]), LOAD_FRAC(a[2]), running, threads, last_pid);
	return 0;
}

static u64 idle_ns(void)
{
	return (u64)(init_task.utime + init_task.stime) * (1000000000 / HZ);
}

static int uptime_show(struct seq_file *m, void *v)
{
	u64 up = local_clock(), idle = idle_ns();
	seq_printf(m, "%llu.%02llu %llu.%02llu\n", up / 1000000000, up / 10000000 % 100, idle / 1000000000,
		   idle / 10000000 % 100);
	return 0;
}

static int stat_show(struct seq_file *m, void *v)
{
	struct task_struct *t;
	unsigned long user = 0, sys = 0, idle = (init_task.utime + init_task.stime) * USER_HZ / HZ;
	int running = 0, blocked = 0;
	for_each_process(t) {
		if (!t->pid)
			continue;
		user += t->utime * USER_HZ / HZ;
		sys += t->stime * USER_HZ / HZ;
		if (t->exit_state)
			continue;
		if (t->state == TASK_RUNNING)
			running++;
		else if ((t->state & TASK_UNINTERRUPTIBLE) && !(t->state & TASK_NOLOAD))
			blocked++;
	}
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	for (int cpu = -1; cpu < 1; cpu++) {
		if (cpu < 0)
			seq_puts(m, "cpu ");
		else
			seq_printf(m, "cpu%d", cpu);
		seq_printf(m, " %lu 0 %lu %lu 0 0 0 0 0 0\n", user, sys, idle);
	}
	seq_printf(m, "intr %lu\nctxt 0\nbtime %llu\nprocesses %d\nprocs_running %d\nprocs_blocked %d\nsoftirq 0\n",
		   irq_count_total(), boot_epoch_seconds, last_pid, running, blocked);
	return 0;
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/* x86_cap_flags names for the capability words filled from CPUID (NULL: not shown). */
static const char *const word0[32] = {	/* CPUID 1 EDX */
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep", "mtrr", "pge", "mca", "cmov",
	"pat", "pse36", "pn", "clflush", NULL, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static const char *const word1[32] = {	/* CPUID 0x80000001 EDX (the bits shared with word 0 unnamed) */
	[11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext", [25] = "fxsr_opt", [26] = "pdpe1gb",
	[27] = "rdtscp", [29] = "lm", [30] = "3dnowext", [31] = "3dnow",
};
static const char *const word4[32] = {	/* CPUID 1 ECX */
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3", "cid", "sdbg",
	"fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
	"tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c", "rdrand", "hypervisor",
};
static const char *const word6[32] = {	/* CPUID 0x80000001 ECX */
	"lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a", "misalignsse", "3dnowprefetch",
	"osvw", "ibs", "xop", "skinit", "wdt", NULL, "lwp", "fma4", "tce", NULL, "nodeid_msr", NULL, "tbm",
	"topoext", "perfctr_core", "perfctr_nb", NULL, "bpext", "ptsc", "perfctr_llc", "mwaitx",
};

static void show_flags(struct seq_file *m, const char *const *names, u32 bits)
{
	for (int i = 0; i < 32; i++)
		if ((bits >> i) & 1 && names[i])
			seq_printf(m, " %s", names[i]);
}

/* arch/x86/kernel/cpu/proc.c show_cpuinfo for CPU 0 */
static int cpuinfo_show(struct seq_file *m, void *v)
{
	u32 a, b, c, d, max, ext_max, sig, l1b, e1c = 0, e1d = 0, l1c, l1d, phys = 36, virt = 48;
	char vendor[13], brand[49] = "";
	unsigned int family, model, stepping;
	unsigned long lpj = tsc_khz * 1000 / HZ;

	cpuid(0, &max, &b, &c, &d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = 0;
	cpuid(1, &sig, &l1b, &l1c, &l1d);
	family = (sig >> 8) & 0xf;
	model = (sig >> 4) & 0xf;
	stepping = sig & 0xf;
	if (family == 0xf)
		family += (sig >> 20) & 0xff;
	if (family >= 6)
		model += ((sig >> 16) & 0xf) << 4;
	cpuid(0x80000000, &ext_max, &b, &c, &d);
	if (ext_max >= 0x80000001)
		cpuid(0x80000001, &a, &b, &e1c, &e1d);
	if (ext_max >= 0x80000004) {
		u32 *w = (u32 *)brand;
		for (u32 i = 0; i < 3; i++)
			cpuid(0x80000002 + i, &w[4 * i], &w[4 * i + 1], &w[4 * i + 2], &w[4 * i + 3]);
		brand[48] = 0;
	}
	if (ext_max >= 0x80000008) {
		cpuid(0x80000008, &a, &b, &c, &d);
		phys = a & 0xff;
		virt = (a >> 8) & 0xff;
	}
	seq_printf(m, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\nmodel name\t: %s\n",
		   vendor, family, model, brand[0] ? strim(brand) : "unknown");
	seq_printf(m, "stepping\t: %u\n", stepping);
	seq_printf(m, "cpu MHz\t\t: %llu.%03llu\n", tsc_khz / 1000, tsc_khz % 1000);
	seq_printf(m, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\napicid\t\t: 0\ninitial apicid\t: 0\n");
	seq_printf(m, "fpu\t\t: %s\nfpu_exception\t: %s\ncpuid level\t: %u\nwp\t\t: yes\n",
		   l1d & 1 ? "yes" : "no", l1d & 1 ? "yes" : "no", max);
	seq_puts(m, "flags\t\t:");
	show_flags(m, word0, l1d);
	show_flags(m, word1, e1d);
	show_flags(m, word4, l1c & ~(1U << 27));
	show_flags(m, word6, e1c);
	seq_puts(m, "\nbugs\t\t:\n");
	seq_printf(m, "bogomips\t: %lu.%02lu\n", lpj / (500000 / HZ), (lpj / (5000 / HZ)) % 100);
	/* CPUID 1 EBX[15:8]: the CLFLUSH line in 8-byte units */
	seq_printf(m, "clflush size\t: %u\ncache_alignment\t: %u\n", ((l1b >> 8) & 0xff) * 8, ((l1b >> 8) & 0xff) * 8);
	seq_printf(m, "address sizes\t: %u bits physical, %u bits virtual\npower management:\n\n", phys, virt);
	return 0;
}

static void iomem_line(struct seq_file *m, int depth, u64 start, u64 end, const char *name)
{
	seq_printf(m, "%*s%08llx-%08llx : %s\n", depth * 2, "", start, end, name);
}

static int iomem_show(struct seq_file *m, void *v)
{
	const struct { const char *name; char *start, *end; } kernel[] = {
		{ "Kernel code", _text, _etext }, { "Kernel rodata", __start_rodata, __end_rodata },
		{ "Kernel data", _sdata, _edata }, { "Kernel bss", __bss_start, __bss_stop },
	};
	for (int i = 0; i < e820_nr; i++) {
		u64 start = e820_table[i].addr, end = start + e820_table[i].size - 1;
		bool ram = e820_table[i].type == E820_TYPE_RAM;
		/* trim_bios_range: the first page is never System RAM */
		if (ram && start == 0) {
			iomem_line(m, 0, 0, 0xfff, "Reserved");
			start = 0x1000;
		}
		iomem_line(m, 0, start, end, ram ? "System RAM" : "Reserved");
		if (!ram && start == 0xf0000)
			iomem_line(m, 1, start, end, "System ROM");
		for (unsigned int k = 0; ram && k < ARRAY_SIZE(kernel); k++) {
			u64 ks = __pa(kernel[k].start), ke = __pa(kernel[k].end);
			if (ke > ks && ks >= start && ke - 1 <= end)
				iomem_line(m, 1, ks, ke - 1, kernel[k].name);
		}
	}
	return 0;
}

static int __init proc_misc_init(void)
{
	proc_create_single("loadavg", 0444, NULL, loadavg_show);
	proc_create_single("uptime", 0444, NULL, uptime_show);
	proc_create_single("stat", 0444, NULL, stat_show);
	proc_create_single("cpuinfo", 0444, NULL, cpuinfo_show);
	proc_create_single("iomem", 0444, NULL, iomem_show);
	return 0;
}
device_initcall(proc_misc_init);
