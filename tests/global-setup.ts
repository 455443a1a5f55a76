/*
 * global-setup.ts: builds the kernel, the user programs and the modules
 * once before any suite runs (make is incremental), so suites that boot
 * the guest can pass --no-build and run in parallel; and the book's debug
 * kernel (configs/book-debug) with its modules, which several suites boot
 * (kasan, ubsan, book-debug, memcheck, kmemleak-book-debug): built here,
 * no two suites run make on its tree at once.
 */
import { buildAll } from "../tools/build.ts";
import { ROOT } from "../tools/cli.ts";
import { buildTree, resolveConfig } from "../tools/kconfigs.ts";

export default function setup(): void {
  buildAll(ROOT);
  buildTree(ROOT, resolveConfig(ROOT, "book-debug"));
}
