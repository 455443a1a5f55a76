/*
 * toolbox-overcommit.test.ts: vm.overcommit_memory and vm.overcommit_ratio
 * change what mmap, brk and fork may commit, as 5.10's __vm_enough_memory
 * decides: 0 refuses a single request larger than RAM, 1 refuses nothing
 * (the pages run out when touched: the OOM killer), 2 keeps Committed_AS
 * under CommitLimit = RAM * overcommit_ratio / 100, fork included. Each
 * refusal is __vm_enough_memory's warning in the log, the one OOM kill
 * /proc/vmstat's oom_kill. Guest RAM is the
 * default 128 MiB (some 30750 pages: MemTotal moves with the kernel image,
 * so CommitLimit is computed from the MemTotal the same boot shows).
 */
import { describe, it, expect } from "vitest";
import { userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

describe("vm.overcommit_memory", () => {
  it("0 heuristic, 2 never (with overcommit_ratio, fork refused too), 1 always; bad values are EINVAL", () => {
    const r = bootFromState({
      exec: "dmesg -n 1; cd /proc/sys/vm; grep MemTotal /proc/meminfo; grep CommitLimit /proc/meminfo; cat overcommit_memory overcommit_ratio; " +
        "memhog 200m; echo guess=$?; memhog 100m; echo guess100=$?; " +
        "echo 2 > overcommit_memory; memhog 40m; echo never=$?; " +
        "echo 80 > overcommit_ratio; grep CommitLimit /proc/meminfo; memhog 40m; echo ratio80=$?; " +
        "echo 1 > overcommit_ratio; sh -c 'echo child'; echo fork=$?; echo 50 > overcommit_ratio; " +
        "echo 1 > overcommit_memory; memhog 1g; echo always=$?; " +
        "echo 3 > overcommit_memory; echo rc=$? $(cat overcommit_memory); grep oom_kill /proc/vmstat; " +
        "dmesg -t | grep -e __vm_enough_memory -e 'Out of memory' | sed 's/pid: [0-9]*/pid: N/; s/process [0-9]*/process N/'",
    });
    const out = userOutput(r), pages = Number(/^MemTotal:\s+(\d+) kB$/.exec(out[0]!)?.[1]) / 4;
    /* CommitLimit: totalram_pages * overcommit_ratio / 100, in kB (no swap) */
    const limit = (ratio: number) => `CommitLimit:    ${String(Math.floor((pages * ratio) / 100) * 4).padStart(8)} kB`;
    expect(pages).toBeGreaterThan(30_000);
    expect(out.slice(1)).toEqual([
      limit(50),
      "0", "50",
      "memhog: mmap: Cannot allocate memory", "guess=1",
      "guess100=0",
      "memhog: mmap: Cannot allocate memory", "never=1",
      limit(80),
      "ratio80=0",
      "sh: fork: Cannot allocate memory", "fork=2",
      "Killed", "always=137",
      "sh: echo: write error: Invalid argument", "rc=1 1",
      "oom_kill 1",	/* /proc/vmstat's count of the OOM killer's victims */
      "__vm_enough_memory: pid: N, comm: memhog, bytes: 209715200 not enough memory for the allocation",
      "__vm_enough_memory: pid: N, comm: memhog, bytes: 41943040 not enough memory for the allocation",
      "__vm_enough_memory: pid: N, comm: sh, bytes: 20480 not enough memory for the allocation",
      expect.stringMatching(/^Out of memory: Killed process N \(memhog\) total-vm:1056796kB, anon-rss:\d+kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:\d+kB oom_score_adj:0$/),
      "",
    ]);
  });

  it("Committed_AS counts what a process has mapped while it lives, and gives it back", () => {
    const r = bootFromState({
      exec: "a=$(grep Committed_AS /proc/meminfo | tr -s ' ' | cut -d' ' -f2); " +
        "sh -c 'b=$(grep Committed_AS /proc/meminfo | tr -s \" \" | cut -d\" \" -f2); echo $((b - '$a'))'; " +
        "c=$(grep Committed_AS /proc/meminfo | tr -s ' ' | cut -d' ' -f2); echo $((c - a))",
    });
    // at the inner read one process more is alive than at the outer one (the sh -c): its 8 MiB stack and
    // 148 kB of writable segments and heap (the shell's job table among them); once it has exited the total is back where it was
    expect(userOutput(r)).toEqual(["8340", "0", ""]);
  });
});
