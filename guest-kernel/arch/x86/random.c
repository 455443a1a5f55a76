/*
 * random.c: get_random_u64/u32, the kernel's own random numbers (the
 * oops id, the stack protector's canaries). This PC has no RDRAND, so,
 * like the %p hash key (time.c), the seed mixes the TSC at the first call
 * with the RTC's boot time; each number is siphash of a counter under
 * that key. With the virtual clock the sequence is the same on every run,
 * as everything else there. Not for cryptography. Callers: any context
 * (one CPU; interrupts are disabled around the counter).
 */
#include <linux/kernel.h>
#include <linux/siphash.h>
#include <linux/export.h>
#include <asm/irqflags.h>

extern u64 boot_epoch_seconds;
static siphash_key_t random_key;
static u64 random_counter;

static inline u64 rdtsc_now(void)
{
	u32 lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

u64 get_random_u64(void)
{
	unsigned long flags;
	u64 n;

	local_irq_save(flags);
	if (!random_counter) {
		u64 t = rdtsc_now();
		random_key.key[0] = t * 0xd6e8feb86659fd93ULL ^ boot_epoch_seconds;
		random_key.key[1] = (t >> 7) * 0xa0761d6478bd642fULL + boot_epoch_seconds;
	}
	n = ++random_counter;
	local_irq_restore(flags);
	return siphash_1u64(n, &random_key);
}
EXPORT_SYMBOL(get_random_u64);

u32 get_random_u32(void)
{
	return get_random_u64();
}
EXPORT_SYMBOL(get_random_u32);
