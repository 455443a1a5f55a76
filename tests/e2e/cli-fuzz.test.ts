/*
 * cli-fuzz.test.ts: seeded random command lines against the real CLI:
 * random options, values (numbers valid and not, huge, negative, NaN,
 * exponents) and files of every kind (directories, FIFOs, sockets, empty,
 * truncated and crafted ELFs, huge sparse files, symlink loops, devices,
 * hostile --share trees). Whatever the input, kmemlab ends on its own
 * with a status in {0, 2, 3, 124} (any guest status once the guest ran),
 * with no stack trace and no internal error.
 *
 * The npm test version runs 12 cases, most of them failing fast
 * before a boot; KMEMLAB_FUZZ_LONG=1 (or `npm run fuzz -- --long`) runs
 * KMEMLAB_FUZZ_CASES (default 400) from KMEMLAB_FUZZ_SEED (default 1) and
 * prints the count of each status.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, DEFAULT_KERNEL } from "../../tools/cli.ts";

const DEFAULT_INITRD = join(ROOT, "build/initramfs.cpio");

const LONG = process.env.KMEMLAB_FUZZ_LONG === "1";
const CASES = LONG ? Number(process.env.KMEMLAB_FUZZ_CASES ?? 400) : 12;
const SEED = Number(process.env.KMEMLAB_FUZZ_SEED ?? 1);
/** Every case that boots is bounded by this many guest instructions (a boot and `true`: about 17 M). */
const GUARD = ["--max-insns", "40000000"];
/** A case that has not ended after this long has hung (a failure). */
const HANG_MS = 120_000;

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let F: string;
const files: Record<string, string> = {};
const shares: Record<string, string> = {};

beforeAll(() => {
  F = mkdtempSync(join(tmpdir(), "kmemlab-fuzz-"));
  const at = (n: string) => join(F, n);
  const k = new Uint8Array(readFileSync(DEFAULT_KERNEL));
  mkdirSync(at("dir"));
  execFileSync("mkfifo", [at("fifo")]);
  execFileSync("python3", ["-c", `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(at("sock"))})`]);
  writeFileSync(at("empty"), "");
  for (const n of [3, 63, 64, 200, 4096, k.length - 1]) writeFileSync(at(`trunc-${n}.elf`), k.subarray(0, n));
  const spin = k.slice();
  const dv = new DataView(spin.buffer);
  const phoff = Number(dv.getBigUint64(32, true));
  for (let i = 0; i < dv.getUint16(56, true); i++) {
    const o = phoff + i * 56;
    if (dv.getUint32(o, true) === 4) dv.setUint32(Number(dv.getBigUint64(o + 8, true)), 0xfffffff0, true);
  }
  writeFileSync(at("note-spin.elf"), spin);
  const r = rng(SEED ^ 0x5eed);
  for (let v = 0; v < 4; v++) {
    const f = k.slice();
    for (let j = 0; j < 6; j++) f[Math.floor(r() * 256)] = [0, 0xff, Math.floor(r() * 256)][Math.floor(r() * 3)]!;
    writeFileSync(at(`flip-${v}.elf`), f);
  }
  writeFileSync(at("sparse-1g"), ""); truncateSync(at("sparse-1g"), 2 ** 30);
  writeFileSync(at("sparse-5g"), ""); truncateSync(at("sparse-5g"), 5 * 2 ** 30);
  symlinkSync("loop-b", at("loop-a")); symlinkSync("loop-a", at("loop-b"));
  symlinkSync("nowhere", at("dangling"));
  symlinkSync(at("fifo"), at("link-to-fifo"));
  writeFileSync(at("script.sh"), "echo from the script\nexit 6\n");
  writeFileSync(at("junk.sh"), Buffer.from(Array.from({ length: 300 }, () => Math.floor(r() * 256))));
  writeFileSync(at("initramfs-half"), readFileSync(DEFAULT_INITRD).subarray(0, 5000));
  writeFileSync(at("config"), "CONFIG_HZ=300\n");
  for (const n of ["dir", "fifo", "sock", "empty", "trunc-3.elf", "trunc-63.elf", "trunc-64.elf", "trunc-200.elf", "trunc-4096.elf", `trunc-${k.length - 1}.elf`,
    "note-spin.elf", "flip-0.elf", "flip-1.elf", "flip-2.elf", "flip-3.elf", "sparse-1g", "sparse-5g", "loop-a", "dangling", "link-to-fifo",
    "script.sh", "junk.sh", "initramfs-half", "config", "nonexistent", "dir/../fifo", "with space", "-dash"]) files[n] = at(n);
  files["/dev/zero"] = "/dev/zero"; files["/dev/null"] = "/dev/null"; files.kernel = DEFAULT_KERNEL; files.initramfs = DEFAULT_INITRD;
  // shares: ordinary, hostile (every kind of entry), too large, nested links
  const good = at("share-good"); mkdirSync(good); writeFileSync(join(good, "hello"), "hello\n");
  const bad = at("share-hostile"); mkdirSync(join(bad, "d"), { recursive: true });
  execFileSync("mkfifo", [join(bad, "fifo")]);
  execFileSync("python3", ["-c", `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(join(bad, "sock"))})`]);
  symlinkSync("/etc/shadow", join(bad, "shadow")); symlinkSync("..", join(bad, "d", "up")); symlinkSync("l2", join(bad, "l1")); symlinkSync("l1", join(bad, "l2"));
  writeFileSync(join(bad, "x"), "x"); truncateSync(join(bad, "x"), 10 << 20);
  const big = at("share-big"); mkdirSync(big); writeFileSync(join(big, "s"), ""); truncateSync(join(big, "s"), 2 ** 30);
  Object.assign(shares, { good, bad, big, fifo: at("fifo"), file: at("empty"), loop: at("loop-a"), none: at("nonexistent") });
});

