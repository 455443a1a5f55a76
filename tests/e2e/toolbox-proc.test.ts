/*
 * toolbox-proc.test.ts: memory and tunables in /proc as Linux 5.10 shows
 * them: meminfo's lines in 5.10's order with values that agree with the
 * other views of the same allocators (buddyinfo, zoneinfo, vmstat, free),
 * vmallocinfo with a module's vmalloc calls, and /proc/sys with sysctl
 * semantics: writes that change what the kernel does (printk levels,
 * %pK and kallsyms under kptr_restrict, pid_max ranges, taint), EACCES and
 * EINVAL where Linux gives them, and procps' sysctl over it.
 */
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { bootGuest, userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

const MEMINFO_5_10 = [
  "MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active", "Inactive", "Active(anon)",
  "Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Mlocked", "SwapTotal", "SwapFree", "Dirty",
  "Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab", "SReclaimable", "SUnreclaim", "KernelStack",
  "PageTables", "NFS_Unstable", "Bounce", "WritebackTmp", "CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed",
  "VmallocChunk", "Percpu", "DirectMap4k", "DirectMap2M",
];

/* mm/vmstat.c vmstat_text: zone, node and writeback items, then the events, for this configuration */
const VMSTAT_ITEMS_5_10 = [
  "nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file", "nr_zone_active_file",
  "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock", "nr_page_table_pages", "nr_bounce", "nr_free_cma",
  "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file", "nr_unevictable", "nr_slab_reclaimable",
  "nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file", "workingset_nodes", "workingset_refault_anon",
  "workingset_refault_file", "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon",
  "workingset_restore_file", "workingset_nodereclaim", "nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty",
  "nr_writeback", "nr_writeback_temp", "nr_shmem", "nr_shmem_hugepages", "nr_shmem_pmdmapped", "nr_file_hugepages",
  "nr_file_pmdmapped", "nr_anon_transparent_hugepages", "nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied",
  "nr_written", "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack",
  "nr_dirty_threshold", "nr_dirty_background_threshold",
];
const zones = (x: string) => ["dma", "dma32", "normal", "movable"].map((z) => `${x}_${z}`);
const VMSTAT_EVENTS_5_10 = [
  "pgpgin", "pgpgout", "pswpin", "pswpout", ...zones("pgalloc"), ...zones("allocstall"), ...zones("pgskip"),
  "pgfree", "pgactivate", "pgdeactivate", "pglazyfree", "pgfault", "pgmajfault", "pglazyfreed", "pgrefill", "pgreuse",
  "pgsteal_kswapd", "pgsteal_direct", "pgscan_kswapd", "pgscan_direct", "pgscan_direct_throttle", "pgscan_anon",
  "pgscan_file", "pgsteal_anon", "pgsteal_file", "pginodesteal", "slabs_scanned", "kswapd_inodesteal",
  "kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly", "pageoutrun", "pgrotated", "drop_pagecache",
  "drop_slab", "oom_kill", "unevictable_pgs_culled", "unevictable_pgs_scanned", "unevictable_pgs_rescued",
  "unevictable_pgs_mlocked", "unevictable_pgs_munlocked", "unevictable_pgs_cleared", "unevictable_pgs_stranded",
];

function kv(lines: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lines) {
    const r = /^([\w()]+):\s+(\d+) kB$/.exec(l);
    if (r) m.set(r[1]!, Number(r[2]));
  }
  return m;
}

