/*
 * oom_kill.c: the OOM killer, choosing and reporting as Linux 5.10 does.
 *
 * alloc_pages calls out_of_memory() when an allocation that may reclaim
 * (GFP_KERNEL, GFP_HIGHUSER_MOVABLE for user pages) of at most
 * PAGE_ALLOC_COSTLY_ORDER finds nothing free. There is no reclaim and no
 * swap here, so memory only comes back by killing: every user task but
 * init is scored by oom_badness (resident pages plus page tables, plus
 * oom_score_adj thousandths of RAM), the highest one gets SIGKILL and its
 * pages are unmapped at once, which is the oom_reaper's work on Linux
 * (done here synchronously: a non-preemptible allocator cannot wait for a
 * thread), and the allocation is retried. The report is Linux's:
 * dump_header (the "invoked oom-killer" line, the stack, show_mem's
 * Mem-Info, the task table), the oom-kill summary, "Out of memory:
 * Killed process", and the reaper's line. Figures the kernel does not
 * keep (page cache, swap, watermarks, migrate types) are printed as the
 * zero or empty value they have here. With nothing killable left the
 * kernel panics, "System is deadlocked on memory".
 *
 * /proc/<pid>/oom_score (the badness scaled to 0..2000, times 2/3 as 5.10
 * shows it) and oom_score_adj (-1000..1000, inherited by children) are
 * here too.
 *
 * Locking: one CPU, no kernel preemption, but the report may sleep on the
 * console: oom_owner (oom_lock) is the task inside out_of_memory; another
 * allocator that finds it taken sleeps a tick and retries, as Linux's
 * __alloc_pages_may_oom does when mutex_trylock(&oom_lock) fails, and the
 * owner's own allocations do not re-enter.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/oom.h>
#include <linux/mmzone.h>
#include <linux/vmstat.h>
#include <linux/vfs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#define K(x) ((x) << (PAGE_SHIFT - 10))
#define NR_ZONES_MAX 4
static struct task_struct *oom_owner;

/* oom_unkillable_task: init and kernel threads are never chosen */
static bool oom_unkillable_task(struct task_struct *p)
{
	return p->pid == 1 || (p->flags & PF_KTHREAD);
}

long oom_badness(struct task_struct *p, unsigned long totalpages)
{
	long points, adj = p->oom_score_adj;
	if (oom_unkillable_task(p) || !p->mm || p->exit_state || adj == OOM_SCORE_ADJ_MIN)
		return LONG_MIN;
	points = p->mm->anon_rss + mm_pgtables_bytes(p->mm) / PAGE_SIZE;
	return points + adj * (long)(totalpages / 1000);
}

