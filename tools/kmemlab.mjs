#!/usr/bin/env node
// kmemlab launcher. The TypeScript sources are bundled by esbuild into one
// scope-hoisted ES module (build/kmemlab-cli.mjs) whenever a source file is
// newer than the bundle, then imported. Bundling (rather than a per-module
// TypeScript loader) matters for speed: the interpreter's hot paths then
// reference constants and functions directly instead of through module
// namespace getters.
import { buildBundle } from "./bundle.mjs";
const bundle = await buildBundle();
const { main } = await import(bundle);
process.exitCode = await main(process.argv);
