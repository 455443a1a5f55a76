/* irqflags.h: interrupt flag control (RFLAGS.IF). */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H
static inline unsigned long native_save_fl(void)
{ unsigned long f; __asm__ __volatile__("pushfq; popq %0" : "=rm"(f) :: "memory"); return f; }
static inline void local_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }
static inline void local_irq_enable(void) { __asm__ __volatile__("sti" ::: "memory"); }
static inline void safe_halt(void) { __asm__ __volatile__("sti; hlt" ::: "memory"); }
static inline void halt(void) { __asm__ __volatile__("hlt" ::: "memory"); }
#define local_irq_save(f) do { (f) = native_save_fl(); local_irq_disable(); } while (0)
#define local_irq_restore(f) do { if ((f) & 0x200) local_irq_enable(); else local_irq_disable(); } while (0)
#define irqs_disabled() (!(native_save_fl() & 0x200))
#define irqs_disabled_flags(f) (!((f) & 0x200))
#endif
