/*
 * toolbox-tools.test.ts: the guest's grep options people use on kernel
 * logs (-w, -x, -o, -m, -E alternation) and head -c, compared with GNU
 * grep and coreutils head on the same input; and sysctl's messages for
 * keys that are not there, compared with procps-ng's on the host.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildUser, BIN, tmp } from "./helpers.ts";

let file: string;
const TEXT = [
  "[    1.500000] kmemleak: 3 new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
  "unreferenced object 0xffff888007fee048 (size 32):",
  "  comm \"insmod\", pid 64, jiffies 4294937296 (age 12.300s)",
  "foo bar", "foobar", "bar foo baz", "foo_x foo", "",
].join("\n") + "\n";

function run(bin: string, args: string[]) {
  const r = spawnSync(bin, args, { encoding: "utf8", env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" } });
  return { out: r.stdout + r.stderr, status: r.status };
}

beforeAll(() => {
  buildUser();
  file = join(tmp(), "log");
  writeFileSync(file, TEXT);
});

describe("grep against GNU grep", () => {
  const cases = [
    ["-w", "foo"], ["-o", "foo"], ["-ow", "foo"], ["-m", "1", "foo"], ["-m1", "-c", "foo"], ["-x", "foobar"],
    ["-o", "-E", "fo+|ba."], ["-E", "foo|baz"], ["-n", "-o", "bar"], ["-q", "foo"], ["-m", "0", "foo"],
    ["-wo", "-E", "[a-z]+"], ["-o", "-e", "foo", "-e", "oob"], ["-o", "-E", "0x[0-9a-f]+"], ["-oE", "size [0-9]+"],
    ["-c", "-w", "object"], ["-m", "2", "-n", "o"], ["-x", "-F", "foo bar"], ["-w", "-F", "foo"],
  ];
  for (const args of cases) {
    it(`grep ${args.join(" ")}`, () => {
      expect(run(join(BIN, "grep"), [...args, file])).toEqual(run("grep", [...args, file]));
    });
  }
});

describe("head -c", () => {
  for (const n of ["0", "1", "10", "100", "100000"]) {
    it(`head -c ${n}`, () => {
      expect(run(join(BIN, "head"), ["-c", n, file])).toEqual(run("head", ["-c", n, file]));
    });
  }
});

describe("sysctl against procps-ng on the host's /proc/sys", () => {
  for (const args of [["kernel.nope"], ["-e", "kernel.nope"], ["-w", "kernel.nope=1"], ["kernel.ostype"], ["-n", "kernel.ostype"], ["-N", "kernel/ostype"], ["vm.drop_caches"], ["-p", "/nonexistent"], ["-x"]]) {
    it(`sysctl ${args.join(" ")}`, () => {
      expect(run(join(BIN, "sysctl"), args)).toEqual(run("sysctl", args));
    });
  }
});
