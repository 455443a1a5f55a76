#include <linux/preempt.h>
void irq_enter(void);
void irq_exit(void);
