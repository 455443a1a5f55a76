/* stacktrace.h: frame-pointer stack traces (arch/x86/stacktrace.c). */
#ifndef _LINUX_STACKTRACE_H
#define _LINUX_STACKTRACE_H
#include <linux/types.h>
unsigned int stack_trace_save(unsigned long *store, unsigned int size, unsigned int skipnr);
void stack_trace_print(const unsigned long *trace, unsigned int nr, int spaces);
unsigned int filter_irq_stacks(unsigned long *entries, unsigned int nr_entries);
int stack_trace_snprint(char *buf, size_t size, const unsigned long *entries, unsigned int nr, int spaces);
#endif
