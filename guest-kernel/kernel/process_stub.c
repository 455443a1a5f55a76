/* process_stub.c: TEMPORARY until processes, VFS and syscalls land. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <asm/ptrace.h>
void console_tty_init(void) { }
int run_init_process(const char *path, const char **argv, const char **envp) { return -ENOENT; }
void prepare_exit_to_usermode(struct pt_regs *regs) { }
void do_page_fault(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	pr_alert("BUG: unable to handle page fault for address: %016lx\n", address);
	panic("page fault");
}
int fixup_exception(struct pt_regs *regs) { return 0; }
void force_sig_fault(int sig, unsigned long addr, struct pt_regs *regs) { }
int send_sig(int sig, struct task_struct *p, int priv) { return 0; }
void switch_mm(struct mm_struct *prev, struct mm_struct *next) { }
long do_syscall_64(unsigned long nr, struct pt_regs *regs) { return -ENOSYS; }
