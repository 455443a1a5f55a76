#!/usr/bin/env node
// fuzz.mjs: `npm run fuzz [-- --long] [-- --seed N] [-- --cases N]` runs
// every fuzz suite (tests/**/*fuzz*.test.ts, and the soak) with vitest: by default their
// cheap versions (what npm test runs), with --long their long versions
// (KMEMLAB_FUZZ_LONG=1; each suite prints its counts). --seed and --cases
// set KMEMLAB_FUZZ_SEED and KMEMLAB_FUZZ_CASES for the suites that take them.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--long") env.KMEMLAB_FUZZ_LONG = "1";
  else if ((a === "--seed" || a === "--cases") && /^\d+$/.test(args[i + 1] ?? "")) env[a === "--seed" ? "KMEMLAB_FUZZ_SEED" : "KMEMLAB_FUZZ_CASES"] = args[++i];
  else { process.stderr.write(`fuzz: unknown argument '${a}' (use --long, --seed N, --cases N)\n`); process.exit(2); }
}
const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const r = spawnSync(process.execPath, [vitest, "run", "fuzz", "soak", "--reporter=verbose"], { cwd: root, env, stdio: "inherit" });
process.exit(r.status ?? 3);
