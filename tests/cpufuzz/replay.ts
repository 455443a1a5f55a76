/*
 * replay.ts: one cpufuzz record (the 32-byte hex a mismatch names plus its
 * mask and flags words, or as dumped from a batch) again, with the verbose
 * image (every frame word, CR2, the scratch words the stream changed), on
 * kmemlab's interpreter and on QEMU, to read a mismatch:
 *   npx tsx tests/cpufuzz/replay.ts RING RECORD_HEX
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { runKmemlab, HAS_QEMU } from "../bare/harness.ts";
import { QEMU, qemuArgs } from "../../boot/qemu.ts";
import { buildImage, REC } from "./streams.ts";

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
