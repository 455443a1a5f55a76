// Vitest configuration: every suite under tests/, run in forked workers so a
// suite that boots a guest cannot stall another's event loop. At least two
// at a time: vitest's default (CPUs - 1) runs one suite at a time on the
// 2-core machines npm test targets, and each suite is one busy thread, so
// two fill them. The long suites start first (tests/sequencer.ts).
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import LongFirst from "./tests/sequencer.ts";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    pool: "forks",
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongFirst },
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup-equality.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
