/*
 * oops.test.ts: a kernel fault, reported line by line as Linux 5.10
 * prints it (arch/x86/mm/fault.c's show_fault_oops and dump_pagetable,
 * dumpstack.c's __die/show_regs/oops_end, process_64.c's __show_regs),
 * with modules/kmemlab_oops (the traces' " ? " lines, the text addresses
 * the stack scan finds beside the frames, are checked in one test and left
 * out of the others): a store into a vmalloc guard page from a
 * module's init, a ud2, a stack overflow into the guard page below the
 * task's vmalloc'd stack (CONFIG_VMAP_STACK: the double fault and its
 * panic), and check_copy_size's warning for a
 * copy_from_user larger than its buffer. Addresses and the trace id are masked; the
 * sizes, error codes, register values set by the module, frame names and
 * the order of the lines are exact. The task that oopsed is killed
 * (SIGKILL for a page fault, SIGSEGV else) and its parent shell goes on.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { type BootResult, bootGuestAsync, pool, session, userOutput } from "./guest.ts";
import { bootFromStateAsync } from "./booted-state.ts";

const MOD = "/lib/modules/$(uname -r)/kmemlab_oops.ko";
const INIT_PATH = ["do_one_initcall", "do_init_module", "load_module", "__do_sys_finit_module", "__x64_sys_finit_module",
  "do_syscall_64", "entry_SYSCALL_64_after_hwframe"];
const HEX16 = "[0-9a-f]{16}";
const FRAME = / \[kmemlab_oops\]$|\+0x[0-9a-f]+\/0x[0-9a-f]+/g;

let write: BootResult, ud2: BootResult, usercopy: BootResult, kthread: BootResult, gp: BootResult, gpsib: BootResult,
  irqwarn: BootResult, panicked: BootResult, recurse: BootResult, config: BootResult;

beforeAll(async () => {
  [write, ud2, usercopy, kthread, gp, gpsib, irqwarn, panicked, recurse, config] = await pool([
    () => bootFromStateAsync({ exec: `insmod ${MOD} what=write; echo "rc $?"; echo the shell survives` }),
    () => bootFromStateAsync({ exec: `insmod ${MOD} what=ud2; echo "rc $?"; echo the shell survives` }),
    () => bootFromStateAsync({ exec: `insmod ${MOD} what=usercopy copy_len=8; echo "rc $?"; rmmod kmemlab_oops; ` +
      `insmod ${MOD} what=usercopy; echo "rc $?"` }),
    () => bootFromStateAsync({ exec: `insmod ${MOD} what=kthread; echo "rc $?"; sleep 1; echo the machine goes on` }),
    () => bootFromStateAsync({ exec: `insmod ${MOD} what=gp; echo "rc $?"` }),
    () => bootFromStateAsync({ exec: `insmod ${MOD} what=gpsib; echo "rc $?"` }),
    () => bootFromStateAsync({ exec: `insmod ${MOD} what=irqwarn; echo "rc $?"` }),
    () => bootGuestAsync({ exec: `insmod ${MOD} what=write; echo "rc $?"`, append: "oops=panic" }),
    () => bootFromStateAsync({ exec: `insmod ${MOD} what=recurse; echo "rc $?"` }),
    () => bootFromStateAsync({ exec: "zcat /proc/config.gz | grep -e FRAME_POINTER -e UNWINDER" }),
  ]);
}, 240_000);

/** A trace's line for a text address the unwinder did not reach: " ? fn+off/size [mod]", or the bare address %pB cannot name. */
const UNRELIABLE = /^ \? (\S+\+0x[0-9a-f]+\/0x[0-9a-f]+( \[\w+\])?|0x[0-9a-f]{16})$/;
/** The kernel lines, without the traces' " ? " lines unless asked (the frames the unwinder follows stay). */
function kernelLines(r: BootResult, unreliable = false): string[] {
  return session(r).filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4)).filter((l) => unreliable || !l.startsWith(" ? "));
}