describe("/proc memory files", () => {
  it("meminfo has 5.10's lines in order, values from the allocators", () => {
    const r = bootFromState({ exec: "cat /proc/buddyinfo /proc/meminfo; echo; grep -e 'pages free' -e nr_free_pages -e managed /proc/zoneinfo; free; cat /proc/vmstat" });
    const out = userOutput(r);
    const mi = out.filter((l) => /^[\w()]+:\s+\d+ kB$/.test(l));
    expect(mi.map((l) => l.split(":")[0])).toEqual(MEMINFO_5_10);
    for (const l of mi) expect(l).toMatch(/^[\w()]+: +\d+ kB$/);
    expect(mi.every((l) => l.length === 27 || /^VmallocTotal/.test(l))).toBe(true);	/* "%-16s%8lu kB" */
    const m = kv(mi);
    /* the buddy lists, read in the same process just before: order-n blocks of 4 kB << n */
    const buddy = out.filter((l) => l.startsWith("Node 0, zone")).map((l) => l.trim().split(/\s+/).slice(4).map(Number));
    expect(buddy.map((b) => b.length)).toEqual([11, 11]);
    const buddyFree = buddy.flat().reduce((s, n, i) => s + n * 4 * 2 ** (i % 11), 0);
    expect(Math.abs(buddyFree - m.get("MemFree")!)).toBeLessThanOrEqual(16);	/* meminfo's own seq buffer and walk */
    expect(m.get("MemTotal")).toBeGreaterThan(m.get("MemFree")!);
    expect(m.get("MemAvailable")).toBeLessThan(m.get("MemFree")!);
    expect(m.get("Slab")).toBe(m.get("SUnreclaim"));
    expect(m.get("Slab")).toBeGreaterThan(0);
    expect(m.get("KernelStack")! % 16).toBe(0);	/* THREAD_SIZE 16 kB per task */
    expect(m.get("KernelStack")).toBeGreaterThanOrEqual(5 * 16);
    expect(m.get("VmallocTotal")).toBe(34359738367);	/* 32 TiB - 1 byte, x86-64 4-level */
    expect(m.get("CommitLimit")).toBe(Math.floor(m.get("MemTotal")! / 2 / 4) * 4);
    expect(m.get("AnonPages")).toBeGreaterThan(0);
    expect(m.get("PageTables")).toBeGreaterThan(0);
    /* zoneinfo agrees with itself; managed pages sum to MemTotal */
    const zi = out.filter((l) => /^\s+(pages free|nr_free_pages|managed)\s/.test(l)).map((l) => Number(l.trim().split(/\s+/).pop()));
    expect(zi.length).toBe(2 + 2 + 2 + 2 + 2 - 2 + 2);	/* DMA, DMA32 full; Normal, Movable: pages free and managed only */
    const managed = out.filter((l) => /^\s+managed\s/.test(l)).map((l) => Number(l.trim().split(/\s+/)[1]));
    expect(managed.reduce((a, b) => a + b, 0) * 4).toBe(m.get("MemTotal"));
    /* free (procps layout) reads the same file */
    const free = out.find((l) => l.startsWith("Mem:"))!.trim().split(/\s+/);
    expect(Number(free[1])).toBe(m.get("MemTotal"));
    /* vmstat: 5.10's items in order (a UMA kernel: no numa_*), the event counters from the allocators */
    const vs = out.filter((l) => /^[a-z_0-9]+ \d+$/.test(l)).map((l) => l.split(" ") as [string, string]);
    expect(vs.map(([k]) => k)).toEqual([...VMSTAT_ITEMS_5_10, ...VMSTAT_EVENTS_5_10, "nr_unstable"]);
    const v = new Map(vs.map(([k, n]) => [k, Number(n)]));
    /* every page the buddy allocator has was freed into it once (boot included) and is not allocated now */
    const alloc = ["dma", "dma32", "normal", "movable"].reduce((s, z) => s + v.get(`pgalloc_${z}`)!, 0);
    expect(v.get("pgfree")! - alloc).toBe(v.get("nr_free_pages"));
    expect(v.get("pgalloc_dma32")).toBeGreaterThan(1000);
    expect(v.get("pgalloc_normal")).toBe(0);	/* no memory above 4 GiB */
    expect(v.get("pgfault")).toBeGreaterThan(50);	/* the anonymous pages of every process so far */
    for (const k of ["pgmajfault", "pgpgin", "pswpin", "pgreuse", "oom_kill", "drop_slab", "slabs_scanned"]) expect(v.get(k)).toBe(0);
  });

  it("zoneinfo: free pages and 5.10's watermarks from min_free_kbytes; buddyinfo's layout", () => {
    const r = bootFromState({ exec: "sed -n '/^Node 0, zone    DMA32/,/start_pfn/p' /proc/zoneinfo | grep -v -e '^      nr_' ; head -c 36 /proc/buddyinfo; echo '|'" });
    const out = userOutput(r);
    expect(out[0]).toBe("Node 0, zone    DMA32");
    expect(out.slice(1, 9).map((l) => l.replace(/\d+/g, "N"))).toEqual([
      "  pages free     N", "        min      N", "        low      N", "        high     N",
      "        spanned  N", "        present  N", "        managed  N", "        protection: (N, N, N, N)",
    ]);
    const v = (i: number) => Number(out[i]!.trim().split(/\s+/).pop());
    const [min, low, high, managed] = [v(2), v(3), v(4), v(7)];
    /* min_free_kbytes = int_sqrt(managed kB * 16) shared by zone size; low/high a quarter of min apart */
    expect(min).toBeGreaterThan(0);
    expect(low - min).toBe(Math.max(Math.floor(min / 4), Math.floor(managed * 10 / 10000)));
    expect(high - min).toBe(2 * (low - min));
    expect(out.slice(9, 17)).toEqual([
      "  pagesets", "    cpu: 0", "              count: 0", "              high:  0", "              batch: 1",
      "  vm stats threshold: 0", "  node_unreclaimable:  0", "  start_pfn:           4096",
    ]);
    /* frag_show_print: "%6lu " per order, a space before the newline */
    expect(out[17]).toMatch(/^Node 0, zone      DMA ( {0,5}\d{1,6} ){2}\|$/);
  });

  it("vmallocinfo: a module's vmalloc(64) calls, their sizes and pages; %pK follows kptr_restrict", () => {
    const r = bootFromState({
      exec: "modprobe kmemleak-test > /dev/null; grep -c 'pages=1 vmalloc$' /proc/vmallocinfo; head -1 /proc/vmallocinfo; " +
        "echo 1 > /proc/sys/kernel/kptr_restrict; grep ' 8192 0xffffffffa' /proc/vmallocinfo; " +
        "echo 2 > /proc/sys/kernel/kptr_restrict; head -1 /proc/vmallocinfo; grep -m1 ' T _text$' /proc/kallsyms",
    });
    const out = userOutput(r).filter((l) => !l.startsWith("[T] "));
    expect(Number(out[0])).toBeGreaterThanOrEqual(5);
    /* kptr_restrict 0: each %pK hashed on its own, as %p */
    expect(out[1]).toMatch(/^0x00000000[0-9a-f]{8}-0x00000000[0-9a-f]{8} +\d+ \S+\+0x[0-9a-f]+\/0x[0-9a-f]+ pages=\d+ vmalloc$/);
    /* 1: raw addresses for root; the module's init is gone, so its caller prints as an address */
    const zero = out.findIndex((l) => l.startsWith("0x0000000000000000-"));
    const areas = out.slice(2, zero);
    expect(areas.length).toBeGreaterThanOrEqual(2);
    for (const l of areas) expect(l).toMatch(/^0xffffc900[0-9a-f]{8}-0xffffc900[0-9a-f]{8}    8192 0xffffffffa0[0-9a-f]{6} pages=1 vmalloc$/);
    const ranges = areas.map((l) => l.split(" ")[0]!.split("-").map((x) => BigInt(x)));
    for (const [a0, a1] of ranges) expect(a1! - a0!).toBe(8192n);	/* one page and its guard page */
    /* first fit: an area goes into a hole of its size where there is one, else right after the last (the holes follow
       what ran before: the initramfs's files, freed stacks), so some of them are back to back */
    expect(ranges.some(([, a1], k) => k + 1 < ranges.length && ranges[k + 1]![0] === a1)).toBe(true);
    /* 2: zeros, in kallsyms too */
    expect(out[zero]).toMatch(/^0x0000000000000000-0x0000000000000000 /);
    expect(out[zero + 1]).toBe("0000000000000000 T _text");
  });
});

