/*
 * steps.ts: the guided list beside the terminal: the book's kmemleak
 * chapter as scenarios A1-A7 of /work/shared/kmemleak.md (Part A), each
 * with the boot it needs and what to type. The page shows them; it types
 * nothing for the user.
 */

/** Which boot button a step needs (the kernel command line). */
export const BOOTS = {
  default: "",
  initcall: "debug initcall_debug",
  kmemleak: "kmemleak=on",
} as const;
export type BootName = keyof typeof BOOTS;

export interface Step { id: string; title: string; boot: BootName; type: string[]; expect: string }

export const STEPS: Step[] = [
  { id: "A1", title: "The pitfall: built in, but disabled at boot", boot: "default",
    type: ["echo scan > /sys/kernel/debug/kmemleak", "dmesg | grep kmemleak"],
    expect: "sh: echo: write error: Operation not permitted, and \"Kernel memory leak detector disabled\"" },
  { id: "A2", title: "The diagnosis: debug initcall_debug", boot: "initcall",
    type: ["dmesg | grep kmemleak"],
    expect: "kmemleak_late_init ... returned -12 (-ENOMEM): kmemleak_late_init() failed (-12)" },
  { id: "A3", title: "The red herring: a bigger pool does not help", boot: "default",
    type: ["zcat /proc/config.gz | grep KMEMLEAK_MEM_POOL", "dmesg | grep kmemleak"],
    expect: "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE=16000; still disabled (rebuilding with 32000 is `kmemlab config` on the CLI)" },
  { id: "A4", title: "The fix: kmemleak=on", boot: "kmemleak",
    type: ["dmesg | grep kmemleak", "ps"],
    expect: "Kernel memory leak detector initialized (mem pool available: ...), a kmemleak kernel thread" },
  { id: "A5", title: "Test cases 3.1, 3.2, 3.3 through run_tests", boot: "kmemleak",
    type: ["cd /lib/modules/$(uname -r)/kmembugs_test", "./load_testmod", "./run_tests   (then type 3.1)",
      "sleep 6; echo scan > /sys/kernel/debug/kmemleak; sleep 6; echo scan > /sys/kernel/debug/kmemleak",
      "cat /sys/kernel/debug/kmemleak"],
    expect: "unreferenced object ... (size 2048) with a backtrace through leak_simple1 [test_kmembugs]" },
  { id: "A6", title: "kmemleak-test", boot: "kmemleak",
    type: ["modprobe kmemleak-test",
      "sleep 6; echo scan > /sys/kernel/debug/kmemleak; sleep 6; echo scan > /sys/kernel/debug/kmemleak",
      "grep -c unreferenced /sys/kernel/debug/kmemleak"],
    expect: "13 new suspected memory leaks; 13" },
  { id: "A7", title: "The rest of the control file", boot: "kmemleak",
    type: ["echo clear > /sys/kernel/debug/kmemleak", "echo stack=off > /sys/kernel/debug/kmemleak",
      "echo scan=5 > /sys/kernel/debug/kmemleak", "echo on > /sys/kernel/debug/kmemleak", "echo off > /sys/kernel/debug/kmemleak"],
    expect: "echo on: Invalid argument (Linux has no on command); after off every write but clear is refused" },
];
