/*
 * percpu.h: per-CPU data on a uniprocessor. As in Linux !SMP, static
 * per-CPU variables are plain .data variables, and dynamic ones come from
 * kzalloc (kmemleak sees them as never-reported objects, like 5.10's
 * kmemleak_alloc_percpu with min_count 0).
 */
#ifndef _LINUX_PERCPU_H
#define _LINUX_PERCPU_H
#include <linux/types.h>
#include <linux/gfp.h>
#define DEFINE_PER_CPU(type, name) __section(".data") __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name
#define DEFINE_PER_CPU_SHARED_ALIGNED DEFINE_PER_CPU
#define EXPORT_PER_CPU_SYMBOL(v) EXPORT_SYMBOL(v)
#define EXPORT_PER_CPU_SYMBOL_GPL(v) EXPORT_SYMBOL_GPL(v)
#define per_cpu_ptr(p, cpu) ((void)(cpu), (p))
#define per_cpu(v, cpu) (*per_cpu_ptr(&(v), cpu))
#define this_cpu_ptr(p) (p)
#define raw_cpu_ptr(p) (p)
#define get_cpu_ptr(p) (p)
#define put_cpu_ptr(p) do { } while (0)
#define get_cpu_var(v) (v)
#define put_cpu_var(v) do { } while (0)
#define this_cpu_read(v) (v)
#define this_cpu_write(v, x) ((v) = (x))
#define this_cpu_inc(v) ((v)++)
#define this_cpu_dec(v) ((v)--)
#define this_cpu_add(v, x) ((v) += (x))
#define __this_cpu_read this_cpu_read
#define __this_cpu_write this_cpu_write
#define __this_cpu_inc this_cpu_inc
#define for_each_possible_cpu(c) for ((c) = 0; (c) < 1; (c)++)
#define for_each_online_cpu(c) for_each_possible_cpu(c)
#define nr_cpu_ids 1
void *__alloc_percpu(size_t size, size_t align);
void *__alloc_percpu_gfp(size_t size, size_t align, gfp_t gfp);
#define alloc_percpu(type) ((__typeof__(type) *)__alloc_percpu(sizeof(type), __alignof__(type)))
#define alloc_percpu_gfp(type, g) ((__typeof__(type) *)__alloc_percpu_gfp(sizeof(type), __alignof__(type), g))
void free_percpu(void *p);
#endif