describe("/proc system files", () => {
  it("loadavg, uptime, stat, cpuinfo, iomem, interrupts", () => {
    const r = bootGuest({ exec: "cat /proc/loadavg /proc/uptime; cat /proc/stat; echo; cat /proc/cpuinfo /proc/iomem /proc/interrupts" });
    const out = userOutput(r);
    /* loadavg: three averages, running/total, the last pid (cat's own) */
    expect(out[0]).toMatch(/^0\.00 0\.00 0\.00 2\/5 8$/);
    expect(out[1]).toMatch(/^0\.0\d 0\.0\d$/);
    const stat = out.slice(2, out.indexOf(""));
    expect(stat.map((l) => l.split(" ")[0])).toEqual(["cpu", "cpu0", "intr", "ctxt", "btime", "processes", "procs_running", "procs_blocked", "softirq"]);
    expect(stat[0]).toMatch(/^cpu  \d+ 0 \d+ \d+ 0 0 0 0 0 0$/);
    expect(stat[4]).toBe("btime 1767225600");	/* the RTC's 2026-01-01 00:00:00 UTC at boot */
    expect(stat[5]).toBe("processes 9");	/* the second cat: pid 9 */
    /* cpuinfo: the keys 5.10 prints for this CPU, in the order the host kernel prints its own */
    const ci = out.slice(out.indexOf("") + 1);
    const keys = ci.slice(0, ci.indexOf("")).map((l) => l.split(/\t*:/)[0]);
    const hostKeys = readFileSync("/proc/cpuinfo", "utf8").split("\n\n")[0]!.split("\n").map((l) => l.split(/\t*:/)[0]);
    expect(hostKeys.filter((k) => keys.includes(k!))).toEqual(keys);
    expect(keys.length).toBeGreaterThanOrEqual(22);
    const field = (k: string) => ci.find((l) => l.startsWith(k + "\t"))!.split(": ")[1];
    expect(field("cpu MHz")).toBe("1000.000");	/* the TSC as the boot log's "tsc: Detected" line */
    expect(field("bogomips")).toBe("2000.33");	/* lpj / (500000 / HZ) with HZ 300, as show_cpuinfo */
    expect(field("flags")!.split(" ")).toEqual(expect.arrayContaining(["fpu", "tsc", "cx8", "cmov", "sse2", "syscall", "nx", "lm", "cx16"]));
    /* iomem: the e820 map with the kernel inside System RAM */
    const io = ci.slice(ci.indexOf("") + 1, ci.findIndex((l) => l.startsWith("           CPU0")));
    expect(io.map((l) => l.replace(/[0-9a-f]{8}-[0-9a-f]{8}/, "X-Y"))).toEqual([
      "X-Y : Reserved", "X-Y : System RAM", "X-Y : Reserved", "X-Y : Reserved", "  X-Y : System ROM", "X-Y : System RAM",
      "  X-Y : Kernel code", "  X-Y : Kernel rodata", "  X-Y : Kernel data", "  X-Y : Kernel bss",
    ]);
    expect(io.slice(0, 2)).toEqual(["00000000-00000fff : Reserved", "00001000-0009fbff : System RAM"]);
    expect(io[6]).toMatch(/^  00200000-[0-9a-f]{8} : Kernel code$/);
    /* interrupts: kernel/irq/proc.c's columns, then the x86 rows */
    const irq = ci.slice(ci.findIndex((l) => l.startsWith("           CPU0")));
    expect(irq[0]).toBe("           CPU0       ");
    expect(irq[1]).toMatch(/^  0: {5}[ \d]{5}\d    XT-PIC      timer$/);
    expect(irq[2]).toBe("  4:          0    XT-PIC      ttyS0");
    expect(irq[3]).toBe("NMI:          0   Non-maskable interrupts");
    expect(irq.slice(-3)).toEqual(["ERR:          0", "MIS:          0", ""]);
  });
});

