/*
 * asm.ts: assemble GNU as (AT&T) source into raw bytes for tests, with
 * binutils (`as --64`, `objcopy -O binary`). Results are cached per source
 * text under build/test-asm so repeated runs do not spawn processes.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = join(ROOT, "build", "test-asm");

export function assemble(src: string, bits: 32 | 64 = 64): Uint8Array {
  mkdirSync(CACHE, { recursive: true });
  const key = createHash("sha1").update(bits + "\n" + src).digest("hex");
  const bin = join(CACHE, key + ".bin");
  if (!existsSync(bin)) {
    const obj = join(CACHE, key + ".o");
    execFileSync("as", [bits === 64 ? "--64" : "--32", "-o", obj, "-"], { input: `.code${bits}\n${src}\n` });
    execFileSync("objcopy", ["-O", "binary", "-j", ".text", obj, bin]);
  }
  return new Uint8Array(readFileSync(bin));
}

export function writeFile(path: string, data: Uint8Array): void { writeFileSync(path, data); }
