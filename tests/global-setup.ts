/*
 * global-setup.ts: builds the kernel, the user programs and the modules
 * once before any suite runs (make is incremental), so suites that boot
 * the guest can pass --no-build and run in parallel.
 */
import { buildAll } from "../tools/build.ts";
import { ROOT } from "../tools/cli.ts";

export default function setup(): void {
  buildAll(ROOT);
}