describe("/proc/sys", () => {
  it("reads, writes that take effect, and Linux's errors", () => {
    const r = bootFromState({
      exec: "cd /proc/sys; for f in kernel/* vm/overcommit_memory; do echo \"$f: $(cat $f)\"; done; " +
        "cat vm/drop_caches; echo 'rc=1?' $?; " +
        "echo '4 4 1 7' > kernel/printk; echo '<6>not on the console' > /dev/kmsg; cat kernel/printk; " +
        "echo 512 > kernel/tainted; cat kernel/tainted; echo 0 > kernel/tainted; cat kernel/tainted; " +
        "echo 100 > kernel/pid_max; echo rc=$?; echo abc > kernel/pid_max; echo rc=$?; echo 4194305 > kernel/pid_max; echo rc=$?; " +
        "echo x > kernel/ostype; echo rc=$?; echo 3 > vm/overcommit_memory; echo rc=$?; echo 5 > vm/drop_caches; echo rc=$?; " +
        "echo 1 > /proc/sys/vm/drop_caches; dmesg | grep -c 'drop_caches: 1'; grep drop_ /proc/vmstat",
    });
    expect(userOutput(r)).toEqual([
      "kernel/kptr_restrict: 0", "kernel/osrelease: 5.10.0-kmemlab", "kernel/ostype: Linux", "kernel/panic: 0",
      "kernel/panic_on_oops: 0", "kernel/pid_max: 32768", "kernel/printk: 7\t4\t1\t7", "kernel/tainted: 0",
      "vm/overcommit_memory: 0",
      "cat: vm/drop_caches: Permission denied", "rc=1? 1",
      "4\t4\t1\t7", "512", "512",
      "sh: echo: write error: Invalid argument", "rc=1",
      "sh: echo: write error: Invalid argument", "rc=1",
      "sh: echo: write error: Invalid argument", "rc=1",
      "sh: kernel/ostype: Permission denied", "rc=1",
      "sh: echo: write error: Invalid argument", "rc=1",
      "sh: echo: write error: Invalid argument", "rc=1",
      "1", "drop_pagecache 1", "drop_slab 0", "",	/* 5 was refused: only the write of 1 counts */
    ]);
    expect(r.lines).not.toContain("[T] not on the console");
    expect(r.lines.some((l) => /^\[T\] sh \(\d+\): drop_caches: 1$/.test(l))).toBe(false);	/* console at 4 */
  });

  it("panic_on_oops turns an oops into a panic (host exit status 3)", () => {
    const r = bootFromState({ exec: "sysctl -w kernel.panic_on_oops=1; modprobe kmemlab_testmod oops=1 2>&1; echo survived" });
    expect(r.status).toBe(3);
    expect(r.lines).toContain("[T] Kernel panic - not syncing: Fatal exception");
    expect(r.lines).not.toContain("survived");
  });

  it("sysctl: -a, KEY, -n, -w KEY=VALUE, unknown keys, refused writes", () => {
    const r = bootFromState({
      exec: "sysctl -a; sysctl kernel.ostype kernel/osrelease; sysctl -n kernel.pid_max; sysctl -w kernel.printk='4 4 1 7'; sysctl kernel.printk; " +
        "sysctl kernel.nope; echo rc=$?; sysctl -e kernel.nope; echo rc=$?; sysctl kernel.ostype=BSD; echo rc=$?; " +
        "sysctl -w kernel.pid_max=abc; echo rc=$?; sysctl vm.drop_caches; echo rc=$?; sysctl; echo rc=$?",
    });
    expect(userOutput(r)).toEqual([
      "kernel.kptr_restrict = 0", "kernel.osrelease = 5.10.0-kmemlab", "kernel.ostype = Linux", "kernel.panic = 0",
      "kernel.panic_on_oops = 0", "kernel.pid_max = 32768", "kernel.printk = 7\t4\t1\t7", "kernel.tainted = 0",
      "vm.overcommit_memory = 0", "vm.overcommit_ratio = 50",
      "kernel.ostype = Linux", "kernel.osrelease = 5.10.0-kmemlab", "32768", "kernel.printk = 4 4 1 7", "kernel.printk = 4\t4\t1\t7",
      "sysctl: cannot stat /proc/sys/kernel/nope: No such file or directory", "rc=1", "rc=0",
      "sysctl: setting key \"kernel.ostype\": Invalid argument", "rc=0",
      "sysctl: setting key \"kernel.pid_max\": Invalid argument", "rc=1",
      "rc=0",
      "", "Usage:", " sysctl [options] [variable[=value] ...]", ...usageTail(), "rc=1", "",
    ]);
  });
});

function usageTail(): string[] {
  return [
    "", "Options:",
    "  -a, --all            display all variables", "  -A                   alias of -a", "  -X                   alias of -a",
    "  -e, --ignore         ignore unknown variables errors", "  -N, --names          print variable names without values",
    "  -n, --values         print only values of the given variable(s)", "  -p, --load[=<file>]  read values from file",
    "  -f                   alias of -p", "  -q, --quiet          do not echo variable set",
    "  -w, --write          enable writing a value to variable", "  -o                   does nothing",
    "  -x                   does nothing", "  -d                   alias of -h", "",
    " -h, --help     display this help and exit", " -V, --version  output version information and exit", "",
    "For more details see sysctl(8).",
  ];
}
