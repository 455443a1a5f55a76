/*
 * modfuzz.test.ts: the module fuzzer. Seeded mutations of the built .ko
 * files (tests/modfuzz/mutate.ts: truncations, ELF header, section header,
 * symbol and relocation fields, .modinfo/vermagic/__versions,
 * .gnu.linkonce.this_module) go into a --share directory, many per boot;
 * the guest insmods each one (and rmmods it when it loaded). For every
 * variant the result must be one of:
 *   - an errno Linux 5.10's loader gives for a bad module (ENOEXEC,
 *     EINVAL, ENOENT for unknown symbols, EFAULT, ENOMEM, EEXIST, EBUSY,
 *     and whatever the module's own init returns: it ran);
 *   - the module loaded (and unloaded), the mutation did not matter;
 *   - its init returned a value below the errno range (BELOW_ERRNO: the
 *     boot has initcall_debug, and loglevel=8 puts its "initcall ...
 *     returned N" lines on the console): freed, and insmod exits 0 as
 *     kmod's does;
 *   - an oops only where Linux oopses too: while the module's own code
 *     runs, its init (the trace goes through do_init_module) or its exit
 *     (delete_module). That is the class of mutations that leave a
 *     structurally valid object whose code or data is wrong: a
 *     relocation that passes every check but resolves to another symbol
 *     or addend (init calls or jumps into garbage, a kernel function gets
 *     a bad pointer), a changed st_value of a defined symbol, code bytes
 *     or this_module's init/exit pointers overwritten, sh_offset of .text
 *     moved to other bytes of the file. The loader itself (elf checks,
 *     layout, symbols, relocations, exports, sysfs) must never oops;
 *   - an oops in the module's own code after which the damage it did
 *     (e.g. a list written through a relocated pointer into a slab's
 *     lists) kills init: Linux's "Attempted to kill init!" panic follows
 *     such an oops there too; the rest of the batch goes on in another boot;
 *   - FATAL_OOPS: an oops in the module's own code that is itself fatal,
 *     because the code ran into the middle of a kernel function that
 *     unbalanced the preemption count ("Fatal exception in interrupt", as
 *     Linux's oops_end says for the same count); the rest goes on in
 *     another boot;
 *   - DOUBLE_FAULT: the module's code left rsp where nothing is mapped and
 *     faulted: Linux's double fault handler always dies ("PANIC: double
 *     fault", the oops, "Fatal exception in interrupt"); the rest goes on
 *     in another boot;
 *   - OOM_DEADLOCK: the module's code allocated without end; the OOM
 *     killer took every killable task, then "System is deadlocked on
 *     memory", Linux's panic when none is left (or init, out of memory
 *     for its next command, exits: "Attempted to kill init!");
 *   - the machine stopped (triple fault) at an address in the module area:
 *     the module's code ran away; the rest of the batch goes on in another
 *     boot;
 *   - STACK_OVERFLOW: the module's code recursed into the guard page below
 *     the task's stack (e.g. a call relocation re-aimed at the init
 *     function itself): "BUG: stack guard page was hit", "kernel stack
 *     overflow (double-fault)" and the panic, as Linux 5.10 with
 *     CONFIG_VMAP_STACK; the rest of the batch goes on in another boot;
 * and never a panic, a hang (the boot's --timeout) or a host error.
 * An oops taints the kernel D and may have left it corrupted (a module's
 * init that died half-way through list_add_tail leaves a list pointing at
 * freed or wild memory): whatever a later variant met then would be the
 * earlier one's doing (seed 5 #947, which alone gets its init's EINVAL,
 * oopsed in __slab_alloc and killed init right after #946 had damaged
 * kmalloc_caches), so the boot stops after a variant that oopsed and
 * the rest of its batch goes on in a fresh boot.
 * Code that ran away may leave no frame-pointer chain: the oops's trace
 * is then the stack's text addresses ("? do_init_module+..."), as Linux
 * prints it (arch/x86/stacktrace.c), and do_init_module among them still
 * says whose code ran; when its epilogue popped even those frames, the
 * "Modules linked in:" line still shows the variant coming (+) or going
 * (-), i.e. its init or exit running. A boot that ends after a variant's
 * R line (in its rmmod, or later, of its damage) is that variant's end.
 * npm test runs one boot of 150 variants plus REGRESSIONS (variants the
 * long runs found, each with the outcome it must have); KMEMLAB_FUZZ_LONG=1 runs
 * KMEMLAB_FUZZ_CASES variants (default 10,000) from KMEMLAB_FUZZ_SEED and
 * prints the count of each outcome.
 */
