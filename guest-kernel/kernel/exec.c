/*
 * exec.c: execve for static ELF64 executables and "#!" scripts.
 *
 * The new image is built in a fresh mm while the old one still runs, so a
 * bad binary returns an error to the caller: PT_LOAD segments are copied
 * into demand-zero VMAs, the stack (8 MiB VMA below 0x7ffffffff000) gets
 * argv/envp strings, 16 random bytes and the System V vector
 * (argc, argv[], NULL, envp[], NULL, auxv). Only then is the old mm
 * dropped, close-on-exec descriptors closed, caught signals reset, and
 * comm set to the basename of the path that was executed (so a script
 * run as ./run_tests is "run_tests", as on Linux).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/vfs.h>
#include <linux/mman.h>

#define VM_READ 1
#define VM_WRITE 2
#define VM_EXEC 4
#define STACK_TOP 0x00007ffffffff000UL
#define STACK_SIZE (8UL << 20)
#define MAX_ARGS 256
#define MAX_ARG_STRLEN (PAGE_SIZE * 32)
#define ARG_SPACE (STACK_SIZE / 4)	/* argv + envp: a quarter of the stack rlimit, as Linux */
struct mm_struct *mm_alloc(void);
void mmput(struct mm_struct *mm);
int insert_vma(struct mm_struct *mm, unsigned long start, unsigned long end, unsigned long flags);
unsigned long access_mm(struct mm_struct *mm, unsigned long addr, void *buf, unsigned long len, bool write);
void switch_mm(struct mm_struct *prev, struct mm_struct *next);
void flush_signal_handlers(struct task_struct *t);
extern char ret_to_user[];

