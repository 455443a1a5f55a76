/*
 * survive.test.ts: the guest kernel survives what Linux survives, the way
 * Linux does (issue 14): huge lengths answered at once, NAME_MAX, orphans
 * reaped by init, a faulting init panics, Ctrl-C ends a builtin loop, the
 * OOM killer. Each case failed (or hung) before its fix.
 */
import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT } from "../../tools/cli.ts";
import { bootGuest, userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";
import { bootPty } from "./pty.ts";

describe("system calls with huge lengths and long names", () => {
  it("mmap/munmap/mprotect/brk/read/getrandom/execve of huge sizes answer at once; NAME_MAX is 255", () => {
    // the console shows only emergencies: __vm_enough_memory's warnings for the refused 1 TiB mmap and sbrk go to the log alone
    const r = bootFromState({ exec: "dmesg -n 1; usertests huge_lengths name_max; dmesg | grep -c 'bytes: 1099511627776 not enough memory'" });
    expect(userOutput(r)).toEqual(["huge_lengths: OK", "name_max: OK", "2", ""]);
  });

  it("what the fuzzer found: descriptor numbers out of range (an oops in fcntl F_DUPFD), returns to non-canonical addresses, nonsense flags", () => {
    const r = bootFromState({ exec: "usertests fd_range bad_return bad_args > /tmp/u; cat /tmp/u" });
    expect(userOutput(r)).toEqual(["bad_return: OK", "fd_range: OK", "bad_args: OK", ""]);
    // as fixup_bad_iret: a user-mode #GP at the bad address, never a fault on the kernel's iretq
    const gp = r.lines.filter((l) => l.includes("general protection fault"));
    expect(gp).toHaveLength(2);
    for (const l of gp) expect(l).toMatch(/\] traps: usertests\[\d+\] (trap )?general protection fault ip:8000000000001234 sp:[0-9a-f]+ error:0$/);
    expect(r.out).not.toMatch(/Oops|RIP: 0010/);
  });

  it("a share's entries that differ after the 63rd character are different files", () => {
    const dir = mkdtempSync(join(tmpdir(), "kmemlab-names-"));
    try {
      const stem = "q".repeat(63);
      writeFileSync(join(dir, `${stem}1`), "one\n");
      writeFileSync(join(dir, `${stem}2`), "two\n");
      writeFileSync(join(dir, "L".repeat(255)), "long\n");
      const r = bootGuest({ exec: "ls /mnt/host | wc -l; cat /mnt/host/q*1 /mnt/host/q*2 /mnt/host/L*", extra: ["--share", dir] });
      expect(userOutput(r)).toEqual(["3", "one", "two", "long", ""]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("init", () => {
  it("reaps the orphans reparented to it: no zombie is left with PPid 1", () => {
    const r = bootFromState({ exec: "for i in $(seq 40); do (sleep 0 &); done; sleep 1; cat /proc/[0-9]*/stat | grep -c ') Z '" });
    expect(userOutput(r)).toEqual(["0", ""]);
  });

  it("a faulting init panics as Linux does, and the machine stops (status 3)", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", "-a", "rdinit=/bin/fault"],
      { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(3);
    const lines = r.stdout.replace(/\r/g, "").split("\n").map((l) => l.replace(/^\[ *\d+\.\d{6}\] /, ""));
    const i = lines.indexOf("Run /bin/fault as init process");
    expect(lines[i + 1]).toMatch(/^fault\[1\]: segfault at 0 ip [0-9a-f]{16} sp [0-9a-f]{16} error 6 in fault\[401000\+[0-9a-f]+\]$/);
    expect(lines[i + 2]).toBe("Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b");
    expect(lines[i + 3]).toBe("CPU: 0 PID: 1 Comm: fault Not tainted 5.10.0-kmemlab #1");
    expect(lines).toContain("---[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b ]---");
    expect(lines.filter((l) => l.includes("segfault at"))).toHaveLength(1);
  });
});

describe("the interactive shell", () => {
  it("Ctrl-C ends a loop of builtins, abandons the rest of the line, and $? is 130", async () => {
    const { s, exit } = bootPty();
    await s.wait(/\n# $/);
    await s.type("echo started; while true; do :; done; echo not-reached\r", /\nstarted\n/);
    await s.type("\x03", /\n# $/);
    await s.type("echo $?\r", /130\n# $/);
    await s.type("i=0; echo counting; for x in a b c; do while :; do i=1; done; done; echo not-reached\r", /\ncounting\n/);
    await s.type("\x03", /\n# $/);
    await s.type("echo $? $i\r", /130 1\n# $/);
    expect(s.text.split("\n")).not.toContain("not-reached");
    s.p.write("\x01x");
    expect(await exit).toBe(0);
  }, 120_000);
});

describe("out of memory", () => {
  it("the OOM killer reports as Linux 5.10, kills the hog, and the kernel goes on", () => {
    const r = bootGuest({
      exec: "memhog -r 100 1m; echo status $?; cat /proc/self/oom_score /proc/self/oom_score_adj; " +
        "echo 1001 > /proc/self/oom_score_adj; echo -1000 > /proc/self/oom_score_adj && cat /proc/self/oom_score_adj /proc/self/oom_score; " +
        "memhog -r 4 4m && echo still-works; dmesg | grep -c 'page allocation failure'",
      extra: ["-m", "64"],
    });
    const k = r.lines.filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));
    const at = (re: RegExp) => k.findIndex((l) => re.test(l));
    const head = at(/invoked oom-killer/);
    expect(k[head]).toBe("memhog invoked oom-killer: gfp_mask=0x100dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), order=0, oom_score_adj=0");
    expect(k[head + 1]).toMatch(/^CPU: 0 PID: \d+ Comm: memhog Not tainted 5\.10\.0-kmemlab #1$/);
    const trace = k.slice(head, at(/^Mem-Info:$/));
    for (const fn of ["dump_stack", "dump_header", "oom_kill_process", "out_of_memory", "alloc_pages", "do_user_addr_fault",
      "exc_page_fault", "asm_exc_page_fault"])
      expect(trace.some((l) => l.startsWith(` ${fn}+0x`))).toBe(true);
    expect(k[at(/^Mem-Info:$/) + 1]).toMatch(/^active_anon:\d+ inactive_anon:0 isolated_anon:0$/);
    expect(k).toContain(" free:0 free_pcp:0 free_cma:0");
    expect(k.some((l) => /^Node 0 DMA32 free:\d+kB min:0kB low:0kB high:0kB reserved_highatomic:0KB active_anon:\d+kB .* present:\d+kB managed:\d+kB mlocked:0kB pagetables:\d+kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB$/.test(l))).toBe(true);
    expect(k.some((l) => /^Node 0 DMA32: (\d+\*\d+kB ){11}= \d+kB$/.test(l))).toBe(true);
    for (const l of ["0 pages in swap cache", "Swap cache stats: add 0, delete 0, find 0/0", "Free swap  = 0kB", "Total swap = 0kB", "0 pages HighMem/MovableOnly"])
      expect(k).toContain(l);
    const tasks = at(/^Tasks state \(memory values in pages\):$/);
    expect(k[tasks + 1]).toBe("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
    const row = k.slice(tasks + 2).find((l) => l.endsWith(" memhog"))!;
    const [, pid, vm, rss, pgt] = /^\[ *(\d+)\]     0 +\d+ +(\d+) +(\d+) +(\d+) +0 +0 memhog$/.exec(row)!;
    expect(k).toContain(`oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=memhog,pid=${pid},uid=0`);
    expect(k).toContain(`Out of memory: Killed process ${pid} (memhog) total-vm:${Number(vm) * 4}kB, anon-rss:${Number(rss) * 4}kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:${Number(pgt) / 1024}kB oom_score_adj:0`);
    expect(k).toContain(`oom_reaper: reaped process ${pid} (memhog), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`);
    expect(Number(rss) * 4).toBeGreaterThan(40_000);	// most of the 64 MiB
    const out = userOutput(r);
    expect(out.slice(out.indexOf("Killed"))).toEqual([
      "Killed", "status 137", expect.stringMatching(/^66\d$/), "0",
      "sh: echo: write error: Invalid argument", "-1000", "0", "still-works", "0", "",
    ]);
  });
});

describe("a kernel that stops scheduling", () => {
  it("the soft lockup detector reports it as Linux 5.10 (watchdog_thresh=1: after more than 2 s)", () => {
    const dir = mkdtempSync(join(tmpdir(), "kmemlab-lockup-"));
    try {
      writeFileSync(join(dir, "Makefile"), "obj-m := lockup.o\n");
      writeFileSync(join(dir, "lockup.c"), [
        "#include <linux/module.h>",
        "#include <linux/init.h>",
        "MODULE_LICENSE(\"GPL\");",
        "static unsigned long loops;",
        "module_param(loops, ulong, 0);",
        "/* three instructions a turn, no cond_resched: the CPU is never given up */",
        "static int __init lockup_init(void)",
        "{",
        "\tfor (unsigned long i = 0; i < loops; i++)",
        "\t\t__asm__ __volatile__(\"\" ::: \"memory\");",
        "\treturn 0;",
        "}",
        "module_init(lockup_init);",
        "",
      ].join("\n"));
      const b = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "module", "build", dir], { encoding: "utf8" });
      expect(b.status).toBe(0);
      // 3.3 s of guest time: slow on a loaded host, so a longer wait than bootGuest's
      const run = spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), "boot", "--no-build", "--clock", "virtual", "--jit",
        "-a", "watchdog_thresh=1", "--share", dir, "-e", "insmod /mnt/host/lockup.ko loops=1100000000; echo rc $?"], { encoding: "utf8", timeout: 170_000 });
      const out = (run.stdout ?? "").replace(/\r/g, "");
      const r = { status: run.status, out, stderr: run.stderr ?? "", lines: out.split("\n").map((l) => l.replace(/^\[ *\d+\.\d{6}\] /, "[T] ")) };
      expect(r.status).toBe(0);
      const k = r.lines.filter((l) => l.startsWith("[T] ")).map((l) => l.slice(4));
      const i = k.findIndex((l) => l.startsWith("watchdog: "));
      expect(k[i]).toBe("watchdog: BUG: soft lockup - CPU#0 stuck for 3s! [insmod:" + /\[insmod:(\d+)\]/.exec(k[i]!)?.[1] + "]");
      expect(k[i + 1]).toBe("Modules linked in: lockup(O+)");
      expect(k[i + 2]).toMatch(/^CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}O {6}5\.10\.0-kmemlab #1$/);
      expect(k.slice(i).find((l) => l.startsWith("RIP: "))).toMatch(/^RIP: 0010:lockup_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[lockup\]$/);
      expect(k.slice(i)).toContain(" do_init_module+0x" + /do_init_module\+0x([0-9a-f]+\/0x[0-9a-f]+)/.exec(r.out)?.[1]);
      expect(k.filter((l) => l.includes("soft lockup"))).toHaveLength(1);	// once per stall
      expect(userOutput(r)).toEqual(["rc 0", ""]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