import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { mutant, type Mutant } from "../modfuzz/mutate.ts";
import { bootGuestAsync, pool } from "./guest.ts";

const LONG = process.env.KMEMLAB_FUZZ_LONG === "1";
const CASES = LONG ? Number(process.env.KMEMLAB_FUZZ_CASES ?? 10_000) : 150;
const SEED = Number(process.env.KMEMLAB_FUZZ_SEED ?? 1);
const PER_BOOT = 250;
/** KMEMLAB_FUZZ_ONLY="seed:index,...": only those variants (replay; each one's outcome is printed) */
const ONLY = process.env.KMEMLAB_FUZZ_ONLY?.split(",").map((x) => x.split(":").map(Number) as [number, number]);
const BASES = ["kmemlab_testmod.ko", "kmemleak-test.ko", "kmemlab_relocs.ko"];

/** insmod's message for each errno a bad module may get (user/bin/insmod.c, strerror). */
const ERRNO_OF: Record<string, string> = {
  "Invalid module format": "ENOEXEC", "Unknown symbol in module": "ENOENT", "Module has wrong symbol version": "ESRCH",
  "Invalid parameters": "EINVAL", "Bad address": "EFAULT", "Out of memory": "ENOMEM", "Cannot allocate memory": "ENOMEM",
  "File exists": "EEXIST", "Device or resource busy": "EBUSY", "Operation not permitted": "EPERM",
  "Exec format error": "ENOEXEC", "No such file or directory": "ENOENT", "Argument list too long": "E2BIG",
  "No space left on device": "ENOSPC", "Resource temporarily unavailable": "EAGAIN",
};
/**
 * A kernel-mode fault: Linux's first lines of an oops; die()'s is "<trap name>: <error code> [#n]"
 * for every trap (seed 6 #3281's init ran into an int3: "int3: 0000 [#1] SMP NOPTI").
 */
