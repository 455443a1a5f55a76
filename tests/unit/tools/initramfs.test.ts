/*
 * initramfs.test.ts: our newc writer against GNU cpio: the listing, the
 * contents and the modes must come back exactly.
 */
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendCpio, packCpio, CpioError, S_IFDIR, S_IFREG, S_IFLNK } from "../../../tools/initramfs.ts";
import { withExecScript } from "../../../boot/exec-script.ts";
import { packInitramfs } from "../../../tools/build.ts";
import { ROOT } from "../../../tools/cli.ts";

describe("newc cpio writer", () => {
  const archive = packCpio([
    { path: "bin", mode: S_IFDIR | 0o755 },
    { path: "bin/hello", mode: S_IFREG | 0o755, data: "#!/bin/sh\necho hi\n" },
    { path: "etc", mode: S_IFDIR | 0o755 },
    { path: "etc/odd", mode: S_IFREG | 0o644, data: new Uint8Array([1, 2, 3]) },
    { path: "bin/sh2", mode: S_IFLNK | 0o777, data: "hello" },
  ]);
  it("is listed by GNU cpio in order", () => {
    const list = execFileSync("cpio", ["-t", "--quiet"], { input: archive }).toString();
    expect(list).toBe("bin\nbin/hello\netc\netc/odd\nbin/sh2\n");
  });
  it("extracts with the same contents, modes and link target", () => {
    const dir = mkdtempSync(join(tmpdir(), "cpio-"));
    execFileSync("cpio", ["-id", "--quiet", "--no-absolute-filenames"], { input: archive, cwd: dir });
    expect(readFileSync(join(dir, "bin/hello"), "utf8")).toBe("#!/bin/sh\necho hi\n");
    expect(statSync(join(dir, "bin/hello")).mode & 0o777).toBe(0o755);
    expect([...readFileSync(join(dir, "etc/odd"))]).toEqual([1, 2, 3]);
    expect(readlinkSync(join(dir, "bin/sh2"))).toBe("hello");
    writeFileSync(join(dir, "ok"), "");
  });
  it("is deterministic and 4-byte aligned", () => {
    const again = packCpio([{ path: "a", mode: S_IFREG | 0o644, data: "x" }]);
    expect(again.length % 4).toBe(0);
    expect(Buffer.from(again).toString("latin1").startsWith("07070100000001000081a4")).toBe(true);
    expect(Buffer.from(packCpio([{ path: "a", mode: S_IFREG | 0o644, data: "x" }])).equals(Buffer.from(again))).toBe(true);
  });
});

describe("appending to an archive", () => {
  const entries = [
    { path: "a", mode: S_IFDIR | 0o755 },
    { path: "a/b", mode: S_IFREG | 0o644, data: "bee" },
    { path: "a/l", mode: S_IFLNK | 0o777, data: "b" },
  ];
  it("gives the bytes of one archive of all the entries", () => {
    for (let k = 0; k <= entries.length; k++)
      expect(Buffer.from(appendCpio(packCpio(entries.slice(0, k)), entries.slice(k))).equals(Buffer.from(packCpio(entries)))).toBe(true);
  });
  it("the --exec script added to the built initramfs is what packInitramfs packs with it", () => {
    const script = "echo one\nexit 3";
    expect(Buffer.from(withExecScript(packInitramfs(ROOT), script)).equals(Buffer.from(packInitramfs(ROOT, { exec: script })))).toBe(true);
  });
  it("refuses what is not a newc archive", () => {
    expect(() => appendCpio(new TextEncoder().encode("not an archive at all, no, not at all, really not one, no header here at all........................................."), entries)).toThrow(CpioError);
    const cut = packCpio(entries).subarray(0, 200);
    expect(() => appendCpio(cut, [])).toThrow(CpioError);
  });
});
