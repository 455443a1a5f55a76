/*
 * spinlock.h: spinlocks on a uniprocessor. The kernel is not preemptible
 * (CONFIG_PREEMPT_NONE), so a lock only has to keep interrupt handlers out
 * when the _irq/_irqsave forms are used; `locked` catches self-deadlock.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/preempt.h>
#include <asm/irqflags.h>
typedef struct { volatile int locked; } spinlock_t;
typedef spinlock_t raw_spinlock_t;
typedef struct { volatile int cnt; } rwlock_t;
#define __SPIN_LOCK_UNLOCKED(n) { 0 }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)
#define DEFINE_RAW_SPINLOCK DEFINE_SPINLOCK
#define DEFINE_RWLOCK(n) rwlock_t n = { 0 }
static inline void spin_lock_init(spinlock_t *l) { l->locked = 0; }
static inline void spin_lock(spinlock_t *l) { preempt_disable(); l->locked = 1; }
static inline void spin_unlock(spinlock_t *l) { l->locked = 0; preempt_enable(); }
static inline int spin_trylock(spinlock_t *l) { if (l->locked) return 0; spin_lock(l); return 1; }
static inline void spin_lock_irq(spinlock_t *l) { local_irq_disable(); spin_lock(l); }
static inline void spin_unlock_irq(spinlock_t *l) { spin_unlock(l); local_irq_enable(); }
static inline void spin_lock_bh(spinlock_t *l) { spin_lock_irq(l); }
static inline void spin_unlock_bh(spinlock_t *l) { spin_unlock_irq(l); }
#define spin_lock_irqsave(l, f) do { local_irq_save(f); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f) do { spin_unlock(l); local_irq_restore(f); } while (0)
#define spin_lock_nested(l, s) spin_lock(l)
#define raw_spin_lock_irqsave spin_lock_irqsave
#define raw_spin_unlock_irqrestore spin_unlock_irqrestore
#define raw_spin_lock spin_lock
#define raw_spin_unlock spin_unlock
#define raw_spin_lock_init spin_lock_init
#define read_lock_irqsave(l, f) local_irq_save(f)
#define read_unlock_irqrestore(l, f) local_irq_restore(f)
#define write_lock_irqsave(l, f) local_irq_save(f)
#define write_unlock_irqrestore(l, f) local_irq_restore(f)
#define assert_spin_locked(l) ((void)0)
#define lockdep_assert_held(l) ((void)0)
#endif