const OOPS = /\] (BUG: unable to handle page fault|BUG: kernel NULL pointer dereference|(segment-related )?general protection fault|invalid opcode:|Oops:|kernel BUG at|stack segment:|divide error:|double fault:|[a-z][a-z0-9 ]*: [0-9a-f]{4} \[#\d+\])/;

interface Outcome { variant: string; what: string[]; result: string }

/**
 * The module's own init ran and returned a value below the errno range (code or data the mutation
 * changed, e.g. a relocation re-aimed so init returns an address's low half): the kernel frees the
 * module as for any result < 0 (5.10's do_init_module) and finit_module returns the value as it is;
 * libc sees no error and kmod's insmod exits 0 silently. initcall_debug's "returned N" tells it
 * from a load; the module is not in /proc/modules.
 */
const BELOW_ERRNO = "init returned a value below the errno range";
/**
 * The module's own code corrupted kernel memory and oopsed (an oops in its own code), and the
 * damage then killed init: seed 5 #946, whose test_list.prev is relocated to kmalloc_caches+0x10,
 * so init's list_add_tail stores its element over kmalloc_caches[2] (kmalloc-192): its own
 * kmalloc(129) oopses in __slab_alloc, then the shell's next fork and init's: "Attempted to kill
 * init!". Linux, its memory so damaged, dies the same way; the rest goes on in another boot.
 */
const DIED_OF_IT = "oops in the module's own code, then its damage killed init";

/**
 * The module's own code oopsed and the oops itself was fatal: seed 6 #741 and #2631, whose exit's
 * call to printk is re-aimed 21 or 10 bytes before it, into the tail of vprintk, which releases
 * logbuf_lock without having taken it (one preempt_enable too many) and pops the exit's and
 * delete_module's frames as its own: its ret goes to a string's bytes (#GP). The preemption count
 * is then -1, which in_interrupt() reads as interrupt context, so the oops ends in "Kernel panic -
 * not syncing: Fatal exception in interrupt": Linux's oops_end makes the same test of the same count.
 */
const FATAL_OOPS = "oops in the module's own code, fatal in the state it left";

/**
 * The module's own code left the stack pointer where nothing is mapped and faulted (seed 6 #4445:
 * random bytes in kmemlab_relocs' init turn its "mov %rax,%rdx" into "ret $0xb848", which returns
 * to a stale word, 0xc65d40, with rsp 46 KiB above the stack's top): the instruction fetch faults
 * and the CPU cannot push the fault's frame there, so it raises a double fault. Linux 5.10's exc_double_fault, on its own IST stack, prints "PANIC: double fault,
 * error_code: 0x0" and dies ("double fault: 0000 [#1]") in its NMI-like context, so the oops ends in
 * "Fatal exception in interrupt": a double fault is always fatal. (Into the stack's guard page it
 * is STACK_OVERFLOW instead.) The rest goes on in another boot.
 */
const DOUBLE_FAULT = "double fault in the module's own code";

/**
 * The module's own code allocated without end (seed 7 #2704: .text without SHF_EXECINSTR and 3
 * random bytes; kmemleak-test's init repeats its kmalloc/vmalloc/kzalloc rounds forever): the OOM
 * killer, called from its allocations (do_init_module in the report's trace), kills sh, then
 * insmod, whose init goes on; with nothing killable left (init is not a candidate) Linux 5.10's
 * out_of_memory prints "Out of memory and no killable processes..." and panics "System is
 * deadlocked on memory", as here; or /init, left without memory for its next command, exits (126)
 * and the kernel panics "Attempted to kill init!" (the same variant after others in one share). Every "oom_reaper: reaped process" line must give a sane
 * figure (no more than the guest's RAM): a victim that exited while the reaper yielded once left
 * a freed mm's poison there. The rest goes on in another boot.
 */
const OOM_DEADLOCK = "the module's own code took all memory: the OOM killer, then the panic";

/** OOM_DEADLOCK's reading of a variant's lines, or undefined. */
function oomDeadlock(part: string[], panicAt: number): string | undefined {
  const deadlocked = /\] Kernel panic - not syncing: System is deadlocked on memory$/.test(part[panicAt]!) &&
    /\] Out of memory and no killable processes\.\.\.$/.test(part[panicAt - 1] ?? "");
  if (!deadlocked && !/\] Kernel panic - not syncing: Attempted to kill init! exitcode=0x[0-9a-f]+$/.test(part[panicAt]!)) return undefined;
  const oomAt = part.findIndex((l) => /\] \S+ invoked oom-killer: /.test(l));
  if (oomAt < 0 || !/do_init_module|delete_module/.test(part.slice(oomAt, oomAt + 30).join("\n"))) return undefined;
  const bad = part.find((l) => Number(/\] oom_reaper: reaped process \d+ \(.*\), now anon-rss:(\d+)kB/.exec(l)?.[1] ?? 0) > 128 * 1024);
  return bad === undefined ? OOM_DEADLOCK : `OOM REPORT OUT OF RANGE: ${bad}`;
}