struct elf64_hdr {
	u8 e_ident[16];
	u16 e_type, e_machine;
	u32 e_version;
	u64 e_entry, e_phoff, e_shoff;
	u32 e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
struct elf64_phdr {
	u32 p_type, p_flags;
	u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct linux_binprm {
	char *filename;			/* what was executed (comm comes from here) */
	char *interp;			/* file actually loaded */
	int argc, envc;
	char **argv, **envp;		/* kernel copies */
	char *buf;			/* whole file */
	size_t size;
};

static void free_strings(char **v, int n)
{
	for (int i = 0; i < n; i++)
		kfree(v[i]);
	kfree(v);
}

/* Copies a user string vector; *space is what the strings may still use (E2BIG beyond). */
static int copy_strings(const char __user *const __user *uv, char ***out, int *count, int reserve, long *space)
{
	char **v = kcalloc(MAX_ARGS + reserve + 1, sizeof(char *), GFP_KERNEL);
	int n = 0;
	if (!v)
		return -ENOMEM;
	for (; uv; n++) {
		const char __user *p;
		long len;
		if (n >= MAX_ARGS) {
			free_strings(v, n + reserve);
			return -E2BIG;
		}
		if (get_user(p, uv + n)) {
			free_strings(v, n + reserve);
			return -EFAULT;
		}
		if (!p)
			break;
		len = strnlen_user(p, MAX_ARG_STRLEN);
		if (len > MAX_ARG_STRLEN || (*space -= len) < 0) {
			free_strings(v, n + reserve);
			return -E2BIG;
		}
		if (!len || !(v[n + reserve] = kmalloc(len, GFP_KERNEL)) ||
		    strncpy_from_user(v[n + reserve], p, len) < 0) {
			free_strings(v, n + reserve + 1);
			return len && !v[n + reserve] ? -ENOMEM : -EFAULT;
		}
		v[n + reserve][len - 1] = 0;
	}
	*out = v;
	*count = n;
	return 0;
}

static int read_file(const char *path, char **buf, size_t *size)
{
	struct dentry *d;
	struct file *f;
	loff_t pos = 0;
	ssize_t r;
	int err = path_lookup(path, true, &d);
	if (err)
		return err;
	if (!S_ISREG(d->d_inode->i_mode))
		return -EACCES;
	if (!(d->d_inode->i_mode & 0111))
		return -EACCES;
	err = vfs_open(d, O_RDONLY, &f);
	if (err)
		return err;
	*size = d->d_inode->i_size;
	*buf = vmalloc(*size + 1);
	if (!*buf) {
		fput(f);
		return -ENOMEM;
	}
	r = kernel_read(f, *buf, *size, &pos);
	fput(f);
	if (r != (ssize_t)*size) {
		vfree(*buf);
		return r < 0 ? r : -EIO;
	}
	(*buf)[*size] = 0;
	return 0;
}

static int load_elf(struct linux_binprm *b, struct mm_struct *mm, unsigned long *entry, unsigned long *phdr,
		    int *phnum)
{
	struct elf64_hdr *eh = (void *)b->buf;
	unsigned long brk = 0;

	if (b->size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) || eh->e_ident[4] != 2 ||
	    eh->e_machine != 62 || (eh->e_type != 2 && eh->e_type != 3) ||
	    eh->e_phoff > b->size || (u64)eh->e_phnum * sizeof(struct elf64_phdr) > b->size - eh->e_phoff)
		return -ENOEXEC;
	*phnum = eh->e_phnum;
	*phdr = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		struct elf64_phdr *ph = (void *)(b->buf + eh->e_phoff + i * sizeof(*ph));
		unsigned long start, end, flags = 0;
		if (ph->p_type == 3)		/* PT_INTERP: dynamic binaries are not supported */
			return -ENOEXEC;
		if (ph->p_type != 1)
			continue;
		if (ph->p_offset > b->size || ph->p_filesz > b->size - ph->p_offset || ph->p_vaddr >= TASK_SIZE ||
		    ph->p_memsz >= TASK_SIZE - ph->p_vaddr || ph->p_filesz > ph->p_memsz)
			return -ENOEXEC;
		/* the segment is mapped whole: as for any mapping, no more than RAM */
		if ((ph->p_memsz >> PAGE_SHIFT) >= totalram_pages())
			return -ENOMEM;
		if (ph->p_flags & 4) flags |= VM_READ;
		if (ph->p_flags & 2) flags |= VM_WRITE;
		if (ph->p_flags & 1) flags |= VM_EXEC;
		start = ph->p_vaddr & PAGE_MASK;
		end = PAGE_ALIGN(ph->p_vaddr + ph->p_memsz);
		/* writable so the copy below can fill read-only segments */
		/* a writable segment is a private writable mapping: charged (VM_ACCOUNT) */
		if (insert_vma(mm, start, end, flags | VM_WRITE | (flags & VM_WRITE ? VM_ACCOUNT : 0)))
			return -ENOMEM;
		if (access_mm(mm, ph->p_vaddr, b->buf + ph->p_offset, ph->p_filesz, true) != ph->p_filesz)
			return -ENOMEM;
		if (ph->p_offset <= eh->e_phoff && eh->e_phoff < ph->p_offset + ph->p_filesz)
			*phdr = ph->p_vaddr + eh->e_phoff - ph->p_offset;
		if (flags & VM_EXEC) {
			mm->start_code = start;
			mm->end_code = ph->p_vaddr + ph->p_filesz;
		} else {
			mm->start_data = ph->p_vaddr;
			mm->end_data = ph->p_vaddr + ph->p_filesz;
		}
		if (end > brk)
			brk = end;
	}
	/* drop the temporary write permission where the segment had none */
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		for (int i = 0; i < eh->e_phnum; i++) {
			struct elf64_phdr *ph = (void *)(b->buf + eh->e_phoff + i * sizeof(*ph));
			if (ph->p_type == 1 && v->vm_start == (ph->p_vaddr & PAGE_MASK) && !(ph->p_flags & 2)) {
				v->vm_flags &= ~VM_WRITE;
				for (unsigned long a = v->vm_start; a < v->vm_end; a += PAGE_SIZE) {
					unsigned long *pte = lookup_pte(mm->pgd, a, false);
					if (pte && (*pte & _PAGE_PRESENT))
						*pte &= ~_PAGE_RW;
				}
			}
		}
	mm->start_brk = mm->brk = brk;
	*entry = eh->e_entry;
	return 0;
}

/*
 * Copies len bytes to the new stack below *sp. When a stack page cannot be
 * allocated: the strings fail with E2BIG as Linux's copy_strings() does
 * when get_arg_page() fails; the tables with ENOMEM (Linux writes those
 * after the point of no return and kills the task; this exec has not
 * passed it yet, so it can still fail cleanly).
 */