/* %pGg: the composite names first, then single flags, the rest in hex */
char *gfp_names(gfp_t gfp, char *buf, size_t n)
{
	static const struct { gfp_t mask; const char *name; } names[] = {
		{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" }, { GFP_HIGHUSER, "GFP_HIGHUSER" },
		{ GFP_USER, "GFP_USER" }, { GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
		{ GFP_KERNEL, "GFP_KERNEL" }, { GFP_NOFS, "GFP_NOFS" }, { GFP_ATOMIC, "GFP_ATOMIC" },
		{ GFP_NOIO, "GFP_NOIO" }, { GFP_NOWAIT, "GFP_NOWAIT" }, { GFP_DMA, "GFP_DMA" },
		{ __GFP_HIGHMEM, "__GFP_HIGHMEM" }, { __GFP_DMA32, "GFP_DMA32" }, { __GFP_HIGH, "__GFP_HIGH" },
		{ __GFP_ATOMIC, "__GFP_ATOMIC" }, { __GFP_IO, "__GFP_IO" }, { __GFP_FS, "__GFP_FS" },
		{ __GFP_NOWARN, "__GFP_NOWARN" }, { __GFP_NOFAIL, "__GFP_NOFAIL" }, { __GFP_NORETRY, "__GFP_NORETRY" },
		{ __GFP_COMP, "__GFP_COMP" }, { __GFP_ZERO, "__GFP_ZERO" }, { __GFP_HARDWALL, "__GFP_HARDWALL" },
		{ __GFP_MOVABLE, "__GFP_MOVABLE" }, { __GFP_ACCOUNT, "__GFP_ACCOUNT" },
		{ __GFP_RECLAIM, "__GFP_RECLAIM" }, { __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
		{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	};
	size_t len = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(names) && gfp; i++) {
		if ((gfp & names[i].mask) != names[i].mask)
			continue;
		gfp &= ~names[i].mask;
		len += scnprintf(buf + len, n - len, "%s%s", len ? "|" : "", names[i].name);
	}
	if (gfp)
		scnprintf(buf + len, n - len, "%s%#x", len ? "|" : "", gfp);
	return buf;
}

/* Whether p is the first task in the list with its mm (an mm is counted once). */
static bool first_user_of_mm(struct task_struct *p)
{
	struct task_struct *q;
	for_each_process(q) {
		if (q == p)
			return true;
		if (q->mm == p->mm)
			return false;
	}
	return true;
}

struct mem_counts {
	unsigned long anon[NR_ZONES_MAX], pgtables[NR_ZONES_MAX];	/* pages, per zone */
	unsigned long slab, stacks;					/* pages, kB */
};

/* One user page or page-table page, counted in its zone. */
static void count_page(unsigned long pa, int level, void *arg)
{
	struct mem_counts *c = arg;
	int zone = (pa >> PAGE_SHIFT) < (16UL << (20 - PAGE_SHIFT)) ? 0 : 1;	/* ZONE_DMA: the first 16 MiB */
	if (level)
		c->pgtables[zone]++;
	else
		c->anon[zone]++;
}

/* Attributes every user page and page table to its zone; counts slab pages and task stacks. */
static void count_user_pages(struct mem_counts *c)
{
	struct task_struct *p;
	for_each_process(p) {
		c->stacks += THREAD_SIZE >> 10;
		if (p->mm && !(p->flags & PF_KTHREAD) && first_user_of_mm(p))
			walk_user_tables(p->mm->pgd, count_page, c);
	}
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++)
		c->slab += PageSlab(pfn_to_page(pfn));
}

/* show_mem(): Mem-Info, as show_free_areas and show_swap_cache_info print it */
void show_mem(void)
{
	struct mem_counts c = { { 0 } };
	unsigned long anon = 0, pgtables = 0, total = 0, reserved = 0;
	struct zone_info zi, other;
	int z;

	count_user_pages(&c);
	for (z = 0; z < NR_ZONES_MAX; z++) {
		anon += c.anon[z];
		pgtables += c.pgtables[z];
	}
	pr_info("Mem-Info:\n");
	pr_info("active_anon:%lu inactive_anon:0 isolated_anon:0\n"
		" active_file:0 inactive_file:0 isolated_file:0\n"
		" unevictable:0 dirty:0 writeback:0\n"
		" slab_reclaimable:0 slab_unreclaimable:%lu\n"
		" mapped:0 shmem:0 pagetables:%lu bounce:0\n"
		" free:%lu free_pcp:0 free_cma:0\n", anon, c.slab, pgtables, nr_free_pages());
	pr_info("Node 0 active_anon:%lukB inactive_anon:0kB active_file:0kB inactive_file:0kB unevictable:0kB "
		"isolated(anon):0kB isolated(file):0kB mapped:0kB dirty:0kB writeback:0kB shmem:0kB "
		"writeback_tmp:0kB kernel_stack:%lukB all_unreclaimable? no\n", K(anon), c.stacks);
	for (z = 0; zone_info(z, &zi) == 0; z++) {
		unsigned long free = 0;
		for (int o = 0; o < MAX_ORDER; o++)
			free += zi.nr_free[o] << o;
		pr_info("Node 0 %s free:%lukB min:0kB low:0kB high:0kB reserved_highatomic:0KB active_anon:%lukB "
			"inactive_anon:0kB active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB "
			"present:%lukB managed:%lukB mlocked:0kB pagetables:%lukB bounce:0kB free_pcp:0kB "
			"local_pcp:0kB free_cma:0kB\n", zi.name, K(free), K(c.anon[z]), K(zi.present), K(zi.managed),
			K(c.pgtables[z]));
		printk(KERN_INFO "lowmem_reserve[]:");
		for (int i = 0; zone_info(i, &other) == 0; i++)
			printk(KERN_CONT " 0");
		printk(KERN_CONT "\n");
		total += zi.present;
		reserved += zi.present - zi.managed;
	}
	for (z = 0; zone_info(z, &zi) == 0; z++) {
		unsigned long free = 0;
		printk(KERN_INFO "Node 0 %s: ", zi.name);
		for (int o = 0; o < MAX_ORDER; o++) {
			printk(KERN_CONT "%lu*%lukB ", zi.nr_free[o], K(1UL) << o);
			free += zi.nr_free[o] << o;
		}
		printk(KERN_CONT "= %lukB\n", K(free));
	}
	pr_info("0 total pagecache pages\n");
	pr_info("0 pages in swap cache\n");
	pr_info("Swap cache stats: add 0, delete 0, find 0/0\n");
	pr_info("Free swap  = 0kB\n");
	pr_info("Total swap = 0kB\n");
	pr_info("%lu pages RAM\n", total);
	pr_info("0 pages HighMem/MovableOnly\n");
	pr_info("%lu pages reserved\n", reserved);
}

static void dump_tasks(void)
{
	struct task_struct *p;
	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n");
	for_each_process(p) {
		if (oom_unkillable_task(p) || !p->mm)
			continue;
		pr_info("[%7d] %5d %5d %8lu %8lu %8ld %8lu         %5hd %s\n", p->pid, 0, p->tgid, p->mm->total_vm,
			p->mm->anon_rss, mm_pgtables_bytes(p->mm), 0UL, p->oom_score_adj, p->comm);
	}
}

static noinline void dump_header(gfp_t gfp, unsigned int order, struct task_struct *victim)
{
	char names[160];
	pr_warn("%s invoked oom-killer: gfp_mask=%#x(%s), order=%u, oom_score_adj=%hd\n", current->comm, gfp,
		gfp_names(gfp, names, sizeof(names)), order, current->oom_score_adj);
	dump_stack();
	show_mem();
	dump_tasks();
	if (victim)
		pr_info("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
			"task_memcg=/,task=%s,pid=%d,uid=0\n", victim->comm, victim->pid);
}

static noinline void oom_kill_process(gfp_t gfp, unsigned int order, struct task_struct *victim)
{
	struct mm_struct *mm = victim->mm;
	/* the reaper yields: the victim may exit and be reaped (task and mm freed) before its line */
	char comm[TASK_COMM_LEN];
	pid_t pid = victim->pid;
	unsigned long left;

	strscpy(comm, victim->comm, sizeof(comm));
	dump_header(gfp, order, victim);
	send_sig(SIGKILL, victim, 1);
	count_vm_event(OOM_KILL);
	pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:0kB, shmem-rss:0kB, "
	       "UID:0 pgtables:%lukB oom_score_adj:%hd\n", victim->pid, victim->comm, K(mm->total_vm),
	       K(mm->anon_rss), mm_pgtables_bytes(mm) >> 10, victim->oom_score_adj);
	left = oom_reap_mm(mm);
	pr_info("oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:0kB, shmem-rss:0kB\n",
		pid, comm, K(left));
}

/*
 * Kills the worst task; true when memory was given back and the
 * allocation should be retried (not when the victim is current: its
 * allocation fails and it dies on its way out of the kernel).
 */
bool out_of_memory(gfp_t gfp, unsigned int order)
{
	unsigned long totalpages = totalram_pages();
	struct task_struct *p, *chosen = NULL;
	long chosen_points = LONG_MIN;

	if (oom_owner) {
		if (oom_owner == current || irqs_disabled() || in_atomic())
			return false;
		schedule_timeout_uninterruptible(1);
		return true;
	}
	if (fatal_signal_pending(current))
		return false;
	oom_owner = current;
	for_each_process(p) {
		long points = oom_badness(p, totalpages);
		if (points == LONG_MIN)
			continue;
		if (points >= chosen_points) {
			chosen = p;
			chosen_points = points;
		}
	}
	if (!chosen) {
		dump_header(gfp, order, NULL);
		pr_warn("Out of memory and no killable processes...\n");
		panic("System is deadlocked on memory\n");
	}
	/* as task_will_free_mem: a task already dying is only reaped, without a report */
	if (fatal_signal_pending(chosen))
		oom_reap_mm(chosen->mm);
	else
		oom_kill_process(gfp, order, chosen);
	oom_owner = NULL;
	return chosen != current;
}

/* ---- /proc/<pid>/oom_score, oom_score_adj ---- */

static struct task_struct *oom_proc_task(struct file *f)
{
	return find_task_by_pid((long)f->f_inode->i_private);
}

static int oom_score_show(struct seq_file *m, void *v)
{
	unsigned long totalpages = totalram_pages();
	struct task_struct *t = oom_proc_task(m->file);
	long badness;
	if (!t)
		return -ESRCH;
	badness = oom_badness(t, totalpages);
	/* proc_oom_score: OOM_SCORE_ADJ_MIN is 0, the rest scaled into [0, 2000], shown times 2/3 */
	seq_printf(m, "%lu\n", badness == LONG_MIN ? 0UL : (unsigned long)((1000 + badness * 1000 / (long)totalpages) * 2 / 3));
	return 0;
}

static int oom_score_adj_show(struct seq_file *m, void *v)
{
	struct task_struct *t = oom_proc_task(m->file);
	if (!t)
		return -ESRCH;
	seq_printf(m, "%d\n", t->oom_score_adj);
	return 0;
}

static int oom_score_open(struct inode *inode, struct file *file)
{
	return single_open(file, oom_score_show, NULL);
}

static int oom_score_adj_open(struct inode *inode, struct file *file)
{
	return single_open(file, oom_score_adj_show, NULL);
}

/* oom_score_adj_write: a decimal in -1000..1000 (EINVAL otherwise) */
static ssize_t oom_score_adj_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	struct task_struct *t = oom_proc_task(file);
	char tmp[24];
	long v;
	int r;
	memset(tmp, 0, sizeof(tmp));
	if (count > sizeof(tmp) - 1)
		count = sizeof(tmp) - 1;
	if (copy_from_user(tmp, buf, count))
		return -EFAULT;
	r = kstrtol(strim(tmp), 0, &v);
	if (r)
		return r;
	if (v < OOM_SCORE_ADJ_MIN || v > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	if (!t)
		return -ESRCH;
	t->oom_score_adj = v;
	return count;
}

const struct file_operations proc_oom_score_fops = {
	.open = oom_score_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

const struct file_operations proc_oom_score_adj_fops = {
	.open = oom_score_adj_open,
	.read = seq_read,
	.write = oom_score_adj_write,
	.llseek = seq_lseek,
	.release = single_release,
};
