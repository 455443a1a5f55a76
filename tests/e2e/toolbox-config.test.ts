/*
 * toolbox-config.test.ts: the book's `scripts/config --set-val ...` typed
 * in the kernel source tree (guest-kernel/) runs the same tool as
 * `kmemlab config`, with scripts/config's interface and its exit status.
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../tools/cli.ts";

function config(args: string[]) {
  const r = spawnSync(join(ROOT, "guest-kernel/scripts/config"), args, { cwd: join(ROOT, "guest-kernel"), encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("guest-kernel/scripts/config", () => {
  const cfg = join(mkdtempSync(join(tmpdir(), "kmemlab-scripts-config-")), ".config");
  copyFileSync(join(ROOT, "guest-kernel/.config"), cfg);

  it("the book's line, as typed in the source tree", () => {
    expect(config(["--file", cfg, "--state", "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE"])).toEqual({ status: 0, stdout: "16000\n", stderr: "" });
    expect(config(["--file", cfg, "--set-val", "CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE", "32000"])).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(readFileSync(cfg, "utf8")).toContain("\nCONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE=32000\n");
    expect(config(["--file", cfg, "-s", "DEBUG_KMEMLEAK_MEM_POOL_SIZE", "-d", "DEBUG_KMEMLEAK_AUTO_SCAN", "-s", "DEBUG_KMEMLEAK_AUTO_SCAN"]).stdout).toBe("32000\nn\n");
  });

  it("refuses what kmemlab config refuses, with the same message", () => {
    expect(config(["--file", cfg, "--enable", "CONFIG_NO_SUCH_THING"])).toEqual({
      status: 2, stdout: "", stderr: "kmemlab: unknown option CONFIG_NO_SUCH_THING (not in guest-kernel/Kconfig)\n",
    });
  });
});