static int push(struct mm_struct *mm, unsigned long *sp, const void *data, size_t len, int err)
{
	*sp -= len;
	return access_mm(mm, *sp, (void *)data, len, true) == len ? 0 : err;
}

static int setup_stack(struct linux_binprm *b, struct mm_struct *mm, unsigned long entry, unsigned long phdr,
		       int phnum, unsigned long *spp)
{
	unsigned long sp = STACK_TOP, *ptrs, rnd, execfn;
	int n = 0, nptr = b->argc + b->envc + 2, r;
	u64 random[2] = { local_clock() * 0x9e3779b97f4a7c15ULL, jiffies * 0xbf58476d1ce4e5b9ULL };

	if (insert_vma(mm, STACK_TOP - STACK_SIZE, STACK_TOP, VM_READ | VM_WRITE | VM_ACCOUNT))
		return -ENOMEM;
	ptrs = kcalloc(nptr, sizeof(long), GFP_KERNEL);
	if (!ptrs)
		return -ENOMEM;
	r = push(mm, &sp, b->filename, strlen(b->filename) + 1, -E2BIG);
	execfn = sp;
	for (int i = b->envc - 1; !r && i >= 0; i--) {
		r = push(mm, &sp, b->envp[i], strlen(b->envp[i]) + 1, -E2BIG);
		ptrs[b->argc + 1 + i] = sp;
	}
	mm->env_start = sp;
	for (int i = b->argc - 1; !r && i >= 0; i--) {
		r = push(mm, &sp, b->argv[i], strlen(b->argv[i]) + 1, -E2BIG);
		ptrs[i] = sp;
	}
	mm->arg_start = sp;
	mm->arg_end = mm->env_start;
	mm->env_end = execfn;
	if (!r)
		r = push(mm, &sp, random, 16, -ENOMEM);
	rnd = sp;
	if (!r) {
		unsigned long auxv[] = {
			3, phdr, 4, sizeof(struct elf64_phdr), 5, phnum, 6, PAGE_SIZE, 9, entry,
			11, 0, 12, 0, 13, 0, 14, 0, 23, 0, 25, rnd, 31, execfn, 0, 0,
		};
		unsigned long argc = b->argc;
		size_t words = 1 + nptr + ARRAY_SIZE(auxv);
		sp &= ~15UL;
		if (words & 1)
			sp -= 8;
		r = push(mm, &sp, auxv, sizeof(auxv), -ENOMEM);
		n = nptr;
		ptrs[b->argc] = 0;
		ptrs[nptr - 1] = 0;
		if (!r)
			r = push(mm, &sp, ptrs, n * sizeof(long), -ENOMEM);
		if (!r)
			r = push(mm, &sp, &argc, sizeof(long), -ENOMEM);
	}
	kfree(ptrs);
	mm->start_stack = sp;
	*spp = sp;
	return r;
}

