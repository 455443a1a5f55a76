/*
 * failslab.c: fault injection for slab allocations (CONFIG_FAILSLAB),
 * Linux 5.10's mm/failslab.c. /sys/kernel/debug/failslab/ has the common
 * fault_attr files plus ignore-gfp-wait (default Y: allocations that may
 * sleep, GFP_KERNEL, never fail) and cache-filter (only caches with
 * SLAB_FAILSLAB, set by slub_debug=A,<cache>, fail; shown in
 * /sys/kernel/slab/<cache>/failslab). Boot: failslab=<interval>,
 * <probability>,<space>,<times>. slub.c asks should_failslab before
 * every allocation except from the kmem_cache cache itself.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <linux/debugfs.h>
#include <linux/fault-inject.h>

#ifdef CONFIG_FAILSLAB
static struct {
	struct fault_attr attr;
	bool ignore_gfp_reclaim;
	bool cache_filter;
} failslab = {
	.attr = FAULT_ATTR_INITIALIZER("failslab"),
	.ignore_gfp_reclaim = true,
	.cache_filter = false,
};

bool should_failslab(struct kmem_cache *s, gfp_t gfpflags)
{
	if (gfpflags & __GFP_NOFAIL)
		return false;
	if (failslab.ignore_gfp_reclaim && (gfpflags & __GFP_DIRECT_RECLAIM))
		return false;
	if (failslab.cache_filter && !(s->flags & SLAB_FAILSLAB))
		return false;
	return should_fail(&failslab.attr, s->object_size);
}

static int __init setup_failslab(char *str)
{
	return setup_fault_attr(&failslab.attr, str);
}
__setup("failslab=", setup_failslab);

static int __init failslab_debugfs_init(void)
{
	umode_t mode = S_IFREG | 0600;
	struct dentry *dir = fault_create_debugfs_attr("failslab", NULL, &failslab.attr);

	if (IS_ERR(dir))
		return PTR_ERR(dir);
	debugfs_create_bool("ignore-gfp-wait", mode, dir, &failslab.ignore_gfp_reclaim);
	debugfs_create_bool("cache-filter", mode, dir, &failslab.cache_filter);
	return 0;
}
late_initcall(failslab_debugfs_init);
#endif /* CONFIG_FAILSLAB */
