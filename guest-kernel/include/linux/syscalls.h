/*
 * syscalls.h: SYSCALL_DEFINEn builds __x64_sys_<name>(const struct pt_regs *)
 * taking arguments from di, si, dx, r10, r8, r9 as Linux's x86-64 ABI says;
 * the body is a static function gcc inlines, so backtraces read
 * __x64_sys_write -> ksys_write -> vfs_write like Linux 5.10's.
 */
#ifndef _LINUX_SYSCALLS_H
#define _LINUX_SYSCALLS_H
#include <linux/kernel.h>
#include <asm/ptrace.h>
#define __SC_DECL0()
#define SYSCALL_DEFINE0(name) \
	long __x64_sys_##name(const struct pt_regs *regs)
#define SYSCALL_DEFINE1(name, t1, a1) \
	static long __do_sys_##name(t1 a1); \
	long __x64_sys_##name(const struct pt_regs *regs) { return __do_sys_##name((t1)regs->di); } \
	static long __do_sys_##name(t1 a1)
#define SYSCALL_DEFINE2(name, t1, a1, t2, a2) \
	static long __do_sys_##name(t1 a1, t2 a2); \
	long __x64_sys_##name(const struct pt_regs *regs) { return __do_sys_##name((t1)regs->di, (t2)regs->si); } \
	static long __do_sys_##name(t1 a1, t2 a2)
#define SYSCALL_DEFINE3(name, t1, a1, t2, a2, t3, a3) \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3); \
	long __x64_sys_##name(const struct pt_regs *regs) { return __do_sys_##name((t1)regs->di, (t2)regs->si, (t3)regs->dx); } \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3)
#define SYSCALL_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4) \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4); \
	long __x64_sys_##name(const struct pt_regs *regs) { return __do_sys_##name((t1)regs->di, (t2)regs->si, (t3)regs->dx, (t4)regs->r10); } \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4)
#define SYSCALL_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5); \
	long __x64_sys_##name(const struct pt_regs *regs) { return __do_sys_##name((t1)regs->di, (t2)regs->si, (t3)regs->dx, (t4)regs->r10, (t5)regs->r8); } \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYSCALL_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6); \
	long __x64_sys_##name(const struct pt_regs *regs) { return __do_sys_##name((t1)regs->di, (t2)regs->si, (t3)regs->dx, (t4)regs->r10, (t5)regs->r8, (t6)regs->r9); } \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)
char *getname(const char __user *u, char *buf);
struct dentry;
int user_path_at(const char __user *upath, bool follow, struct dentry **d);
#endif