/**
 * Whether the oops starting at part[at] came from the variant's own code: its trace goes through
 * do_init_module or delete_module (the init or the exit called from the loader), or the trace has
 * no frame at all (only "? " entries: the code ran off its frames, popping the loader's too) and
 * the oops's "Modules linked in:" line shows the variant coming (+: its init was running) or
 * going (-: its exit was running). An oops in the loader itself has the loader's frames.
 */
function ownCode(name: string, part: string[], at: number): boolean {
  const tail = part.slice(at, at + 60);
  const end = tail.findIndex((l) => /---\[ end trace /.test(l));
  const oops = tail.slice(0, end < 0 ? tail.length : end + 1);
  if (/do_init_module|delete_module/.test(oops.join("\n"))) return true;
  const traceAt = oops.findIndex((l) => /\] Call Trace:$/.test(l));
  const modsAt = oops.findIndex((l) => /\] Modules linked in:/.test(l));
  if (traceAt < 0 || modsAt < 0) return false;
  // the kernel part of the trace: up to the user registers ("RIP: 0033:") or the modules line
  const userAt = oops.findIndex((l, i) => i > traceAt && /\] RIP: 0033:/.test(l));
  const frames = oops.slice(traceAt + 1, userAt > traceAt ? userAt : modsAt);
  const flag = new RegExp(`[ :]${name}\\([A-Z]*[+-]\\)`);
  return frames.every((l) => /\]  \? /.test(l)) && flag.test(oops[modsAt]!);
}

const NO_RESULT = "no result (the boot ended before it)";

function classify(m: Mutant, lines: string[]): Outcome {
  const at = lines.indexOf(`B ${m.name}`);
  const end = lines.findIndex((l, i) => i > at && l.startsWith(`R ${m.name} `));
  const o = { variant: m.name, what: m.what };
  if (at < 0) return { ...o, result: NO_RESULT };
  // its lines: up to the next variant's (or the boot's end, when its insmod never returned)
  const next = lines.findIndex((l, i) => i > Math.max(at, end) && l.startsWith("B "));
  const part = lines.slice(at + 1, end < 0 || next < 0 ? lines.length : next);
  const oopsAt = part.findIndex((l) => OOPS.test(l));
  const panicAt = part.findIndex((l) => /Kernel panic/.test(l));
  const own = oopsAt >= 0 && ownCode(m.name, part, oopsAt);
  if (panicAt >= 0 && own && oopsAt < panicAt) {
    // the first oops's own end: its "Fatal exception in interrupt" comes right after its end marker and registers
    const fatal = /\] Kernel panic - not syncing: Fatal exception in interrupt$/.test(part[panicAt]!) &&
      part.slice(oopsAt + 1, panicAt).filter((l) => OOPS.test(l)).length === 0;
    const df = /\] double fault: /.test(part[oopsAt]!) && /\] PANIC: double fault, error_code: 0x[0-9a-f]+$/.test(part[oopsAt - 1] ?? "");
    return { ...o, result: df && fatal ? DOUBLE_FAULT : fatal ? FATAL_OOPS : DIED_OF_IT };
  }
  if (panicAt >= 0) return { ...o, result: oomDeadlock(part, panicAt) ?? "PANIC" };
  if (oopsAt >= 0) {
    if (own) return { ...o, result: "oops in the module's own code" };
    return { ...o, result: `OOPS IN THE LOADER:\n${part.slice(oopsAt, oopsAt + 60).join("\n")}` };
  }
  if (end < 0) return { ...o, result: NO_RESULT };
  const status = Number(lines[end]!.split(" ")[2]);
  // initcall_debug's line for the module's init: what it returned
  const ret = part.map((l) => /^\[T\] initcall \S+ \[\S+\] returned (-?\d+) after /.exec(l)?.[1]).find((x) => x !== undefined);
  if (status === 0 && ret !== undefined && Number(ret) < -4095) return { ...o, result: BELOW_ERRNO };
  if (status === 0) return { ...o, result: "loaded" };
  const msg = part.map((l) => /^insmod: ERROR: could not insert module \S+: (.*)$/.exec(l)?.[1]).find((x) => x !== undefined);
  if (status === 1 && msg !== undefined) return { ...o, result: ERRNO_OF[msg] ?? `unexpected error '${msg}'` };
  return { ...o, result: `status ${status}` };
}

