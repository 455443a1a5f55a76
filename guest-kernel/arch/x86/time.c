/*
 * time.c: the 8254 PIT as the periodic tick (IRQ0 at HZ) and the TSC as
 * the clock behind printk timestamps and local_clock().
 *
 * tsc_init takes the TSC frequency from CPUID leaf 0x15 when the CPU
 * reports it (kmemlab's does: 1 GHz), as Linux's native_calibrate_tsc,
 * else calibrates it against PIT channel 2 (gated by port 0x61, mode 0,
 * ~10 ms), as Linux's pit_calibrate_tsc does (QEMU's CPU). Before that
 * local_clock() returns 0, which is why the first lines read [0.000000].
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/jiffies.h>
#include <asm/io.h>
#include <linux/siphash.h>

#define PIT_TICK_RATE 1193182UL
#define LATCH ((PIT_TICK_RATE + HZ / 2) / HZ)

u64 jiffies_64 __aligned(8) = INITIAL_JIFFIES;
static u64 tsc_at_boot;
u64 tsc_khz;	/* /proc/cpuinfo reads it too */
static bool tsc_ready;
void tick_handle_periodic(void);

static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

/* Called first thing at boot: timestamps count from here. */
void __init tsc_early_mark(void)
{
	tsc_at_boot = rdtsc();
}

u64 get_jiffies_64(void)
{
	return jiffies_64;
}

/* ns since boot; mult/shift-free: tsc_khz divides exactly enough for us */
noinline u64 sched_clock(void)
{
	u64 d;
	if (!tsc_ready)
		return 0;
	d = rdtsc() - tsc_at_boot;
	return d / tsc_khz * 1000000 + (d % tsc_khz) * 1000000 / tsc_khz;
}

u64 local_clock(void)
{
	return sched_clock();
}

static irqreturn_t timer_interrupt(int irq, void *dev)
{
	tick_handle_periodic();
	return IRQ_HANDLED;
}

void __init time_init(void)
{
	outb(0x34, 0x43);		/* channel 0, lo/hi, mode 2 */
	outb(LATCH & 0xff, 0x40);
	outb(LATCH >> 8, 0x40);
	request_irq(0, timer_interrupt, 0, "timer", NULL);
}

static unsigned int cmos_read(int reg)
{
	outb(reg, 0x70);
	return inb(0x71);
}

static unsigned int bcd(unsigned int v, bool binary)
{
	return binary ? v : (v & 15) + (v >> 4) * 10;
}

/* Seconds since 1970 from the CMOS clock (days-from-civil algorithm). */
static u64 __init read_rtc(void)
{
	bool bin = cmos_read(0x0b) & 4;
	unsigned int s = bcd(cmos_read(0), bin), mi = bcd(cmos_read(2), bin), h = bcd(cmos_read(4), bin);
	unsigned int d = bcd(cmos_read(7), bin), mo = bcd(cmos_read(8), bin), y = bcd(cmos_read(9), bin) + 2000;
	long yy = mo <= 2 ? y - 1 : y, era = yy / 400, yoe = yy - era * 400;
	long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long days = era * 146097 + doe - 719468;
	return days * 86400ULL + h * 3600 + mi * 60 + s;
}

u64 boot_epoch_seconds;

/* Wall-clock seconds: the RTC's time at boot plus the time since. */
time64_t ktime_get_real_seconds(void)
{
	return boot_epoch_seconds ? boot_epoch_seconds + local_clock() / 1000000000 : 0;
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/*
 * The TSC frequency the CPU reports in CPUID leaf 0x15 (crystal clock and
 * TSC/crystal ratio), as Linux's native_calibrate_tsc reads it; 0 when the
 * CPU does not say (QEMU's default CPU), and the PIT measures it instead.
 */
static u64 __init cpuid_tsc_khz(void)
{
	u32 a, b, c, d;

	cpuid(0, &a, &b, &c, &d);
	if (a < 0x15)
		return 0;
	cpuid(0x15, &a, &b, &c, &d);
	if (!a || !b || !c)
		return 0;
	return (u64)(c / 1000) * b / a;
}

/* TSC kHz measured over ~10 ms of PIT channel 2 (mode 0, gated by port 0x61), as pit_calibrate_tsc */
static u64 __init pit_calibrate_tsc(void)
{
	u64 t1, t2, khz;
	unsigned long loops = 0;
	const unsigned long ms = 10, count = PIT_TICK_RATE * ms / 1000;

	outb((inb(0x61) & ~0x02) | 0x01, 0x61);	/* gate high, speaker off */
	outb(0xb0, 0x43);			/* channel 2, lo/hi, mode 0 */
	outb(count & 0xff, 0x42);
	outb(count >> 8, 0x42);
	t1 = rdtsc();
	while (!(inb(0x61) & 0x20) && ++loops < 100000000)
		;
	t2 = rdtsc();
	khz = (t2 - t1) / ms;
	return khz ? khz : 1000000;
}

void __init tsc_init(void)
{
	u64 t1 = rdtsc(), t2;

	tsc_khz = cpuid_tsc_khz();
	if (!tsc_khz)
		tsc_khz = pit_calibrate_tsc();
	t2 = rdtsc();
	pr_info("tsc: Detected %llu.%03llu MHz processor\n", tsc_khz / 1000, tsc_khz % 1000);
	tsc_ready = true;
	boot_epoch_seconds = read_rtc() - local_clock() / 1000000000;
	/* %p's key: this machine has no RDRAND, so mix the TSC and the RTC */
	init_ptr_hash_key(t2 * 0x9e3779b97f4a7c15ULL ^ boot_epoch_seconds, (t2 - t1) * 0xc2b2ae3d27d4eb4fULL + boot_epoch_seconds);
}
