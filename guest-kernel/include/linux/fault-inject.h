/*
 * fault-inject.h: the fault-injection framework (lib/fault_inject.c) and
 * its two users, failslab (mm/failslab.c) and fail_page_alloc
 * (mm/page_alloc.c), as Linux 5.10's Documentation/fault-injection
 * describes them.
 */
#ifndef _LINUX_FAULT_INJECT_H
#define _LINUX_FAULT_INJECT_H
#include <linux/types.h>
#include <linux/gfp.h>

struct dentry;
struct kmem_cache;

#ifdef CONFIG_FAULT_INJECTION
/* One failure type's knobs, each a file under /sys/kernel/debug/<name>/. */
struct fault_attr {
	unsigned long probability;	/* percent of eligible calls that fail */
	unsigned long interval;		/* only every interval-th eligible call */
	atomic_t times;			/* failures left; -1 = no limit */
	atomic_t space;			/* bytes to let through before failing */
	unsigned long verbose;		/* 0 quiet, 1 a line, 2 a line and a stack */
	bool task_filter;		/* only tasks with make-it-fail set */
	unsigned long count;		/* eligible calls seen (for interval) */
	u32 ratelimit_interval_ms;	/* verbose_ratelimit_interval_ms; 0 = no limit */
	u32 ratelimit_burst;		/* verbose_ratelimit_burst */
	unsigned long ratelimit_begin;	/* jiffies: start of the current burst */
	unsigned int ratelimit_printed;
	const char *name;		/* the debugfs directory's name */
};
#define FAULT_ATTR_INITIALIZER(n) { .interval = 1, .times = { 1 }, .verbose = 2, .name = (n) }

int setup_fault_attr(struct fault_attr *attr, char *str);
struct dentry *fault_create_debugfs_attr(const char *name, struct dentry *parent, struct fault_attr *attr);
bool should_fail(struct fault_attr *attr, ssize_t size);
#endif

#ifdef CONFIG_FAILSLAB
bool should_failslab(struct kmem_cache *s, gfp_t gfpflags);
#else
static inline bool should_failslab(struct kmem_cache *s, gfp_t gfpflags) { return false; }
#endif

/* /proc/<pid>/make-it-fail (fs/proc.c) */
struct file;
extern const struct file_operations proc_fault_inject_operations;
#endif