/** The module's code overflowed the stack: the guard page's double fault and the panic, as Linux 5.10's. */
const STACK_OVERFLOW = "kernel stack overflow in the module's own code";

/** The module area (CONVENTIONS.md): a machine stop at an address there is the module's own code running away. */
const IN_MODULE_AREA = /at rip 0xffffffffa[0-9a-f]{7}\b/;

/** Boots once for the variants; if the machine stops on one, the rest go to another boot. */
async function runBatch(variants: Mutant[], batch: number): Promise<Outcome[]> {
  const dir = mkdtempSync(join(tmpdir(), "kmemlab-modfuzz-"));
  let r;
  try {
    for (const m of variants) writeFileSync(join(dir, `${m.name}.ko`), m.bytes);
    // after an oops (taint D, bit 7) the kernel may be corrupted: the rest goes to a fresh boot
    const exec = [
      `for n in ${variants.map((m) => m.name).join(" ")}; do echo "B $n"; insmod /mnt/host/$n.ko; s=$?; echo "R $n $s";`,
      `if [ $s -eq 0 ]; then rmmod $(cut -d' ' -f1 /proc/modules | head -n 1); echo "U $?"; fi;`,
      `if [ $(( $(cat /proc/sys/kernel/tainted) & 128 )) -ne 0 ]; then echo modfuzz-died; break; fi; done; echo modfuzz-end`,
    ].join(" ");
    r = await bootGuestAsync({ exec, append: "initcall_debug loglevel=8", extra: ["--share", dir, "--timeout", "600"], timeoutMs: 700_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const lines = r.lines;
  if (r.status === 0 && lines.includes("modfuzz-end")) {
    const ran = variants.filter((m) => lines.includes(`B ${m.name}`)), rest = variants.slice(ran.length);
    return [...ran.map((m) => classify(m, lines)), ...(rest.length && ran.length ? await runBatch(rest, batch) : [])];
  }
  // the boot ended early: in a variant's insmod, or after its R line (in its rmmod, or later, of
  // its damage): that variant is judged by how the boot ended, the rest go on in another boot
  const started = variants.findIndex((m) => !lines.some((l) => l.startsWith(`R ${m.name} `)));
  const ran = started < 0 ? variants.length : started;
  const inCur = ran < variants.length && lines.includes(`B ${variants[ran]!.name}`);
  const last = inCur ? ran : ran - 1;
  if (last < 0)
    return [{ variant: `batch ${batch}`, what: [], result: `boot status ${r.status}: ${lines.slice(-15).join("\n")}\n${r.stderr.slice(-2000)}` }];
  const done = variants.slice(0, last).map((m) => classify(m, lines));
  const who = variants[last]!;
  const judged = classify(who, lines).result;
  const end = `${lines.slice(-5).join("\n")}\n${r.stderr.slice(-500)}`;
  const ranAway = r.status === 3 && /triple fault/.test(r.stderr) && IN_MODULE_AREA.test(r.stderr);
  const tail = lines.slice(lines.indexOf(`B ${who.name}`));
  const overflow = r.status === 3 && tail.some((l) => /\] BUG: stack guard page was hit at /.test(l)) &&
    tail.some((l) => /\] kernel stack overflow \(double-fault\): 0000 /.test(l)) && tail.some((l) => /do_init_module|delete_module/.test(l));
  // how the machine stopped, else what its own lines say ended it (a panic, after its oops or not)
  const ENDED = new Set([DIED_OF_IT, FATAL_OOPS, DOUBLE_FAULT, OOM_DEADLOCK, "PANIC"]);
  const result = overflow ? STACK_OVERFLOW : ranAway ? "machine stopped in the module's own code" :
    ENDED.has(judged) || /^(OOPS IN THE LOADER|OOM REPORT)/.test(judged) ? judged : `boot status ${r.status} ${inCur ? "on" : "after"} it (${judged}): ${end}`;
  done.push({ variant: who.name, what: who.what, result });
  return [...done, ...(last + 1 < variants.length ? await runBatch(variants.slice(last + 1), batch) : [])];
}

/**
 * Variants long runs found, [seed, index, outcome]. 2/312: init_module's st_value moved 0x2e into
 * the function, so init starts past its prologue, its epilogue pops do_one_initcall's locals and
 * returns to a stale address in them (a kernel function, with a garbage rbp): the oops's trace had
 * no frame and it looked like the loader's (new_inode); Linux oopses there too. 3/2251: a relocation
 * of kmemleak-test's test_list.prev re-aimed at vmalloc+0x10, so init's list_add_tail writes into
 * the kernel's text: it faults there (text is read-only, as with Linux's STRICT_KERNEL_RWX) instead
 * of corrupting vmalloc for every later exec. 4/958: init recurses into itself until its stack runs
 * into the guard page (a stack overflow: Linux's double-fault panic, not a hang or corrupted memory).
 * 5/1417: kmemleak-test's undefined kmalloc_index given st_shndx 2 becomes a symbol at init itself
 * (5.10's simplify_symbols does not check st_shndx), so init calls itself forever: the same overflow.
 * 4/1718 and 4/2401: init_module's st_shndx moved to
 * .text (kmemlab_relocs' kmemlab_reloc_pc32 runs as init) or to .exit.text (kmemleak-test's exit
 * runs as init): each returns a pointer's low half, below the errno range; the module is freed and
 * insmod exits 0 silently, as kmod's. 5/947: kmemlab_relocs' section symbol for .rodata.str1.1 moved
 * to .rodata.str1.8 (a valid index, so Linux's simplify_symbols takes it): init's own checks fail and
 * it returns -EINVAL ("Invalid parameters", kmod's message for it); right after 5/946 (DIED_OF_IT)
 * in the same boot it met that variant's damage and was judged for it. 5/829: .rela.data's sh_size
 * cut to 2, so no relocation of .data is applied (as in Linux, which does not check sh_size against
 * sh_entsize): test_list stays NULL and init's list_add_tail oopses. 6/1955: this_module's init
 * pointer 12 bytes into init, whose relocated displacement there decodes as iretd: its 32-bit pops
 * load CS 0xffff, "segment-related general protection fault: fffc" (5.10's words for a #GP with an
 * error code), and insmod is killed with SIGSEGV (status 139) as Linux's oops_end does. 6/112:
 * its first draw re-aimed test_list's "prev" at this_module's list.next, so init stored its nodes
 * into the kernel's module list, which then looped (test_list's own link): printk's %pS of the
 * initcall_debug line walked it forever with interrupts off; that draw is no longer made
 * (mutate.ts), and the one made instead is a bad .modinfo. 6/741 and 6/2631: exit's call to printk
 * re-aimed into vprintk's tail (FATAL_OOPS); it oopses in rmmod after its R line, so the boot ends
 * there (before, the whole batch was failed as "boot status 3" and the rest of it lost). 6/4445:
 * DOUBLE_FAULT (it was PANIC). 7/2704: OOM_DEADLOCK (it was PANIC; its oom_reaper line for sh
 * read sh's freed mm: "now anon-rss:12514849900987264428kB", 0x6b poison times 4). 6/3777:
 * this_module's exit pointer 2 bytes in, past the push of rbp, so the exit's frame holds
 * delete_module's return address where its saved rbp should be: its printk oopses and the trace,
 * once it stopped at the exit's frame, was taken for the loader's; show_trace_log_lvl's "? "
 * lines (as Linux's) now show delete_module_by_name above it. 6/3281: init runs into an int3
 * (0xcc); die()'s "int3: 0000 [#1]" was not taken for an oops, so insmod's SIGSEGV was "status 139".
 */
const REGRESSIONS: [number, number, string][] = [[2, 312, "oops in the module's own code"], [3, 2251, "oops in the module's own code"],
  [4, 958, STACK_OVERFLOW], [5, 1417, STACK_OVERFLOW],
  [4, 1718, BELOW_ERRNO], [4, 2401, BELOW_ERRNO], [5, 829, "oops in the module's own code"], [5, 946, DIED_OF_IT], [5, 947, "EINVAL"],
  [6, 1955, "oops in the module's own code"], [6, 112, "ENOEXEC"], [6, 741, FATAL_OOPS], [6, 2631, FATAL_OOPS],
  [6, 4445, DOUBLE_FAULT], [7, 2704, OOM_DEADLOCK],
  [6, 3777, "oops in the module's own code"], [6, 3281, "oops in the module's own code"]];

const ALLOWED = new Set(["ENOEXEC", "EINVAL", "ENOENT", "EFAULT", "ENOMEM", "EEXIST", "EBUSY", "EPERM", "E2BIG", "ENOSPC", "loaded", BELOW_ERRNO,
  "oops in the module's own code", "machine stopped in the module's own code", DIED_OF_IT, FATAL_OOPS, DOUBLE_FAULT, OOM_DEADLOCK, STACK_OVERFLOW]);

describe(`modfuzz: ${CASES} mutated modules from seed ${SEED}`, () => {
  it("every variant gets an errno Linux would give, loads, or oopses in its own code; no panic, no hang", async () => {
    const bases = BASES.map((f) => new Uint8Array(readFileSync(join(ROOT, "build/modules", f))));
    const all = ONLY ? [] : Array.from({ length: CASES }, (_, i) => mutant(bases[i % bases.length]!, SEED, i));
    const picked: [number, number, string][] = ONLY ? ONLY.map(([seed, i]) => [seed, i, REGRESSIONS.find((x) => x[0] === seed && x[1] === i)?.[2] ?? "?"]) : REGRESSIONS;
    const regressions = LONG ? [] : picked.map(([seed, i, want]) => ({ m: mutant(bases[i % bases.length]!, seed, i), want }));
    all.push(...regressions.map((r) => r.m));
    const batches: Mutant[][] = [];
    for (let i = 0; i < all.length; i += PER_BOOT) batches.push(all.slice(i, i + PER_BOOT));
    const outcomes = (await pool(batches.map((b, i) => () => runBatch(b, i)))).flat();
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(ALLOWED.has(o.result) ? o.result : "BAD", (counts.get(ALLOWED.has(o.result) ? o.result : "BAD") ?? 0) + 1);
    const bad = outcomes.filter((o) => !ALLOWED.has(o.result));
    if (ONLY) for (const o of outcomes) console.log(`${o.variant} (${o.what.join("; ")}): ${o.result}`);
    console.log(`modfuzz: seed ${SEED}, ${ONLY ? 0 : CASES} variants (and ${regressions.length} regressions) in ${batches.length} boots: ` + [...counts].sort().map(([k, v]) => `${k} ${v}`).join(", "));
    expect(regressions.map(({ m }) => `${m.name}: ${outcomes.find((o) => o.variant === m.name)?.result}`))
      .toEqual(regressions.map(({ m, want }) => `${m.name}: ${want}`));
    expect(bad.slice(0, 5).map((o) => `${o.variant} (${o.what.join("; ")}): ${o.result}`)).toEqual([]);
    if (!ONLY) expect(counts.get("ENOEXEC") ?? 0).toBeGreaterThan(CASES / 10);
  }, LONG ? 4 * 3600_000 : 300_000);
});
