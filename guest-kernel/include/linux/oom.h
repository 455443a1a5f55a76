/* oom.h: the OOM killer (mm/oom_kill.c) and what it needs from the allocator and user mm. */
#ifndef _LINUX_OOM_H
#define _LINUX_OOM_H
#include <linux/types.h>
#include <linux/gfp.h>
#define OOM_SCORE_ADJ_MIN	(-1000)
#define OOM_SCORE_ADJ_MAX	1000
#define PAGE_ALLOC_COSTLY_ORDER	3
#define MAX_ORDER		11
struct task_struct;
struct mm_struct;
struct file_operations;
bool out_of_memory(gfp_t gfp, unsigned int order);
long oom_badness(struct task_struct *p, unsigned long totalpages);
/* %pGg's text for a gfp mask, and show_mem()'s Mem-Info block (warn_alloc prints both) */
char *gfp_names(gfp_t gfp, char *buf, size_t n);
void show_mem(void);
/* page_alloc.c: an allocation failed; the warning, stack and Mem-Info, rate limited, unless __GFP_NOWARN */
__attribute__((format(printf, 2, 3))) void warn_alloc(gfp_t gfp, const char *fmt, ...);
extern const struct file_operations proc_oom_score_fops, proc_oom_score_adj_fops;
/* page_alloc.c: zone z's name, free blocks per order, present and managed pages (NULL past the last zone) */
/* mm_user.c */
unsigned long mm_pgtables_bytes(struct mm_struct *mm);
void walk_user_tables(unsigned long *pgd, void (*fn)(unsigned long pa, int level, void *arg), void *arg);
unsigned long oom_reap_mm(struct mm_struct *mm);
#endif
