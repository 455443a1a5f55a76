/*
 * module.c: the loadable-module loader (Linux 5.10 behaviour, own code).
 *
 * load_module(image, len, uargs): image is a kernel copy of a .ko (an
 * x86-64 ELF relocatable object built by modules/Makefile); the caller
 * owns and frees it (this code rewrites its section and symbol tables in
 * place). load_module is the outline; each step is a function with
 * Linux's name (setup_load_info, check_modinfo, layout_and_allocate with
 * move_module, set_license, simplify_symbols, apply_relocations,
 * find_module_sections, kmemleak_load_module, complete_formation,
 * do_init_module). Steps, in Linux's order:
 *   1. ELF checks: magic, ET_REL, EM_X86_64, section-header size, every
 *      section inside the file, no loaded section larger than the
 *      module area (the layout sizes are 32-bit), one SHT_SYMTAB, the
 *      .gnu.linkonce.this_module section of sizeof(struct module)
 *      (anything wrong: -ENOEXEC).
 *   2. .modinfo ("tag=value\0" strings): vermagic must equal
 *      VERMAGIC_STRING (else "<name>: version magic '<x>' should be '<y>'",
 *      -ENOEXEC); license decides GPL-compatibility (taint P and
 *      "<name>: module license '<x>' taints kernel." once); no intree=Y
 *      taints O ("loading out-of-tree module taints kernel." once);
 *      with CONFIG_MODULE_SIG, modules are never signed, so every one
 *      taints E (the notice once); without it (the default) nothing.
 *   3. A module of the same name already on the list: -EEXIST.
 *   4. Layout. SHF_ALLOC sections whose names start with ".init" go to
 *      the init region, all others to the core region; in each region
 *      sections are placed by class, text (exec), then read-only, then
 *      writable, each class page-aligned so it can get its own
 *      protection (strict module RWX). The core region ends with a copy
 *      of the named, defined symbols (Elf64_Sym with absolute values; the
 *      kallsyms type letter is kept in st_other) and their names, so
 *      %pS and /proc/kallsyms work after the image is gone.
 *   5. module_alloc (vmalloc space at MODULES_VADDR) both regions, zero
 *      them, copy section contents, point each sh_addr at its copy. The
 *      struct module is the copy of .gnu.linkonce.this_module in core.
 *      kmemleak: module_alloc registered each region as a vmalloc block;
 *      the core region is made not_leak with scan areas only for the
 *      struct module and the writable non-executable sections, the init
 *      region is ignored (so pointers kept in .data/.bss are roots, code
 *      and constants are not scanned).
 *   6. Symbols: SHN_COMMON is refused ("Please compile with
 *      -fno-common"); undefined ones are searched in the kernel's
 *      __ksymtab, then (GPL-compatible modules only) __ksymtab_gpl, then
 *      in the exports of live or coming modules; the user module then
 *      holds a reference on the owner and a module_use link (an owner
 *      with users cannot be removed: -EWOULDBLOCK). Unresolved weak
 *      symbols become 0; others print "<mod>: Unknown symbol <s> (err
 *      -2)" and the load fails with -ENOENT after all are listed.
 *      Defined symbols get their section's address added.
 *   7. RELA relocations into allocated sections: R_X86_64_64, 32, 32S,
 *      PC32, PLT32, PC64; the target must hold 0; a value that does not
 *      fit prints "overflow in relocation type %d val %Lx" and fails with
 *      -ENOEXEC; other types "Unknown rela relocation: %llu".
 *   8. Exports (__ksymtab, __ksymtab_gpl merged by modules/scripts/
 *      module.lds) must not duplicate existing ones ("exports duplicate
 *      symbol"); __param gives the module parameters; every name these
 *      tables point to must lie in the core region (else -ENOEXEC).
 *   9. Protections (text RX, rodata RO, data NX), state COMING, onto the
 *      head of the list (newest first, as /proc/modules shows); parameters parsed from a kmalloc'ed copy of uargs (bad value:
 *      "<mod>: '<v>' invalid for parameter '<p>'" and that error; unknown:
 *      warned and ignored).
 *  10. init through do_one_initcall (initcall_debug brackets it as for
 *      built-in code, "calling  fn+0x0/0x.. [mod] @ pid"). < 0: unlink and
 *      free everything, return the error; > 0: warned, treated as 0. Then
 *      state LIVE and the init region is freed (its addresses no longer
 *      resolve, its symbols no longer match names).
 * delete_module_by_name: -ENOENT if not loaded, -EWOULDBLOCK if other
 * modules use it or it holds references, -EBUSY if it is not live or has
 * an init but no exit; otherwise exit(), unlink, drop the references it
 * holds and free (vfree also hands the regions back to kmemleak).
 *
 * Locking: module_mutex serialises loads and unloads (it is dropped while
 * init and exit run, with the module marked COMING/GOING so a second
 * load of the same name still sees it). Lookups by address or name
 * (kallsyms, %pS from any context, stack traces in interrupts) walk the
 * list without the mutex, with preemption disabled: on this
 * uniprocessor kernel list changes are made with interrupts off and
 * memory is freed only after unlinking by the running task, so a reader
 * never sees a half-linked or freed module (RCU reduced to one CPU).
 * Reference counts use atomic builtins.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/dynamic_debug.h>
#include <linux/vermagic.h>
#include <linux/kallsyms.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/kmemleak.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/ctype.h>
#include <linux/string.h>
#include <linux/preempt.h>
#include <asm/irqflags.h>

extern int do_one_initcall(initcall_t fn);

/*
 * The constructors gcc emitted into .init_array (or .ctors), run before
 * the module's init as Linux's do_mod_ctors does (CONFIG_CONSTRUCTORS,
 * on with KASAN: each instrumented object file has one that registers its
 * globals' red zones with __asan_register_globals).
 */
static void do_mod_ctors(struct module *mod)
{
	for (unsigned int i = 0; i < mod->num_ctors; i++)
		mod->ctors[i]();
}

/*
 * Its own frame, as in Linux: backtraces of allocations made by a module's
 * init read do_one_initcall <- do_init_module <- load_module. The init's
 * result: < 0 fails the load, > 0 is warned about (as 5.10 does, under
 * this function's name) and taken as 0.
 */
static noinline int do_init_module(struct module *mod)
{
	int ret;

	do_mod_ctors(mod);
	if (!mod->init)
		return 0;
	ret = do_one_initcall(mod->init);
	if (ret > 0) {
		pr_warn("%s: '%s'->init suspiciously returned %d, it should follow 0/-E convention\n"
			"%s: loading module anyway...\n", __func__, mod->name, ret, __func__);
		dump_stack();
		ret = 0;
	}
	return ret;
}
extern const struct kernel_symbol __start___ksymtab[], __stop___ksymtab[];
extern const struct kernel_symbol __start___ksymtab_gpl[], __stop___ksymtab_gpl[];

