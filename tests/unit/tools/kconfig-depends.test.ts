/*
 * kconfig-depends.test.ts: the config merge (tools/kconfigs.ts) turns off
 * an option left at its Kconfig default whose `depends on` is false, as
 * Kconfig does: VMAP_STACK (default y, `depends on !KASAN || KASAN_VMALLOC`)
 * is off in the book-debug config (KASAN without KASAN_VMALLOC), on in the
 * default one and with KASAN_VMALLOC; an option the file sets is kept.
 */
import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../../tools/cli.ts";
import { disableUnmetDefaults, mergedConfig } from "../../../tools/kconfigs.ts";

const line = (cfg: string, name: string) => cfg.split("\n").find((l) => l === `CONFIG_${name}=y` || l === `# CONFIG_${name} is not set`);

describe("config merge: depends on", () => {
  it("VMAP_STACK follows !KASAN || KASAN_VMALLOC", () => {
    expect(line(mergedConfig(ROOT, join(ROOT, "guest-kernel/configs/default")), "VMAP_STACK")).toBe("CONFIG_VMAP_STACK=y");
    expect(line(mergedConfig(ROOT, join(ROOT, "guest-kernel/configs/book-debug")), "VMAP_STACK")).toBe("# CONFIG_VMAP_STACK is not set");
    const f = join(mkdtempSync(join(tmpdir(), "kmemlab-kconfig-")), "kv");
    writeFileSync(f, "CONFIG_KASAN=y\nCONFIG_KASAN_GENERIC=y\nCONFIG_KASAN_VMALLOC=y\n");
    const kv = mergedConfig(ROOT, f);
    expect([line(kv, "VMAP_STACK"), line(kv, "KASAN_VMALLOC")]).toEqual(["CONFIG_VMAP_STACK=y", "CONFIG_KASAN_VMALLOC=y"]);
  });

  it("evaluates && || ! and parentheses, repeats until nothing changes, keeps what the file set", () => {
    const kconfig = "config A\n\tbool\n\tdepends on B && (C || !D)\n\tdefault y\nconfig B\n\tbool\n\tdepends on E\n\tdefault y\n" +
      "config E\n\tbool\n\tdefault n\nconfig F\n\tbool\n\tdepends on E\n\tdefault y\nconfig G\n\ttristate\n\tdepends on m\n\tdefault m\n";
    const lines = ["CONFIG_A=y", "CONFIG_B=y", "# CONFIG_E is not set", "CONFIG_F=y", "CONFIG_G=m"];
    disableUnmetDefaults(kconfig, lines, new Set(["F"]));
    expect(lines).toEqual(["# CONFIG_A is not set", "# CONFIG_B is not set", "# CONFIG_E is not set", "CONFIG_F=y", "CONFIG_G=m"]);
  });
});
