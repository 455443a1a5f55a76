#!/usr/bin/env node
// kmemlab launcher. The TypeScript sources are bundled by esbuild into one
// scope-hoisted ES module (build/kmemlab-cli.mjs) whenever a source file is
// newer than the bundle, then imported. Bundling (rather than a per-module
// TypeScript loader) matters for speed: the interpreter's hot paths then
// reference constants and functions directly instead of through module
// namespace getters. A source that does not compile is one line, status 3.
import { buildBundle } from "./bundle.mjs";
let main;
try {
  ({ main } = await import(await buildBundle()));
} catch (e) {
  process.stderr.write(`kmemlab: cannot build or load the CLI bundle (build/kmemlab-cli.mjs): ${String(e?.message ?? e).split("\n")[0]}\n`);
  process.exit(3);
}
process.exitCode = await main(process.argv);
