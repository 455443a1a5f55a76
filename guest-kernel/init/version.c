/* version.c: the release string, uname(2)'s fields and the boot banner. */
#include <linux/kernel.h>
#include <linux/utsname.h>

#define UTS_VERSION "#1 SMP PREEMPT_NONE 5.10"
struct new_utsname init_uts_ns_name = {
	.sysname = "Linux",
	.nodename = "kmemlab",
	.release = UTS_RELEASE,
	.version = "#1 SMP Wed Nov 25 00:00:00 UTC 2026",
	.machine = "x86_64",
	.domainname = "(none)",
};
const char linux_banner[] = "Linux version " UTS_RELEASE " (root@kmemlab) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP Wed Nov 25 00:00:00 UTC 2026\n";
