/*
 * toolbox-hex.test.ts: the guest's hexdump, xxd and od run natively and
 * compared byte for byte with util-linux's hexdump, vim's xxd and
 * coreutils' od on the host, over a file with a repeated run (the "*"
 * lines), a short last line and an offset that ends past the input.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildUser, BIN, tmp } from "./helpers.ts";

let file: string;
const run = (bin: string, args: string[]) => {
  const r = spawnSync(bin, args, { encoding: "latin1", env: { PATH: "/usr/bin:/bin", LC_ALL: "C" } });
  return { out: r.stdout + r.stderr, status: r.status };
};

beforeAll(() => {
  buildUser();
  file = join(tmp(), "bytes");
  writeFileSync(file, Buffer.concat([Buffer.from("leaky!!\0\nabcdefghijklmnopqrstuvwxyz0123456789"), Buffer.alloc(64), Buffer.from("end\x7f\xff")]));
});

const CASES: [string, string[]][] = [
  ["hexdump", ["-C"]], ["hexdump", []], ["hexdump", ["-C", "-n", "8", "-s", "2"]], ["hexdump", ["-C", "-v"]], ["hexdump", ["-s", "5"]],
  ["hexdump", ["-s", "500", "-C"]], ["hexdump", ["-n", "3"]],
  ["xxd", []], ["xxd", ["-p"]], ["xxd", ["-g", "1", "-c", "8"]], ["xxd", ["-l", "10", "-s", "3"]], ["xxd", ["-u"]],
  ["od", []], ["od", ["-A", "x", "-t", "x1z"]], ["od", ["-c"]], ["od", ["-An", "-t", "x1", "-N", "4"]], ["od", ["-x"]],
  ["od", ["-t", "d4"]], ["od", ["-A", "d", "-t", "u1", "-j", "3", "-N", "20"]], ["od", ["-v", "-t", "x2"]], ["od", ["-b"]],
  ["od", ["-t", "x8"]],
];

describe("hexdump, xxd, od against the host's", () => {
  for (const [tool, args] of CASES) {
    it(`${tool} ${args.join(" ")}`, () => {
      expect(run(join(BIN, tool), [...args, file])).toEqual(run(tool, [...args, file]));
    });
  }
  it("empty input and a missing file", () => {
    for (const tool of ["hexdump", "od", "xxd"]) expect(run(join(BIN, tool), ["/dev/null"])).toEqual(run(tool, ["/dev/null"]));
    expect(run(join(BIN, "hexdump"), ["-C", "/nonexistent"])).toEqual(run("hexdump", ["-C", "/nonexistent"]));
  });
});