/* Builds the new image; on success current runs it when the syscall returns. */
static int do_execve_kernel(struct linux_binprm *b, struct pt_regs *regs)
{
	struct mm_struct *mm, *old;
	unsigned long entry, phdr, sp;
	int phnum, r, depth = 0;
	const char *base;

	r = read_file(b->filename, &b->buf, &b->size);
	if (r)
		return r;
	while (b->size >= 2 && b->buf[0] == '#' && b->buf[1] == '!') {
		/* "#!interp [arg]": argv becomes interp [arg] script args... */
		char *p = b->buf + 2, *e, *interp, *arg = NULL;
		char **nv;
		if (++depth > 4)
			return -ELOOP;
		e = (char *)strchrnul_(p, '\n');
		*e = 0;
		p = skip_spaces(p);
		interp = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p) {
			*p++ = 0;
			p = skip_spaces(p);
			if (*p)
				arg = strim(p);
		}
		if (!*interp)
			return -ENOEXEC;
		nv = kcalloc(b->argc + 3, sizeof(char *), GFP_KERNEL);
		if (!nv)
			return -ENOMEM;
		nv[0] = kstrdup(interp, GFP_KERNEL);
		if (arg)
			nv[1] = kstrdup(arg, GFP_KERNEL);
		nv[arg ? 2 : 1] = kstrdup(b->filename, GFP_KERNEL);
		if (!nv[0] || (arg && !nv[1]) || !nv[arg ? 2 : 1]) {
			free_strings(nv, 3);
			return -ENOMEM;
		}
		for (int i = 1; i < b->argc; i++)
			nv[i + (arg ? 2 : 1)] = b->argv[i];
		kfree(b->argv[0]);
		kfree(b->argv);
		b->argv = nv;
		b->argc += arg ? 2 : 1;
		vfree(b->buf);
		b->buf = NULL;
		r = read_file(nv[0], &b->buf, &b->size);
		if (r)
			return r;
	}
	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	r = load_elf(b, mm, &entry, &phdr, &phnum);
	if (!r)
		r = setup_stack(b, mm, entry, phdr, phnum, &sp);
	if (r) {
		mmput(mm);
		return r;
	}
	/* point of no return */
	old = current->mm;
	current->mm = mm;
	switch_mm(old, mm);
	if (old)
		mmput(old);
	close_on_exec(current->files);
	flush_signal_handlers(current);
	base = strrchr(b->filename, '/');
	set_task_comm(current, base ? base + 1 : b->filename);
	memset(regs, 0, sizeof(*regs));
	regs->ip = entry;
	regs->sp = sp;
	regs->cs = 0x33;
	regs->ss = 0x2b;
	regs->flags = 0x202;
	return 0;
}

static void free_binprm(struct linux_binprm *b)
{
	if (b->argv)
		free_strings(b->argv, b->argc);
	if (b->envp)
		free_strings(b->envp, b->envc);
	kfree(b->filename);
	vfree(b->buf);
}

SYSCALL_DEFINE3(execve, const char __user *, filename, const char __user *const __user *, argv,
		const char __user *const __user *, envp)
{
	struct linux_binprm b = { 0 };
	struct pt_regs *regs = (struct pt_regs *)((char *)current->stack + THREAD_SIZE) - 1;
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	long space = ARG_SPACE;
	int r;

	if (!path)
		return -ENOMEM;
	r = PTR_ERR_OR_ZERO(getname(filename, path));
	if (r) {
		kfree(path);
		return r;
	}
	b.filename = path;
	r = copy_strings(argv, &b.argv, &b.argc, 0, &space);
	if (!r)
		r = copy_strings(envp, &b.envp, &b.envc, 0, &space);
	if (!r && !b.argc) {
		/* Linux 5.10 accepts an empty argv; give the program its name anyway */
		b.argv[0] = kstrdup(path, GFP_KERNEL);
		b.argc = 1;
	}
	if (!r)
		r = do_execve_kernel(&b, regs);
	free_binprm(&b);
	return r;
}

/* kernel_init -> /init: exec from a kernel thread and drop to user mode. */
int run_init_process(const char *path, const char **argv, const char **envp)
{
	struct linux_binprm b = { 0 };
	struct pt_regs *regs = (struct pt_regs *)((char *)current->stack + THREAD_SIZE) - 1;
	int r = -ENOMEM;

	b.filename = kstrdup(path, GFP_KERNEL);
	b.argv = kcalloc(MAX_ARGS + 1, sizeof(char *), GFP_KERNEL);
	b.envp = kcalloc(MAX_ARGS + 1, sizeof(char *), GFP_KERNEL);
	if (b.filename && b.argv && b.envp) {
		for (; argv[b.argc] && (b.argv[b.argc] = kstrdup(argv[b.argc], GFP_KERNEL)); b.argc++)
			;
		for (; envp[b.envc] && (b.envp[b.envc] = kstrdup(envp[b.envc], GFP_KERNEL)); b.envc++)
			;
		current->flags &= ~PF_KTHREAD;
		if (!argv[b.argc] && !envp[b.envc])
			r = do_execve_kernel(&b, regs);
	}
	free_binprm(&b);
	if (r) {
		current->flags |= PF_KTHREAD;
		return r;
	}
	__asm__ __volatile__("cli; mov %0, %%rdi; jmp ret_to_user" :: "r"(regs) : "memory");
	return 0;
}