/* Exports that modules need from data whose owners do not export it yet. */
EXPORT_SYMBOL(kmalloc_caches);
EXPORT_SYMBOL(current_task);
EXPORT_SYMBOL(__preempt_count);
EXPORT_SYMBOL(need_resched_flag);

/* ---- ELF64 (only what the loader reads) ---- */
typedef struct {
	unsigned char e_ident[16];
	u16 e_type, e_machine;
	u32 e_version;
	u64 e_entry, e_phoff, e_shoff;
	u32 e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf64_Ehdr;
typedef struct {
	u32 sh_name, sh_type;
	u64 sh_flags, sh_addr, sh_offset, sh_size;
	u32 sh_link, sh_info;
	u64 sh_addralign, sh_entsize;
} Elf64_Shdr;
typedef struct {
	u32 st_name;
	unsigned char st_info, st_other;
	u16 st_shndx;
	u64 st_value, st_size;
} Elf64_Sym;
typedef struct {
	u64 r_offset, r_info;
	s64 r_addend;
} Elf64_Rela;
#define ET_REL		1
#define EM_X86_64	62
#define ELFCLASS64	2
#define SHT_SYMTAB	2
#define SHT_RELA	4
#define SHT_NOBITS	8
#define SHT_REL		9
#define SHF_WRITE	0x1
#define SHF_ALLOC	0x2
#define SHF_EXECINSTR	0x4
#define SHN_UNDEF	0
#define SHN_LORESERVE	0xff00
#define SHN_ABS		0xfff1
#define SHN_COMMON	0xfff2
#define STB_LOCAL	0
#define STB_WEAK	2
#define STT_OBJECT	1
#define STT_SECTION	3
#define STT_FILE	4
#define ELF_ST_BIND(i)	((i) >> 4)
#define ELF_ST_TYPE(i)	((i) & 0xf)
#define ELF_R_SYM(i)	((i) >> 32)
#define ELF_R_TYPE(i)	((i) & 0xffffffff)
#define R_X86_64_NONE	0
#define R_X86_64_64	1
#define R_X86_64_PC32	2
#define R_X86_64_PLT32	4
#define R_X86_64_32	10
#define R_X86_64_32S	11
#define R_X86_64_PC64	24

enum { REG_NONE, REG_CORE, REG_INIT };

struct load_info {
	Elf64_Ehdr *hdr;
	unsigned long len;
	Elf64_Shdr *sechdrs;
	const char *secstrings;
	unsigned int shnum;
	unsigned int symindex, strindex, modindex, infoindex;
	Elf64_Sym *syms;
	unsigned int nsyms;
	const char *strtab;
	const char *name;
	unsigned char *region;		/* per section: REG_* */
	unsigned long *offset;		/* per section: offset in its region */
	unsigned int kept_syms;		/* incl. the null symbol */
	unsigned long kept_strsize;
	unsigned long symoffs, stroffs;
	struct module_layout core, init;
};

static DEFINE_MUTEX(module_mutex);
static LIST_HEAD(modules);
static unsigned long kernel_module_taints;	/* which module taints were already announced */
static char last_unloaded_module[MODULE_NAME_LEN + 1];

/* ---- list primitives that lockless readers may race with ---- */
static void modlist_add(struct module *mod)
{
	unsigned long flags;
	local_irq_save(flags);
	list_add(&mod->list, &modules);	/* newest first, as lsmod and "Modules linked in:" show */
	local_irq_restore(flags);
}

static void modlist_del(struct module *mod)
{
	unsigned long flags;
	local_irq_save(flags);
	list_del(&mod->list);
	local_irq_restore(flags);
}

static struct module *find_module(const char *name)
{
	struct module *mod;
	list_for_each_entry(mod, &modules, list)
		if (!strcmp(mod->name, name))
			return mod;
	return NULL;
}

static bool within(unsigned long addr, const struct module_layout *l)
{
	return l->base && addr >= (unsigned long)l->base && addr < (unsigned long)l->base + l->size;
}

/* ---- reference counts ---- */
int module_refcount(struct module *m)
{
	return __atomic_load_n(&m->refcnt, __ATOMIC_SEQ_CST);
}

bool try_module_get(struct module *m)
{
	if (!m)
		return true;
	if (m->state == MODULE_STATE_GOING || m->state == MODULE_STATE_UNFORMED)
		return false;
	__atomic_add_fetch(&m->refcnt, 1, __ATOMIC_SEQ_CST);
	return true;
}
EXPORT_SYMBOL(try_module_get);

void module_put(struct module *m)
{
	if (m && __atomic_sub_fetch(&m->refcnt, 1, __ATOMIC_SEQ_CST) < 0)
		WARN(1, "module_put: %s refcount underflow\n", m->name);
}
EXPORT_SYMBOL(module_put);

/* a uses b (a symbol of b resolved for a) */
static int ref_module(struct module *a, struct module *b)
{
	struct module_use *use;

	list_for_each_entry(use, &b->source_list, source_list)
		if (use->source == a)
			return 0;
	if (!try_module_get(b))
		return -ENOENT;
	use = kmalloc(sizeof(*use), GFP_KERNEL);
	if (!use) {
		module_put(b);
		return -ENOMEM;
	}
	use->source = a;
	use->target = b;
	list_add(&use->source_list, &b->source_list);
	list_add(&use->target_list, &a->target_list);
	return 0;
}

static void module_unload_free(struct module *mod)
{
	struct module_use *use, *tmp;

	list_for_each_entry_safe(use, tmp, &mod->target_list, target_list) {
		struct module *target = use->target;
		list_del(&use->source_list);
		list_del(&use->target_list);
		kfree(use);
		module_put(target);
	}
}

/* ---- taint flags: "(POE)" and the "(-)"/"(+)" of going/coming ---- */
static char *module_flags(struct module *mod, char *buf)
{
	int bx = 0;

	if (mod->taints || mod->state == MODULE_STATE_GOING || mod->state == MODULE_STATE_COMING) {
		buf[bx++] = '(';
		if (mod->taints & (1UL << TAINT_PROPRIETARY_MODULE))
			buf[bx++] = 'P';
		if (mod->taints & (1UL << TAINT_OOT_MODULE))
			buf[bx++] = 'O';
		if (mod->taints & (1UL << TAINT_UNSIGNED_MODULE))
			buf[bx++] = 'E';
		if (mod->state == MODULE_STATE_GOING)
			buf[bx++] = '-';
		if (mod->state == MODULE_STATE_COMING)
			buf[bx++] = '+';
		buf[bx++] = ')';
	}
	buf[bx] = '\0';
	return buf;
}

/* ---- .modinfo ---- */
static const char *get_modinfo(const struct load_info *info, const char *tag)
{
	const Elf64_Shdr *s;
	const char *p, *end;
	size_t tl = strlen(tag);

	if (!info->infoindex)
		return NULL;
	s = &info->sechdrs[info->infoindex];
	p = (const char *)info->hdr + s->sh_offset;
	end = p + s->sh_size;
	while (p < end) {
		size_t n = strnlen(p, end - p);
		if (n > tl && !strncmp(p, tag, tl) && p[tl] == '=' && p + n < end)
			return p + tl + 1;
		p += n + 1;
	}
	return NULL;
}

static bool license_is_gpl_compatible(const char *license)
{
	return !strcmp(license, "GPL") || !strcmp(license, "GPL v2") ||
	       !strcmp(license, "GPL and additional rights") || !strcmp(license, "Dual BSD/GPL") ||
	       !strcmp(license, "Dual MIT/GPL") || !strcmp(license, "Dual MPL/GPL");
}

static void add_taint_module(struct module *mod, int flag)
{
	mod->taints |= 1UL << flag;
	kernel_module_taints |= 1UL << flag;
	add_taint(flag);
}

/* ---- step 1: ELF checks ---- */
static int elf_check(struct load_info *info)
{
	Elf64_Ehdr *hdr = info->hdr;
	const Elf64_Shdr *strsec;
	unsigned int i;

	if (info->len < sizeof(*hdr))
		return -ENOEXEC;
	if (memcmp(hdr->e_ident, "\177ELF", 4) || hdr->e_ident[4] != ELFCLASS64 || hdr->e_type != ET_REL ||
	    hdr->e_machine != EM_X86_64 || hdr->e_shentsize != sizeof(Elf64_Shdr))
		return -ENOEXEC;
	if (hdr->e_shoff >= info->len || hdr->e_shnum == 0 ||
	    hdr->e_shnum * sizeof(Elf64_Shdr) > info->len - hdr->e_shoff || hdr->e_shstrndx >= hdr->e_shnum)
		return -ENOEXEC;
	info->sechdrs = (Elf64_Shdr *)((char *)hdr + hdr->e_shoff);
	info->shnum = hdr->e_shnum;
	for (i = 1; i < info->shnum; i++) {
		Elf64_Shdr *s = &info->sechdrs[i];
		if (s->sh_type != SHT_NOBITS &&
		    (s->sh_offset > info->len || s->sh_size > info->len - s->sh_offset)) {
			pr_err("Module len %lu truncated\n", info->len);
			return -ENOEXEC;
		}
		if (s->sh_addralign > PAGE_SIZE || (s->sh_addralign & (s->sh_addralign - 1)))
			return -ENOEXEC;
		/* a loaded section (a .bss in particular, which the file does not hold) must fit
		   the module area: the layout sizes are 32-bit and must not wrap */
		if ((s->sh_flags & SHF_ALLOC) && s->sh_size > MODULES_LEN)
			return -ENOEXEC;
	}
	strsec = &info->sechdrs[hdr->e_shstrndx];
	if (strsec->sh_type == SHT_NOBITS || !strsec->sh_size)
		return -ENOEXEC;
	info->secstrings = (const char *)hdr + strsec->sh_offset;
	if (info->secstrings[strsec->sh_size - 1] != '\0')
		return -ENOEXEC;
	for (i = 1; i < info->shnum; i++) {
		Elf64_Shdr *s = &info->sechdrs[i];
		if (s->sh_name >= strsec->sh_size)
			return -ENOEXEC;
		/* work on a private copy of each section's address */
		s->sh_addr = 0;
		if (s->sh_type == SHT_SYMTAB) {
			if (info->symindex || s->sh_link >= info->shnum || s->sh_entsize != sizeof(Elf64_Sym))
				return -ENOEXEC;
			info->symindex = i;
			info->strindex = s->sh_link;
		}
		/* as Linux's find_sec: only loaded (SHF_ALLOC) sections count; without
		   one this is "No module found in object", not a NULL struct module */
		if (!(s->sh_flags & SHF_ALLOC))
			continue;
		if (!strcmp(info->secstrings + s->sh_name, ".gnu.linkonce.this_module"))
			info->modindex = i;
		if (!strcmp(info->secstrings + s->sh_name, ".modinfo")) {
			info->infoindex = i;
			s->sh_flags &= ~(u64)SHF_ALLOC;	/* not copied */
		}
		if (!strcmp(info->secstrings + s->sh_name, "__versions"))
			s->sh_flags &= ~(u64)SHF_ALLOC;
	}
	return 0;
}

/* ---- step 4: layout ---- */
static bool is_init_section(const char *name)
{
	return !strncmp(name, ".init", 5);
}

static bool is_kept_symbol(const struct load_info *info, const Elf64_Sym *s)
{
	if (!s->st_name || s->st_shndx == SHN_UNDEF || s->st_shndx >= info->shnum)
		return false;
	if (ELF_ST_TYPE(s->st_info) == STT_SECTION || ELF_ST_TYPE(s->st_info) == STT_FILE)
		return false;
	return info->sechdrs[s->st_shndx].sh_flags & SHF_ALLOC;
}

/* -ENOMEM when a region cannot fit the module area (what module_alloc would say) */
static int layout_sections(struct load_info *info)
{
	static const struct { u64 need, forbid; } classes[] = {
		{ SHF_EXECINSTR | SHF_ALLOC, 0 },
		{ SHF_ALLOC, SHF_WRITE | SHF_EXECINSTR },
		{ SHF_WRITE | SHF_ALLOC, SHF_EXECINSTR },
	};
	for (int r = REG_CORE; r <= REG_INIT; r++) {
		struct module_layout *l = r == REG_CORE ? &info->core : &info->init;
		unsigned long size = 0;
		for (int c = 0; c < 3; c++) {
			for (unsigned int i = 1; i < info->shnum; i++) {
				Elf64_Shdr *s = &info->sechdrs[i];
				const char *name = info->secstrings + s->sh_name;
				if ((s->sh_flags & classes[c].need) != classes[c].need || (s->sh_flags & classes[c].forbid) ||
				    info->region[i] || is_init_section(name) != (r == REG_INIT))
					continue;
				size = ALIGN(size, s->sh_addralign ? s->sh_addralign : 1);
				info->region[i] = r;
				info->offset[i] = size;
				size += s->sh_size;
			}
			size = PAGE_ALIGN(size);
			if (c == 0)
				l->text_size = size;
			else if (c == 1)
				l->ro_size = size;
		}
		if (r == REG_CORE) {
			/* the kept symbol table and its names, at the end of the data */
			size = ALIGN(size, 8);
			info->symoffs = size;
			size += info->kept_syms * sizeof(Elf64_Sym);
			info->stroffs = size;
			size += info->kept_strsize;
			size = PAGE_ALIGN(size);
		}
		if (size > MODULES_LEN)
			return -ENOMEM;
		l->size = size;
	}
	return 0;
}

/* ---- step 6: symbols ---- */
static const struct kernel_symbol *search_syms(const struct kernel_symbol *start, const struct kernel_symbol *stop,
					       const char *name)
{
	for (const struct kernel_symbol *k = start; k < stop; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

/* An exported symbol, from the kernel (owner NULL) or a module. */
static const struct kernel_symbol *find_symbol(const char *name, struct module **owner, bool gplok)
{
	const struct kernel_symbol *k;
	struct module *mod;

	*owner = NULL;
	if ((k = search_syms(__start___ksymtab, __stop___ksymtab, name)))
		return k;
	if (gplok && (k = search_syms(__start___ksymtab_gpl, __stop___ksymtab_gpl, name)))
		return k;
	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED || mod->state == MODULE_STATE_GOING)
			continue;
		if ((k = search_syms(mod->syms, mod->syms + mod->num_syms, name)) ||
		    (gplok && (k = search_syms(mod->gpl_syms, mod->gpl_syms + mod->num_gpl_syms, name)))) {
			*owner = mod;
			return k;
		}
	}
	return NULL;
}

static int simplify_symbols(struct module *mod, struct load_info *info)
{
	int ret = 0;

	for (unsigned int i = 1; i < info->nsyms; i++) {
		Elf64_Sym *sym = &info->syms[i];
		const char *name = info->strtab + sym->st_name;
		const struct kernel_symbol *ks;
		struct module *owner;

		switch (sym->st_shndx) {
		case SHN_COMMON:
			pr_debug("Common symbol: %s\n", name);
			pr_warn("%s: please compile with -fno-common\n", mod->name);
			ret = -ENOEXEC;
			break;
		case SHN_ABS:
			break;
		case SHN_UNDEF:
			ks = find_symbol(name, &owner, mod->gpl_compatible);
			if (ks) {
				int err = owner ? ref_module(mod, owner) : 0;
				if (err) {
					pr_warn("%s: Unknown symbol %s (err %d)\n", mod->name, name, err);
					ret = err;
					break;
				}
				sym->st_value = ks->value;
				break;
			}
			if (ELF_ST_BIND(sym->st_info) == STB_WEAK) {
				sym->st_value = 0;
				break;
			}
			pr_warn("%s: Unknown symbol %s (err %d)\n", mod->name, name, -ENOENT);
			ret = -ENOENT;
			break;
		default:
			if (sym->st_shndx >= info->shnum) {
				ret = -ENOEXEC;
				break;
			}
			sym->st_value += info->sechdrs[sym->st_shndx].sh_addr;
			break;
		}
	}
	return ret;
}

/* ---- step 7: relocations ---- */
static int apply_relocate_add(struct module *mod, struct load_info *info, unsigned int relsec)
{
	const Elf64_Shdr *rs = &info->sechdrs[relsec];
	const Elf64_Shdr *target = &info->sechdrs[rs->sh_info];
	const Elf64_Rela *rel = (const Elf64_Rela *)((char *)info->hdr + rs->sh_offset);
	unsigned long n = rs->sh_size / sizeof(*rel);

	for (unsigned long i = 0; i < n; i++) {
		unsigned long symidx = ELF_R_SYM(rel[i].r_info);
		unsigned int type = ELF_R_TYPE(rel[i].r_info);
		unsigned int width = type == R_X86_64_64 || type == R_X86_64_PC64 ? 8 : 4;
		void *loc;
		u64 val;
		bool overflow = false;

		if (type == R_X86_64_NONE)
			continue;
		if (symidx >= info->nsyms || rel[i].r_offset > target->sh_size ||
		    target->sh_size - rel[i].r_offset < width) {
			pr_err("%s: bad relocation %lu in section %u\n", mod->name, i, relsec);
			return -ENOEXEC;
		}
		loc = (void *)(target->sh_addr + rel[i].r_offset);
		val = info->syms[symidx].st_value + rel[i].r_addend;
		switch (type) {
		case R_X86_64_64:
		case R_X86_64_PC64:
			if (*(u64 *)loc)
				goto invalid;
			if (type == R_X86_64_PC64)
				val -= (u64)loc;
			*(u64 *)loc = val;
			break;
		case R_X86_64_32:
			if (*(u32 *)loc)
				goto invalid;
			*(u32 *)loc = (u32)val;
			overflow = val != (u64)*(u32 *)loc;
			break;
		case R_X86_64_32S:
			if (*(u32 *)loc)
				goto invalid;
			*(s32 *)loc = (s32)val;
			overflow = (s64)val != (s64)*(s32 *)loc;
			break;
		case R_X86_64_PC32:
		case R_X86_64_PLT32:
			if (*(u32 *)loc)
				goto invalid;
			val -= (u64)loc;
			*(s32 *)loc = (s32)val;
			overflow = (s64)val != (s64)*(s32 *)loc;
			break;
		default:
			pr_err("%s: Unknown rela relocation: %llu\n", mod->name, (unsigned long long)type);
			return -ENOEXEC;
		}
		if (overflow) {
			pr_err("overflow in relocation type %d val %Lx\n", (int)type, val);
			pr_err("`%s' likely not compiled with -mcmodel=kernel\n", mod->name);
			return -ENOEXEC;
		}
		continue;
invalid:
		pr_err("x86/modules: Invalid relocation target, existing value is nonzero for type %d, loc %p, val %Lx\n",
		       (int)type, loc, val);
		return -ENOEXEC;
	}
	return 0;
}

static int apply_relocations(struct module *mod, struct load_info *info)
{
	for (unsigned int i = 1; i < info->shnum; i++) {
		const Elf64_Shdr *s = &info->sechdrs[i];
		int err;

		if (s->sh_type != SHT_RELA && s->sh_type != SHT_REL)
			continue;
		if (s->sh_info >= info->shnum || s->sh_link != info->symindex)
			return -ENOEXEC;
		/* relocations of sections that are not loaded do not matter */
		if (!(info->sechdrs[s->sh_info].sh_flags & SHF_ALLOC))
			continue;
		if (s->sh_type == SHT_REL) {
			pr_err("%s: REL relocation unsupported\n", mod->name);
			return -ENOEXEC;
		}
		err = apply_relocate_add(mod, info, i);
		if (err)
			return err;
	}
	return 0;
}

/* ---- kallsyms copy kept in core ---- */
static char elf_type(const struct load_info *info, const Elf64_Sym *s)
{
	const Elf64_Shdr *sec = &info->sechdrs[s->st_shndx];
	char c;

	if (ELF_ST_BIND(s->st_info) == STB_WEAK)
		return ELF_ST_TYPE(s->st_info) == STT_OBJECT ? 'V' : 'W';
	if (sec->sh_flags & SHF_EXECINSTR)
		c = 't';
	else if (sec->sh_flags & SHF_WRITE)
		c = sec->sh_type == SHT_NOBITS ? 'b' : 'd';
	else
		c = 'r';
	return ELF_ST_BIND(s->st_info) == STB_LOCAL ? c : toupper(c);
}

static void count_kept_symbols(struct load_info *info)
{
	info->kept_syms = 1;
	info->kept_strsize = 1;
	for (unsigned int i = 1; i < info->nsyms; i++)
		if (is_kept_symbol(info, &info->syms[i])) {
			info->kept_syms++;
			info->kept_strsize += strlen(info->strtab + info->syms[i].st_name) + 1;
		}
}

static void copy_kept_symbols(struct module *mod, struct load_info *info)
{
	Elf64_Sym *dst = (Elf64_Sym *)((char *)info->core.base + info->symoffs);
	char *str = (char *)info->core.base + info->stroffs;
	unsigned int n = 1;
	unsigned long so = 1;

	memset(&dst[0], 0, sizeof(dst[0]));
	str[0] = '\0';
	for (unsigned int i = 1; i < info->nsyms; i++) {
		const Elf64_Sym *s = &info->syms[i];
		size_t l;
		if (!is_kept_symbol(info, s))
			continue;
		dst[n] = *s;
		dst[n].st_name = so;
		dst[n].st_other = elf_type(info, s);
		l = strlen(info->strtab + s->st_name) + 1;
		memcpy(str + so, info->strtab + s->st_name, l);
		so += l;
		n++;
	}
	mod->symtab = dst;
	mod->num_symtab = n;
	mod->strtab = str;
}

/* ---- protections ---- */
static void set_layout_prot(const struct module_layout *l)
{
	unsigned long base = (unsigned long)l->base;

	if (!base)
		return;
	set_memory_prot(base, l->text_size >> PAGE_SHIFT, PAGE_KERNEL_ROX);
	set_memory_prot(base + l->text_size, (l->ro_size - l->text_size) >> PAGE_SHIFT, PAGE_KERNEL_RO);
	set_memory_prot(base + l->ro_size, (l->size - l->ro_size) >> PAGE_SHIFT, PAGE_KERNEL);
}

static void unset_layout_prot(const struct module_layout *l)
{
	if (l->base)
		set_memory_prot((unsigned long)l->base, l->size >> PAGE_SHIFT, PAGE_KERNEL);
}

/* ---- parameters ---- */
static char *next_param(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	int in_quote = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
	}
	for (i = 0; args[i]; i++) {
		if (isspace(args[i]) && !in_quote)
			break;
		if (!equals && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	*val = NULL;
	if (equals) {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (i > 0 && args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	} else if (i > 0 && args[i - 1] == '"') {
		args[i - 1] = '\0';
	}
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}

static int parse_module_args(struct module *mod)
{
	char *args = skip_spaces(mod->args), *param, *val;

	while (*args) {
		int err = 0;
		args = next_param(args, &param, &val);
		if (!*param)
			continue;
		if (parse_one_param(mod->kp, mod->num_kp, param, val, &err)) {
			if (err) {
				pr_err("%s: '%s' invalid for parameter '%s'\n", mod->name, val ? val : "", param);
				return err;
			}
			continue;
		}
		pr_warn("%s: unknown parameter '%s' ignored\n", mod->name, param);
	}
	return 0;
}

/* ---- section lookup in the loaded image ---- */
static void *section_objs(const struct load_info *info, const char *name, size_t objsize, unsigned int *num)
{
	for (unsigned int i = 1; i < info->shnum; i++) {
		const Elf64_Shdr *s = &info->sechdrs[i];
		if ((s->sh_flags & SHF_ALLOC) && !strcmp(info->secstrings + s->sh_name, name)) {
			*num = s->sh_size / objsize;
			return (void *)s->sh_addr;
		}
	}
	*num = 0;
	return NULL;
}

/* A name the module's own tables point to: inside its core region and terminated there.
   (Linux trusts these; a relocation aimed elsewhere would make every later symbol
   lookup read wild memory, so such a module is refused as malformed.) */
static bool core_string(const struct module *mod, const char *s)
{
	unsigned long b = (unsigned long)mod->core_layout.base, e = b + mod->core_layout.size, p = (unsigned long)s;

	return p >= b && p < e && strnlen(s, e - p) < e - p;
}

static int check_table_names(struct module *mod)
{
	for (unsigned int i = 0; i < mod->num_syms; i++)
		if (!core_string(mod, mod->syms[i].name))
			return -ENOEXEC;
	for (unsigned int i = 0; i < mod->num_gpl_syms; i++)
		if (!core_string(mod, mod->gpl_syms[i].name))
			return -ENOEXEC;
	for (unsigned int i = 0; i < mod->num_kp; i++)
		if (!core_string(mod, mod->kp[i].name))
			return -ENOEXEC;
	return 0;
}

static int verify_exported_symbols(struct module *mod)
{
	const struct kernel_symbol *lists[2] = { mod->syms, mod->gpl_syms };
	unsigned int nums[2] = { mod->num_syms, mod->num_gpl_syms };

	for (int l = 0; l < 2; l++)
		for (unsigned int i = 0; i < nums[l]; i++) {
			struct module *owner;
			if (find_symbol(lists[l][i].name, &owner, true)) {
				pr_err("%s: exports duplicate symbol %s (owned by %s)\n", mod->name, lists[l][i].name,
				       owner ? owner->name : "kernel");
				return -ENOEXEC;
			}
		}
	return 0;
}

/* The names and addresses of the sections kept in memory, for /sys/module/<name>/sections. */
static int add_sect_attrs(struct module *mod, const struct load_info *info)
{
	unsigned int n = 0;
	for (unsigned int i = 1; i < info->shnum; i++)
		if (info->region[i] && (info->sechdrs[i].sh_flags & SHF_ALLOC))
			n++;
	mod->sect_attrs = kcalloc(n ? n : 1, sizeof(*mod->sect_attrs), GFP_KERNEL);
	if (!mod->sect_attrs)
		return -ENOMEM;
	for (unsigned int i = 1; i < info->shnum; i++) {
		const Elf64_Shdr *s = &info->sechdrs[i];
		if (!info->region[i] || !(s->sh_flags & SHF_ALLOC))
			continue;
		/* the image is freed after loading: the names are copied */
		mod->sect_attrs[mod->nsect].name = kstrdup(info->secstrings + s->sh_name, GFP_KERNEL);
		if (!mod->sect_attrs[mod->nsect].name)
			return -ENOMEM;
		mod->sect_attrs[mod->nsect++].address = s->sh_addr;
	}
	return 0;
}

/* Calls fn with the module named name under module_mutex; NULL if there is none. */
struct module *module_find_locked(const char *name, void (*fn)(struct module *mod, void *ctx), void *ctx)
{
	struct module *mod;
	mutex_lock(&module_mutex);
	mod = find_module(name);
	if (mod)
		fn(mod, ctx);
	mutex_unlock(&module_mutex);
	return mod;
}

/* ---- freeing ---- */
static void free_module_memory(void *core, void *init)
{
	if (init)
		vfree(init);
	if (core)
		vfree(core);
}

static void free_module(struct module *mod)
{
	void *core = mod->core_layout.base, *init = mod->init_layout.base;
	struct module_layout cl = mod->core_layout, il = mod->init_layout;

	mod_sysfs_teardown(mod);
#ifdef CONFIG_DYNAMIC_DEBUG
	ddebug_remove_module(mod->name);
#endif
	module_unload_free(mod);
	for (unsigned int i = 0; mod->sect_attrs && i < mod->nsect; i++)
		kfree(mod->sect_attrs[i].name);
	kfree(mod->sect_attrs);
	kfree(mod->args);
	kfree(mod->license);
	kfree(mod->version);
	unset_layout_prot(&il);
	unset_layout_prot(&cl);
	free_module_memory(core, init);	/* mod itself is in core */
}

/* ---- the loader ---- */
/* step 1 (setup_load_info): the ELF checks and the tables the loader reads */
static int setup_load_info(struct load_info *info)
{
	struct module *tmpl;
	int err = elf_check(info);

	if (err)
		return err;
	if (!info->modindex) {
		pr_warn("%s: No module found in object\n", get_modinfo(info, "name") ?: "(missing .modinfo name field)");
		return -ENOEXEC;
	}
	if (info->sechdrs[info->modindex].sh_size != sizeof(struct module) ||
	    info->sechdrs[info->modindex].sh_type == SHT_NOBITS) {
		pr_err("module %s: .gnu.linkonce.this_module section size must match the kernel's built struct module size at run time\n",
		       get_modinfo(info, "name") ?: "");
		return -ENOEXEC;
	}
	/* the loader writes the struct module after the protections are set: it must be data */
	if ((info->sechdrs[info->modindex].sh_flags & (SHF_WRITE | SHF_EXECINSTR)) != SHF_WRITE)
		return -ENOEXEC;
	tmpl = (struct module *)((char *)info->hdr + info->sechdrs[info->modindex].sh_offset);
	if (strnlen(tmpl->name, MODULE_NAME_LEN) >= MODULE_NAME_LEN || !tmpl->name[0])
		return -ENOEXEC;
	info->name = tmpl->name;
	if (!info->symindex) {
		pr_warn("%s: module has no symbols (stripped?)\n", info->name);
		return -ENOEXEC;
	}
	{
		const Elf64_Shdr *ss = &info->sechdrs[info->symindex], *st = &info->sechdrs[info->strindex];
		const char *image = (const char *)info->hdr;
		if (st->sh_type == SHT_NOBITS || !st->sh_size || image[st->sh_offset + st->sh_size - 1])
			return -ENOEXEC;
		info->syms = (Elf64_Sym *)(image + ss->sh_offset);
		info->nsyms = ss->sh_size / sizeof(Elf64_Sym);
		info->strtab = image + st->sh_offset;
		for (unsigned int i = 0; i < info->nsyms; i++)
			if (info->syms[i].st_name >= st->sh_size)
				return -ENOEXEC;
	}
	return 0;
}

/* step 2 (check_modinfo): the version magic */
static int check_modinfo(struct load_info *info)
{
	const char *modmagic = get_modinfo(info, "vermagic");

	if (!modmagic)
		return -ENOEXEC;	/* "bad vermagic" and no forced loading */
	if (strcmp(modmagic, VERMAGIC_STRING)) {
		pr_err("%s: version magic '%s' should be '%s'\n", info->name, modmagic, VERMAGIC_STRING);
		return -ENOEXEC;
	}
	return 0;
}

/* step 5 (move_module): both regions from module_alloc, the sections copied, sh_addr at the copies */
static int move_module(struct load_info *info)
{
	void *core, *init = NULL;

	core = module_alloc(info->core.size);
	if (!core)
		return -ENOMEM;
	memset(core, 0, info->core.size);
	kmemleak_not_leak(core);
	info->core.base = core;
	if (info->init.size) {
		init = module_alloc(info->init.size);
		if (!init) {
			free_module_memory(core, NULL);
			info->core.base = NULL;
			return -ENOMEM;
		}
		memset(init, 0, info->init.size);
		kmemleak_ignore(init);
		info->init.base = init;
	}
	for (unsigned int i = 1; i < info->shnum; i++) {
		Elf64_Shdr *s = &info->sechdrs[i];
		void *dest;
		if (!info->region[i])
			continue;
		dest = (char *)(info->region[i] == REG_CORE ? core : init) + info->offset[i];
		if (s->sh_type != SHT_NOBITS)
			memcpy(dest, (char *)info->hdr + s->sh_offset, s->sh_size);
		s->sh_addr = (unsigned long)dest;
	}
	return 0;
}

/* steps 4-5 (layout_and_allocate): the layout, the copy, and the struct module in its final place */
static struct module *layout_and_allocate(struct load_info *info)
{
	struct module *mod;
	int err;

	count_kept_symbols(info);
	err = layout_sections(info);
	if (!err)
		err = move_module(info);
	if (err)
		return ERR_PTR(err);
	mod = (struct module *)info->sechdrs[info->modindex].sh_addr;
	mod->state = MODULE_STATE_UNFORMED;
	INIT_LIST_HEAD(&mod->list);
	INIT_LIST_HEAD(&mod->source_list);
	INIT_LIST_HEAD(&mod->target_list);
	mod->core_layout = info->core;
	mod->init_layout = info->init;
	mod->refcnt = 0;
	mod->args = NULL;
	mod->taints = 0;
	mod->version = mod->srcversion = NULL;
	mod->sect_attrs = NULL;
	mod->nsect = 0;
	return mod;
}

/* step 2's taints (set_license and check_modinfo's): license, out of tree, unsigned; the version */
static void set_license(struct module *mod, const struct load_info *info)
{
	const char *license = get_modinfo(info, "license");

	if (!license)
		license = "unspecified";
	mod->license = kstrdup(license, GFP_KERNEL);
	mod->gpl_compatible = license_is_gpl_compatible(license);
	if (!mod->gpl_compatible) {
		if (!(kernel_module_taints & (1UL << TAINT_PROPRIETARY_MODULE)))
			pr_warn("%s: module license '%s' taints kernel.\n", mod->name, license);
		add_taint_module(mod, TAINT_PROPRIETARY_MODULE);
	}
	if (!get_modinfo(info, "intree")) {
		if (!(kernel_module_taints & (1UL << TAINT_OOT_MODULE)))
			pr_warn("%s: loading out-of-tree module taints kernel.\n", mod->name);
		add_taint_module(mod, TAINT_OOT_MODULE);
	}
#ifdef CONFIG_MODULE_SIG
	/* nothing is ever signed here: with signature checking on, every module taints E */
	if (!(kernel_module_taints & (1UL << TAINT_UNSIGNED_MODULE)))
		pr_notice("%s: module verification failed: signature and/or required key missing - tainting kernel\n",
			  mod->name);
	add_taint_module(mod, TAINT_UNSIGNED_MODULE);
#endif
	if (get_modinfo(info, "version"))
		mod->version = kstrdup(get_modinfo(info, "version"), GFP_KERNEL);
}

/* step 8 (find_module_sections): exports, parameters, pr_debug sites */
static void find_module_sections(struct module *mod, const struct load_info *info)
{
	mod->syms = section_objs(info, "__ksymtab", sizeof(struct kernel_symbol), &mod->num_syms);
	mod->gpl_syms = section_objs(info, "__ksymtab_gpl", sizeof(struct kernel_symbol), &mod->num_gpl_syms);
	mod->kp = section_objs(info, "__param", sizeof(struct kernel_param), &mod->num_kp);
	mod->ctors = section_objs(info, ".init_array", sizeof(*mod->ctors), &mod->num_ctors);
	if (!mod->num_ctors)
		mod->ctors = section_objs(info, ".ctors", sizeof(*mod->ctors), &mod->num_ctors);
#ifdef CONFIG_DYNAMIC_DEBUG
	{
		/* the module's pr_debug sites join dynamic_debug/control (dynamic_debug_setup) */
		unsigned int ndebug;
		struct _ddebug *debug = section_objs(info, "__dyndbg", sizeof(struct _ddebug), &ndebug);
		if (ndebug)
			ddebug_add_module(debug, ndebug, mod->name);
	}
#endif
}

/* kmemleak_load_module: only struct module and writable data hold references */
static void kmemleak_load_module(const struct module *mod, const struct load_info *info)
{
	kmemleak_scan_area(mod, sizeof(struct module), GFP_KERNEL);
	for (unsigned int i = 1; i < info->shnum; i++) {
		const Elf64_Shdr *s = &info->sechdrs[i];
		if (info->region[i] != REG_CORE || !(s->sh_flags & SHF_WRITE) || (s->sh_flags & SHF_EXECINSTR) ||
		    !s->sh_size)
			continue;
		kmemleak_scan_area((void *)s->sh_addr, s->sh_size, GFP_KERNEL);
	}
}

/* step 9 (complete_formation and what follows it): protections, COMING, on the list, parameters, sysfs */
static int complete_formation(struct module *mod)
{
	int err;

	set_layout_prot(&mod->core_layout);
	set_layout_prot(&mod->init_layout);
	mod->state = MODULE_STATE_COMING;
	modlist_add(mod);
	err = parse_module_args(mod);
	if (!err)
		err = mod_sysfs_setup(mod);
	return err;
}

/*
 * step 10 (do_init_module, its second half): the module is LIVE and its
 * init region goes. Called with module_mutex held.
 */
static void free_init_layout(struct module *mod)
{
	mod->state = MODULE_STATE_LIVE;
	if (mod->init_layout.base) {
		struct module_layout il = mod->init_layout;
		unsigned long flags;
		local_irq_save(flags);
		mod->init_layout.base = NULL;
		mod->init_layout.size = mod->init_layout.text_size = mod->init_layout.ro_size = 0;
		local_irq_restore(flags);
		unset_layout_prot(&il);
		vfree(il.base);
	}
}

/* The steps of the header, in order; each failure undoes what was done. */
int load_module(void *image, unsigned long len, const char *uargs)
{
	struct load_info info = { .hdr = image, .len = len };
	struct module *mod = NULL;
	int err;

	err = setup_load_info(&info);
	if (!err)
		err = check_modinfo(&info);
	if (err)
		return err;
	info.region = kzalloc(info.shnum, GFP_KERNEL);
	info.offset = kcalloc(info.shnum, sizeof(unsigned long), GFP_KERNEL);
	if (!info.region || !info.offset) {
		err = -ENOMEM;
		goto out_info;
	}

	mutex_lock(&module_mutex);
	if (find_module(info.name)) {	/* step 3 */
		err = -EEXIST;
		goto out_unlock;
	}
	mod = layout_and_allocate(&info);
	if (IS_ERR(mod)) {
		err = PTR_ERR(mod);
		mod = NULL;
		goto out_unlock;
	}
	set_license(mod, &info);

	/* steps 6, 7 */
	err = add_sect_attrs(mod, &info);
	if (!err)
		err = simplify_symbols(mod, &info);
	if (!err)
		err = apply_relocations(mod, &info);
	if (err)
		goto out_free;
	copy_kept_symbols(mod, &info);
	find_module_sections(mod, &info);
	err = check_table_names(mod);
	if (!err)
		err = verify_exported_symbols(mod);
	if (err)
		goto out_free;
	kmemleak_load_module(mod, &info);

	mod->args = kstrdup(uargs ? uargs : "", GFP_KERNEL);
	if (!mod->args) {
		err = -ENOMEM;
		goto out_free;
	}
	err = complete_formation(mod);
	if (err)
		goto out_unlink;
	mutex_unlock(&module_mutex);

	/* step 10 */
	err = do_init_module(mod);
	mutex_lock(&module_mutex);
	if (err) {
		mod->state = MODULE_STATE_GOING;
		goto out_unlink;
	}
	free_init_layout(mod);
	mutex_unlock(&module_mutex);
	kfree(info.region);
	kfree(info.offset);
	return 0;

out_unlink:
	modlist_del(mod);
out_free:
	free_module(mod);
out_unlock:
	mutex_unlock(&module_mutex);
out_info:
	kfree(info.region);
	kfree(info.offset);
	return err;
}

long delete_module_by_name(const char *name, unsigned int flags)
{
	struct module *mod;
	long ret = 0;

	mutex_lock(&module_mutex);
	mod = find_module(name);
	if (!mod) {
		ret = -ENOENT;
		goto out;
	}
	if (!list_empty(&mod->source_list)) {
		/* other modules depend on us */
		ret = -EWOULDBLOCK;
		goto out;
	}
	if (mod->state != MODULE_STATE_LIVE) {
		ret = -EBUSY;
		goto out;
	}
	if (mod->init && !mod->exit) {
		ret = -EBUSY;	/* no exit function: permanent */
		goto out;
	}
	if (module_refcount(mod) != 0) {
		ret = -EWOULDBLOCK;
		goto out;
	}
	mod->state = MODULE_STATE_GOING;
	mutex_unlock(&module_mutex);

	if (mod->exit)
		mod->exit();

	mutex_lock(&module_mutex);
	strlcpy(last_unloaded_module, mod->name, sizeof(last_unloaded_module));
	modlist_del(mod);
	free_module(mod);
out:
	mutex_unlock(&module_mutex);
	return ret;
}

/* ---- kallsyms side ---- */
struct module *__module_address(unsigned long addr)
{
	struct module *mod;

	if (addr < MODULES_VADDR || addr >= MODULES_END)
		return NULL;
	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		if (within(addr, &mod->core_layout) || within(addr, &mod->init_layout))
			return mod;
	}
	return NULL;
}

bool is_module_address(unsigned long addr)
{
	bool ret;
	preempt_disable();
	ret = __module_address(addr) != NULL;
	preempt_enable();
	return ret;
}

/* In a module's code (core or init text), as Linux's is_module_text_address. */
bool is_module_text_address(unsigned long addr)
{
	struct module *mod;
	bool ret = false;

	preempt_disable();
	mod = __module_address(addr);
	if (mod) {
		const struct module_layout *l = within(addr, &mod->init_layout) ? &mod->init_layout : &mod->core_layout;
		ret = addr - (unsigned long)l->base < l->text_size;
	}
	preempt_enable();
	return ret;
}

static bool symbol_live(const struct module *mod, const Elf64_Sym *s)
{
	return within(s->st_value, &mod->core_layout) || within(s->st_value, &mod->init_layout);
}

/* The symbol at or below addr: the first one in symbol-table order wins among equals. */
static const char *find_kallsyms_symbol(struct module *mod, unsigned long addr, unsigned long *size,
					unsigned long *offset)
{
	const Elf64_Sym *syms = mod->symtab;
	const struct module_layout *l = within(addr, &mod->init_layout) ? &mod->init_layout : &mod->core_layout;
	unsigned long base = (unsigned long)l->base;
	unsigned long nextval = addr < base + l->text_size ? base + l->text_size : base + l->size;
	unsigned long bestval = 0;
	unsigned int best = 0;

	for (unsigned int i = 1; i < mod->num_symtab; i++) {
		unsigned long v = syms[i].st_value;
		if (!mod->strtab[syms[i].st_name] || !symbol_live(mod, &syms[i]))
			continue;
		if (v <= addr && v > bestval) {
			best = i;
			bestval = v;
		}
		if (v > addr && v < nextval)
			nextval = v;
	}
	if (!best)
		return NULL;
	if (size)
		*size = nextval - bestval;
	if (offset)
		*offset = addr - bestval;
	return mod->strtab + syms[best].st_name;
}

const char *module_address_lookup(unsigned long addr, unsigned long *size, unsigned long *off, char **modname,
				  char *namebuf)
{
	const char *ret = NULL;
	struct module *mod;

	preempt_disable();
	mod = __module_address(addr);
	if (mod) {
		const char *sym = find_kallsyms_symbol(mod, addr, size, off);
		if (sym) {
			if (modname)
				*modname = mod->name;
			strlcpy(namebuf, sym, KSYM_NAME_LEN);
			ret = namebuf;
		}
	}
	preempt_enable();
	return ret;
}

static unsigned long find_kallsyms_symbol_value(struct module *mod, const char *name)
{
	const Elf64_Sym *syms = mod->symtab;
	for (unsigned int i = 1; i < mod->num_symtab; i++)
		if (!strcmp(name, mod->strtab + syms[i].st_name) && symbol_live(mod, &syms[i]))
			return syms[i].st_value;
	return 0;
}

/* "sym" in any module, or "mod:sym" */
unsigned long module_kallsyms_lookup_name(const char *name)
{
	const char *colon = strnchr(name, MODULE_NAME_LEN, ':');
	struct module *mod;
	unsigned long ret = 0;

	preempt_disable();
	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		if (colon) {
			if (strlen(mod->name) == (size_t)(colon - name) && !strncmp(mod->name, name, colon - name)) {
				ret = find_kallsyms_symbol_value(mod, colon + 1);
				break;
			}
		} else if ((ret = find_kallsyms_symbol_value(mod, name))) {
			break;
		}
	}
	preempt_enable();
	return ret;
}

/* /proc/kallsyms tail: "ffffffffa0000010 t leak_simple1\t[test_kmembugs]" */
int module_kallsyms_show(int (*emit)(void *ctx, const char *line), void *ctx)
{
	char line[KSYM_NAME_LEN + MODULE_NAME_LEN + 40];
	struct module *mod;

	mutex_lock(&module_mutex);
	list_for_each_entry(mod, &modules, list) {
		const Elf64_Sym *syms = mod->symtab;
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		for (unsigned int i = 1; i < mod->num_symtab; i++) {
			if (!symbol_live(mod, &syms[i]))
				continue;
			snprintf(line, sizeof(line), "%016lx %c %s\t[%s]\n", (unsigned long)syms[i].st_value,
				 syms[i].st_other, mod->strtab + syms[i].st_name, mod->name);
			if (emit(ctx, line)) {
				mutex_unlock(&module_mutex);
				return 1;
			}
		}
	}
	mutex_unlock(&module_mutex);
	return 0;
}

/* /proc/modules: "name size refcnt deps, state 0xaddr (taints)" */
int modules_show(int (*emit)(void *ctx, const char *line), void *ctx)
{
	char line[512], flags[8];
	struct module *mod;

	mutex_lock(&module_mutex);
	list_for_each_entry(mod, &modules, list) {
		struct module_use *use;
		int n;
		bool printed = false;

		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		n = scnprintf(line, sizeof(line), "%s %u %i ", mod->name,
			      mod->init_layout.size + mod->core_layout.size, module_refcount(mod));
		list_for_each_entry(use, &mod->source_list, source_list) {
			printed = true;
			n += scnprintf(line + n, sizeof(line) - n, "%s,", use->source->name);
		}
		if (mod->init && !mod->exit) {
			printed = true;
			n += scnprintf(line + n, sizeof(line) - n, "[permanent],");
		}
		if (!printed)
			n += scnprintf(line + n, sizeof(line) - n, "-");
		n += scnprintf(line + n, sizeof(line) - n, " %s 0x%px",
			       mod->state == MODULE_STATE_GOING ? "Unloading" :
			       mod->state == MODULE_STATE_COMING ? "Loading" : "Live",
			       mod->core_layout.base);
		if (mod->taints)
			n += scnprintf(line + n, sizeof(line) - n, " %s", module_flags(mod, flags));
		scnprintf(line + n, sizeof(line) - n, "\n");
		if (emit(ctx, line)) {
			mutex_unlock(&module_mutex);
			return 1;
		}
	}
	mutex_unlock(&module_mutex);
	return 0;
}

/* Oops/WARN footer: "Modules linked in: test_kmembugs(OE) kmemleak_test(E)" */
void print_modules(void)
{
	char buf[8];
	struct module *mod;

	printk(KERN_DEFAULT "Modules linked in:");
	preempt_disable();
	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		pr_cont(" %s%s", mod->name, module_flags(mod, buf));
	}
	preempt_enable();
	if (last_unloaded_module[0])
		pr_cont(" [last unloaded: %s]", last_unloaded_module);
	pr_cont("\n");
}