const NUMBERS = ["abc", "-1", "0", "1e3", "1e400", "NaN", "Infinity", "0x10", "", " ", "99999999999999999999999", "1.5", "-0", "+7", "٣"];
type Gen = (r: () => number) => string[];
const pick = <T,>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
const num = (valid: string[]) => (r: () => number) => r() < 0.5 ? pick(r, valid) : pick(r, NUMBERS);
const file = (r: () => number) => pick(r, Object.values(files));

/** The options of `boot`, each with a value generator. */
const BOOT: [string, Gen][] = [
  ["-k", (r) => [r() < 0.3 ? files.kernel! : file(r)]],
  ["-i", (r) => [r() < 0.2 ? files.initramfs! : file(r)]],
  ["--script", (r) => [r() < 0.3 ? files["script.sh"]! : file(r)]],
  ["-e", (r) => [pick(r, ["true", "false", "exit 5", "nosuchcommand", "echo hi; cat /mnt/host/*", "ls -l /mnt/host", "", "exit 300", "cat /mnt/host/shadow", "dmesg | tail -1"])]],
  ["--share", (r) => [pick(r, Object.values(shares))]],
  ["-m", (r) => [num(["16", "32", "64M", "128", "1G"])(r)]],
  ["--max-insns", (r) => [num(["1", "1000", "2000000", "40000000"])(r)]],
  ["--timeout", (r) => [num(["0.000001", "0.3", "5", "3000000"])(r)]],
  ["--jit-threshold", (r) => [num(["1", "1000"])(r)]],
  ["--clock", (r) => [pick(r, ["virtual", "real", "bogus", ""])]],
  ["-a", (r) => [pick(r, ["", "kmemleak=on", "debug initcall_debug", "init=/nonexistent", "x".repeat(5000), "é\t\n"])]],
  ["--oracle", () => []], ["--jit", () => []], ["--no-jit", () => []], ["--no-wasm-core", () => []],
];
const JUNK = ["--frobnicate", "-z", "--", "---", "-k", "--timeout", "boot", "extra-argument", "--max-insns=7", "-m4096x"];