/** The kernel lines from the first line matching `from` to the end of the executive summary (its CR2 line). */
function report(r: BootResult, from: RegExp, unreliable = false): string[] {
  const lines = kernelLines(r, unreliable);
  const i = lines.findIndex((l) => from.test(l));
  const end = lines.findIndex((l, k) => k > i && /^---\[ end trace /.test(l));
  return lines.slice(i, end + 12);
}

/** The lines of __show_regs(regs, SHOW_REGS_ALL) after RIP: and Code: */
function expectAllRegs(lines: string[], cr2: string) {
  expect(lines[0]).toMatch(new RegExp(`^RSP: 0018:ffffc900${"[0-9a-f]{8}"} EFLAGS: [0-9a-f]{8}$`));
  expect(lines[1]).toMatch(new RegExp(`^RAX: ${HEX16} RBX: 1111111111111111 RCX: ${HEX16}$`));
  expect(lines[2]).toMatch(new RegExp(`^RDX: ${HEX16} RSI: ${HEX16} RDI: ${cr2}$`));
  expect(lines[3]).toMatch(new RegExp(`^RBP: ${HEX16} R08: ${HEX16} R09: ${HEX16}$`));
  expect(lines[4]).toMatch(new RegExp(`^R10: ${HEX16} R11: ${HEX16} R12: 1212121212121212$`));
  expect(lines[5]).toBe("R13: 1313131313131313 R14: 1414141414141414 R15: 1515151515151515");
  expect(lines[6]).toMatch(new RegExp(`^FS:  ${HEX16}\\(0000\\) GS:${HEX16}\\(0000\\) knlGS:${HEX16}$`));
  expect(lines[7]).toMatch(new RegExp(`^CS:  0010 DS: 0000 ES: 0000 CR0: ${HEX16}$`));
  expect(lines[8]).toMatch(new RegExp(`^CR2: ${cr2} CR3: ${HEX16} CR4: ${HEX16}$`));
}

describe("an oops as Linux 5.10 prints it", () => {
  it("a store into a vmalloc guard page: #PF lines, the page-table walk, registers, trace, summary; insmod killed", () => {
    const u = session(write).filter((l) => !l.startsWith("[T] "));
    expect(u).toEqual(["Killed", "rc 137", "the shell survives", ""]);
    const buf = /^\[T\] kmemlab_oops: writing past vmalloc\(4096\) = (ffffc900[0-9a-f]{8})$/.exec(
      session(write).find((l) => l.includes("writing past"))!)![1]!;
    const addr = (BigInt(`0x${buf}`) + 4096n).toString(16).padStart(16, "0");
    const r = report(write, /^BUG: /);
    expect(r.slice(0, 3)).toEqual([
      `BUG: unable to handle page fault for address: ${addr}`,
      "#PF: supervisor write access in kernel mode",
      "#PF: error_code(0x0002) - not-present page",
    ]);
    // 4-level paging folds P4D into PGD: the same entry twice; a vmalloc page has a PTE, here the guard's 0
    expect(r[3]).toMatch(/^PGD ([0-9a-f]+) P4D \1 PUD [0-9a-f]+ PMD [0-9a-f]+ PTE 0$/);
    expect(r[4]).toBe("Oops: 0002 [#1] SMP NOPTI");
    expect(r[5]).toMatch(/^CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}O {6}5\.10\.0-kmemlab #1$/);
    expect(r[6]).toMatch(/^RIP: 0010:store_at\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kmemlab_oops\]$/);
    // 42 bytes before RIP, the faulting byte in <>, 21 after: movabs $0x15..,%r15 then movb $0x78,(%rdi)
    expect(r[7]).toMatch(/^Code: ([0-9a-f]{2} ){34}15 15 15 15 15 15 15 15 <c6> 07 78( [0-9a-f]{2}){19}$/);
    expectAllRegs(r.slice(8, 17), addr);
    expect(r[17]).toBe("Call Trace:");
    expect(r.slice(18, 27).map((l) => l.trim().replace(FRAME, ""))).toEqual(["write_past_vmalloc", "kmemlab_oops_init", ...INIT_PATH]);
    expect(r[19]).toMatch(/^ kmemlab_oops_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kmemlab_oops\]$/);
    // the trace ends at the system call: its user registers, finit_module's number in ORIG_RAX
    expect(r[27]).toMatch(/^RIP: 0033:0x[0-9a-f]+$/);
    expect(r[28]).toMatch(/^Code: ([0-9a-f]{2} ){40}0f 05 <[0-9a-f]{2}>( [0-9a-f]{2}){21}$/);
    expect(r[29]).toMatch(new RegExp(`^RSP: 002b:00007fff[0-9a-f]{8} EFLAGS: [0-9a-f]{8} ORIG_RAX: 0000000000000139$`));
    expect(r[30]).toMatch(new RegExp(`^RAX: ffffffffffffffda RBX: ${HEX16} RCX: ${HEX16}$`));
    expect(r[34]).toMatch(new RegExp(`^R13: ${HEX16} R14: ${HEX16} R15: ${HEX16}$`));
    expect(r.slice(35, 37)).toEqual(["Modules linked in: kmemlab_oops(O+)", `CR2: ${addr}`]);
    expect(r[37]).toMatch(/^---\[ end trace [0-9a-f]{16} \]---$/);
    // the executive summary: the first oops's registers again
    expect(r.slice(38, 40)).toEqual(r.slice(6, 8));
    expectAllRegs(r.slice(40, 49), addr);
    expect(r).toHaveLength(49);
    expect(write.status).toBe(0);
  });

  it("the trace scans the stack as 5.10's show_trace_log_lvl: the unwinder's frames, and \" ? \" for the other text addresses", () => {
    // the unwinder the kernel says it has
    expect(userOutput(config)).toEqual(["CONFIG_FRAME_POINTER=y", "CONFIG_UNWINDER_FRAME_POINTER=y", ""]);
    const r = report(write, /^BUG: /, true);
    const t = r.slice(r.indexOf("Call Trace:") + 1, r.findIndex((l) => l.startsWith("RIP: 0033:")));
    const [sure, guess] = [t.filter((l) => !l.startsWith(" ? ")), t.filter((l) => l.startsWith(" ? "))];
    // the frames are the same as without the scan, the clues lie between them
    expect(sure.map((l) => l.trim().replace(FRAME, ""))).toEqual(["write_past_vmalloc", "kmemlab_oops_init", ...INIT_PATH]);
    expect(guess.length).toBeGreaterThan(0);
    for (const l of guess) expect(l).toMatch(UNRELIABLE);
    // do_one_initcall's argument, the module's init function: its first byte, which %pB (the byte before) cannot name,
    // as real 5.10 oopses in a module's init show "? 0xffffffffc0..."
    expect(guess).toContainEqual(expect.stringMatching(/^ \? 0xffffffffa[0-9a-f]{7}$/));
    expect(t.indexOf(sure[0]!)).toBeLessThan(t.indexOf(guess[0]!));
  });

  it("an invalid opcode: no #PF lines and no CR2 summary, the task gets SIGSEGV", () => {
    const u = session(ud2).filter((l) => !l.startsWith("[T] "));
    expect(u).toEqual(["Segmentation fault", "rc 139", "the shell survives", ""]);
    const r = report(ud2, /^invalid opcode: /);
    expect(r[0]).toBe("invalid opcode: 0000 [#1] SMP NOPTI");
    expect(r[2]).toMatch(/^RIP: 0010:kmemlab_oops_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kmemlab_oops\]$/);
    expect(r[3]).toMatch(/^Code: ([0-9a-f]{2} ){42}<0f> 0b( [0-9a-f]{2}){20}$/);
    const ct = r.indexOf("Call Trace:");
    expect(r.slice(ct + 1, ct + 1 + INIT_PATH.length).map((l) => l.trim().replace(FRAME, ""))).toEqual(INIT_PATH);
    const mods = r.indexOf("Modules linked in: kmemlab_oops(O+)");
    expect(mods).toBeGreaterThan(ct);
    expect(r[mods + 1]).toMatch(/^---\[ end trace [0-9a-f]{16} \]---$/);
    expect(r[mods + 2]).toBe(r[2]);
  });

  it("copy_from_user of 16 bytes into 8: check_copy_size's WARN from the caller, nothing copied; 8 bytes pass", () => {
    expect(session(usercopy).filter((l) => !l.startsWith("[T] "))).toEqual(["rc 0", "rc 0", ""]);
    const k = kernelLines(usercopy);
    expect(k.filter((l) => l.startsWith("kmemlab_oops: copy_from_user"))).toEqual([
      "kmemlab_oops: copy_from_user(8) left 0", "kmemlab_oops: copy_from_user(16) left 16"]);
    const i = k.indexOf("------------[ cut here ]------------");
    expect(k.slice(i + 1, i + 3)).toEqual(["Buffer overflow detected (8 < 16)!",
      expect.stringMatching(/^WARNING: CPU: 0 PID: \d+ at include\/linux\/thread_info\.h:\d+ usercopy_overflow\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kmemlab_oops\]$/)]);
    expect(k[i + 3]).toBe("Modules linked in: kmemlab_oops(O+) [last unloaded: kmemlab_oops]");
    expect(k[i + 4]).toMatch(/^CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}O {6}5\.10\.0-kmemlab #1$/);
    expect(k.slice(i + 5, i + 10).map((l) => l.trim().replace(FRAME, ""))).toEqual(["Call Trace:", "dump_stack", "__warn",
      "usercopy_overflow", "kmemlab_oops_init"]);
    expect(k.find((l, n) => n > i && l.startsWith("---[ end trace"))).toMatch(/^---\[ end trace [0-9a-f]{16} \]---$/);
    expect(k.filter((l) => l.includes("cut here"))).toHaveLength(1);
  });

  it("an oops in a kernel thread kills that thread; the trace ends at ret_from_fork, with no user registers", () => {
    expect(session(kthread).filter((l) => !l.startsWith("[T] "))).toEqual(["rc 0", "the machine goes on", ""]);
    const r = report(kthread, /^BUG: /);
    expect(r[4]).toBe("Oops: 0002 [#1] SMP NOPTI");
    expect(r[5]).toMatch(/^CPU: 0 PID: \d+ Comm: kmemlab_oops Tainted: G {11}O {6}5\.10\.0-kmemlab #1$/);
    const ct = r.indexOf("Call Trace:");
    expect(r.slice(ct + 1, ct + 3).map((l) => l.trim().replace(FRAME, ""))).toEqual(["write_past_vmalloc", "ret_from_fork"]);
    expect(r[ct + 3]).toBe("Modules linked in: kmemlab_oops(O+)");
    expect(kthread.status).toBe(0);
  });

  it("a load through SLUB's poison: a #GP with the non-canonical address the instruction used", () => {
    expect(session(gp).filter((l) => !l.startsWith("[T] "))).toEqual(["Segmentation fault", "rc 139", ""]);
    const r = report(gp, /^general protection fault/);
    // mov 0x10(%rdi),%rax with rdi = 0x6b6b6b6b6b6b6b6b
    expect(r[0]).toBe("general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b7b: 0000 [#1] SMP NOPTI");
    expect(r[2]).toMatch(/^RIP: 0010:load_member\+0x0\/0x[0-9a-f]+ \[kmemlab_oops\]$/);
    expect(r[3]).toMatch(/^Code: ([0-9a-f]{2} ){42}<48> 8b 47 10 c3( [0-9a-f]{2}){17}$/);
    expect(r[6]).toMatch(new RegExp(`^RDX: ${HEX16} RSI: ${HEX16} RDI: 6b6b6b6b6b6b6b6b$`));
    expect(r.some((l) => l.startsWith("CR2:") && !/^CR2: [0-9a-f]{16} CR3:/.test(l))).toBe(false);
  });

  it("the #GP address from base + index * scale + disp (REX.B and REX.X registers, a negative disp8)", () => {
    const r = report(gpsib, /^general protection fault/);
    expect(r[0]).toBe("general protection fault, probably for non-canonical address 0xdead0000000000f8: 0000 [#1] SMP NOPTI");
    expect(r[2]).toMatch(/^RIP: 0010:load_indexed\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kmemlab_oops\]$/);
    expect(r.find((l) => l.startsWith("R13:"))).toMatch(/^R13: 0000000000000003 /);
  });

  it("a WARN in hardirq context: <IRQ> ... </IRQ>, then the interrupted kernel registers and the rest of the trace", () => {
    expect(session(irqwarn).filter((l) => !l.startsWith("[T] "))).toEqual(["rc 0", ""]);
    const k = kernelLines(irqwarn);
    const i = k.indexOf("------------[ cut here ]------------");
    expect(k[i + 1]).toBe("kmemlab_oops: a warning in hardirq context");
    expect(k[i + 2]).toMatch(/^WARNING: CPU: 0 PID: \d+ at \/.*\/modules\/kmemlab_oops\/kmemlab_oops\.c:\d+ warn_from_irq\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kmemlab_oops\]$/);
    const end = k.findIndex((l, n) => n > i && l.startsWith("---[ end trace"));
    const t = k.slice(k.indexOf("Call Trace:", i) + 1, end).map((l) => l.replace(FRAME, ""));
    const close = t.indexOf(" </IRQ>");
    expect(t.slice(0, 4)).toEqual([" <IRQ>", " dump_stack", " __warn", " warn_from_irq"]);
    // the timer tick's path on 5.10 x86-64 with the 8259 PIC (no APIC, so irq_work runs from the tick)
    expect(t.slice(4, close + 3)).toEqual([" irq_work_single", " irq_work_run_list", " irq_work_tick", " update_process_times",
      " tick_periodic", " tick_handle_periodic", " timer_interrupt", " __handle_irq_event_percpu", " handle_irq_event_percpu",
      " handle_irq_event", " handle_level_irq", " asm_call_irq_on_stack", " </IRQ>", " common_interrupt", " asm_common_interrupt"]);
    // the interrupted context: init spinning in wait_for_irq, its registers instead of a frame line
    expect(t[close + 3]).toBe("RIP: 0010:wait_for_irq");
    expect(t[close + 4]).toMatch(/^Code: ([0-9a-f]{2} ){42}<[0-9a-f]{2}>( [0-9a-f]{2}){21}$/);
    expect(t[close + 5]).toMatch(/^RSP: 0018:ffffc900[0-9a-f]{8} EFLAGS: 00000246$/);
    expect(t[close + 10]).toMatch(/^R13: /);
    expect(t.slice(close + 11, close + 11 + INIT_PATH.length).map((l) => l.trim())).toEqual(INIT_PATH);
    expect(t[close + 11 + INIT_PATH.length]).toMatch(/^RIP: 0033:0x[0-9a-f]+$/);
  });

  it("oops=panic: the oops, then panic(\"Fatal exception\") without a second stack dump; the machine stops", () => {
    const k = session(panicked).filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));
    const i = k.indexOf("Kernel panic - not syncing: Fatal exception");
    expect(i).toBeGreaterThan(k.findIndex((l) => /^---\[ end trace [0-9a-f]{16} \]---$/.test(l)));
    expect(k.slice(i)).toEqual(["Kernel panic - not syncing: Fatal exception", "Kernel Offset: disabled",
      "---[ end Kernel panic - not syncing: Fatal exception ]---"]);
    expect(session(panicked).some((l) => l.startsWith("rc "))).toBe(false);
    expect(panicked.status).toBe(3);
  });

  it("a stack overflow: the guard page below the vmalloc'd stack, the double fault on its IST stack, then the panic", () => {
    const k = kernelLines(recurse);
    expect(session(recurse).some((l) => l.startsWith("rc "))).toBe(false);
    expect(recurse.status).toBe(3);
    const i = k.indexOf("kmemlab_oops: recursing without end");
    expect(i).toBeGreaterThanOrEqual(0);
    const r = k.slice(i + 1);
    // %p hashes the addresses, as 5.10 prints them
    expect(r[0]).toMatch(/^BUG: stack guard page was hit at [0-9a-f]{16} \(stack is [0-9a-f]{16}\.\.[0-9a-f]{16}\)$/);
    expect(r[1]).toBe("kernel stack overflow (double-fault): 0000 [#1] SMP NOPTI");
    expect(r[2]).toMatch(/^CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}O {6}5\.10\.0-kmemlab #1$/);
    expect(r[3]).toMatch(/^RIP: 0010:recurse\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kmemlab_oops\]$/);
    expect(r[4]).toMatch(/^Code: ([0-9a-f]{2} ){42}<[0-9a-f]{2}>( [0-9a-f]{2}){21}$/);
    const rsp = /^RSP: 0018:(ffffc900[0-9a-f]{8}) EFLAGS: [0-9a-f]{8}$/.exec(r[5]!)![1]!;
    const rbp = new RegExp(`^RBP: (ffffc900[0-9a-f]{8}) R08: ${HEX16} R09: ${HEX16}$`).exec(r[8]!)![1]!;
    const cr2 = new RegExp(`^CR2: (ffffc900[0-9a-f]{8}) CR3: ${HEX16} CR4: ${HEX16}$`).exec(r[13]!)![1]!;
    // the stack is THREAD_SIZE-aligned; the fault is the #PF frame's push, in the page below it: the guard page
    const base = BigInt(`0x${rbp}`) & ~0x3fffn;
    expect(base - BigInt(`0x${rsp}`)).toBeGreaterThan(0n);
    expect(base - BigInt(`0x${rsp}`)).toBeLessThanOrEqual(0x100n);
    expect(BigInt(`0x${cr2}`)).toBe((BigInt(`0x${rsp}`) & ~0xfn) - 8n);
    expect(base - BigInt(`0x${cr2}`)).toBeLessThanOrEqual(4096n);
    expect(r[14]).toBe("Call Trace:");
    const frames = r.slice(15).map((l) => l.replace(FRAME, ""));
    const n = frames.findIndex((l) => l !== " recurse");
    // 256 bytes of locals and rbp and the return address a level: 16 KiB hold about 60 of them
    expect(n).toBeGreaterThanOrEqual(50);
    expect(n).toBeLessThanOrEqual(61);
    expect(frames.slice(n, n + 1 + INIT_PATH.length)).toEqual([" kmemlab_oops_init", ...INIT_PATH.map((f) => ` ${f}`)]);
    const u = 15 + n + 1 + INIT_PATH.length;
    expect(r[u]).toMatch(/^RIP: 0033:0x[0-9a-f]+$/);
    expect(r[u + 2]).toMatch(/^RSP: 002b:00007fff[0-9a-f]{8} EFLAGS: [0-9a-f]{8} ORIG_RAX: 0000000000000139$/);
    expect(r[u + 7]).toMatch(/^R13: 00007fff[0-9a-f]{8} R14: /);
    expect(r.slice(u + 8, u + 9)).toEqual(["Modules linked in: kmemlab_oops(O+)"]);
    expect(r[u + 9]).toMatch(/^---\[ end trace [0-9a-f]{16} \]---$/);
    // the executive summary, then the panic: the double fault is handled in NMI context
    expect(r.slice(u + 10, u + 21)).toEqual(r.slice(3, 14));
    expect(r.slice(u + 21)).toEqual(["Kernel panic - not syncing: Fatal exception in interrupt", "Kernel Offset: disabled",
      "---[ end Kernel panic - not syncing: Fatal exception in interrupt ]---"]);
  });
});
