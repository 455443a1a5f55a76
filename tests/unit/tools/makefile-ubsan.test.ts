/*
 * makefile-ubsan.test.ts: which gcc flags CONFIG_UBSAN's options select
 * (guest-kernel/scripts/Makefile.ubsan, as 5.10's scripts/Makefile.ubsan)
 * and which objects get them (UBSAN_SANITIZE_ALL, UBSAN_SANITIZE,
 * UBSAN_SANITIZE_<obj>.o, as Linux's Makefile.lib decides), for the
 * kernel's own objects and for a module built against a kernel. Nothing
 * is compiled: `make -n` prints the compiler command lines.
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../../tools/cli.ts";

const MISC = ["-fsanitize=shift", "-fsanitize=integer-divide-by-zero", "-fsanitize=unreachable",
  "-fsanitize=signed-integer-overflow", "-fsanitize=object-size", "-fsanitize=bool", "-fsanitize=enum"];
const dir = mkdtempSync(join(tmpdir(), "kmemlab-ubsan-flags-"));

/** A kernel build directory with just what module.mk reads: release and autoconf.h for these options. */
function kernelDir(name: string, opts: string[]): string {
  const k = join(dir, name);
  mkdirSync(join(k, "include/generated"), { recursive: true });
  writeFileSync(join(k, "release"), "5.10.0-kmemlab\n");
  writeFileSync(join(k, "include/generated/autoconf.h"), opts.map((o) => `#define CONFIG_${o} 1\n`).join(""));
  return k;
}

/** The -fsanitize/-W flags module.mk gives each object of a two-file module whose Makefile has `extra`. */
function moduleFlags(kobj: string, extra: string[] = []): Record<string, string[]> {
  const m = mkdtempSync(join(dir, "mod-"));
  writeFileSync(join(m, "Makefile"), ["obj-m := two.o", "two-objs := a.o b.o", ...extra, ""].join("\n"));
  for (const f of ["a.c", "b.c"]) writeFileSync(join(m, f), "int x;\n");
  const r = spawnSync("make", ["-n", "-C", join(ROOT, "modules"), "-f", "scripts/module.mk", `M=${m}`, `KOBJ=${kobj}`], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const out: Record<string, string[]> = {};
  for (const l of r.stdout.split("\n")) {
    const c = / -c (\S+)\/(\w+)\.c /.exec(l);
    if (c && c[1] === m) out[c[2]!] = l.split(/\s+/).filter((w) => /^-fsanitize/.test(w));
  }
  return out;
}

describe("Makefile.ubsan: the flags of CONFIG_UBSAN_*", () => {
  it("UBSAN_BOUNDS + UBSAN_MISC + UBSAN_SANITIZE_ALL: 5.10's list, on every object", () => {
    const k = kernelDir("all", ["UBSAN", "UBSAN_BOUNDS", "UBSAN_MISC", "UBSAN_SANITIZE_ALL"]);
    const f = ["-fsanitize=bounds", ...MISC];
    expect(moduleFlags(k)).toEqual({ a: f, b: f });
    // a module's UBSAN_SANITIZE_<obj>.o := n exempts that object
    expect(moduleFlags(k, ["UBSAN_SANITIZE_b.o := n"])).toEqual({ a: f, b: [] });
    // and UBSAN_SANITIZE := n the whole directory, unless an object says y
    expect(moduleFlags(k, ["UBSAN_SANITIZE := n", "UBSAN_SANITIZE_a.o := y"])).toEqual({ a: f, b: [] });
  });

  it("ALIGNMENT and TRAP add their flags; without SANITIZE_ALL only objects that ask are instrumented", () => {
    const k = kernelDir("some", ["UBSAN", "UBSAN_ALIGNMENT", "UBSAN_BOUNDS", "UBSAN_TRAP"]);
    const f = ["-fsanitize=alignment", "-fsanitize=bounds", "-fsanitize-undefined-trap-on-error"];
    expect(moduleFlags(k)).toEqual({ a: [], b: [] });
    expect(moduleFlags(k, ["UBSAN_SANITIZE_b.o := y"])).toEqual({ a: [], b: f });
    expect(moduleFlags(k, ["UBSAN_SANITIZE := y"])).toEqual({ a: f, b: f });
  });

  it("no flags without CONFIG_UBSAN, whatever else is set", () => {
    expect(moduleFlags(kernelDir("off", ["UBSAN_BOUNDS", "UBSAN_MISC", "UBSAN_SANITIZE_ALL"]), ["UBSAN_SANITIZE := y"]))
      .toEqual({ a: [], b: [] });
    expect(moduleFlags(kernelDir("none", []))).toEqual({ a: [], b: [] });
  });

  it("the kernel: every C object but lib/ubsan.o, which is built without the stack protector", () => {
    const cfg = join(dir, "kconfig");
    writeFileSync(cfg, ["CONFIG_LOCALVERSION=\"-kmemlab\"", "CONFIG_STACKPROTECTOR=y", "CONFIG_UBSAN=y", "CONFIG_UBSAN_MISC=y",
      "CONFIG_UBSAN_SANITIZE_ALL=y", ""].join("\n"));
    const r = spawnSync("make", ["-n", "-C", join(ROOT, "guest-kernel"), `O=${join(dir, "kbuild")}`, `KCONFIG_CONFIG=${cfg}`],
      { encoding: "utf8", maxBuffer: 1 << 26 });
    expect(r.status, r.stderr).toBe(0);
    const cc = new Map<string, string>();
    for (const l of r.stdout.split("\n")) {
      const c = / -c ((?:arch|init|kernel|mm|lib|fs)\/\S+\.c) /.exec(l);
      if (c) cc.set(c[1]!, l);
    }
    expect(cc.size).toBeGreaterThan(40);
    const flags = (src: string) => cc.get(src)!.split(/\s+/).filter((w) => /^-fsanitize|^-f(no-)?stack-protector/.test(w));
    expect(flags("mm/slub.c")).toEqual(["-fstack-protector", ...MISC]);
    expect(flags("lib/ubsan.c")).toEqual(["-fstack-protector", "-fno-stack-protector"]);
    for (const [src] of cc) if (src !== "lib/ubsan.c") expect(flags(src), src).toContain("-fsanitize=signed-integer-overflow");
  });
});