function bootCase(r: () => number): string[] {
  const args: string[] = [];
  for (let n = 1 + Math.floor(r() * 4); n > 0; n--) {
    const [flag, gen] = pick(r, BOOT);
    args.push(flag, ...gen(r));
  }
  if (r() < 0.1) args.splice(Math.floor(r() * (args.length + 1)), 0, pick(r, JUNK));
  if (!args.includes("-e") && !args.includes("--script")) args.push("-e", "true"); // a boot without commands would wait for input
  return ["boot", "--no-build", ...GUARD, ...args];
}

function otherCase(r: () => number): string[] {
  return pick(r, [
    () => ["config", "--file", file(r), "--state", pick(r, ["CONFIG_HZ", "CONFIG_NOPE", ""])],
    () => ["config", "--file", files.config!, "--set-val", "CONFIG_HZ", num(["100", "300"])(r)],
    () => ["module", "build", file(r)],
    () => ["build", "--config", pick(r, [files.dir!, files.fifo!, files.nonexistent!, "/dev/null"])],
    () => ["build", "-O", file(r)],
    () => [pick(r, JUNK), ...(r() < 0.5 ? [file(r)] : [])],
  ])();
}

interface Outcome { args: string[]; status: number | null; signal: string | null; stdout: string; stderr: string }

function run(args: string[]): Promise<Outcome> {
  return new Promise((done) => {
    const c = spawn(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    c.stdout.setEncoding("utf8").on("data", (d: string) => { stdout += d; });
    c.stderr.setEncoding("utf8").on("data", (d: string) => { stderr += d; });
    const kill = setTimeout(() => c.kill("SIGKILL"), HANG_MS);
    c.on("close", (status, signal) => { clearTimeout(kill); done({ args, status, signal, stdout, stderr }); });
  });
}

/** What is wrong with an outcome, or null. */
function verdict(o: Outcome): string | null {
  if (o.status === null) return `no exit status (killed by ${o.signal}: a hang)`;
  const booted = /Linux version/.test(o.stdout);
  if (/^\s+at .+:\d+:\d+\)?$/m.test(o.stderr) || /node:internal|^\w*Error\b/m.test(o.stderr)) return "a stack trace on stderr";
  if (/internal error/.test(o.stderr)) return "an internal error";
  if (o.status === 70) return "status 70";
  if (booted ? o.status > 127 && o.status !== 124 : ![0, 2, 3, 124].includes(o.status)) return `status ${o.status}`;
  if (o.status === 2 && !booted && !/^(kmemlab: |error: )/m.test(o.stderr)) return "status 2 with no message";
  return null;
}

describe("CLI fuzz", () => {
  it(`${CASES} random command lines (seed ${SEED}) end with a defined status, one-line messages, no stack trace`, async () => {
    const r = rng(SEED);
    const cases = Array.from({ length: CASES }, () => r() < 0.85 ? bootCase(r) : otherCase(r));
    const outcomes: Outcome[] = [];
    for (let i = 0; i < cases.length; i += 2) outcomes.push(...await Promise.all(cases.slice(i, i + 2).map(run)));
    const bad = outcomes.map((o) => [verdict(o), o] as const).filter(([v]) => v !== null)
      .map(([v, o]) => `${v}: kmemlab ${o.args.map((a) => JSON.stringify(a)).join(" ")}\n${o.stderr.slice(-600)}`);
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(String(o.status), (counts.get(String(o.status)) ?? 0) + 1);
    if (LONG) console.log(`cli fuzz: ${CASES} cases from seed ${SEED}; statuses ${[...counts].sort().map(([s, n]) => `${s}: ${n}`).join(", ")}`);
    expect(bad).toEqual([]);
    // the cases reach past the option checks: some boot, some are refused
    expect(counts.get("2")).toBeGreaterThan(0);
    expect(outcomes.some((o) => /Linux version/.test(o.stdout))).toBe(true);
  }, LONG ? 4 * 3600_000 : 300_000);
});
