/*
 * gdb-unwind.test.ts: gdb's backtrace through interrupts and exceptions
 * (entry.S's call frame information for the IRET frame and pt_regs, the
 * hard-interrupt stack below the task stacks). With the CPU idle in
 * `sleep 1`: a breakpoint in the timer interrupt's handler unwinds through
 * the flow handler on the IRQ stack, common_interrupt and its entry into
 * the idle loop and on to startup_64, the interrupted frame's pc and sp
 * being exactly pt_regs' ip and sp; the timer softirq, run on the IRQ
 * stack from irq_exit_rcu, the same way; a page fault from user mode ends
 * the chain at its entry, with no stray frames.
 */
import { describe, it, expect } from "vitest";
import { bootForGdb, runGdb, btFunctions } from "./gdb-session.ts";

/** The backtraces in gdb's output, each as its function names. */
function backtraces(out: string): string[][] {
  return out.split(/^(?=#0 )/m).slice(1).map(btFunctions);
}

describe("gdb backtraces through interrupts and exceptions", () => {
  it("timer interrupt, timer softirq and a user page fault: bt into the interrupted code, exact frames", async () => {
    const vm = await bootForGdb("sleep 1");
    const g = await runGdb(vm.port, ["break __x64_sys_nanosleep", "continue", "delete",
      "break timer_interrupt", "continue", "bt",
      // (frames #7 and #9 of the chain checked below)
      "frame 7", "p/x regs->ip", "p/x regs->sp", "frame 9", "p/x $pc", "p/x $sp", "delete",
      "break run_timer_softirq", "continue", "bt", "delete",
      "break exc_page_fault", "continue", "bt", "p/x regs->cs", "delete", "continue"]);
    const status = await vm.exited;
    const [timer, softirq, fault] = backtraces(g.out);
    const idle = ["asm_common_interrupt", "safe_halt", "cpu_idle_loop", "rest_init", "start_kernel", "x86_64_start_kernel", "startup_64"];
    expect(timer).toEqual(["timer_interrupt", "__handle_irq_event_percpu", "handle_irq_event_percpu", "handle_irq_event", "handle_level_irq",
      "asm_call_irq_on_stack", "run_irq_on_irqstack_cond", "common_interrupt", ...idle]);
    expect(softirq).toEqual(["run_timer_softirq", "__do_softirq", "asm_call_irq_on_stack", "do_softirq_own_stack", "invoke_softirq",
      "irq_exit_rcu", "common_interrupt", ...idle]);
    // from user mode: the chain ends at the entry (its unwind information says so)
    expect(fault).toEqual(["exc_page_fault", "asm_exc_page_fault"]);
    expect(g.out).toMatch(/^\$\d+ = 0x33$/m);
    expect(g.out).not.toMatch(/Backtrace stopped|corrupt stack/);
    // the interrupted frame is where pt_regs says: its pc (the instruction after hlt) and its stack pointer
    const p = [...g.out.matchAll(/^\$\d+ = (0x[0-9a-f]+)$/gm)].map((m) => m[1]!);
    expect(p.length).toBe(5);
    expect(p[2]).toBe(p[0]);
    expect(p[3]).toBe(p[1]);
    expect(g.out).toContain("[Inferior 1 (Remote target) exited normally]");
    expect(status).toBe(0);
  });
});
