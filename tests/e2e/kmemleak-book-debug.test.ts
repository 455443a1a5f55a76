/*
 * kmemleak-book-debug.test.ts: kmemleak.md's scenarios A2-A9 on the book's
 * debug kernel (configs/book-debug: KASAN, UBSAN, SLUB debug, kmemleak),
 * with the lines the default kernel's tests assert (kmemleak-scenarios.ts):
 * KASAN's shadow, redzones and quarantine must not change what kmemleak
 * prints. A1 is kasan.test.ts's; A6 is kasan.test.ts's too, and here again
 * under the leak oracle (A9). Five boots: A2; A4, A5's three cases and A9
 * in one (graded by `--oracle` at the end); A7 (it turns kmemleak off);
 * A3 and A8 on two book-debug variants with pools of 32000 and 200
 * objects, built as `kmemlab build --config FILE` builds them
 * (build/kernel-book-debug-pool*, incremental after the first run; the
 * book-debug tree itself is global-setup's).
 * The pool figures are the default kernel's (15984, 184): see A4.check.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { type BootResult, bootGuestAsync, pool, session } from "./guest.ts";
import { A2, A3, A4, A5, A7, A8, KL, SCAN_TWICE, inSections, oracleGrades, sections, sizes, user } from "./kmemleak-scenarios.ts";

const kmemlab = (args: string[]) => new Promise<number | null>((res) =>
  spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), ...args], { stdio: "ignore" }).on("close", res));
const dir = mkdtempSync(join(tmpdir(), "kmemlab-bd-"));

/** configs/book-debug with another kmemleak pool: its own tree, build/kernel-book-debug-pool<N> */
async function variant(pool: string): Promise<string> {
  const cfg = join(dir, `book-debug-pool${pool}`);
  copyFileSync(join(ROOT, "guest-kernel/configs/book-debug"), cfg);
  expect(await kmemlab(["config", "--file", cfg, "--set-val", "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE", pool])).toBe(0);
  expect(await kmemlab(["build", "--config", cfg])).toBe(0);
  return cfg;
}

const boot = (config: string, append: string | undefined, exec: string, extra: string[] = []) =>
  bootGuestAsync({ exec, extra: ["--config", config, ...extra], timeoutMs: 300_000, ...(append ? { append } : {}) });

let a2: BootResult, on: BootResult, a7: BootResult, a3: BootResult, a8: BootResult;

beforeAll(async () => {
  // the two variants first: their builds are the longest jobs
  [a3, a8, a2, on, a7] = await pool([
    async () => boot(await variant(A3.pool), undefined, A3.exec),
    async () => boot(await variant(A8.pool), A8.append, A8.exec),
    () => boot("book-debug", A2.append, A2.exec),
    () => boot("book-debug", A4.append, inSections([
      ["A4", A4.exec],
      ...A5.cases.map((tc): [string, string] => [`A5 ${tc}`, A5.exec(tc)]),
      // A9: kmemleak-test's 13 leaks while loaded (its list nodes held by interior pointers), the 11 after rmmod
      ["A9", `modprobe kmemleak-test; ${SCAN_TWICE}; grep -c unreferenced ${KL}; rmmod kmemleak_test; echo clear > ${KL}; ${SCAN_TWICE}; grep -c unreferenced ${KL}`],
    ]), ["--oracle"]),
    () => boot("book-debug", A7.append, A7.exec),
  ]);
}, 900_000);

describe("kmemleak's scenarios on the book-debug kernel", () => {
  it("A2: debug initcall_debug shows kmemleak_late_init's -12", () => {
    const s = session(a2);
    expect(s.slice(-2)).toEqual(["[T] reboot: Power down", ""]);
    A2.check(s.slice(0, -2));
    A2.checkConsole(a2);
  });

  it("A3: a 32000-object pool, rebuilt, still boots with kmemleak disabled; the guest's config shows it", () => {
    expect(a3.status).toBe(0);
    expect(user(session(a3))).toEqual([...A3.expected, ""]);
  });

  it("A4: kmemleak=on: the default kernel's pool figure (15984), the thread at nice 10", () => {
    expect(on.status).toBe(0);
    expect(A4.check(user(sections(on).get("A4")!))).toBe(15984);
  });

  for (const tc of A5.cases)
    it(`A5 ${tc}: the leak as on the default kernel`, () => A5.check(tc, sections(on).get(`A5 ${tc}`)!));

  it("A7: the control file's commands", () => {
    expect(a7.status).toBe(0);
    expect(user(session(a7))).toEqual([...A7.expected, ""]);
  });

  it("A8: with a 200-object pool and failslab on kmemleak_object, the pool runs dry (184 left after boot)", () => A8.check(a8));

  it("A9: no false negative, no false positive, unloading hands references back: the oracle agrees with every verdict", () => {
    expect(user(sections(on).get("A9")!).filter((l) => l !== "")).toEqual(["13", "11"]);
    const o = oracleGrades(on.stderr);
    // the A5 leaks were cleared (not reported again: kmemleak's gray), so only the 11 of kmemleak-test's unload are reported
    expect([o.reported, o.tp, o.fp, o.fn]).toEqual([11, 11, 0, 0]);
    expect(sizes(o.objects)).toEqual([192, ...Array(10).fill(512)]);
    for (const x of o.objects) expect(x.comm).toBe("modprobe");
  });
});
