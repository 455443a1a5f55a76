/*
 * toolbox-ps.test.ts: the guest's ps run natively against the host's own
 * /proc, compared byte for byte with the host's procps-ng ps reading the
 * same processes: a sleeping child at nice 5 (stable fields) and the
 * host's kthreadd, for every format option the guest supports, and the
 * error messages and exit statuses for bad options.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { buildUser, BIN } from "./helpers.ts";

let child: ChildProcess;
let pid: number;

function ps(bin: string, args: string[]): { out: string; status: number | null } {
  const r = spawnSync(bin, args, { encoding: "utf8", env: { PATH: "/usr/bin:/bin", LC_ALL: "C" } });
  return { out: r.stdout + r.stderr, status: r.status };
}

beforeAll(async () => {
  buildUser();
  child = spawn("nice", ["-n", "5", "sleep", "1000"], { stdio: "ignore" });
  pid = child.pid!;
  /* wait until the child has exec'd sleep and is asleep in it */
  for (let i = 0; i < 200; i++) {
    const s = ps("ps", ["-o", "s=,comm=", "-p", String(pid)]).out.trim();
    if (s === "S sleep") break;
    await new Promise((r) => setTimeout(r, 10));
  }
});

afterAll(() => child.kill());

const FORMATS = [
  [],
  ["-f"],
  ["-l"],
  ["-lf"],
  ["-j"],
  ["u"],
  ["-o", "pid,ni,pri,stat,comm"],
  ["-o", "pid,ppid,pgid,sid,tpgid,tty,tname,time,uid,user,vsz,rss,sz,f,s,c,nice,opri,priority,args"],
  ["-o", "comm,pid,ni", "-o", "wchan:20,args"],
  ["-o", "pid=,comm=NAME"],
  ["-o", "pid=PROCESS,comm"],
  ["-o", "pid:3,cmd:8,stat"],
  ["-o", "pid", "--no-headers"],
  ["-o", "lstart,start,stime,bsdtime,cputime,nlwp,psr,cls,class"],
];

describe("ps against procps-ng on the same processes", () => {
  for (const f of FORMATS) {
    it(`ps ${f.join(" ")}`, () => {
      const args = [...f, "-p", `${pid},2`];
      const host = ps("ps", args), guest = ps(join(BIN, "ps"), args);
      expect(guest.out).toBe(host.out);
      expect(guest.status).toBe(0);
    });
  }

  it("sorts with --sort", () => {
    const args = ["--sort=-pid", "-o", "pid,comm", "-p", `2,${pid},1`];
    expect(ps(join(BIN, "ps"), args).out).toBe(ps("ps", args).out);
  });

  it("prints the header and exits 1 when nothing matches", () => {
    const g = ps(join(BIN, "ps"), ["-p", "999999"]);
    expect(g).toEqual({ out: "  PID TTY          TIME CMD\n", status: 1 });
  });
});

describe("ps bad input", () => {
  for (const args of [["--foo"], ["-o", "bogus"], ["-p", "abc"], ["-p"], ["-o"], ["-C"], ["p"], ["o"], ["--pid"], ["--sort=bogus"], ["-q"]]) {
    it(`ps ${args.join(" ")}`, () => {
      const host = ps("ps", args), guest = ps(join(BIN, "ps"), args);
      expect(guest.out).toBe(host.out);
      expect(guest.status).toBe(1);
      expect(host.status).toBe(1);
    });
  }
});
