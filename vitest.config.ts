// Vitest configuration: every suite under tests/, run in forked workers so a
// suite that boots a guest cannot stall another's event loop.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    pool: "forks",
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup-equality.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
