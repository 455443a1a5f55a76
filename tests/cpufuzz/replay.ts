/*
 * replay.ts: one cpufuzz record (the 32-byte hex a mismatch names plus its
 * mask and flags words, or as dumped from a batch) again, with the verbose
 * image (every frame word, CR2, the scratch words the stream changed), on
 * kmemlab's interpreter and on QEMU, to read a mismatch, and, for a ring-3
 * record on an x86-64 Linux host, natively on the host CPU (native.c,
 * built here with gcc) to see which side hardware takes:
 *   npx tsx tests/cpufuzz/replay.ts RING RECORD_HEX
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { runKmemlab, HAS_QEMU } from "../bare/harness.ts";
import { QEMU, qemuArgs } from "../../boot/qemu.ts";
import { join } from "node:path";
import { buildImage, OUT, REC } from "./streams.ts";

const [ring, hex] = [Number(process.argv[2]), process.argv[3] ?? ""];
if ((ring !== 0 && ring !== 3) || !/^[0-9a-f]{64}$/.test(hex)) {
  process.stderr.write("replay: usage: replay.ts RING RECORD_HEX (32 bytes)\n");
  process.exit(2);
}
const rec = new Uint8Array(Buffer.from(hex, "hex"));
const elf = buildImage(`replay-r${ring}-${createHash("sha1").update(hex).digest("hex").slice(0, 12)}`, rec.subarray(0, REC), ring, true);
const ours = await runKmemlab(elf, "", 50_000_000, "interpreter");
console.log(`kmemlab: ${ours.out.trim()}`);
if (HAS_QEMU) console.log(`qemu:    ${(spawnSync(QEMU, qemuArgs({ kernel: elf }), { encoding: "latin1", timeout: 60_000 }).stdout ?? "").trim()}`);
if (ring === 3 && process.platform === "linux" && process.arch === "x64") {
  const bin = join(OUT, "native");
  const cc = spawnSync("gcc", ["-O1", "-o", bin, join(import.meta.dirname, "native.c")], { encoding: "utf8" });
  if (cc.status !== 0) console.log(`host:    (native.c did not build: ${cc.stderr.trim()})`);
  else console.log((spawnSync(bin, [hex, join(elf, "../pattern.bin")], { encoding: "latin1", timeout: 10_000 }).stdout ?? "").trim());
}
