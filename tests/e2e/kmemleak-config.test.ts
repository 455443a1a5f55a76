/*
 * kmemleak-config.test.ts: scenario A3 (the red herring): a bigger
 * CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE, really rebuilt into a kernel, does
 * not bring kmemleak up without kmemleak=on; and `kmemlab config` behaves
 * like scripts/config.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";
import { bootGuest, userOutput } from "./guest.ts";
import { A3 } from "./kmemleak-scenarios.ts";

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "tools/kmemlab.mjs"), ...args], { encoding: "utf8" });

describe("kmemlab config", () => {
  const dir = mkdtempSync(join(tmpdir(), "kmemlab-config-"));
  const cfg = join(dir, "config");
  beforeAll(() => copyFileSync(join(ROOT, "guest-kernel/.config"), cfg));

  it("reads and writes options like scripts/config", () => {
    expect(cli("config", "--file", cfg, "--state", "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE").stdout).toBe("16000\n");
    expect(cli("config", "--file", cfg, "--state", "DEBUG_KMEMLEAK_DEFAULT_OFF", "--state", "HZ", "--state", "LOCALVERSION").stdout).toBe("y\n300\n-kmemlab\n");
    expect(cli("config", "--file", cfg, "--disable", "DEBUG_KMEMLEAK_AUTO_SCAN", "--state", "DEBUG_KMEMLEAK_AUTO_SCAN").stdout).toBe("n\n");
    expect(cli("config", "--file", cfg, "--state", "DEBUG_KMEMLEAK_TEST").stdout).toBe("m\n");
  });

  it("refuses unknown options and out-of-range values with a clear error and status 2", () => {
    const a = cli("config", "--file", cfg, "--enable", "CONFIG_NO_SUCH_THING");
    expect([a.status, a.stderr]).toEqual([2, "kmemlab: unknown option CONFIG_NO_SUCH_THING (not in guest-kernel/Kconfig)\n"]);
    const b = cli("config", "--file", cfg, "--set-val", "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE", "100");
    expect([b.status, b.stderr]).toEqual([2, "kmemlab: CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE=100 is out of range (200..1000000)\n"]);
  });
});

describe("A3: a bigger pool does not help", () => {
  const dir = mkdtempSync(join(tmpdir(), "kmemlab-a3-"));
  const cfg = join(dir, "config"), out = join(dir, "kernel");
  let r: ReturnType<typeof bootGuest>;
  beforeAll(() => {
    copyFileSync(join(ROOT, "guest-kernel/.config"), cfg);
    expect(cli("config", "--file", cfg, "--set-val", "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE", A3.pool).status).toBe(0);
    const b = cli("build", "--config", cfg, "-O", out);
    expect(b.status).toBe(0);
    r = bootGuest({ kernel: join(out, "vmlinux"), exec: A3.exec });
  }, 300_000);

  it("rebuilds the kernel with the new value", () => {
    expect(existsSync(join(out, "vmlinux"))).toBe(true);
    expect(cli("config", "--file", cfg, "--state", "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE").stdout).toBe("32000\n");
  });

  it("still boots with kmemleak disabled, and the guest's config shows 32000", () => {
    const u = userOutput(r);
    expect(u).toEqual([...A3.expected, ""]);
  });
});
